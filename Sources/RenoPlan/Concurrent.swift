import Dispatch
import Foundation

/// Spreads independent per-item work over the machine's cores, deterministically.
///
/// The items are dealt out in fixed chunks by index and the results come back in item order, so
/// the output does not depend on the number of threads or their timing: the same input gives
/// the same output. Each thread gets a worker of its own (a GEOS context and the trees built with
/// it, say: see ``ConcurrentGEOS``), made on the calling thread before any thread starts.
enum Concurrent {
    /// Threads used: the cores this process may use, at most 8.
    static var threads: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// `body(worker, index)` for every index in `0..<count`, in index order, on up to `threads`
    /// threads (default ``threads``). Work smaller than two chunks per thread stays on the calling
    /// thread. `finish(worker)` runs on each worker's thread once its items are done (a worker
    /// that keeps GLPK problems deletes them there: GLPK's memory is per thread).
    static func map<Worker, T>(
        _ count: Int, chunk: Int = 128, threads: Int? = nil, worker makeWorker: () throws -> Worker,
        finish: (Worker) -> Void = { _ in }, _ body: (Worker, Int) -> T
    ) rethrows -> [T] {
        let threads = min(threads ?? Self.threads, max(1, count / (2 * chunk)))
        let workers = try (0..<threads).map { _ in try makeWorker() }
        if threads == 1 {
            defer { finish(workers[0]) }
            return (0..<count).map { body(workers[0], $0) }
        }
        return withoutActuallyEscaping(body) { body in
            withoutActuallyEscaping(finish) { finish in
                let work = Work(count: count, chunk: chunk, threads: threads, workers: workers, body: body, finish: finish)
                DispatchQueue.concurrentPerform(iterations: threads) { work.run(thread: $0) }
                return work.results.map { $0! }
            }
        }
    }

    /// `body(index)` for every index in `0..<count`, in index order.
    static func map<T>(_ count: Int, chunk: Int = 128, _ body: (Int) -> T) -> [T] {
        map(count, chunk: chunk, worker: {}) { _, index in body(index) }
    }

    /// Like ``map(_:chunk:worker:_:)`` for work that can fail.
    ///
    /// - Throws: the error of the lowest index that failed.
    static func mapThrowing<Worker, T>(
        _ count: Int, chunk: Int = 128, threads: Int? = nil, worker makeWorker: () throws -> Worker,
        _ body: (Worker, Int) throws -> T
    ) throws -> [T] {
        try map(count, chunk: chunk, threads: threads, worker: makeWorker) { worker, index in
            Result { try body(worker, index) }
        }
            .map { try $0.get() }
    }

    /// `first()` and `second()` at the same time, one thread each, where the process has two
    /// cores or more; in turn on the calling thread otherwise. Both must be safe to run at once.
    static func pair<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        guard threads > 1 else { return (first(), second()) }
        return withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let pair = Pair(first, second)
                DispatchQueue.concurrentPerform(iterations: 2) { pair.run($0) }
                return (pair.a!, pair.b!)
            }
        }
    }

    /// `body(index)` for a few long items (whole passes of a greedy fill), in index order: the
    /// even ones on one thread and the odd ones on another (``pair(_:_:)``), where ``map(_:chunk:_:)``
    /// would keep so few on the calling thread.
    static func few<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let (even, odd) = pair({ stride(from: 0, to: count, by: 2).map(body) }, { stride(from: 1, to: count, by: 2).map(body) })
        return (0..<count).map { $0 % 2 == 0 ? even[$0 / 2] : odd[$0 / 2] }
    }

    /// What the two threads of ``pair(_:_:)`` share: each writes its own result, and the caller
    /// reads both after `concurrentPerform` returns, hence unchecked.
    private final class Pair<A, B>: @unchecked Sendable {
        let first: () -> A
        let second: () -> B
        var a: A?
        var b: B?

        init(_ first: @escaping () -> A, _ second: @escaping () -> B) {
            self.first = first
            self.second = second
        }

        func run(_ index: Int) {
            if index == 0 { a = first() } else { b = second() }
        }
    }

    /// What the threads share. Each thread writes only the results of its own chunks, and the
    /// caller reads them after `concurrentPerform` returns, hence unchecked.
    private final class Work<Worker, T>: @unchecked Sendable {
        let count: Int
        let chunk: Int
        let threads: Int
        let workers: [Worker]
        let body: (Worker, Int) -> T
        let finish: (Worker) -> Void
        /// A raw buffer, not an array: two threads writing one array would be overlapping accesses.
        let results: UnsafeMutableBufferPointer<T?>

        init(count: Int, chunk: Int, threads: Int, workers: [Worker], body: @escaping (Worker, Int) -> T, finish: @escaping (Worker) -> Void) {
            self.count = count
            self.chunk = chunk
            self.threads = threads
            self.workers = workers
            self.body = body
            self.finish = finish
            results = .allocate(capacity: count)
            results.initialize(repeating: nil)
        }

        deinit {
            results.deinitialize().deallocate()
        }

        func run(thread: Int) {
            var start = thread * chunk
            while start < count {
                for index in start..<min(start + chunk, count) { results[index] = body(workers[thread], index) }
                start += threads * chunk
            }
            finish(workers[thread])
        }
    }
}
