import Foundation
import Testing

@testable import RenoPlan

/// Runs a command with a chosen environment and working folder; output goes to files.
enum Shell {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var transcript: String { "exit \(status)\n--- stderr:\n\(stderr)--- stdout:\n\(stdout)" }
    }

    /// The environment of the tests without any scheduler's array-job variables, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("SLURM_") && !key.hasPrefix("AWS_BATCH_") && key != "JOB_COMPLETION_INDEX"
        }
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = Shell.environment(), in folder: URL? = nil,
        timeout: TimeInterval = 120
    ) throws -> Result {
        let logs = TestFolders.fresh("renoplan-shell")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logs) }
        let outURL = logs.appendingPathComponent("out")
        let errURL = logs.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let folder { process.currentDirectoryURL = folder }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) ran longer than \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }

    static func renoplan(_ arguments: [String], environment: [String: String] = Shell.environment(), in folder: URL? = nil) throws -> Result {
        try run(try CLIRunner.executable(), arguments, environment: environment, in: folder)
    }

    /// `sha256sum FILE`'s digest (coreutils): an implementation independent of renoplan's.
    static func sha256sum(_ file: URL) throws -> String {
        let result = try run(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", file.path])
        return String(result.stdout.prefix(64))
    }
}

/// A folder of scenarios for batch tests: the eight-estate district of the determinism tests,
/// planned under `count` budgets (30 variants take a few seconds in all), plus a second copy of
/// the data that only the scenarios named `other-*` read.
struct ScenarioFarm {
    let folder: URL
    var scenarios: [URL]

    static func make(count: Int, others: Int = 0) throws -> ScenarioFarm {
        let district = DeterminismTests.district()
        _ = try district.write()
        let folder = district.folder
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("other"), withIntermediateDirectories: true)
        for name in ["estates", "facilities", "sites", "walkways"] {
            try manager.copyItem(
                at: folder.appendingPathComponent("\(name).geojson"), to: folder.appendingPathComponent("other/\(name).geojson"))
        }
        try manager.createDirectory(at: folder.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        var scenarios: [URL] = []
        for k in 0..<(count + others) {
            let other = k >= count
            let name = other ? String(format: "other-%02d", k - count) : String(format: "district-%02d", k)
            let data = other ? "../other" : ".."
            // Budgets from 1.5M to 6M a year: different plans, all solved in well under a second.
            let budget = 1_500_000 + Double(k % 10) * 500_000
            let text = """
                name: \(name)
                geodata: {estates: \(data)/estates.geojson, facilities: \(data)/facilities.geojson, sites: \(data)/sites.geojson, walkways: \(data)/walkways.geojson}
                crs: EPSG:4547
                horizon: {start: 2025, years: 2}
                budget: {annual_yuan: [\(budget), \(budget + Double(k / 10) * 250_000)]}
                clustering: {linked_saving: 0.05}
                solver: {time_limit_s: 20}

                """
            let url = folder.appendingPathComponent("scenarios/\(name).yaml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            scenarios.append(url)
        }
        return ScenarioFarm(folder: folder, scenarios: scenarios)
    }

    var paths: [String] { scenarios.map(\.path) }
}

@Suite("Scale-out: shards, fingerprints, merge")
struct ScaleOutTests {
    // MARK: SHA-256 and the shard hash

    /// FIPS 180-4's published examples, and `sha256sum` on a file.
    @Test func sha256MatchesPublishedDigestsAndSha256sum() throws {
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // A file over 1 MiB, so it is read in more than one piece.
        let file = TestFolders.fresh("renoplan-sha")
        defer { try? FileManager.default.removeItem(at: file) }
        var bytes = Data()
        for i in 0..<(1_300_000) { bytes.append(UInt8(truncatingIfNeeded: i &* 31 &+ i >> 7)) }
        try bytes.write(to: file)
        #expect(try SHA256.hex(ofFileAt: file) == (try Shell.sha256sum(file)))
    }

    /// The shard of a key is the first 8 bytes of its SHA-256, big-endian, modulo n: for "abc"
    /// that is 0xba7816bf8f01cfea (from the published digest above).
    @Test func shardOfAKeyIsItsDigestPrefixModuloN() {
        let prefix: UInt64 = 0xba78_16bf_8f01_cfea
        for n in [1, 2, 3, 7, 10, 1000, 9973] {
            #expect(Shard.index(ofKey: "abc", count: n) == Int(prefix % UInt64(n)))
        }
        #expect(Shard.key(of: URL(fileURLWithPath: "/data/scenarios/abc.yaml")) == "abc")
        #expect(Shard(index: Int(prefix % 7), count: 7).holds(URL(fileURLWithPath: "/elsewhere/abc.yml")))
    }

    /// Adding scenarios moves none of the others, and every shard gets a fair share.
    @Test func addingScenariosMovesNoOther() {
        let before = (0..<400).map { "/p/district-\($0).yaml" }
        let after = before + (400..<520).map { "/p/district-\($0).yaml" }
        for n in [4, 10] {
            var placed: [String: Int] = [:]
            for i in 0..<n {
                for url in BatchPlan.select(before, shard: Shard(index: i, count: n)) { placed[url.path] = i }
            }
            #expect(placed.count == before.count, "each scenario in exactly one shard")
            var sizes = Array(repeating: 0, count: n)
            for i in 0..<n {
                for url in BatchPlan.select(after, shard: Shard(index: i, count: n)) {
                    if let old = placed[url.path] { #expect(old == i, "\(url.path) moved from shard \(old) to \(i)") }
                    sizes[i] += 1
                }
            }
            #expect(sizes.reduce(0, +) == after.count)
            // 520 / n expected each; a hash far from uniform would leave a shard with half or double.
            #expect(sizes.allSatisfy { Double($0) > 0.6 * 520 / Double(n) && Double($0) < 1.4 * 520 / Double(n) }, "\(sizes)")
        }
    }

    // MARK: --shard auto

    @Test func shardAutoReadsEachScheduler() throws {
        func detect(_ environment: [String: String], shards: Int? = nil, offset: Int = 0) throws -> Shard {
            try ShardDetection.detect(environment: environment, shards: shards, offset: offset).shard
        }
        // Slurm `--array=0-9`: Slurm sets the id, count, min and max.
        let slurm = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "10", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "9"]
        #expect(try detect(slurm) == Shard(index: 3, count: 10))
        // `--array=1-10`: task 1 is shard 0 of 10 (min and max only, as older Slurm sets).
        #expect(try detect(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "10"]) == Shard(index: 0, count: 10))
        // Count only: the id is the index.
        #expect(try detect(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "5"]) == Shard(index: 4, count: 5))
        // A chunk of a 2,500-shard array submitted as --array=0-999 with offset 2000.
        #expect(try detect(["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "500", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "499"], shards: 2500, offset: 2000) == Shard(index: 2007, count: 2500))
        // A partial resubmission `--array=3,7` of a 10-shard array: the id is the index with --shards.
        #expect(try detect(["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "7"], shards: 10) == Shard(index: 7, count: 10))
        // Kubernetes needs the completions; AWS Batch gives the size.
        #expect(try detect(["JOB_COMPLETION_INDEX": "2"], shards: 4) == Shard(index: 2, count: 4))
        #expect(try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "9", "AWS_BATCH_JOB_ARRAY_SIZE": "10"]) == Shard(index: 9, count: 10))
        let found = try ShardDetection.detect(environment: ["AWS_BATCH_JOB_ARRAY_INDEX": "9", "AWS_BATCH_JOB_ARRAY_SIZE": "10"], shards: nil)
        #expect(found.source == "AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX=9, AWS_BATCH_JOB_ARRAY_SIZE=10)")
    }

    @Test func shardAutoRefusesWhatItCannotTrust() {
        let cases: [([String: String], Int?, Int, String)] = [
            ([:], nil, 0, "found no array job"),
            (["SLURM_JOB_ID": "12"], nil, 0, "found no array job"),  // a Slurm job that is no array
            (["SLURM_ARRAY_TASK_ID": "1", "JOB_COMPLETION_INDEX": "1"], 4, 0, "more than one scheduler"),
            (["JOB_COMPLETION_INDEX": "1"], nil, 0, "give --shards N"),
            (["AWS_BATCH_JOB_ARRAY_INDEX": "1"], nil, 0, "AWS_BATCH_JOB_ARRAY_SIZE"),
            (["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "5"], nil, 0, "not one contiguous range"),
            (["SLURM_ARRAY_TASK_ID": "3"], nil, 0, "neither SLURM_ARRAY_TASK_COUNT"),
            (["JOB_COMPLETION_INDEX": "4"], 4, 0, "outside 0..<4"),
            (["JOB_COMPLETION_INDEX": "x"], 4, 0, "must be a whole number"),
            (["JOB_COMPLETION_INDEX": "1"], nil, 5, "--shard-offset needs --shards"),
            (["SLURM_ARRAY_TASK_ID": "999", "SLURM_ARRAY_TASK_COUNT": "1000"], 1500, 1000, "outside 0..<1500"),
        ]
        for (environment, shards, offset, expected) in cases {
            do {
                let shard = try ShardDetection.detect(environment: environment, shards: shards, offset: offset)
                Issue.record("\(environment) gave \(shard.shard); expected an error with \(expected)")
            } catch {
                #expect("\(error)".contains(expected), "\(environment): \(error)")
            }
        }
    }

    /// Bad shard arguments are command-line errors: exit 64, a message, nothing written.
    @Test func badShardArgumentsExit64() throws {
        let farm = try ScenarioFarm.make(count: 1)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        let out = farm.folder.appendingPathComponent("out")
        let cases: [([String], [String: String], String)] = [
            (["--shard", "3/2"], [:], "--shard must be i/n"),
            (["--shard", "1of2"], [:], "--shard must be i/n"),
            (["--shard=-1/2"], [:], "--shard must be i/n"),
            (["--shard", "auto"], [:], "found no array job"),
            (["--shard", "auto"], ["JOB_COMPLETION_INDEX": "0"], "give --shards N"),
            (["--shard", "0/4", "--shards", "5"], [:], "contradicts"),
            (["--shards", "4"], [:], "--shards goes with --shard auto"),
        ]
        for (arguments, environment, message) in cases {
            let run = try Shell.renoplan(["batch"] + farm.paths + ["--out", out.path] + arguments, environment: Shell.environment(environment))
            #expect(run.status == 64, "\(arguments) \(environment): \(run.transcript)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.transcript)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(arguments) wrote \(out.path)")
        }
        // The same scenario with the variables of a 1-task Kubernetes array: runs, and says so.
        let run = try Shell.renoplan(
            ["batch"] + farm.paths + ["--out", out.path, "--shard", "auto", "--shards", "1"],
            environment: Shell.environment(["JOB_COMPLETION_INDEX": "0"]))
        #expect(run.status == 0, "\(run.transcript)")
        #expect(run.stderr.contains("shard 0/1 from Kubernetes (JOB_COMPLETION_INDEX=0, --shards 1)"), "\(run.transcript)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("batch-0-of-1.json").path))
    }

    // MARK: Fingerprints

    /// The fingerprint follows the contents of the scenario, its data files and their sidecars,
    /// and nothing else (not file dates); run.json records each input as `sha256sum` sees it.
    @Test func fingerprintFollowsContentsOnly() throws {
        let farm = try ScenarioFarm.make(count: 1)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        let scenario = farm.scenarios[0]
        let build = PlannerBuild(values: ["renoplan_sha256": "x", "glpk": "5.0"])
        func digest(_ build: PlannerBuild = build, limit: Double? = nil) -> String {
            RunFingerprint.of(scenario: scenario, build: build, timeLimitSeconds: limit).digest
        }
        let first = digest()
        let inputs = RunFingerprint.of(scenario: scenario, build: build, timeLimitSeconds: nil).inputs
        #expect(inputs.map(\.role) == ["scenario", "geodata.estates", "geodata.facilities", "geodata.sites", "geodata.walkways"])
        for input in inputs { #expect(input.sha256 == (try Shell.sha256sum(URL(fileURLWithPath: input.path))), "\(input.path)") }
        // A new modification date alone changes nothing.
        let estates = farm.folder.appendingPathComponent("estates.geojson")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3600)], ofItemAtPath: estates.path)
        #expect(digest() == first)
        // Another build, another time limit: another fingerprint.
        #expect(digest(PlannerBuild(values: ["renoplan_sha256": "y", "glpk": "5.0"])) != first)
        #expect(digest(limit: 5) != first)
        // A sidecar beside the estates file (as a Shapefile's .prj) counts, and its change too.
        let sidecar = farm.folder.appendingPathComponent("estates.prj")
        try Data("PROJCS[\"a\"]".utf8).write(to: sidecar)
        let withSidecar = digest()
        #expect(withSidecar != first)
        #expect(RunFingerprint.of(scenario: scenario, build: build, timeLimitSeconds: nil).inputs.contains { $0.path == sidecar.path && $0.role == "geodata.estates (sidecar)" })
        try Data("PROJCS[\"b\"]".utf8).write(to: sidecar)
        #expect(digest() != withSidecar)
        try FileManager.default.removeItem(at: sidecar)
        #expect(digest() == first)
        // One byte of a data file.
        var bytes = try Data(contentsOf: estates)
        bytes.append(0x0A)
        try bytes.write(to: estates)
        #expect(digest() != first)
    }

    /// The reserve library joined to the estates (`table:`) is an input: before, editing it
    /// left the fingerprint as it was, and `batch` kept the stale plan.
    @Test func joinedTableIsPartOfTheFingerprint() throws {
        let folder = TestFolders.fresh("renoplan-fingerprint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try PlannerDistrict.writePlannerForm(into: folder)
        let build = PlannerBuild(values: ["renoplan_sha256": "x"])
        func fingerprint() -> RunFingerprint { RunFingerprint.of(scenario: scenario, build: build, timeLimitSeconds: nil) }
        let first = fingerprint()
        let table = folder.appendingPathComponent("储备库2025.xlsx")
        #expect(first.inputs.contains { $0.role == "geodata.estates.table" && $0.path == table.path })
        var bytes = try Data(contentsOf: table)
        bytes.append(0x00)
        try bytes.write(to: table)
        #expect(fingerprint().digest != first.digest)
    }

    // MARK: One machine against four shards

    /// 30 scenarios (and one that fails) as one batch, and as 4 shards in their own folders
    /// joined by `batch merge`: the same batch.json and batch.csv, byte for byte, and the same
    /// plans. Then the reruns: only the failed scenario is retried, then only the changed ones.
    @Test func fourShardsAndMergeGiveTheOneMachineBatch() throws {
        var farm = try ScenarioFarm.make(count: 26, others: 4)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        // A scenario whose estates file is missing: it fails, the others go on.
        let broken = farm.folder.appendingPathComponent("scenarios/broken.yaml")
        try "name: broken\ngeodata: {estates: ../missing.geojson}\ncrs: EPSG:4547\nhorizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e6, 1e6]}\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        farm.scenarios.append(broken)
        let one = farm.folder.appendingPathComponent("one")
        let whole = try Shell.renoplan(["batch"] + farm.paths + ["--out", one.path, "--jobs", "2"])
        #expect(whole.status == 1, "one scenario fails, so the batch exits 1:\n\(whole.transcript)")
        #expect(whole.stdout.contains("31 scenarios: 30 done, 0 infeasible, 1 failed; 0 unchanged and skipped"), "\(whole.transcript)")

        var shardFolders: [URL] = []
        var counted = 0
        for i in 0..<4 {
            let folder = farm.folder.appendingPathComponent("shard-\(i)")
            shardFolders.append(folder)
            let run = try Shell.renoplan(["batch"] + farm.paths + ["--out", folder.path, "--jobs", "2", "--shard", "\(i)/4"])
            #expect([0, 1].contains(run.status), "\(run.transcript)")
            let entries = try JSONIO.decodeFile(folder.appendingPathComponent("batch-\(i)-of-4.json")).arrayValue ?? []
            counted += entries.count
            // Each shard holds exactly the scenarios whose name hashes to it.
            for entry in entries {
                let name = entry["folder"]?.stringValue ?? ""
                #expect(Int(SHA256.prefix64(of: name) % 4) == i, "\(name) in shard \(i)")
            }
        }
        #expect(counted == 31, "the shards together hold every scenario once")
        // Merging before every shard is there is refused, naming the missing shard.
        let early = farm.folder.appendingPathComponent("early")
        let partial = try Shell.renoplan(["batch", "merge"] + shardFolders.prefix(3).map(\.path) + ["--out", early.path])
        #expect(partial.status == 2 && partial.stderr.contains("1 of 4 shards have no summary (i = 3)"), "\(partial.transcript)")
        #expect(!FileManager.default.fileExists(atPath: early.appendingPathComponent("batch.json").path))

        let merged = farm.folder.appendingPathComponent("merged")
        let merge = try Shell.renoplan(["batch", "merge"] + shardFolders.map(\.path) + ["--out", merged.path])
        #expect(merge.status == 0, "\(merge.transcript)")
        for name in ["batch.json", "batch.csv"] {
            let a = try Data(contentsOf: one.appendingPathComponent(name))
            let b = try Data(contentsOf: merged.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between one machine and 4 shards + merge")
        }
        let entries = try JSONIO.decodeFile(one.appendingPathComponent("batch.json")).arrayValue ?? []
        #expect(entries.count == 31)
        let failed = entries.filter { $0["outcome"]?.stringValue == "failed" }
        #expect(failed.count == 1 && failed.first?["folder"]?.stringValue == "broken" && failed.first?["exit_code"]?.numberValue == 2)
        #expect(failed.first?["message"]?.stringValue?.contains("missing.geojson") == true, "\(failed)")
        for entry in entries where entry["outcome"]?.stringValue == "done" {
            let name = entry["folder"]!.stringValue!
            try DeterminismTests.expectSameFiles(
                one.appendingPathComponent(name), merged.appendingPathComponent(name), except: ["run.json"])
            let summaryA = try JSONIO.decodeFile(one.appendingPathComponent("\(name)/summary.json"))
            // batch.json's figures are those of the plan's own summary.
            #expect(entry["objective"]?.numberValue == roundTo(summaryA["objective"]?.numberValue ?? -1, 6))
        }
        // The budgets differ, so the plans do too: the comparison above compared something.
        #expect(Set(entries.compactMap { $0["objective"]?.numberValue }).count >= 5)

        // Rerun of shard 0..3 into their folders: only `broken` is retried.
        let recorded = try Data(contentsOf: one.appendingPathComponent("district-00/run.json"))
        let again = try Shell.renoplan(["batch"] + farm.paths + ["--out", one.path, "--jobs", "2"])
        #expect(again.stdout.contains("31 scenarios: 30 done, 0 infeasible, 1 failed; 30 unchanged and skipped"), "\(again.transcript)")
        #expect(try Data(contentsOf: one.appendingPathComponent("district-00/run.json")) == recorded, "a skipped run is not redone")
        #expect(try Data(contentsOf: one.appendingPathComponent("batch.json")) == Data(contentsOf: merged.appendingPathComponent("batch.json")))

        // The data of the four `other-*` scenarios change; the broken one gets its file: 5 run.
        let otherEstates = farm.folder.appendingPathComponent("other/estates.geojson")
        var text = try String(contentsOf: otherEstates, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"households\":120", with: "\"households\":125")
        #expect(text != (try String(contentsOf: otherEstates, encoding: .utf8)), "the test's edit must change the file")
        try text.write(to: otherEstates, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: farm.folder.appendingPathComponent("estates.geojson"), to: farm.folder.appendingPathComponent("missing.geojson"))
        let third = try Shell.renoplan(["batch"] + farm.paths + ["--out", one.path, "--jobs", "2"])
        #expect(third.status == 0, "\(third.transcript)")
        #expect(third.stdout.contains("31 scenarios: 31 done, 0 infeasible, 0 failed; 26 unchanged and skipped"), "\(third.transcript)")
        let rerun = third.stdout.split(separator: "\n").filter { $0.contains(": done ") && !$0.contains("skipped") }.map { String($0.prefix { $0 != ":" }) }
        #expect(rerun.sorted() == ["broken", "other-00", "other-01", "other-02", "other-03"], "\(rerun)")
    }

    /// batch.json names a scenario below the deepest folder holding the whole batch's: the same
    /// under any mount point, one folder level kept when the scenarios are in two folders.
    @Test func scenariosAreNamedBelowTheFolderThatHoldsThemAll() {
        let two = ["/shared/p/city-a/d-01.yaml", "/shared/p/./city-b/d-02.yaml"]
        let root = BatchPlan.scenarioRoot(two)
        #expect(root.path == "/shared/p")
        #expect(two.map { BatchPlan.recordedPath($0, root: root) } == ["city-a/d-01.yaml", "city-b/d-02.yaml"])
        let moved = two.map { $0.replacingOccurrences(of: "/shared/p", with: "/mnt/nfs/p") }
        #expect(moved.map { BatchPlan.recordedPath($0, root: BatchPlan.scenarioRoot(moved)) } == ["city-a/d-01.yaml", "city-b/d-02.yaml"])
        #expect(BatchPlan.recordedPath("/a/x.yaml", root: BatchPlan.scenarioRoot(["/a/x.yaml"])) == "x.yaml")
        #expect(BatchPlan.scenarioRoot(["/x.yaml", "/a/y.yaml"]).path == "/")
    }

    /// Shards that reach the scenarios through different mount points (a link to the farm
    /// stands for another node's mount of the shared volume) merge into the one-machine
    /// batch.json and batch.csv, byte for byte: each scenario is named by its path below the
    /// folder that holds them all. A rerun that names them from the working folder
    /// (`scenarios`) skips every scenario (the fingerprint is of contents) and writes the same
    /// summary.
    @Test func shardsThroughDifferentMountPointsMergeIntoTheOneMachineBatch() throws {
        let farm = try ScenarioFarm.make(count: 4)
        let mount = TestFolders.fresh("renoplan-mount")
        defer {
            try? FileManager.default.removeItem(at: mount)
            try? FileManager.default.removeItem(at: farm.folder)
        }
        try FileManager.default.createSymbolicLink(at: mount, withDestinationURL: farm.folder)
        let viaMount = farm.scenarios.map { mount.appendingPathComponent("scenarios/\($0.lastPathComponent)").path }
        let one = farm.folder.appendingPathComponent("one")
        let whole = try Shell.renoplan(["batch"] + farm.paths + ["--out", one.path])
        #expect(whole.status == 0, "\(whole.transcript)")
        let first = farm.folder.appendingPathComponent("shard-0"), second = farm.folder.appendingPathComponent("shard-1")
        let zero = try Shell.renoplan(["batch"] + farm.paths + ["--out", first.path, "--shard", "0/2"])
        let other = try Shell.renoplan(["batch"] + viaMount + ["--out", second.path, "--shard", "1/2"])
        #expect(zero.status == 0 && other.status == 0, "\(zero.transcript)\n\(other.transcript)")
        // Both shards hold scenarios (district-00 and -01 hash to 1), so both mount points are in the merge.
        #expect(try JSONIO.decodeFile(second.appendingPathComponent("batch-1-of-2.json")).arrayValue?.count == 2)
        let merged = farm.folder.appendingPathComponent("merged")
        let merge = try Shell.renoplan(["batch", "merge", first.path, second.path, "--out", merged.path])
        #expect(merge.status == 0, "\(merge.transcript)")
        for name in ["batch.json", "batch.csv"] {
            #expect(
                try Data(contentsOf: one.appendingPathComponent(name)) == Data(contentsOf: merged.appendingPathComponent(name)),
                "\(name) differs between one machine and shards through two mount points")
        }
        let entries = try JSONIO.decodeFile(one.appendingPathComponent("batch.json")).arrayValue ?? []
        #expect(entries.compactMap { $0["scenario"]?.stringValue } == (0..<4).map { String(format: "district-%02d.yaml", $0) })
        let csv = try String(contentsOf: one.appendingPathComponent("batch.csv"), encoding: .utf8)
        #expect(!csv.contains(farm.folder.path) && !csv.contains(mount.path), "\(csv)")
        // The same batch named from the farm's folder: nothing is solved again, nothing changes.
        let recorded = try Data(contentsOf: one.appendingPathComponent("batch.json"))
        let again = try Shell.renoplan(["batch", "scenarios", "--out", one.path], in: farm.folder)
        #expect(again.stdout.contains("4 scenarios: 4 done, 0 infeasible, 0 failed; 4 unchanged and skipped"), "\(again.transcript)")
        #expect(try Data(contentsOf: one.appendingPathComponent("batch.json")) == recorded)
    }

    // MARK: Interruption

    /// SIGTERM, Ctrl-C or a hangup during a batch: the running solve is stopped, no batch.json is
    /// written, the scenarios that finished keep their run.json, and the rerun skips them.
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130)), (SIGHUP, Int32(129))])
    func interruptedBatchWritesNoSummaryAndKeepsWhatFinished(_ signal: Int32, _ expected: Int32) throws {
        let farm = try ScenarioFarm.make(count: 2)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        let out = farm.folder.appendingPathComponent("out")
        // An earlier batch.json must not survive as if it described this run.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("[]\n".utf8).write(to: out.appendingPathComponent("batch.json"))
        // The demo district with no node limit, no gap and ten minutes: its search cannot end
        // on its own within the test, whatever the machine's speed; the two small scenarios end
        // first, then it is stopped.
        let root = EndToEndTests.root
        var text = try String(contentsOf: root.appendingPathComponent("scenarios/demo.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "../geodata/demo/", with: root.appendingPathComponent("geodata/demo").path + "/")
        text = String(text[..<text.range(of: "solver:")!.lowerBound]) + "solver: {time_limit_s: 600, mip_gap: 0, node_limit: null}\n"
        let long = farm.folder.appendingPathComponent("scenarios/long.yaml")
        try text.write(to: long, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["batch"] + farm.paths + [long.path, "--out", out.path]
        process.environment = Shell.environment()
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let demoFolder = out.appendingPathComponent("long")
        let started = Date()
        while !FileManager.default.fileExists(atPath: out.appendingPathComponent("district-01/run.json").path), Date().timeIntervalSince(started) < 120 {
            usleep(50_000)
        }
        Thread.sleep(forTimeInterval: 2)
        #expect(process.isRunning)
        let sent = Date()
        kill(process.processIdentifier, signal)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 3, "the running solve is stopped, not waited for")
        #expect(process.terminationStatus == expected, "\(message)")
        #expect(message.contains("interrupted by signal \(signal); batch.json was not written; 2 scenarios finished"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("batch.json").path))
        #expect(!FileManager.default.fileExists(atPath: demoFolder.path), "the stopped solve wrote nothing")
        for name in ["district-00", "district-01"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name)/run.json").path))
        }
        let rerun = try Shell.renoplan(["batch"] + farm.paths + ["--out", out.path])
        #expect(rerun.status == 0 && rerun.stdout.contains("2 unchanged and skipped"), "\(rerun.transcript)")
    }
}
