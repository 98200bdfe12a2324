import Foundation
import Testing

@testable import RenoPlan

/// The fast JSON text writer behind coverage.geojson and circles.geojson, against Foundation's
/// `JSONEncoder` (what every other output file is written with).
@Suite("JSON text writer")
struct OutputTextTests {
    /// Keys in mixed case, digits, underscores and Chinese; numbers whole, tiny, huge, negative and
    /// long; strings needing every kind of escape, a slash and non-ASCII text.
    @Test func sameBytesAsJSONEncoder() throws {
        let value: JSONValue = [
            "type": "FeatureCollection",
            "b10": 1, "b9": 2, "B": 3, "_x": 4, "a_b": 5, "aB": 6, "中文": 7, "é": 8,
            "numbers": [0, -0.0, 300, -2.5, 0.1, 1e-7, 2.5e-5, 1e16, 1e21, 114.1234567, 30.5555555, 123456789012.5],
            "strings": ["plain", "quote \" here", "back\\slash", "line\nbreak\ttab", "\u{01}\u{1f}", "a/b", "小区 E0001", ""],
            "nested": ["empty": [:], "list": [], "flags": [true, false, nil], "deep": [[["x": [1, [2, [3]]]]]]],
        ]
        let fast = try JSONText.encode(value)
        let foundation = try JSONIO.encode(value)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(fast == foundation)
    }

    /// `JSONEncoder` refuses NaN and infinity; so does the fast writer, rather than write "nan".
    /// A figure short of a norm never shows as the norm: 0.0996 against 0.10 is "0.0996", not the
    /// "0.10" that three decimals less a trailing zero make of it.
    @Test func figuresBelowALimitStayBelowIt() {
        #expect(fmt(0.0996) == "0.10")
        #expect(fmt(0.0996, below: 0.1) == "0.0996")
        #expect(fmt(0.09999, below: 0.1) == "0.09999")
        #expect(fmt(0.056, below: 0.1) == "0.056")
        #expect(fmt(0.1, below: 0.1) == "0.10")
        // Needed and available never print alike when they differ.
        #expect(Wording(.zh).money(1.60238e8, beside: 1.6e8) == ("16,023.8万元", "16,000.0万元"))
        #expect(Wording(.zh).money(2.1e8, beside: 1.6e8) == ("2.10亿元", "1.60亿元"))
        #expect(Wording(.en).money(3.04e6, beside: 3e6) == ("3,040,000 yuan", "3,000,000 yuan"))
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try JSONText.encode(["x": .number(.nan)]) }
        #expect(throws: EncodingError.self) { try JSONText.encode([.number(.infinity)]) }
    }
}
