import ArgumentParser
import Foundation
import RenoPlan

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-solve the plan with the budget (or one funding source) scaled; write sweep.csv and sweep.svg.",
        discussion: """
            Each factor is a solve; a factor at which the scenario is infeasible, or has no plan in \
            time, is a point of the curve (sweep.csv says so) and the sweep goes on. Exits 0 when \
            at least one factor gives a plan; when none does, the files are still written and it \
            exits 3 if every factor is infeasible, 4 otherwise (as `plan` would for each). A \
            --source the scenario does not have is a command-line error (64).
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    // Unconditional, so that a negative value reaches the range check rather than being taken
    // for an option.
    @Option(name: .long, parsing: .unconditional, help: "Smallest budget factor (≥ 0).")
    var from = 0.5

    @Option(name: .long, parsing: .unconditional, help: "Largest budget factor (≥ --from).")
    var to = 1.5

    @Option(name: .long, parsing: .unconditional, help: "Step between factors (> 0; at most \(Sweep.maximumPoints) factors, each a solve).")
    var step = 0.1

    @Option(name: .long, help: "With funding sources: scale only this source (default: every source, or the budget).")
    var source: String?

    @Option(name: .long, parsing: .unconditional, help: "Seconds the solver may use per point (overrides solver.time_limit_s).")
    var timeLimit: Double?

    @OptionGroup var output: OutputOptions

    /// The format of the factors' labels (`  × %.2f`): two decimals, or as many more (up to the
    /// six the factors are rounded to) as make every label differ (`--step 0.0001`: × 0.0001).
    static func factorFormat(_ factors: [Double]) -> String {
        let digits = (2...6).first { d in
            Set(factors.map { String(format: "%.\(d)f", $0) }).count == Set(factors).count
        } ?? 6
        return "  × %.\(digits)f"
    }

    /// Exits 3 when no factor gives a plan and every one is infeasible, 4 when none gives a plan
    /// otherwise (after the files are written); returns when at least one factor gives a plan.
    static func checkAnyPlan(_ points: [BudgetSweep.Point]) throws {
        guard !points.isEmpty, points.allSatisfy({ [.infeasible, .noSolution].contains($0.status) }) else { return }
        throw points.allSatisfy { $0.status == .infeasible } ? Exit.infeasible : Exit.noSolution
    }

    /// Each factor is a solve: `--step 1e-9` would ask for a hundred million.
    static let maximumPoints = 1000

    func validate() throws {
        let show = formatNumber
        guard from.isFinite, from >= 0 else { throw ValidationError("--from: must be a budget factor ≥ 0, got \(show(from))") }
        guard to.isFinite, to >= from else { throw ValidationError("--to: must be a budget factor ≥ --from (\(show(from))), got \(show(to))") }
        guard step.isFinite, step > 0 else { throw ValidationError("--step: must be > 0, got \(show(step))") }
        let points = BudgetSweep.pointCount(from: from, to: to, step: step)
        guard points <= Double(Self.maximumPoints) else {
            throw ValidationError(
                "--from \(show(from)) --to \(show(to)) --step \(show(step)) would solve the plan \(show(points)) times; "
                    + "at most \(Self.maximumPoints): take a larger --step or a shorter range")
        }
        try NumberOption.checkTimeLimit(timeLimit)
        try output.keepInputs(of: scenario, OutputFiles.sweep)
    }

    func run() throws {
        Signals.install()
        do {
            let loaded = try Scenario.load(from: URL(fileURLWithPath: scenario))
            if let source {
                do { try BudgetSweep.checkSource(source, in: loaded) } catch { throw ValidationError("--source: \(error)") }
            }
            let factors = BudgetSweep.factors(from: from, to: to, step: step)
            let label = Self.factorFormat(factors)
            let w = Wording(loaded.reportLanguage)
            let points = try BudgetSweep.run(loaded, factors: factors, source: source, options: SolveOptions(timeLimitSeconds: timeLimit)) { p in
                guard !output.quiet else { return }
                let value = p.objective.map { String(format: "%.1f", $0) } ?? "–"
                print(String(format: label, p.factor) + w.text(
                    "：预算\(w.money(p.budgetYuan))，\(w.solveStatus(p.status))，价值\(value)，\(w.households(p.households))",
                    ": budget \(String(format: "%.1fM yuan", p.budgetYuan / 1e6)), \(p.status.rawValue), value \(value), \(p.households) households"))
            }
            try OutputFolder.write(BudgetSweep.files(points, scenario: loaded), to: output.url, replacing: OutputFiles.sweep)
            try Self.checkAnyPlan(points)
        } catch let error as ValidationError {
            throw error
        } catch let code as ExitCode {
            throw code
        } catch {
            throw output.fail(error, clearing: OutputFiles.sweep)
        }
    }
}
