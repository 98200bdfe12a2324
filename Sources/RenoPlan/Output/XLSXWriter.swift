import Foundation

internal import CXLSX

/// Writes a ``PlanWorkbook`` as an .xlsx file with libxlsxwriter (`workbook_new`, …,
/// `workbook_close`). The C workbook lives within one call: created, filled and closed (which
/// writes and frees it) before the function returns.
enum XLSXWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The workbook's bytes. libxlsxwriter (Debian's 1.1.4) writes to a file only, so it writes
    /// to a temporary file, read back and removed here.
    ///
    /// Deterministic: the properties' creation date is the workbook's fixed `created`, and
    /// libxlsxwriter stamps the zip entries with a fixed date of its own.
    static func data(_ workbook: PlanWorkbook) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("renoplan-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        try write(workbook, to: file.path)
        return try Data(contentsOf: file)
    }

    private static func write(_ workbook: PlanWorkbook, to path: String) throws {
        guard let book = workbook_new(path) else { throw Failure(description: "libxlsxwriter could not create \(path)") }
        // Closing writes the file and frees the workbook: it must happen once, on every path.
        var closed = false
        defer { if !closed { _ = workbook_close(book) } }

        try withCStrings([workbook.title, "renoplan"]) { strings in
            var properties = lxw_doc_properties()
            properties.title = strings[0]
            properties.author = strings[1]
            properties.created = time_t(workbook.created.timeIntervalSince1970)
            try check(workbook_set_properties(book, &properties), "workbook_set_properties")
        }

        let header = workbook_add_format(book)
        format_set_bold(header)
        format_set_text_wrap(header)
        format_set_bg_color(header, 0xDDE4EE)
        format_set_border(header, UInt8(LXW_BORDER_THIN.rawValue))
        let wrap = workbook_add_format(book)
        format_set_text_wrap(wrap)
        var numberFormats: [String: UnsafeMutablePointer<lxw_format>] = [:]
        var totalFormats: [String: UnsafeMutablePointer<lxw_format>] = [:]
        let totalText = workbook_add_format(book)
        format_set_bold(totalText)
        func numberFormat(_ pattern: String, total: Bool) -> UnsafeMutablePointer<lxw_format>? {
            if let known = (total ? totalFormats : numberFormats)[pattern] { return known }
            guard let format = workbook_add_format(book) else { return nil }
            format_set_num_format(format, pattern)
            if total { format_set_bold(format) }
            if total { totalFormats[pattern] = format } else { numberFormats[pattern] = format }
            return format
        }

        for sheet in workbook.sheets {
            guard let ws = workbook_add_worksheet(book, sheet.name) else {
                throw Failure(description: "libxlsxwriter could not add the sheet \(sheet.name)")
            }
            for (c, width) in sheet.widths.enumerated() {
                try check(worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), width, sheet.wrapped.contains(c) ? wrap : nil), "worksheet_set_column")
            }
            for (c, text) in sheet.headers.enumerated() {
                try check(worksheet_write_string(ws, 0, lxw_col_t(c), text, header), "worksheet_write_string")
            }
            worksheet_freeze_panes(ws, 1, 0)
            // Printing: A3 (paper 8) landscape, one page wide, the header row on every page.
            worksheet_set_landscape(ws)
            worksheet_set_paper(ws, 8)
            worksheet_fit_to_pages(ws, 1, 0)
            try check(worksheet_repeat_rows(ws, 0, 0), "worksheet_repeat_rows")
            var rows = sheet.rows
            if let total = sheet.total { rows.append(total) }
            rows += sheet.footer
            for (r, cells) in rows.enumerated() {
                let isTotal = r >= sheet.rows.count
                for (c, cell) in cells.enumerated() {
                    let row = lxw_row_t(r + 1), col = lxw_col_t(c)
                    switch cell {
                    case .text(let text):
                        if text.isEmpty { continue }
                        try check(worksheet_write_string(ws, row, col, text, isTotal ? totalText : (sheet.wrapped.contains(c) ? wrap : nil)), "worksheet_write_string")
                    case .number(let value, let pattern):
                        try check(worksheet_write_number(ws, row, col, value, numberFormat(pattern, total: isTotal)), "worksheet_write_number")
                    case .blank:
                        continue
                    }
                }
            }
            // Notes after an empty row, in the first column (the text runs on over the empty cells).
            for (n, note) in sheet.notes.enumerated() {
                try check(worksheet_write_string(ws, lxw_row_t(rows.count + 2 + n), 0, note, nil), "worksheet_write_string")
            }
        }
        closed = true
        try check(workbook_close(book), "workbook_close")
    }

    private static func check(_ error: lxw_error, _ call: String) throws {
        guard error == LXW_NO_ERROR else {
            throw Failure(description: "libxlsxwriter \(call): \(String(cString: lxw_strerror(error)))")
        }
    }

    /// C copies of `strings`, valid inside `body` only.
    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>]) throws -> T) throws -> T {
        let copies = strings.map { strdup($0)! }
        defer { copies.forEach { free($0) } }
        return try body(copies)
    }
}
