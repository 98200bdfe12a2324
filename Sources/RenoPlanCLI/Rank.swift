import ArgumentParser
import Foundation
import RenoPlan

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The status quo: rank clusters by score and fill each year's budget from the top.",
        discussion: """
            Writes the same files as `plan` (plan.geojson, sites.geojson, plan.xlsx, summary.json, report.md, report.html), \
            so `evaluate` and `compare` accept it. Facility norms are not considered, as in today's \
            practice.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var output: OutputOptions

    func validate() throws { try output.keepInputs(of: scenario, OutputFiles.plan) }

    func run() throws {
        Signals.install()
        do {
            let analysis = try Pipeline.analyse(scenarioAt: URL(fileURLWithPath: scenario))
            if !output.quiet { printWarnings(analysis) }
            let outcome = Pipeline.rank(analysis)
            let result = try Progress.whileWriting(json: false, quiet: output.quiet) {
                let result = PlanResult(analysis: analysis, outcome: outcome)
                try PlanWriter.write(result, to: output.url)
                return result
            }
            if !output.quiet { print(Summary.text(result, folder: output.out)) }
        } catch {
            throw output.fail(error, clearing: OutputFiles.plan)
        }
    }
}
