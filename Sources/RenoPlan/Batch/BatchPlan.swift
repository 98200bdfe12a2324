import Foundation

/// Many scenarios, each planned by its own `renoplan plan` process (GLPK keeps per-thread state
/// and is not safe to share), a few at a time; docs/batch.md and docs/scale-out.md.
public enum BatchPlan {
    public struct Result: Sendable {
        public var scenario: String
        public var folder: String
        /// done (a plan), infeasible (proven; summary.json says why) or failed (retried next time).
        public var outcome: String
        /// Whether this batch solved it (false: skipped, finished earlier with the same inputs).
        public var ran: Bool
        public var exitCode: Int32
        public var seconds: Double
        public var status: String?
        public var objective: Double?
        public var gap: Double?
        public var householdsPerYear: [Int]
        public var message: String?
        public var fingerprint: String
    }

    /// The scenarios, sorted by path, that `shard` holds (all of them without a shard).
    public static func select(_ scenarios: [String], shard: Shard?) -> [URL] {
        let sorted = scenarios.map { URL(fileURLWithPath: $0).standardizedFileURL }.sorted { $0.path < $1.path }
        guard let shard else { return sorted }
        return sorted.filter(shard.holds)
    }

    /// The folder `batch.json` names the scenarios from: the deepest folder that holds every
    /// scenario of the batch (all of them, not one shard's, so every shard of one batch has the
    /// same). `/shared/province/scenarios/` on one node and `/mnt/p/scenarios/` on another give
    /// the same names below it, as do `scenarios/` from the project folder and the full path.
    public static func scenarioRoot(_ scenarios: [String]) -> URL {
        let folders = scenarios.map { URL(fileURLWithPath: $0).standardizedFileURL.deletingLastPathComponent().pathComponents }
        guard var common = folders.first else { return URL(fileURLWithPath: "/") }
        for folder in folders.dropFirst() { common = zip(common, folder).prefix { $0 == $1 }.map(\.0) }
        return URL(fileURLWithPath: "/" + common.dropFirst().joined(separator: "/"))
    }

    /// How `batch.json` names `scenario`: its path below `root` (``scenarioRoot(_:)``), with `/`
    /// between folders (`district-017.yaml`, `city-a/district-017.yaml`); as given when it is
    /// not below it.
    static func recordedPath(_ scenario: String, root: URL) -> String {
        let parts = URL(fileURLWithPath: scenario).standardizedFileURL.pathComponents
        let base = root.standardizedFileURL.pathComponents
        guard parts.count > base.count, parts.starts(with: base) else { return scenario }
        return parts.dropFirst(base.count).joined(separator: "/")
    }

    /// The summary files' base name: `batch`, or `batch-<i>-of-<n>` for a shard, so shards sharing
    /// one output folder do not overwrite each other's.
    public static func summaryName(shard: Shard?) -> String {
        shard.map { "batch-\($0.index)-of-\($0.count)" } ?? "batch"
    }

    /// The executable running now (`/proc/self/exe`), so `renoplan` found on PATH can start itself.
    public static func currentExecutable() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    /// One line of `batch.json`: what the scenario's run gave, with nothing that depends on the
    /// machine, the shard or whether this batch solved or skipped it, so a one-machine batch
    /// and merged shards give the same bytes: the scenario by its path below `root`, not the
    /// mount point or working folder it was reached through.
    static func entry(_ r: Result, root: URL) -> JSONValue {
        [
            "scenario": .string(recordedPath(r.scenario, root: root)), "folder": .string(r.folder), "outcome": .string(r.outcome),
            "exit_code": .number(Double(r.exitCode)), "fingerprint": .string(r.fingerprint),
            "status": r.status.map { .string($0) } ?? .null, "objective": .optional(r.objective, 6),
            "gap": .optional(r.gap, 8), "households_per_year": .array(r.householdsPerYear.map { .number(Double($0)) }),
            "message": r.message.map { .string($0) } ?? .null,
        ]
    }

    /// The summary files of `results`: `<base>.json` and `<base>.csv` (see ``summaryName(shard:)``),
    /// the scenarios named below `root` (``scenarioRoot(_:)`` of the whole batch).
    public static func files(_ results: [Result], shard: Shard? = nil, root: URL) throws -> [(name: String, data: Data)] {
        try files(entries: results.map { entry($0, root: root) }, base: summaryName(shard: shard))
    }

    /// `<base>.json` and `<base>.csv` from `batch.json` entries, sorted by scenario path.
    static func files(entries: [JSONValue], base: String) throws -> [(name: String, data: Data)] {
        let sorted = entries.sorted { ($0["scenario"]?.stringValue ?? "") < ($1["scenario"]?.stringValue ?? "") }
        var csv = "scenario,folder,outcome,exit_code,status,objective,gap,households_per_year,message,fingerprint\n"
        for e in sorted {
            let cells = [
                e["scenario"]?.stringValue ?? "", e["folder"]?.stringValue ?? "", e["outcome"]?.stringValue ?? "",
                e["exit_code"]?.numberValue.map { String(Int32($0)) } ?? "", e["status"]?.stringValue ?? "",
                e["objective"]?.numberValue.map { String(format: "%.6f", $0) } ?? "",
                e["gap"]?.numberValue.map { String(format: "%.8f", $0) } ?? "",
                (e["households_per_year"]?.arrayValue ?? []).compactMap { $0.numberValue.map { String(Int($0)) } }.joined(separator: ";"),
                e["message"]?.stringValue ?? "", e["fingerprint"]?.stringValue ?? "",
            ]
            csv += cells.map(csvField).joined(separator: ",") + "\n"
        }
        return [("\(base).json", try JSONIO.encode(.array(sorted), pretty: true)), ("\(base).csv", Data(csv.utf8))]
    }

    /// RFC 4180 quoting where a field needs it.
    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
