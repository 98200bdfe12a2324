import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// One small district (eight estates near Chengdu, lon/lat) in two forms: GeoJSON as SPEC §1 has
/// it, and as a district office holds it (SPEC §9): a Shapefile of boundaries with cp936
/// attributes, Chinese headers and no .cpg, the reserve library (项目储备库) as an .xlsx sheet
/// joined by 小区编号, facility points scraped in GCJ-02 as a CSV, and sites in a GeoPackage.
/// Both must give byte-identical plan.geojson and sites.geojson and the same summary figures.
enum PlannerDistrict {
    static let lon0 = 104.06, lat0 = 30.65

    /// Metres east/north of (lon0, lat0) as lon/lat rounded to 1e-7° (about 1 cm).
    static func lonLat(_ x: Double, _ y: Double) -> Point2 {
        func round7(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }
        return Point2(x: round7(lon0 + x / (111_320 * cos(lat0 * .pi / 180))), y: round7(lat0 + y / 110_574))
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double = 120, _ h: Double = 100) -> Shape {
        .polygon([[lonLat(x, y), lonLat(x + w, y), lonLat(x + w, y + h), lonLat(x, y + h), lonLat(x, y)]])
    }

    struct EstateRow {
        var id: String, name: String, x: Double, y: Double, built: Int, households: Int, area: Double, consent: Double
        var management: Bool, grade: String?, hazards: [String], cost: Double?, buildings: Int
    }

    /// E1 and E2 are 10 m apart (one cluster); the rest stand 80 m or more apart.
    static let estates: [EstateRow] = [
        .init(id: "CD001", name: "玉林小区", x: 0, y: 0, built: 1985, households: 420, area: 29_400, consent: 0.92,
              management: true, grade: "C", hazards: ["gas", "fire"], cost: 9_800_000, buildings: 6),
        .init(id: "CD002", name: "", x: 130, y: 0, built: 1990, households: 310, area: 21_700, consent: 0.88,
              management: true, grade: nil, hazards: ["drainage"], cost: nil, buildings: 4),
        .init(id: "CD003", name: "棕北小区", x: 400, y: 0, built: 1996, households: 560, area: 39_200, consent: 0.81,
              management: true, grade: "B", hazards: [], cost: 15_600_000, buildings: 8),
        .init(id: "CD004", name: "浆洗街宿舍", x: 650, y: 0, built: 2002, households: 180, area: 12_600, consent: 0.95,
              management: true, grade: "D", hazards: ["structure"], cost: 5_400_000, buildings: 2),
        .init(id: "CD005", name: "红瓦寺家属院", x: 0, y: 300, built: 1979, households: 260, area: 18_200, consent: 0.70,
              management: true, grade: "B", hazards: ["water", "power"], cost: 7_300_000, buildings: 3),
        .init(id: "CD006", name: "科华苑", x: 250, y: 300, built: 1998, households: 640, area: 44_800, consent: 0.90,
              management: false, grade: "A", hazards: [], cost: 17_900_000, buildings: 9),
        .init(id: "CD007", name: "磨子桥小区", x: 500, y: 300, built: 1988, households: 380, area: 26_600, consent: 0.86,
              management: true, grade: nil, hazards: ["heating"], cost: 10_200_000, buildings: 5),
        .init(id: "CD008", name: "新南门宿舍", x: 750, y: 300, built: 2004, households: 220, area: 15_400, consent: 0.99,
              management: true, grade: "B", hazards: [], cost: 6_600_000, buildings: 3),
    ]

    /// (id, kind, x, y, capacity): kindergartens decide the 300 m circle, elderly care the 1,000 m one.
    static let facilities: [(String, String, Double, Double, Double?)] = [
        ("F01", "elderly_care", 60, 180, 60),
        ("F02", "clinic", 420, 200, nil),
        ("F03", "kindergarten", 90, 150, nil),
        ("F04", "kindergarten", 700, 180, nil),
        ("F05", "market", 1600, 900, nil),
    ]

    /// (id, x, y, area, cost per m², kinds)
    static let sites: [(String, Double, Double, Double, Double, String)] = [
        ("S01", 560, 200, 400, 6_000, "elderly_care"),
        ("S02", 300, 150, 250, 8_000, "elderly_care"),
    ]

    static let scenarioTail = """
        horizon: {start: 2025, years: 2}
        budget: {annual_yuan: [2.5e7, 2.5e7]}
        solver: {time_limit_s: 20}

        """

    /// The GeoJSON form (SPEC §1).
    static func writeGeoJSON(into folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func geometry(_ shape: Shape) -> JSONValue {
            switch shape {
            case .point(let p): return ["type": "Point", "coordinates": [.number(p.x), .number(p.y)]]
            case .polygon(let rings):
                return ["type": "Polygon", "coordinates": .array(rings.map { .array($0.map { [.number($0.x), .number($0.y)] }) })]
            default: return .null
            }
        }
        let estateFeatures: [JSONValue] = estates.map { e in
            var p: [String: JSONValue] = [
                "id": .string(e.id), "name": .string(e.name), "built_year": .number(Double(e.built)),
                "households": .number(Double(e.households)), "floor_area_m2": .number(e.area), "consent": .number(e.consent),
                "management_agreed": .bool(e.management), "hazards": .array(e.hazards.map(JSONValue.string)),
                "buildings": .number(Double(e.buildings)),
            ]
            if let grade = e.grade { p["safety_grade"] = .string(grade) }
            if let cost = e.cost { p["cost_yuan"] = .number(cost) }
            return TestGeo.feature(geometry(rect(e.x, e.y)), p)
        }
        let facilityFeatures: [JSONValue] = facilities.map { f in
            var p: [String: JSONValue] = ["id": .string(f.0), "kind": .string(f.1)]
            if let capacity = f.4 { p["capacity_m2"] = .number(capacity) }
            return TestGeo.feature(geometry(.point(lonLat(f.2, f.3))), p)
        }
        let siteFeatures: [JSONValue] = sites.map { s in
            TestGeo.feature(geometry(.point(lonLat(s.1, s.2))), [
                "id": .string(s.0), "area_m2": .number(s.3), "cost_per_m2": .number(s.4), "kinds": [.string(s.5)],
            ])
        }
        for (name, features) in [("estates", estateFeatures), ("facilities", facilityFeatures), ("sites", siteFeatures)] {
            try JSONIO.encode(["type": "FeatureCollection", "features": .array(features)])
                .write(to: folder.appendingPathComponent("\(name).geojson"))
        }
        let url = folder.appendingPathComponent("scenario.yaml")
        try ("name: 成都测试片区\ngeodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson}\n"
            + scenarioTail).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The planners' form (SPEC §9).
    static func writePlannerForm(into folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Boundaries: a Shapefile whose .dbf says cp936 by its code-page byte (LDID 77) and has no .cpg.
        try GDALFixture.write(
            folder.appendingPathComponent("小区边界.shp"), driver: "ESRI Shapefile", layer: "小区边界", geometry: wkbPolygon,
            fields: [("小区编号", OFTString), ("小区名称", OFTString)],
            rows: estates.map { (GDALFixture.wkt(rect($0.x, $0.y)), [.text($0.id), $0.name.isEmpty ? .null : .text($0.name)]) },
            layerOptions: ["ENCODING=LDID/77"])
        // The reserve library: an Excel sheet with Chinese headers, booleans as 是/否, hazards as 、-lists.
        try GDALFixture.write(
            folder.appendingPathComponent("储备库2025.xlsx"), driver: "XLSX", layer: "储备库", geometry: wkbNone,
            fields: [
                ("小区编号", OFTString), ("建成年代", OFTInteger64), ("户数", OFTInteger64), ("建筑面积", OFTReal),
                ("同意率", OFTReal), ("长效管理", OFTString), ("安全等级", OFTString), ("隐患", OFTString),
                ("改造估算", OFTReal), ("楼栋数", OFTInteger64), ("备注", OFTString),
            ],
            rows: estates.reversed().map { e in
                (nil, [
                    .text(e.id), .integer(e.built), .integer(e.households), .number(e.area), .number(e.consent),
                    .text(e.management ? "是" : "否"), e.grade.map { .text($0) } ?? .null,
                    e.hazards.isEmpty ? .null : .text(e.hazards.joined(separator: "、")), e.cost.map { .number($0) } ?? .null,
                    .integer(e.buildings), .text("街道上报"),
                ])
            })
        // Facilities scraped from a web map: GCJ-02 lng/lat in a CSV, capacities as text.
        var csv = "编号,类型,面积,lng,lat\n"
        for f in facilities {
            let gcj = ChineseCoordinates.gcj02(fromWGS84: lonLat(f.2, f.3))
            let capacity = f.4.map { "\"\(formatNumber($0))\"" } ?? ""
            csv += "\(f.0),\(f.1),\(capacity),\(String(format: "%.12f", gcj.x)),\(String(format: "%.12f", gcj.y))\n"
        }
        try csv.write(to: folder.appendingPathComponent("设施点.csv"), atomically: true, encoding: .utf8)
        // Sites from the land survey: a GeoPackage layer.
        try GDALFixture.write(
            folder.appendingPathComponent("存量资源.gpkg"), driver: "GPKG", layer: "sites", geometry: wkbPoint,
            fields: [("id", OFTString), ("area_m2", OFTReal), ("cost_per_m2", OFTReal), ("kinds", OFTString)],
            rows: sites.map { s in (GDALFixture.wkt(.point(lonLat(s.1, s.2))), [.text(s.0), .number(s.3), .number(s.4), .text(s.5)]) })
        let url = folder.appendingPathComponent("scenario.yaml")
        try """
            name: 成都测试片区
            geodata:
              estates:
                path: 小区边界.shp
                table: 储备库2025.xlsx
                sheet: 储备库
                key: 小区编号
                columns: {小区编号: id, 小区名称: name, 建成年代: built_year, 户数: households, 建筑面积: floor_area_m2,
                          同意率: consent, 长效管理: management_agreed, 安全等级: safety_grade, 隐患: hazards,
                          改造估算: cost_yuan, 楼栋数: buildings}
              facilities: {path: 设施点.csv, crs: GCJ-02, x: lng, y: lat, columns: {编号: id, 类型: kind, 面积: capacity_m2}}
              sites: {path: 存量资源.gpkg, layer: sites}

            """.appending(scenarioTail).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func plan(_ scenario: URL) throws -> [String: Data] {
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
        return Dictionary(uniqueKeysWithValues: try PlanWriter.files(result).map { ($0.name, $0.data) })
    }
}

@Suite("Planners' formats through GDAL/OGR (SPEC §9)")
struct PlannerFormatsTests {
    func temporary() -> URL {
        TestFolders.fresh("renoplan-formats")
    }

    @Test func shapefileXLSXCSVAndGeoPackageGiveTheGeoJSONPlan() throws {
        let folder = temporary()
        // RENOPLAN_KEEP_FORMATS=1 keeps the two forms for a look (the folder is printed).
        let keep = ProcessInfo.processInfo.environment["RENOPLAN_KEEP_FORMATS"] != nil
        defer { if keep { print("kept \(folder.path)") } else { try? FileManager.default.removeItem(at: folder) } }
        let geoJSON = try PlannerDistrict.writeGeoJSON(into: folder.appendingPathComponent("geojson"))
        let planner = try PlannerDistrict.writePlannerForm(into: folder.appendingPathComponent("planner"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("planner/小区边界.cpg").path))

        // The design keeps coverage off the knife edge: every estate–facility distance is at
        // least 1 m from every circle, so 1 cm of GCJ-02 inverse cannot change a decision.
        let district = try District.load(Scenario.load(from: geoJSON))
        for estate in district.estateGeometries {
            for facility in district.facilityGeometries {
                let d = try estate.distance(to: facility)
                for radius in district.scenario.circles.values { #expect(abs(d - radius) > 1, "distance \(d) m") }
            }
        }

        let read = try District.load(Scenario.load(from: planner))
        #expect(read.estates.map(\.id) == district.estates.map(\.id))
        let e2 = try #require(read.estates.first { $0.id == "CD002" })
        #expect(e2.name == nil && e2.safetyGrade == "B" && e2.costYuan == 21_700 * 400 && e2.hazards == ["drainage"])
        let e1 = try #require(read.estates.first { $0.id == "CD001" })
        #expect(e1.name == "玉林小区" && e1.hazards == ["gas", "fire"] && e1.managementAgreed && e1.safetyGrade == "C")
        #expect(read.estates.first { $0.id == "CD006" }?.managementAgreed == false)
        // Facilities back from GCJ-02 within a centimetre of where the GeoJSON form has them.
        for (a, b) in zip(read.facilityGeometries, district.facilityGeometries) { #expect(try a.distance(to: b) < 0.01) }
        #expect(read.facilities.first { $0.id == "F01" }?.capacityM2 == 60)

        let expected = try PlannerDistrict.plan(geoJSON)
        let got = try PlannerDistrict.plan(planner)
        #expect(expected["plan.geojson"] == got["plan.geojson"])
        #expect(expected["sites.geojson"] == got["sites.geojson"])
        func figures(_ data: Data?) throws -> JSONValue {
            guard case .object(var summary) = try JSONIO.decode(data ?? Data()) else { return .null }
            summary.removeValue(forKey: "scenario_file")
            return .object(summary)
        }
        #expect(try figures(expected["summary.json"]) == figures(got["summary.json"]))
        // Something is planned (the comparison is not of two empty plans).
        #expect(String(decoding: expected["plan.geojson"]!, as: UTF8.self).contains("\"year\":2025"))
    }
}

/// The same district converted by ogr2ogr (GDAL's library call) into three more formats a
/// district office has: estates in a GeoPackage, where each list (hazards) becomes GDAL's text
/// `(2:gas,fire)`; facilities as KML (lon/lat; KML's own Name column is the name, not a
/// misspelt one); sites as MapInfo
/// TAB in the Gauss–Krüger zone of Chengdu, which MapInfo writes unnamed on WGS 84 (it has no
/// CGCS2000) and without the sites' kinds (MapInfo has no lists: every site then hosts every
/// kind with a norm, here only elderly care, as the kinds said). The plan must be the GeoJSON
/// form's, byte for byte.
@Suite("Planners' formats converted by ogr2ogr")
struct ConvertedFormatsTests {
    @Test func geoPackageListsKMLAndMapInfoGiveTheGeoJSONPlan() throws {
        let folder = TestFolders.fresh("renoplan-ogr2ogr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let geoJSON = try PlannerDistrict.writeGeoJSON(into: folder.appendingPathComponent("geojson"))
        let source = geoJSON.deletingLastPathComponent()
        let converted = folder.appendingPathComponent("converted")
        try FileManager.default.createDirectory(at: converted, withIntermediateDirectories: true)
        try GDALFixture.translate(
            source.appendingPathComponent("estates.geojson"), to: converted.appendingPathComponent("小区.gpkg"), arguments: ["-f", "GPKG"])
        try GDALFixture.translate(
            source.appendingPathComponent("facilities.geojson"), to: converted.appendingPathComponent("设施.kml"), arguments: ["-f", "KML"])
        try GDALFixture.translate(
            source.appendingPathComponent("sites.geojson"), to: converted.appendingPathComponent("存量资源.tab"),
            arguments: ["-f", "MapInfo File", "-t_srs", "EPSG:4544"])
        // What the conversions wrote, so that the test tests them: lists as GDAL's text in the
        // GeoPackage, an unnamed CRS in the .tab.
        let dataset = try #require(GDALOpenEx(converted.appendingPathComponent("小区.gpkg").path, UInt32(GDAL_OF_VECTOR), nil, nil, nil))
        defer { GDALClose(dataset) }
        let layer = GDALDatasetGetLayer(dataset, 0)
        let first = try #require(OGR_L_GetNextFeature(layer))
        defer { OGR_F_Destroy(first) }
        let index = OGR_F_GetFieldIndex(first, "hazards")
        #expect(OGR_Fld_GetType(OGR_F_GetFieldDefnRef(first, index)) == OFTString)
        let written = String(cString: OGR_F_GetFieldAsString(first, index))
        #expect(written == "(2:gas,fire)" || written.hasPrefix("["), "\(written)")

        let scenario = converted.appendingPathComponent("scenario.yaml")
        try """
            name: 成都测试片区
            geodata:
              estates: 小区.gpkg
              facilities: 设施.kml
              sites: {path: 存量资源.tab, crs: EPSG:4544}
            work_crs: EPSG:32648

            """.appending(PlannerDistrict.scenarioTail).write(to: scenario, atomically: true, encoding: .utf8)
        let read = try District.load(Scenario.load(from: scenario))
        #expect(read.estates.first { $0.id == "CD001" }?.hazards == ["gas", "fire"])
        // KML's display columns (icon, extrude, …) are not attributes carried along.
        #expect(!(read.notices + read.warnings).contains { $0.description.contains("carried along") }, "\(read.notices)")
        #expect(read.sites.map(\.id) == ["S01", "S02"])
        let expected = try PlannerDistrict.plan(geoJSON)
        let got = try PlannerDistrict.plan(scenario)
        #expect(expected["plan.geojson"] == got["plan.geojson"])
        #expect(String(decoding: expected["plan.geojson"]!, as: UTF8.self).contains("\"year\":2025"))
    }
}

/// `where:` (GDAL's `-where`) on a layer: only the features it selects are read, each keeping
/// its index in the file.
@Suite("A layer's where: condition")
struct LayerWhereTests {
    static let root = EndToEndTests.root

    /// The demo read through GDAL with a condition every feature meets is the demo read by
    /// renoplan's own GeoJSON reader: the same estates, scores, coverage and clusters.
    @Test func aConditionEveryFeatureMeetsReadsTheSameDistrict() throws {
        let demo = Self.root.appendingPathComponent("scenarios/demo.yaml")
        let own = try Pipeline.analyse(scenarioAt: demo)
        let text = try String(contentsOf: demo, encoding: .utf8)
        let url = Self.root.appendingPathComponent("scenarios/.where-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try text.replacingOccurrences(of: "estates: ../geodata/demo/estates.geojson", with: "estates: {path: ../geodata/demo/estates.geojson, where: \"1 = 1\"}")
            .replacingOccurrences(of: "facilities: ../geodata/demo/facilities.geojson", with: "facilities: {path: ../geodata/demo/facilities.geojson, where: \"id IS NOT NULL\"}")
            .write(to: url, atomically: true, encoding: .utf8)
        let gdal = try Pipeline.analyse(scenarioAt: url)
        #expect(gdal.district.estates.map(\.id) == own.district.estates.map(\.id))
        #expect(gdal.district.estates.map(\.hazards) == own.district.estates.map(\.hazards))
        #expect(gdal.scores.map(\.score) == own.scores.map(\.score))
        #expect(gdal.coverage.covered == own.coverage.covered)
        #expect(gdal.clusterOfEstate == own.clusterOfEstate)
    }

    /// Estates built up to 1990 of a small district: the ids the condition selects by hand; an
    /// error in a selected feature names its index in the file; a feature left out is not read
    /// (its bad value is no error); a misspelt column is one error naming the nearest.
    @Test func onlyTheSelectedFeaturesAreRead() throws {
        let years = [1985, 1999, 1988, 2003, 1990]
        let district = TestDistrict(
            estates: years.enumerated().map { i, year in
                TestGeo.feature(TestGeo.rect(Double(i) * 300, 0), [
                    "id": .string("E\(i)"), "built_year": .number(Double(year)), "households": i == 3 ? "many" : 100,
                    "floor_area_m2": 7000, "consent": i == 2 ? 1.5 : 0.9,
                ])
            },
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let url = try district.write()
        func errors(_ condition: String) throws -> [String] {
            let text = try String(contentsOf: url, encoding: .utf8)
                .replacingOccurrences(of: "estates: estates.geojson", with: "estates: {path: estates.geojson, where: \"\(condition)\"}")
            let scenario = district.folder.appendingPathComponent("where.yaml")
            try text.write(to: scenario, atomically: true, encoding: .utf8)
            return Validation.check(scenarioAt: scenario).errors
        }
        let selected = try errors("built_year <= 1990")
        #expect(selected.count == 1 && selected[0].hasPrefix("estates.geojson: feature #2 (E2): consent"), "\(selected)")
        #expect(try errors("built_year <= 1990 AND consent <= 1") == [])
        let misspelt = try errors("biult_year <= 1990")
        #expect(misspelt.count == 1 && misspelt[0].contains("(did you mean 'built_year'?)"), "\(misspelt)")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "estates: estates.geojson", with: "estates: {path: estates.geojson, where: \"built_year <= 1990 AND consent <= 1\"}")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let read = try District.load(Scenario.load(from: url))
        let expected = years.enumerated().filter { $0.element <= 1990 && $0.offset != 2 }.map { "E\($0.offset)" }
        #expect(read.estates.map(\.id) == expected)
        #expect(read.estates.map(\.featureIndex) == [0, 4])
    }
}

/// POIs from Amap's API carry both coordinates in one `location` cell, "lng,lat". With
/// `x: location, y: location` they are read as the lng/lat columns are: the same plan.
@Suite("One location column for both coordinates")
struct LocationColumnTests {
    /// The planner form's facility CSV with its lng and lat joined into one `location` column.
    static func joinCoordinates(in folder: URL, separator: String = ",") throws {
        let url = folder.appendingPathComponent("设施点.csv")
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let joined = rows.map { cells in
            (cells.dropLast(2) + [cells.first == "编号" ? "location" : "\"\(cells[cells.count - 2])\(separator)\(cells[cells.count - 1])\""])
                .joined(separator: ",")
        }
        try (joined.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func locationColumnGivesTheLngLatPlan() throws {
        let folder = TestFolders.fresh("renoplan-location")
        defer { try? FileManager.default.removeItem(at: folder) }
        let columns = try PlannerDistrict.writePlannerForm(into: folder.appendingPathComponent("columns"))
        let joined = try PlannerDistrict.writePlannerForm(into: folder.appendingPathComponent("joined"))
        try Self.joinCoordinates(in: joined.deletingLastPathComponent())
        let text = try String(contentsOf: joined, encoding: .utf8)
        try text.replacingOccurrences(of: "x: lng, y: lat", with: "x: location, y: location").write(to: joined, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: joined.deletingLastPathComponent().appendingPathComponent("设施点.csv"), encoding: .utf8)
            .hasPrefix("编号,类型,面积,location\nF01,elderly_care,\"60\",\"104."))
        let expected = try PlannerDistrict.plan(columns)
        let got = try PlannerDistrict.plan(joined)
        #expect(expected["plan.geojson"] == got["plan.geojson"])
        #expect(expected["coverage.geojson"] == got["coverage.geojson"])
    }
}

@Suite("Planners' formats: refused clearly (SPEC §9)")
struct PlannerFormatErrorTests {
    func temporary() -> URL {
        TestFolders.fresh("renoplan-formats")
    }

    /// GBK attributes with neither .cpg nor code-page byte: refused, naming `encoding: cp936`;
    /// with it, read.
    @Test func shapefileWithoutCodePageNeedsEncoding() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writeGeoJSON(into: folder)
        // ENCODING=CP936 writes GBK and a .cpg; removing the .cpg leaves a code-page byte of 0.
        try GDALFixture.write(
            folder.appendingPathComponent("bounds.shp"), driver: "ESRI Shapefile", layer: "bounds", geometry: wkbPolygon,
            fields: [("小区编号", OFTString), ("小区名称", OFTString)],
            rows: PlannerDistrict.estates.map { (GDALFixture.wkt(PlannerDistrict.rect($0.x, $0.y)), [.text($0.id), .text($0.name)]) },
            layerOptions: ["ENCODING=CP936"])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bounds.cpg"))
        let estates = PlannerDistrict.estates.map { e in
            "\(e.id),\(e.built),\(e.households),\(formatNumber(e.area)),\(formatNumber(e.consent)),\(e.management ? "Y" : "N")"
        }
        try ("小区编号,建成年代,户数,建筑面积,同意率,管理\n" + estates.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("table.csv"), atomically: true, encoding: .utf8)
        func scenario(_ encoding: String) throws -> URL {
            let url = folder.appendingPathComponent("s.yaml")
            try """
                geodata:
                  estates: {path: bounds.shp\(encoding), table: table.csv, key: 小区编号, columns: {小区编号: id, 小区名称: name, 建成年代: built_year, 户数: households, 建筑面积: floor_area_m2, 同意率: consent, 管理: management_agreed}}
                \(PlannerDistrict.scenarioTail)
                """.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        let refused = Validation.check(scenarioAt: try scenario(""))
        #expect(refused.errors.count == 1, "\(refused.errors)")
        #expect(refused.errors.first?.hasPrefix("bounds.shp: its column names are not UTF-8") == true, "\(refused.errors)")
        #expect(refused.errors.first?.contains("encoding: cp936") == true)

        let read = try District.load(Scenario.load(from: try scenario(", encoding: cp936")))
        #expect(read.estates.map(\.name) == PlannerDistrict.estates.map { $0.name.isEmpty ? nil : $0.name })
        #expect(read.estates.first?.managementAgreed == true)
    }

    @Test func unknownGeoPackageLayerIsNamedWithTheLayersThere() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writeGeoJSON(into: folder)
        try GDALFixture.write(
            folder.appendingPathComponent("survey.gpkg"), driver: "GPKG", layer: "sites_2025", geometry: wkbPoint,
            fields: [("id", OFTString), ("area_m2", OFTReal), ("cost_per_m2", OFTReal)],
            rows: [(GDALFixture.wkt(.point(PlannerDistrict.lonLat(560, 200))), [.text("S01"), .number(400), .number(6000)])])
        let url = folder.appendingPathComponent("s.yaml")
        try "geodata: {estates: estates.geojson, sites: {path: survey.gpkg, layer: sites_2024}}\n\(PlannerDistrict.scenarioTail)"
            .write(to: url, atomically: true, encoding: .utf8)
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors == ["survey.gpkg: has no layer \"sites_2024\" (did you mean 'sites_2025'?); its layers: sites_2025"])
    }

    /// A GeoPackage holds many layers: a problem in one feature names the layer as well as the file.
    @Test func featureErrorsInAGeoPackageLayerNameTheLayer() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writeGeoJSON(into: folder)
        try GDALFixture.write(
            folder.appendingPathComponent("survey.gpkg"), driver: "GPKG", layer: "sites_2025", geometry: wkbPoint,
            fields: [("id", OFTString), ("area_m2", OFTReal), ("cost_per_m2", OFTString)],
            rows: [(GDALFixture.wkt(.point(PlannerDistrict.lonLat(560, 200))), [.text("S01"), .number(400), .text("面议")])])
        let scenario = folder.appendingPathComponent("s.yaml")
        try "geodata: {estates: estates.geojson, sites: {path: survey.gpkg, layer: sites_2025}}\n\(PlannerDistrict.scenarioTail)"
            .write(to: scenario, atomically: true, encoding: .utf8)
        let report = Validation.check(scenarioAt: scenario)
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.hasPrefix("survey.gpkg (layer sites_2025): feature #0 (S01): cost_per_m2 ") == true, "\(report.errors)")
    }

    /// Facilities at the estates' centres, written in GCJ-02 or BD-09 but read in another of the
    /// three systems (undeclared, so WGS 84, or declared as the other web map's): validate names
    /// the crs that fixes it (and so does every other command); declared right, no warning, and
    /// each facility is back in its estate.
    @Test func webMapPointsReadInTheWrongSystemAreNoticed() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writeGeoJSON(into: folder)
        func scenario(_ crs: String) throws -> URL {
            let url = folder.appendingPathComponent("s.yaml")
            try "geodata: {estates: estates.geojson, facilities: {path: poi.csv, x: x, y: y\(crs)}}\n\(PlannerDistrict.scenarioTail)"
                .write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        func shiftWarnings(_ crs: String) throws -> [String] {
            let report = Validation.check(scenarioAt: try scenario(crs))
            #expect(report.errors.isEmpty, "\(report.errors)")
            return report.warnings.filter { $0.contains("sit ") && $0.contains(" m off the estates") }
        }
        let systems: [ChineseCoordinates.System?] = [nil] + ChineseCoordinates.System.allCases.map(Optional.some)
        for written in systems {
            var csv = "id,kind,x,y\n"
            for (index, e) in PlannerDistrict.estates.enumerated() {
                let wgs = PlannerDistrict.lonLat(e.x + 60, e.y + 50)
                let point = written.map { ChineseCoordinates.forward(wgs, $0) } ?? wgs
                csv += "P\(index),clinic,\(String(format: "%.12f", point.x)),\(String(format: "%.12f", point.y))\n"
            }
            try csv.write(to: folder.appendingPathComponent("poi.csv"), atomically: true, encoding: .utf8)
            for read in systems where read != written {
                let notice = try shiftWarnings(read.map { ", crs: \($0.rawValue)" } ?? "")
                let fix: String
                switch (read, written) {
                case (nil, let system?): fix = "add crs: \(system.rawValue) to geodata.facilities"
                case (let declared?, let system?): fix = "geodata.facilities says crs: \(declared.rawValue); if they come from another web map, write crs: \(system.rawValue)"
                case (let declared?, nil): fix = "geodata.facilities says crs: \(declared.rawValue); if they are GPS or WGS 84 points, remove that crs"
                case (nil, nil): fix = "-"
                }
                #expect(notice.count == 1 && notice[0].hasSuffix(fix), "written \(String(describing: written)), read \(String(describing: read)): \(notice)")
            }
            let right = written.map { ", crs: \($0.rawValue)" } ?? ""
            #expect(try shiftWarnings(right).isEmpty)
            if written != nil {
                // A warning every command prints and summary.json records, not a validate-only notice.
                let analysis = try Pipeline.analyse(scenarioAt: try scenario(""))
                #expect(analysis.warnings.map(\.description).filter { $0.contains(" m off the estates") } == (try shiftWarnings("")))
            }
            let district = try District.load(Scenario.load(from: try scenario(right)))
            for (estate, facility) in zip(district.estateGeometries, district.facilityGeometries) {
                #expect(try estate.distance(to: facility) == 0)
            }
        }
    }

    /// One estate's longitude typed with the wrong sign: an error at that estate (not a work CRS
    /// chosen for the middle of the Atlantic, with every distance measured there).
    @Test func anEstateFarFromTheOthersIsAnError() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writeGeoJSON(into: folder)
        let file = folder.appendingPathComponent("estates.geojson")
        let text = try String(contentsOf: file, encoding: .utf8)
        let url = folder.appendingPathComponent("s.yaml")
        try "geodata: {estates: estates.geojson}\n\(PlannerDistrict.scenarioTail)".write(to: url, atomically: true, encoding: .utf8)
        #expect(Validation.check(scenarioAt: url).errors.isEmpty)
        // The third estate's polygon, every longitude negated.
        var json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var features = json["features"] as! [[String: Any]]
        var geometry = features[2]["geometry"] as! [String: Any]
        let rings = geometry["coordinates"] as! [[[Double]]]
        geometry["coordinates"] = rings.map { $0.map { [-$0[0], $0[1]] } }
        features[2]["geometry"] = geometry
        json["features"] = features
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        let id = (features[2]["properties"] as! [String: Any])["id"] as! String
        let errors = Validation.check(scenarioAt: url).errors
        #expect(errors.count == 1 && errors[0].hasPrefix("estates.geojson: feature #2 (\(id)): lies ")
            && errors[0].contains(" km from the middle of the estates (it is at longitude -104.06")
            && errors[0].hasSuffix("check its coordinates (a sign, a digit, x and y swapped)"), "\(errors)")
    }

    /// One facility typed on the other side of the world among facilities beside the estates: a
    /// warning naming it (it serves no estate; a province's list may hold far points too).
    @Test func aFacilityFarFromTheEstatesIsNamed() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writeGeoJSON(into: folder)
        var csv = "id,kind,x,y\n"
        for (index, e) in PlannerDistrict.estates.enumerated() {
            let p = PlannerDistrict.lonLat(e.x + 60, e.y + 50)
            csv += "P\(index),clinic,\(index == 1 ? -p.x : p.x),\(p.y)\n"
        }
        try csv.write(to: folder.appendingPathComponent("poi.csv"), atomically: true, encoding: .utf8)
        let url = folder.appendingPathComponent("s.yaml")
        try "geodata: {estates: estates.geojson, facilities: {path: poi.csv, x: x, y: y}}\n\(PlannerDistrict.scenarioTail)"
            .write(to: url, atomically: true, encoding: .utf8)
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors.isEmpty, "\(report.errors)")
        let far = report.warnings.filter { $0.contains("km from the estates") }
        #expect(far.count == 1 && far[0].hasPrefix("poi.csv: 1 of the \(PlannerDistrict.estates.count) facilities lies more than 300 km "
            + "from the estates (P1; the first ") && far[0].contains("longitude -104.06"), "\(far)")
    }

    /// A layer read in a CRS that puts it far from the estates (here: the next Gauss–Krüger
    /// zone's metres, as a wrong `crs:` on a file without .prj would) is an error naming both
    /// CRS; an error, since every coverage figure would be 0.
    @Test func layersFarApartAreAnError() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writeGeoJSON(into: folder)
        let utm = try Transformer(
            from: CRS("EPSG:4326", in: ProjContext()), to: CRS("EPSG:32648", in: ProjContext()), in: ProjContext())
        var csv = "id,kind,x,y\n"
        for (index, e) in PlannerDistrict.estates.enumerated() {
            let p = try utm.forward([PlannerDistrict.lonLat(e.x + 60, e.y + 50)])[0]
            csv += "P\(index),clinic,\(p.x),\(p.y)\n"
        }
        try csv.write(to: folder.appendingPathComponent("poi.csv"), atomically: true, encoding: .utf8)
        let url = folder.appendingPathComponent("s.yaml")
        for (crs, far) in [("EPSG:32648", false), ("EPSG:32649", true)] {
            try "geodata: {estates: estates.geojson, facilities: {path: poi.csv, x: x, y: y, crs: \"\(crs)\"}}\n\(PlannerDistrict.scenarioTail)"
                .write(to: url, atomically: true, encoding: .utf8)
            let report = Validation.check(scenarioAt: url)
            let errors = report.errors.filter { $0.contains("km of an estate") }
            if far {
                #expect(errors.count == 1 && errors[0].hasPrefix("poi.csv: no facility lies within 5 km of an estate (the nearest ")
                    && errors[0].contains("the facilities are read as EPSG:32649, the estates as EPSG:4326"), "\(report.errors)")
            } else {
                #expect(report.errors.isEmpty, "\(report.errors)")
            }
        }
    }
}

@Suite("File Geodatabase through GDAL's OpenFileGDB driver")
struct FileGDBTests {
    /// Sites written by GDAL into a .gdb folder read as the GeoJSON sites do.
    @Test func sitesFromAFileGeodatabase() throws {
        let folder = TestFolders.fresh("renoplan-gdb")
        defer { try? FileManager.default.removeItem(at: folder) }
        let geoJSON = try PlannerDistrict.writeGeoJSON(into: folder)
        try GDALFixture.write(
            folder.appendingPathComponent("测绘成果.gdb"), driver: "OpenFileGDB", layer: "存量资源", geometry: wkbPoint,
            fields: [("编号", OFTString), ("可用面积", OFTReal), ("单价", OFTReal), ("可设功能", OFTString)],
            rows: PlannerDistrict.sites.map { s in
                (GDALFixture.wkt(.point(PlannerDistrict.lonLat(s.1, s.2))), [.text(s.0), .number(s.3), .number(s.4), .text(s.5)])
            }, epsg: 4326)  // with a CRS, the geodatabase's coordinate grid is fine (1e-9°)
        let url = folder.appendingPathComponent("gdb.yaml")
        try """
            geodata:
              estates: estates.geojson
              facilities: facilities.geojson
              sites: {path: 测绘成果.gdb, layer: 存量资源, columns: {编号: id, 可用面积: area_m2, 单价: cost_per_m2, 可设功能: kinds}}
            \(PlannerDistrict.scenarioTail)
            """.write(to: url, atomically: true, encoding: .utf8)
        let fromGDB = try District.load(Scenario.load(from: url))
        let fromJSON = try District.load(Scenario.load(from: geoJSON))
        #expect(fromGDB.sites.map(\.id) == fromJSON.sites.map(\.id))
        #expect(fromGDB.sites.map(\.areaM2) == fromJSON.sites.map(\.areaM2))
        #expect(fromGDB.sites.map(\.costPerM2Yuan) == fromJSON.sites.map(\.costPerM2Yuan))
        #expect(fromGDB.sites.map(\.kinds) == fromJSON.sites.map(\.kinds))
        for (a, b) in zip(fromGDB.siteGeometries, fromJSON.siteGeometries) { let d = try a.distance(to: b); #expect(d < 0.001, "\(d) m") }
    }

    /// A surveying bureau's geodatabase names its fields in pinyin initials (BH, KYMJ, DJ, KSGN)
    /// and gives each a Chinese alias, which ArcGIS and QGIS show. A scenario that maps the
    /// aliases reads the same sites as the GeoJSON, and so does one that maps the field names;
    /// init sees the aliases.
    @Test func geodatabaseFieldAliases() throws {
        let folder = TestFolders.fresh("renoplan-gdb-alias")
        defer { try? FileManager.default.removeItem(at: folder) }
        let geoJSON = try PlannerDistrict.writeGeoJSON(into: folder)
        let gdb = folder.appendingPathComponent("测绘成果.gdb")
        try GDALFixture.write(
            gdb, driver: "OpenFileGDB", layer: "CLZY", geometry: wkbPoint,
            fields: [("BH", OFTString), ("KYMJ", OFTReal), ("DJ", OFTReal), ("KSGN", OFTString)],
            rows: PlannerDistrict.sites.map { s in
                (GDALFixture.wkt(.point(PlannerDistrict.lonLat(s.1, s.2))), [.text(s.0), .number(s.3), .number(s.4), .text(s.5)])
            }, epsg: 4326, aliases: ["BH": "编号", "KYMJ": "可用面积", "DJ": "单价", "KSGN": "可设功能"])
        let fromJSON = try District.load(Scenario.load(from: geoJSON))
        for columns in ["{编号: id, 可用面积: area_m2, 单价: cost_per_m2, 可设功能: kinds}", "{BH: id, KYMJ: area_m2, DJ: cost_per_m2, KSGN: kinds}"] {
            let url = folder.appendingPathComponent("gdb.yaml")
            try ("geodata:\n  estates: estates.geojson\n  facilities: facilities.geojson\n  sites: {path: 测绘成果.gdb, columns: \(columns)}\n"
                + PlannerDistrict.scenarioTail).write(to: url, atomically: true, encoding: .utf8)
            let fromGDB = try District.load(Scenario.load(from: url))
            #expect(fromGDB.sites.map(\.id) == fromJSON.sites.map(\.id), "\(columns)")
            #expect(fromGDB.sites.map(\.areaM2) == fromJSON.sites.map(\.areaM2), "\(columns)")
            #expect(fromGDB.sites.map(\.kinds) == fromJSON.sites.map(\.kinds), "\(columns)")
        }
        let layer = try #require(try DataFolder.inspect(folder).layers.first { $0.file == "测绘成果.gdb" })
        #expect(layer.columns == ["编号", "可用面积", "单价", "可设功能"])
    }
}

/// The planners' form of ``PlannerDistrict`` with one mistake each, as a new user makes them:
/// every error names the file (and sheet, and spreadsheet row) or the scenario key, says what
/// the planner meant where that is plain, and comes once, not once per estate.
@Suite("Planners' data errors: one error each, naming table row, sheet or scenario key (SPEC §9)")
struct PlannerDataErrorTests {
    typealias Value = GDALFixture.Value

    /// The reserve library's header as writePlannerForm writes it.
    static let header: [(String, OGRFieldType)] = [
        ("小区编号", OFTString), ("建成年代", OFTInteger64), ("户数", OFTInteger64), ("建筑面积", OFTReal),
        ("同意率", OFTReal), ("长效管理", OFTString), ("安全等级", OFTString), ("隐患", OFTString),
        ("改造估算", OFTReal), ("楼栋数", OFTInteger64), ("备注", OFTString),
    ]

    /// Its rows: CD008 first (row 2) … CD001 last (row 9), as writePlannerForm writes them.
    static func rows() -> [(id: String, values: [Value])] {
        PlannerDistrict.estates.reversed().map { e in
            (e.id, [
                .text(e.id), .integer(e.built), .integer(e.households), .number(e.area), .number(e.consent),
                .text(e.management ? "是" : "否"), e.grade.map { .text($0) } ?? .null,
                e.hazards.isEmpty ? .null : .text(e.hazards.joined(separator: "、")), e.cost.map { .number($0) } ?? .null,
                .integer(e.buildings), .text("街道上报"),
            ])
        }
    }

    /// Writes the planners' form into a new folder, lets `change` alter it, and validates.
    func errors(
        scenario edits: [(String, String)] = [], _ change: (URL) throws -> Void = { _ in }
    ) throws -> [String] {
        let folder = TestFolders.fresh("renoplan-data-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PlannerDistrict.writePlannerForm(into: folder)
        var text = try String(contentsOf: url, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "the scenario has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        try change(folder)
        return Validation.check(scenarioAt: url).errors
    }

    func reserve(_ folder: URL, header: [(String, OGRFieldType)] = header, rows: [[Value]]) throws {
        try GDALFixture.writeWorkbook(
            folder.appendingPathComponent("储备库2025.xlsx"),
            sheets: [("说明", [("说明", OFTString)], [[.text("2025年度项目储备库")]]), ("储备库", header, rows)])
    }

    // The scenario's lines (writePlannerForm): 6 sheet: 储备库, 7 key: 小区编号, and the columns
    // mapping on lines 8–10: 户数 on 8, 同意率 and 长效管理 on 9, 改造估算 on 10.

    /// A `columns` source named with a unit the header does not have: cost_yuan would have
    /// fallen back to floor area × costs.per_m2 for every estate without a word.
    @Test func mappedColumnWithAUnitTheHeaderLacks() throws {
        let errors = try errors(scenario: [("改造估算: cost_yuan", "改造估算（元）: cost_yuan")])
        #expect(errors == [
            "scenario.yaml:10: geodata.estates.columns.改造估算（元）: no column \"改造估算（元）\" in 小区边界.shp or "
                + "储备库2025.xlsx, sheet 储备库 (did you mean '改造估算'?); cost_yuan would not be read. '改造估算' names "
                + "no unit: check that it is in 元 (yuan), as cost_yuan is (a column in 万元 would make every value "
                + "10,000 times too small)"
        ])
    }

    /// The header says 万元: suggested, never taken, and how it would be read is said.
    @Test func headerInTenThousandYuan() throws {
        var header = Self.header
        header[8].0 = "改造估算（万元）"
        let errors = try errors { try reserve($0, header: header, rows: Self.rows().map(\.values)) }
        #expect(errors == [
            "scenario.yaml:10: geodata.estates.columns.改造估算: no column \"改造估算\" in 小区边界.shp or 储备库2025.xlsx, "
                + "sheet 储备库 (did you mean '改造估算（万元）'?); cost_yuan would not be read. '改造估算（万元）' is in 万元: "
                + "mapped by its name as written, its values are read in 万元 and multiplied by 10,000 for cost_yuan "
                + "(1 万元 = 10,000 元)"
        ])
    }

    /// A header with a unit of another kind than its key's (万元 for an area): suggested with the
    /// same refusal as mapping it would give, and what to map instead.
    @Test func headerInAUnitOfAnotherKind() throws {
        var header = Self.header
        header[3].0 = "建筑面积（万元）"
        let errors = try errors { try reserve($0, header: header, rows: Self.rows().map(\.values)) }
        #expect(errors == [
            "scenario.yaml:8: geodata.estates.columns.建筑面积: no column \"建筑面积\" in 小区边界.shp or 储备库2025.xlsx, "
                + "sheet 储备库 (did you mean '建筑面积（万元）'?); floor_area_m2 would not be read. '建筑面积（万元）' is in 万元, "
                + "which is not a unit of floor_area_m2 (m²): map a column in m²"
        ])
    }

    /// Mapped as written, a column in 万元 is read in 万元: each estate's cost is the cell × 10,000
    /// (the cells hold the yuan of the data ÷ 10,000), and validate says so. A column in 万元
    /// mapped to an area is refused.
    @Test func columnInTenThousandYuanIsConverted() throws {
        var header = Self.header
        header[8].0 = "改造估算（万元）"
        let rows = Self.rows().map { row in
            row.values.enumerated().map { c, value -> Value in
                if c == 8, case .number(let yuan) = value { return .number(yuan / 1e4) }
                return value
            }
        }
        let folder = TestFolders.fresh("renoplan-wan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PlannerDistrict.writePlannerForm(into: folder)
        try reserve(folder, header: header, rows: rows)
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "改造估算: cost_yuan", with: "改造估算（万元）: cost_yuan")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let district = try District.load(Scenario.load(from: url))
        for e in PlannerDistrict.estates {
            guard let cost = e.cost else { continue }
            let read = try #require(district.estates.first { $0.id == e.id })
            #expect(abs(read.costYuan - cost) < 1e-6 * cost, "\(e.id): \(read.costYuan) for \(cost)")
        }
        let report = Validation.check(scenarioAt: url)
        // Said at the table, which has the column (it named the boundaries "or" the table).
        #expect(report.warnings.contains("储备库2025.xlsx, sheet 储备库: 改造估算（万元） is read in 万元: its values are multiplied by 10,000 for cost_yuan"),
            "\(report.warnings)")

        header[3].0 = "建筑面积（万元）"
        try reserve(folder, header: header, rows: rows)
        text = text.replacingOccurrences(of: "建筑面积: floor_area_m2", with: "建筑面积（万元）: floor_area_m2")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect(Validation.check(scenarioAt: url).errors.contains { $0.contains(
            "geodata.estates.columns.建筑面积（万元）: '建筑面积（万元）' is in 万元, which is not a unit of floor_area_m2 (m²)") },
            "\(Validation.check(scenarioAt: url).errors)")
    }

    /// `户 数` for 户数 and `长效管理机制` for 长效管理: one error each instead of eight
    /// "households is required" (and, for the optional key, no error and no schedulable estate).
    @Test func mappedColumnsWithASpaceOrALongerName() throws {
        let errors = try errors(scenario: [("户数: households", "户 数: households"), ("长效管理: management_agreed", "长效管理机制: management_agreed")])
        #expect(errors == [
            "scenario.yaml:8: geodata.estates.columns.户 数: no column \"户 数\" in 小区边界.shp or 储备库2025.xlsx, "
                + "sheet 储备库 (did you mean '户数'?); households would not be read",
            "scenario.yaml:9: geodata.estates.columns.长效管理机制: no column \"长效管理机制\" in 小区边界.shp or "
                + "储备库2025.xlsx, sheet 储备库 (did you mean '长效管理'?); management_agreed would not be read",
        ])
    }

    /// Bad cells of the table are reported at the table's row (CD003 is row 7, CD005 row 5:
    /// the rows run CD008 … CD001 from row 2), with the header as written and its key.
    @Test func badCellsNameTheSheetRowAndColumn() throws {
        var header = Self.header
        header[2].1 = OFTString  // 户数 as text, as a pasted column is
        let rows = Self.rows().map { row -> [Value] in
            var values = row.values
            if case .integer(let households) = values[2] { values[2] = .text("\(households)") }
            if row.id == "CD003" { values[2] = .text("1,2") }
            if row.id == "CD005" { values[1] = .null }
            return values
        }
        let errors = try errors { try reserve($0, header: header, rows: rows) }
        #expect(errors == [
            "储备库2025.xlsx, sheet 储备库: row 7 (CD003): 户数 (households) must be a whole number ≥ 0, got \"1,2\"",
            "储备库2025.xlsx, sheet 储备库: row 5 (CD005): 建成年代 (built_year) is required (a year such as 1988); the cell "
                + "is empty below a filled one: if it is part of a merged cell, unmerge it and fill the value down (a merged "
                + "cell's value is read in its first row only)",
        ])
        // The first data row has nothing above it: no word of merged cells.
        let first = try self.errors {
            try reserve($0, header: header, rows: rows.enumerated().map { i, row in
                var values = row
                if i == 0 { values[1] = .null }
                return values
            })
        }
        #expect(first.contains { $0.contains("row 2 (CD008): 建成年代 (built_year) is required (a year such as 1988)") && !$0.contains("merged") }, "\(first)")
    }

    /// A feature without its row: the join error alone, not also each property the row had.
    @Test func featureWithoutARowIsOneError() throws {
        let errors = try errors { try reserve($0, rows: Self.rows().filter { $0.id != "CD005" }.map(\.values)) }
        #expect(errors == ["小区边界.shp: feature #4 (CD005): no row of 储备库2025.xlsx, sheet 储备库 has 小区编号 CD005"])
    }

    @Test func wrongSheetName() throws {
        let errors = try errors(scenario: [("sheet: 储备库", "sheet: 储备库2025")]) {
            try reserve($0, rows: Self.rows().map(\.values))
        }
        #expect(errors == ["储备库2025.xlsx: has no sheet \"储备库2025\" (did you mean '储备库'?); its sheets: 说明, 储备库"])
    }

    /// An emptied sheet (GDAL leaves it out of the layers; the workbook still lists it) and a
    /// sheet with its header only (GDAL reads the header as a row under Field1, Field2, …).
    @Test func emptySheetAndHeaderOnlySheet() throws {
        let empty = try errors { folder in
            try GDALFixture.writeWorkbook(
                folder.appendingPathComponent("储备库2025.xlsx"),
                sheets: [("说明", [("说明", OFTString)], [[.text("2025年度项目储备库")]]), ("储备库", [], [])])
        }
        #expect(empty == ["储备库2025.xlsx, sheet 储备库: is empty (no header row, no rows)"])
        // GDAL writes no header for a layer without rows, and no header row for fields named
        // Field1, Field2, …: so the header goes in as the one row under such names.
        let headerOnly = try errors { folder in
            try reserve(
                folder, header: Self.header.indices.map { ("Field\($0 + 1)", OFTString) }, rows: [Self.header.map { .text($0.0) }])
        }
        #expect(headerOnly == [
            "储备库2025.xlsx, sheet 储备库: has a header row (小区编号, 建成年代, 户数, 建筑面积, 同意率, 长效管理, 安全等级, 隐患, "
                + "改造估算, 楼栋数, 备注) but no rows"
        ])
    }

    /// A Shapefile without its .dbf (and then without its .shx too).
    @Test func shapefileWithoutItsDBF() throws {
        let noDBF = try errors { try FileManager.default.removeItem(at: $0.appendingPathComponent("小区边界.dbf")) }
        #expect(noDBF == [
            "小区边界.shp: 小区边界.dbf (the attribute table: ids, names and every other column) is missing beside it: a "
                + "Shapefile is the .shp, .shx, .dbf (and .prj, .cpg) together; copy it from where the .shp came from"
        ])
        let neither = try errors { folder in
            for ext in ["dbf", "shx"] { try FileManager.default.removeItem(at: folder.appendingPathComponent("小区边界.\(ext)")) }
        }
        #expect(neither == [
            "小区边界.shp: 小区边界.dbf (the attribute table: ids, names and every other column) and 小区边界.shx (the shape "
                + "index) are missing beside it: a Shapefile is the .shp, .shx, .dbf (and .prj, .cpg) together; copy them "
                + "from where the .shp came from"
        ])
    }

    @Test func csvRenamedXLSX() throws {
        let errors = try errors { folder in
            try "小区编号,建成年代,户数\nCD001,1985,420\n".write(
                to: folder.appendingPathComponent("储备库2025.xlsx"), atomically: true, encoding: .utf8)
        }
        #expect(errors == [
            "储备库2025.xlsx: is not an Excel workbook: it is text, probably a CSV file renamed .xlsx: rename it "
                + "储备库2025.csv (and write table: 储备库2025.csv, without sheet:, in geodata.estates), or open it in Excel "
                + "or WPS and save it as an Excel Workbook (.xlsx)"
        ])
    }

    /// The boundaries hold the office's codes 0001 … 0008 as text; Excel made them the numbers
    /// 1 … 8. One error for the pair, with an example of each side.
    @Test func keysThatDifferByLeadingZeros() throws {
        let errors = try errors { folder in
            try GDALFixture.write(
                folder.appendingPathComponent("小区边界.shp"), driver: "ESRI Shapefile", layer: "小区边界", geometry: wkbPolygon,
                fields: [("小区编号", OFTString), ("小区名称", OFTString)],
                rows: PlannerDistrict.estates.map { e in
                    (GDALFixture.wkt(PlannerDistrict.rect(e.x, e.y)), [.text("000" + e.id.suffix(1)), .text(e.name)])
                },
                layerOptions: ["ENCODING=LDID/77"])
            try reserve(folder, header: [("小区编号", OFTInteger64)] + Self.header.dropFirst(), rows: Self.rows().map { row in
                [.integer(Int(row.id.suffix(3))!)] + row.values.dropFirst()
            })
        }
        #expect(errors == [
            "储备库2025.xlsx, sheet 储备库: no row matches a feature of 小区边界.shp by 小区编号 (8 rows, 8 features): the keys "
                + "differ only by leading zeros (小区边界.shp has 0001, the table has 1), as when Excel stores a code typed "
                + "into a number cell: store 小区编号 as text in Excel (format the column as Text/文本, then type or paste "
                + "the codes again) or write the codes the same way in both files"
        ])
    }

    /// A GBK CSV: the advice is the scenario key, not a .cpg a CSV cannot have.
    /// Without x and y, a table whose column says it holds both is named in the fix; with them,
    /// a cell that is not two numbers is an error at its row.
    @Test func locationColumnErrors() throws {
        let unnamed = try errors(scenario: [("x: lng, y: lat, ", "")]) { try LocationColumnTests.joinCoordinates(in: $0) }
        #expect(unnamed == [
            "设施点.csv: is a table: name its coordinate columns in geodata.facilities: x: …, y: … (its columns: 编号, 类型, 面积, "
                + "location); if location holds both as \"lng,lat\" (as Amap's API gives them), write x: location, y: location"
        ])
        let bad = try errors(scenario: [("x: lng, y: lat", "x: location, y: location")]) { folder in
            try LocationColumnTests.joinCoordinates(in: folder, separator: "/")
        }
        // One error per row, and no other: every row refused leaves the columns mapped all the same.
        #expect(bad.count == 5, "\(bad)")
        #expect(bad.first?.hasPrefix("设施点.csv: row 2 (F01): has no coordinates: location must hold x,y (lng,lat) as two numbers, got \"104.") == true, "\(bad)")
    }

    /// A where: on a CSV: a Chinese column name without quotes, and a number compared with a
    /// text column, each get GDAL's reason and the fix; written as the fix says, the condition
    /// keeps the facilities it should (F01 alone has 面积 above 50).
    @Test func whereOnACSVSaysHowToWriteIt() throws {
        func errors(_ condition: String) throws -> [String] {
            try self.errors(scenario: [("{path: 设施点.csv, ", "{path: 设施点.csv, where: '\(condition)', ")])
        }
        let unquoted = try errors("面积 > 50")
        #expect(unquoted.count == 1 && unquoted[0].contains("(a column name that is not plain ASCII letters goes in double quotes: \"面积\")"), "\(unquoted)")
        let text = try errors("\"面积\" > 50")
        #expect(text.count == 1 && text[0].contains("compare a number as CAST(\"面积\" AS float) > 1000"), "\(text)")
        #expect(try errors("CAST(\"面积\" AS float) > 50") == [])
        let folder = TestFolders.fresh("renoplan-where-csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PlannerDistrict.writePlannerForm(into: folder)
        let scenario = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "{path: 设施点.csv, ", with: "{path: 设施点.csv, where: 'CAST(\"面积\" AS float) > 50', ")
        try scenario.write(to: url, atomically: true, encoding: .utf8)
        let district = try District.load(Scenario.load(from: url))
        #expect(district.facilities.map(\.id) == PlannerDistrict.facilities.filter { ($0.4 ?? 0) > 50 }.map(\.0))
    }

    /// A where: on a GBK CSV (encoding: cp936) names its Chinese column and value in UTF-8, as
    /// the scenario is written; GDAL compares the file's own bytes, so renoplan hands it the
    /// condition in GBK. Before, nothing matched and every facility was left out in silence.
    @Test func whereOnAGBKCSV() throws {
        let folder = TestFolders.fresh("renoplan-where-gbk")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PlannerDistrict.writePlannerForm(into: folder)
        let csv = folder.appendingPathComponent("设施点.csv")
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").enumerated().map { i, row in
            row + (i == 0 ? ",来源" : i % 2 == 1 ? ",高德地图" : ",百度地图")
        }
        let utf8 = rows.joined(separator: "\n") + "\n"
        let gbk: [UInt8] = utf8.withCString { text in
            let recoded: UnsafeMutablePointer<CChar> = CPLRecode(text, "UTF-8", "CP936")
            defer { VSIFree(recoded) }
            return Array(UnsafeRawBufferPointer(start: recoded, count: strlen(recoded)))
        }
        try Data(gbk).write(to: csv)
        let condition = "'\"来源\" = ''高德地图'''"
        let scenario = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: "{path: 设施点.csv, ", with: "{path: 设施点.csv, encoding: cp936, where: \(condition), ")
        try scenario.write(to: url, atomically: true, encoding: .utf8)
        let district = try District.load(Scenario.load(from: url))
        let expected = PlannerDistrict.facilities.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.0)
        #expect(district.facilities.map(\.id) == expected)
    }

    /// The reserve library leaves 安全等级 empty for CD007 and CD002, each below a graded row
    /// (the rows run CD008 … CD001), and every required cell filled: an optional cell left empty
    /// is an absent value, and the count of defaults says no more (it spoke of merged cells,
    /// which a planner whose sheet had none found misleading).
    @Test func defaultsBelowFilledCellsAreAbsentValues() throws {
        let folder = TestFolders.fresh("renoplan-merged")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PlannerDistrict.writePlannerForm(into: folder)
        let warnings = Validation.check(scenarioAt: url).warnings
        #expect(warnings.contains("小区边界.shp: 2 of 8 estates have no safety_grade: taken as B"), "\(warnings)")
    }

    /// Where a required cell of the same row is empty below a filled one too, the rows look merged:
    /// the count of the optional defaults says so for those rows.
    @Test func optionalDefaultsBesideARequiredGapMayBeMerged() throws {
        func row(_ index: Int, _ properties: [String: JSONValue], below: Set<String>) -> RawFeature {
            RawFeature(index: index, id: "E\(index)", properties: properties, shape: .point(Point2(x: 0, y: 0)), emptyBelowValue: below)
        }
        let graded: [String: JSONValue] = ["safety_grade": "C", "built_year": 1990]
        let features = [
            row(0, graded, below: []),
            row(1, ["built_year": 1990], below: ["safety_grade"]),  // an empty grade, the year given
            row(2, [:], below: ["safety_grade", "built_year"]),  // the grade and the year empty: merged?
        ]
        let scenario = try Scenario.parse(
            "name: t\ngeodata: {estates: e.geojson}\nhorizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n",
            file: URL(fileURLWithPath: "/tmp/s.yaml"))
        let notes = DefaultsReport.estates(features, file: "储备库.xlsx", scenario: scenario).map(\.description)
        #expect(notes.contains(
            "储备库.xlsx: 2 of 3 estates have no safety_grade: taken as B; 1 of them is empty below a filled cell of the "
                + "sheet: if merged cells, unmerge them and fill the values down (a merged cell's value is read in its first row only)"),
            "\(notes)")
    }

    @Test func gbkCSVNamesTheEncodingKey() throws {
        let errors = try errors { folder in
            let utf8 = "编号,类型,面积,lng,lat\n" + "F01,clinic,,104.06,30.65\n"
            let gbk: [UInt8] = utf8.withCString { text in
                let recoded: UnsafeMutablePointer<CChar> = CPLRecode(text, "UTF-8", "CP936")
                defer { VSIFree(recoded) }
                return Array(UnsafeRawBufferPointer(start: recoded, count: strlen(recoded)))
            }
            #expect(String(validating: gbk, as: UTF8.self) == nil)
            try Data(gbk).write(to: folder.appendingPathComponent("设施点.csv"))
        }
        #expect(errors == [
            "设施点.csv: its column names are not UTF-8: say which encoding the file is in, e.g. add encoding: cp936 to "
                + "geodata.facilities (a CSV saved by Excel or WPS on a Chinese Windows is usually GBK/cp936)"
        ])
    }
}
