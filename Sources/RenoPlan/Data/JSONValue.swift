import Foundation

/// A JSON document as a value, parsed with jansson (``JSONDocument``) and encoded with Foundation's
/// `JSONEncoder`.
///
/// GeoJSON features are read into this type first so that every property can be checked one by one
/// and an error can name the feature and key (SPEC §1), which `Decodable` structs cannot do well.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// How the value looks to a person, for error messages: `"many"`, `12`, `null`, `an array`.
    public var shortDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return formatNumber(value)
        case .string(let text):
            let clipped = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "\"\(clipped)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// A number rounded to `digits` decimals, so output files do not carry float noise
    /// (`0.30000000000000004`) and stay byte-identical between runs.
    static func rounded(_ value: Double, _ digits: Int) -> JSONValue {
        .number(roundTo(value, digits))
    }

    /// `nil` becomes JSON null.
    static func optional(_ value: Double?, _ digits: Int) -> JSONValue {
        value.map { rounded($0, digits) } ?? .null
    }
}

/// `value` rounded half away from zero to `digits` decimals.
func roundTo(_ value: Double, _ digits: Int) -> Double {
    let scale = pow(10.0, Double(digits))
    let result = (value * scale).rounded() / scale
    return result == 0 ? 0 : result  // no "-0"
}

/// A number as a person writes it: `12`, `0.72`, `1.5e+20`, `-5`, `inf`.
public func formatNumber(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

enum JSONIO {
    /// Parses JSON bytes into a value (``JSONDocument``).
    ///
    /// - Throws: ``JSONSyntaxError`` naming the reason, line and column.
    static func decode(_ data: Data) throws -> JSONValue {
        try JSONDocument(parsing: data).withRoot { $0.value }
    }

    /// Reads and decodes a JSON file, naming the file in any error.
    static func decodeFile(_ url: URL) throws -> JSONValue {
        let data = try readFile(url)
        do {
            return try decode(data)
        } catch {
            throw InputError(file: url.lastPathComponent, problem: "is not valid JSON: \(error)")
        }
    }

    /// Encodes with sorted keys so the same value always gives the same bytes (determinism).
    static func encode(_ value: JSONValue, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
