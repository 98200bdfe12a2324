import DistrictGen
import Foundation
import Testing

@testable import RenoPlan

/// Issue 11: what a run leaves in its folder, the exit codes a script can rely on, the reported
/// time limit and the versions that name the code behind a plan.
@Suite("Output folders, exit codes and versions (issue 11)")
struct OutputFolderTests {
    /// Two estates 3 km apart (two clusters), one year. E1 costs 5M, E2 1M.
    /// - `feasible.yaml`: 7M budget, both planned;
    /// - `infeasible.yaml`: 4M budget and E1 locked to 2025: the lock alone breaks the budget;
    /// - `broken.yaml`: a budget that is not a number (bad input).
    static func district() throws -> (TestDistrict, feasible: URL, infeasible: URL, broken: URL) {
        let district = TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0), cost: 5e6), TestGeo.estate("E2", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [7e6]}\ncoverage: []\nnorms: []\nsolver: {time_limit_s: 20}\n")
        let feasible = try district.write()
        let text = try String(contentsOf: feasible, encoding: .utf8)
        let infeasible = district.folder.appendingPathComponent("infeasible.yaml")
        try text.replacingOccurrences(of: "[7e6]", with: "[4e6]").appending("locks: {E1: 2025}\n")
            .write(to: infeasible, atomically: true, encoding: .utf8)
        let broken = district.folder.appendingPathComponent("broken.yaml")
        try text.replacingOccurrences(of: "[7e6]", with: "[seven million]").write(to: broken, atomically: true, encoding: .utf8)
        return (district, feasible, infeasible, broken)
    }

    static func listing(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// A plan, then an infeasible rerun into the same folder: the old map must go (exit 3), files of
    /// other commands and of the user stay; then bad input writes nothing and removes the plan's
    /// files of the earlier run, which were made from other input (exit 2).
    @Test func rerunLeavesOnlyTheFilesOfThatRun() throws {
        let (district, feasible, infeasible, broken) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let out = district.folder.appendingPathComponent("out")
        let logs = district.folder.appendingPathComponent("logs")

        let first = try CLIRunner.run(["plan", feasible.path, "--out", out.path, "-q"], logs: logs)
        try #require(first.status == 0, "\(first.transcript)")
        #expect(Self.listing(out) == ["plan.geojson", "plan.xlsx", "report.html", "report.md", "sites.geojson", "summary.json"])
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        try Data("{}".utf8).write(to: out.appendingPathComponent("evaluation.json"))

        let second = try CLIRunner.run(["plan", infeasible.path, "--out", out.path, "-q"], logs: logs)
        #expect(second.status == 3, "an infeasible scenario exits 3:\n\(second.transcript)")
        #expect(
            Self.listing(out) == ["evaluation.json", "notes.txt", "report.html", "report.md", "summary.json"],
            "the earlier plan.geojson, sites.geojson and plan.xlsx must not sit beside an infeasible summary")
        let summary = try JSONIO.decode(Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(summary["status"]?.stringValue == "infeasible")
        #expect(summary["scenario_file"]?.stringValue == "infeasible.yaml")

        let side = district.folder.appendingPathComponent("side")
        try FileManager.default.createDirectory(at: side, withIntermediateDirectories: true)
        let third = try CLIRunner.run(
            ["plan", broken.path, "--out", out.path, "-q", "--write-mps", side.appendingPathComponent("model.mps").path,
             "--solver-log", side.appendingPathComponent("solver.log").path], logs: logs)
        #expect(third.status == 2, "\(third.transcript)")
        #expect(Self.listing(side).isEmpty, "bad input left --write-mps / --solver-log files: \(Self.listing(side))")
        #expect(Self.listing(out) == ["evaluation.json", "notes.txt"])
    }

    /// The same for the other commands' folders: a rerun replaces its own files and removes those
    /// it no longer writes, nothing else.
    @Test func staleFilesOfEachCommandAreRemoved() throws {
        let folder = TestFolders.fresh("renoplan-stale")
        defer { try? FileManager.default.removeItem(at: folder) }
        for family in [OutputFiles.plan, OutputFiles.evaluate, OutputFiles.compare, OutputFiles.sweep, OutputFiles.coverage] {
            let out = folder.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            for name in family { try Data("old".utf8).write(to: out.appendingPathComponent(name)) }
            try Data("keep".utf8).write(to: out.appendingPathComponent("keep.csv"))
            let kept = family.sorted()[0]
            try OutputFolder.write([(kept, Data("new".utf8))], to: out, replacing: family)
            #expect(Self.listing(out) == [kept, "keep.csv"].sorted())
            #expect(try Data(contentsOf: out.appendingPathComponent(kept)) == Data("new".utf8))
        }
    }

    /// A folder shows one run: `plan` into a folder `revise` wrote removes its changes.json (they
    /// were changes to another plan); `alternatives` removes the folders of an earlier run's
    /// further alternatives (the files renoplan wrote there, then the folder if that empties it)
    /// and an unsolved run's plan files, and leaves anything else alone.
    @Test func aRunRemovesWhatAnotherRunOfTheSamePlanLeft() throws {
        let district = DeterminismTests.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let analysis = try district.analyse()
        let out = district.folder.appendingPathComponent("out")
        for name in ["changes.json", "plan.geojson", "alternatives.md"] {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data("old".utf8).write(to: out.appendingPathComponent(name))
        }
        try PlanWriter.write(PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis)), to: out)
        #expect(!Self.listing(out).contains("changes.json"))
        #expect(Self.listing(out).contains("alternatives.md"))  // not plan's file

        for folder in ["alt-3", "alt-12", "alt-x", "alt-2"] {
            let path = out.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
            for name in ["summary.json", "plan.geojson"] { try Data("old".utf8).write(to: path.appendingPathComponent(name)) }
        }
        try Data("mine".utf8).write(to: out.appendingPathComponent("alt-12/notes.txt"))
        let plans = try Alternatives.find(analysis, count: 1, slack: 0.02, minDiff: 0.1, options: SolveOptions())
        try AlternativesWriter.write(plans, to: out)
        #expect(Self.listing(out) == ["alt-1", "alt-12", "alt-x", "alternatives.json", "alternatives.md"])
        #expect(Self.listing(out.appendingPathComponent("alt-12")) == ["notes.txt"])
        #expect(Self.listing(out.appendingPathComponent("alt-x")) == ["plan.geojson", "summary.json"])
    }

    /// Every file a writer produces is in its command's family (else a rerun could leave it stale).
    @Test func familiesHoldEveryFileTheWritersProduce() throws {
        let district = DeterminismTests.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let result = try district.plan()
        #expect(Set(try PlanWriter.files(result).map(\.name)).union(["changes.json"]) == OutputFiles.plan)
        #expect(Set(try CoverageWriter.files(result.analysis).map(\.name)) == OutputFiles.coverage)
        // Without the circles the same files but circles.geojson, byte for byte.
        let all = try CoverageWriter.files(result.analysis), some = try CoverageWriter.files(result.analysis, circles: false)
        #expect(some.map(\.name) == all.map(\.name).filter { $0 != "circles.geojson" })
        #expect(some.map(\.data) == all.filter { $0.name != "circles.geojson" }.map(\.data))
        let point = BudgetSweep.Point(
            factor: 1, budgetYuan: 1, status: .optimal, objective: 1, bound: 1, gap: 0, estates: 1, households: 1, spendYuan: 1)
        #expect(Set(BudgetSweep.files([point], scenario: result.scenario).map(\.name)) == OutputFiles.sweep)
    }

    /// An output that cannot be written is not bad input: exit 73 (EX_CANTCREAT), a message naming
    /// the path, and nothing else written.
    /// An `--out` that is the data folder itself: the plan's sites.geojson would replace the
    /// candidate sites of the same name (and a rerun remove it as stale). Refused as bad usage
    /// (exit 64) before anything runs, the input unchanged, no plan written; `coverage`, whose
    /// files have other names, may write there.
    @Test func outputOntoTheScenarioInputsIsRefused() throws {
        let (district, feasible, _, _) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let folder = district.folder
        let sites = folder.appendingPathComponent("sites.geojson")
        let before = try Data(contentsOf: sites)
        let logs = folder.appendingPathComponent("logs")
        for command in ["plan", "rank"] {
            let run = try CLIRunner.run([command, feasible.path, "--out", folder.path], logs: logs)
            #expect(run.status == 64, "\(run.transcript)")
            #expect(run.stderr.contains(
                "--out \(folder.path) would overwrite sites.geojson, an input of \(feasible.path): write the output into another "
                    + "folder, e.g. --out \(folder.path)/out"), "\(run.stderr)")
            #expect(try Data(contentsOf: sites) == before)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.geojson").path))
        }
        // batch writes each scenario's plan into a folder of its name under --out: the data folder
        // when the scenario is named as its folder.
        let named = folder.appendingPathComponent(folder.lastPathComponent + ".yaml")
        try FileManager.default.copyItem(at: feasible, to: named)
        let batch = try CLIRunner.run(["batch", named.path, "--out", folder.deletingLastPathComponent().path], logs: logs)
        #expect(batch.status == 64, "\(batch.transcript)")
        #expect(batch.stderr.contains("would overwrite sites.geojson in \(folder.path), an input of \(named.path)"), "\(batch.stderr)")
        #expect(try Data(contentsOf: sites) == before)
        try FileManager.default.removeItem(at: named)
        #expect(try CLIRunner.run(["coverage", feasible.path, "--out", folder.path, "--quiet"], logs: logs).status == 0)
        #expect(try CLIRunner.run(["plan", feasible.path, "--out", folder.appendingPathComponent("out").path, "--quiet"], logs: logs).status == 0)
        #expect(try Data(contentsOf: sites) == before)
    }

    @Test func unwritableOutputExits73() throws {
        let (district, feasible, _, _) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let logs = district.folder.appendingPathComponent("logs")
        let file = district.folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)

        // A file in the way of the folder is named (not Foundation's "error 512"), before any work.
        let underFile = file.appendingPathComponent("out/sub")
        let run = try CLIRunner.run(["plan", feasible.path, "--out", underFile.path, "--log-json"], logs: logs)
        #expect(run.status == 73, "\(run.transcript)")
        #expect(run.stderrLines.contains("error: \(underFile.path): cannot create the output folder: \(file.path) is a file"), "\(run.transcript)")
        #expect(!run.stderr.contains("elapsed_s"), "the plan was solved before the output folder was checked: \(run.transcript)")

        let isFile = try CLIRunner.run(["coverage", feasible.path, "--out", file.path], logs: logs)
        #expect(isFile.status == 73, "\(isFile.transcript)")
        #expect(isFile.stderrLines.contains("error: \(file.path): the output path exists and is not a folder"), "\(isFile.transcript)")

        // --write-mps into a folder that does not exist: refused before any work, no output folder.
        let out = district.folder.appendingPathComponent("out")
        let mps = district.folder.appendingPathComponent("missing/model.mps")
        let refused = try CLIRunner.run(["plan", feasible.path, "--out", out.path, "--write-mps", mps.path], logs: logs)
        #expect(refused.status == 73, "\(refused.transcript)")
        #expect(refused.stderr.contains(mps.path))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// `--write-mps` and `--solver-log` follow the rule of `--out`: refused as bad usage (exit 64)
    /// before any work when they would replace an input (the scenario, a layer, a Shapefile's
    /// .dbf), each other, the output folder or one of the run's own files in it. The inputs and the
    /// earlier run's folder are unchanged; a side file that is a folder is refused with 73.
    @Test func sideFilesOntoInputsOrOutputsAreRefused() throws {
        let (district, feasible, _, _) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let folder = district.folder
        let logs = folder.appendingPathComponent("logs")
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("earlier".utf8).write(to: out.appendingPathComponent("plan.geojson"))
        let estates = folder.appendingPathComponent("estates.geojson")
        let inputs = try [estates, feasible].map { try Data(contentsOf: $0) }
        let model = folder.appendingPathComponent("model.mps").path
        let shapefile = folder.appendingPathComponent("shp.yaml")
        try String(contentsOf: feasible, encoding: .utf8).replacingOccurrences(of: "estates: estates.geojson", with: "estates: estates.shp")
            .write(to: shapefile, atomically: true, encoding: .utf8)
        let dbf = folder.appendingPathComponent("estates.dbf").path
        let cases: [(scenario: URL, options: [String], message: String)] = [
            (feasible, ["--solver-log", estates.path], "--solver-log \(estates.path) would overwrite estates.geojson, an input of \(feasible.path)"),
            (feasible, ["--write-mps", feasible.path], "--write-mps \(feasible.path) would overwrite the scenario file itself"),
            (shapefile, ["--write-mps", dbf], "--write-mps \(dbf) would overwrite estates.dbf (part of estates.shp), an input of \(shapefile.path)"),
            (feasible, ["--write-mps", model, "--solver-log", model], "--write-mps and --solver-log both name \(model)"),
            (feasible, ["--write-mps", out.path], "--write-mps \(out.path) is the output folder --out \(out.path)"),
            (feasible, ["--solver-log", folder.path], "--solver-log \(folder.path) is a folder holding the output folder --out \(out.path)"),
            (feasible, ["--write-mps", out.appendingPathComponent("plan.geojson").path],
             "would clash with plan.geojson, one of the run's own files in --out \(out.path): name another file, e.g. --write-mps \(out.path)/model.mps"),
            (feasible, ["--solver-log", ""], "--solver-log: give a file name"),
        ]
        for (scenario, options, message) in cases {
            let run = try CLIRunner.run(["plan", scenario.path, "--out", out.path] + options, logs: logs)
            #expect(run.status == 64, "\(options): \(run.transcript)")
            #expect(run.stderr.contains(message), "\(options): \(run.stderr)")
        }
        #expect(try [estates, feasible].map { try Data(contentsOf: $0) } == inputs)
        #expect(Self.listing(out) == ["plan.geojson"])
        #expect(try Data(contentsOf: out.appendingPathComponent("plan.geojson")) == Data("earlier".utf8))

        let logFolder = folder.appendingPathComponent("logs-folder")
        try FileManager.default.createDirectory(at: logFolder, withIntermediateDirectories: true)
        let isFolder = try CLIRunner.run(["plan", feasible.path, "--out", out.path, "--solver-log", logFolder.path], logs: logs)
        #expect(isFolder.status == 73, "\(isFolder.transcript)")
        #expect(isFolder.stderrLines.contains("error: \(logFolder.path): is a folder; name a file"), "\(isFolder.transcript)")
        #expect(Self.listing(out) == ["plan.geojson"])
    }

    /// Bad command-line arguments exit 64 (EX_USAGE); a batch with a failing scenario exits 1.
    @Test func badArgumentsExit64AndAFailedBatchExits1() throws {
        let (district, feasible, infeasible, broken) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let logs = district.folder.appendingPathComponent("logs")
        for arguments in [["plan"], ["plan", feasible.path, "--out", "x", "--no-such-option"], ["plan", feasible.path], ["frobnicate"]] {
            let run = try CLIRunner.run(arguments, logs: logs)
            #expect(run.status == 64, "renoplan \(arguments.joined(separator: " ")):\n\(run.transcript)")
        }
        // An empty --out would write into the current folder, and the summary would name no folder.
        for command in [["plan", feasible.path], ["coverage", feasible.path], ["batch", feasible.path], ["batch", "merge", district.folder.path]] {
            let run = try CLIRunner.run(command + ["--out", ""], logs: logs)
            #expect(run.status == 64, "\(command[0]) --out '':\n\(run.transcript)")
            #expect(run.stderr.contains("--out: give a folder for the output files"), "\(run.transcript)")
        }
        let folder = district.folder.appendingPathComponent("batch")
        let batch = try CLIRunner.run(["batch", feasible.path, infeasible.path, broken.path, "--out", folder.path, "-q"], logs: logs)
        #expect(batch.status == 1, "\(batch.transcript)")
        #expect(batch.stderr.contains("broken"), "\(batch.transcript)")
        // The infeasible one's message is the conflict its summary.json names.
        let runs = try JSONIO.decodeFile(folder.appendingPathComponent("batch.json")).arrayValue ?? []
        let run = try #require(runs.first { $0["outcome"]?.stringValue == "infeasible" }, "\(runs)")
        let summary = try JSONIO.decodeFile(folder.appendingPathComponent(run["folder"]!.stringValue!).appendingPathComponent("summary.json"))
        #expect(run["message"]?.stringValue == summary["conflicts"]?.arrayValue?.first?.stringValue && run["message"]?.stringValue != nil)
    }

    /// `--time-limit` takes the seconds `solver.time_limit_s` takes, on every command that solves:
    /// infinity, NaN, 0 and negative values (read as values, not taken for options) are bad usage
    /// (exit 64) with the option's name, before any work. So are sweep's factors out of range and a
    /// sweep of more than 1,000 solves.
    @Test func outOfRangeNumbersExit64() throws {
        let (district, feasible, _, _) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let logs = district.folder.appendingPathComponent("logs")
        let out = district.folder.appendingPathComponent("out")
        let scenario = feasible.path
        let commands = [
            ["plan", scenario], ["revise", scenario, "--approved", "plan.csv"], ["alternatives", scenario], ["sweep", scenario],
            ["batch", scenario],
        ]
        let limits = [("inf", "inf"), ("nan", "nan"), ("1e400", "inf"), ("0", "0"), ("-5", "-5")]
        for command in commands {
            // Every value on plan; the others share the check, so two values each.
            for (given, read) in command[0] == "plan" ? limits : [limits[2], limits[4]] {
                let run = try CLIRunner.run(command + ["--out", out.path, "--time-limit", given], logs: logs)
                #expect(run.status == 64, "\(command[0]) --time-limit \(given): \(run.transcript)")
                #expect(run.stderr.contains("--time-limit: must be seconds > 0, got \(read)"), "\(command[0]) --time-limit \(given): \(run.stderr)")
            }
        }
        let long = try CLIRunner.run(["plan", scenario, "--out", out.path, "--time-limit", "2e6"], logs: logs)
        #expect(long.stderr.contains("--time-limit: must be seconds > 0 in 0.001..1000000, got 2000000"), "\(long.transcript)")
        let sweeps: [([String], String)] = [
            (["--from", "-1"], "--from: must be a budget factor ≥ 0, got -1"),
            (["--to", "-0.5"], "--to: must be a budget factor ≥ --from (0.5), got -0.5"),
            (["--to", "inf"], "--to: must be a budget factor ≥ --from (0.5), got inf"),
            (["--step", "-0.1"], "--step: must be > 0, got -0.1"),
            (["--step", "0"], "--step: must be > 0, got 0"),
            // (1.5 − 0.5) / 0.001 + 1 factors
            (["--step", "0.001"], "--from 0.5 --to 1.5 --step 0.001 would solve the plan 1001 times; at most 1000"),
            (["--step", "1e-9"], "--step 1e-09 would solve the plan 1000000000 times; at most 1000: take a larger --step or a shorter range"),
        ]
        for (options, message) in sweeps {
            let run = try CLIRunner.run(["sweep", scenario, "--out", out.path] + options, logs: logs)
            #expect(run.status == 64, "sweep \(options): \(run.transcript)")
            #expect(run.stderr.contains(message), "sweep \(options): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// `--time-limit` is the limit the solve ran under, and the one summary.json and report.md state
    /// (the scenario says 20 s); `batch --time-limit` reaches each plan's files the same way.
    @Test func reportedTimeLimitIsTheEffectiveOne() throws {
        let (district, feasible, _, _) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let logs = district.folder.appendingPathComponent("logs")
        let out = district.folder.appendingPathComponent("out")
        let run = try CLIRunner.run(["plan", feasible.path, "--out", out.path, "--time-limit", "7", "-q"], logs: logs)
        try #require(run.status == 0, "\(run.transcript)")
        let summary = try JSONIO.decode(Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(summary["solver"]?["time_limit_s"]?.numberValue == 7)
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("Time limit 7 s") || report.contains("时间限制7秒"), "report.md states another limit")

        let batchOut = district.folder.appendingPathComponent("batch")
        let batch = try CLIRunner.run(["batch", feasible.path, "--out", batchOut.path, "--time-limit", "9", "-q"], logs: logs)
        try #require(batch.status == 0, "\(batch.transcript)")
        let planned = try JSONIO.decode(Data(contentsOf: batchOut.appendingPathComponent("scenario/summary.json")))
        #expect(planned["solver"]?["time_limit_s"]?.numberValue == 9)
        let plannedReport = try String(contentsOf: batchOut.appendingPathComponent("scenario/report.md"), encoding: .utf8)
        #expect(plannedReport.contains("Time limit 9 s") || plannedReport.contains("时间限制9秒"))
    }

    /// `renoplan --version` names renoplan and the libraries; summary.json records the same. The
    /// library versions are checked against pkg-config's (another path to the same facts).
    @Test func versionIsPrintedAndRecorded() throws {
        let (district, feasible, _, _) = try Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let logs = district.folder.appendingPathComponent("logs")
        let run = try CLIRunner.run(["--version"], logs: logs)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "renoplan \(RenoPlanVersion.string)")
        var printed: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { printed[parts[0]] = parts[1] }
        }
        #expect(Set(printed.keys) == ["GLPK", "GEOS", "PROJ", "jansson"], "\(run.stdout)")
        for (package, name) in [("geos", "GEOS"), ("proj", "PROJ"), ("jansson", "jansson")] {
            guard let expected = Self.pkgConfigVersion(package) else { continue }
            #expect(printed[name]?.hasPrefix(expected) == true, "\(name) \(printed[name] ?? "–"), pkg-config says \(expected)")
        }

        let out = district.folder.appendingPathComponent("out")
        let plan = try CLIRunner.run(["plan", feasible.path, "--out", out.path, "-q"], logs: logs)
        try #require(plan.status == 0, "\(plan.transcript)")
        let summary = try JSONIO.decode(Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(summary["renoplan"]?["version"]?.stringValue == RenoPlanVersion.string)
        for (name, version) in printed { #expect(summary["renoplan"]?["libraries"]?[name]?.stringValue == version) }
        #expect(summary["renoplan"]?["libraries"]?["GLPK"]?.stringValue == summary["solver"]?["version"]?.stringValue)
    }

    static func pkgConfigVersion(_ package: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pkg-config", "--modversion", package]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
