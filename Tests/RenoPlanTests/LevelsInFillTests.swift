import Foundation
import Testing

@testable import RenoPlan

/// The greedy fill with optional levels (docs/solver.md, *Levels in the greedy fill*).
struct LevelsInFillTests {
    /// One budget pays everything and both levels are worth more per yuan than the works (the
    /// demo's rates): a plan that keeps money back for the levels of the clusters it takes is
    /// worth more than one that fills the budget with clusters first. The one pass (as a city's
    /// fallback makes it, no LP) must meet every row and beat the plan of clusters first, then
    /// the levels the money left allows, made here from the same pass's steps.
    @Test func levelsWorthMorePerYuanGoWithTheirClusters() throws {
        let district = try GeneratedDistrict(estates: 1_000, seed: 51)
        defer { district.remove() }
        let scenario = try district.scenario(
            """
            horizon: {start: 2025, years: 4}
            budget: {annual_yuan: 1.1e9}
            levels:
              improve: {per_m2: 150, weight: 0.45}
              upgrade: {per_m2: 100, weight: 0.30}

            """, name: "levels in the fill")
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let model = PlanModel(analysis: analysis)
        let start = StartingPlan(model: model, scenario: analysis.scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        let zeros = [Double](repeating: 0, count: model.program.columns.count)
        let plan = try #require(start.onePass(relaxation: zeros))
        #expect(model.program.isFeasible(plan), "\(model.program.violations(of: plan).prefix(3).map(\.row.name))")
        // Clusters first in value-per-yuan order, each in its first year that fits; levels after.
        let order = analysis.clusters.indices.sorted { a, b in
            let (ra, rb) = (analysis.clusters[a].valuePerYuan, analysis.clusters[b].valuePerYuan)
            return ra != rb ? ra > rb : a < b
        }
        let clustersFirst = try #require(start.pass(order.map { .cluster(StartingPlan.Try(cluster: $0, years: Array(0..<4))) }))
        #expect(model.program.isFeasible(clustersFirst))
        let (value, before) = (model.program.objective(of: plan), model.program.objective(of: clustersFirst))
        #expect(value > before * 1.02, "\(value) against clusters first \(before)")
        #expect(model.levelColumns.contains { plan[$0.column] > 0.5 })
    }
}
