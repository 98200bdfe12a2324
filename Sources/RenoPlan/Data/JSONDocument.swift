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
/// The tree is only read once parsed, so views of one document may be read on several threads.
final class JSONDocument: @unchecked Sendable {
    private let root: UnsafeMutablePointer<json_t>

    /// - Throws: ``JSONSyntaxError`` naming the reason, line and column.
    init(parsing data: Data) throws {
        guard !data.isEmpty else { throw JSONSyntaxError(description: "the file is empty") }
        var error = json_error_t()
        let flags = size_t(JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES)
        let parsed = data.withUnsafeBytes { bytes in
            json_loadb(bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count, flags, &error)
        }
        guard let parsed else {
            let reason = withUnsafeBytes(of: &error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw JSONSyntaxError(description: "\(reason) (line \(error.line), column \(error.column))")
        }
        root = parsed
    }

    deinit { json_decref(root) }

    /// Reads the document; the views must not outlive `body`.
    func withRoot<R>(_ body: (JSONNode) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(JSONNode(pointer: root)) }
    }
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
