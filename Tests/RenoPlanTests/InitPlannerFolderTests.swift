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
