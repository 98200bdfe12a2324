import Foundation
import Testing

@testable import RenoPlan

/// The greedy fill's second order, with the space a cluster's norms need (docs/solver.md, *A
/// pass that counts the space*).
struct SpaceInFillTests {
    /// Three estates of 300 households (786 people), one year of 2 million yuan, each renovation
    /// 1 million. A (built 1975, the most value per yuan of renovation) has no elderly care within
    /// reach: its 0.1 m²/person needs 78.6 m² on the one site near it (at 10,000 yuan/m², nobody
    /// else within its reach), 786,000 yuan. B and C (built 1995, three quarters of its score) share a large centre and need no
    /// space. By hand: A with its space costs 1.786 million and leaves no room for B or C, while B
    /// and C fit together; each alone is worth more than half of A, so {B, C} is the best plan.
    /// The renovation-only order takes A first and ends there; the one pass must find {B, C}.
    @Test func aClusterWhoseSpaceCostsMostGoesAfterThoseThatNeedNone() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 300, built: 1975),
                TestGeo.estate("B", TestGeo.rect(5000, 0), households: 300, built: 1995),
                TestGeo.estate("C", TestGeo.rect(5300, 0), households: 300, built: 1995),
            ],
            facilities: [TestGeo.facility("F", "elderly_care", 5150, 50, capacity: 1000)],
            sites: [TestGeo.site("S", 50, 300, area: 1000, costPerM2: 10_000)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: 2.0e6}\n"
                + "norms: [{kind: elderly_care, m2_per_person: 0.1, within: 15}]\n" + ageOnlyScore)
        let analysis = try district.analyse()
        let ids = analysis.district.estates.map(\.id)
        let value = Dictionary(uniqueKeysWithValues: analysis.clusters.map { (ids[$0.members[0]], $0.value) })
        // The premises, by hand.
        #expect(analysis.clusters.count == 3)
        #expect(value["A"]! > value["B"]! && value["B"]! == value["C"]! && 2 * value["B"]! > value["A"]!, "\(value)")

        let model = PlanModel(analysis: analysis)
        let start = StartingPlan(model: model, scenario: analysis.scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        func planned(_ plan: [Double]) -> Set<String> {
            Set(analysis.clusters.indices.filter { plan[model.clusterColumns[$0][0]] > 0.5 }.map { ids[analysis.clusters[$0].members[0]] })
        }
        let byRenovation = analysis.clusters.indices.sorted { analysis.clusters[$0].valuePerYuan > analysis.clusters[$1].valuePerYuan }
        let renovationOnly = try #require(start.pass(byRenovation.map { .cluster(StartingPlan.Try(cluster: $0, years: [0])) }))
        #expect(planned(renovationOnly) == ["A"])
        let plan = try #require(start.onePass(relaxation: [Double](repeating: 0, count: model.program.columns.count)))
        #expect(model.program.isFeasible(plan))
        #expect(planned(plan) == ["B", "C"])
        #expect(abs(model.program.objective(of: plan) - value["B"]! - value["C"]!) < 1e-6)
    }

    /// A few items on two threads come back in index order.
    @Test func fewItemsInOrder() {
        for count in 0..<7 { #expect(Concurrent.few(count) { $0 * $0 } == (0..<count).map { $0 * $0 }) }
    }
}
