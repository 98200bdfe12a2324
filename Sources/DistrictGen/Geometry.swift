// Planar geometry in whole centimetres.
//
// The output rounds coordinates to 0.01 m; doing all layout arithmetic on integer centimetres means
// two estates that share an edge share it exactly (no rounding can open a sliver or make an overlap),
// every test below is exact, and `Double(cm) / 100` prints as the short decimal it is.

/// A point in centimetres: x = easting, y = northing (EPSG:4547 × 100).
struct Point: Equatable {
    var x: Int
    var y: Int
}

/// An axis-aligned rectangle in centimetres, `minX < maxX`, `minY < maxY`.
struct Rect: Equatable {
    var minX: Int, minY: Int, maxX: Int, maxY: Int

    var width: Int { maxX - minX }
    var height: Int { maxY - minY }
    var areaM2: Double { Double(width) * Double(height) / 10_000 }
    var centre: Point { Point(x: minX + width / 2, y: minY + height / 2) }

    /// The four corners, counter-clockwise from the south-west (RFC 7946 exterior order).
    var ring: [Point] {
        [Point(x: minX, y: minY), Point(x: maxX, y: minY), Point(x: maxX, y: maxY), Point(x: minX, y: maxY)]
    }

    /// The same rectangle with x and y swapped (used to build vertical and horizontal cuts with one code path).
    var transposed: Rect { Rect(minX: minY, minY: minX, maxX: maxY, maxY: maxX) }

    /// Euclidean distance between two rectangles in centimetres (0 when they touch or overlap).
    func distance(to other: Rect) -> Double {
        let dx = max(0, other.minX - maxX, minX - other.maxX)
        let dy = max(0, other.minY - maxY, minY - other.maxY)
        return (Double(dx) * Double(dx) + Double(dy) * Double(dy)).squareRoot()
    }
}

/// A polygon with one exterior ring and optional holes. Rings are stored open (the closing vertex is
/// added when writing GeoJSON), exterior counter-clockwise and holes clockwise as RFC 7946 asks.
struct Polygon {
    var exterior: [Point]
    var holes: [[Point]] = []

    init(exterior: [Point], holes: [[Point]] = []) {
        self.exterior = Polygon.oriented(exterior, counterClockwise: true)
        self.holes = holes.map { Polygon.oriented($0, counterClockwise: false) }
    }

    init(_ rect: Rect) { self.init(exterior: rect.ring) }

    /// Area in m², holes subtracted.
    var areaM2: Double {
        let twice = abs(Polygon.twiceSignedArea(exterior)) - holes.reduce(0) { $0 + abs(Polygon.twiceSignedArea($1)) }
        return Double(twice) / 20_000
    }

    /// Twice the signed area in cm² (positive when counter-clockwise). Exact: coordinates are taken
    /// relative to the first vertex, so the products stay far below Int64's range.
    static func twiceSignedArea(_ ring: [Point]) -> Int {
        guard let origin = ring.first else { return 0 }
        var sum = 0
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        return sum
    }

    static func oriented(_ ring: [Point], counterClockwise: Bool) -> [Point] {
        (twiceSignedArea(ring) > 0) == counterClockwise ? ring : Array(ring.reversed())
    }
}

/// An estate's footprint: one polygon, or (rarely) two parts of one compound split by a lane or a
/// neighbour, which GeoJSON writes as a MultiPolygon.
struct Footprint {
    var parts: [Polygon]
    var areaM2: Double { parts.reduce(0) { $0 + $1.areaM2 } }
}
