import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// A layer's own CRS against the scenario's (``FileCRSCheck``), with GDAL's own CRS objects.
@Suite("A file's own CRS against the scenario's")
struct FileCRSCheckTests {
    func reference(_ epsg: Int32) -> OGRSpatialReferenceH {
        _ = OGRLayerReader.registered
        let reference = OSRNewSpatialReference(nil)!
        OSRImportFromEPSG(reference, epsg)
        return reference
    }

    @Test func sameOrBothLonLatIsNoProblem() {
        let gk114 = reference(4547), cgcs2000 = reference(4490)
        defer { OSRDestroySpatialReference(gk114); OSRDestroySpatialReference(cgcs2000) }
        #expect(FileCRSCheck.mismatch(gk114, declared: "EPSG:4547", file: "a.shp", kind: .estates) == nil)
        // CGCS2000 and WGS 84 lon/lat differ by under a metre; GCJ-02 points come in lon/lat files.
        #expect(FileCRSCheck.mismatch(cgcs2000, declared: "EPSG:4326", file: "a.shp", kind: .estates) == nil)
        #expect(FileCRSCheck.mismatch(cgcs2000, declared: "GCJ-02", file: "a.gpkg", kind: .facilities) == nil)
        // A CRS that cannot be read is left to the scenario's own check.
        #expect(FileCRSCheck.mismatch(gk114, declared: "EPSG:999999", file: "a.shp", kind: .estates) == nil)
    }

    @Test func anotherZoneOrLonLatIsNamedWithTheFix() {
        let gk114 = reference(4547)
        defer { OSRDestroySpatialReference(gk114) }
        #expect(FileCRSCheck.mismatch(gk114, declared: "EPSG:4549", file: "小区边界.shp", kind: .estates)
            == "its .prj is EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), but the scenario reads it in EPSG:4549 "
            + "(CGCS2000 / 3-degree Gauss-Kruger CM 120E): every coordinate would be read in the wrong place. If the file is "
            + "right, write crs: EPSG:4547 (geodata.estates.crs for this layer alone); if its .prj is wrong, correct or remove it")
        #expect(FileCRSCheck.mismatch(gk114, declared: "GCJ-02", file: "sites.gpkg", kind: .sites)
            == "its own CRS is EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), but the scenario reads it in GCJ-02: every "
            + "coordinate would be read in the wrong place. If the file is right, write crs: EPSG:4547 (geodata.sites.crs for this "
            + "layer alone); if its own CRS is wrong, correct it")
    }

    /// A CRS as MapInfo writes it: no name, no EPSG code, and (MapInfo has no CGCS2000) a
    /// Gauss–Krüger zone of CGCS2000 put on WGS 84, whose ellipsoid differs from GRS 80 by
    /// 0.1 mm: the same zone. Xi'an 1980's (IAG 1975, a = 6,378,140 m) and a datum shift are
    /// not, and an unnamed CRS is named by its PROJ string.
    @Test func unnamedProjectionOnANearDatum() {
        _ = OGRLayerReader.registered
        func proj(_ text: String) -> OGRSpatialReferenceH {
            let reference = OSRNewSpatialReference(nil)!
            OSRImportFromProj4(reference, text)
            return reference
        }
        let zone = "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +units=m"
        let mapInfo = proj(zone + " +datum=WGS84"), xian = proj(zone + " +a=6378140 +rf=298.257")
        let shifted = proj(zone + " +ellps=GRS80 +towgs84=15.8,-154.4,-82.3,0,0,0,0")
        let otherZone = proj("+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +units=m +datum=WGS84")
        defer { [mapInfo, xian, shifted, otherZone].forEach { OSRDestroySpatialReference($0) } }
        #expect(FileCRSCheck.mismatch(mapInfo, declared: "EPSG:4547", file: "小区.tab", kind: .estates) == nil)
        #expect(FileCRSCheck.mismatch(xian, declared: "EPSG:4547", file: "小区.tab", kind: .estates) != nil)
        #expect(FileCRSCheck.mismatch(shifted, declared: "EPSG:4547", file: "小区.tab", kind: .estates) != nil)
        #expect(FileCRSCheck.mismatch(otherZone, declared: "EPSG:4547", file: "小区.tab", kind: .estates)?.hasPrefix(
            "its own CRS is an unnamed CRS (+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +datum=WGS84 +units=m), "
                + "but the scenario reads it in EPSG:4547") == true)
    }

    /// A GeoJSON file's "crs" member, as QGIS and ogr2ogr write it for projected data.
    @Test func geoJSONCRSMember() {
        _ = OGRLayerReader.registered
        #expect(FileCRSCheck.mismatch(named: "urn:ogc:def:crs:OGC:1.3:CRS84", declared: "EPSG:4326", file: "e.geojson", kind: .estates) == nil)
        #expect(FileCRSCheck.mismatch(named: "urn:ogc:def:crs:EPSG::4547", declared: "EPSG:4547", file: "e.geojson", kind: .estates) == nil)
        #expect(FileCRSCheck.mismatch(named: "urn:ogc:def:crs:EPSG::4547", declared: "EPSG:4549", file: "e.geojson", kind: .estates)?
            .hasPrefix("its \"crs\" member is EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), but the scenario reads it in EPSG:4549") == true)
    }

    /// A Shapefile in EPSG:4547 (its .prj as GDAL writes it, ESRI's form) read with the wrong
    /// zone: one error, naming the file, both CRSs and the fix; read with its own, none.
    @Test func shapefileWithItsPrjThroughValidate() throws {
        let folder = TestFolders.fresh("renoplan-crs")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func square(_ x: Double, _ y: Double) -> String {
            "POLYGON ((\(x) \(y), \(x + 100) \(y), \(x + 100) \(y + 80), \(x) \(y + 80), \(x) \(y)))"
        }
        try GDALFixture.write(
            folder.appendingPathComponent("estates.shp"), driver: "ESRI Shapefile", layer: "estates", geometry: wkbPolygon,
            fields: [("id", OFTString), ("built_year", OFTInteger64), ("households", OFTInteger64), ("area", OFTReal),
                     ("consent", OFTReal), ("mgmt", OFTString)],
            rows: [(square(531_000, 3_384_000), [.text("E1"), .integer(1990), .integer(200), .number(14_000), .number(0.9), .text("yes")]),
                   (square(531_400, 3_384_000), [.text("E2"), .integer(1995), .integer(300), .number(21_000), .number(0.9), .text("yes")])],
            epsg: 4547)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("estates.prj").path))
        func errors(_ crs: String) throws -> [String] {
            let url = folder.appendingPathComponent("scenario.yaml")
            try """
                geodata: {estates: {path: estates.shp, columns: {mgmt: management_agreed, area: floor_area_m2}}}
                crs: \(crs)
                horizon: {start: 2026, years: 2}
                budget: {annual_yuan: 1.0e7}
                """.write(to: url, atomically: true, encoding: .utf8)
            return Validation.check(scenarioAt: url).errors
        }
        let own = try errors("EPSG:4547")
        #expect(own == [], "\(own)")
        #expect(try errors("EPSG:4549") == [
            "estates.shp: its .prj is EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), but the scenario reads it in "
                + "EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E): every coordinate would be read in the wrong place. If "
                + "the file is right, write crs: EPSG:4547 (geodata.estates.crs for this layer alone); if its .prj is wrong, "
                + "correct or remove it",
        ])
    }
}
