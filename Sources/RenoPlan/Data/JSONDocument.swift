internal import CJansson
import Foundation

/// Why a text is not JSON: jansson's reason and where, as "line 3, column 15".
struct JSONSyntaxError: Error, CustomStringConvertible {
    var description: String
}

/// A JSON text parsed by jansson (C), read in place through ``JSONNode`` views.
///
/// jansson parses large GeoJSON an order of magnitude faster than Foundation's `JSONDecoder`,
/// which spent over 80% of the loading time building ``JSONValue`` through `Decodable`
/// (docs/benchmarks.md). Every number is read as a `Double` (`JSON_DECODE_INT_AS_REAL`); a key
/// that appears twice in one object is an error (`JSON_REJECT_DUPLICATES`): which of the two a
/// planner meant cannot be guessed.
///
/// The tree's memory comes from a ``JanssonArena`` of its own (jansson's `json_set_alloc_funcs`):
/// a document of a million small values is given back in a few large blocks instead of a
/// million `free` calls, which took 0.12 s for 20,000 estates and held up every other thread's
/// `malloc` meanwhile.
///
/// The tree is only read once parsed, so views of one document may be read on several threads.
final class JSONDocument: @unchecked Sendable {
    private let root: UnsafeMutablePointer<json_t>
    private let arena: JanssonArena

    /// - Throws: ``JSONSyntaxError`` naming the reason, line and column.
    init(parsing data: Data) throws {
        guard !data.isEmpty else { throw JSONSyntaxError(description: "the file is empty") }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            throw JSONSyntaxError(description: "the file is UTF-16 text: save it as UTF-8 (GeoJSON is UTF-8)")
        }
        // A UTF-8 byte order mark, as some Windows tools write one: RFC 8259 lets a reader ignore it.
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var error = json_error_t()
        let flags = size_t(JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES)
        let arena = JanssonArena()
        let parsed = arena.collecting {
            data.withUnsafeBytes { bytes in
                json_loadb(bytes.baseAddress!.advanced(by: bom).assumingMemoryBound(to: CChar.self), bytes.count - bom, flags, &error)
            }
        }
        guard let parsed else {
            let reason = withUnsafeBytes(of: &error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let encoding = reason.hasPrefix("unable to decode byte")
                ? "; the file is not UTF-8 (GBK?): save it as UTF-8 (GeoJSON is UTF-8)" : ""
            throw JSONSyntaxError(description: "\(reason) (line \(error.line), column \(error.column))\(encoding)")
        }
        root = parsed
        self.arena = arena
    }

    // Nothing outside the document holds a reference into the tree, so giving back the arena
    // frees it all: no `json_decref` walk.

    /// Reads the document; the views must not outlive `body`.
    func withRoot<R>(_ body: (JSONNode) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(JSONNode(pointer: root)) }
    }
}

/// The memory of one jansson parse: blocks handed out in order and given back together when the
/// arena goes. The first block is 64 KiB and each next one twice the last, up to 1 MiB, so a
/// small document (a test's, a fuzz input) takes little.
///
/// jansson takes one pair of allocation functions for the whole process; renoplan's pair serves
/// the arena that the calling thread is parsing into (``collecting(_:)``), and `malloc` anywhere
/// else. Each allocation carries a 16-byte header saying which, so `free` knows: an arena's
/// pieces are given back with their block, `malloc`'s with `free`.
final class JanssonArena: @unchecked Sendable {
    fileprivate struct State {
        var blocks: [UnsafeMutableRawPointer] = []
        var next: UnsafeMutableRawPointer?
        var left = 0
    }

    private let state: UnsafeMutablePointer<State>
    private static let firstBlock = 1 << 16, largestBlock = 1 << 20
    private static let header = 16
    private static let fromArena: UInt64 = 0xA7E4A, fromMalloc: UInt64 = 0

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        for block in state.pointee.blocks { block.deallocate() }
        state.deinitialize(count: 1).deallocate()
    }

    /// Runs `body` (a jansson call) with this thread's jansson allocations taken from the arena.
    func collecting<R>(_ body: () throws -> R) rethrows -> R {
        _ = Self.installed
        let previous = pthread_getspecific(Self.key)
        pthread_setspecific(Self.key, UnsafeRawPointer(state))
        defer { pthread_setspecific(Self.key, previous) }
        return try withExtendedLifetime(self) { try body() }
    }

    /// The thread's arena (an arena's state) while ``collecting(_:)`` runs.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key left for jansson's arena")
        return key
    }()

    /// jansson's allocation functions, set once before its first allocation.
    private static let installed: Void = {
        _ = key
        json_set_alloc_funcs(
            { size in
                let rounded = (size + JanssonArena.header + 15) & ~15
                if let raw = pthread_getspecific(JanssonArena.key) {
                    let state = raw.assumingMemoryBound(to: JanssonArena.State.self)
                    if rounded > state.pointee.left {
                        let size = min(JanssonArena.largestBlock, JanssonArena.firstBlock << min(state.pointee.blocks.count, 8))
                        let capacity = max(size, rounded)
                        let block = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
                        state.pointee.blocks.append(block)
                        state.pointee.next = block
                        state.pointee.left = capacity
                    }
                    let piece = state.pointee.next!
                    state.pointee.next = piece + rounded
                    state.pointee.left -= rounded
                    piece.storeBytes(of: JanssonArena.fromArena, as: UInt64.self)
                    return piece + JanssonArena.header
                }
                guard let piece = malloc(rounded) else { return nil }
                piece.storeBytes(of: JanssonArena.fromMalloc, as: UInt64.self)
                return piece + JanssonArena.header
            },
            { pointer in
                guard let pointer else { return }
                let piece = pointer - JanssonArena.header
                if piece.load(as: UInt64.self) == JanssonArena.fromMalloc { free(piece) }
            })
    }()
}

/// A borrowed view of one value inside a ``JSONDocument``, valid inside its `withRoot`.
struct JSONNode {
    fileprivate let pointer: UnsafeMutablePointer<json_t>

    /// The member `key` of an object, or nil.
    subscript(key: String) -> JSONNode? {
        json_object_get(pointer, key).map { JSONNode(pointer: $0) }
    }

    var isNull: Bool { pointer.pointee.type == JSON_NULL }
    var isObject: Bool { pointer.pointee.type == JSON_OBJECT }

    var stringValue: String? {
        guard pointer.pointee.type == JSON_STRING else { return nil }
        return String(
            decoding: UnsafeRawBufferPointer(start: json_string_value(pointer), count: json_string_length(pointer)),
            as: UTF8.self)
    }

    /// A deep copy as a ``JSONValue``.
    var value: JSONValue {
        switch pointer.pointee.type {
        case JSON_OBJECT:
            var members = [String: JSONValue](minimumCapacity: json_object_size(pointer))
            var iterator = json_object_iter(pointer)
            while let current = iterator {
                let key = String(
                    decoding: UnsafeRawBufferPointer(
                        start: json_object_iter_key(current), count: json_object_iter_key_len(current)),
                    as: UTF8.self)
                members[key] = JSONNode(pointer: json_object_iter_value(current)!).value
                iterator = json_object_iter_next(pointer, current)
            }
            return .object(members)
        case JSON_ARRAY: return .array((0..<json_array_size(pointer)).map { self[item: $0].value })
        case JSON_STRING: return .string(stringValue!)
        case JSON_REAL, JSON_INTEGER: return .number(json_number_value(pointer))
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        default: return .null
        }
    }
}

extension JSONNode {
    /// The number of items of an array, nil for anything else.
    var arrayCount: Int? { pointer.pointee.type == JSON_ARRAY ? json_array_size(pointer) : nil }

    /// Item `index` of an array (`index < arrayCount`).
    subscript(item index: Int) -> JSONNode { JSONNode(pointer: json_array_get(pointer, index)!) }

    var numberValue: Double? {
        let type = pointer.pointee.type
        return type == JSON_REAL || type == JSON_INTEGER ? json_number_value(pointer) : nil
    }

    /// How the value looks to a person, for error messages.
    var shortDescription: String { value.shortDescription }
}
