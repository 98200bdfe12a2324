import ArgumentParser
import Foundation
import RenoPlan

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the multi-year plan and write plan.geojson, sites.geojson, plan.xlsx, summary.json, report.md and report.html.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .unconditional, help: "Seconds the solver may use (overrides solver.time_limit_s).")
    var timeLimit: Double?

    @Option(name: .long, help: "Also write the integer programme in MPS format to this file (for cross-checks), once the run completes.")
    var writeMps: String?

    @Option(name: .long, help: "Write GLPK's own log of the solve to this file, once the run completes.")
    var solverLog: String?

    @Flag(name: .long, help: "Print the solve's progress as JSON lines on stderr (elapsed_s, incumbent, bound, gap).")
    var logJson = false

    func validate() throws {
        try NumberOption.checkTimeLimit(timeLimit)
        try output.keepInputs(of: scenario, OutputFiles.plan)
        try output.keepSideFiles(
            [("--write-mps", writeMps, "model.mps"), ("--solver-log", solverLog, "solver.log")], of: scenario, OutputFiles.plan)
    }

    func run() throws {
        Signals.install()
        var sideFiles: [SideFile] = []
        do {
            let mps = try writeMps.map(SideFile.init)
            let log = try solverLog.map(SideFile.init)
            sideFiles = [mps, log].compactMap { $0 }
            let analysis = try Pipeline.analyse(scenarioAt: URL(fileURLWithPath: scenario))
            if !output.quiet { printWarnings(analysis) }
            let progress = Progress.handler(json: logJson, quiet: output.quiet)
            let outcome = try Pipeline.solve(
                analysis,
                options: SolveOptions(timeLimitSeconds: timeLimit, mpsPath: mps?.temporary.path, progress: progress))
            let result = try Progress.whileWriting(json: logJson, quiet: output.quiet) {
                let result = PlanResult(analysis: analysis, outcome: outcome)
                try PlanWriter.write(result, to: output.url)
                return result
            }
            // The MPS file and the solver log only once the run has completed.
            try mps?.commit()
            try log?.commit(Data(outcome.solverLog.utf8))
            if !output.quiet { print(Summary.text(result, folder: output.out)) }
            try Exit.check(outcome.status)
        } catch let code as ExitCode {
            throw code
        } catch {
            Progress.finish(json: logJson, quiet: output.quiet)  // the solve's line, if the solve failed
            for file in sideFiles { file.discard() }
            throw output.fail(error, clearing: OutputFiles.plan)
        }
    }
}
