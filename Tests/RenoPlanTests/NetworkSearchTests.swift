import Foundation
import Testing

@testable import RenoPlan

/// The combined, early-stopping walk search coverage uses (``NetworkDistance/neighbors(_:)``),
/// against plain searches to the full radius, one per target set.
@Suite("Network search")
struct NetworkSearchTests {
    /// On the demo network (300 estates, 131 facilities, 50 sites, a rail line crossed at
    /// bridges): facilities within 1,000 m and the nearest of each kind within 1,500 m, and sites
    /// within 1,000 m, from one search per estate that stops once nothing farther can matter,
    /// equal what full searches find (every target within 1,500 m, then filtered).
    @Test func oneStoppingSearchEqualsFullSearches() throws {
        let root = EndToEndTests.root.appendingPathComponent("scenarios")
        let walk = try Pipeline.analyse(scenarioAt: root.appendingPathComponent("demo-network.yaml"))
        let network = try #require(walk.network)
        let district = walk.district
        let kinds = Array(Set(district.facilities.map(\.kind))).sorted()
        let groups: [Int?] = district.facilities.map { kinds.firstIndex(of: $0.kind) }
        let combined = try network.neighbors([
            TargetSearch(targets: district.facilityGeometries, radius: 1000, groups: groups, farRadius: 1500),
            TargetSearch(targets: district.siteGeometries, radius: 1000),
        ])
        let allFacilities = try network.neighbors(of: district.facilityGeometries, within: 1500)
        let allSites = try network.neighbors(of: district.siteGeometries, within: 1500)
        var farOnes = 0
        for e in district.estates.indices {
            // By hand from the full lists: all within 1,000 m, plus per missing kind the nearest.
            let near = allFacilities[e].filter { $0.meters <= 1000 }
            var expected = near
            for (g, _) in kinds.enumerated() where !near.contains(where: { groups[$0.target] == g }) {
                let nearest = allFacilities[e].filter { groups[$0.target] == g }
                    .min { ($0.meters, $0.target) < ($1.meters, $1.target) }
                if let nearest { expected.append(nearest) }
            }
            farOnes += expected.count - near.count
            let sortedExpected = near + expected.dropFirst(near.count).sorted { $0.target < $1.target }
            #expect(combined[0][e] == sortedExpected, "estate \(district.estates[e].id)")
            #expect(combined[1][e] == allSites[e].filter { $0.meters <= 1000 }, "estate \(district.estates[e].id)")
        }
        #expect(farOnes > 10)  // the far search matters on this district
        #expect(combined[0].joined().count < allFacilities.joined().count)  // and it stopped early
    }

    /// The contracted network (plain street vertices taken out) gives every kept node exactly the
    /// distance, to the last bit, that a search on the whole network gives it, from every estate's
    /// gates on the demo, and takes out a good share of the nodes.
    @Test func contractionKeepsEveryDistanceExactly() throws {
        let root = EndToEndTests.root.appendingPathComponent("scenarios")
        let walk = try Pipeline.analyse(scenarioAt: root.appendingPathComponent("demo-network.yaml"))
        let source = try #require(walk.network)
        let network = source.network
        var keep = (0..<network.nodes.count).map { network.edgeStart[$0 + 1] - network.edgeStart[$0] != 2 }
        for gates in source.gates { for gate in gates { keep[gate.node] = true } }
        #expect(keep.filter { !$0 }.count > network.nodes.count / 10)
        var full = ShortestPaths(network)
        var contracted = ShortestPaths(network.contracted(keeping: keep))
        var compared = 0
        for gates in source.gates {
            var expected: [Int: Double] = [:]
            full.run(from: gates, cutoff: 1500) { (node: Int, meters: Double) -> Void in if keep[node] { expected[node] = meters } }
            var got: [Int: Double] = [:]
            contracted.run(from: gates, cutoff: 1500) { (node: Int, meters: Double) -> Void in got[node] = meters }
            #expect(got == expected)
            compared += expected.count
        }
        #expect(compared > 10_000)
    }
}
