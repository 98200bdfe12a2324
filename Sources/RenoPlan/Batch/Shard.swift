import Foundation

/// One share of a batch's scenarios: shard `index` of `count` (docs/scale-out.md).
///
/// A scenario belongs to shard `h mod count`, where `h` is the first eight bytes (big-endian) of
/// the SHA-256 of its **key**: the scenario's file name without its extension, which is also the
/// name of its output folder and is unique within a batch. The key does not depend on the folder
/// the scenarios sit in, the mount point or the working directory, nor on which other scenarios
/// the batch holds, so adding or removing scenarios moves no other one to another shard (a plain
/// "every n-th of the sorted list" moves nearly all of them).
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// Parses `i/n` with 0 ≤ i < n.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (0..<n).contains(i) else {
            throw ShardError("--shard must be i/n with 0 ≤ i < n (e.g. 3/10) or auto; got '\(text)'")
        }
        self.init(index: i, count: n)
    }

    /// The key a scenario is sharded by: its file name without the extension.
    public static func key(of scenario: URL) -> String { scenario.deletingPathExtension().lastPathComponent }

    /// The shard, out of `count`, that the scenario with this key belongs to.
    public static func index(ofKey key: String, count: Int) -> Int {
        Int(SHA256.prefix64(of: key) % UInt64(count))
    }

    /// Whether this shard holds the scenario.
    public func holds(_ scenario: URL) -> Bool { Shard.index(ofKey: Shard.key(of: scenario), count: count) == index }
}

/// A shard that cannot be worked out: a bad `--shard`, or scheduler variables missing or at odds.
/// The CLI reports it as a command-line error (exit 64).
public struct ShardError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Where `--shard auto` found its index and count.
public struct DetectedShard: Equatable, Sendable {
    public var shard: Shard
    /// The scheduler and the variables read, for the log line: `Slurm (SLURM_ARRAY_TASK_ID=3, …)`.
    public var source: String
}

/// `--shard auto`: the shard from the array-job variables of Slurm, Kubernetes or AWS Batch.
public enum ShardDetection {
    /// The variables each scheduler sets in every task of an array job.
    static let slurm = "SLURM_ARRAY_TASK_ID"
    static let kubernetes = "JOB_COMPLETION_INDEX"
    static let aws = "AWS_BATCH_JOB_ARRAY_INDEX"

    /// Reads the shard from `environment`.
    ///
    /// - `shards`: the total number of shards (`--shards N`). Kubernetes does not tell a pod how
    ///   many completions its Job has, so it is required there; with Slurm it makes the task id the
    ///   index as it is (for arrays resubmitted in part, `--array=3,7`, or in chunks).
    /// - `offset`: added to the scheduler's index (`--shard-offset K`), for arrays submitted in
    ///   chunks because of Slurm's MaxArraySize or AWS Batch's 10,000 children; needs `shards`.
    ///
    /// - Throws: ``ShardError`` when no scheduler's variables are set, when two schedulers' are, or
    ///   when the values are not whole numbers or do not give 0 ≤ index < count.
    public static func detect(environment: [String: String], shards: Int?, offset: Int = 0) throws -> DetectedShard {
        let found = [slurm, kubernetes, aws].filter { environment[$0] != nil }
        guard !found.isEmpty else {
            throw ShardError(
                "--shard auto found no array job: none of \(slurm) (Slurm), \(kubernetes) (Kubernetes Indexed Job) "
                    + "or \(aws) (AWS Batch) is set; give --shard i/n instead")
        }
        guard found.count == 1 else {
            throw ShardError("--shard auto found the array variables of more than one scheduler (\(found.joined(separator: ", "))); give --shard i/n instead")
        }
        if offset != 0, shards == nil {
            throw ShardError("--shard-offset needs --shards N, the total number of shards over all chunks")
        }
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmedOfSpaces), value >= 0 else {
                throw ShardError("--shard auto: \(name) must be a whole number ≥ 0; got '\(text)'")
            }
            return value
        }
        var read: [String] = []
        func noted(_ name: String) throws -> Int? {
            let value = try number(name)
            if let value { read.append("\(name)=\(value)") }
            return value
        }
        let scheduler: String
        var index: Int
        var count: Int
        /// Where the count came from, for the error when it is below 1.
        var countFrom = "--shards"
        switch found[0] {
        case slurm:
            scheduler = "Slurm"
            index = try noted(slurm)!
            if let shards {
                count = shards
                read.append("--shards \(shards)")
            } else {
                let minimum = try noted("SLURM_ARRAY_TASK_MIN")
                let maximum = try noted("SLURM_ARRAY_TASK_MAX")
                let tasks = try noted("SLURM_ARRAY_TASK_COUNT")
                if let minimum, let maximum {
                    let span = maximum - minimum + 1
                    if let tasks, tasks != span {
                        throw ShardError(
                            "--shard auto: the Slurm array is not one contiguous range of ids (SLURM_ARRAY_TASK_COUNT=\(tasks) "
                                + "but MIN..MAX spans \(span)); give --shards N, and the task ids are then the shard indices")
                    }
                    index -= minimum
                    count = span
                    countFrom = "SLURM_ARRAY_TASK_MIN..SLURM_ARRAY_TASK_MAX"
                } else if let tasks {
                    count = tasks
                    countFrom = "SLURM_ARRAY_TASK_COUNT"
                } else {
                    throw ShardError(
                        "--shard auto: Slurm set \(slurm) but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN/MAX; give --shards N")
                }
            }
        case kubernetes:
            scheduler = "Kubernetes"
            index = try noted(kubernetes)!
            guard let shards else {
                throw ShardError("--shard auto: Kubernetes sets \(kubernetes) but not the number of completions; give --shards N (the Job's spec.completions)")
            }
            count = shards
            read.append("--shards \(shards)")
        default:
            scheduler = "AWS Batch"
            index = try noted(aws)!
            let size = try noted("AWS_BATCH_JOB_ARRAY_SIZE")
            guard let total = shards ?? size else {
                throw ShardError("--shard auto: AWS Batch set \(aws) but not AWS_BATCH_JOB_ARRAY_SIZE; give --shards N")
            }
            if shards != nil { read.append("--shards \(total)") } else { countFrom = "AWS_BATCH_JOB_ARRAY_SIZE" }
            count = total
        }
        if offset != 0 {
            index += offset
            read.append("--shard-offset \(offset)")
        }
        guard count >= 1 else {
            throw ShardError(
                "--shard auto: \(scheduler) gives \(count) shards (\(countFrom)); the count must be ≥ 1 (\(read.joined(separator: ", ")))")
        }
        guard (0..<count).contains(index) else {
            throw ShardError("--shard auto: \(scheduler) gives shard index \(index), outside 0..<\(count) (\(read.joined(separator: ", ")))")
        }
        return DetectedShard(shard: Shard(index: index, count: count), source: "\(scheduler) (\(read.joined(separator: ", ")))")
    }
}
