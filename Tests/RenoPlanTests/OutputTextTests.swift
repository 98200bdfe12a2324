import Foundation
import Testing

@testable import RenoPlan

/// The fast JSON text writers behind plan.geojson, coverage.geojson and circles.geojson, against
/// Foundation's `JSONEncoder` (what the other output files are written with).
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

    /// GeoJSON written on all cores, each thread with its own copy of the PROJ transformation,
    /// against the same features built here as values from the GeoJSON rules (projected one by
    /// one with the original transformation, rounded to 7 decimals, exterior rings
    /// counter-clockwise and holes clockwise) and encoded by `JSONEncoder`: every kind of shape,
    /// rings given the wrong way round, items with no feature and with two, enough items for
    /// several chunks per thread.
    @Test func geoJSONOnAllCoresIsJSONEncodersText() throws {
        let proj = ProjContext()
        let toLonLat = try Transformer(from: CRS("EPSG:4547", in: proj), to: CRS(CRS.lonLatDefinition, in: proj), in: proj)
        func p(_ i: Int, _ dx: Double, _ dy: Double) -> Point2 {
            Point2(x: 500_000 + Double(i) * 137.123456789 + dx, y: 2_500_000 + Double(i % 17) * 91.987654321 + dy)
        }
        func square(_ i: Int, _ size: Double, clockwise: Bool) -> Ring {
            let ring = [p(i, 0, 0), p(i, size, 0), p(i, size, size), p(i, 0, size), p(i, 0, 0)]
            return clockwise ? ring.reversed() : ring
        }
        func shapes(_ i: Int) -> [Shape] {
            switch i % 6 {
            case 0: return []
            case 1: return [.point(p(i, 0.5, 0.25))]
            case 2: return [.polygon([square(i, 80, clockwise: true), square(i, 20, clockwise: false)])]
            case 3: return [.multiPolygon([[square(i, 50, clockwise: false)], [square(i + 1000, 30, clockwise: true)]])]
            case 4: return [.lineString([p(i, 0, 0), p(i, 10, 5), p(i, 20, -5)]), .multiLineString([[p(i, 1, 1), p(i, 2, 2)], [p(i, 3, 3), p(i, 4, 5)]])]
            default: return [.polygon([square(i, 12.5, clockwise: false)])]
            }
        }
        func properties(_ i: Int, _ k: Int) -> [String: JSONValue] {
            ["id": .string("E\(i)-\(k)"), "名称": .string(i % 5 == 0 ? "小区 \"东\" \\ 1" : "小区\(i)"), "n": .number(Double(i) / 7),
             "list": [.bool(i % 2 == 0), .null, .number(-0.0)], "nested": ["b": 1, "a": .string("x/y")]]
        }
        let count = 301
        let fast = try GeoJSONWriter.collection(count, toLonLat: toLonLat, chunk: 8) { i in
            shapes(i).enumerated().map { GeoJSONWriter.Feature(shape: $1, properties: properties(i, $0)) }
        }

        func position(_ q: Point2) -> JSONValue { [.number(roundTo(q.x, 7)), .number(roundTo(q.y, 7))] }
        func line(_ ring: Ring) -> JSONValue { .array(ring.map(position)) }
        func area(_ ring: Ring) -> Double {
            zip(ring, ring.dropFirst()).reduce(0) { $0 + $1.0.x * $1.1.y - $1.1.x * $1.0.y }
        }
        func polygon(_ rings: PolygonRings) -> JSONValue {
            .array(rings.enumerated().map { k, ring in line((area(ring) > 0) == (k == 0) ? ring : ring.reversed()) })
        }
        func geometry(_ shape: Shape) throws -> JSONValue {
            switch shape.replacingPoints(try toLonLat.forward(shape.allPoints)) {
            case .point(let q): return ["type": "Point", "coordinates": position(q)]
            case .polygon(let rings): return ["type": "Polygon", "coordinates": polygon(rings)]
            case .multiPolygon(let parts): return ["type": "MultiPolygon", "coordinates": .array(parts.map(polygon))]
            case .lineString(let ring): return ["type": "LineString", "coordinates": line(ring)]
            case .multiLineString(let rings): return ["type": "MultiLineString", "coordinates": .array(rings.map(line))]
            }
        }
        var features: [JSONValue] = []
        for i in 0..<count {
            for (k, shape) in shapes(i).enumerated() {
                features.append(["type": "Feature", "geometry": try geometry(shape), "properties": .object(properties(i, k))])
            }
        }
        let foundation = try JSONIO.encode(["type": "FeatureCollection", "features": .array(features)])
        #expect(features.count == 300)  // 301 items: 51 with none, 50 with two
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(fast == foundation)
        // And an empty collection.
        let empty = try GeoJSONWriter.collection(0, toLonLat: toLonLat) { _ in [] }
        #expect(empty == (try JSONIO.encode(["type": "FeatureCollection", "features": []])))
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try JSONText.encode(["x": .number(.nan)]) }
        #expect(throws: EncodingError.self) { try JSONText.encode([.number(.infinity)]) }
    }
}
