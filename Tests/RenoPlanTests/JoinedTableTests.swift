import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// The planners' form of ``PlannerDistrict`` (小区边界.shp joined to 储备库2025.xlsx by
/// 小区编号) with its table's or its boundaries' columns changed: a name in the table is said at
/// the table, and the key may be named differently in the two files (docs/data.md, *A layer as
/// a path or as a mapping*).
@Suite("A joined table's columns and key (SPEC §9)")
struct JoinedTableTests {
    typealias Value = GDALFixture.Value
    let data = PlannerDataErrorTests()

    /// The reserve library with one more column, `name`, holding `value` in every row.
    func reserveWith(_ name: String, _ value: Value, in folder: URL) throws {
        try data.reserve(
            folder, header: PlannerDataErrorTests.header + [(name, OFTString)],
            rows: PlannerDataErrorTests.rows().map { $0.values + [value] })
    }

    /// The boundaries with one more column, `name`, holding `value` for every estate.
    func boundariesWith(_ name: String, _ value: Value, in folder: URL) throws {
        try GDALFixture.write(
            folder.appendingPathComponent("小区边界.shp"), driver: "ESRI Shapefile", layer: "小区边界", geometry: wkbPolygon,
            fields: [("小区编号", OFTString), ("小区名称", OFTString), (name, OFTString)],
            rows: PlannerDistrict.estates.map { e in
                (GDALFixture.wkt(PlannerDistrict.rect(e.x, e.y)), [.text(e.id), e.name.isEmpty ? .null : .text(e.name), value])
            },
            layerOptions: ["ENCODING=LDID/77"])
    }

    /// Validates the planners' form after `change`: its errors and its warnings.
    func validate(scenario edits: [(String, String)] = [], _ change: (URL) throws -> Void) throws -> Validation {
        let folder = TestFolders.fresh("renoplan-joined-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PlannerDistrict.writePlannerForm(into: folder)
        var text = try String(contentsOf: url, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "the scenario has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        try change(folder)
        return Validation.check(scenarioAt: url)
    }

    // MARK: Near-miss and unused columns of the table

    /// complete_unit (complete_units) and Upgrade (upgrade) only in the reserve library: the
    /// error is the table's, once for the column, not the boundaries' at feature #0.
    @Test func nearMissColumnOfTheTableIsSaidAtTheTable() throws {
        let misspelt = try validate { try reserveWith("complete_unit", .text("否"), in: $0) }
        #expect(misspelt.errors == [
            "储备库2025.xlsx, sheet 储备库: column complete_unit is not a property renoplan reads (did you mean "
                + "'complete_units'?); complete_units would be taken as absent: rename the column, or map it in "
                + "geodata.estates: columns: {complete_unit: complete_units}"
        ])
        let cased = try validate { try reserveWith("Upgrade", .text("否"), in: $0) }
        #expect(cased.errors == [
            "储备库2025.xlsx, sheet 储备库: column Upgrade is not a property renoplan reads (did you mean 'upgrade'?); "
                + "upgrade would be taken as absent: rename the column, or map it in geodata.estates: columns: {Upgrade: upgrade}"
        ])
    }

    /// The same name in the boundaries stays the boundaries' error, at its first feature; in
    /// both files, it is an error of each.
    @Test func nearMissColumnOfTheBoundariesIsStillSaidAtTheBoundaries() throws {
        let boundaries = "小区边界.shp: feature #0 (CD001): Upgrade is not a property renoplan reads (did you mean 'upgrade'?); "
            + "upgrade would be taken as absent (every feature has it): rename the property, or map it in geodata.estates: "
            + "columns: {Upgrade: upgrade}"
        let table = "储备库2025.xlsx, sheet 储备库: column Upgrade is not a property renoplan reads (did you mean 'upgrade'?); "
            + "upgrade would be taken as absent: rename the column, or map it in geodata.estates: columns: {Upgrade: upgrade}"
        #expect(try validate { try boundariesWith("Upgrade", .text("否"), in: $0) }.errors == [boundaries])
        let both = try validate { folder in
            try boundariesWith("Upgrade", .text("否"), in: folder)
            try reserveWith("Upgrade", .text("否"), in: folder)
        }
        #expect(both.errors == [table, boundaries])
    }

    /// The reserve library's 备注 is listed as the table's, not the boundaries'; a column the
    /// boundaries alone have, as theirs.
    @Test func columnsCarriedAlongAreListedWhereTheyAre() throws {
        let report = try validate { try boundariesWith("街道", .text("玉林街道"), in: $0) }
        #expect(report.errors == [])
        let unused = report.warnings.filter { $0.contains("carried along") }
        #expect(unused == [
            "小区边界.shp: 1 property is carried along and not used: \"街道\"",
            "储备库2025.xlsx, sheet 储备库: 1 column is carried along and not used: \"备注\"",
        ])
    }

    // MARK: A key named differently in the two files

    /// The boundaries as a surveying bureau's GeoPackage: the code in its field XQBM, the
    /// name in XQMC; the reserve library keeps 小区编号.
    func surveyBoundaries(in folder: URL) throws {
        try GDALFixture.write(
            folder.appendingPathComponent("测绘成果.gpkg"), driver: "GPKG", layer: "小区", geometry: wkbPolygon,
            fields: [("XQBM", OFTString), ("XQMC", OFTString)],
            rows: PlannerDistrict.estates.map { e in
                (GDALFixture.wkt(PlannerDistrict.rect(e.x, e.y)), [.text(e.id), e.name.isEmpty ? .null : .text(e.name)])
            })
    }

    /// The scenario's edits for the GeoPackage: its layer, its columns mapped by `mapped`, and
    /// the join `key`.
    func survey(key: String, mapped: String = "XQBM: id, XQMC: name, 小区编号: id") -> [(String, String)] {
        [("path: 小区边界.shp", "path: 测绘成果.gpkg\n    layer: 小区"), ("key: 小区编号", "key: \(key)"),
         ("{小区编号: id, 小区名称: name,", "{\(mapped),")]
    }

    /// XQBM and 小区编号 both mapped to id join the two files by it, whichever of id, XQBM and
    /// 小区编号 `key` names: the district is the planners' form's.
    @Test func keyColumnsOfEachFileMappedToOneProperty() throws {
        let expected = PlannerDistrict.estates.map { "\($0.id) \($0.households) \($0.built)" }
        for key in ["id", "XQBM", "小区编号"] {
            let folder = TestFolders.fresh("renoplan-key-join")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = try PlannerDistrict.writePlannerForm(into: folder)
            try surveyBoundaries(in: folder)
            var text = try String(contentsOf: url, encoding: .utf8)
            for (old, new) in survey(key: key) { text = text.replacingOccurrences(of: old, with: new) }
            try text.write(to: url, atomically: true, encoding: .utf8)
            #expect(Validation.check(scenarioAt: url).errors == [], "key: \(key)")
            let district = try District.load(Scenario.load(from: url))
            #expect(district.estates.map { "\($0.id) \($0.households) \($0.builtYear)" } == expected, "key: \(key)")
            #expect(district.estates.first { $0.id == "CD003" }?.name == "棕北小区", "key: \(key)")
        }
    }

    /// Joined by a column one file lacks: the error names the other file's column of the same
    /// codes and the mapping that joins them.
    @Test func keyOneFileLacksNamesTheColumnOfTheSameCodes() throws {
        let tableLacks = try validate(scenario: survey(key: "XQBM", mapped: "XQMC: name, 小区编号: id")) { try surveyBoundaries(in: $0) }
        #expect(tableLacks.errors == [
            "储备库2025.xlsx, sheet 储备库: has no column XQBM to join by (geodata.estates.key), but its column 小区编号 has the "
                + "codes of XQBM in 测绘成果.gpkg (layer 小区) (in 8 of its 8 rows): where the two files name the key differently, "
                + "map both columns to one property and join by it: columns: {XQBM: id, 小区编号: id} and key: id"
        ])
        let boundariesLack = try validate(scenario: survey(key: "小区编号", mapped: "XQBM: id, XQMC: name")) { try surveyBoundaries(in: $0) }
        #expect(boundariesLack.errors == [
            "测绘成果.gpkg (layer 小区): has no column 小区编号 to join by (geodata.estates.key), but its column XQBM has the "
                + "codes of 小区编号 in 储备库2025.xlsx, sheet 储备库 (in 8 of its 8 features): where the two files name the key "
                + "differently, map both columns to one property and join by it: columns: {XQBM: id, 小区编号: id} and key: id"
        ])
    }

    /// Two columns of one file mapped to one property stay an error: at the join for the two
    /// of one file, at the scenario's line without a table or for a third.
    @Test func twoColumnsOfOneFileMappedToOnePropertyAreAnError() throws {
        let sameFile = try validate(scenario: survey(key: "id", mapped: "XQBM: id, XQMC: id")) { try surveyBoundaries(in: $0) }
        #expect(sameFile.errors == [
            "scenario.yaml:9: geodata.estates.columns.XQMC: XQBM and XQMC are both mapped to id, and both are columns of "
                + "测绘成果.gpkg (layer 小区): map only one of them (two columns may give one property only when one is the "
                + "geometry file's and the other the table's, as when the two files name the join key differently)"
        ])
        let third = try validate(scenario: survey(key: "id", mapped: "XQBM: id, XQMC: id, 小区编号: id")) { try surveyBoundaries(in: $0) }
        #expect(third.errors == [
            "scenario.yaml:9: geodata.estates.columns.小区编号: 3 columns are mapped to id (XQBM, XQMC, 小区编号): map one of "
                + "them, or one column of the geometry file and one of the table"
        ])
        let noTable = try validate(scenario: [
            ("    table: 储备库2025.xlsx\n    sheet: 储备库\n    key: 小区编号\n", ""),
            ("{小区编号: id, 小区名称: name,", "{小区编号: id, 小区名称: id,"),
        ]) { _ in }
        #expect(noTable.errors == [
            "scenario.yaml:5: geodata.estates.columns.小区名称: two columns are mapped to id (小区编号, 小区名称): map one of them "
                + "(two may give one property only with a joined table, one column of the geometry file and one of the table)"
        ])
    }

    // MARK: A boundary layer with no features

    /// The boundaries' Shapefile empty (its features deleted, the table kept): one error, that
    /// the layer has no estates, not one per row of the table.
    @Test func emptyBoundariesAreOneError() throws {
        let empty = try validate { folder in
            try GDALFixture.write(
                folder.appendingPathComponent("小区边界.shp"), driver: "ESRI Shapefile", layer: "小区边界", geometry: wkbPolygon,
                fields: [("小区编号", OFTString), ("小区名称", OFTString)], rows: [], layerOptions: ["ENCODING=LDID/77"])
        }
        #expect(empty.errors.count == 1, "\(empty.errors)")
        #expect(empty.errors.first?.hasPrefix("小区边界.shp: has no estates") == true, "\(empty.errors)")
    }

    /// A table that could not be used, or a feature without its row: the error alone, not also
    /// a default warning for what the missing rows would have given (docs/data.md).
    @Test func noDefaultsCountedWhereTheRowIsMissing() throws {
        func defaults(_ validation: Validation) -> [String] {
            validation.warnings.filter { $0.contains("estates have no") || $0.contains("estate has no") }
        }
        let rows = PlannerDataErrorTests.rows()
        let wrongSheet = try validate(scenario: [("sheet: 储备库", "sheet: 储备库2025")]) { try data.reserve($0, rows: rows.map(\.values)) }
        #expect(wrongSheet.errors.count == 1, "\(wrongSheet.errors)")
        #expect(defaults(wrongSheet) == [], "\(wrongSheet.warnings)")
        let whole = try validate { try data.reserve($0, rows: rows.map(\.values)) }
        let missingRow = try validate { try data.reserve($0, rows: rows.filter { $0.id != "CD005" }.map(\.values)) }
        #expect(missingRow.errors.count == 1, "\(missingRow.errors)")
        // No estate has complete_units in the table: all 8 counted with every row there, 7 with
        // CD005's row missing (its absence is the join error's).
        #expect(defaults(whole).contains("小区边界.shp: all 8 estates have no complete_units: taken as true (no unsafe-after-core promotion)"))
        #expect(defaults(missingRow).contains("小区边界.shp: 7 of 8 estates have no complete_units: taken as true (no unsafe-after-core promotion)"),
                "\(missingRow.warnings)")
    }
}
