import Foundation

// GeoJSON (RFC 7946) writing. Every feature is encoded by JSONEncoder from Codable values, with
// sorted keys, so the bytes depend only on the values. The FeatureCollection wrapper is the same
// bytes JSONEncoder would write for `{"features": [...], "type": "FeatureCollection"}`, except that
// each feature starts a new line (as GDAL writes GeoJSON): the committed demo then diffs and greps
// one feature at a time. No `crs` member: RFC 7946 removed it and the scenario names the CRS.

/// A position `[x, y]` in metres from whole centimetres. Dividing an integer by 100 gives the
/// double nearest the two-decimal value, which Swift prints in its shortest form ("512345.67",
/// never "512345.67000000004"). Plain `[Double]` arrays take JSONEncoder's fast path.
private func position(_ point: Point) -> [Double] {
    [Double(point.x) / 100, Double(point.y) / 100]
}

/// The geometry types the generator writes.
enum Geometry: Encodable {
    case point(Point)
    case lineString([Point])
    case polygon(Polygon)
    case multiPolygon([Polygon])

    private enum CodingKeys: String, CodingKey { case type, coordinates }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .point(let p):
            try container.encode("Point", forKey: .type)
            try container.encode(position(p), forKey: .coordinates)
        case .lineString(let points):
            try container.encode("LineString", forKey: .type)
            try container.encode(points.map(position), forKey: .coordinates)
        case .polygon(let polygon):
            try container.encode("Polygon", forKey: .type)
            try container.encode(Self.rings(polygon), forKey: .coordinates)
        case .multiPolygon(let parts):
            try container.encode("MultiPolygon", forKey: .type)
            try container.encode(parts.map(Self.rings), forKey: .coordinates)
        }
    }

    /// RFC 7946 rings are closed: the first position is repeated at the end.
    private static func rings(_ polygon: Polygon) -> [[[Double]]] {
        ([polygon.exterior] + polygon.holes).map { ring in
            (ring + [ring[0]]).map(position)
        }
    }

    init(_ footprint: Footprint) {
        self = footprint.parts.count == 1 ? .polygon(footprint.parts[0]) : .multiPolygon(footprint.parts)
    }
}

struct Feature<Properties: Encodable>: Encodable {
    var type = "Feature"
    var geometry: Geometry
    var properties: Properties
}

enum GeoJSONWriter {
    /// The FeatureCollection's bytes: one feature per line, keys sorted, slashes and non-ASCII
    /// characters as they are (Chinese names stay readable UTF-8).
    static func featureCollection<P: Encodable>(_ features: [Feature<P>]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data(#"{"features":["#.utf8)
        for (index, feature) in features.enumerated() {
            data.append(contentsOf: Array((index == 0 ? "\n" : ",\n").utf8))
            // Encoding our own value types cannot fail (no non-finite numbers, no throwing encode).
            data.append(try! encoder.encode(feature))
        }
        data.append(contentsOf: Array((features.isEmpty ? "" : "\n").utf8))
        data.append(contentsOf: Array(#"],"type":"FeatureCollection"}"#.utf8))
        data.append(0x0A)
        return data
    }
}
