import Foundation

/// `renoplan batch merge`: joins the outputs of a batch's shards into one folder with one
/// `batch.json` / `batch.csv`, byte for byte what one machine running the whole batch writes.
public enum BatchMerge {
    /// What a merge did, for the summary line.
    public struct Summary: Sendable {
        public var shards: Int
        public var scenarios: Int
        public var foldersCopied: Int
    }

    /// One shard's summary file found in a folder.
    struct ShardFile {
        var folder: URL
        var file: URL
        var shard: Shard
    }

    /// Reads `batch-<i>-of-<n>.json` in each of `folders`, checks that they are one complete set
    /// of shards, copies each finished scenario's folder into `out` (unless it is already there)
    /// and writes `batch.json` and `batch.csv` into `out`.
    ///
    /// `out`'s earlier `batch.json` / `batch.csv` are removed first: whether this merge succeeds
    /// or is refused, none is left describing another set of shards. A folder named twice is
    /// read once.
    ///
    /// - Parameter shards: which set to take when the folders hold shard files of several counts.
    /// - Throws: ``InputError`` naming what is missing or inconsistent (a shard file by its path, a
    ///   scenario's output by its folder and file); `out` then gets no summary.
    public static func merge(_ folders: [URL], out: URL, shards: Int? = nil) throws -> Summary {
        let base = BatchPlan.summaryName(shard: nil)
        for ext in ["json", "csv"] { try? FileManager.default.removeItem(at: out.appendingPathComponent("\(base).\(ext)")) }
        var seenFolders: Set<String> = []
        let folders = folders.filter { seenFolders.insert($0.standardizedFileURL.resolvingSymlinksInPath().path).inserted }
        let found = try folders.flatMap(shardFiles)
        let counts = Set(found.map(\.shard.count))
        guard !found.isEmpty else {
            throw InputError(file: folders.map(\.path).joined(separator: ", "), problem: "holds no shard summary (batch-<i>-of-<n>.json); run `renoplan batch --shard …` into it first")
        }
        let count: Int
        if let shards {
            guard counts.contains(shards) else {
                throw InputError(file: "--shards", problem: "no batch-<i>-of-\(shards).json found; the folders hold shards of \(counts.sorted().map(String.init).joined(separator: ", "))")
            }
            count = shards
        } else {
            guard counts.count == 1, let only = counts.first else {
                throw InputError(
                    file: folders.map(\.path).joined(separator: ", "),
                    problem: "holds shard summaries of different splits (of \(counts.sorted().map(String.init).joined(separator: ", "))); choose one with --shards N or remove the stale ones")
            }
            count = only
        }
        let set = found.filter { $0.shard.count == count }
        var byIndex: [Int: ShardFile] = [:]
        for file in set {
            if let earlier = byIndex[file.shard.index] {
                throw InputError(file: file.file.lastPathComponent, problem: "is in two folders: \(earlier.folder.path) and \(file.folder.path); give one of them")
            }
            byIndex[file.shard.index] = file
        }
        let missing = (0..<count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let shown = firstOf(missing.map(String.init), 20)
            throw InputError(
                file: "batch-<i>-of-\(count).json",
                problem: "\(missing.count) of \(count) shards have no summary (i = \(shown)): they have not finished, or were interrupted; rerun them, then merge")
        }
        var entries: [JSONValue] = []
        var seen: [String: String] = [:]
        var copies: [(from: URL, to: URL)] = []
        let outPath = out.standardizedFileURL.resolvingSymlinksInPath().path
        for index in 0..<count {
            let file = byIndex[index]!
            let shardPath = file.file.path
            let json: JSONValue
            do {
                json = try JSONIO.decodeFile(file.file)
            } catch var error as InputError {
                error.file = shardPath
                throw error
            }
            guard let items = json.arrayValue else {
                throw InputError(file: shardPath, problem: "is not a list of scenarios")
            }
            for (position, item) in items.enumerated() {
                /// `entry 3`, or `entry 3 (folder d80a-40e7-norm)`: batch.json's entries are not features.
                let entry = "entry \(position + 1)" + (item["folder"]?.stringValue.map { " (folder \($0))" } ?? "")
                guard item["scenario"]?.stringValue != nil, let folder = item["folder"]?.stringValue,
                    let outcome = item["outcome"]?.stringValue
                else {
                    throw InputError(file: shardPath, problem: "\(entry) lacks scenario, folder or outcome")
                }
                if let other = seen[folder] {
                    throw InputError(file: shardPath, problem: "\(entry): \(folder) is also in \(other)")
                }
                seen[folder] = shardPath
                guard Shard.index(ofKey: folder, count: count) == index else {
                    throw InputError(
                        file: shardPath,
                        problem: "\(entry): \(folder) belongs to shard \(Shard.index(ofKey: folder, count: count)) of \(count), not \(index): the shards were not made by the same renoplan with the same count")
                }
                let source = file.folder.appendingPathComponent(folder)
                if RunRecord.finalOutcomes.contains(outcome) {
                    guard let record = RunRecord.read(in: source) else {
                        throw InputError(file: source.path, problem: "is \(outcome) in \(shardPath) but holds no readable \(RunRecord.fileName)")
                    }
                    if let problem = record.outputProblem(in: source) {
                        throw InputError(file: source.path, problem: "\(problem): the folder is not the run \(shardPath) recorded; rerun that shard, then merge")
                    }
                    if source.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path != outPath {
                        copies.append((source, out.appendingPathComponent(folder)))
                    }
                }
                entries.append(item)
            }
        }
        for copy in copies { try replace(copy.to, withCopyOf: copy.from) }
        try OutputFolder.write(try BatchPlan.files(entries: entries, base: base), to: out)
        return Summary(shards: count, scenarios: entries.count, foldersCopied: copies.count)
    }

    /// The shard summaries directly in `folder`.
    static func shardFiles(in folder: URL) throws -> [ShardFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: folder.path, problem: "is not a folder")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.sorted().compactMap { name in
            guard name.hasPrefix("batch-"), name.hasSuffix(".json") else { return nil }
            let middle = name.dropFirst("batch-".count).dropLast(".json".count).split(separator: "-", omittingEmptySubsequences: false)
            guard middle.count == 3, middle[1] == "of", let i = Int(middle[0]), let n = Int(middle[2]), n >= 1, (0..<n).contains(i)
            else { return nil }
            return ShardFile(folder: folder, file: folder.appendingPathComponent(name), shard: Shard(index: i, count: n))
        }
    }

    /// Copies `source` to a hidden folder beside `target`, then puts it in `target`'s place, so a
    /// failed copy leaves the old folder whole.
    static func replace(_ target: URL, withCopyOf source: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).merge-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        do {
            try manager.copyItem(at: source, to: staging)
            if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
            try manager.moveItem(at: staging, to: target)
        } catch {
            try? manager.removeItem(at: staging)
            throw InputError(file: target.path, problem: "cannot copy \(source.path) there: \(error.localizedDescription)")
        }
    }
}
