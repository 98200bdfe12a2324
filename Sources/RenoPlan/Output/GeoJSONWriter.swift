import Foundation

/// Writes GeoJSON (RFC 7946): lon/lat coordinates rounded to 7 decimals (about 1 cm), exterior
/// rings counter-clockwise and holes clockwise, compact with sorted keys — the bytes Foundation's
/// `JSONEncoder` would write (``JSONIO/encode(_:pretty:)``), several times faster.
///
/// The large files (plan.geojson, coverage.geojson, circles.geojson: an estate or more per
/// feature) are made on all cores: each thread projects its features to lon/lat with its own copy
/// of the district's transformation (a PROJ object serves one thread at a time) and writes them
/// as text, the geometry straight from its coordinates rather than through a ``JSONValue`` per
/// point (``JSONText`` for the properties).
enum GeoJSONWriter {
    /// A FeatureCollection of features already made as values (compare.geojson's, read back from
    /// the plans it compares).
    static func featureCollection(_ features: [JSONValue]) -> JSONValue {
        ["type": "FeatureCollection", "features": .array(features)]
    }

    /// One feature: its shape in the district's work CRS, and its properties.
    struct Feature {
        var shape: Shape
        var properties: [String: JSONValue]
    }

    /// `features(i)` for every i in `0..<count` in turn, as one FeatureCollection, their shapes
    /// projected with `toLonLat` (the district's). `features` is called from several threads at
    /// once, so it must only read.
    static func collection(
        _ count: Int, toLonLat: Transformer, chunk: Int = 64, _ features: (Int) throws -> [Feature]
    ) throws -> Data {
        let parts: [[UInt8]] = try Concurrent.mapThrowing(count, chunk: chunk, worker: { try toLonLat.copy() }) { transformer, i in
            var text: [UInt8] = []
            for feature in try features(i) {
                if !text.isEmpty { text.append(UInt8(ascii: ",")) }
                try write(try transformer.forward(feature.shape), feature.properties, into: &text)
            }
            return text
        }
        let head = Array(#"{"features":["#.utf8), tail = Array(#"],"type":"FeatureCollection"}"#.utf8) + [0x0A]
        var data = Data(capacity: parts.reduce(head.count + tail.count) { $0 + $1.count + 1 })
        data.append(contentsOf: head)
        var first = true
        for part in parts where !part.isEmpty {
            if !first { data.append(UInt8(ascii: ",")) }
            data.append(contentsOf: part)
            first = false
        }
        data.append(contentsOf: tail)
        return data
    }

    /// `{"geometry":…,"properties":…,"type":"Feature"}`.
    private static func write(_ shape: Shape, _ properties: [String: JSONValue], into out: inout [UInt8]) throws {
        out.append(contentsOf: #"{"geometry":{"coordinates":"#.utf8)
        let type: String
        switch shape {
        case .point(let p):
            type = "Point"
            try position(p, &out)
        case .polygon(let rings):
            type = "Polygon"
            try polygon(rings, &out)
        case .multiPolygon(let parts):
            type = "MultiPolygon"
            try list(parts, &out) { try polygon($0, &$1) }
        case .lineString(let line):
            type = "LineString"
            try list(line, &out) { try position($0, &$1) }
        case .multiLineString(let lines):
            type = "MultiLineString"
            try list(lines, &out) { line, out in try list(line, &out) { try position($0, &$1) } }
        }
        out.append(contentsOf: #","type":""#.utf8)
        out.append(contentsOf: type.utf8)
        out.append(contentsOf: #""},"properties":"#.utf8)
        try JSONText.write(.object(properties), into: &out)
        out.append(contentsOf: #","type":"Feature"}"#.utf8)
    }

    private static func polygon(_ rings: PolygonRings, _ out: inout [UInt8]) throws {
        try list(oriented(rings), &out) { ring, out in try list(ring, &out) { try position($0, &$1) } }
    }

    private static func position(_ p: Point2, _ out: inout [UInt8]) throws {
        out.append(UInt8(ascii: "["))
        try JSONText.writeNumber(roundTo(p.x, coordinateDigits), into: &out)
        out.append(UInt8(ascii: ","))
        try JSONText.writeNumber(roundTo(p.y, coordinateDigits), into: &out)
        out.append(UInt8(ascii: "]"))
    }

    private static func list<T>(_ items: [T], _ out: inout [UInt8], _ item: (T, inout [UInt8]) throws -> Void) rethrows {
        out.append(UInt8(ascii: "["))
        for (index, element) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            try item(element, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// The rings as GeoJSON wants them: the exterior counter-clockwise, holes clockwise.
    private static func oriented(_ rings: PolygonRings) -> [Ring] {
        rings.enumerated().map { index, ring in
            let counterClockwise = signedArea(ring) > 0
            return counterClockwise == (index == 0) ? ring : ring.reversed()
        }
    }

    /// Decimals of a lon/lat coordinate (about 1 cm).
    private static let coordinateDigits = 7

    /// Shoelace formula: positive for counter-clockwise rings.
    private static func signedArea(_ ring: Ring) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) { sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return sum / 2
    }
}
