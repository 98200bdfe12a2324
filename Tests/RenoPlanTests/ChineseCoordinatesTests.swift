import Foundation
import Testing

@testable import RenoPlan

/// GCJ-02 / BD-09 against published reference points (googollee/eviltransform's test tables),
/// and the iterative inverse's round trip.
@Suite("GCJ-02 and BD-09 (SPEC §9)")
struct ChineseCoordinatesTests {
    /// Metres between two lon/lat points (local equirectangular: exact enough below 1 km).
    func metres(_ a: Point2, _ b: Point2) -> Double {
        let dy = (a.y - b.y) * 111_320
        let dx = (a.x - b.x) * 111_320 * cos(a.y * .pi / 180)
        return (dx * dx + dy * dy).squareRoot()
    }

    // (WGS 84 lat, lon) → (GCJ-02 lat, lon): Shanghai, Shenzhen, Beijing.
    static let gcjReference: [(Double, Double, Double, Double)] = [
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
    ]

    @Test func forwardGCJ02MatchesPublishedPoints() {
        for (lat, lon, gcjLat, gcjLon) in Self.gcjReference {
            let got = ChineseCoordinates.gcj02(fromWGS84: Point2(x: lon, y: lat))
            #expect(metres(got, Point2(x: gcjLon, y: gcjLat)) < 0.001, "\(lat), \(lon)")
            // The shift is hundreds of metres (the reason it matters for 300 m circles).
            #expect(metres(got, Point2(x: lon, y: lat)) > 100)
        }
    }

    @Test func inverseGCJ02MatchesPublishedPoints() {
        for (lat, lon, gcjLat, gcjLon) in Self.gcjReference {
            let wgs = ChineseCoordinates.wgs84(from: Point2(x: gcjLon, y: gcjLat), .gcj02)
            #expect(metres(wgs, Point2(x: lon, y: lat)) < 0.01, "\(lat), \(lon)")
        }
    }

    // Baidu's own conversion (geoconv API documentation's example, WGS 84 → BD-09): the published
    // formulas agree with Baidu's service to about half a metre (Baidu rounds internally).
    @Test func bd09MatchesBaidusPublishedConversion() {
        let wgs = Point2(x: 114.21892734521, y: 29.575429778924)
        let baidu = Point2(x: 114.23074871003, y: 29.579084787368)
        #expect(metres(ChineseCoordinates.bd09(fromWGS84: wgs), baidu) < 1)
        #expect(metres(ChineseCoordinates.wgs84(from: baidu, .bd09), wgs) < 1)
        // Round trip through our inverse: exact to a centimetre.
        let back = ChineseCoordinates.bd09(fromWGS84: ChineseCoordinates.wgs84(from: baidu, .bd09))
        #expect(metres(back, baidu) < 0.01)
    }

    @Test func roundTripWithinOneCentimetreAcrossChina() {
        var worst = 0.0
        for lon in stride(from: 75.0, through: 134.0, by: 3.7) {
            for lat in stride(from: 18.0, through: 53.0, by: 2.9) {
                let p = Point2(x: lon, y: lat)
                for system in ChineseCoordinates.System.allCases {
                    let back = ChineseCoordinates.wgs84(from: ChineseCoordinates.forward(p, system), system)
                    worst = max(worst, metres(back, p))
                }
            }
        }
        #expect(worst <= 0.01, "worst round trip \(worst) m")
    }

    @Test func namesAsAScenarioWritesThem() {
        #expect(ChineseCoordinates.System(name: "GCJ-02") == .gcj02)
        #expect(ChineseCoordinates.System(name: "gcj02") == .gcj02)
        #expect(ChineseCoordinates.System(name: "BD-09") == .bd09)
        #expect(ChineseCoordinates.System(name: "bd09") == .bd09)
        #expect(ChineseCoordinates.System(name: "EPSG:4326") == nil)
    }
}

@Suite("A whole district in GCJ-02")
struct GCJ02DistrictTests {
    /// The scenario's own `crs: GCJ-02` applies to every layer: the estates come back to within a
    /// centimetre of their WGS 84 places.
    @Test func scenarioCRSGCJ02() throws {
        let folder = TestFolders.fresh("renoplan-gcj")
        defer { try? FileManager.default.removeItem(at: folder) }
        let wgs = try PlannerDistrict.writeGeoJSON(into: folder.appendingPathComponent("wgs"))
        let gcjFolder = folder.appendingPathComponent("gcj")
        try FileManager.default.createDirectory(at: gcjFolder, withIntermediateDirectories: true)
        for name in ["estates", "facilities", "sites"] {
            let data = try Data(contentsOf: wgs.deletingLastPathComponent().appendingPathComponent("\(name).geojson"))
            let moved = try JSONIO.decode(data).movingPositions { ChineseCoordinates.gcj02(fromWGS84: $0) }
            try JSONIO.encode(moved).write(to: gcjFolder.appendingPathComponent("\(name).geojson"))
        }
        let scenario = gcjFolder.appendingPathComponent("scenario.yaml")
        try "geodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson}\ncrs: GCJ-02\n\(PlannerDistrict.scenarioTail)"
            .write(to: scenario, atomically: true, encoding: .utf8)
        let fromGCJ = try District.load(Scenario.load(from: scenario))
        let fromWGS = try District.load(Scenario.load(from: wgs))
        #expect(fromGCJ.workCRS == fromWGS.workCRS)
        for (a, b) in zip(fromGCJ.estateGeometries, fromWGS.estateGeometries) {
            #expect(try a.geometry.area() > 0)
            // The same polygon but for the inverse: areas within 5 m² (1 cm along its 440 m outline).
            #expect(abs(try a.geometry.area() - b.geometry.area()) < 5)
            #expect(try a.distance(to: b.geometry) == 0)
        }
        for (a, b) in zip(fromGCJ.facilityGeometries, fromWGS.facilityGeometries) { #expect(try a.distance(to: b) < 0.01) }
    }
}
