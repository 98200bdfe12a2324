import Foundation
import RenoPlan

/// The live progress of a solve: a line that rewrites itself on a terminal, JSON lines with
/// --log-json, nothing when stderr is not a terminal or with --quiet.
enum Progress {
    static func handler(json: Bool, quiet: Bool) -> (@Sendable (SolveProgress) -> Void)? {
        if json {
            return { p in
                var fields = [String(format: "\"elapsed_s\": %.2f", p.elapsedSeconds)]
                fields.append("\"incumbent\": " + (p.incumbent.map { String(format: "%.6f", $0) } ?? "null"))
                fields.append("\"bound\": " + (p.bound.map { String(format: "%.6f", $0) } ?? "null"))
                fields.append("\"gap\": " + (gap(p).map { String(format: "%.8f", $0) } ?? "null"))
                FileHandle.standardError.write(Data(("{" + fields.joined(separator: ", ") + "}\n").utf8))
            }
        }
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return { p in
            let incumbent = p.incumbent.map { String(format: "%.2f", $0) } ?? "—"
            let bound = p.bound.map { String(format: "%.2f", $0) } ?? "—"
            let gapText = gap(p).map { String(format: "%.2f%%", $0 * 100) } ?? "—"
            let line = String(format: "\r  solving %6.1f s", p.elapsedSeconds) + "   plan \(incumbent)   bound \(bound)   gap \(gapText)   "
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Makes and writes the files (`write`) with a line on a terminal that says so (on a city
    /// with funding sources the reasons of the unplanned clusters take longer than a short time
    /// limit's solve, docs/benchmarks.md); the line is cleared afterwards, after an error too.
    static func whileWriting<T>(json: Bool, quiet: Bool, _ write: () throws -> T) rethrows -> T {
        let shown = !json && !quiet && isatty(STDERR_FILENO) == 1
        if shown { FileHandle.standardError.write(Data((blank + "\r  writing the plan, its reasons and the report …").utf8)) }
        defer { finish(json: json, quiet: quiet) }
        return try write()
    }

    /// Clears the terminal line (the solve's, or the one of ``whileWriting(json:quiet:_:)``).
    static func finish(json: Bool, quiet: Bool) {
        guard !json, !quiet, isatty(STDERR_FILENO) == 1 else { return }
        FileHandle.standardError.write(Data((blank + "\r").utf8))
    }

    /// The line, written over with spaces.
    private static let blank = "\r" + String(repeating: " ", count: 78)

    private static func gap(_ p: SolveProgress) -> Double? {
        guard let incumbent = p.incumbent, let bound = p.bound else { return nil }
        return abs(bound - incumbent) / (abs(incumbent) + .ulpOfOne)
    }
}
