import Foundation
import Testing

@testable import RenoPlan

/// The top-up of a city's starting plan (docs/solver.md, *Topping up*).
struct TopUpTests {
    /// Three estates of 300 households (786 people), one year of 3 million yuan. A (built 1975)
    /// has no elderly care within reach: its 0.1 m²/person needs 78.6 m² on the one site near it
    /// (10,000 yuan/m²); B and C (built 1995, the same value) share a large centre and need no
    /// space; A's renovation costs 1 million, B's 1 million, C's 0.5 million.
    ///
    /// The plan: A, with 200 m² built where 78.6 m² would do (2 million yuan), so nothing is
    /// left. By hand: untidied, nothing fits (0 left); tidied, the site costs 786,000 yuan and
    /// 1.214 million are left; the top-up takes C first (more value per yuan), then 714,000 yuan
    /// are left and B (1 million) no longer fits: {A, C}, with A's 78.6 m² kept.
    @Test func theMoneyATidiedPlanLeavesIsSpent() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 300, built: 1975, cost: 1_000_000),
                TestGeo.estate("B", TestGeo.rect(5000, 0), households: 300, built: 1995, cost: 1_000_000),
                TestGeo.estate("C", TestGeo.rect(5300, 0), households: 300, built: 1995, cost: 500_000),
            ],
            facilities: [TestGeo.facility("F", "elderly_care", 5150, 50, capacity: 1000)],
            sites: [TestGeo.site("S", 50, 300, area: 1000, costPerM2: 10_000)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: 3.0e6}\n"
                + "norms: [{kind: elderly_care, m2_per_person: 0.1, within: 15}]\n" + ageOnlyScore)
        let analysis = try district.analyse()
        let ids = analysis.district.estates.map(\.id)
        let cluster = Dictionary(uniqueKeysWithValues: analysis.clusters.indices.map { (ids[analysis.clusters[$0].members[0]], $0) })
        #expect(analysis.clusters.count == 3)
        let model = PlanModel(analysis: analysis)
        let program = model.program
        let start = StartingPlan(model: model, scenario: analysis.scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        let site = try #require(model.siteColumns.first)
        #expect(model.siteColumns.count == 1)
        func planned(_ plan: [Double]) -> Set<String> {
            Set(analysis.clusters.indices.filter { plan[model.clusterColumns[$0][0]] > 0.5 }.map { ids[analysis.clusters[$0].members[0]] })
        }
        var plan = [Double](repeating: 0, count: program.columns.count)
        plan[model.clusterColumns[cluster["A"]!][0]] = 1
        plan[site.column] = 200
        #expect(program.isFeasible(plan), "\(program.violations(of: plan).map(\.row.name))")

        #expect(start.toppedUp(plan, relaxation: nil) == nil)
        let tidied = try GLPKSolver.tidied(plan, program: program, secondary: model.siteCostObjective(sites: analysis.district.sites))
        #expect(abs(tidied[site.column] - 78.6) < 1e-6, "\(tidied[site.column])")
        let topped = try #require(start.toppedUp(tidied, relaxation: nil))
        #expect(program.isFeasible(topped))
        #expect(planned(topped) == ["A", "C"])
        #expect(abs(topped[site.column] - 78.6) < 1e-6)
        let value = { (id: String) in analysis.clusters[cluster[id]!].value }
        #expect(abs(program.objective(of: topped) - value("A") - value("C")) < 1e-6)
    }

    /// A generated district of 1,000 estates (no norms, four years): the one pass's plan with
    /// every other planned cluster taken out where the plan stays feasible. The topped-up plan
    /// must meet every row, keep each remaining cluster in its year, be worth more, and leave no
    /// cluster out that would fit alone in some year with the rest as it is (checked against the
    /// model's rows, not the pass's), save one with extended households, which the cap may have
    /// refused before core households joined its year.
    @Test func aThinnedPlanIsFilledUntilNothingFits() throws {
        let district = try GeneratedDistrict(estates: 1_000, seed: 17)
        defer { district.remove() }
        let scenario = try district.scenario(
            "horizon: {start: 2025, years: 4}\nbudget: {annual_yuan: 1.1e9}\nnorms: []\n", name: "top-up")
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let model = PlanModel(analysis: analysis)
        let program = model.program
        let start = StartingPlan(model: model, scenario: analysis.scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        let zeros = [Double](repeating: 0, count: program.columns.count)
        var plan = try #require(start.onePass(relaxation: zeros))
        let yearOf = { (plan: [Double], c: Int) in model.clusterColumns[c].firstIndex { plan[$0] > 0.5 } }
        var removed = 0
        for c in analysis.clusters.indices where yearOf(plan, c) != nil && c % 2 == 0 {
            let column = model.clusterColumns[c][yearOf(plan, c)!]
            plan[column] = 0
            if program.isFeasible(plan) { removed += 1 } else { plan[column] = 1 }
        }
        #expect(removed > 20, "\(removed) clusters taken out")
        // (Not #require: its message would print every column of both plans.)
        guard let topped = start.toppedUp(plan, relaxation: nil) else {
            Issue.record("the top-up found nothing after \(removed) clusters were taken out")
            return
        }
        #expect(program.isFeasible(topped), "\(program.violations(of: topped).prefix(3).map(\.row.name))")
        #expect(program.objective(of: topped) > program.objective(of: plan))
        for c in analysis.clusters.indices where yearOf(plan, c) != nil { #expect(yearOf(topped, c) == yearOf(plan, c)) }
        var fitting: [Int] = []
        for c in analysis.clusters.indices where yearOf(topped, c) == nil && analysis.clusters[c].lockedYear == nil {
            for column in model.clusterColumns[c] {
                var trial = topped
                trial[column] = 1
                if program.isFeasible(trial) { fitting.append(c) }
            }
        }
        #expect(fitting.allSatisfy { analysis.clusters[$0].extendedHouseholds > 0 }, "\(fitting.count) clusters would still fit")
        #expect(fitting.count < 5, "\(fitting.count) clusters would still fit")
    }
}
