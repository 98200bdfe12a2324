import ArgumentParser
import Foundation
import RenoPlan

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-solve the plan with the budget (or one funding source) scaled; write sweep.csv and sweep.svg.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, help: "Smallest budget factor.")
    var from = 0.5

    @Option(name: .long, help: "Largest budget factor.")
    var to = 1.5

    @Option(name: .long, help: "Step between factors.")
    var step = 0.1

    @Option(name: .long, help: "With funding sources: scale only this source (default: every source, or the budget).")
    var source: String?

    @Option(name: .long, help: "Seconds the solver may use per point (overrides solver.time_limit_s).")
    var timeLimit: Double?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard from >= 0, to >= from, step > 0 else { throw ValidationError("need 0 ≤ --from ≤ --to and --step > 0") }
        try output.keepInputs(of: scenario, OutputFiles.sweep)
    }

    func run() throws {
        Signals.install()
        do {
            let loaded = try Scenario.load(from: URL(fileURLWithPath: scenario))
            let factors = BudgetSweep.factors(from: from, to: to, step: step)
            let w = Wording(loaded.reportLanguage)
            let points = try BudgetSweep.run(loaded, factors: factors, source: source, options: SolveOptions(timeLimitSeconds: timeLimit)) { p in
                guard !output.quiet else { return }
                let value = p.objective.map { String(format: "%.1f", $0) } ?? "–"
                print(String(format: "  × %.2f", p.factor) + w.text(
                    "：预算\(w.money(p.budgetYuan))，\(w.solveStatus(p.status))，价值\(value)，\(w.households(p.households))",
                    ": budget \(String(format: "%.1fM yuan", p.budgetYuan / 1e6)), \(p.status.rawValue), value \(value), \(p.households) households"))
            }
            try OutputFolder.write(BudgetSweep.files(points, scenario: loaded), to: output.url, replacing: OutputFiles.sweep)
        } catch {
            throw fail(error)
        }
    }
}
