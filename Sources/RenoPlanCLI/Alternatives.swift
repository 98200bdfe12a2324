import ArgumentParser
import Foundation
import RenoPlan

struct AlternativesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alternatives",
        abstract: "Offer K near-best plans that differ from each other (SPEC §12); write DIR/alt-1 … alt-K, alternatives.json and alternatives.md.",
        discussion: """
            The first plan is the best the solver finds; each further plan is the best one worth at \
            least (1 − slack) of the best found that differs from every plan before it in at least \
            min-diff × (estates the first plan renovates) estate-year assignments (a cut per plan, so \
            the difference is guaranteed). The plans are then numbered by value: alt-1 is the best \
            found, and the output says whether it is proven the best. With --approved, started \
            estates stay in their year and completed ones are out, in every plan. See docs/cycle.md.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, parsing: .unconditional, help: "How many plans, the best included.")
    var count: Int = 5

    @Option(name: .long, parsing: .unconditional, help: "Share of the best value each plan may give up.")
    var slack: Double = 0.02

    @Option(name: .long, parsing: .unconditional, help: "Least difference between any two plans, as a share of the estates the first plan found renovates.")
    var minDiff: Double = 0.1

    @Option(name: .long, help: """
            The approved plan (\(planForms)), read as revise reads it: in every plan its \
            started estates stay in their year and its completed ones are out of the plan and the budgets.
            """)
    var approved: String?

    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .unconditional, help: """
            Seconds each solve may use (overrides solver.time_limit_s). There is one solve per plan, so --count K \
            may take K times this.
            """)
    var timeLimit: Double?

    func validate() throws {
        try NumberOption.checkTimeLimit(timeLimit)
        try output.keepInputs(of: scenario, OutputFiles.alternatives.union(OutputFiles.plan))
        if let approved { try output.keepApprovedPlan(approved, withAlternatives: true, writing: "the alternatives", example: "alternatives") }
    }

    func run() throws {
        Signals.install()
        do {
            let scenarioURL = URL(fileURLWithPath: scenario)
            // The approved plan's works under way and done, as `revise` reads them.
            let base = try approved.map { try Revise.analyse(scenarioAt: scenarioURL, approvedAt: URL(fileURLWithPath: $0)) }
            let analysis = try base?.analysis ?? Pipeline.analyse(scenarioAt: scenarioURL)
            if !output.quiet {
                printWarnings(analysis)
                var standardError = FileHandle.standardError
                for warning in base?.warnings ?? [] { print("warning: \(warning)", to: &standardError) }
            }
            var plans = try Alternatives.find(
                analysis, count: count, slack: slack, minDiff: minDiff, options: SolveOptions(timeLimitSeconds: timeLimit))
            plans.approvedPlan = base?.approved.source
            if let unsolved = plans.unsolved {
                // No best plan: written as `plan` would write it, with its exit code.
                try AlternativesWriter.write(unsolved: unsolved, to: output.url)
                throw unsolved.outcome.status == .infeasible ? Exit.infeasible : Exit.noSolution
            }
            try AlternativesWriter.write(plans, to: output.url)
            guard !output.quiet else { return }
            let w = analysis.wording
            for a in plans.alternatives {
                let loss = String(format: "%.2f%%", plans.loss(a) * 100)
                let (value, estates) = (String(format: "%.1f", a.value), a.estateYear.compactMap { $0 }.count)
                print(w.text("\(a.name)：价值\(value)（损失\(loss)），\(estates)个小区", "\(a.name): value \(value) (loss \(loss)), \(estates) estates"))
            }
            print(AlternativesWriter.optimality(plans, w))
            if let shortBy = plans.shortBy {
                print(w.text("只找到\(plans.alternatives.count)个（要求\(plans.requested)个）：", "only \(plans.alternatives.count) of \(plans.requested): ") + shortBy)
            }
            print(w.text("文件在 \(output.out)", "files in \(output.out)"))
        } catch let code as ExitCode {
            throw code
        } catch {
            throw output.fail(error, clearing: OutputFiles.alternatives.union(OutputFiles.plan), folders: OutputFiles.alternativeFolder)
        }
    }
}
