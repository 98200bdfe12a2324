import Foundation
import Testing
import Yams

@testable import RenoPlan

/// The examples of docs/scale-out.md, run as the docs show them: the files under
/// docs/scale-out/ are read and executed, with fake `sbatch` / `aws` commands that record what they
/// are asked to submit, and the array tasks then run here, one after another, with the
/// variables each scheduler sets. The joined batch.json / batch.csv must equal a one-machine run's.
@Suite("Scale-out examples (docs/scale-out)")
struct ScaleOutExamplesTests {
    static let examples = EndToEndTests.root.appendingPathComponent("docs/scale-out")

    /// A scenario farm (12 scenarios), a one-machine batch of it, and a folder of fake commands.
    struct Setup {
        var farm: ScenarioFarm
        var reference: URL
        var fakes: URL
        var calls: URL
        var path: String

        init() throws {
            farm = try ScenarioFarm.make(count: 10, others: 2)
            reference = farm.folder.appendingPathComponent("reference")
            let run = try Shell.renoplan(["batch", farm.folder.appendingPathComponent("scenarios").path, "--out", reference.path, "--jobs", "2"])
            try #require(run.status == 0, "\(run.transcript)")
            fakes = farm.folder.appendingPathComponent("fake-bin")
            calls = farm.folder.appendingPathComponent("calls")
            try FileManager.default.createDirectory(at: fakes, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: calls, withIntermediateDirectories: true)
            // Each fake records its arguments, one per line, in calls/NNN, and prints a job id.
            for (name, id) in [("sbatch", "$((1000 + n))"), ("aws", "job-$n")] {
                let script = """
                    #!/bin/bash
                    n=$(ls "$FAKE_CALLS" | wc -l)
                    printf '%s\\n' "\(name)" "$@" > "$FAKE_CALLS/$(printf %03d "$n")"
                    case " $* " in *" register-job-definition "*) ;; *) echo "\(id)" ;; esac

                    """
                let url = fakes.appendingPathComponent(name)
                try script.write(to: url, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            }
            let renoplanFolder = try CLIRunner.executable().deletingLastPathComponent().path
            path = "\(fakes.path):\(renoplanFolder):/usr/local/bin:/usr/bin:/bin"
        }

        /// The environment of a task: no scheduler variables but `extra`, renoplan and the fakes on PATH.
        func environment(_ extra: [String: String]) -> [String: String] {
            var environment = Shell.environment(extra)
            environment["PATH"] = path
            environment["FAKE_CALLS"] = calls.path
            return environment
        }

        /// The recorded calls, in order: each the command's name and its arguments.
        func recordedCalls() throws -> [[String]] {
            try FileManager.default.contentsOfDirectory(atPath: calls.path).sorted().map { name in
                try String(contentsOf: calls.appendingPathComponent(name), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            }
        }

        /// Runs `command` (program and arguments) as a task would, failing the test on a crash.
        func task(_ command: [String], _ extra: [String: String]) throws -> Shell.Result {
            let result = try Shell.run(URL(fileURLWithPath: "/usr/bin/env"), command, environment: environment(extra), in: farm.folder)
            #expect([0, 1].contains(result.status), "\(command) \(extra):\n\(result.transcript)")
            return result
        }

        /// batch.json and batch.csv of the joined run equal the one-machine run's, and every
        /// scenario has its plan.
        func expectSameAsOneMachine(_ label: String) throws {
            let plans = farm.folder.appendingPathComponent("plans")
            for name in ["batch.json", "batch.csv"] {
                let a = try Data(contentsOf: reference.appendingPathComponent(name))
                let b = try? Data(contentsOf: plans.appendingPathComponent(name))
                #expect(b == a, "\(label): \(name) differs from the one-machine run's")
            }
            for scenario in farm.scenarios {
                let name = Shard.key(of: scenario)
                let a = try Data(contentsOf: reference.appendingPathComponent("\(name)/plan.geojson"))
                let b = try? Data(contentsOf: plans.appendingPathComponent("\(name)/plan.geojson"))
                #expect(b == a, "\(label): \(name)/plan.geojson differs")
            }
        }
    }

    /// `SHARDS=5 CHUNK=2 slurm/submit.sh`: three arrays (0-1, 0-1, 0-0) with offsets 0, 2, 4, then
    /// a merge job depending on all three.
    @Test func slurmChunkedArrays() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.farm.folder) }
        let submit = try Shell.run(
            URL(fileURLWithPath: "/bin/bash"), [Self.examples.appendingPathComponent("slurm/submit.sh").path],
            environment: setup.environment(["SHARDS": "5", "CHUNK": "2", "PARALLEL": "3", "RENOPLAN_DATA": setup.farm.folder.path]))
        try #require(submit.status == 0, "\(submit.transcript)")
        let calls = try setup.recordedCalls()
        try #require(calls.count == 4, "three arrays and a merge: \(calls)")
        var offsets: [Int] = []
        var shardsRun: [Int] = []
        for (number, call) in calls.prefix(3).enumerated() {
            func value(_ option: String) -> String? { call.first { $0.hasPrefix("\(option)=") }.map { String($0.dropFirst(option.count + 1)) } }
            let array = try #require(value("--array"))
            let match = try #require(array.wholeMatch(of: /(\d+)-(\d+)%(\d+)/), "\(array)")
            let (low, high) = (Int(match.1)!, Int(match.2)!)
            #expect(Int(match.3) == 3 && high < 2, "a chunk holds at most CHUNK tasks, PARALLEL at once: \(array)")
            var exported: [String: String] = [:]
            for pair in (value("--export") ?? "").split(separator: ",").dropFirst() {
                let parts = pair.split(separator: "=", maxSplits: 1)
                exported[String(parts[0])] = String(parts[1])
            }
            offsets.append(Int(exported["SHARD_OFFSET"] ?? "") ?? -1)
            let script = try #require(call.last)
            for id in low...high {
                var variables = exported
                variables["RENOPLAN_DATA"] = setup.farm.folder.path
                variables["SLURM_JOB_ID"] = "\(2000 + number * 10 + id)"
                variables["SLURM_ARRAY_JOB_ID"] = "\(1000 + number)"
                variables["SLURM_ARRAY_TASK_ID"] = "\(id)"
                variables["SLURM_ARRAY_TASK_MIN"] = "\(low)"
                variables["SLURM_ARRAY_TASK_MAX"] = "\(high)"
                variables["SLURM_ARRAY_TASK_COUNT"] = "\(high - low + 1)"
                variables["SLURM_CPUS_PER_TASK"] = "2"
                let run = try setup.task(["bash", script], variables)
                let said = try #require(run.stderr.firstMatch(of: /shard (\d+)\/5 from Slurm/), "\(run.transcript)")
                shardsRun.append(Int(said.1)!)
            }
        }
        #expect(offsets == [0, 2, 4])
        #expect(shardsRun.sorted() == [0, 1, 2, 3, 4], "every shard once")
        let merge = calls[3]
        #expect(merge.contains("--dependency=afterany:1000:1001:1002"), "\(merge)")
        let wrap = try #require(merge.first { $0.hasPrefix("--wrap=") }).dropFirst("--wrap=".count)
        _ = try setup.task(["bash", "-c", String(wrap)], [:])
        try setup.expectSameAsOneMachine("Slurm")
    }

    /// renoplan-job.yaml's pods (JOB_COMPLETION_INDEX 0 … completions-1), then renoplan-merge.yaml.
    @Test func kubernetesIndexedJob() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.farm.folder) }
        func container(_ file: String) throws -> (job: [String: Any], command: [String], env: [String: String]) {
            let text = try String(contentsOf: Self.examples.appendingPathComponent("kubernetes/\(file)"), encoding: .utf8)
            let documents = try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
            let job = try #require(documents.first { $0["kind"] as? String == "Job" })
            let pod = try #require(((job["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
            let first = try #require((pod["containers"] as? [[String: Any]])?.first)
            let command = (first["command"] as? [String] ?? []) + (first["args"] as? [String] ?? [])
            // The volume's mount point is this test's folder.
            let mounts = (first["volumeMounts"] as? [[String: Any]] ?? []).compactMap { $0["mountPath"] as? String }
            var env: [String: String] = [:]
            for item in first["env"] as? [[String: Any]] ?? [] {
                let value = item["value"] as? String ?? ""
                env[item["name"] as! String] = mounts.contains(value) ? setup.farm.folder.path : value
            }
            return (job, command, env)
        }
        let shards = try container("renoplan-job.yaml")
        let spec = try #require(shards.job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        #expect(shards.env["RENOPLAN_DATA"] == setup.farm.folder.path, "the data folder is the mounted volume")
        for index in 0..<completions {
            let run = try setup.task(shards.command, shards.env.merging(["JOB_COMPLETION_INDEX": "\(index)"]) { $1 })
            #expect(run.stderr.contains("shard \(index)/\(completions) from Kubernetes"), "\(run.transcript)")
        }
        let merge = try container("renoplan-merge.yaml")
        _ = try setup.task(merge.command, merge.env)
        try setup.expectSameAsOneMachine("Kubernetes")
    }

    /// `SHARDS=3 aws-batch/submit.sh`: the job definition registered, an array of 3 children
    /// (AWS_BATCH_JOB_ARRAY_INDEX / _SIZE), and a merge job depending on the array.
    @Test func awsBatchArrayJob() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.farm.folder) }
        let submit = try Shell.run(
            URL(fileURLWithPath: "/bin/bash"), [Self.examples.appendingPathComponent("aws-batch/submit.sh").path],
            environment: setup.environment(["SHARDS": "3"]))
        try #require(submit.status == 0, "\(submit.transcript)")
        let calls = try setup.recordedCalls()
        try #require(calls.count == 3, "register, array, merge: \(calls)")
        func value(_ call: [String], _ option: String) -> String? {
            call.firstIndex(of: option).flatMap { $0 + 1 < call.count ? call[$0 + 1] : nil }
        }
        let definitionPath = try #require(value(calls[0], "--cli-input-json")).replacingOccurrences(of: "file://", with: "")
        let definition = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: definitionPath))) as? [String: Any])
        let properties = try #require(definition["containerProperties"] as? [String: Any])
        let command = try #require(properties["command"] as? [String])
        let mounts = (properties["mountPoints"] as? [[String: Any]] ?? []).compactMap { $0["containerPath"] as? String }
        var env: [String: String] = [:]
        for item in properties["environment"] as? [[String: Any]] ?? [] {
            let value = item["value"] as? String ?? ""
            env[item["name"] as! String] = mounts.contains(value) ? setup.farm.folder.path : value
        }
        #expect(value(calls[1], "--job-definition") == definition["jobDefinitionName"] as? String)
        let size = try #require(value(calls[1], "--array-properties").flatMap { Int($0.replacingOccurrences(of: "size=", with: "")) })
        #expect(size == 3)
        for index in 0..<size {
            let run = try setup.task(command, env.merging(["AWS_BATCH_JOB_ARRAY_INDEX": "\(index)", "AWS_BATCH_JOB_ARRAY_SIZE": "\(size)"]) { $1 })
            #expect(run.stderr.contains("shard \(index)/3 from AWS Batch"), "\(run.transcript)")
        }
        #expect(value(calls[2], "--depends-on") == "jobId=job-1", "the merge waits for the array job")
        let overrides = try #require(value(calls[2], "--container-overrides"))
        let mergeCommand = try #require((try JSONSerialization.jsonObject(with: Data(overrides.utf8)) as? [String: Any])?["command"] as? [String])
        _ = try setup.task(mergeCommand, env)
        try setup.expectSameAsOneMachine("AWS Batch")
    }

    /// docs/scale-out.md shows each example file as it is, so the tested files are the documented ones.
    @Test func docsShowTheTestedFiles() throws {
        let doc = try String(contentsOf: EndToEndTests.root.appendingPathComponent("docs/scale-out.md"), encoding: .utf8)
        for file in [
            "slurm/renoplan-array.sbatch", "slurm/submit.sh", "kubernetes/renoplan-job.yaml", "kubernetes/renoplan-merge.yaml",
            "aws-batch/job-definition.json", "aws-batch/submit.sh",
        ] {
            let text = try String(contentsOf: Self.examples.appendingPathComponent(file), encoding: .utf8)
            #expect(doc.contains("\n" + text + "```"), "docs/scale-out.md does not show \(file) as it is")
        }
    }

    static let isDebian = FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-cache")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg")

    /// scripts/check-container: the Containerfile's runtime packages exist and provide every
    /// library the binary needs; without libglpk40 the check fails, naming the library.
    @Test(.enabled(if: isDebian, "needs apt-cache and dpkg (Debian)"))
    func containerRuntimeStageCoversTheBinary() throws {
        let script = EndToEndTests.root.appendingPathComponent("scripts/check-container")
        let binary = try CLIRunner.executable()
        let good = try Shell.run(URL(fileURLWithPath: "/bin/bash"), [script.path, binary.path])
        #expect(good.status == 0, "\(good.transcript)")
        for library in ["libglpk.so.40 from libglpk40", "libgeos_c.so.1 from libgeos-c1v5", "libproj.so.25 from libproj25",
                        "libjansson.so.4 from libjansson4", "libcrypto.so.3 from libssl3"] {
            #expect(good.stdout.contains("library \(library)"), "\(good.stdout)")
        }
        let containerfile = try String(contentsOf: EndToEndTests.root.appendingPathComponent("Containerfile"), encoding: .utf8)
        let without = TestFolders.fresh("Containerfile")
        defer { try? FileManager.default.removeItem(at: without) }
        let lines = containerfile.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "libglpk40 \\" })
        try lines.filter { $0.trimmingCharacters(in: .whitespaces) != "libglpk40 \\" }.joined(separator: "\n")
            .write(to: without, atomically: true, encoding: .utf8)
        let bad = try Shell.run(
            URL(fileURLWithPath: "/bin/bash"), [script.path, binary.path],
            environment: Shell.environment(["CONTAINERFILE": without.path]))
        #expect(bad.status == 1, "\(bad.transcript)")
        #expect(bad.stdout.contains("MISSING library libglpk.so.40 from libglpk40"), "\(bad.stdout)")
    }
}
