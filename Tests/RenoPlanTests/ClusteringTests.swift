import Foundation
import Testing

@testable import RenoPlan

@Suite("Clusters (SPEC §6)")
struct ClusteringTests {
    /// A [0,100], B [110,210] (10 m gap ≤ 20: neighbours), C [300,400] (90 m from B: alone).
    @Test func neighboursWithinAdjacency() throws {
        let analysis = try TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0)),
                TestGeo.estate("B", TestGeo.rect(110, 0)),
                TestGeo.estate("C", TestGeo.rect(300, 0)),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n"
        ).analyse()
        let members = analysis.clusters.map { $0.members.map { analysis.district.estates[$0].id } }
        #expect(members == [["A", "B"], ["C"]])
        #expect(analysis.clusters.map(\.id) == ["C001", "C002"])
        #expect(analysis.clusters[0].households == 200)
    }

    /// A–B–D form a chain of 600-household estates (1,800 in all) above max_households 1,500:
    /// from A, B joins (1,200); D would make 1,800, so D starts its own part.
    @Test func splitsLargeComponentsIntoConnectedParts() throws {
        let analysis = try TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 600),
                TestGeo.estate("B", TestGeo.rect(110, 0), households: 600),
                TestGeo.estate("D", TestGeo.rect(220, 0), households: 600),
                TestGeo.estate("Big", TestGeo.rect(330, 0), households: 2000),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\nclustering: {max_households: 1500}\n"
        ).analyse()
        let members = analysis.clusters.map { $0.members.map { analysis.district.estates[$0].id } }
        #expect(members == [["A", "B"], ["Big"], ["D"]])
    }

    /// A lock on one estate locks its cluster (SPEC §12): L, 10 m from B, joins A–B and holds the
    /// whole cluster to 2025; non-schedulable estates are in no cluster; linked saving applies to
    /// clusters of two or more.
    @Test func lockHoldsItsClusterAndSaving() throws {
        let analysis = try TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), cost: 1_000_000),
                TestGeo.estate("B", TestGeo.rect(110, 0), cost: 3_000_000, extra: ["resident_yuan": 500_000]),
                TestGeo.estate("L", TestGeo.rect(220, 0)),
                TestGeo.estate("N", TestGeo.rect(330, 0), extra: ["consent": 0.5]),
                TestGeo.estate("S", TestGeo.rect(600, 0)),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\nlocks: {L: 2025}\nclustering: {linked_saving: 0.1}\n"
        ).analyse()
        let members = analysis.clusters.map { $0.members.map { analysis.district.estates[$0].id } }
        #expect(members == [["A", "B", "L"], ["S"]])
        #expect(analysis.clusterOfEstate[analysis.index("N")] == nil)
        // N_c = 0.9 × (1,000,000 + 3,000,000 − 500,000 + 1,000,000) = 4,050,000.
        #expect(abs(analysis.clusters[0].netCostYuan - 4_050_000) < 1e-6)
        #expect(analysis.clusters[0].lockedYear == 2025)
        #expect(analysis.clusters[1].lockedYear == nil)
        #expect(analysis.clusters[1].netCostYuan == 1_000_000)
    }

    /// Locks that put two estates of one cluster in different years are an error naming both,
    /// at the lock's line; a lock on each of two neighbours to the same year is fine.
    @Test func locksThatSplitAClusterAreAnError() throws {
        let estates = [
            TestGeo.estate("A", TestGeo.rect(0, 0)),
            TestGeo.estate("B", TestGeo.rect(110, 0)),
            TestGeo.estate("C", TestGeo.rect(220, 0)),
        ]
        let base = "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 1e7]}\n"
        let invalid = #expect(throws: InvalidInput.self) {
            try TestDistrict(estates: estates, scenario: base + "locks:\n  A: 2025\n  C: 2026\n").analyse()
        }
        let message = invalid?.description ?? ""
        #expect(message.contains("locks.C"))
        #expect(message.contains("C is locked to 2026 but A (line 7) is locked to 2025"))
        #expect(message.contains("scenario.yaml:8:"))
        let same = try TestDistrict(estates: estates, scenario: base + "locks:\n  A: 2026\n  C: 2026\n").analyse()
        #expect(same.clusters.count == 1)
        #expect(same.clusters[0].lockedYear == 2026)
    }
}
