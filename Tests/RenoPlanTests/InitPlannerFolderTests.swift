import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// `renoplan init` on a folder as a district office hands it over: GBK Shapefiles with and
/// without a .cpg, a GeoPackage of facilities with a layer per kind, polygon sites, Shapefile
/// column names cut at 10 bytes, renoplan's own outputs left in the folder (docs/data.md, *The
/// starter*). Each scenario init writes must validate once its budget is filled in.
@Suite("renoplan init on a planner's folder")
struct InitPlannerFolderTests {
    /// The text in GBK bytes, as Chinese Windows programs save it.
    static func gbk(_ text: String) -> Data {
        text.withCString { utf8 in
            let recoded: UnsafeMutablePointer<CChar> = CPLRecode(utf8, "UTF-8", "CP936")
            defer { VSIFree(recoded) }
            return Data(bytes: recoded, count: strlen(recoded))
        }
    }

    /// 小区边界.shp with every estate column in Chinese, GBK as Chinese ArcGIS writes it (with a
    /// .cpg saying GBK; `cpg` replaces it, nil removes it).
    static func writeEstates(
        into folder: URL, cpg: String?, fields: [(String, OGRFieldType)]? = nil, values: ((PlannerDistrict.EstateRow) -> [GDALFixture.Value])? = nil
    ) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fields = fields ?? [
            ("小区编号", OFTString), ("小区名称", OFTString), ("建成年代", OFTInteger64), ("户数", OFTInteger64), ("建筑面积", OFTReal),
            ("居民同意率", OFTReal), ("长效管理", OFTString),
        ]
        let values = values ?? { e in
            [.text(e.id), .text(e.name), .integer(e.built), .integer(e.households), .number(e.area), .number(e.consent), .text(e.management ? "是" : "否")]
        }
        try GDALFixture.write(
            folder.appendingPathComponent("小区边界.shp"), driver: "ESRI Shapefile", layer: "小区边界", geometry: wkbPolygon,
            fields: fields, rows: PlannerDistrict.estates.map { (GDALFixture.wkt(PlannerDistrict.rect($0.x, $0.y)), values($0)) },
            layerOptions: ["ENCODING=CP936"])
        let cpgURL = folder.appendingPathComponent("小区边界.cpg")
        try FileManager.default.removeItem(at: cpgURL)
        if let cpg { try cpg.write(to: cpgURL, atomically: true, encoding: .utf8) }
    }

    /// Init's scenario for `folder`, written into it as scenario.yaml.
    @discardableResult
    static func initScenario(_ folder: URL) throws -> (text: String, url: URL) {
        let text = ScenarioStarter.scenario(for: try DataFolder.inspect(folder), name: "测试", year: 2026)
        let url = folder.appendingPathComponent("scenario.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return (text, url)
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// GBK text with no .cpg (init read it as GBK to map its columns) or under a .cpg that says
    /// UTF-8: init writes the encoding it read in, marked CHECK, so that validate reads the
    /// file as init did instead of refusing it at once. A GBK CSV of facilities likewise.
    @Test func initWritesTheEncodingItReadIn() throws {
        for (cpg, why) in [(nil, "the file names no code page (no .cpg)"), ("UTF-8", "the .cpg says UTF-8"), ("GBK", nil)] as [(String?, String?)] {
            let folder = TestFolders.fresh("renoplan-init-encoding")
            defer { try? FileManager.default.removeItem(at: folder) }
            try Self.writeEstates(into: folder, cpg: cpg)
            var csv = "编号,类型,面积,lng,lat\n"
            for f in PlannerDistrict.facilities {
                let p = PlannerDistrict.lonLat(f.2, f.3)
                csv += "\(f.0),\(f.1),\(f.4.map(formatNumber) ?? ""),\(p.x),\(p.y)\n"
            }
            try Self.gbk(csv).write(to: folder.appendingPathComponent("设施点.csv"))
            let (text, url) = try Self.initScenario(folder)
            let lines = Self.lines(text)
            let estates = try #require(lines.firstIndex(of: "  estates:                       # 8 polygons"), "\(text)")
            let estateEncoding = lines[(estates + 1)...].prefix { !$0.hasPrefix("  facilities:") }.filter { $0.hasPrefix("    encoding:") }
            if let why {
                #expect(estateEncoding.count == 1 && estateEncoding[0].hasPrefix("    encoding: cp936 ") && estateEncoding[0].contains("# CHECK: \(why)"), "\(text)")
            } else {
                #expect(estateEncoding.isEmpty, "a .cpg that says GBK needs no encoding:\n\(text)")
            }
            let facilities = try #require(lines.firstIndex { $0.hasPrefix("  facilities:") }, "\(text)")
            #expect(lines[facilities...].contains { $0.hasPrefix("    encoding: cp936 ") && $0.contains("CHECK") }, "\(text)")
            #expect(lines.contains("      小区名称: name") && lines.contains("      类型: kind"), "\(text)")
            let report = Validation.check(scenarioAt: url)
            #expect(report.errors == [], "\(report.errors)\n\(text)")
            let district = try District.load(Scenario.load(from: url))
            #expect(district.estates.compactMap(\.name).contains("玉林小区"))
        }
    }
}

extension InitPlannerFolderTests {
    /// A reserve library's hazards and cost columns as offices name them; a unit in brackets is
    /// read (费用(万元): × 10,000 into cost_yuan, docs/data.md *Units in a column's name*).
    @Test func hazardAndCostColumns() {
        for hazards in ["主要隐患", "存在隐患", "安全隐患", "隐患"] {
            let guess = ScenarioStarter.guess(["小区编号", hazards], kind: .estates, coordinates: false)
            #expect(guess.source(of: "hazards") == hazards)
        }
        for cost in ["费用(万元)", "改造费用(万元)", "投资(万元)", "估算投资"] {
            let guess = ScenarioStarter.guess(["小区编号", "建筑面积", cost], kind: .estates, coordinates: false)
            let column = guess.columns.first { $0.key == "cost_yuan" }
            #expect(column?.source == cost)
            #expect((column?.note?.contains("read in 万元: × 10,000 into cost_yuan") == true) == cost.contains("万元"), "\(cost): \(String(describing: column))")
        }
    }
}

extension InitPlannerFolderTests {
    /// 公共服务设施.gpkg with one layer per kind (养老服务设施, 社区卫生服务站, 幼儿园: the demo's
    /// facilities by kind), and with `all` a 全部设施 layer of them all too.
    static func writeFacilityLayers(into folder: URL, all: Bool) throws {
        let fields: [(String, OGRFieldType)] = [("设施编号", OFTString), ("设施名称", OFTString), ("类型", OFTString), ("建筑面积", OFTReal)]
        func rows(_ kinds: Set<String>) -> [(wkt: String?, values: [GDALFixture.Value])] {
            PlannerDistrict.facilities.filter { kinds.contains($0.1) }.map { f in
                (GDALFixture.wkt(.point(PlannerDistrict.lonLat(f.2, f.3))), [.text(f.0), .text("设施\(f.0)"), .text(f.1), f.4.map { .number($0) } ?? .null])
            }
        }
        var layers = [
            (name: "养老服务设施", geometry: wkbPoint, fields: fields, rows: rows(["elderly_care"])),
            (name: "社区卫生服务站", geometry: wkbPoint, fields: fields, rows: rows(["clinic"])),
            (name: "幼儿园", geometry: wkbPoint, fields: fields, rows: rows(["kindergarten"])),
        ]
        if all { layers.append((name: "全部设施", geometry: wkbPoint, fields: fields, rows: rows(["elderly_care", "clinic", "kindergarten", "market"]))) }
        try GDALFixture.writeLayers(folder.appendingPathComponent("公共服务设施.gpkg"), driver: "GPKG", epsg: 4326, layers: layers)
    }

    /// 存量资源.shp (GBK, with its .cpg): the demo's sites as 20 m squares (polygon sites count
    /// from their nearest point).
    static func writePolygonSites(into folder: URL) throws {
        try GDALFixture.write(
            folder.appendingPathComponent("存量资源.shp"), driver: "ESRI Shapefile", layer: "存量资源", geometry: wkbPolygon,
            fields: [("编号", OFTString), ("名称", OFTString), ("可用面积", OFTReal), ("单价", OFTReal), ("可设功能", OFTString)],
            rows: PlannerDistrict.sites.map { s in
                (GDALFixture.wkt(PlannerDistrict.rect(s.1, s.2, 20, 20)), [.text(s.0), .text("闲置用房\(s.0)"), .number(s.3), .number(s.4), .text(s.5)])
            },
            layerOptions: ["ENCODING=CP936"])
    }

    /// Polygon sites named 存量资源 are the sites (not a second estates candidate, though their
    /// 编号 and 名称 are an id and a name); of a GeoPackage with a layer per facility kind init
    /// takes one layer and says, in the scenario and on the console, that the others are not
    /// used and how to merge them; a 全部设施 layer beside them is taken instead.
    @Test func polygonSitesAndALayerPerFacilityKind() throws {
        let folder = TestFolders.fresh("renoplan-init-layers")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeEstates(into: folder, cpg: "GBK")
        try Self.writeFacilityLayers(into: folder, all: false)
        try Self.writePolygonSites(into: folder)
        var (text, url) = try Self.initScenario(folder)
        var lines = Self.lines(text)
        #expect(lines.contains("  sites:                       # \(PlannerDistrict.sites.count) polygons"), "\(text)")
        #expect(lines.contains("  # CHECK: sites taken from 存量资源.shp (\(PlannerDistrict.sites.count) polygons) because its name says '存量'"), "\(text)")
        #expect(lines.contains("      可用面积: area_m2") && lines.contains("      单价: cost_per_m2"), "\(text)")
        #expect(lines.contains { $0.hasPrefix("  # CHECK: 2 polygon layers; the estates are taken from 小区边界.shp") }, "\(text)")
        let note = "CHECK: facilities taken from 公共服务设施.gpkg, layer 养老服务设施 (1 point); geodata.facilities takes one layer, so these "
            + "facility layers are not used: layers of 公共服务设施.gpkg: 社区卫生服务站 (1 point), 幼儿园 (2 points). Merge them into one "
            + "layer with their kind column and point geodata.facilities at it: ogr2ogr -f GPKG 全部设施.gpkg 公共服务设施.gpkg 养老服务设施 "
            + "-nln 全部设施, then ogr2ogr -append 全部设施.gpkg 公共服务设施.gpkg 社区卫生服务站 -nln 全部设施, and likewise for each other layer"
        #expect(lines.contains("  # " + note), "\(text)")
        #expect(lines.contains("    layer: 养老服务设施"), "\(text)")
        #expect(Validation.check(scenarioAt: url).errors == [])
        // The console says it too.
        try FileManager.default.removeItem(at: url)
        let run = try CLIRunner.run(["init", folder.path], logs: folder.appendingPathComponent("logs"))
        #expect(run.status == 0 && run.stdout.contains(note + "\n"), "\(run.transcript)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("logs"))

        try Self.writeFacilityLayers(into: folder, all: true)
        (text, url) = try Self.initScenario(folder)
        lines = Self.lines(text)
        #expect(lines.contains("    layer: 全部设施"), "\(text)")
        #expect(lines.contains { $0.hasPrefix("  # CHECK: facilities taken from 公共服务设施.gpkg, layer 全部设施 (5 points) because its name says '全部'") },
                "\(text)")
        let district = try District.load(Scenario.load(from: url))
        #expect(district.facilities.count == PlannerDistrict.facilities.count)
        #expect(district.sites.count == PlannerDistrict.sites.count)
    }
}

extension InitPlannerFolderTests {
    /// After `plan --out` into the data folder, a later init takes the estates from the
    /// boundaries, not from renoplan's plan.geojson (polygons with more estate columns than the
    /// boundaries have): outputs beside their summary.json, or with a plan's properties under
    /// another name, are set aside and named.
    @Test func renoplansOwnOutputsAreNotData() throws {
        let folder = TestFolders.fresh("renoplan-init-outputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let planned = try PlannerDistrict.plan(try PlannerDistrict.writeGeoJSON(into: folder.appendingPathComponent("geojson")))
        let data = folder.appendingPathComponent("data")
        // Boundaries with an id and a name only: the plan's polygons name more estate columns.
        try Self.writeEstates(
            into: data, cpg: "GBK", fields: [("小区编号", OFTString), ("小区名称", OFTString)], values: { [.text($0.id), .text($0.name)] })
        for name in ["plan.geojson", "sites.geojson", "summary.json"] {
            try #require(planned[name]).write(to: data.appendingPathComponent(name))
        }
        var text = ScenarioStarter.scenario(for: try DataFolder.inspect(data), name: "outputs", year: 2026)
        var lines = Self.lines(text)
        #expect(lines.contains("    path: 小区边界.shp"), "\(text)")
        #expect(!lines.contains { $0.hasPrefix("    path: plan.geojson") || $0.hasPrefix("    path: sites.geojson") }, "\(text)")
        #expect(lines.contains("  # renoplan's own output, not data: plan.geojson (summary.json beside it: written by renoplan plan)"), "\(text)")
        #expect(lines.contains("  # renoplan's own output, not data: sites.geojson (summary.json beside it: written by renoplan plan)"), "\(text)")

        // Moved away from its summary.json under another name, a plan is known by its properties.
        try FileManager.default.removeItem(at: data.appendingPathComponent("summary.json"))
        try FileManager.default.removeItem(at: data.appendingPathComponent("sites.geojson"))
        try FileManager.default.moveItem(at: data.appendingPathComponent("plan.geojson"), to: data.appendingPathComponent("2025方案.geojson"))
        text = ScenarioStarter.scenario(for: try DataFolder.inspect(data), name: "outputs", year: 2026)
        lines = Self.lines(text)
        #expect(lines.contains("    path: 小区边界.shp"), "\(text)")
        #expect(lines.contains("  # renoplan's own output, not data: 2025方案.geojson (its properties are renoplan's plan of the estates)"), "\(text)")
    }
}

extension InitPlannerFolderTests {
    /// A GBK Shapefile's 10-byte names cut 长效管理机制 to 长效管理机 and the cost's unit off:
    /// 改造费用(万元) to 改造费用( (the unit lost: told from the values, 980 for 420 households
    /// cannot be yuan), 改造费用万元 to 改造费用万 (the 万 says 万元). init maps both and
    /// writes units: {cost_yuan: 万元} (CHECK); the scenario validates and reads the costs in
    /// yuan.
    @Test func columnNamesCutAtTenBytes() throws {
        for (cost, left) in [("改造费用(万元)", "改造费用("), ("改造费用万元", "改造费用万")] {
            let folder = TestFolders.fresh("renoplan-init-cut")
            defer { try? FileManager.default.removeItem(at: folder) }
            try Self.writeEstates(
                into: folder, cpg: "GBK",
                fields: [
                    ("小区编号", OFTString), ("建成年代", OFTInteger64), ("户数", OFTInteger64), ("建筑面积", OFTReal), ("居民同意率", OFTReal),
                    ("长效管理机制", OFTString), (cost, OFTReal),
                ],
                values: { e in
                    [.text(e.id), .integer(e.built), .integer(e.households), .number(e.area), .number(e.consent), .text(e.management ? "是" : "否"),
                     e.cost.map { .number($0 / 10_000) } ?? .null]
                })
            let (text, url) = try Self.initScenario(folder)
            let lines = Self.lines(text)
            #expect(lines.contains("      长效管理机: management_agreed        # CHECK: a Shapefile's 10-byte cut of 长效管理机制?"), "\(text)")
            #expect(lines.contains { $0.hasPrefix("      \(ScenarioStarter.scalar(left)): cost_yuan ") && $0.contains("CHECK") }, "\(text)")
            let units = try #require(lines.firstIndex(of: "    units:"), "\(text)")
            #expect(lines[units + 1].hasPrefix("      cost_yuan: 万元 ") && lines[units + 1].contains("# CHECK: '\(left)' is cut short"), "\(text)")
            #expect(Validation.check(scenarioAt: url).errors == [])
            let district = try District.load(Scenario.load(from: url))
            #expect(district.estates.first { $0.id == "CD001" }?.costYuan == 9_800_000)
            #expect(district.estates.first { $0.id == "CD006" }?.managementAgreed == false)
            #expect(district.estates.first { $0.id == "CD001" }?.managementAgreed == true)
        }
    }
}

extension InitPlannerFolderTests {
    /// Which polygon layer is the estates and which the sites: a layer that says it holds sites
    /// (存量, or a site's columns) is not the estates while another polygon layer is left, even
    /// with more estate columns; 用地 may name estate boundaries (居住用地), which stay the
    /// estates over a buildings layer, and are then not taken for sites too.
    @Test func estatesAndPolygonSites() {
        func polygons(_ file: String, _ columns: [String], _ features: Int) -> DataFolder.Layer {
            DataFolder.Layer(file: file, name: file, layersInFile: 1, geometry: .polygon, columns: columns, features: features, crs: nil)
        }
        func choose(_ layers: [DataFolder.Layer]) -> ScenarioStarter.Choice {
            ScenarioStarter.choose(in: DataFolder(folder: URL(fileURLWithPath: "/data"), layers: layers, skipped: []))
        }
        var choice = choose([polygons("存量资源.shp", ["编号", "名称", "建筑面积", "可用面积"], 8), polygons("小区.shp", ["小区编号"], 111)])
        #expect(choice.estates?.file == "小区.shp")
        #expect(choice.sitesNote == "CHECK: sites taken from 存量资源.shp (8 polygons) because its name says '存量'")
        choice = choose([polygons("建筑.shp", ["bid"], 900), polygons("居住用地.shp", ["小区编号", "小区名称"], 111)])
        #expect(choice.estates?.file == "居住用地.shp")
        #expect(choice.sitesNote == nil)
    }
}
