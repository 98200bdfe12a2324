import ArgumentParser
import Foundation
import RenoPlan

@main
struct RenoPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renoplan",
        abstract: "Plan the renovation of old residential estates (城镇老旧小区改造) year by year.",
        discussion: """
            Reads a scenario file (YAML) naming the district's estates, facilities and candidate sites, \
            measures each estate's 5/10/15-minute living circle, groups neighbouring estates, and picks \
            each year's estates within the budget and the national and provincial rules.

            Exit codes: 0 done; 1 unexpected failure; 2 bad input (every problem is listed); \
            3 the scenario is infeasible (summary.json and report.md say why); 4 no plan found \
            within the time limit; 64 bad command-line arguments; 73 an output file or folder \
            cannot be written (--out, --write-mps, --solver-log); 130 / 143 interrupted by Ctrl-C / \
            SIGTERM (nothing written).
            """,
        version: RenoPlanVersion.text,
        subcommands: [
            Plan.self, Rank.self, Evaluate.self, ReviseCommand.self, AlternativesCommand.self, Compare.self, Sweep.self,
            Batch.self, CoverageCommand.self, Validate.self, Init.self,
        ])
}

/// The forms a plan file is read in (`evaluate`, `revise --approved`, `alternatives --approved`; docs/cycle.md).
let planForms = "a plan.geojson (or the same as a Shapefile or GeoPackage), a plan.xlsx or an office's .xlsx/.xls sheet, or a CSV id,year[,state]"

/// Exit codes, documented in the root command's help and the README.
enum Exit {
    static let badInput = ExitCode(2)
    static let infeasible = ExitCode(3)
    static let noSolution = ExitCode(4)
    /// EX_CANTCREAT (sysexits.h): an output file cannot be created; not bad input.
    static let cannotWrite = ExitCode(73)

    /// Exits 3 for an infeasible scenario and 4 for no plan within the time limit (after the
    /// files that say so are written); returns otherwise.
    static func check(_ status: SolveStatus) throws {
        switch status {
        case .infeasible: throw infeasible
        case .noSolution: throw noSolution
        default: break
        }
    }
}

/// Ctrl-C and SIGTERM ask the library to stop (it checks at each solver step); a second one
/// ends the process at once. The handlers run on a dispatch queue, not in signal context.
/// `hangup`: SIGHUP too (the terminal closed, the ssh session dropped), for `batch`, which then
/// passes SIGTERM on to its `plan` children.
enum Signals {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install(hangup: Bool = false) {
        for number in [SIGINT, SIGTERM] + (hangup ? [SIGHUP] : []) {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if Interruption.isRequested { exit(128 + number) }
                Interruption.request(signal: number)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// Prints an error the planner can act on (never a Swift stack trace) and picks the exit code.
func fail(_ error: Error) -> ExitCode {
    var standardError = FileHandle.standardError
    switch error {
    case let invalid as InvalidInput:
        print(invalid.description, to: &standardError)
        for warning in invalid.warnings { print("warning: \(warning)", to: &standardError) }
        print("\(invalid.count) problem\(invalid.count == 1 ? "" : "s") found; nothing was written.", to: &standardError)
        return Exit.badInput
    case let errors as ScenarioErrors:
        print(errors.description, to: &standardError)
        return Exit.badInput
    case let error as InputError:
        print(error.description, to: &standardError)
        return Exit.badInput
    case let errors as InputErrors:
        print(errors.description, to: &standardError)
        print("\(errors.errors.count) problem\(errors.errors.count == 1 ? "" : "s") found; nothing was written.", to: &standardError)
        return Exit.badInput
    case let error as OutputError:
        print(error.description, to: &standardError)
        return Exit.cannotWrite
    case let interrupted as InterruptedError:
        print(interrupted.description, to: &standardError)
        return ExitCode(128 + interrupted.signal)
    default:
        print("error: \(error)", to: &standardError)
        return ExitCode.failure
    }
}

extension OutputOptions {
    /// ``fail(_:)``, and when the input was bad, the earlier run's files of `family` in the
    /// `--out` folder are removed (and the subfolders `folders` names, with theirs), saying so:
    /// they were made from other input, and a folder must not offer them as this input's result.
    func fail(_ error: Error, clearing family: Set<String>, folders: ((String) -> Bool)? = nil) -> ExitCode {
        let code = RenoPlanCLI.fail(error)
        guard code.rawValue == Exit.badInput.rawValue else { return code }
        let removed = OutputFolder.clear(family, in: url, folders: folders)
        if !removed.isEmpty {
            var standardError = FileHandle.standardError
            print(
                "The earlier run's \(removed.joined(separator: ", ")) in \(out) \(removed.count == 1 ? "was" : "were") removed: "
                    + "\(removed.count == 1 ? "it was" : "they were") made from other input.", to: &standardError)
        }
        return code
    }
}

/// Prints the analysis's warnings (repaired polygons, estates off the network) on stderr.
func printWarnings(_ analysis: Analysis) {
    var standardError = FileHandle.standardError
    for warning in analysis.warnings { print("warning: \(warning)", to: &standardError) }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}

/// `-q/--quiet`, the same on every command that prints a summary.
struct QuietOption: ParsableArguments {
    @Flag(name: [.short, .long], help: "Print only errors.")
    var quiet = false
}

/// `--out DIR` and `-q/--quiet`, shared by the commands that write one output folder.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Folder for the output files (created if missing).")
    var out: String

    @OptionGroup var quietOption: QuietOption
    var quiet: Bool { quietOption.quiet }
    var url: URL { URL(fileURLWithPath: out) }
}

extension OutputOptions {
    func validate() throws {
        try Self.checkFolder(out)
        // A file in the way is found now (exit 73), not after the work.
        do { try OutputFolder.checkCreatable(url) } catch { throw RenoPlanCLI.fail(error) }
    }

    /// Refuses (exit 64) an empty `--out`, which would write into the current folder.
    static func checkFolder(_ out: String) throws {
        guard !out.isEmpty else { throw ValidationError("--out: give a folder for the output files, e.g. --out out") }
    }

    /// Refuses (exit 64) an `--out` folder where the command's `outputs` would replace or
    /// remove an input of `scenario` (``InputGuard``).
    func keepInputs(of scenario: String, _ outputs: Set<String>) throws {
        let hit = InputGuard.overwritten(scenarioAt: URL(fileURLWithPath: scenario), folder: url, outputs: outputs)
        guard !hit.isEmpty else { return }
        let suggestion = (out as NSString).appendingPathComponent("out")
        throw ValidationError(
            "--out \(out) would overwrite \(hit.joined(separator: ", ")), \(hit.count == 1 ? "an input" : "inputs") of \(scenario): "
                + "write the output into another folder, e.g. --out \(suggestion)")
    }
}

extension OutputOptions {
    /// The approved plan is the record of what was approved: refuses (exit 64) an `--out` where the
    /// plan files a command writes or removes would overwrite it, or the summary.json read beside
    /// it: the plan in `--out` itself or, `withAlternatives`, in one of its `alt-N` folders.
    func keepApprovedPlan(_ approved: String, withAlternatives: Bool = false, writing what: String, example: String) throws {
        let plan = URL(fileURLWithPath: approved).standardizedFileURL.resolvingSymlinksInPath()
        let planFolder = plan.deletingLastPathComponent()
        let folder = url.standardizedFileURL.resolvingSymlinksInPath()
        let inAlternative = withAlternatives && planFolder.deletingLastPathComponent().path == folder.path
            && OutputFiles.alternativeFolder(planFolder.lastPathComponent)
        guard planFolder.path == folder.path || inAlternative else { return }
        let summary = ApprovedPlan.summaryURL(beside: plan)
        let overwritesPlan = OutputFiles.plan.contains(plan.lastPathComponent)
        let overwritesSummary = FileManager.default.fileExists(atPath: summary.path)
        guard overwritesPlan || overwritesSummary else { return }
        let budgets = "summary.json (the budgets it was approved with)"
        let hit = overwritesPlan
            ? "the approved plan \(approved)" + (overwritesSummary ? " and the \(budgets) beside it" : "")
            : "the \(budgets) beside the approved plan \(approved)"
        let suggestion = (out as NSString).appendingPathComponent(example)
        throw ValidationError("--out \(out) would overwrite \(hit): write \(what) into another folder, e.g. --out \(suggestion)")
    }
}

/// Range checks of numeric options. The options are read with `parsing: .unconditional`, so
/// that a negative value (`--time-limit -5`) reaches these checks instead of being taken for an
/// option ("Missing value for '--time-limit'").
enum NumberOption {
    /// `--time-limit` on every command that solves: the seconds `solver.time_limit_s` accepts, in
    /// its words (exit 64). Infinity and NaN parse as numbers but cannot be recorded in summary.json.
    static func checkTimeLimit(_ seconds: Double?) throws {
        guard let seconds else { return }
        let range = Scenario.SolverSettings.timeLimitRange
        guard seconds.isFinite, seconds > 0 else { throw ValidationError("--time-limit: must be seconds > 0, got \(formatNumber(seconds))") }
        guard range.contains(seconds) else {
            throw ValidationError(
                "--time-limit: must be seconds > 0 in \(formatNumber(range.lowerBound))..\(formatNumber(range.upperBound)), got \(formatNumber(seconds))")
        }
    }
}
