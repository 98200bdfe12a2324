import ArgumentParser
import Foundation
import RenoPlan

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a plan made elsewhere against the scenario's rules; write evaluation.json and evaluation.md.",
        discussion: """
            PLAN is a plan.geojson (the sites.geojson beside it counts too; or the same saved as a \
            Shapefile or GeoPackage), a plan.xlsx or an office's .xlsx/.xls sheet, or a CSV with the header \
            `id,year[,state]` (an empty year means not planned), read as revise reads an approved plan: \
            started estates are fixed to their year (before the horizon: under way, not judged), completed \
            ones are out of the plan and the budgets, and the sites.geojson space before the horizon exists \
            (Chinese headers and states from an Excel sheet, and GBK, included; docs/cycle.md). \
            The output leads with the rules broken other than facility norms and gives the norms once per \
            estate; a CSV has no site space, so its norm violations assume nothing is built. \
            Exits 0 whenever it could evaluate, whatever it found.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Argument(help: "The plan: \(planForms).")
    var plan: String

    @OptionGroup var output: OutputOptions

    func validate() throws { try output.keepInputs(of: scenario, OutputFiles.evaluate) }

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
            // The other rules first, each in words (the first ten), then the norms by estate.
            let others = evaluation.otherViolations
            for v in others.prefix(10) {
                let subject = ([v.rule] + [v.year.map(String.init), v.id].compactMap { $0 }).joined(separator: " ")
                print("  \(subject)\(w.text("：", ": "))\(v.detail)")
            }
            if others.count > 10 { print(w.text("  ……另有\(others.count - 10)处，见 evaluation.md", "  … \(others.count - 10) more in evaluation.md")) }
            let norms = evaluation.normShortfalls
            if !norms.isEmpty {
                let count = evaluation.violations.count - others.count
                print(w.text(
                    "  norm：\(norms.count)个小区未达到设施配建标准（\(count)处，自改造年度起逐年计；evaluation.md 按小区列出）",
                    "  norm: \(norms.count) estate\(norms.count == 1 ? "" : "s") short of a facility norm (\(count) estate-years, counted every year from the renovation year on; evaluation.md lists them by estate)"))
            }
            if let note = evaluation.noSpaceNote(given, w) { print(w.text("注意：", "note: ") + note) }
        } catch {
            throw output.fail(error, clearing: OutputFiles.evaluate)
        }
    }
}
