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

    /// Each closure's own result, in place; on two cores or more the two run at the same time:
    /// each lets the other go on only after it has started, which run in turn would wait out.
    @Test func aPairRunsAtOnceAndKeepsItsResults() {
        let (firstIn, secondIn) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let (first, second) = Concurrent.pair(
            { () -> (String, Bool) in
                firstIn.signal()
                return ("first", secondIn.wait(timeout: .now() + 5) == .success)
            },
            { () -> (Int, Bool) in
                secondIn.signal()
                return (2, firstIn.wait(timeout: .now() + 5) == .success)
            })
        #expect(first.0 == "first")
        #expect(second.0 == 2)
        // In turn, the first waits for a second that has not started: it times out.
        #expect(first.1 == (Concurrent.threads > 1))
        #expect(second.1)
    }

    /// jansson's memory comes from an arena per document (``JanssonArena``), chosen by the
    /// parsing thread: documents parsed on several threads at once, some of them not JSON, read
    /// back exactly what each parsed alone reads, also after the others are gone.
    @Test func documentsParsedAtOnceEachKeepTheirOwnValues() throws {
        func text(_ i: Int) -> String {
            i % 5 == 4
                ? "{\"id\": \(i), \"broken\": [1, 2"
                : "{\"id\": \(i), \"name\": \"小区\(i)\", \"xs\": [\((0..<(50 + i)).map { "\($0).5" }.joined(separator: ","))], \"o\": {\"k\": null}}"
        }
        func read(_ i: Int) -> JSONValue? {
            (try? JSONDocument(parsing: Data(text(i).utf8)))?.withRoot { $0.value }
        }
        let alone = (0..<40).map(read)
        #expect(alone.compactMap { $0 }.count == 32)
        let documents = Concurrent.map(40, chunk: 1, threads: 4, worker: {}) { _, i in
            try? JSONDocument(parsing: Data(text(i).utf8))
        }
        #expect(documents.map { $0?.withRoot { $0.value } } == alone)
        // Half of them gone: the rest still read the same.
        let kept = documents.enumerated().map { $0.offset % 2 == 0 ? $0.element : nil }
        #expect(kept.enumerated().allSatisfy { i, document in
            document == nil || document!.withRoot { $0.value } == alone[i]
        })
        if case .object(let first)? = alone[1] { #expect(first["xs"]?.arrayValue?.count == 51) } else { Issue.record("not an object") }
    }

    /// Euclidean neighbours on a generated district large enough to be split over threads, against
    /// a plain GEOS distance for every estate–facility pair: every pair within the radius, in
    /// facility order, then for each kind an estate lacks, its nearest facility up to 1.5 × radius.
    @Test func euclideanNeighboursMatchEveryPairMeasured() throws {
        let folder = TestFolders.fresh("renoplan-concurrency")
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
        let distances = try district.estates.indices.map { e in
            try district.facilityGeometries.map { try district.estateGeometries[e].geometry.distance(to: $0) }
        }
        let source = EuclideanDistance(district: district)

        /// Checks `found` against every pair measured, with each kind wanted within `limit[kind]`.
        func check(_ found: [[Neighbor]], limit: [Double]) -> (pairs: Int, far: Int) {
            #expect(found.count == district.estates.count)
            var pairs = 0, farOnes = 0
            for e in district.estates.indices {
                let distances = distances[e]
                let near = distances.indices.filter { distances[$0] <= limit[groups[$0]!] }
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
            return (pairs, farOnes)
        }

        let all = check(
            try source.neighbors(of: district.facilityGeometries, within: radius, nearestOf: groups, within: far),
            limit: kinds.map { _ in radius })
        // The check means something: many pairs, and some kinds found only beyond the radius.
        #expect(all.pairs > 10 * district.estates.count)
        #expect(all.far > 0)

        // Each kind only as far as its own radius (as coverage asks: kindergartens within 300 m):
        // the nearest of a kind with none that close is still found, in widening windows.
        let limit = kinds.indices.map { [150.0, 300, 500][$0 % 3] }
        let byKind = check(
            try source.neighbors([
                TargetSearch(
                    targets: district.facilityGeometries, radius: radius, groups: groups, farRadius: far, groupRadius: limit)
            ])[0],
            limit: limit)
        #expect(byKind.pairs < all.pairs)
        #expect(byKind.far > all.far)
    }
}
