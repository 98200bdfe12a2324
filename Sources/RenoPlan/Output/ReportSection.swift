import Foundation

/// A section of the report written once and rendered twice: as Markdown in `report.md` and as
/// HTML in `report.html`, so the two never say different things. Text may hold `**bold**` and
/// `` `code` `` (report.md's inline marks); the HTML escapes everything else.
struct ReportSection {
    enum Block {
        case paragraph(String)
        case bullets([String])
        /// A table; `numeric[i]` right-aligns column i.
        case table(header: [String], numeric: [Bool], rows: [[String]])
    }

    /// The HTML section's `id` (an anchor: `report.html#changes`).
    var id: String
    var title: String
    var blocks: [Block]

    /// report.md's lines: `## title`, then each block followed by a blank line.
    var markdown: [String] {
        var out = ["## \(title)", ""]
        for block in blocks {
            switch block {
            case .paragraph(let text):
                out.append(text)
            case .bullets(let items):
                out.append(contentsOf: items.map { "- \($0)" })
            case .table(let header, let numeric, let rows):
                // A `|` inside a cell (a reason quoting a key, say) would end the cell.
                func row(_ cells: [String]) -> String {
                    "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
                }
                out.append(row(header))
                out.append("|" + numeric.map { $0 ? "---:|" : "---|" }.joined())
                out.append(contentsOf: rows.map(row))
            }
            out.append("")
        }
        return out
    }

    /// report.html's `<section>`.
    var html: String {
        var out = "<section id=\"\(HTMLReport.escape(id))\">\n<h2>\(HTMLReport.inlineMarkdown(title))</h2>\n"
        for block in blocks {
            switch block {
            case .paragraph(let text):
                out += "<p>\(HTMLReport.inlineMarkdown(text))</p>\n"
            case .bullets(let items):
                out += "<ul>\n" + items.map { "<li>\(HTMLReport.inlineMarkdown($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let header, let numeric, let rows):
                func cells(_ row: [String], _ tag: String) -> String {
                    zip(row, numeric).map { text, isNumber in
                        "<\(tag)\(isNumber ? " class=\"num\"" : "")>\(HTMLReport.inlineMarkdown(text))</\(tag)>"
                    }.joined()
                }
                out += "<table class=\"compact\">\n<thead><tr>\(cells(header, "th"))</tr></thead>\n<tbody>\n"
                out += rows.map { "<tr>\(cells($0, "td"))</tr>\n" }.joined()
                out += "</tbody>\n</table>\n"
            }
        }
        return out + "</section>\n"
    }
}
