internal import CGEOS
import Foundation

/// An error GEOS reported, with what we were doing at the time.
public struct GeometryError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var message: String
    public var description: String { "GEOS \(operation) failed: \(message)" }
}

/// Owns one re-entrant GEOS context (`GEOS_init_r` / `GEOS_finish_r`).
///
/// GEOS contexts must not be shared between threads: a pipeline run creates its own. The error and
/// notice handlers keep the last message here instead of letting GEOS print to stderr, and
/// ``check(_:_:)`` turns a failed call into a thrown ``GeometryError`` with that message.
final class GEOSContext {
    let handle: OpaquePointer
    fileprivate(set) var lastError: String?
    fileprivate(set) var lastNotice: String?

    init() {
        guard let handle = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL: out of memory") }
        self.handle = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let userData else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue()
            context.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
        }, me)
        GEOSContext_setNoticeMessageHandler_r(handle, { message, userData in
            guard let userData else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue()
            context.lastNotice = message.map { String(cString: $0) }
        }, me)
    }

    deinit { GEOS_finish_r(handle) }

    /// Clears the last error before a call whose failure we want to explain.
    func resetError() { lastError = nil }

    /// Returns `pointer` or throws the error GEOS reported for `operation`.
    func check<T>(_ pointer: T?, _ operation: String) throws -> T {
        guard let pointer else { throw failure(operation) }
        return pointer
    }

    func failure(_ operation: String) -> GeometryError {
        let error = GeometryError(operation: operation, message: lastError ?? "no message")
        lastError = nil
        return error
    }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1".
    static var version: String { String(cString: GEOSversion()) }
}
