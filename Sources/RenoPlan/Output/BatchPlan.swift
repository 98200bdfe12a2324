import Foundation

/// Many scenarios, each planned by its own `renoplan plan` process (GLPK keeps per-thread state
/// and is not safe to share), a few at a time.
public enum BatchPlan {
    public struct Result: Sendable {
        public var scenario: String
        public var folder: String
        /// done, skipped (outputs up to date) or failed.
        public var outcome: String
        public var exitCode: Int32
        public var seconds: Double
        public var status: String?
        public var objective: Double?
        public var gap: Double?
        public var householdsPerYear: [Int]
        public var message: String?
    }

    /// Parses `i/n` with 0 ≤ i < n.
    public static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (0..<n).contains(i) else {
            throw InputError(file: "--shard", problem: "must be i/n with 0 ≤ i < n, e.g. 3/10; got \(text)")
        }
        return (i, n)
    }

    /// The scenarios of one shard: sorted by path, every n-th from position i. The same list and
    /// shard always give the same share, so machines need no coordinator.
    public static func select(_ scenarios: [String], shard: (index: Int, count: Int)?) throws -> [URL] {
        let sorted = scenarios.map { URL(fileURLWithPath: $0).standardizedFileURL }.sorted { $0.path < $1.path }
        guard let shard else { return sorted }
        return sorted.enumerated().filter { $0.offset % shard.count == shard.index }.map(\.element)
    }

    /// Whether `folder` holds a complete plan newer than the scenario and every file it names.
    static func isUpToDate(_ scenario: URL, folder: URL) -> Bool {
        let manager = FileManager.default
        func modified(_ url: URL) -> Date? {
            (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
        }
        let outputs = ["plan.geojson", "sites.geojson", "plan.xlsx", "summary.json", "report.md", "report.html"].map { folder.appendingPathComponent($0) }
        guard let oldestOutput = outputs.map(modified).reduce(Date.distantFuture, { min($0, $1 ?? .distantPast) }) as Date?,
            oldestOutput > .distantPast, let loaded = try? Scenario.load(from: scenario)
        else { return false }
        let inputs = [scenario, loaded.geodata.estates] + [loaded.geodata.facilities, loaded.geodata.sites, loaded.geodata.walkways].compactMap { $0 }
        return inputs.allSatisfy { (modified($0) ?? .distantFuture) < oldestOutput }
    }

    /// Runs the scenarios with at most `jobs` processes at once; `report` gets a line as each ends.
    public static func run(
        _ scenarios: [URL], out: URL, jobs: Int, executable: URL, timeLimit: Double?,
        report: @escaping @Sendable (String) -> Void
    ) -> [Result] {
        /// Results written by the workers, each under the lock.
        final class Collected: @unchecked Sendable {
            let lock = NSLock()
            var results: [Result?]
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
            func set(_ index: Int, _ result: Result) {
                lock.lock()
                defer { lock.unlock() }
                results[index] = result
            }
        }
        let collected = Collected(scenarios.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = jobs
        for (index, scenario) in scenarios.enumerated() {
            queue.addOperation {
                let result = runOne(scenario, out: out, executable: executable, timeLimit: timeLimit)
                collected.set(index, result)
                let gap = result.gap.map { String(format: "gap %.3f%%", $0 * 100) } ?? "gap undefined"
                let figures = result.objective.map { String(format: "objective %.2f, ", $0) + gap } ?? (result.message ?? "")
                report("\(result.scenario): \(result.outcome) \(result.status ?? "") \(figures) (\(String(format: "%.1f", result.seconds)) s)")
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        return collected.results.map { $0! }
    }

    private static func runOne(_ scenario: URL, out: URL, executable: URL, timeLimit: Double?) -> Result {
        let name = scenario.deletingPathExtension().lastPathComponent
        let folder = out.appendingPathComponent(name)
        var result = Result(
            scenario: scenario.path, folder: name, outcome: "done", exitCode: 0, seconds: 0, status: nil,
            objective: nil, gap: nil, householdsPerYear: [], message: nil)
        let started = Date()
        if isUpToDate(scenario, folder: folder) {
            result.outcome = "skipped"
        } else if Interruption.isRequested {
            result.outcome = "failed"
            result.exitCode = -1
            result.message = "not started: the batch was interrupted"
        } else {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["plan", scenario.path, "--out", folder.path, "--quiet"]
                + (timeLimit.map { ["--time-limit", String($0)] } ?? [])
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            do {
                try process.run()
                let message = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                result.exitCode = process.terminationStatus
                if process.terminationStatus != 0 {
                    result.outcome = "failed"
                    result.message = String(decoding: message, as: UTF8.self)
                        .split(separator: "\n").prefix(3).joined(separator: " | ")
                }
            } catch {
                result.outcome = "failed"
                result.exitCode = -1
                result.message = "could not start \(executable.path): \(error)"
            }
        }
        result.seconds = Date().timeIntervalSince(started)
        if result.outcome != "failed" || result.exitCode == 3 || result.exitCode == 4,
            let summary = try? JSONIO.decodeFile(folder.appendingPathComponent("summary.json"))
        {
            result.status = summary["status"]?.stringValue
            result.objective = summary["objective"]?.numberValue
            result.gap = summary["gap"]?.numberValue
            result.householdsPerYear = (summary["years"]?.arrayValue ?? []).map { Int($0["households"]?.numberValue ?? 0) }
        }
        return result
    }

    /// `batch.json` and `batch.csv`; a shard writes `batch-<i>-of-<n>.json` and `.csv`, so shards
    /// sharing one output folder do not overwrite each other's summaries.
    public static func files(_ results: [Result], shard: (index: Int, count: Int)? = nil) throws -> [(name: String, data: Data)] {
        let base = shard.map { "batch-\($0.index)-of-\($0.count)" } ?? "batch"
        let json: JSONValue = .array(results.map { r in
            [
                "scenario": .string(r.scenario), "folder": .string(r.folder), "outcome": .string(r.outcome),
                "exit_code": .number(Double(r.exitCode)), "seconds": .rounded(r.seconds, 2),
                "status": r.status.map { .string($0) } ?? .null, "objective": .optional(r.objective, 6),
                "gap": .optional(r.gap, 8), "households_per_year": .array(r.householdsPerYear.map { .number(Double($0)) }),
                "message": r.message.map { .string($0) } ?? .null,
            ]
        })
        var csv = "scenario,folder,outcome,exit_code,seconds,status,objective,gap,households_per_year,message\n"
        for r in results {
            let cells = [
                r.scenario, r.folder, r.outcome, String(r.exitCode), String(format: "%.2f", r.seconds), r.status ?? "",
                r.objective.map { String(format: "%.6f", $0) } ?? "", r.gap.map { String(format: "%.8f", $0) } ?? "",
                r.householdsPerYear.map(String.init).joined(separator: ";"), r.message ?? "",
            ]
            csv += cells.map(csvField).joined(separator: ",") + "\n"
        }
        return [("\(base).json", try JSONIO.encode(json, pretty: true)), ("\(base).csv", Data(csv.utf8))]
    }

    /// RFC 4180 quoting where a field needs it.
    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
