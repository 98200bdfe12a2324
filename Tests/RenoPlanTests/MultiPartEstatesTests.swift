import Foundation
import Testing

@testable import RenoPlan

/// An estate drawn as several polygons with one id (``MultiPartEstates``).
@Suite("Estates of several parts")
struct MultiPartEstatesTests {
    /// A is two squares, [0,100]² and [1000,1100]×[0,100] (features #0 and #2, the same
    /// properties); B is [2000,2100]×[0,100]. A kindergarten at (1150, 50) is 50 m from A's
    /// second part and 1,050 m from its first; 850 m from B. A is one estate of 20,000 m², within
    /// the kindergarten's 300 m circle through its second part.
    @Test func partsWithTheSamePropertiesAreOneEstate() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0)),
                TestGeo.estate("B", TestGeo.rect(2000, 0)),
                TestGeo.estate("A", TestGeo.rect(1000, 0)),
            ],
            facilities: [TestGeo.facility("F1", "kindergarten", 1150, 50)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n")
        let analysis = try district.analyse()
        #expect(analysis.district.estates.map(\.id) == ["A", "B"])
        let a = analysis.index("A"), b = analysis.index("B")
        #expect(abs(try analysis.district.estateGeometries[a].geometry.area() - 20_000) < 1e-6)
        #expect(abs(analysis.coverage.nearestMeters[a]["kindergarten"]! - 50) < 1e-9)
        #expect(abs(analysis.coverage.nearestMeters[b]["kindergarten"]! - 850) < 1e-9)
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
            "estates.geojson: feature #1 (A): id A is used again (first by feature #0): the parts of an estate drawn as several "
                + "polygons are read as one estate when every property is the same, and these differ (give them the same "
                + "properties, or dissolve them into one MultiPolygon by id: QGIS 融合/Dissolve)",
        ])
    }
}
