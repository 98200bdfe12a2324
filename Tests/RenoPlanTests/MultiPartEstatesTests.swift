import Foundation
import Testing

@testable import RenoPlan

/// An estate drawn as several polygons with one id (``MultiPartEstates``).
@Suite("Estates of several parts")
struct MultiPartEstatesTests {
    /// A is two squares, [0,100]² and [200,300]×[0,100] (features #0 and #2, the same
    /// properties, a 100 m road between them); B is [600,700]×[0,100]. A kindergarten at
    /// (350, 50) is 50 m from A's second part and 250 m from its first; 250 m from B. A is one
    /// estate of 20,000 m², nearest the kindergarten through its second part.
    @Test func partsWithTheSamePropertiesAreOneEstate() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0)),
                TestGeo.estate("B", TestGeo.rect(600, 0)),
                TestGeo.estate("A", TestGeo.rect(200, 0)),
            ],
            facilities: [TestGeo.facility("F1", "kindergarten", 350, 50)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n")
        let analysis = try district.analyse()
        #expect(analysis.district.estates.map(\.id) == ["A", "B"])
        let a = analysis.index("A"), b = analysis.index("B")
        #expect(abs(try analysis.district.estateGeometries[a].geometry.area() - 20_000) < 1e-6)
        #expect(abs(analysis.coverage.nearestMeters[a]["kindergarten"]! - 50) < 1e-9)
        #expect(abs(analysis.coverage.nearestMeters[b]["kindergarten"]! - 250) < 1e-9)
        #expect(analysis.district.warnings.map(\.description).contains(
            "estates.geojson: 1 estate is drawn as several polygons with the same id and properties (A: features #0, #2): "
                + "each read as one estate of several parts"))
    }

    /// Parts that differ in a property are not merged: the id error says why and what to do.
    @Test func partsThatDifferAreAnError() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("A", TestGeo.rect(1000, 0), households: 120)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n")
        let invalid = #expect(throws: InvalidInput.self) { try district.analyse() }
        #expect(invalid?.messages == [
            "estates.geojson: feature #1 (A): id A is used again (first by feature #0)" + Self.hint,
        ])
    }

    static let hint = ": features with one id are read as one estate of several parts only when every property is the "
        + "same and the parts lie within 300 m of each other; if they are one estate, give them the same properties (or "
        + "dissolve them into one MultiPolygon by id: QGIS 融合/Dissolve), else one of the ids is mistyped"

    /// The same properties but 900 m apart (a mistyped id, the reserve library's row joined to
    /// both): not one estate. 250 m apart: one. In lon/lat as in metres.
    @Test func partsFarApartAreAnError() throws {
        for gap in [900.0, 250.0] {
            let district = TestDistrict(
                estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("A", TestGeo.rect(100 + gap, 0))],
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n")
            if gap > 300 {
                let invalid = #expect(throws: InvalidInput.self) { try district.analyse() }
                #expect(invalid?.messages == ["estates.geojson: feature #1 (A): id A is used again (first by feature #0)" + Self.hint])
            } else {
                #expect(try district.analyse().district.estates.count == 1)
            }
        }
        // Degrees: 0.001° of longitude at 30.5° is about 96 m, so 0.01° is about 960 m.
        func lonLat(_ lon: Double) -> Shape { .polygon([[Point2(x: lon, y: 30.5), Point2(x: lon + 0.001, y: 30.5),
            Point2(x: lon + 0.001, y: 30.501), Point2(x: lon, y: 30.501), Point2(x: lon, y: 30.5)]]) }
        #expect(!MultiPartEstates.together([lonLat(114), lonLat(114.011)]))
        #expect(MultiPartEstates.together([lonLat(114), lonLat(114.003)]))
        // A chain: each part near the next, the ends 600 m apart.
        func square(_ x: Double) -> Shape { .polygon([[Point2(x: x, y: 0), Point2(x: x + 100, y: 0), Point2(x: x + 100, y: 100),
            Point2(x: x, y: 100), Point2(x: x, y: 0)]]) }
        #expect(MultiPartEstates.together([square(500_000), square(500_700), square(500_350)]))
        #expect(!MultiPartEstates.together([square(500_000), square(500_700)]))
    }
}
