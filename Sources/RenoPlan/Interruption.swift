import Foundation
import Synchronization

/// A request to stop, from Ctrl-C or SIGTERM: the solver's callbacks and the starting-plan
/// search check it and stop at the next step; the caller then writes nothing.
public enum Interruption {
    private static let flag = Atomic<Int32>(0)

    /// Records the signal that asked to stop (safe to call from a signal-handling queue).
    public static func request(signal: Int32) { flag.store(signal, ordering: .sequentiallyConsistent) }

    /// The signal number that asked to stop, or nil.
    public static var requestedBy: Int32? {
        let value = flag.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    public static var isRequested: Bool { requestedBy != nil }

    /// Whether work may go on: before `deadline` and not interrupted.
    static func mayContinue(until deadline: Date) -> Bool { !isRequested && Date() < deadline }
}

/// Thrown when a run was interrupted: nothing is written.
public struct InterruptedError: Error, CustomStringConvertible, Sendable {
    public var signal: Int32
    public var description: String { "interrupted by signal \(signal); nothing was written" }
}
