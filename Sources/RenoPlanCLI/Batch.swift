import ArgumentParser
import Foundation
import RenoPlan

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan many scenarios, one output folder each, in parallel; write batch.json and batch.csv.",
        discussion: """
            Each scenario is solved by its own `renoplan plan` process (GLPK is not thread-safe), \
            into OUT/<scenario file name>. A failing scenario is reported and the rest go on. A \
            scenario whose folder already holds a complete plan newer than the scenario and its data \
            files is skipped. --shard i/n (0 ≤ i < n) takes a deterministic share of the scenarios, \
            so a Slurm job array or a Kubernetes Indexed Job can spread a province's districts over \
            many machines: see docs/batch.md. Exits 0 when every scenario succeeded, 1 otherwise.
            """)

    @Argument(help: "Scenario files (YAML).")
    var scenarios: [String]

    @Option(name: .long, help: "Folder for the output folders and batch.json / batch.csv.")
    var out: String

    @Option(name: .long, help: "Scenarios solved at the same time (processes).")
    var jobs = 1

    @Option(name: .long, help: "i/n: solve only the scenarios whose position in the sorted list is i modulo n.")
    var shard: String?

    @Option(name: .long, help: "Seconds each solve may use (overrides solver.time_limit_s).")
    var timeLimit: Double?

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let shard { _ = try BatchPlan.parseShard(shard) }
        let names = scenarios.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        if Set(names).count != names.count {
            throw ValidationError("two scenarios have the same file name; their output folders would collide")
        }
    }

    func run() throws {
        Signals.install()
        let part = try shard.map(BatchPlan.parseShard)
        let selected = try BatchPlan.select(scenarios, shard: part)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let outURL = URL(fileURLWithPath: out)
        let results = BatchPlan.run(selected, out: outURL, jobs: jobs, executable: executable, timeLimit: timeLimit) { line in
            if !quietOption.quiet { print(line) }
        }
        do {
            try OutputFolder.write(BatchPlan.files(results, shard: part), to: outURL)
        } catch {
            throw fail(error)
        }
        let failed = results.filter { $0.outcome == "failed" }.count
        if quietOption.quiet {
            // Errors only: the scenarios that failed, on stderr.
            var standardError = FileHandle.standardError
            for result in results where result.outcome == "failed" {
                print("\(result.scenario): failed \(result.message ?? "")", to: &standardError)
            }
        }
        let summary = part.map { "batch-\($0.index)-of-\($0.count).csv" } ?? "batch.csv"
        if !quietOption.quiet {
            print("\(results.count) scenario\(results.count == 1 ? "" : "s"): \(results.count - failed) done, \(failed) failed; see \(out)/\(summary)")
        }
        if failed > 0 { throw ExitCode.failure }
    }
}
