import ArgumentParser
import Foundation
import RenoPlan

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve the multi-year plan and write plan.geojson, sites.geojson, summary.json and report.md.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Seconds the solver may use (overrides solver.time_limit_s).")
    var timeLimit: Double?

    @Option(name: .long, help: "Also write the integer programme in MPS format to this file (for cross-checks).")
    var writeMps: String?

    @Option(name: .long, help: "Write GLPK's own log of the solve to this file.")
    var solverLog: String?

    @Flag(name: .long, help: "Print the solve's progress as JSON lines on stderr (elapsed_s, incumbent, bound, gap).")
    var logJson = false

    func run() throws {
        Signals.install()
        do {
            let analysis = try Pipeline.analyse(scenarioAt: URL(fileURLWithPath: scenario))
            if !output.quiet { printWarnings(analysis) }
            let progress = Progress.handler(json: logJson, quiet: output.quiet)
            let outcome = try Pipeline.solve(
                analysis, options: SolveOptions(timeLimitSeconds: timeLimit, mpsPath: writeMps, progress: progress))
            Progress.finish(json: logJson, quiet: output.quiet)
            if let solverLog { try Data(outcome.solverLog.utf8).write(to: URL(fileURLWithPath: solverLog)) }
            let result = PlanResult(analysis: analysis, outcome: outcome)
            try PlanWriter.write(result, to: output.url)
            if !output.quiet { print(Summary.text(result, folder: output.out)) }
            switch outcome.status {
            case .infeasible: throw Exit.infeasible
            case .noSolution: throw Exit.noSolution
            default: break
            }
        } catch let code as ExitCode {
            throw code
        } catch {
            throw fail(error)
        }
    }
}
