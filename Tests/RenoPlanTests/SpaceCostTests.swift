import Testing

@testable import RenoPlan

/// What a reserve cluster's new space would cost beside a plan, worked by hand (docs/solver.md,
/// *Which reserve clusters a neighbourhood takes*).
///
/// Cluster 0's estate lacks 0.05 m²/person. A small site of 100 m² gives 2e-4 m²/person per m² at
/// 3,000 yuan/m² (1.5e7 yuan per m²/person); a large one of 1,000 m² gives 1e-4 at 2,000 yuan/m²
/// (2e7 yuan per m²/person), so the small site is the cheaper way to the norm, the large one the
/// rest. Cluster 1 has no norm row. Columns: 0 and 1 = the small site's space in two years, 2 =
/// the large site's.
struct SpaceCostTests {
    let cost = SpaceCost(needsOfCluster: [
        [SpaceCost.Need(shortfall: 0.05, options: [
            SpaceCost.Option(site: .init(area: 1_000, perM2: 1e-4, columns: [2]), costPerM2: 2_000),
            SpaceCost.Option(site: .init(area: 100, perM2: 2e-4, columns: [0, 1]), costPerM2: 3_000),
        ])],
        [],
    ])

    /// Nothing built: the small site whole (0.02 for 300,000 yuan), then 300 m² of the large one
    /// (0.03 for 600,000): 900,000 yuan.
    @Test func cheapestSpaceFirst() {
        #expect(abs(cost.extra(cluster: 0, plan: [0, 0, 0]) - 900_000) < 1e-6)
    }

    /// With 40 m² of the small site built over its two years (0.008): the other 60 m² (180,000
    /// yuan) and 300 m² of the large site (600,000): 780,000 yuan.
    @Test func countsTheSpaceThePlanBuilds() {
        #expect(abs(cost.extra(cluster: 0, plan: [25, 15, 0]) - 780_000) < 1e-6)
    }

    /// The plan's space already meets the norm (the small site full and 300 m² of the large one):
    /// nothing more; a cluster with no norm row: nothing.
    @Test func nothingWhereTheSpaceIsThere() {
        #expect(cost.extra(cluster: 0, plan: [60, 40, 300]) == 0)
        #expect(cost.extra(cluster: 1, plan: [0, 0, 0]) == 0)
    }

    /// Both sites full give 0.02 + 0.1 = 0.12 m²/person: a shortfall of 0.2 cannot be met.
    @Test func unreachableIsInfinite() {
        let short = SpaceCost(needsOfCluster: [[SpaceCost.Need(shortfall: 0.2, options: [
            SpaceCost.Option(site: .init(area: 100, perM2: 2e-4, columns: [0]), costPerM2: 3_000),
            SpaceCost.Option(site: .init(area: 1_000, perM2: 1e-4, columns: [1]), costPerM2: 2_000),
        ])]])
        #expect(short.extra(cluster: 0, plan: [0, 0]) == .infinity)
    }
}
