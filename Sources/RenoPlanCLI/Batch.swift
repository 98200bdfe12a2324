import ArgumentParser
import Foundation
import RenoPlan

/// `renoplan batch`: `run` (the default, so `renoplan batch a.yaml b.yaml --out DIR` works) and `merge`.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan many scenarios, one output folder each, in parallel; write batch.json and batch.csv.",
        usage: """
            renoplan batch [run] <scenarios> ... --out <out> [--jobs <jobs>] [--shard <i/n|auto>] [--time-limit <s>]
            renoplan batch merge <folders> ... --out <out>
            """,
        discussion: "See docs/batch.md (one machine) and docs/scale-out.md (array jobs on Slurm, Kubernetes, AWS Batch).",
        subcommands: [BatchRun.self, BatchMergeCommand.self, BatchChild.self],
        defaultSubcommand: BatchRun.self)
}

struct BatchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan many scenarios, one output folder each, in parallel; write batch.json and batch.csv.",
        discussion: """
            Each scenario is solved by its own `renoplan plan` process (GLPK is not thread-safe), \
            into OUT/<scenario file name>, which also gets a run.json: the SHA-256 of the scenario, \
            every data file it names and the renoplan build. A rerun skips a scenario whose run.json \
            matches and whose outputs still have the SHA-256 it recorded (file dates play no part), \
            and retries those that failed. A failing scenario is reported and the rest go on. \
            --shard i/n, or --shard auto inside a Slurm, Kubernetes or AWS Batch array job, takes \
            one shard: the scenarios whose file name (without extension) hashes to i modulo n \
            (docs/scale-out.md); `renoplan batch merge` joins the shards. Exits 0 when every \
            scenario has a plan; 1 when one failed or is infeasible (named on stderr even with \
            -q); 73 when --out cannot be a folder; 129/130/143 when stopped by a hangup, Ctrl-C or \
            SIGTERM (no batch.json written; the running solves are stopped too).
            """)

    @Argument(help: "Scenario files (YAML), or folders: every .yaml/.yml file directly in one (no shell limit on how many).")
    var scenarios: [String]

    @Option(name: .long, help: "Folder for the output folders and batch.json / batch.csv.")
    var out: String

    @Option(name: .long, parsing: .unconditional, help: "Scenarios solved at the same time (processes).")
    var jobs = 1

    // Read as a list only to refuse a second --shard: ArgumentParser would keep the last one.
    @Option(name: .long, help: "i/n: solve only the scenarios of shard i of n; auto: i and n from the array job (Slurm, Kubernetes, AWS Batch).")
    var shard: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "With --shard auto: the total number of shards (required on Kubernetes; the Job's completions).")
    var shards: Int?

    @Option(name: .long, help: "With --shard auto: added to the scheduler's index (arrays submitted in chunks); needs --shards.")
    var shardOffset = 0

    @Option(name: .long, parsing: .unconditional, help: "Seconds each solve may use (overrides solver.time_limit_s).")
    var timeLimit: Double?

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        try OutputOptions.checkFolder(out)
        // A file in the way is found now (exit 73), before any scenario is solved.
        do { try OutputFolder.checkCreatable(URL(fileURLWithPath: out)) } catch { throw fail(error) }
        guard shard.count <= 1 else {
            throw ValidationError("--shard is given \(shard.count) times (\(shard.joined(separator: ", "))): give one")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        try NumberOption.checkTimeLimit(timeLimit)
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1") }
        if shard.first != "auto" {
            if shardOffset != 0 { throw ValidationError("--shard-offset only goes with --shard auto") }
            if shards != nil, shard.isEmpty { throw ValidationError("--shards goes with --shard auto (or give --shard i/n)") }
        }
        _ = try resolvedShard()
        let files = try scenarioFiles()
        if let clash = BatchRunner.collisions(files).first {
            throw ValidationError(
                "scenarios \(clash.files.joined(separator: " and ")) would share the output folder \(clash.folder) "
                    + "(a scenario's folder is its file name without the extension): rename all but one")
        }
        let names = files.map { Shard.key(of: URL(fileURLWithPath: $0)) }
        // Each scenario's plan goes into a folder of its name under --out: not onto its inputs.
        for (file, name) in zip(files, names) {
            let folder = URL(fileURLWithPath: out).appendingPathComponent(name)
            let hit = InputGuard.overwritten(scenarioAt: URL(fileURLWithPath: file), folder: folder, outputs: OutputFiles.plan)
            guard hit.isEmpty else {
                throw ValidationError(
                    "--out \(out) would overwrite \(hit.joined(separator: ", ")) in \(folder.path), "
                        + "\(hit.count == 1 ? "an input" : "inputs") of \(file): write the batch into another folder")
            }
        }
    }

    /// The shard to run, and where `--shard auto` found it; errors are command-line errors (64).
    func resolvedShard() throws -> (shard: Shard, source: String?)? {
        guard let shard = shard.first else { return nil }
        do {
            if shard == "auto" {
                let detected = try ShardDetection.detect(environment: ProcessInfo.processInfo.environment, shards: shards, offset: shardOffset)
                return (detected.shard, detected.source)
            }
            let parsed = try Shard(parsing: shard)
            if let shards, shards != parsed.count {
                throw ShardError("--shards \(shards) contradicts --shard \(shard)")
            }
            return (parsed, nil)
        } catch let error as ShardError {
            throw ValidationError(error.description)
        }
    }

    /// The scenario files: the arguments, with each folder replaced by the YAML files in it.
    func scenarioFiles() throws -> [String] {
        do {
            return try BatchRunner.scenarioFiles(scenarios)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        Signals.install(hangup: true)
        var standardError = FileHandle.standardError
        let resolved = try resolvedShard()
        if let source = resolved?.source, !quietOption.quiet {
            print("shard \(resolved!.shard) from \(source)", to: &standardError)
        }
        let part = resolved?.shard
        let files = try scenarioFiles()
        let selected = BatchPlan.select(files, shard: part)
        // batch.json names the scenarios below the folder that holds them all (every shard's the same).
        let root = BatchPlan.scenarioRoot(files)
        let outURL = URL(fileURLWithPath: out)
        let base = BatchPlan.summaryName(shard: part)
        // This batch's summary describes this batch only: the earlier one goes now, the new one
        // comes when every scenario has ended (never on interruption). A shard also removes the
        // merged batch.json/csv: it may change a scenario that one describes.
        for name in Set([base, BatchPlan.summaryName(shard: nil)]) {
            for ext in ["json", "csv"] { try? FileManager.default.removeItem(at: outURL.appendingPathComponent("\(name).\(ext)")) }
        }
        let results: [BatchPlan.Result]
        do {
            results = try BatchRunner.run(
                selected, out: outURL, jobs: jobs, executable: BatchPlan.currentExecutable(), timeLimit: timeLimit
            ) { line in
                if !quietOption.quiet { print(line) }
            }
        } catch {
            throw fail(error)
        }
        if let signal = Interruption.requestedBy {
            let finished = results.filter { $0.outcome != "failed" }.count
            print(
                "interrupted by signal \(signal); \(base).json was not written; \(finished) scenario\(finished == 1 ? "" : "s") "
                    + "finished and recorded in \(out)/<scenario>/run.json (a rerun skips them)", to: &standardError)
            throw ExitCode(128 + signal)
        }
        do {
            try OutputFolder.write(BatchPlan.files(results, shard: part, root: root), to: outURL)
        } catch {
            throw fail(error)
        }
        let failed = results.filter { $0.outcome == "failed" }
        let infeasible = results.filter { $0.outcome == "infeasible" }.count
        let done = results.filter { $0.outcome == "done" }
        if quietOption.quiet {
            // Only what makes the exit code 1: the scenarios that failed or are infeasible, on stderr.
            for result in results where result.outcome != "done" {
                print("\(result.scenario): \(result.outcome) \(result.message ?? "")", to: &standardError)
            }
        } else {
            let skipped = results.filter { !$0.ran }.count
            print(
                "\(results.count) scenario\(results.count == 1 ? "" : "s")\(part.map { " (shard \($0))" } ?? ""): "
                    + "\(done.count) done, \(infeasible) infeasible, \(failed.count) failed; \(skipped) unchanged and skipped; "
                    + "see \(out)/\(base).csv")
        }
        if done.count < results.count { throw ExitCode.failure }
    }
}
