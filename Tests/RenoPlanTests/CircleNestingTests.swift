import Foundation
import Testing

@testable import RenoPlan

/// Walking circles nest: each tier's area in `circles.geojson` holds the smaller tiers' (a
/// tester found the 10-minute circle leaving out part of the 5-minute one at 255 of 285 estates:
/// concave hulls of growing point sets need not nest).
@Suite("Walking circles nest")
struct CircleNestingTests {
    @Test func eachTierHoldsTheSmallerOnes() throws {
        let district = try GeneratedDistrict(estates: 150, seed: 5)
        defer { district.remove() }
        let url = try district.scenario("horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e8]}\n", name: "nesting", walking: true)
        let analysis = try Pipeline.analyse(scenarioAt: url)
        let features = try JSONIO.decode(CircleWriter.data(analysis))["features"]!.arrayValue!
        // Each circle back in metres, by estate and minutes.
        var circles: [String: [(minutes: Double, area: Geometry)]] = [:]
        for feature in features {
            let shape = try JSONDocument(parsing: JSONIO.encode(feature["geometry"]!)).withRoot { geometry in
                try parseShape(geometry["type"]!.stringValue!, geometry["coordinates"]!)
            }
            let metres = shape.replacingPoints(try analysis.district.toLonLat.inverse(shape.allPoints))
            let id = feature["properties"]!["id"]!.stringValue!
            circles[id, default: []].append((feature["properties"]!["minutes"]!.numberValue!, try Geometry(metres, in: analysis.district.geos)))
        }
        #expect(circles.count == analysis.district.estates.count)
        var outside: [String] = []
        for (id, tiers) in circles.sorted(by: { $0.key < $1.key }) {
            let sorted = tiers.sorted { $0.minutes < $1.minutes }
            for (inner, outer) in zip(sorted, sorted.dropFirst()) {
                // Inside when joining it to the larger area adds nothing, but for the round trip
                // of both outlines through lon/lat at 7 decimals (a centimetre along them).
                let added = try outer.area.union(with: inner.area).area() - outer.area.area()
                if added > max(5, 1e-4 * (try inner.area.area())) { outside.append("\(id): \(Int(inner.minutes)) min sticks out of \(Int(outer.minutes)) min by \(Int(added)) m²") }
            }
        }
        #expect(outside.isEmpty, "\(outside.prefix(5)) (\(outside.count) in all)")
    }
}
