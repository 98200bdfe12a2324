import Foundation

/// What a batch run of one scenario read, and how it ended: `run.json` in the scenario's output
/// folder (docs/scale-out.md, "Skipping finished runs").
///
/// A later batch skips the scenario when the run ended with a plan (`done`) or a proven
/// infeasibility (`infeasible`), its output files are still there, and the **fingerprint** is
/// unchanged: the SHA-256 over the renoplan build, the libraries' versions, the batch's
/// `--time-limit`, and the contents of the scenario file and of every data file it names (with a
/// Shapefile's sidecars). File dates play no part: network file systems get them wrong.
public struct RunRecord: Sendable, Equatable {
    /// One input file: its part in the run, its name, size and SHA-256 (as `sha256sum` prints it).
    public struct Input: Sendable, Equatable {
        public var role: String
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    /// One output file, as the run left it.
    public struct Output: Sendable, Equatable {
        public var name: String
        public var bytes: Int
        public var sha256: String
    }

    public var scenario: String
    public var outcome: String
    public var exitCode: Int32
    public var fingerprint: String
    public var build: [String: String]
    public var timeLimitSeconds: Double?
    public var inputs: [Input]
    public var outputs: [Output]
    /// Wall-clock seconds of the run (kept here, not in batch.json, which must not depend on the machine).
    public var seconds: Double

    public static let fileName = "run.json"

    /// Outcomes a rerun need not repeat: same inputs, same build, same answer.
    static let finalOutcomes: Set<String> = ["done", "infeasible"]

    var json: JSONValue {
        [
            "scenario": .string(scenario), "outcome": .string(outcome), "exit_code": .number(Double(exitCode)),
            "fingerprint": .string(fingerprint), "build": .object(build.mapValues { .string($0) }),
            "time_limit_s": timeLimitSeconds.map { .number($0) } ?? .null,
            "inputs": .array(inputs.map { ["role": .string($0.role), "path": .string($0.path), "bytes": .number(Double($0.bytes)), "sha256": .string($0.sha256)] }),
            "outputs": .array(outputs.map { ["name": .string($0.name), "bytes": .number(Double($0.bytes)), "sha256": .string($0.sha256)] }),
            "seconds": .rounded(seconds, 2),
        ]
    }

    init?(json: JSONValue) {
        guard let scenario = json["scenario"]?.stringValue, let outcome = json["outcome"]?.stringValue,
            let exitCode = json["exit_code"]?.numberValue, let fingerprint = json["fingerprint"]?.stringValue,
            let outputs = json["outputs"]?.arrayValue
        else { return nil }
        self.scenario = scenario
        self.outcome = outcome
        self.exitCode = Int32(exitCode)
        self.fingerprint = fingerprint
        build = (json["build"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        timeLimitSeconds = json["time_limit_s"]?.numberValue
        inputs = (json["inputs"]?.arrayValue ?? []).compactMap { item in
            guard let role = item["role"]?.stringValue, let path = item["path"]?.stringValue,
                let bytes = item["bytes"]?.numberValue, let sha = item["sha256"]?.stringValue
            else { return nil }
            return Input(role: role, path: path, bytes: Int(bytes), sha256: sha)
        }
        self.outputs = outputs.compactMap { item in
            guard let name = item["name"]?.stringValue, let bytes = item["bytes"]?.numberValue, let sha = item["sha256"]?.stringValue
            else { return nil }
            return Output(name: name, bytes: Int(bytes), sha256: sha)
        }
        seconds = json["seconds"]?.numberValue ?? 0
    }

    init(
        scenario: String, outcome: String, exitCode: Int32, fingerprint: RunFingerprint, outputs: [Output], seconds: Double
    ) {
        self.scenario = scenario
        self.outcome = outcome
        self.exitCode = exitCode
        self.fingerprint = fingerprint.digest
        build = fingerprint.build.values
        timeLimitSeconds = fingerprint.timeLimitSeconds
        inputs = fingerprint.inputs
        self.outputs = outputs
        self.seconds = seconds
    }

    /// The record in `folder`, or nil when there is none or it cannot be read.
    static func read(in folder: URL) -> RunRecord? {
        guard let json = try? JSONIO.decodeFile(folder.appendingPathComponent(fileName)) else { return nil }
        return RunRecord(json: json)
    }

    /// Whether a run with `fingerprint` may be skipped: this record ended finally, with the same
    /// fingerprint, and every output file it lists is still there with its SHA-256 (a same-size
    /// edit of summary.json is a change: the run is redone).
    func isFinished(matching fingerprint: RunFingerprint, in folder: URL) -> Bool {
        guard Self.finalOutcomes.contains(outcome), self.fingerprint == fingerprint.digest, !outputs.isEmpty else { return false }
        return outputProblem(in: folder) == nil
    }

    /// The first output file this record lists that is missing from `folder` or whose contents
    /// differ from what the run left (`plan.geojson is missing`, `summary.json was changed after
    /// the run: its SHA-256 is not the one run.json recorded`), or nil when all are as recorded.
    ///
    /// - Complexity: reads every output file (the size is compared first, so a changed size
    ///   costs no hashing).
    func outputProblem(in folder: URL) -> String? {
        let manager = FileManager.default
        if outputs.isEmpty { return "\(Self.fileName) lists no output file" }
        for output in outputs {
            let url = folder.appendingPathComponent(output.name)
            guard let attributes = try? manager.attributesOfItem(atPath: url.path) else { return "\(output.name) is missing" }
            let changed = "\(output.name) was changed after the run: its SHA-256 is not the one \(Self.fileName) recorded"
            guard (attributes[.size] as? NSNumber)?.intValue == output.bytes else { return changed }
            guard (try? SHA256.hex(ofFileAt: url)) == output.sha256 else { return changed }
        }
        return nil
    }

    /// The files a run left in `folder` (all but hidden files and this record), sorted by name.
    static func outputs(in folder: URL) throws -> [Output] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter { !$0.hasPrefix(".") && $0 != fileName }.sorted().compactMap { name in
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
            return Output(name: name, bytes: bytes, sha256: try SHA256.hex(ofFileAt: url))
        }
    }
}

/// The build that plans: the renoplan executable's SHA-256 (any new build, hence any new version,
/// counts as a change) and the versions of the libraries it calls.
public struct PlannerBuild: Sendable, Equatable {
    public var values: [String: String]

    /// The build of the executable at `executable`, with the libraries this process linked.
    public static func of(executable: URL) throws -> PlannerBuild {
        PlannerBuild(values: [
            "renoplan_sha256": try SHA256.hex(ofFileAt: executable),
            "glpk": GLPKSolver.version, "geos": GEOSContext.version, "proj": ProjContext.version,
        ])
    }
}

/// The fingerprint of one scenario's run: build, time limit and every input file's contents.
public struct RunFingerprint: Sendable, Equatable {
    public var digest: String
    public var build: PlannerBuild
    public var timeLimitSeconds: Double?
    public var inputs: [RunRecord.Input]

    /// Reads and hashes the scenario and every file it names.
    ///
    /// A file that cannot be read counts as `missing` (the run will fail and be retried). A
    /// scenario that cannot be loaded contributes its own file only (it fails too).
    public static func of(
        scenario: URL, build: PlannerBuild, timeLimitSeconds: Double?, cache: DigestCache? = nil
    ) -> RunFingerprint {
        var inputs: [RunRecord.Input] = []
        func add(_ role: String, _ url: URL) {
            let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
            let sha = bytes == nil ? "missing" : (cache?.digest(of: url) ?? (try? SHA256.hex(ofFileAt: url)) ?? "missing")
            inputs.append(RunRecord.Input(role: role, path: url.path, bytes: bytes ?? 0, sha256: sha))
        }
        add("scenario", scenario)
        if let loaded = try? Scenario.load(from: scenario) {
            for (role, url) in loaded.geodata.files {
                for file in filesRead(at: url) { add(file == url ? role : "\(role) (sidecar)", file) }
            }
        }
        var text = "renoplan batch run fingerprint 1\n"
        for key in build.values.keys.sorted() { text += "build \(key) \(build.values[key]!)\n" }
        text += "time_limit_s \(timeLimitSeconds.map { "\($0)" } ?? "scenario")\n"
        // Contents, not paths: moving the data tree (another mount point) changes nothing; a
        // changed path in the scenario changes the scenario's own hash.
        for input in inputs { text += "\(input.role) \(URL(fileURLWithPath: input.path).lastPathComponent) \(input.sha256)\n" }
        return RunFingerprint(digest: SHA256.hex(of: text), build: build, timeLimitSeconds: timeLimitSeconds, inputs: inputs)
    }

    /// The files read for a data path: the file itself and its same-stem sidecars (`estates.shp`
    /// → `estates.dbf`, `.shx`, `.prj`, `.cpg`, …: any file in its folder named `estates.*`), or
    /// every file under it when the path is a folder (a GDAL dataset such as a FileGDB).
    static func filesRead(at url: URL) -> [URL] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [url] }
        if isDirectory.boolValue {
            let enumerator = manager.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
            let files = (enumerator?.allObjects as? [URL] ?? []).filter {
                (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            }
            return files.map(\.standardizedFileURL).sorted { $0.path < $1.path }
        }
        let folder = url.deletingLastPathComponent()
        let stem = url.deletingPathExtension().lastPathComponent + "."
        let siblings = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix(stem) && $0 != url.lastPathComponent }.sorted()
        return [url] + siblings.map { folder.appendingPathComponent($0) }
    }
}

/// Digests of data files already read in this batch: scenarios that share a district's files
/// (budget or rule variants) hash them once. Files are assumed not to change during one batch.
public final class DigestCache: @unchecked Sendable {
    private let lock = NSLock()
    private var digests: [String: String] = [:]

    public init() {}

    /// The file's SHA-256, or nil when it cannot be read.
    func digest(of url: URL) -> String? {
        let key = url.standardizedFileURL.path
        lock.lock()
        if let known = digests[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        guard let digest = try? SHA256.hex(ofFileAt: url) else { return nil }
        lock.lock()
        digests[key] = digest
        lock.unlock()
        return digest
    }
}
