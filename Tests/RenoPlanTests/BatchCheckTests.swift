import Foundation
import Testing

@testable import RenoPlan

/// What a batch checks before it trusts a folder, a file or a process: which files are
/// scenarios, stale summaries, recorded outputs, children that outlive their batch, and the
/// words of its messages (the QA findings on batch, merge, compare and sweep).
@Suite("Batch: scenario lists, stale summaries, outputs, children")
struct BatchCheckTests {
    /// A file of `text` at `url`, its folder made.
    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A scenario of the farm's district that is infeasible: E1 (120 households, 1M yuan) locked
    /// into 2025 with a budget of 1 yuan a year.
    static func infeasibleScenario(in farm: ScenarioFarm, name: String = "locked") throws -> URL {
        let url = farm.folder.appendingPathComponent("scenarios/\(name).yaml")
        let text = try String(contentsOf: farm.scenarios[0], encoding: .utf8)
            .replacingOccurrences(of: "name: district-00", with: "name: \(name)")
            .replacingOccurrences(of: "annual_yuan: [1500000.0, 1500000.0]", with: "annual_yuan: [1, 1]")
            + "locks: {E1: 2025}\n"
        #expect(text.contains("annual_yuan: [1, 1]"), "the test's edit must change the budget")
        try write(text, to: url)
        return url
    }

    /// The processes whose command line contains `text` (from /proc), but this one's.
    static func processes(containing text: String) -> [Int32] {
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return ids.filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(text)
        }
    }

    // MARK: Which files are scenarios (QA 4, 8)

    @Test func folderScanTakesYamlInAnyCaseNeverAFolderAndEachFileOnce() throws {
        let folder = TestFolders.fresh("renoplan-scan")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["A.YAML", "b.yml", "c.yaml~", "d.yaml.bak", ".hidden.yaml", "e.Yml"] {
            try Self.write("name: x\n", to: folder.appendingPathComponent("s/\(name)"))
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("s/dir.yaml"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("link.yaml"), withDestinationURL: folder.appendingPathComponent("s/b.yml"))
        let s = folder.appendingPathComponent("s").path
        let files = try BatchRunner.scenarioFiles([s, "\(s)/b.yml", "\(s)/../s/A.YAML", folder.appendingPathComponent("link.yaml").path])
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["A.YAML", "b.yml", "e.Yml"], "\(files)")

        // Two files whose output folders would be one: named, both.
        let clash = BatchRunner.collisions(["a/x.yaml", "b/x.yaml", "b/y.yaml", "a/x.yml"])
        #expect(clash.count == 1 && clash[0].folder == "x" && clash[0].files == ["a/x.yaml", "b/x.yaml", "a/x.yml"])
        // Two files of one name are refused, both named.
        try Self.write("name: x\n", to: folder.appendingPathComponent("t/b.yml"))
        let refused = try Shell.renoplan(["batch", "\(s)/b.yml", folder.appendingPathComponent("t/b.yml").path, "--out", folder.appendingPathComponent("o").path])
        #expect(refused.status == 64, "\(refused.transcript)")
        #expect(refused.stderr.contains("scenarios \(s)/b.yml and \(folder.path)/t/b.yml would share the output folder b"), "\(refused.transcript)")
    }

    // MARK: Stale summaries (QA 2)

    /// A shard run removes the merged batch.json / batch.csv of its folder (they may no longer be
    /// true); a refused merge leaves none of the last merge's.
    @Test func shardRunAndRefusedMergeLeaveNoStaleMergedSummary() throws {
        let farm = try ScenarioFarm.make(count: 2)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        let shared = farm.folder.appendingPathComponent("shared")
        func plant() throws {
            for name in ["batch.json", "batch.csv"] { try Self.write("stale\n", to: shared.appendingPathComponent(name)) }
        }
        try plant()
        let shard = try Shell.renoplan(["batch"] + farm.paths + ["--out", shared.path, "--shard", "0/2", "-q"])
        #expect([0, 1].contains(shard.status), "\(shard.transcript)")
        for name in ["batch.json", "batch.csv"] {
            #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent(name).path), "\(name) of the last merge survived a shard run")
        }
        #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent("batch-0-of-2.json").path))
        try plant()
        let merge = try Shell.renoplan(["batch", "merge", shared.path, "--out", shared.path])
        #expect(merge.status == 2 && merge.stderr.contains("1 of 2 shards have no summary (i = 1)"), "\(merge.transcript)")
        for name in ["batch.json", "batch.csv"] {
            #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent(name).path), "\(name) of the last merge survived a refused merge")
        }
    }

    // MARK: Outputs checked by SHA-256 (QA 7), folders given twice and --out a file (QA 5, 6)

    @Test func skippingAndMergingCheckTheOutputsContents() throws {
        let farm = try ScenarioFarm.make(count: 3)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        let one = farm.folder.appendingPathComponent("one")
        let first = try Shell.renoplan(["batch"] + farm.paths + ["--out", one.path])
        #expect(first.status == 0, "\(first.transcript)")
        // A same-size edit of an output: one digit of the objective.
        let summaryURL = one.appendingPathComponent("district-01/summary.json")
        var text = try String(contentsOf: summaryURL, encoding: .utf8)
        let objective = try #require(text.range(of: #""objective" : [0-9]"#, options: .regularExpression))
        let digit = text[text.index(before: objective.upperBound)]
        text.replaceSubrange(text.index(before: objective.upperBound)..<objective.upperBound, with: digit == "9" ? "8" : "9")
        try text.write(to: summaryURL, atomically: true, encoding: .utf8)
        let again = try Shell.renoplan(["batch"] + farm.paths + ["--out", one.path])
        #expect(again.stdout.contains("3 scenarios: 3 done, 0 infeasible, 0 failed; 2 unchanged and skipped"), "\(again.transcript)")
        #expect(again.stdout.contains("district-01: done optimal"), "the edited scenario is solved again:\n\(again.transcript)")

        var folders: [String] = []
        for i in 0..<2 {
            let folder = farm.folder.appendingPathComponent("s\(i)")
            folders.append(folder.path)
            let run = try Shell.renoplan(["batch"] + farm.paths + ["--out", folder.path, "--shard", "\(i)/2", "-q"])
            #expect(run.status == 0, "\(run.transcript)")
        }
        // A folder named twice is read once.
        let twice = try Shell.renoplan(["batch", "merge"] + folders + [folders[1], "--out", farm.folder.appendingPathComponent("m1").path])
        #expect(twice.status == 0 && twice.stdout.contains("2 shards, 3 scenarios merged"), "\(twice.transcript)")
        // --out a file: exit 73 before anything is read or run.
        let file = farm.folder.appendingPathComponent("notes.txt")
        try Self.write("notes\n", to: file)
        let mergeIntoFile = try Shell.renoplan(["batch", "merge"] + folders + ["--out", file.path])
        #expect(mergeIntoFile.status == 73 && mergeIntoFile.stderr.contains("\(file.path): the output path exists and is not a folder"), "\(mergeIntoFile.transcript)")
        #expect(!mergeIntoFile.stderr.contains("NSCocoaErrorDomain"))
        let runIntoFile = try Shell.renoplan(["batch"] + farm.paths + ["--out", file.path])
        #expect(runIntoFile.status == 73 && runIntoFile.stdout.isEmpty, "no scenario is started:\n\(runIntoFile.transcript)")
        // An output of a finished scenario gone: merge names the folder and the file.
        let entries = try JSONIO.decodeFile(URL(fileURLWithPath: folders[1]).appendingPathComponent("batch-1-of-2.json")).arrayValue ?? []
        let name = try #require(entries.first?["folder"]?.stringValue, "shard 1 of 2 holds a scenario")
        let source = URL(fileURLWithPath: folders[1]).appendingPathComponent(name)
        try FileManager.default.removeItem(at: source.appendingPathComponent("plan.geojson"))
        let missing = try Shell.renoplan(["batch", "merge"] + folders + ["--out", farm.folder.appendingPathComponent("m2").path])
        #expect(missing.status == 2 && missing.stderr.contains("\(source.path): plan.geojson is missing"), "\(missing.transcript)")
        #expect(!FileManager.default.fileExists(atPath: farm.folder.appendingPathComponent("m2/batch.json").path))
    }

    // MARK: Messages (QA 3, 9)

    /// A `plan` that found no plan (exit 4) wrote a summary.json: the batch says what it says. A
    /// script stands in for `renoplan` (the solver's reasons for exit 4 are not this test's).
    @Test func noPlanFoundTakesTheStatusFromSummaryJson() throws {
        let folder = TestFolders.fresh("renoplan-exit4")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("fake-renoplan")
        try Self.write(
            """
            #!/bin/sh
            # batch plan-child --parent PID -- plan SCENARIO --out FOLDER --quiet
            while [ "$1" != "--out" ]; do shift; done
            mkdir -p "$2"
            printf '{"status": "no_solution", "objective": null, "solver": {"stopped_by": "node limit", "time_limit_s": 5}}' > "$2/summary.json"
            exit 4

            """, to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let scenario = folder.appendingPathComponent("n50.yaml")
        try Self.write("name: n50\n", to: scenario)
        let results = try BatchRunner.run(
            [scenario], out: folder.appendingPathComponent("out"), jobs: 1, executable: script, timeLimit: nil) { _ in }
        let result = try #require(results.first)
        #expect(result.outcome == "failed" && result.exitCode == 4 && result.status == "no_solution")
        #expect(result.message == "no plan found: status no_solution; the solver stopped at its node limit; see summary.json and report.md")
        #expect(BatchRunner.line(result).hasPrefix("n50: failed no plan found: status no_solution;"), "\(BatchRunner.line(result))")
    }

    /// An infeasible scenario's line says `infeasible` once; with -q the exit 1 is explained on
    /// stderr.
    @Test func infeasibleScenarioIsNamedOnceAndEvenWhenQuiet() throws {
        let farm = try ScenarioFarm.make(count: 1)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        let locked = try Self.infeasibleScenario(in: farm)
        let out = farm.folder.appendingPathComponent("out")
        let loud = try Shell.renoplan(["batch", locked.path, "--out", out.path])
        #expect(loud.status == 1 && loud.stdout.contains("locked: infeasible "), "\(loud.transcript)")
        #expect(!loud.stdout.contains("infeasible infeasible"), "\(loud.transcript)")
        let quiet = try Shell.renoplan(["batch", locked.path, "--out", out.path, "-q"])
        #expect(quiet.status == 1 && quiet.stdout.isEmpty, "\(quiet.transcript)")
        #expect(quiet.stderr.hasPrefix("\(locked.path): infeasible "), "\(quiet.transcript)")
    }

    @Test func mergeErrorsNameTheFileByPathAndTheEntryByNumber() throws {
        let folder = TestFolders.fresh("renoplan-merge-words")
        defer { try? FileManager.default.removeItem(at: folder) }
        let shard = folder.appendingPathComponent("s0/batch-0-of-1.json")
        try Self.write(#"[{"scenario": "/x/a.yaml", "folder": "a"}]"#, to: shard)
        let lacking = try Shell.renoplan(["batch", "merge", folder.appendingPathComponent("s0").path, "--out", folder.appendingPathComponent("m").path])
        #expect(lacking.status == 2 && lacking.stderr.contains("\(shard.path): entry 1 (folder a) lacks scenario, folder or outcome"), "\(lacking.transcript)")
        #expect(!lacking.stderr.contains("feature #"))
        try Self.write("[{", to: shard)
        let broken = try Shell.renoplan(["batch", "merge", folder.appendingPathComponent("s0").path, "--out", folder.appendingPathComponent("m").path])
        #expect(broken.status == 2 && broken.stderr.contains("\(shard.path): is not valid JSON"), "\(broken.transcript)")
    }

    @Test func shardCountBelowOneAndASecondShardAreRefused() throws {
        #expect(throws: ShardError.self) { try ShardDetection.detect(environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "0"], shards: nil) }
        do {
            _ = try ShardDetection.detect(environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "0"], shards: nil)
        } catch {
            #expect("\(error)".contains("Slurm gives 0 shards (SLURM_ARRAY_TASK_COUNT); the count must be ≥ 1"), "\(error)")
        }
        let folder = TestFolders.fresh("renoplan-shard-twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let twice = try Shell.renoplan(
            ["batch", folder.appendingPathComponent("x.yaml").path, "--out", folder.appendingPathComponent("o").path, "--shard", "2/3", "--shard", "1/3"])
        #expect(twice.status == 64 && twice.stderr.contains("--shard is given 2 times (2/3, 1/3): give one"), "\(twice.transcript)")
    }

    // MARK: Children end with their batch (QA 1)

    /// `batch` killed outright (SIGKILL: nothing can be passed on): its `plan` child gets SIGTERM
    /// from the kernel, stops and writes nothing, instead of running on unrecorded.
    @Test func killedBatchTakesItsSolveWithIt() throws {
        let folder = TestFolders.fresh("renoplan-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = EndToEndTests.root
        var text = try String(contentsOf: root.appendingPathComponent("scenarios/demo.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "../geodata/demo/", with: root.appendingPathComponent("geodata/demo").path + "/")
        text = String(text[..<text.range(of: "solver:")!.lowerBound]) + "solver: {time_limit_s: 600, mip_gap: 0, node_limit: null}\n"
        let long = folder.appendingPathComponent("long.yaml")
        try Self.write(text, to: long)
        let out = folder.appendingPathComponent("out")
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["batch", long.path, "--out", out.path]
        process.environment = Shell.environment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let marker = "plan \(long.path) --out \(out.path)/long"
        var started = Date()
        while Self.processes(containing: marker).isEmpty, Date().timeIntervalSince(started) < 60 { usleep(50_000) }
        let children = Self.processes(containing: marker)
        #expect(children.count == 1, "the plan child is running")
        Thread.sleep(forTimeInterval: 1)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        started = Date()
        while !Self.processes(containing: marker).isEmpty, Date().timeIntervalSince(started) < 10 { usleep(50_000) }
        let left = Self.processes(containing: marker)
        #expect(left.isEmpty, "the plan child outlived its batch")
        for pid in left { kill(pid, SIGKILL) }
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("long").path)) ?? []
        #expect(written.isEmpty, "the stopped solve wrote \(written)")
    }
}
