import DistrictGen
import Foundation
import Testing

@testable import RenoPlan

/// Work spread over the cores (issue 5) must give exactly what one thread gives.
@Suite("Work on several cores")
struct ConcurrencyTests {
    struct Failure: Error, Equatable { var index: Int }

    @Test func mapKeepsItemOrderWhateverTheThreads() {
        let serial = (0..<10_000).map { $0 * $0 % 7919 }
        for threads in [1, 2, 3, 8] {
            let spread = Concurrent.map(10_000, chunk: 64, threads: threads, worker: { threads }) { _, index in
                index * index % 7919
            }
            #expect(spread == serial, "threads: \(threads)")
        }
    }

    @Test func theLowestFailingIndexIsReported() {
        // With 2 threads and chunks of 128, index 200 (chunk 1) is the second thread's and 300
        // (chunk 2) the first's: whichever fails first in time, 200 is the one reported.
        #expect(throws: Failure(index: 200)) {
            _ = try Concurrent.mapThrowing(2_000, threads: 2, worker: {}) { _, index in
                if index == 200 || index == 300 || index == 1_500 { throw Failure(index: index) }
                return index
            }
        }
    }

    /// Euclidean neighbours on a generated district large enough to be split over threads, against
    /// a plain GEOS distance for every estate–facility pair: every pair within the radius, in
    /// facility order, then for each kind an estate lacks, its nearest facility up to 1.5 × radius.
    @Test func euclideanNeighboursMatchEveryPairMeasured() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("renoplan-concurrency-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = DistrictGenerator(estates: 1_200, seed: 11).generate()
        try generated.write(to: folder)
        let scenarioURL = folder.appendingPathComponent("scenario.yaml")
        try """
            name: concurrency
            geodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson}
            crs: EPSG:4547
            horizon: {start: 2025, years: 2}
            budget: {annual_yuan: 1e8}

            """.write(to: scenarioURL, atomically: true, encoding: .utf8)
        let district = try District.load(try Scenario.load(from: scenarioURL))
        let kinds = Array(Set(district.facilities.map(\.kind))).sorted()
        let groups: [Int?] = district.facilities.map { kinds.firstIndex(of: $0.kind) }
        let radius = 500.0, far = 750.0
        let found = try EuclideanDistance(district: district).neighbors(
            of: district.facilityGeometries, within: radius, nearestOf: groups, within: far)

        #expect(found.count == district.estates.count)
        var pairs = 0, farOnes = 0
        for e in district.estates.indices {
            let distances = try district.facilityGeometries.map {
                try district.estateGeometries[e].geometry.distance(to: $0)
            }
            let near = distances.indices.filter { distances[$0] <= radius }
            let got = found[e]
            #expect(got.prefix(near.count).map { $0.target } == near, "estate \(e)")
            for neighbor in got { #expect(abs(neighbor.meters - distances[neighbor.target]) < 1e-6) }
            var expectedFar: [Int] = []
            for (kind, _) in kinds.enumerated() where !near.contains(where: { groups[$0] == kind }) {
                let ofKind = distances.indices.filter { groups[$0] == kind && distances[$0] <= far }
                if let nearest = ofKind.min(by: { (distances[$0], $0) < (distances[$1], $1) }) {
                    expectedFar.append(nearest)
                }
            }
            #expect(got.dropFirst(near.count).map(\.target).sorted() == expectedFar.sorted(), "estate \(e)")
            pairs += near.count
            farOnes += expectedFar.count
        }
        // The check means something: many pairs, and some kinds found only beyond the radius.
        #expect(pairs > 10 * district.estates.count)
        #expect(farOnes > 0)
    }
}
