import Foundation

/// A section of the report written once and rendered twice: as Markdown in `report.md` and as
/// HTML in `report.html`, so the two never say different things. Text may hold `**bold**` and
/// `` `code` `` (report.md's inline marks); the HTML escapes everything else.
struct ReportSection {
    enum Block {
        case paragraph(String)
        case bullets([String])
        /// A table; `numeric[i]` right-aligns column i. `total`: the 合计 row closing it (bold in
        /// report.md, the `<tfoot>` in report.html). `wide`: many columns, set closer (report.html),
        /// in a box that scrolls sideways on a screen too narrow for it (printed whole).
        case table(header: [String], numeric: [Bool], rows: [[String]], total: [String]? = nil, wide: Bool = false)

        /// report.md's lines for the block (no blank line after it).
        var markdown: [String] {
            switch self {
            case .paragraph(let text):
                return [text]
            case .bullets(let items):
                return items.map { "- \($0)" }
            case .table(let header, let numeric, let rows, let total, _):
                // A `|` inside a cell (a reason quoting a key, say) would end the cell.
                func row(_ cells: [String]) -> String {
                    "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
                }
                return [row(header), "|" + numeric.map { $0 ? "---:|" : "---|" }.joined()] + rows.map(row)
                    + (total.map { [row($0.map { $0.isEmpty ? "" : "**\($0)**" })] } ?? [])
            }
        }

        /// report.html's elements for the block.
        var html: String {
            switch self {
            case .paragraph(let text):
                return "<p>\(HTMLReport.inlineMarkdown(text))</p>\n"
            case .bullets(let items):
                return "<ul>\n" + items.map { "<li>\(HTMLReport.inlineMarkdown($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let header, let numeric, let rows, let total, let wide):
                func cells(_ row: [String], _ tag: String) -> String {
                    zip(row, numeric).map { text, isNumber in
                        "<\(tag)\(isNumber ? " class=\"num\"" : "")>\(HTMLReport.inlineMarkdown(text))</\(tag)>"
                    }.joined()
                }
                var out = "<table class=\"\(wide ? "wide" : "compact")\">\n<thead><tr>\(cells(header, "th"))</tr></thead>\n<tbody>\n"
                out += rows.map { "<tr>\(cells($0, "td"))</tr>\n" }.joined()
                out += "</tbody>\n"
                if let total { out += "<tfoot><tr>\(cells(total, "td"))</tr></tfoot>\n" }
                out += "</table>\n"
                return wide ? "<div class=\"scroll\">\n" + out + "</div>\n" : out
            }
        }
    }

    /// The HTML section's `id` (an anchor: `report.html#changes`).
    var id: String
    var title: String
    var blocks: [Block]

    /// report.md's lines: `## title`, then each block followed by a blank line.
    var markdown: [String] {
        ["## \(title)", ""] + blocks.flatMap { $0.markdown + [""] }
    }

    /// report.html's `<section>`.
    var html: String {
        "<section id=\"\(HTMLReport.escape(id))\">\n<h2>\(HTMLReport.inlineMarkdown(title))</h2>\n"
            + blocks.map(\.html).joined() + "</section>\n"
    }
}
