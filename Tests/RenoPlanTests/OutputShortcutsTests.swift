import Foundation
import Testing

@testable import DistrictGen
@testable import RenoPlan

/// The write stage's shortcuts (a city's files are written in seconds, not tens of seconds) give
/// what the plain definitions give, checked against those definitions on random input.
@Suite("Output shortcuts")
struct OutputShortcutsTests {
    /// A map coordinate: "%.1f" of the value rounded to tenths, "0" for zero, no ".0".
    @Test func mapCoordinatesAsPrintfPrintsThem() {
        var generator = SeededGenerator(seed: 7)
        func reference(_ value: Double) -> String {
            let tenths = (value * 10).rounded()
            if tenths == 0 { return "0" }
            if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
            return String(format: "%.1f", tenths / 10)
        }
        var values: [Double] = [0.05, -0.05, 0.15, -0.15, 0.95, -0.95, 99.95, 1e6 + 0.3, -1234.56, 0.04, -0.04, 2.25, -2.25]
        for _ in 0..<20000 {
            let scale = [1.0, 10, 1000, 1e5][Int.random(in: 0..<4, using: &generator)]
            values.append(Double.random(in: -scale...scale, using: &generator))
        }
        for value in values { #expect(HTMLReport.px(value) == reference(value), "\(value)") }
    }

    /// HTML text: the five characters escaped, everything else as it was (CJK, emoji, accents).
    @Test func escapeAsTheCharacterByCharacterDefinition() {
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("ab 1小区&<>\"'é😀—")
        for length in 0..<40 {
            for _ in 0..<50 {
                let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
                var expected = ""
                for ch in text {
                    switch ch {
                    case "&": expected += "&amp;"
                    case "<": expected += "&lt;"
                    case ">": expected += "&gt;"
                    case "\"": expected += "&quot;"
                    case "'": expected += "&#39;"
                    default: expected.append(ch)
                    }
                }
                #expect(HTMLReport.escape(text) == expected)
            }
        }
    }

    /// A column's width is that of its widest cell, header included, every cell measured.
    @Test func fittedWidthsMeasureEveryCell() {
        var generator = SeededGenerator(seed: 5)
        let formats = ["0", "#,##0", "#,##0.00", "0.0", "0.000"]
        for trial in 0..<200 {
            let columns = 4
            let rows: [[PlanWorkbook.Cell]] = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                (0..<columns).map { c in
                    // Every fourth trial: zeros of both signs and small positives only, where
                    // "-0.00" is the widest cell.
                    if trial % 4 == 2 {
                        return .number([-0.0, 0.0, 0.004, 0.001][Int.random(in: 0..<4, using: &generator)], format: formats[c])
                    }
                    switch Int.random(in: 0..<10, using: &generator) {
                    case 0: return .blank
                    case 1: return .text(["小区甲", "E12", "", "长名字的小区名称"][Int.random(in: 0..<4, using: &generator)])
                    case 2: return .number([-0.0, 0.0, -0.004, 0.004, 9.995, -9.995, 999.5, -999.5][Int.random(in: 0..<8, using: &generator)], format: formats[c])
                    default:
                        let scale = [1.0, 1e3, 1e7][Int.random(in: 0..<3, using: &generator)]
                        // Two formats in one column on odd trials.
                        let format = trial % 2 == 1 && Bool.random(using: &generator) ? formats[(c + 1) % formats.count] : formats[c]
                        return .number(Double.random(in: -scale...scale, using: &generator), format: format)
                    }
                }
            }
            let headers = (0..<columns).map { "列\($0)" }
            let wrapped: Set<Int> = trial % 3 == 0 ? [1] : []
            let expected = headers.indices.map { c in
                let longest = ([.text(headers[c])] + rows.map { $0[c] }).map(PlanWorkbook.displayWidth).max() ?? 0
                return wrapped.contains(c) ? min(max(longest + 2, 12), 80) : min(max(longest + 2, 6), 50)
            }
            #expect(PlanWorkbook.fittedWidths(headers, rows, wrapped: wrapped) == expected, "trial \(trial)")
        }
    }

    /// The rows a set of entries breaks: each row's entries summed in the order given onto its
    /// activity, the rows in ascending order, as a dictionary of sums says.
    @Test func breachesSumEachRowsEntriesInOrder() throws {
        let analysis = try HTMLReportTests.district().analyse()
        let rules = RuleSet(analysis)
        var generator = SeededGenerator(seed: 3)
        var activity = RuleActivity(rules)
        activity.add(rules.rows.indices.map { ($0, Double.random(in: -1e6...1e6, using: &generator)) })
        for _ in 0..<500 {
            let entries = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                (row: Int.random(in: 0..<rules.rows.count, using: &generator), value: Double.random(in: -3e6...3e6, using: &generator))
            }
            let amount = [1.0, 0.5, 2.0][Int.random(in: 0..<3, using: &generator)]
            var total: [Int: Double] = [:]
            for (row, value) in entries { total[row] = (total[row] ?? activity.activity[row]) + amount * value }
            let expected = total.keys.sorted().filter { rules.checkable[$0] && rules.rows[$0].isBroken(by: total[$0]!) }
            let found = activity.breaches(entries, amount: amount)
            #expect(found.map(\.row) == expected)
            #expect(found.allSatisfy { total[$0.row] == $0.activity })
        }
    }
}

/// DistrictGen's SplitMix64 as a `RandomNumberGenerator`, seeded: the same random input on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var inner: SplitMix64

    init(seed: UInt64) { inner = SplitMix64(state: seed) }

    mutating func next() -> UInt64 { inner.next() }
}
