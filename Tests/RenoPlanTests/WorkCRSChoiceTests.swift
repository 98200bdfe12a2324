import Foundation
import Testing

@testable import RenoPlan

/// The CRS distances are computed in when the data comes in Web Mercator (``WorkCRSChoice``).
@Suite("Work CRS of data in Web Mercator")
struct WorkCRSChoiceTests {
    /// An estate at (12,724,000, 3,580,000) in EPSG:3857 (114.3°E, 30.59°N, Wuhan), 100 × 100
    /// Mercator metres, and elderly care 1,100 Mercator metres east of its edge. A Mercator metre
    /// is cos φ true metres there: 1,100 × cos 30.59° ≈ 947 m (the WGS 84 geodesic between the
    /// two points is 947.7 m), inside the 1,000 m circle. Computed in EPSG:3857 itself it was
    /// 1,100 m, outside.
    @Test func webMercatorIsNotTheWorkCRS() throws {
        func square(_ x: Double, _ y: Double, _ side: Double) -> JSONValue {
            let ring: [JSONValue] = [[.number(x), .number(y)], [.number(x + side), .number(y)], [.number(x + side), .number(y + side)],
                                     [.number(x), .number(y + side)], [.number(x), .number(y)]]
            return ["type": "Polygon", "coordinates": [.array(ring)]]
        }
        let (x0, y0) = (12_724_000.0, 3_580_000.0)
        var district = TestDistrict(
            estates: [TestGeo.estate("A", square(x0, y0, 100))],
            facilities: [TestGeo.feature(["type": "Point", "coordinates": [.number(x0 + 1_200), .number(y0 + 50)]],
                                         ["id": "F1", "kind": "elderly_care", "capacity_m2": 100])],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        district.crs = "EPSG:3857"
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let analysis = try district.analyse()
        #expect(analysis.district.workCRS == "EPSG:32650")
        let distance = try #require(analysis.coverage.nearestMeters[0]["elderly_care"])
        #expect(abs(distance - 947.7) < 2, "\(distance)")
        #expect(analysis.coverage.covered[0].first == true)
        // Its area is 100² Mercator m², cos² φ of that in true m²: about 7,410 m².
        let area = try analysis.district.estateGeometries[0].geometry.area()
        #expect(abs(area - 10_000 * pow(cos(30.5935 * .pi / 180), 2)) < 20, "\(area)")
        #expect(analysis.district.warnings.map(\.description).contains { $0.hasPrefix(
            "crs: EPSG:3857 (WGS 84 / Pseudo-Mercator) stretches lengths by 16.") && $0.hasSuffix(
            "distances and areas are computed in EPSG:32650 (WGS 84 / UTM zone 50N) instead; set work_crs to choose another") })
    }

    /// A Gauss–Krüger zone is true to scale within it: kept as the work CRS, no warning.
    @Test func gaussKrugerStaysTheWorkCRS() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0))], scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let analysis = try district.analyse()
        #expect(analysis.district.workCRS == "EPSG:4547")
        #expect(!analysis.district.warnings.contains { $0.description.contains("stretches lengths") })
    }
}
