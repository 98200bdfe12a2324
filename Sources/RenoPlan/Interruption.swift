import Foundation
import Synchronization

/// A request to stop, from Ctrl-C or SIGTERM: loading, coverage, clustering, the solver's
/// callbacks and the starting-plan search check it and stop at the next step; the caller then
/// writes nothing.
///
/// The request is process-wide but consumed: a ``Pipeline`` call that ends because of it (by
/// throwing ``InterruptedError``) clears it, so one signal stops the run in progress and not every
/// later run of a library user. A request made between two runs stops the next one (it is not
/// lost). ``reset()`` clears a request by hand.
public enum Interruption {
    /// The process's request, which every run checks.
    static let shared = InterruptionFlag()

    /// Records the signal that asked to stop (safe to call from a signal-handling queue).
    public static func request(signal: Int32) { shared.request(signal: signal) }

    /// The signal number that asked to stop, or nil.
    public static var requestedBy: Int32? { shared.requestedBy }

    public static var isRequested: Bool { requestedBy != nil }

    /// Clears a request, so that later work runs normally.
    public static func reset() { shared.reset() }

    /// Throws ``InterruptedError`` when a stop was requested: called at loop and stage boundaries.
    public static func checkpoint() throws { try shared.checkpoint() }

    /// Runs one pipeline step: stops before it starts and after it ends when a stop was requested,
    /// and clears the request when the step ends by it (the request is consumed by the run it
    /// stopped).
    static func scoped<T>(_ body: () throws -> T) throws -> T { try shared.scoped(body) }

    /// Whether work may go on: before `deadline` and not interrupted.
    static func mayContinue(until deadline: Date) -> Bool { !isRequested && Date() < deadline }
}

/// One stop request and how it is consumed (``Interruption`` holds the process's). A flag of
/// its own lets a test check the consuming without stopping the other tests' runs in the same
/// process, which the process's flag would.
final class InterruptionFlag: Sendable {
    private let flag = Atomic<Int32>(0)

    func request(signal: Int32) { flag.store(signal, ordering: .sequentiallyConsistent) }

    var requestedBy: Int32? {
        let value = flag.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    func reset() { flag.store(0, ordering: .sequentiallyConsistent) }

    func checkpoint() throws {
        if let signal = requestedBy { throw InterruptedError(signal: signal) }
    }

    func scoped<T>(_ body: () throws -> T) throws -> T {
        do {
            try checkpoint()
            let value = try body()
            try checkpoint()
            return value
        } catch let error as InterruptedError {
            reset()
            throw error
        }
    }
}

/// Thrown when a run was interrupted: nothing is written.
public struct InterruptedError: Error, CustomStringConvertible, Sendable {
    public var signal: Int32
    public var description: String { "interrupted by signal \(signal); nothing was written" }
}
