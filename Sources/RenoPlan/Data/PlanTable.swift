import Foundation
import SwiftCSV

/// A plan written as a CSV table (`id,year`, and for `revise` an optional `state`): the file read
/// once, its header matched case- and space-insensitively, each row with its 1-based line. The
/// one reader behind `evaluate`'s and `revise`'s CSV plans.
struct PlanTable {
    /// Column index by lower-cased header name.
    let columns: [String: Int]
    /// Cells of each row, with the row's line in the file (the header is line 1).
    let rows: [(line: Int, cells: [String])]

    /// Reads `url`; every name in `required` must be a column, else the error says `usage`.
    static func read(_ url: URL, required: [String], usage: String) throws -> PlanTable {
        let file = url.lastPathComponent
        let text = try readTextFile(url)
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw InputError(file: file, problem: "is not valid CSV: \(error)")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        guard required.allSatisfy({ columns[$0] != nil }) else {
            throw InputError(file: file, problem: "needs a header line with the columns \(usage)")
        }
        return PlanTable(columns: columns, rows: csv.rows.enumerated().map { ($0.offset + 2, $0.element) })
    }
}
