import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// A Shapefile's text in another encoding than the one its .cpg names (docs/data.md, *What is
/// refused or counted*): one clear error with the fix, never columns named `С�����`.
@Suite("Shapefile encodings: a .cpg that says UTF-8 over GBK")
struct ShapefileEncodingTests {
    /// bounds.shp (GBK, as Chinese ArcGIS writes it) with `fields` (the first the key, the
    /// second the name), a .cpg holding `cpg`, the reserve library as a UTF-8 CSV joined by the
    /// key, and s.yaml reading them with `encoding` written after the path.
    func folder(fields: [(String, OGRFieldType)], cpg: String) throws -> (folder: URL, scenario: (String) throws -> URL) {
        let folder = TestFolders.fresh("renoplan-encoding")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try GDALFixture.write(
            folder.appendingPathComponent("bounds.shp"), driver: "ESRI Shapefile", layer: "bounds", geometry: wkbPolygon,
            fields: fields,
            rows: PlannerDistrict.estates.map { (GDALFixture.wkt(PlannerDistrict.rect($0.x, $0.y)), [.text($0.id), .text($0.name)]) },
            layerOptions: ["ENCODING=CP936"])
        try cpg.write(to: folder.appendingPathComponent("bounds.cpg"), atomically: true, encoding: .utf8)
        let (key, name) = (fields[0].0, fields[1].0)
        let estates = PlannerDistrict.estates.map { e in
            "\(e.id),\(e.built),\(e.households),\(formatNumber(e.area)),\(formatNumber(e.consent)),Y"
        }
        try ("\(key),建成年代,户数,建筑面积,同意率,管理\n" + estates.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("table.csv"), atomically: true, encoding: .utf8)
        let url = folder.appendingPathComponent("s.yaml")
        return (folder, { encoding in
            try """
                geodata:
                  estates: {path: bounds.shp\(encoding), table: table.csv, key: \(key), columns: {\(key): id, \(name): name, 建成年代: built_year, 户数: households, 建筑面积: floor_area_m2, 同意率: consent, 管理: management_agreed}}
                \(PlannerDistrict.scenarioTail)
                """.write(to: url, atomically: true, encoding: .utf8)
            return url
        })
    }

    /// GBK column names under a .cpg that says UTF-8 (GDAL then recodes nothing): one error that
    /// says so and names encoding: cp936, not "no column 小区编号 … its columns: С�����" and the
    /// defaults of every property the table would have given; with encoding: cp936, read.
    @Test func gbkColumnNamesUnderAUTF8CPG() throws {
        let (folder, scenario) = try folder(fields: [("小区编号", OFTString), ("小区名称", OFTString)], cpg: "UTF-8")
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = Validation.check(scenarioAt: try scenario(""))
        #expect(refused.errors == [
            "bounds.shp: its column names are not valid UTF-8 although the .cpg says UTF-8; the file looks like GBK: add "
                + "encoding: cp936 to geodata.estates (written as a mapping with the layer's other keys, e.g. {path: bounds.shp, "
                + "encoding: cp936}), or write 936 into bounds.cpg in place of UTF-8",
        ])
        #expect(!refused.warnings.contains { $0.contains("�") || $0.contains("taken as") }, "\(refused.warnings)")

        let district = try District.load(Scenario.load(from: try scenario(", encoding: cp936")))
        #expect(district.estates.map(\.name) == PlannerDistrict.estates.map { $0.name.isEmpty ? nil : $0.name })
    }

    /// ASCII column names, GBK text under the .cpg's UTF-8: the error names the first feature
    /// and column with such text.
    @Test func gbkTextUnderAUTF8CPG() throws {
        let (folder, scenario) = try folder(fields: [("code", OFTString), ("name", OFTString)], cpg: "UTF-8")
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = Validation.check(scenarioAt: try scenario(""))
        // The first estate's name, 玉林小区, is GBK.
        #expect(refused.errors.count == 1, "\(refused.errors)")
        #expect(refused.errors.first?.hasPrefix(
            "bounds.shp: its text (first in feature #0, column name) is not valid UTF-8 although the .cpg says UTF-8; "
                + "the file looks like GBK: add encoding: cp936 to geodata.estates") == true, "\(refused.errors)")
    }

    /// A UTF-8 Shapefile as GDAL writes it cuts a column name at 10 bytes inside a character
    /// (长效管理机制, 18 bytes → 长效管\xe7): that is no other encoding, and the file is read as
    /// before (names of three characters, 9 bytes, are whole).
    @Test func utf8NamesCutInsideACharacterAreNoEncodingError() throws {
        let folder = TestFolders.fresh("renoplan-encoding")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let e = PlannerDistrict.estates
        try GDALFixture.write(
            folder.appendingPathComponent("bounds.shp"), driver: "ESRI Shapefile", layer: "bounds", geometry: wkbPolygon,
            fields: [
                ("编号", OFTString), ("年代", OFTInteger64), ("户数", OFTInteger64), ("面积", OFTReal), ("同意率", OFTReal),
                ("管理", OFTString), ("长效管理机制", OFTString),
            ],
            rows: e.map {
                (GDALFixture.wkt(PlannerDistrict.rect($0.x, $0.y)),
                 [.text($0.id), .integer($0.built), .integer($0.households), .number($0.area), .number($0.consent), .text("是"), .text("是")])
            },
            layerOptions: ["ENCODING=UTF-8"])
        let url = folder.appendingPathComponent("s.yaml")
        try """
            geodata:
              estates: {path: bounds.shp, columns: {编号: id, 年代: built_year, 户数: households, 面积: floor_area_m2, 同意率: consent, 管理: management_agreed}}
            \(PlannerDistrict.scenarioTail)
            """.write(to: url, atomically: true, encoding: .utf8)
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors == [], "\(report.errors)")
    }

    /// Text cut inside its last character at the field's width is UTF-8, not GBK; GBK text that
    /// happens to end in a valid UTF-8 prefix is not taken for such a cut unless it fills the field.
    @Test func cutUTF8IsToldFromGBK() {
        func check(_ bytes: [UInt8], width: Int) -> Bool {
            (bytes.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { TextEncoding.isCutUTF8($0.baseAddress!, width: width) }
        }
        // 红瓦寺 (9 bytes) and the first byte of 家 (E5 AE B6): cut at a width of 10.
        let cut: [UInt8] = [0xE7, 0xBA, 0xA2, 0xE7, 0x93, 0xA6, 0xE5, 0xAF, 0xBA, 0xE5]
        #expect(check(cut, width: 10))
        #expect(!check(cut, width: 20))  // shorter than its field: not cut there
        // 小区 in GBK (D0 A1 C7 F8): D0 A1 is valid UTF-8 (С), C7 F8 is not a cut character.
        #expect(!check([0xD0, 0xA1, 0xC7, 0xF8], width: 4))
        #expect(["小区编号", "改造费用"].allSatisfy { name in
            name.withCString { utf8 in
                let gbk: UnsafeMutablePointer<CChar> = CPLRecode(utf8, "UTF-8", "CP936")
                defer { VSIFree(gbk) }
                return String(validatingCString: gbk) == nil && TextEncoding.readsAsGBK(gbk)
            }
        })
    }
}
