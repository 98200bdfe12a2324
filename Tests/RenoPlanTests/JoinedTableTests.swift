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
}
