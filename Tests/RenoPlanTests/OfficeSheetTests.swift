import CXLSX
import Foundation
import Testing

@testable import RenoPlan

/// Where a sheet's header is, worked out by hand on small grids (``SheetLayout``).
@Suite("Office sheets: the header below a title, two header rows, totals and notes (SPEC §9)")
struct SheetLayoutTests {
    @Test func headerInRowOneIsLeftToGDAL() {
        #expect(SheetLayout.find([["id", "户数"], ["A01", "300"], ["A02", "200"]]) == nil)
    }

    /// Title, blank row, a 填报单位 line (two cells, but labels), then a header of two rows:
    /// 序号 and 小区编号 merged down, 基本情况 merged across 建成年代 and 户数.
    @Test func titleLabelsAndTwoHeaderRows() {
        let rows: [[String?]] = [
            ["某区2026年老旧小区改造储备库", nil, nil, nil, nil],
            [nil, nil, nil, nil, nil],
            ["填报单位：某街道", nil, nil, "单位：万元", nil],
            ["序号", "小区编号", "基本情况", nil, "改造估算（万元）"],
            [nil, nil, "建成年代", "户数", nil],
            ["1", "A01", "1990", "300", "1200.5"],
        ]
        var expected = SheetLayout(header: 3...4, names: ["序号", "小区编号", "建成年代", "户数", "改造估算（万元）"])
        // The 单位：万元 on the 填报单位 line, row 3: the unit of money columns naming none.
        expected.moneyUnit = "万元"
        expected.moneyUnitRow = 3
        #expect(SheetLayout.find(rows) == expected)
    }

    /// The money unit of the lines above a header: after a 单位 label (not 填报单位, the office),
    /// in one cell with other text, in brackets, or first of a list of units; none where two
    /// lines say different ones.
    @Test func moneyUnitAboveTheHeader() {
        func unit(_ rows: [[String?]]) -> String? { SheetLayout.titleMoneyUnit(rows).map { "\($0.unit) \($0.row)" } }
        #expect(unit([["储备库"], ["填报单位：庐阳区住建局", nil, "单位：万元"]]) == "万元 1")
        #expect(unit([["填报单位：某街道    单位：万元"]]) == "万元 0")
        #expect(unit([["金额单位:亿元"]]) == "亿元 0")
        #expect(unit([["（单位：万元）"]]) == "万元 0")
        #expect(unit([[nil, "(万元)"]]) == "万元 0")
        #expect(unit([["单位：元、户、㎡"]]) == "元 0")
        #expect(unit([["填报单位：庐阳区住建局"]]) == nil)
        #expect(unit([["单位：户"]]) == nil)
        #expect(unit([["单位：万元"], ["单位：元"]]) == nil)
    }

    /// A title row above a one-row header; an unnamed column is `Field` and its number, a
    /// repeated name gets its count.
    @Test func titleAboveOneHeaderRow() {
        let rows: [[String?]] = [
            ["储备库", nil, nil, nil],
            ["小区编号", "面积", nil, "面积"],
            ["A01", "12", "x", "3"],
        ]
        #expect(SheetLayout.find(rows) == SheetLayout(header: 1...1, names: ["小区编号", "面积", "Field3", "面积2"]))
    }

    /// A row of units below a header in row 1: left out of the data; 万元 and 万㎡, which scale
    /// the values, join their columns' names (how a unit is read); 户, ㎡ and 单位 do not.
    @Test func unitsRowBelowTheHeader() {
        let rows: [[String?]] = [
            ["小区编号", "户数", "建筑面积", "占地", "改造估算", "备注"],
            ["单位", "（户）", "㎡", "万㎡", "万元", nil],
            ["A01", "300", "21000", "1.2", "1200.5", "x"],
        ]
        #expect(SheetLayout.find(rows) == SheetLayout(header: 0...1, names: ["小区编号", "户数", "建筑面积", "占地（万㎡）", "改造估算（万元）", "备注"]))
        // A row of text that is not units is data.
        #expect(SheetLayout.find([["id", "name"], ["A01", "某小区"], ["A02", "3"]]) == nil)
        #expect(SheetLayout.units(["单位：万元", nil, "户"]) == [0: "万元", 2: "户"])
        #expect(SheetLayout.units(["A01", "户"]) == nil)
    }

    /// A header with numbers in it (annual columns 2026, 2027) is no header here, and a first
    /// data row of text only under a full header is data, not a second header row.
    @Test func numbersAndTextRowsAreData() {
        #expect(SheetLayout.find([["id", "2026", "2027"], ["A01", "5", "6"]]) == nil)
        #expect(SheetLayout.find([["id", "name", "kind"], ["A01", "某小区", "elderly_care"], ["A02", "x", "y"]]) == nil)
        // Under a header that names every column, a row of text cannot name a column it leaves empty.
        let layout = SheetLayout.find([["标题", nil, nil], ["id", "name", "kind"], ["A01", nil, "elderly_care"], ["A02", "1", "2"]])
        #expect(layout == SheetLayout(header: 1...1, names: ["id", "name", "kind"]))
    }

    @Test func rowsThatAreNotData() {
        #expect(SheetLayout.kind([nil, " ", "\u{3000}"]) == .blank)
        #expect(SheetLayout.kind(["合 计", nil, "600"]) == .total("合 计"))
        #expect(SheetLayout.kind(["小计", nil, "500"]) == .total("小计"))
        #expect(SheetLayout.kind(["Total", nil, "500"]) == .total("Total"))
        #expect(SheetLayout.kind(["合计（8个小区）", nil, "3837"]) == .total("合计（8个小区）"))
        #expect(SheetLayout.kind(["小计：东湖街道", nil, "500"]) == .total("小计：东湖街道"))
        #expect(SheetLayout.kind(["合计数据核对", nil]) == .data)
        #expect(SheetLayout.kind(["填表人：张三", nil]) == .note("填表人：张三"))
        #expect(SheetLayout.kind(["注：户数以街道核实为准"]) == .note("注：户数以街道核实为准"))
        // An estate whose name contains 合计, and a row of one id, are data.
        #expect(SheetLayout.kind(["A09", "合计小区", "12"]) == .data)
        #expect(SheetLayout.kind(["A09", nil]) == .data)
        // A row with its id is data whatever another cell says; a total may name itself in the id's cell.
        #expect(SheetLayout.kind(["A09", "total"], key: 0) == .data)
        #expect(SheetLayout.kind(["合计", "total"], key: 0) == .total("合计"))
        #expect(SheetLayout.kind([nil, "合计", "12"], key: 0) == .total("合计"))
    }
}

/// The planners' form of ``PlannerDistrict`` with its reserve library as a district office lays
/// it out, written by libxlsxwriter: a title merged across the table, a blank row, a 填报单位
/// line, a header of two rows (基本情况 over 建成年代, 户数, 建筑面积; the others merged down),
/// a 小计 row after the fourth estate, a 合计 row, a blank row and a 填表人 note; the
/// facilities CSV with a title line as Excel saves one. The plan must be byte-identical to the
/// GeoJSON form's.
@Suite("Office sheets read as a planner lays them out (SPEC §9)")
struct OfficeSheetTests {
    /// Excel rows: 1 title, 2 blank, 3 填报单位, 4–5 header, 6–9 estates, 10 小计, 11–14
    /// estates, 15 合计, 16 blank, 17 note.
    /// `unitLine` is the 填报单位 line's unit cell, `costDivisor` what the costs (in yuan in
    /// ``PlannerDistrict``) are divided by in the sheet: 10,000 for a sheet in 万元.
    static func writeOfficeReserve(
        _ url: URL, households: (String) -> String? = { _ in nil }, unitLine: String = "单位：元、户、㎡", costDivisor: Double = 1
    ) throws {
        guard let book = workbook_new(url.path) else { throw CocoaError(.fileWriteUnknown) }
        let ws = workbook_add_worksheet(book, "储备库")
        func text(_ row: Int, _ col: Int, _ value: String) { worksheet_write_string(ws, lxw_row_t(row), lxw_col_t(col), value, nil) }
        func number(_ row: Int, _ col: Int, _ value: Double) { worksheet_write_number(ws, lxw_row_t(row), lxw_col_t(col), value, nil) }
        func merge(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int, _ value: String) {
            worksheet_merge_range(ws, lxw_row_t(r0), lxw_col_t(c0), lxw_row_t(r1), lxw_col_t(c1), value, nil)
        }
        merge(0, 0, 0, 11, "成都市某区2025年城镇老旧小区改造项目储备库")
        text(2, 0, "填报单位：某街道办事处")
        text(2, 9, unitLine)
        merge(3, 0, 4, 0, "序号")
        merge(3, 1, 4, 1, "小区编号")
        merge(3, 2, 3, 4, "基本情况")
        for (col, name) in [(2, "建成年代"), (3, "户数"), (4, "建筑面积")] { text(4, col, name) }
        for (col, name) in [(5, "同意率"), (6, "长效管理"), (7, "安全等级"), (8, "隐患"), (9, "改造估算"), (10, "楼栋数"), (11, "备注")] {
            merge(3, col, 4, col, name)
        }
        var row = 5
        var sum = (households: 0.0, cost: 0.0)
        for (index, e) in PlannerDistrict.estates.reversed().enumerated() {
            number(row, 0, Double(index + 1))
            text(row, 1, e.id)
            number(row, 2, Double(e.built))
            if let given = households(e.id) { text(row, 3, given) } else { number(row, 3, Double(e.households)) }
            number(row, 4, e.area)
            number(row, 5, e.consent)
            text(row, 6, e.management ? "是" : "否")
            if let grade = e.grade { text(row, 7, grade) }
            if !e.hazards.isEmpty { text(row, 8, e.hazards.joined(separator: "、")) }
            if let cost = e.cost { number(row, 9, cost / costDivisor) }
            number(row, 10, Double(e.buildings))
            text(row, 11, "街道上报")
            sum.households += Double(e.households)
            sum.cost += e.cost ?? 0
            row += 1
            if index == 3 {
                text(row, 0, "小计")
                number(row, 3, sum.households)
                number(row, 9, sum.cost)
                row += 1
            }
        }
        text(row, 0, "合 计")
        number(row, 3, sum.households)
        number(row, 9, sum.cost)
        text(row + 2, 0, "填表人：张三")
        guard workbook_close(book) == LXW_NO_ERROR else { throw CocoaError(.fileWriteUnknown) }
    }

    func temporary() -> URL {
        TestFolders.fresh("renoplan-office")
    }

    /// The GeoJSON form and the planners' form of ``PlannerDistrict`` side by side in `folder`.
    func forms(in folder: URL) throws -> (geoJSON: URL, office: URL) {
        (try PlannerDistrict.writeGeoJSON(into: folder.appendingPathComponent("geojson")),
         try PlannerDistrict.writePlannerForm(into: folder.appendingPathComponent("office")))
    }

    /// The planners' form as changed gives the GeoJSON form's plan, and something is planned.
    func expectTheGeoJSONPlan(_ geoJSON: URL, _ office: URL) throws {
        let expected = try PlannerDistrict.plan(geoJSON)
        let got = try PlannerDistrict.plan(office)
        #expect(expected["plan.geojson"] == got["plan.geojson"])
        #expect(expected["sites.geojson"] == got["sites.geojson"])
        #expect(String(decoding: expected["plan.geojson"]!, as: UTF8.self).contains("\"year\":2025"))
    }

    @Test func officeLayoutGivesTheGeoJSONPlan() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (geoJSON, office) = try forms(in: folder)
        try Self.writeOfficeReserve(folder.appendingPathComponent("office/储备库2025.xlsx"))
        let csv = folder.appendingPathComponent("office/设施点.csv")
        let points = try String(contentsOf: csv, encoding: .utf8)
        try ("设施点位表（高德坐标）,,,,\n" + points).write(to: csv, atomically: true, encoding: .utf8)

        let district = try District.load(Scenario.load(from: office))
        #expect(district.estates.map(\.id) == PlannerDistrict.estates.map(\.id))
        #expect(district.facilities.count == PlannerDistrict.facilities.count)
        #expect(district.warnings.map(\.description).contains(
            "储备库2025.xlsx, sheet 储备库: rows 10 (小计), 15 (合 计) are subtotal or total rows; "
                + "row 17 (填表人：张三) is a note below the table: not read"))
        try expectTheGeoJSONPlan(geoJSON, office)
    }

    /// The office's 填报单位 line says 单位：万元 and the costs are in 万元 under a header that
    /// names no unit (改造估算): read × 10,000, the plan is the GeoJSON form's (in yuan), and
    /// validate says how the column was read. Were the line ignored, every cost would be 10,000
    /// times too small and the plan another.
    @Test func moneyUnitOnTheLineAboveTheHeader() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (geoJSON, office) = try forms(in: folder)
        try Self.writeOfficeReserve(
            folder.appendingPathComponent("office/储备库2025.xlsx"), unitLine: "填报日期：2025年3月    单位：万元", costDivisor: 10_000)
        try expectTheGeoJSONPlan(geoJSON, office)
        #expect(Validation.check(scenarioAt: office).warnings.contains(
            "储备库2025.xlsx, sheet 储备库: 改造估算 is read in 万元 (单位：万元 above the header, row 3): its values are multiplied "
                + "by 10,000 for cost_yuan; if the column is in yuan, say so with units: {cost_yuan: 元} or in its name (改造估算（元）)"))
        // Said in yuan by the scenario, the column is read as it is: 10,000 times too cheap.
        let text = try String(contentsOf: office, encoding: .utf8)
        try text.replacingOccurrences(of: "sheet: 储备库", with: "sheet: 储备库\n    units: {cost_yuan: 元}")
            .write(to: office, atomically: true, encoding: .utf8)
        let district = try District.load(Scenario.load(from: office))
        #expect(district.estates.first { $0.id == "CD001" }?.costYuan == 980)
    }

    /// A reserve library with its header in row 1 and every value stored as text (typed or
    /// pasted into text cells, as office sheets often are): GDAL's own guess takes no header
    /// from a sheet of text only, so the header is asked for; the plan is the GeoJSON form's.
    @Test func numbersStoredAsTextBelowAHeaderInRowOne() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (geoJSON, office) = try forms(in: folder)
        let url = folder.appendingPathComponent("office/储备库2025.xlsx")
        try FileManager.default.removeItem(at: url)
        let book = try #require(workbook_new(url.path))
        let ws = workbook_add_worksheet(book, "储备库")
        let header = ["小区编号", "建成年代", "户数", "建筑面积", "同意率", "长效管理", "安全等级", "隐患", "改造估算", "楼栋数", "备注"]
        for (col, name) in header.enumerated() { worksheet_write_string(ws, 0, lxw_col_t(col), name, nil) }
        for (index, e) in PlannerDistrict.estates.reversed().enumerated() {
            let cells: [String?] = [
                e.id, "\(e.built)", "\(e.households)", "\(e.area)", "\(e.consent)", e.management ? "是" : "否", e.grade,
                e.hazards.isEmpty ? nil : e.hazards.joined(separator: "、"), e.cost.map { "\($0)" }, "\(e.buildings)", "街道上报",
            ]
            for (col, cell) in cells.enumerated() {
                if let cell { worksheet_write_string(ws, lxw_row_t(index + 1), lxw_col_t(col), cell, nil) }
            }
        }
        #expect(workbook_close(book) == LXW_NO_ERROR)
        try expectTheGeoJSONPlan(geoJSON, office)
    }

    /// The same layout in an Excel 97–2003 .xls (GDAL's XLS driver, through FreeXL): the office's
    /// older workbooks. The file is made by scripts/make_xls_fixture.py (GDAL does not write
    /// .xls) and kept in Tests/Fixtures.
    @Test func officeLayoutInAnXLSWorkbook() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (geoJSON, office) = try forms(in: folder)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/储备库2025.xls")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("office/储备库2025.xlsx"))
        try FileManager.default.copyItem(at: fixture, to: folder.appendingPathComponent("office/储备库2025.xls"))
        let text = try String(contentsOf: office, encoding: .utf8)
        try text.replacingOccurrences(of: "table: 储备库2025.xlsx", with: "table: 储备库2025.xls")
            .write(to: office, atomically: true, encoding: .utf8)

        let district = try District.load(Scenario.load(from: office))
        #expect(district.warnings.map(\.description).contains(
            "储备库2025.xls, sheet 储备库: rows 10 (小计), 15 (合 计) are subtotal or total rows; "
                + "row 17 (填表人：张三) is a note below the table: not read"))
        try expectTheGeoJSONPlan(geoJSON, office)
    }

    /// An error names the row as the spreadsheet shows it, below the title and both header rows.
    @Test func errorNamesTheRowTheSheetShows() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let office = try PlannerDistrict.writePlannerForm(into: folder)
        // CD007 is the second estate (row 7), CD003 the sixth (row 12, below the 小计 row).
        try Self.writeOfficeReserve(folder.appendingPathComponent("储备库2025.xlsx")) { id in
            ["CD007": "many", "CD003": "1,2"][id]
        }
        // In the boundaries' order (CD003 before CD007).
        #expect(Validation.check(scenarioAt: office).errors == [
            "储备库2025.xlsx, sheet 储备库: row 12 (CD003): 户数 (households) must be a whole number ≥ 0, got \"1,2\"",
            "储备库2025.xlsx, sheet 储备库: row 7 (CD007): 户数 (households) must be a whole number ≥ 0, got \"many\"",
        ])
    }

    /// `renoplan init` finds the reserve library below its title and maps its header's columns.
    @Test func initFindsTheHeaderBelowTheTitle() throws {
        let folder = temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try PlannerDistrict.writePlannerForm(into: folder)
        try Self.writeOfficeReserve(folder.appendingPathComponent("储备库2025.xlsx"))
        let found = try DataFolder.inspect(folder)
        let reserve = try #require(found.layers.first { $0.file == "储备库2025.xlsx" })
        #expect(reserve.columns == ["序号", "小区编号", "建成年代", "户数", "建筑面积", "同意率", "长效管理", "安全等级", "隐患", "改造估算", "楼栋数", "备注"])
        // Rows 6–17: eight estates, 小计, 合计, a blank row and the note: 8 rows of data, and
        // the scenario says so (not "12 rows" for a library of 8 estates).
        #expect(reserve.features == 8)
        #expect(ScenarioStarter.scenario(for: found, name: "office", year: 2026).contains("    table: 储备库2025.xlsx          # 8 rows, joined"))
    }
}
