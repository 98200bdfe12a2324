import ArgumentParser
import Foundation
import RenoPlan

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a plan made elsewhere against the scenario's rules; write evaluation.json and evaluation.md.",
        discussion: """
            PLAN is a plan.geojson (the sites.geojson beside it counts too) or a CSV with the header \
            `id,year[,state]` (an empty year means not planned), read as revise reads an approved plan: \
            started estates are fixed to their year (before the horizon: under way, not judged), completed \
            ones are out of the plan and the budgets, and the sites.geojson space before the horizon exists \
            (Chinese headers and states from an Excel sheet, and GBK, included; docs/cycle.md). \
            Exits 0 whenever it could evaluate, whatever it found.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Argument(help: "The plan: plan.geojson or a CSV id,year[,state].")
    var plan: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        Signals.install()
        do {
            let (evaluation, given, analysis) = try Evaluation.evaluate(
                scenarioAt: URL(fileURLWithPath: scenario), planAt: URL(fileURLWithPath: plan))
            try OutputFolder.write(
                try evaluation.files(scenario: analysis.scenario, plan: given), to: output.url, replacing: OutputFiles.evaluate)
            guard !output.quiet else { return }
            var standardError = FileHandle.standardError
            for note in given.notes { print("note: \(note)", to: &standardError) }
            let w = analysis.wording
            let verdict = evaluation.feasible
                ? w.text("满足各项规则", "feasible") : w.text("违反规则\(evaluation.violations.count)处", "\(evaluation.violations.count) violations")
            let objective = String(format: "%.2f", evaluation.objective)
            print(w.text("\(given.source)：目标值\(objective)，\(verdict)", "\(given.source): objective \(objective), \(verdict)"))
            var counts: [String: Int] = [:]
            for v in evaluation.violations { counts[v.rule, default: 0] += 1 }
            for (rule, count) in counts.sorted(by: { $0.key < $1.key }) { print("  \(rule): \(count)") }
        } catch {
            throw fail(error)
        }
    }
}
