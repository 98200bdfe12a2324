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

    /// The scenario files named by `arguments`: files as they are, folders replaced by the
    /// `.yaml` / `.yml` files directly in them (so a province's 100,000 scenarios need no shell glob).
    public static func scenarioFiles(_ arguments: [String]) throws -> [String] {
        let manager = FileManager.default
        return try arguments.flatMap { argument -> [String] in
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else { return [argument] }
            let names = try manager.contentsOfDirectory(atPath: argument)
            let yaml = names.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
            guard !yaml.isEmpty else { throw InputError(file: argument, problem: "is a folder with no .yaml scenario in it") }
            return yaml.map { URL(fileURLWithPath: argument).appendingPathComponent($0).path }
        }
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

    /// Runs the scenarios with at most `jobs` processes at once; `report` gets a line as each ends.
    ///
    /// A scenario whose folder holds a finished run with the same fingerprint is skipped. Once an
    /// interruption is requested, no further scenario starts and the signal is passed on to the
    /// running `plan` processes (which stop and write nothing); the result then lacks the
    /// scenarios that did not finish, and the caller writes no summary.
    ///
    /// - Returns: one result per scenario that ended, in the order given.
    public static func run(
        _ scenarios: [URL], out: URL, jobs: Int, executable: URL, timeLimit: Double?,
        report: @escaping @Sendable (String) -> Void
    ) throws -> [Result] {
        let build = try PlannerBuild.of(executable: executable)
        let children = Children()
        let digests = DigestCache()
        let collected = Collected(scenarios.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = jobs
        for (index, scenario) in scenarios.enumerated() {
            queue.addOperation {
                guard !Interruption.isRequested else { return }
                let fingerprint = RunFingerprint.of(scenario: scenario, build: build, timeLimitSeconds: timeLimit, cache: digests)
                guard let result = runOne(scenario, fingerprint: fingerprint, out: out, executable: executable, timeLimit: timeLimit, children: children)
                else { return }
                collected.set(index, result)
                let gap = result.gap.map { String(format: "gap %.3f%%", $0 * 100) } ?? "gap undefined"
                let figures = result.objective.map { String(format: "objective %.2f, ", $0) + gap } ?? (result.message ?? "")
                let what = result.ran ? result.outcome : "\(result.outcome) (unchanged, skipped)"
                report("\(Shard.key(of: scenario)): \(what) \(result.status ?? "") \(figures) (\(String(format: "%.1f", result.seconds)) s)")
            }
        }
        // Pass an interruption on to the running solves once, then wait for them to stop.
        let watcher = Thread {
            while queue.operationCount > 0 {
                if let signal = Interruption.requestedBy {
                    children.signalAll(signal)
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        watcher.start()
        queue.waitUntilAllOperationsAreFinished()
        return collected.results.compactMap { $0 }
    }

    /// Results written by the workers, each under the lock.
    private final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var results: [Result?]
        init(_ count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: Result) {
            lock.lock()
            defer { lock.unlock() }
            results[index] = result
        }
    }

    /// The `plan` processes running now, so an interruption can be passed on to them.
    private final class Children: @unchecked Sendable {
        let lock = NSLock()
        var running: [Int32: Process] = [:]
        var signalled: Int32?

        /// Starts `process`, unless the batch was interrupted meanwhile.
        func start(_ process: Process) throws -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard signalled == nil, !Interruption.isRequested else { return false }
            try process.run()
            running[process.processIdentifier] = process
            return true
        }

        func ended(_ process: Process) {
            lock.lock()
            defer { lock.unlock() }
            running[process.processIdentifier] = nil
        }

        func signalAll(_ signal: Int32) {
            lock.lock()
            defer { lock.unlock() }
            signalled = signal
            for pid in running.keys { kill(pid, signal) }
        }
    }

    private static func runOne(
        _ scenario: URL, fingerprint: RunFingerprint, out: URL, executable: URL, timeLimit: Double?, children: Children
    ) -> Result? {
        let name = Shard.key(of: scenario)
        let folder = out.appendingPathComponent(name)
        var result = Result(
            scenario: scenario.path, folder: name, outcome: "done", ran: true, exitCode: 0, seconds: 0, status: nil,
            objective: nil, gap: nil, householdsPerYear: [], message: nil, fingerprint: fingerprint.digest)
        let manager = FileManager.default
        let recordURL = folder.appendingPathComponent(RunRecord.fileName)
        if let record = RunRecord.read(in: folder), record.isFinished(matching: fingerprint, in: folder) {
            result.ran = false
            result.outcome = record.outcome
            result.exitCode = record.exitCode
            result.seconds = record.seconds
        } else {
            // Until this run ends well, the folder is not a finished run (whatever it held before).
            try? manager.removeItem(at: recordURL)
            let started = Date()
            let process = Process()
            process.executableURL = executable
            process.arguments = ["plan", scenario.path, "--out", folder.path, "--quiet"]
                + (timeLimit.map { ["--time-limit", String($0)] } ?? [])
            // stderr to a file, not a pipe: a long message cannot block the child.
            let log = manager.temporaryDirectory.appendingPathComponent("renoplan-batch-\(UUID().uuidString).stderr")
            _ = manager.createFile(atPath: log.path, contents: nil)
            defer { try? manager.removeItem(at: log) }
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            do {
                let handle = try FileHandle(forWritingTo: log)
                defer { try? handle.close() }
                process.standardError = handle
                guard try children.start(process) else { return nil }
                process.waitUntilExit()
                children.ended(process)
            } catch {
                result.outcome = "failed"
                result.exitCode = -1
                result.message = "could not start \(executable.path): \(error)"
                return result
            }
            result.seconds = Date().timeIntervalSince(started)
            let message = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            result.exitCode = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
            if Interruption.isRequested, process.terminationReason == .uncaughtSignal || [130, 143].contains(result.exitCode) {
                return nil  // stopped by the interruption passed on: no result of the scenario
            }
            switch result.exitCode {
            case 0: result.outcome = "done"
            case 3: result.outcome = "infeasible"
            default:
                result.outcome = "failed"
                let lines = message.split(separator: "\n").prefix(3).joined(separator: " | ")
                result.message = lines.isEmpty ? "exit code \(result.exitCode)" : lines
            }
            if RunRecord.finalOutcomes.contains(result.outcome) {
                do {
                    let record = RunRecord(
                        scenario: scenario.path, outcome: result.outcome, exitCode: result.exitCode, fingerprint: fingerprint,
                        outputs: try RunRecord.outputs(in: folder), seconds: result.seconds)
                    try OutputFolder.write([(RunRecord.fileName, try JSONIO.encode(record.json, pretty: true))], to: folder)
                } catch {
                    result.outcome = "failed"
                    result.message = "the plan was written but \(RunRecord.fileName) could not be: \(error)"
                }
            }
        }
        if RunRecord.finalOutcomes.contains(result.outcome),
            let summary = try? JSONIO.decodeFile(folder.appendingPathComponent("summary.json"))
        {
            result.status = summary["status"]?.stringValue
            result.objective = summary["objective"]?.numberValue
            result.gap = summary["gap"]?.numberValue
            result.householdsPerYear = (summary["years"]?.arrayValue ?? []).map { Int($0["households"]?.numberValue ?? 0) }
            // An infeasible scenario: the first conflict summary.json names, as the message.
            if result.outcome == "infeasible", let first = summary["conflicts"]?.arrayValue?.first?.stringValue {
                result.message = first
            }
        }
        return result
    }

    /// One line of `batch.json`: what the scenario's run gave, with nothing that depends on the
    /// machine, the shard or whether this batch solved or skipped it, so a one-machine batch
    /// and merged shards give the same bytes.
    static func entry(_ r: Result) -> JSONValue {
        [
            "scenario": .string(r.scenario), "folder": .string(r.folder), "outcome": .string(r.outcome),
            "exit_code": .number(Double(r.exitCode)), "fingerprint": .string(r.fingerprint),
            "status": r.status.map { .string($0) } ?? .null, "objective": .optional(r.objective, 6),
            "gap": .optional(r.gap, 8), "households_per_year": .array(r.householdsPerYear.map { .number(Double($0)) }),
            "message": r.message.map { .string($0) } ?? .null,
        ]
    }

    /// The summary files of `results`: `<base>.json` and `<base>.csv` (see ``summaryName(shard:)``).
    public static func files(_ results: [Result], shard: Shard? = nil) throws -> [(name: String, data: Data)] {
        try files(entries: results.map(entry), base: summaryName(shard: shard))
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
