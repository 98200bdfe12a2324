internal import CGDAL
import Foundation

/// Where the header of a spreadsheet (.xlsx sheet or CSV) is, and which of its rows are not
/// data, as a district office's sheets have them (SPEC §9):
///
/// - a title row above the header (`某区2026年城镇老旧小区改造项目储备库`, merged across the
///   table), blank rows, and lines such as `填报单位：某街道    单位：万元`;
/// - a header of two rows: a merged group (`基本情况`) over its columns' own names (`建成年代`,
///   `户数`), beside names merged down over both rows (`序号`, `小区编号`);
/// - subtotal and total rows (`小计`, `合计`) among or below the rows, a note (`填表人：张三`)
///   below them, blank rows.
///
/// A sheet whose header is its first row alone is read as GDAL reads it; only a sheet laid out
/// otherwise is read here row by row, every cell as text (numbers in text are read as numbers,
/// docs/data.md). Rows keep their numbers as the spreadsheet shows them, so an error names the
/// row a planner sees.
struct SheetLayout: Equatable {
    /// The rows that hold the header, 0-based (the sheet's row 1 is 0).
    var header: ClosedRange<Int>
    /// The column names: a second header row's name where it has one, else the first row's;
    /// `Field3` for a column without a name (GDAL's name for it).
    var names: [String]

    /// How many rows there are below the header (totals and notes included), when the whole
    /// sheet was opened (``of(_:layerName:decode:)``).
    var rowsBelow: Int?

    /// The money unit a line above the header gives the table (`填报单位：某街道    单位：万元`),
    /// and that line's row as the spreadsheet numbers it: the unit of every money column that
    /// names none of its own (``titleMoneyUnit(_:)``).
    var moneyUnit: String? = nil
    var moneyUnitRow: Int? = nil

    /// The first row of data, 0-based.
    var firstData: Int { header.upperBound + 1 }

    /// How many rows are looked at for the header.
    static let probeRows = 30

    /// A cell's text, nil when it is empty or blank (full-width spaces included).
    static func text(_ cell: String?) -> String? {
        guard let cell else { return nil }
        let trimmed = cell.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}")))
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The layout of a sheet from its first rows (each a list of cells), or nil when the header
    /// is the first row alone (or no row looks like a header).
    ///
    /// The header is the first row of two or more names that covers at least 60% of the widest
    /// row's cells, with no number and no `：` in it (a number is data; a colon is a label such
    /// as `填报单位：`). The row below joins it as a second header row when it has no number
    /// either and names a column the first leaves empty while the first names one it leaves
    /// empty: the pattern merged cells leave (a data row under a header names no column the
    /// header leaves empty). A row of units below the header (`户`, `㎡`, `万元`; ``units(_:)``)
    /// is part of it too: a column whose unit scales its values (`万元`, `万㎡`) takes it into
    /// its name, `改造估算（万元）`, which is how a unit is read (docs/data.md); the others
    /// (`户`, `㎡`, `元`) are each key's own and leave the name as it is.
    static func find(_ rows: [[String?]]) -> SheetLayout? {
        let cells = rows.map { $0.map(text) }
        let width = cells.map { $0.compactMap { $0 }.count }.max() ?? 0
        func isNames(_ row: [String?]) -> Bool {
            row.allSatisfy { cell in
                guard let cell else { return true }
                return PropertyText.number(cell) == nil && !cell.contains("：") && !cell.contains(":")
            }
        }
        for (index, row) in cells.enumerated() {
            let filled = row.compactMap { $0 }.count
            guard filled >= 2, isNames(row) else { continue }
            var names = row
            var last = index
            if index + 1 < cells.count {
                let below = cells[index + 1]
                let columns = max(row.count, below.count)
                func at(_ list: [String?], _ column: Int) -> String? { column < list.count ? list[column] : nil }
                let onlyBelow = (0..<columns).contains { at(below, $0) != nil && at(row, $0) == nil }
                let onlyAbove = (0..<columns).contains { at(row, $0) != nil && at(below, $0) == nil }
                if below.compactMap({ $0 }).count >= 2, isNames(below), onlyBelow, onlyAbove {
                    names = (0..<columns).map { at(below, $0) ?? at(row, $0) }
                    last = index + 1
                }
            }
            guard Double(names.compactMap { $0 }.count) >= 0.6 * Double(width) else { continue }
            if last + 1 < cells.count, let units = units(cells[last + 1]) {
                for (column, unit) in units where column < names.count {
                    guard let name = names[column], ColumnNames.splitUnit(name).unit == nil,
                        let known = ColumnNames.unit(unit), known.factor != 1
                    else { continue }
                    names[column] = "\(name)（\(unit)）"
                }
                last += 1
            }
            if index == 0 && last == 0 { return nil }
            var seen: [String: Int] = [:]
            let unique = names.enumerated().map { column, name -> String in
                let base = name ?? "Field\(column + 1)"
                seen[base, default: 0] += 1
                return seen[base]! == 1 ? base : "\(base)\(seen[base]!)"
            }
            var layout = SheetLayout(header: index...last, names: unique)
            if let title = titleMoneyUnit(Array(cells[..<index])) {
                layout.moneyUnit = title.unit
                layout.moneyUnitRow = title.row + 1
            }
            return layout
        }
        return nil
    }

    /// The money unit the lines above a header give (`单位：万元`, `单位:万元`, `计量单位：亿元`,
    /// `金额单位：万元`, `（单位：万元）`, `(万元)` alone in a cell, `单位：万元、户、㎡`), with the
    /// 0-based row of the last that gives one; nil when none does, or two give different ones.
    /// `填报单位：某街道` is the reporting office, not a unit: what follows a 单位 label counts
    /// only where it is a unit.
    static func titleMoneyUnit(_ rows: [[String?]]) -> (unit: String, row: Int)? {
        var found: (unit: String, row: Int)?
        for (row, cells) in rows.enumerated() {
            for case let cell? in cells {
                for unit in moneyUnits(in: cell) {
                    if let earlier = found, ColumnNames.unit(earlier.unit)?.factor != ColumnNames.unit(unit)?.factor { return nil }
                    found = (unit, row)
                }
            }
        }
        return found
    }

    /// The money units a title cell names: after each 单位：/单位: label, or the whole cell in
    /// brackets (`（万元）`).
    private static func moneyUnits(in cell: String) -> [String] {
        func isMoney(_ text: String) -> Bool { ColumnNames.unit(text)?.kind == "元" }
        let bare = cell.trimmingCharacters(in: CharacterSet(charactersIn: "（）() \u{3000}"))
        if bare != cell.trimmingCharacters(in: .whitespaces), isMoney(bare) { return [bare] }
        var units: [String] = []
        var rest = Substring(cell)
        while let label = rest.range(of: "单位：") ?? rest.range(of: "单位:") {
            rest = rest[label.upperBound...]
            // What follows the label, to a space or a bracket; a list (元、户、㎡) gives its money unit.
            let value = rest.prefix { !$0.isWhitespace && !"）)】]\u{3000}".contains($0) }
            for part in value.split(whereSeparator: { "、，,;；/".contains($0) }) where isMoney(String(part)) {
                units.append(String(part))
            }
        }
        return units
    }

    /// Units a statistical table writes for counts, beside those ``ColumnNames/unit(_:)`` reads.
    static let countUnits: Set<String> = Set(PropertyText.countUnits.values.joined())
        .union(["个", "处", "间", "套", "项", "年", "岁", "%", "‰", "米", "m", "公里", "km"])

    /// A row of units, by column (`（万元）` and `单位：万元` as `万元`), when every cell with
    /// something in it is a unit or the label 单位 and one at least is a unit; nil otherwise.
    static func units(_ row: [String?]) -> [Int: String]? {
        var units: [Int: String] = [:]
        for (column, cell) in row.enumerated() {
            guard var unit = cell else { continue }
            for prefix in ["计量单位：", "计量单位:", "单位：", "单位:"] where unit.hasPrefix(prefix) { unit.removeFirst(prefix.count) }
            unit = unit.trimmingCharacters(in: CharacterSet(charactersIn: "（）() "))
            if ["单位", "计量单位"].contains(unit) { continue }
            guard ColumnNames.unit(unit) != nil || countUnits.contains(unit.lowercased()) else { return nil }
            units[column] = unit
        }
        return units.isEmpty ? nil : units
    }

    /// What a row that is not data is.
    enum RowKind: Equatable {
        case data
        /// No cell has anything in it.
        case blank
        /// A subtotal or total row: the cell that says so (`合计`, `小计`, `Total`).
        case total(String)
        /// A note below the table: one cell of text with a label (`填表人：张三`, `注：…`).
        case note(String)
    }

    /// Words a subtotal or total row is marked with (spaces inside ignored: `合 计`).
    static let totalWords: Set<String> = ["合计", "总计", "小计", "共计", "总合计", "全区合计", "汇总", "合计数", "total", "subtotal", "sum"]

    /// A cell marking a total: one of ``totalWords``, alone or followed by a bracket or colon
    /// (`合计（8个小区）`, as renoplan's own plan.xlsx writes it; `小计：`).
    static func isTotal(_ cell: String) -> Bool {
        let word = cell.filter { !$0.isWhitespace }.lowercased()
        if totalWords.contains(word) { return true }
        return totalWords.contains { total in
            word.hasPrefix(total) && word.dropFirst(total.count).first.map { "（(：:".contains($0) } == true
        }
    }

    /// What the row of these cells is; `key` is the cell of the row's id (or join key), which a
    /// total row leaves empty or marks as the total.
    static func kind(_ cells: [String?], key: Int? = nil) -> RowKind {
        let filled = cells.compactMap(text)
        if filled.isEmpty { return .blank }
        let keyText = key.flatMap { $0 < cells.count ? text(cells[$0]) : nil }
        for cell in filled {
            if isTotal(cell), keyText == nil || keyText == cell { return .total(cell) }
        }
        if filled.count == 1, let only = filled.first, PropertyText.number(only) == nil,
            only.contains("：") || only.contains(":") || ["注", "说明", "备注"].contains(where: { only.hasPrefix($0) })
        {
            return .note(only)
        }
        return .data
    }

    /// The rows left out of a layer, said once: `rows 8 (小计) and 10 (合计) are subtotal or
    /// total rows and row 11 a note (填表人：张三): not read`.
    static func warning(file: String, sheet: String?, totals: [(row: Int, text: String)], notes: [(row: Int, text: String)])
        -> InputWarning?
    {
        guard !totals.isEmpty || !notes.isEmpty else { return nil }
        func rows(_ list: [(row: Int, text: String)]) -> String {
            (list.count == 1 ? "row " : "rows ") + list.map { "\($0.row) (\($0.text))" }.joined(separator: ", ")
        }
        func 行(_ list: [(row: Int, text: String)]) -> String {
            "第" + list.map { "\($0.row)行（\($0.text)）" }.joined(separator: "、")
        }
        var english: [String] = [], chinese: [String] = []
        if !totals.isEmpty {
            english.append(rows(totals) + (totals.count == 1 ? " is a subtotal or total row" : " are subtotal or total rows"))
            chinese.append(行(totals) + "为小计或合计行")
        }
        if !notes.isEmpty {
            english.append(rows(notes) + (notes.count == 1 ? " is a note below the table" : " are notes below the table"))
            chinese.append(行(notes) + "为表下说明")
        }
        return InputWarning(
            file: file, sheet: sheet, problem: english.joined(separator: "; ") + ": not read",
            chinese: chinese.joined(separator: "；") + "，未读入")
    }

    /// The first `limit` rows of a sheet or CSV read with no header (every cell as text, nil
    /// when empty), from a dataset opened by ``openGrid(_:_:)``.
    static func rows(_ layer: OGRLayerH, limit: Int = probeRows, decode: (UnsafePointer<CChar>) -> String) -> [[String?]] {
        let fields = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer))
        var rows: [[String?]] = []
        OGR_L_ResetReading(layer)
        while rows.count < limit, let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            rows.append((0..<fields).map { field in
                OGR_F_IsFieldSetAndNotNull(feature, field) != 0 ? decode(OGR_F_GetFieldAsString(feature, field)) : nil
            })
        }
        OGR_L_ResetReading(layer)
        return rows
    }

    /// Runs `body` with GDAL set to read an .xlsx sheet with no header and every cell as text.
    static func asGrid<T>(_ format: LayerFormat, _ body: () throws -> T) rethrows -> T {
        try reading(format, headers: "DISABLE", types: "STRING", body)
    }

    /// Runs `body` with GDAL set to take an .xlsx sheet's first row as its header, whatever
    /// its cells: GDAL's own guess takes it only when some cell below is not text, so a reserve
    /// library whose numbers are all stored as text (as pasted or typed into text cells) came
    /// out as Field1, Field2, … with its header as a row of data.
    static func withHeader<T>(_ format: LayerFormat, _ body: () throws -> T) rethrows -> T {
        try reading(format, headers: "FORCE", types: nil, body)
    }

    /// GDAL 3.8 and later take the header and cell types as open options (``gridOptions(_:)``);
    /// GDAL 3.6 (Debian 12) reads only the configuration options OGR_XLSX_HEADERS and
    /// OGR_XLSX_FIELD_TYPES, and reads them when it first parses a sheet, so they are set (for
    /// this thread) until `body` has read what it reads.
    private static func reading<T>(_ format: LayerFormat, headers: String, types: String?, _ body: () throws -> T) rethrows -> T {
        guard format == .xlsx else { return try body() }
        // The same for an Excel 97–2003 .xls (GDAL's XLS driver); what was set before (a
        // probe inside a read) comes back after.
        let keys = ["OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES", "OGR_XLS_HEADERS", "OGR_XLS_FIELD_TYPES"]
        let before = keys.map { (key: String) -> (String, String?) in
            (key, CPLGetThreadLocalConfigOption(key, nil).map { String(cString: $0) })
        }
        for key in keys { CPLSetThreadLocalConfigOption(key, key.hasSuffix("HEADERS") ? headers : types) }
        defer { for (key, value) in before { CPLSetThreadLocalConfigOption(key, value) } }
        return try body()
    }

    /// GDAL's open options reading a sheet or CSV with its header rows as data, every cell text
    /// (for an .xlsx within ``asGrid(_:_:)``).
    static func gridOptions(_ format: LayerFormat) -> [String] {
        format == .xlsx
            ? ["HEADERS=DISABLE", "FIELD_TYPES=STRING"] : ["HEADERS=NO", "AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=YES"]
    }

    /// Every sheet of an .xlsx (or .xls) workbook in the workbook's order, each row its cells as text
    /// (empty: ""), row 1 first, as GDAL reads a sheet with no header; nil when GDAL cannot
    /// open the file (with GDAL's reason).
    static func sheets(_ url: URL) -> (sheets: [(name: String, rows: [[String]])]?, reason: String) {
        asGrid(.xlsx) { readSheets(url) }
    }

    private static func readSheets(_ url: URL) -> (sheets: [(name: String, rows: [[String]])]?, reason: String) {
        CPLErrorReset()
        guard let dataset = openGrid(url, .xlsx) else { return (nil, String(cString: CPLGetLastErrorMsg())) }
        defer { GDALClose(dataset) }
        let sheets = (0..<GDALDatasetGetLayerCount(dataset)).compactMap { index -> (String, [[String]])? in
            guard let layer = GDALDatasetGetLayer(dataset, index) else { return nil }
            let cells = rows(layer, limit: .max) { String(cString: $0) }
            return (String(cString: OGR_L_GetName(layer)), cells.map { $0.map { $0 ?? "" } })
        }
        return (sheets, "")
    }

    /// A sheet or CSV opened with ``gridOptions(_:)`` (within ``asGrid(_:_:)`` for a workbook).
    private static func openGrid(_ url: URL, _ format: LayerFormat) -> GDALDatasetH? {
        _ = OGRLayerReader.registered
        return withCStrings(gridOptions(format)) { GDALOpenEx(url.path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, $0, nil) }
    }

    /// The layout of the sheet `layerName` (nil: the first) of an .xlsx or CSV file; nil when its
    /// header is row 1 alone, or it cannot be opened (the reader then says why).
    static func of(_ url: URL, layerName: String?, decode: (UnsafePointer<CChar>) -> String) -> SheetLayout? {
        let format = LayerFormat(url)
        guard format == .xlsx || format == .csv else { return nil }
        return asGrid(format) { probe(url, format: format, layerName: layerName, decode: decode) }
    }

    private static func probe(
        _ url: URL, format: LayerFormat, layerName: String?, decode: (UnsafePointer<CChar>) -> String
    ) -> SheetLayout? {
        guard let dataset = openGrid(url, format) else { return nil }
        defer { GDALClose(dataset) }
        let layer = layerName.map { GDALDatasetGetLayerByName(dataset, $0) } ?? GDALDatasetGetLayer(dataset, 0)
        guard let layer else { return nil }
        guard var layout = find(rows(layer, decode: decode)) else { return nil }
        layout.rowsBelow = max(0, Int(OGR_L_GetFeatureCount(layer, 1)) - layout.firstData)
        return layout
    }
}
