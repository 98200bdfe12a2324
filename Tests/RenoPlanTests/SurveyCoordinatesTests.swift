import CXLSX
import Foundation
import Testing

@testable import RenoPlan

/// Survey coordinates whose CRS is not the one declared: the zone number written in front of
/// the easting (or left out), and tables whose X is the northing (SPEC §1, §9). The fix each
/// error names is then applied, and the district must validate: the suggestion is checked by
/// using it, not by its wording alone.
@Suite("Survey coordinates: zone numbers and northing first")
struct SurveyCoordinatesTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../geodata/demo").standardizedFileURL

    /// The demo's three layers, each position moved by `move`, into a fresh folder, and a
    /// function writing a scenario over them with a crs and a facilities layer.
    func district(move: (Point2) -> Point2) throws -> (folder: URL, scenario: (String, String) throws -> URL) {
        let folder = TestFolders.fresh("renoplan-survey")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["estates", "facilities", "sites"] {
            let data = try Data(contentsOf: Self.demo.appendingPathComponent("\(name).geojson"))
            try JSONIO.encode(try JSONIO.decode(data).movingPositions(move)).write(to: folder.appendingPathComponent("\(name).geojson"))
        }
        func scenario(_ crs: String, _ facilities: String) throws -> URL {
            let url = folder.appendingPathComponent("scenario-\(UUID().uuidString).yaml")
            try """
                geodata: {estates: estates.geojson, facilities: \(facilities), sites: sites.geojson}
                crs: \(crs)
                horizon: {start: 2025, years: 2}
                budget: {annual_yuan: 3.0e8}
                """.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        return (folder, scenario)
    }

    /// The demo's facilities as a survey office's table: 编号, 类型, 面积, then X the northing and
    /// Y the easting (each moved by `move` first).
    func surveyTable(into url: URL, move: (Point2) -> Point2 = { $0 }) throws {
        let data = try Data(contentsOf: Self.demo.appendingPathComponent("facilities.geojson"))
        guard case .object(let collection) = try JSONIO.decode(data), case .array(let features)? = collection["features"] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        var csv = "编号,类型,面积,X,Y\n"
        for case .object(let feature) in features {
            guard case .object(let p)? = feature["properties"], case .object(let g)? = feature["geometry"],
                case .array(let c)? = g["coordinates"]
            else { continue }
            let at = move(Point2(x: c[0].numberValue!, y: c[1].numberValue!))
            csv += "\(p["id"]!.stringValue!),\(p["kind"]!.stringValue!),\(p["capacity_m2"]?.numberValue.map { String($0) } ?? ""),"
                + "\(at.y),\(at.x)\n"
        }
        try csv.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The EPSG code an error tells the planner to write.
    func suggested(_ error: String) -> String? {
        guard let range = error.range(of: "write crs: ") else { return nil }
        return String(error[range.upperBound...].prefix { $0 != " " })
    }

    /// The demo (EPSG:4547, CGCS2000 3-degree zone CM 114E) with the zone number 38 written in
    /// front of every easting: each layer's error names its first feature and EPSG:4526 (3-degree
    /// zone 38: 3 × 38 = 114), and with that crs the district loads at the demo's own places.
    @Test func zoneNumberInTheEasting() throws {
        let (folder, scenario) = try district { Point2(x: $0.x + 38_000_000, y: $0.y) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let errors = Validation.check(scenarioAt: try scenario("EPSG:4547", "facilities.geojson")).errors
        #expect(errors.count == 3, "\(errors)")
        #expect(errors[0].hasPrefix("estates.geojson: feature #0 (E0001): coordinate [38510332.76, 3386127.17] lies outside"), "\(errors[0])")
        #expect(errors[0].contains("all 300 estates"), "\(errors[0])")
        #expect(errors[0].contains("zone number 38") && errors[0].hasSuffix("in the scenario's crs"), "\(errors[0])")
        #expect(errors.map(suggested) == ["EPSG:4526", "EPSG:4526", "EPSG:4526"], "\(errors)")
        // The facilities and sites take the scenario's crs: the estates' fix is theirs too.
        #expect(errors[1].hasSuffix("in the scenario's crs, as for the estates"), "\(errors[1])")

        let fixed = try District.load(Scenario.load(from: try scenario("EPSG:4526", "facilities.geojson")))
        let original = try District.load(Scenario.load(from: Self.demo.appendingPathComponent("../../scenarios/demo.yaml")))
        #expect(fixed.estates.count == 300)
        // The working CRS is the input's, so the numbered zone's metres are the demo's plus
        // 38,000 km; after taking that off, the same polygons.
        for (a, b) in zip(fixed.estates, original.estates) {
            let ax = a.shape.allPoints.map(\.x), bx = b.shape.allPoints.map(\.x)
            #expect(zip(ax, bx).allSatisfy { abs($0 - 38_000_000 - $1) < 1e-6 })
        }
    }

    /// The reverse: plain eastings under the numbered zone's code name the plain zone.
    @Test func zoneNumberMissing() throws {
        let (folder, scenario) = try district { $0 }
        defer { try? FileManager.default.removeItem(at: folder) }
        let errors = Validation.check(scenarioAt: try scenario("EPSG:4526", "facilities.geojson")).errors
        #expect(errors.count == 3 && errors[0].contains("has no zone number in front"), "\(errors)")
        #expect(Set(errors.compactMap(suggested)) == ["EPSG:4547"], "\(errors)")
        #expect(Validation.check(scenarioAt: try scenario("EPSG:4547", "facilities.geojson")).errors == [])
    }

    /// A survey table of facilities with X the northing and Y the easting, mapped x: X, y: Y:
    /// the error says the points look northing first and gives the mapping that validates.
    @Test func northingFirstTable() throws {
        let (folder, scenario) = try district { $0 }
        defer { try? FileManager.default.removeItem(at: folder) }
        try surveyTable(into: folder.appendingPathComponent("poi.csv"))
        func table(_ x: String, _ y: String) -> String { "{path: poi.csv, x: \(x), y: \(y), columns: {编号: id, 类型: kind, 面积: capacity_m2}}" }
        let errors = Validation.check(scenarioAt: try scenario("EPSG:4547", table("X", "Y"))).errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("poi.csv: row 2 (F0001): coordinate [3385936.3") == true, "\(errors)")
        #expect(errors.first?.contains("It looks northing first") == true && errors.first?.hasSuffix("map x: Y and y: X in geodata.facilities") == true, "\(errors)")
        #expect(Validation.check(scenarioAt: try scenario("EPSG:4547", table("Y", "X"))).errors == [])
    }

    /// One estate with the zone number typed in, the rest right: one error, at that estate, which
    /// says what is wrong with it; the other layers pass.
    @Test func oneMistypedEstate() throws {
        let (folder, scenario) = try district { $0 }
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("estates.geojson")
        guard case .object(var collection) = try JSONIO.decode(try Data(contentsOf: url)), case .array(var features)? = collection["features"] else {
            Issue.record("demo estates unreadable")
            return
        }
        features[5] = features[5].movingPositions { Point2(x: $0.x + 38_000_000, y: $0.y) }
        collection["features"] = .array(features)
        try JSONIO.encode(.object(collection)).write(to: url)
        let errors = Validation.check(scenarioAt: try scenario("EPSG:4547", "facilities.geojson")).errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("estates.geojson: feature #5 (E0006): coordinate [385") == true, "\(errors)")
        #expect(errors.first?.contains("The other estates lie inside it: x = ") == true && errors.first?.contains("zone number 38") == true, "\(errors)")
        #expect(errors.first?.hasSuffix("correct this estate's coordinates") == true, "\(errors)")
    }

    /// `renoplan init` on a survey office's folder: estates in GeoJSON with the zone number in
    /// their eastings and no CRS, facilities as a table whose X is the northing (plain eastings).
    /// It names the numbered zone for the scenario, the plain one for the table, and swaps x
    /// and y; with the budget filled in, the scenario validates.
    @Test func initReadsTheZoneAndTheAxes() throws {
        let (folder, _) = try district { Point2(x: $0.x + 38_000_000, y: $0.y) }
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("facilities.geojson"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sites.geojson"))
        try surveyTable(into: folder.appendingPathComponent("设施.csv"))
        let text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "survey", year: 2026)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("crs: EPSG:4526 ") && $0.contains("CHECK") && $0.contains("zone number 38") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("    crs: EPSG:4547 ") && $0.contains("CHECK") }, "\(text)")
        #expect(lines.contains("    x: \"Y\""), "\(text)")
        #expect(lines.contains { $0.hasPrefix("    y: X ") && $0.contains("northings") }, "\(text)")
        let url = folder.appendingPathComponent("scenario.yaml")
        try text.replacingOccurrences(of: "annual_yuan: 1.0e8", with: "annual_yuan: 3.5e8").write(to: url, atomically: true, encoding: .utf8)
        #expect(Validation.check(scenarioAt: url).errors == [])
    }

    /// The same facilities as an office's workbook: a title merged across the sheet above the
    /// header, X坐标 the northing. init finds the header below the title, reads the first rows'
    /// numbers there, and maps x to Y坐标; the scenario validates.
    @Test func initReadsTheAxesBelowATitleRow() throws {
        let (folder, _) = try district { Point2(x: $0.x + 38_000_000, y: $0.y) }
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["facilities.geojson", "sites.geojson"] { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        let csv = folder.appendingPathComponent("table.csv")
        try surveyTable(into: csv)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        try FileManager.default.removeItem(at: csv)
        let book = try #require(workbook_new(folder.appendingPathComponent("设施调查.xlsx").path))
        let sheet = workbook_add_worksheet(book, "设施")
        worksheet_merge_range(sheet, 0, 0, 0, 4, "某区公共服务设施调查表（2026年）", nil)
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() {
                if r > 0, c >= 2, let value = Double(cell) {
                    worksheet_write_number(sheet, lxw_row_t(r + 1), lxw_col_t(c), value, nil)
                } else if !cell.isEmpty {
                    worksheet_write_string(sheet, lxw_row_t(r + 1), lxw_col_t(c), r == 0 && c >= 3 ? "\(cell)坐标" : String(cell), nil)
                }
            }
        }
        #expect(workbook_close(book) == LXW_NO_ERROR)
        let text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "survey", year: 2026)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("    x: Y坐标") && lines.contains { $0.hasPrefix("    y: X坐标 ") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("    crs: EPSG:4547 ") }, "\(text)")
        let url = folder.appendingPathComponent("scenario.yaml")
        try text.replacingOccurrences(of: "annual_yuan: 1.0e8", with: "annual_yuan: 3.5e8").write(to: url, atomically: true, encoding: .utf8)
        #expect(Validation.check(scenarioAt: url).errors == [])
    }

    /// What a table's coordinate columns hold, on values worked out by hand: Wuhan in lon/lat;
    /// CGCS2000 CM 114E metres easting first and northing first; zone-38 eastings; and two
    /// columns that could each be a northing (left as they are).
    @Test func classifiesTableCoordinates() {
        typealias C = SurveyCoordinates
        #expect(C.classify(x: [114.3, 114.31], y: [30.6, 30.61]) == .lonLat)
        #expect(C.classify(x: [510_332.76, 511_132.07], y: [3_386_127.17, 3_385_936.30]) == .metres(northingFirst: false, zone: nil))
        #expect(C.classify(x: [3_386_127.17, 3_385_936.30], y: [510_332.76, 511_132.07]) == .metres(northingFirst: true, zone: nil))
        #expect(C.classify(x: [3_386_127.17], y: [38_510_332.76]) == .metres(northingFirst: true, zone: 38))
        #expect(C.classify(x: [38_510_332.76, 37_499_000], y: [3_386_127.17, 3_386_000]) == .metres(northingFirst: false, zone: nil))
        #expect(C.classify(x: [3_386_127.17], y: [3_386_000]) == .metres(northingFirst: false, zone: nil))
        #expect(C.classify(x: [], y: [1]) == nil)
        #expect(C.zoneNumber(ofEasting: 38_510_332.76) == 38 && C.zoneNumber(ofEasting: 24_500_000) == nil)
        #expect(C.numberedZone(38) == "EPSG:4526" && C.numberedZone(20) == "EPSG:4498")
        #expect(C.plainZone(of: "EPSG:4526") == "EPSG:4547" && C.plainZone(of: "EPSG:4547") == nil)
    }

    /// A city's grid given as surveying software writes it: a PROJ string without `+type=crs`,
    /// or the WKT of a .prj pasted into the scenario. Both define EPSG:4547's projection here, so
    /// every estate must come out at the same longitude and latitude as under EPSG:4547.
    @Test func projStringAndWKT() throws {
        let (folder, scenario) = try district { $0 }
        defer { try? FileManager.default.removeItem(at: folder) }
        let proj = "\"+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs\""
        let wkt = "|\n  PROJCS[\"city grid\",GEOGCS[\"CGCS2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],"
            + "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",114.0],"
            + "PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]"
        let reference = try District.load(Scenario.load(from: try scenario("EPSG:4547", "facilities.geojson")))
        for crs in [proj, wkt] {
            let district = try District.load(Scenario.load(from: try scenario(crs, "facilities.geojson")))
            for k in [0, 150, 299] {
                let a = try district.lonLat(district.estates[k].shape).allPoints, b = try reference.lonLat(reference.estates[k].shape).allPoints
                #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0.x - $1.x) < 1e-8 && abs($0.y - $1.y) < 1e-8 }, "\(crs)")
            }
        }
    }

    /// The table of Gauss–Krüger families is EPSG's: each code is the zone PROJ's database says,
    /// with the central meridian worked out from the zone number (6-degree zone n: 6n − 3;
    /// 3-degree zone n: 3n) and the datum in its name.
    @Test func familiesAreEPSGs() throws {
        let proj = ProjContext()
        for family in SurveyCoordinates.families {
            for k in 0..<family.zones {
                let zone = family.firstZone + k
                let meridian = family.zones == 11 ? 6 * zone - 3 : 3 * zone
                let numbered = try CRS("EPSG:\(family.numbered + k)", in: proj)
                let plain = try CRS("EPSG:\(family.plain + k)", in: proj)
                #expect(numbered.name.hasPrefix(family.datum) && numbered.name.hasSuffix("Gauss-Kruger zone \(zone)"), "\(numbered.name)")
                #expect(plain.name.hasPrefix(family.datum) && plain.name.hasSuffix("Gauss-Kruger CM \(meridian)E"), "\(plain.name)")
            }
        }
    }
}
