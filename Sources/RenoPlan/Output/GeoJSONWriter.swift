import Foundation

/// Builds GeoJSON (RFC 7946) values: lon/lat coordinates rounded to 7 decimals (about 1 cm),
/// exterior rings counter-clockwise and holes clockwise.
enum GeoJSONWriter {
    static func featureCollection(_ features: [JSONValue]) -> JSONValue {
        ["type": "FeatureCollection", "features": .array(features)]
    }

    static func feature(_ shape: Shape, _ properties: [String: JSONValue]) -> JSONValue {
        ["type": "Feature", "geometry": geometry(shape), "properties": .object(properties)]
    }

    static func geometry(_ shape: Shape) -> JSONValue {
        switch shape {
        case .point(let p): return ["type": "Point", "coordinates": position(p)]
        case .polygon(let rings): return ["type": "Polygon", "coordinates": polygon(rings)]
        case .multiPolygon(let parts): return ["type": "MultiPolygon", "coordinates": .array(parts.map(polygon))]
        case .lineString(let line): return ["type": "LineString", "coordinates": .array(line.map(position))]
        case .multiLineString(let lines):
            return ["type": "MultiLineString", "coordinates": .array(lines.map { .array($0.map(position)) })]
        }
    }

    private static func position(_ p: Point2) -> JSONValue { [.rounded(p.x, 7), .rounded(p.y, 7)] }

    private static func polygon(_ rings: PolygonRings) -> JSONValue {
        .array(rings.enumerated().map { index, ring in
            let counterClockwise = signedArea(ring) > 0
            let wanted = index == 0  // exterior counter-clockwise, holes clockwise
            return .array((counterClockwise == wanted ? ring : ring.reversed()).map(position))
        })
    }

    /// Shoelace formula: positive for counter-clockwise rings.
    private static func signedArea(_ ring: Ring) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) { sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return sum / 2
    }
}
