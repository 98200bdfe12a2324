import Foundation

/// Compact JSON text with sorted keys, byte for byte what ``JSONIO/encode(_:pretty:)`` writes
/// (Foundation's `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes`), several times faster
/// on large files: keys in Swift's `String` order (as `JSONEncoder` sorts them), numbers as Swift's
/// shortest round-trip description without a trailing ".0", strings raw UTF-8; the rare string
/// that needs escaping is escaped by `JSONEncoder` itself. Numbers must be finite (as for
/// `JSONEncoder`, which throws on others; the writers round every number first).
enum JSONText {
    /// The encoded value followed by a newline, as ``JSONIO/encode(_:pretty:)`` returns it.
    ///
    /// - Throws: `EncodingError.invalidValue` for a number that is not finite, as `JSONEncoder` does.
    static func encode(_ value: JSONValue) throws -> Data {
        var out: [UInt8] = []
        try write(value, into: &out)
        out.append(0x0A)
        return Data(out)
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let flag): out.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .number(let number): try writeNumber(number, into: &out)
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(members[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `JSONEncoder`'s form: Swift's shortest round-trip description, without a trailing ".0".
    static func writeNumber(_ number: Double, into out: inout [UInt8]) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: [], debugDescription: "\(number) is not valid JSON"))
        }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }

    static func writeString(_ text: String, into out: inout [UInt8]) {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if plain {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
        } else if let encoded = try? JSONIO.encode(.string(text)) {
            out.append(contentsOf: encoded.dropLast())  // without the newline
        }
    }
}
