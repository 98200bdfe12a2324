import Foundation
import Testing

@testable import RenoPlan

/// The greedy fill's neighbourhoods, searched on the second core while the LP relaxation runs
/// (docs/solver.md, *During the relaxation*).
@Suite("Searches during the LP relaxation")
struct DuringRelaxationTests {
    /// A relaxation that does not finish in its share of the limit (here none: no simplex
    /// iteration on a 2,000-estate model with funding sources) leaves the greedy fill,
    /// improved by the searches during it. The fill is made here on its own (the one pass the
    /// solver's fallback makes on a city-sized model); the plan must meet every row and be
    /// worth more.
    @Test func aRelaxationOutOfTimeLeavesTheSearchedFill() throws {
        let district = try GeneratedDistrict(estates: 2_000, seed: 2025)
        defer { district.remove() }
        let scenario = try district.scenario(
            """
            horizon: {start: 2025, years: 4}
            funding:
              - {source: central_subsidy, annual_yuan: [5e8, 5e8, 6e8, 6e8], covers: [basic], only_core: true, per_household_yuan: 15000}
              - {source: special_bonds, annual_yuan: [1e8, 1e8, 1e8, 1e8], covers: [sites]}
              - {source: local_budget, annual_yuan: [5e8, 5e8, 6e8, 6e8], covers: [basic, improve, sites]}
            levels:
              improve: {per_m2: 150, weight: 0.45}
            capacity: {households_per_year: 64000}
            report: {language: en}

            """, name: "during the relaxation")
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let model = PlanModel(analysis: analysis)
        try #require(model.program.columns.filter(\.isInteger).count > GLPKSolver.largeModelIntegerColumns, "a city-sized model")
        let start = StartingPlan(model: model, scenario: analysis.scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        let result = try GLPKSolver.solve(
            model.program, timeLimitSeconds: 20, mipGap: 1e-3,
            startingPlan: { relaxation, deadline in start.solve(relaxation: relaxation, deadline: deadline) },
            neighbourhoods: { model.neighbourhoods(incumbent: $0, clusters: analysis.clusters) },
            pairedNeighbourhoods: true, relaxationShare: 0)
        #expect(result.returnCode == GLPKSolver.relaxationOutOfTime)
        let greedy = try #require(start.solve(relaxation: [Double](repeating: 0, count: model.program.columns.count), deadline: Date()))
        #expect(model.program.isFeasible(result.values), "\(model.program.violations(of: result.values).prefix(3).map(\.row.name))")
        let value = try #require(result.objective)
        #expect(abs(model.program.objective(of: result.values) - value) <= 1e-6 * value)
        #expect(value > model.program.objective(of: greedy) * (1 + 1e-6), "\(value) against the greedy fill's \(model.program.objective(of: greedy))")
        #expect(result.milestones.contains { $0.stage == "neighbourhood" }, "\(result.milestones.map { "\($0.stage) \($0.elapsedSeconds)" })")
        #expect(result.log.contains("during the LP relaxation"))
    }
}
