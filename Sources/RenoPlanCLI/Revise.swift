import ArgumentParser
import Foundation
import RenoPlan

struct ReviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revise",
        abstract: "Revise an approved plan under today's data with the fewest changes (SPEC §12); write the plan files (as `plan` does) and changes.json.",
        discussion: """
            PLAN is an earlier plan.geojson (its summary.json beside it gives the budgets it was \
            approved with), the same saved as a Shapefile or GeoPackage, a plan.xlsx or an office's \
            .xlsx/.xls sheet, or a CSV with the header `id,year[,state]`; state is approved (the \
            default), started (works under way: fixed to its year; a year before the horizon: under \
            way, 续建, out of the plan and the budgets) or completed (done: out of the plan and the \
            budgets); Chinese headers and states as an office's Excel sheet gives them \
            (小区编号, 计划年度, 状态, 已开工, …) and GBK are read too. An approved estate no longer in \
            the data leaves the plan with a warning. Facility space the plan.geojson's sites.geojson \
            built before the horizon counts as existing. --out must not be the approved plan's folder \
            when that would overwrite the plan or its summary.json. First the best value under today's data; then, among plans worth \
            at least (1 − slack) of it, the one that changes the fewest estates while keeping each \
            approved year's estates, buildings, households, floor area and investment where it can \
            (revise.keep_totals; a shortfall of one average estate's worth costs one change). See \
            docs/cycle.md.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, help: "The approved plan: \(planForms).")
    var approved: String

    // Unconditional, so that a negative value (`--slack -0.1`) reaches the range check rather
    // than being taken for an option.
    @Option(name: .long, parsing: .unconditional, help: "Share of the best value the revised plan may give up to change fewer estates (0 ≤ slack < 1).")
    var slack: Double = 0.01

    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .unconditional, help: """
            Seconds each solve may use (overrides solver.time_limit_s). revise solves up to three times (the best \
            value, then the fewest changes, and again from the approved plan when that is not proven), so it may \
            take three times this.
            """)
    var timeLimit: Double?

    func validate() throws {
        try NumberOption.checkTimeLimit(timeLimit)
        try output.keepInputs(of: scenario, OutputFiles.plan)
        try output.keepApprovedPlan(approved, writing: "the revision", example: "revised")
    }

    func run() throws {
        Signals.install()
        do {
            let revision = try Revise.revise(
                scenarioAt: URL(fileURLWithPath: scenario), approvedAt: URL(fileURLWithPath: approved), slack: slack,
                options: SolveOptions(timeLimitSeconds: timeLimit))
            var standardError = FileHandle.standardError
            if !output.quiet {
                for note in revision.approved.notes { print("note: \(note)", to: &standardError) }
                printWarnings(revision.result.analysis)
                for warning in revision.warnings { print("warning: \(warning)", to: &standardError) }
            }
            try RevisionWriter.write(revision, to: output.url)
            if !output.quiet {
                print(Summary.text(revision.result, folder: output.out))
                let w = revision.result.analysis.wording
                print(w.text(
                    "对 \(revision.approved.source) 改动\(revision.changeCount)处（changes.json）" + (revision.fewestProven ? "" : "；未证明最少（求解在上限处停止）"),
                    "\(revision.changeCount) change\(revision.changeCount == 1 ? "" : "s") to \(revision.approved.source) (changes.json)"
                        + (revision.fewestProven ? "" : "; not proven the fewest (the search stopped on its limit)")))
                for total in revision.totals where total.shortfall > 1e-6 * max(1, total.approved) {
                    func show(_ amount: Double) -> String {
                        total.name == "investment_yuan" ? w.money(amount) : String(format: "%.0f", amount)
                    }
                    let (short, approved) = (show(total.shortfall), show(total.approved))
                    print(w.text(
                        "  \(total.year)年\(RevisionWriter.label(total.name, w))：比原计划（\(approved)）少\(short)",
                        "  \(total.year) \(RevisionWriter.label(total.name, w)): \(short) short of the approved \(approved)"))
                }
            }
            try Exit.check(revision.result.outcome.status)
        } catch let code as ExitCode {
            throw code
        } catch {
            throw output.fail(error, clearing: OutputFiles.plan)
        }
    }
}
