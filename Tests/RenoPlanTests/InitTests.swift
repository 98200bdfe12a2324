import Foundation
import Testing

@testable import RenoPlan

@Suite("renoplan init: a starting scenario from a data folder")
struct InitTests {
    func plannerFolder() throws -> URL {
        let folder = TestFolders.fresh("renoplan-init")
        _ = try PlannerDistrict.writePlannerForm(into: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("scenario.yaml"))
        return folder
    }

    /// A fresh folder with the demo's files `names`, as a planner would drop them in.
    func demoFolder(_ names: [String]) throws -> URL {
        let folder = TestFolders.fresh("renoplan-init-demo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../geodata/demo").standardizedFileURL
        for name in names {
            try FileManager.default.copyItem(at: demo.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// MapInfo and KML files are found too. MapInfo writes the demo's EPSG:4547 unnamed on WGS
    /// 84, so GDAL finds no code; init names the zone with a CHECK, KML's Name column is mapped,
    /// and the scenario it writes (budget filled in) validates.
    @Test func mapInfoAndKMLFiles() throws {
        let demo = try demoFolder(["estates.geojson", "facilities.geojson"])
        defer { try? FileManager.default.removeItem(at: demo) }
        let folder = demo.appendingPathComponent("converted")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try GDALFixture.translate(
            demo.appendingPathComponent("estates.geojson"), to: folder.appendingPathComponent("小区.tab"),
            arguments: ["-f", "MapInfo File", "-a_srs", "EPSG:4547"])
        try GDALFixture.translate(
            demo.appendingPathComponent("facilities.geojson"), to: folder.appendingPathComponent("设施.kml"),
            arguments: ["-f", "KML", "-s_srs", "EPSG:4547", "-t_srs", "EPSG:4326"])
        let data = try DataFolder.inspect(folder)
        #expect(data.layers.map(\.file) == ["小区.tab", "设施.kml"])
        let text = ScenarioStarter.scenario(for: data, name: "测试", year: 2026)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("crs: EPSG:4547 ") && $0.contains("CHECK") }, "\(text)")
        #expect(lines.contains("      Name: name"), "\(text)")
        let scenario = folder.appendingPathComponent("scenario.yaml")
        try text.replacingOccurrences(of: "annual_yuan: 1.0e8", with: "annual_yuan: 3.5e8").write(to: scenario, atomically: true, encoding: .utf8)
        #expect(Validation.check(scenarioAt: scenario).errors == [])
    }

    @Test func guessesLayersJoinAndChineseColumns() throws {
        let folder = try plannerFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try DataFolder.inspect(folder)
        #expect(Set(data.layers.map(\.file)) == ["小区边界.shp", "储备库2025.xlsx", "设施点.csv", "存量资源.gpkg"])
        let text = ScenarioStarter.scenario(for: data, name: "测试", year: 2026)
        for line in [
            "  estates:", "    path: 小区边界.shp", "    table: 储备库2025.xlsx", "    sheet: 储备库", "    key: 小区编号",
            "      小区编号: id", "      小区名称: name", "      建成年代: built_year", "      户数: households",
            "      建筑面积: floor_area_m2", "      同意率: consent", "      长效管理: management_agreed",
            "      楼栋数: buildings", "      改造估算: cost_yuan", "  facilities:", "    path: 设施点.csv", "    x: lng",
            "    y: lat", "      类型: kind", "      面积: capacity_m2", "  sites:", "    path: 存量资源.gpkg",
        ] {
            #expect(text.split(separator: "\n").contains { $0.hasPrefix(line) }, "no line \(line) in\n\(text)")
        }
        #expect(!text.contains("CHECK: no column found"), "\(text)")

        // Written out, with the facilities' crs set to what the planner knows (GCJ-02), it reads
        // the same estates and facilities as the hand-written mapping.
        let scenarioURL = folder.appendingPathComponent("scenario.yaml")
        try text.replacingOccurrences(of: "    crs: EPSG:4326", with: "    crs: GCJ-02")
            .write(to: scenarioURL, atomically: true, encoding: .utf8)
        let district = try District.load(Scenario.load(from: scenarioURL))
        #expect(district.estates.map(\.id).sorted() == PlannerDistrict.estates.map(\.id).sorted())
        for row in PlannerDistrict.estates {
            let estate = try #require(district.estates.first { $0.id == row.id })
            #expect(estate.households == row.households && estate.builtYear == row.built && estate.consent == row.consent)
        }
        #expect(district.facilities.count == PlannerDistrict.facilities.count)
        #expect(district.sites.count == PlannerDistrict.sites.count)
    }

    /// GeoJSON exports mix Polygon and MultiPolygon (GDAL calls such a layer "unknown"), sites
    /// mix points and polygons, and projected coordinates come without a CRS: the demo's own
    /// files, as a planner would drop them in a folder.
    @Test func mixedGeometryTypesAndProjectedCoordinates() throws {
        let folder = try demoFolder(["estates.geojson", "facilities.geojson", "sites.geojson"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try DataFolder.inspect(folder)
        let byFile = Dictionary(uniqueKeysWithValues: data.layers.map { ($0.file, $0.geometry) })
        #expect(byFile == ["estates.geojson": .polygon, "facilities.geojson": .point, "sites.geojson": .point])
        let text = ScenarioStarter.scenario(for: data, name: "demo", year: 2026)
        for line in ["  estates:", "    path: estates.geojson", "  sites:", "    path: sites.geojson", "crs: CHECK"] {
            #expect(text.split(separator: "\n").contains { $0.hasPrefix(line) }, "no line \(line) in\n\(text)")
        }
        #expect(!text.contains("table: sites.geojson"), "\(text)")
        // What each layer holds: the demo's sites are 34 Points and 16 Polygons, its estates 291
        // Polygons and 9 MultiPolygons (counted in the files).
        #expect(text.contains("  sites:                       # 34 points, 16 polygons\n"), "\(text)")
        #expect(text.contains("  estates:                       # 300 polygons\n"), "\(text)")
    }

    /// A line layer is taken as walkways with the reason, marked CHECK, with every line layer
    /// listed. 道路中心线 (2 lines) says 道路 (road) in its name and wins over 河流 (rivers, 3 lines,
    /// more but nothing says walkways); a layer whose column is OpenStreetMap's `highway` says so
    /// by its column; with nothing to say so, the largest is taken, a railway or a river only
    /// when nothing else is left; a lone layer of contours is still taken, as the only line
    /// layer, but the comment and the console say that nothing in it says walkways.
    @Test func walkwaysSayWhyAndListTheLineLayers() throws {
        let folder = try demoFolder(["estates.geojson"])
        defer { try? FileManager.default.removeItem(at: folder) }
        func lines(_ name: String, _ count: Int, _ column: String) throws {
            let features = (0..<count).map { i in
                "{\"type\": \"Feature\", \"properties\": {\"\(column)\": \"x\"}, \"geometry\": {\"type\": \"LineString\", "
                    + "\"coordinates\": [[\(511000 + 10 * i), 3385000], [\(511000 + 10 * i), 3385100]]}}"
            }
            try ("{\"type\": \"FeatureCollection\", \"features\": [" + features.joined(separator: ",") + "]}")
                .write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try lines("河流.geojson", 3, "名称")
        try lines("道路中心线.geojson", 2, "名称")
        var text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "lines", year: 2026)
        #expect(text.contains(
            "  # CHECK: walkways taken from 道路中心线.geojson (2 lines) because its name says '道路': is it the pedestrian network? "
                + "2 line layers: 道路中心线.geojson (2 lines), 河流.geojson (3 lines)\n  walkways:"), "\(text)")
        // Walkways are taken to be used: walking distance, marked CHECK.
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("distance: network ") && $0.contains("CHECK") }, "\(text)")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("道路中心线.geojson"))
        try lines("osm_lines.geojson", 2, "highway")
        text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "lines", year: 2026)
        #expect(text.contains("  # CHECK: walkways taken from osm_lines.geojson (2 lines) because it has a column 'highway'"), "\(text)")

        // Nothing says walkways: the larger layer, but a railway only when nothing else is left.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("osm_lines.geojson"))
        try lines("network.geojson", 2, "名称")
        try lines("铁路.geojson", 5, "名称")
        text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "lines", year: 2026)
        #expect(text.contains("  # CHECK: walkways taken from network.geojson (2 lines) as the largest line layer not named as a "
            + "railway, river, contour or boundary, though nothing in its name or columns says walkways or streets: is it the "
            + "pedestrian network? 3 line layers: network.geojson (2 lines), 铁路.geojson (5 lines), 河流.geojson (3 lines)\n"), "\(text)")

        for name in ["network.geojson", "河流.geojson", "铁路.geojson"] { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        try lines("contours.geojson", 4, "elev")
        let run = try CLIRunner.run(["init", folder.path], logs: folder.appendingPathComponent("logs"))
        #expect(run.status == 0, "\(run.transcript)")
        let note = "CHECK: walkways taken from contours.geojson (4 lines) as the only line layer, though nothing in its name or "
            + "columns says walkways or streets: is it the pedestrian network?"
        #expect(run.stdout.contains(note + "\n"), "\(run.transcript)")
        #expect(try String(contentsOf: folder.appendingPathComponent("scenario.yaml"), encoding: .utf8).contains("  # " + note + "\n"))
    }

    /// Two polygon layers: the demo's estates (300, every estate column) and a buildings layer with
    /// more features and no column renoplan reads. The estates are the estates, said with CHECK.
    @Test func estatesAreThePolygonLayerWithEstateColumns() throws {
        let folder = try demoFolder(["estates.geojson"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let footprints = (0..<400).map { i -> String in
            let (x, y) = (511000.0 + Double(i % 20) * 30, 3385000.0 + Double(i / 20) * 30)
            return "{\"type\": \"Feature\", \"properties\": {\"bid\": \(i)}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                + "[[[\(x), \(y)], [\(x + 10), \(y)], [\(x + 10), \(y + 10)], [\(x), \(y)]]]}}"
        }
        try ("{\"type\": \"FeatureCollection\", \"features\": [" + footprints.joined(separator: ",") + "]}")
            .write(to: folder.appendingPathComponent("buildings.geojson"), atomically: true, encoding: .utf8)
        let text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "two", year: 2026)
        let lines = text.split(separator: "\n").map(String.init)
        let estates = try #require(lines.firstIndex { $0.hasPrefix("  estates:") })
        #expect(lines[estates + 1] == "    path: estates.geojson", "\(text)")
        #expect(lines[estates - 1].hasPrefix("  # CHECK: 2 polygon layers; the estates are taken from estates.geojson"), "\(text)")
        #expect(lines.contains { $0.hasPrefix("  # not used: buildings.geojson") }, "\(text)")
    }

    /// A reserve library that gives each estate's centre (X, Y) beside its properties is the
    /// estates' table, joined to the boundaries, not a layer of facility points; with no
    /// boundaries, the estates line says what to do with it. And a scenario that takes such a
    /// table for the estates themselves is one error, not one per row.
    @Test func reserveLibraryWithCoordinatesIsATable() throws {
        let folder = try demoFolder(["estates.geojson", "facilities.geojson"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try JSONIO.decode(try Data(contentsOf: folder.appendingPathComponent("estates.geojson")))
        guard case .array(let features)? = demo["features"] else { Issue.record("demo estates unreadable"); return }
        var csv = "小区编号,建成年代,户数,建筑面积,同意率,X,Y\n"
        for feature in features {
            guard let p = feature["properties"], let geometry = feature["geometry"] else { continue }
            var corner: Point2?  // the boundary's first corner stands for the estate's place
            _ = geometry.movingPositions { point in
                if corner == nil { corner = point }
                return point
            }
            csv += "\(p["id"]!.stringValue!),\(p["built_year"]!.numberValue!),\(p["households"]!.numberValue!),"
                + "\(p["floor_area_m2"]!.numberValue!),\(p["consent"]!.numberValue!),\(corner!.x),\(corner!.y)\n"
        }
        try csv.write(to: folder.appendingPathComponent("储备库.csv"), atomically: true, encoding: .utf8)
        // The boundaries as a surveying bureau gives them: an id column and nothing else.
        let boundaries = features.map { feature -> JSONValue in
            ["type": "Feature", "properties": ["小区编号": feature["properties"]!["id"]!], "geometry": feature["geometry"]!]
        }
        try JSONIO.encode(["type": "FeatureCollection", "features": .array(boundaries)])
            .write(to: folder.appendingPathComponent("estates.geojson"))
        var text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "library", year: 2026)
        var lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("    table: 储备库.csv") }, "\(text)")
        #expect(lines.contains("    key: 小区编号"), "\(text)")
        #expect(lines.contains("    path: facilities.geojson"), "\(text)")
        #expect(!lines.contains("    path: 储备库.csv"), "\(text)")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("estates.geojson"))
        text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "library", year: 2026)
        lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  estates: CHECK") && $0.hasSuffix("join it to the boundaries with table: 储备库.csv and key: 小区编号") }, "\(text)")
        #expect(!lines.contains("    path: 储备库.csv"), "\(text)")

        let url = folder.appendingPathComponent("points.yaml")
        try """
            geodata: {estates: {path: 储备库.csv, x: X, y: "Y", columns: {小区编号: id, 建成年代: built_year, 户数: households, 建筑面积: floor_area_m2, 同意率: consent}}}
            crs: EPSG:4547
            horizon: {start: 2026, years: 2}
            budget: {annual_yuan: 1.0e8}
            """.write(to: url, atomically: true, encoding: .utf8)
        let errors = Validation.check(scenarioAt: url).errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("储备库.csv: x and y make points, for facilities and sites; the estates are their boundaries") == true, "\(errors)")
    }

    /// A table of points from a web map: its name or its columns say which (Amap and Tencent
    /// are GCJ-02, Baidu BD-09), and init writes that crs with a CHECK; otherwise WGS 84.
    @Test func webMapPointsGetTheirCRS() {
        func layer(_ file: String, _ columns: [String]) -> DataFolder.Layer {
            DataFolder.Layer(file: file, name: file, layersInFile: 1, geometry: .none, columns: columns, features: 3, crs: nil)
        }
        #expect(ScenarioStarter.webMap(layer("高德POI.csv", ["name", "location"]))?.system == "GCJ-02")
        #expect(ScenarioStarter.webMap(layer("poi_baidu.csv", ["name", "lng", "lat"]))?.system == "BD-09")
        #expect(ScenarioStarter.webMap(layer("poi.csv", ["name", "location", "adname", "typecode"]))?.system == "GCJ-02")
        // The x column taken says its system, over the file's name: a scraped table with all three.
        let three = layer("高德POI.csv", ["name", "bd_lng", "bd_lat", "gcj_lng", "gcj_lat", "wgs84_lng", "wgs84_lat"])
        #expect(ScenarioStarter.webMap(three, x: "bd_lng")?.system == "BD-09")
        #expect(ScenarioStarter.webMap(three, x: "gcj_lng")?.system == "GCJ-02")
        #expect(ScenarioStarter.webMap(three, x: "wgs84_lng") == nil)
        #expect(ScenarioStarter.guess(["name", "百度经度", "百度纬度"], kind: .facilities, coordinates: true).x == "百度经度")
        #expect(ScenarioStarter.webMap(layer("设施点.csv", ["编号", "lng", "lat"])) == nil)
    }

    /// OpenStreetMap's line layers get a where: that keeps the walkable lines (marked CHECK);
    /// a district office's street layer gets none.
    @Test func openStreetMapLinesGetAWhere() {
        func layer(_ columns: [String]) -> DataFolder.Layer {
            DataFolder.Layer(file: "lines.gpkg", name: "lines", layersInFile: 1, geometry: .line, columns: columns, features: 9, crs: nil)
        }
        #expect(ScenarioStarter.streetsOnly(layer(["osm_id", "name", "highway", "waterway", "railway", "other_tags"]))?.condition
            == "highway IS NOT NULL")
        #expect(ScenarioStarter.streetsOnly(layer(["osm_id", "code", "fclass", "name"]))?.condition
            == "fclass NOT IN ('motorway', 'motorway_link', 'trunk', 'trunk_link')")
        #expect(ScenarioStarter.streetsOnly(layer(["道路名称", "道路等级"])) == nil)
        #expect(ScenarioStarter.streetsOnly(layer(["id", "highway"])) == nil)
    }

    @Test func headerSpellings() {
        let guess = ScenarioStarter.guess(
            ["XQMC", "建成年份", "总户数", "建筑面积（㎡）", "居民同意率", "投资估算(万元)", "floor_area", "备注"], kind: .estates,
            coordinates: false)
        let mapped = Dictionary(uniqueKeysWithValues: guess.columns.map { ($0.source, $0.key) })
        #expect(mapped == [
            "XQMC": "name", "建成年份": "built_year", "总户数": "households", "建筑面积（㎡）": "floor_area_m2",
            "居民同意率": "consent", "投资估算(万元)": "cost_yuan",
        ])
        // floor_area_m2 is taken by 建筑面积 first; the Shapefile cut is then left unmapped.
        #expect(guess.unmapped == ["floor_area", "备注"])
        #expect(guess.columns.first { $0.key == "cost_yuan" }?.note?.contains("万元") == true)
        // POIs from Amap's API: both coordinates in one location column; lng/lat columns win.
        let amap = ScenarioStarter.guess(["name", "type", "location", "adname"], kind: .facilities, coordinates: true)
        #expect(amap.x == "location" && amap.y == "location" && !amap.unmapped.contains("location"))
        let both = ScenarioStarter.guess(["location", "lng", "lat"], kind: .facilities, coordinates: true)
        #expect(both.x == "lng" && both.y == "lat")
    }

    @Test func refusesToOverwrite() throws {
        let folder = try plannerFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("scenario.yaml")
        try "name: mine\n".write(to: scenario, atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["init", folder.path], logs: folder.appendingPathComponent("logs"))
        #expect(run.status == 2, "\(run.transcript)")
        #expect(run.stderr.contains("exists already; init does not overwrite it"))
        #expect(try String(contentsOf: scenario, encoding: .utf8) == "name: mine\n")

        try FileManager.default.removeItem(at: scenario)
        let written = try CLIRunner.run(["init", folder.path], logs: folder.appendingPathComponent("logs2"))
        #expect(written.status == 0, "\(written.transcript)")
        #expect(try String(contentsOf: scenario, encoding: .utf8).contains("path: 小区边界.shp"))

        // A bare --output name goes into the folder (docs/data.md: --output plan-2026.yaml).
        let named = try CLIRunner.run(["init", folder.path, "--output", "plan-2026.yaml"], logs: folder.appendingPathComponent("logs3"))
        #expect(named.status == 0, "\(named.transcript)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan-2026.yaml").path))

        // A folder with no data file: nothing to start from, exit 2, nothing written.
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try CLIRunner.run(["init", empty.path], logs: folder.appendingPathComponent("logs4"))
        #expect(none.status == 2 && none.stderr.contains("no data file found"), "\(none.transcript)")
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("scenario.yaml").path))
    }
}
