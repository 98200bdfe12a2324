import Foundation

/// `renoplan batch run`: many scenarios, each planned by its own `renoplan plan` process (GLPK
/// keeps per-thread state and is not safe to share), a few at a time; docs/batch.md and
/// docs/scale-out.md. ``BatchPlan`` holds the results' types and the summary files.
public enum BatchRunner {
    /// The hidden subcommand of `renoplan batch` that starts each `plan` child: it ties the child's
    /// life to the batch (``childArguments(plan:parent:)``), then becomes `renoplan plan`.
    public static let childCommand = "plan-child"

    /// The arguments that start `renoplan plan <plan>` as a child of the batch process `parent`:
    /// `batch plan-child --parent PID -- plan …`. The child asks Linux to send it SIGTERM when the
    /// batch dies, however it dies (SIGKILL too), then `exec`s `renoplan plan` in its own process,
    /// so the batch's signals still reach the plan by its process id.
    static func childArguments(plan: [String], parent: Int32) -> [String] {
        ["batch", childCommand, "--parent", String(parent), "--"] + ["plan"] + plan
    }

    // MARK: Which scenarios

    /// The scenario files named by `arguments`: files as they are, folders replaced by the
    /// `.yaml` / `.yml` files directly in them, the extension in any case (`A.YAML`), and never a
    /// folder (`dir.yaml/`). A file named twice (itself and through its folder, or through a
    /// link) is taken once, where it was first named: it has one output folder.
    public static func scenarioFiles(_ arguments: [String]) throws -> [String] {
        let manager = FileManager.default
        let named = try arguments.flatMap { argument -> [String] in
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else { return [argument] }
            let folder = URL(fileURLWithPath: argument)
            let files = try manager.contentsOfDirectory(atPath: argument).sorted().filter { name in
                guard !name.hasPrefix("."), isScenarioName(name) else { return false }
                var isFolder: ObjCBool = false
                return manager.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder) && !isFolder.boolValue
            }
            guard !files.isEmpty else { throw InputError(file: argument, problem: "is a folder with no .yaml scenario in it") }
            return files.map { folder.appendingPathComponent($0).path }
        }
        var seen: Set<String> = []
        return named.filter { seen.insert(identity(of: $0)).inserted }
    }

    /// Whether a file in a scenario folder is a scenario by its name: `.yaml` or `.yml`, in any case.
    static func isScenarioName(_ name: String) -> Bool {
        ["yaml", "yml"].contains(URL(fileURLWithPath: name).pathExtension.lowercased())
    }

    /// The file a path names, through `..`, `.` and symbolic links.
    static func identity(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Scenarios whose output folders would be one: the folder name (``Shard/key(of:)``) and the
    /// files, for each name more than one file has, in the order first named.
    public static func collisions(_ files: [String]) -> [(folder: String, files: [String])] {
        var byName: [String: [String]] = [:]
        var order: [String] = []
        for file in files {
            let name = Shard.key(of: URL(fileURLWithPath: file))
            if byName[name] == nil { order.append(name) }
            byName[name, default: []].append(file)
        }
        return order.compactMap { name in byName[name]!.count > 1 ? (name, byName[name]!) : nil }
    }

    // MARK: Running

    /// Runs the scenarios with at most `jobs` processes at once; `report` gets a line as each ends.
    ///
    /// A scenario whose folder holds a finished run with the same fingerprint and the outputs it
    /// recorded is skipped. Once an interruption is requested, no further scenario starts and the
    /// running `plan` processes get SIGTERM, or SIGINT for Ctrl-C (they stop and write nothing;
    /// a hangup is passed on as SIGTERM, which `plan` handles); the result then lacks the
    /// scenarios that did not finish, and the caller writes no summary. Each `plan` child ends
    /// too when the batch process dies without passing anything on (SIGKILL).
    ///
    /// - Returns: one result per scenario that ended, in the order given.
    public static func run(
        _ scenarios: [URL], out: URL, jobs: Int, executable: URL, timeLimit: Double?,
        report: @escaping @Sendable (String) -> Void
    ) throws -> [BatchPlan.Result] {
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
                report(line(result))
            }
        }
        // Pass an interruption on to the running solves once, then wait for them to stop.
        let watcher = Thread {
            while queue.operationCount > 0 {
                if let signal = Interruption.requestedBy {
                    children.signalAll(passedOn(signal))
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        watcher.start()
        queue.waitUntilAllOperationsAreFinished()
        return collected.results.compactMap { $0 }
    }

    /// The signal the `plan` children get when the batch got `signal`: Ctrl-C as Ctrl-C, anything
    /// else (SIGTERM, a hangup) as SIGTERM, which `plan` handles by stopping and writing nothing.
    static func passedOn(_ signal: Int32) -> Int32 { signal == SIGINT ? SIGINT : SIGTERM }

    /// The line printed as a scenario ends: `name: outcome [status] figures (seconds)`. The status
    /// (optimal, time_limit, …) qualifies a plan's figures; without a plan the message says what
    /// happened (`zz-infeasible: infeasible <first conflict>`, not `infeasible infeasible`).
    static func line(_ result: BatchPlan.Result) -> String {
        let gap = result.gap.map { String(format: "gap %.3f%%", $0 * 100) } ?? "gap undefined"
        let figures = result.objective.map { String(format: "objective %.2f, ", $0) + gap } ?? (result.message ?? "")
        let what = result.ran ? result.outcome : "\(result.outcome) (unchanged, skipped)"
        let status = result.objective == nil ? nil : result.status
        let words = [what, status, figures.isEmpty ? nil : figures].compactMap { $0 }.joined(separator: " ")
        return "\(result.folder): \(words) (\(String(format: "%.1f", result.seconds)) s)"
    }

    /// Results written by the workers, each under the lock.
    private final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var results: [BatchPlan.Result?]
        init(_ count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: BatchPlan.Result) {
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

    /// Solves one scenario into `out/<name>`, or skips it; nil when the interruption stopped it.
    ///
    /// The child is started from this thread, which waits for it: Linux's parent-death signal
    /// follows the thread that started a process, so the thread must outlive the child.
    private static func runOne(
        _ scenario: URL, fingerprint: RunFingerprint, out: URL, executable: URL, timeLimit: Double?, children: Children
    ) -> BatchPlan.Result? {
        let name = Shard.key(of: scenario)
        let folder = out.appendingPathComponent(name)
        var result = BatchPlan.Result(
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
            process.arguments = childArguments(
                plan: [scenario.path, "--out", folder.path, "--quiet"] + (timeLimit.map { ["--time-limit", String($0)] } ?? []),
                parent: getpid())
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
            case 4:
                // No plan within the limits: `plan` wrote summary.json saying so, then exited 4.
                result.outcome = "failed"
                let summary = try? JSONIO.decodeFile(folder.appendingPathComponent("summary.json"))
                result.status = summary?["status"]?.stringValue
                result.message = noPlanMessage(summary, stderr: message)
            default:
                result.outcome = "failed"
                result.message = firstLines(message) ?? "exit code \(result.exitCode)"
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

    /// The first three lines of a child's stderr, joined, or nil when it said nothing.
    static func firstLines(_ text: String) -> String? {
        let lines = text.split(separator: "\n").prefix(3).joined(separator: " | ")
        return lines.isEmpty ? nil : lines
    }

    /// The message of a `plan` that found no plan (exit 4), from the summary.json it wrote:
    /// `no plan found: status no_solution; the solver stopped at its node limit; see summary.json and report.md`.
    static func noPlanMessage(_ summary: JSONValue?, stderr: String) -> String {
        var parts: [String] = []
        if let status = summary?["status"]?.stringValue { parts.append("status \(status)") }
        if let stopped = summary?["solver"]?["stopped_by"]?.stringValue {
            let seconds = summary?["solver"]?["time_limit_s"]?.numberValue.map { " (\(formatNumber($0)) s)" } ?? ""
            parts.append("the solver stopped at its \(stopped)\(stopped == "time limit" ? seconds : "")")
        }
        if let said = firstLines(stderr) { parts.append(said) }
        guard !parts.isEmpty else { return "no plan found (exit code 4)" }
        return "no plan found: \(parts.joined(separator: "; ")); see summary.json and report.md"
    }
}
