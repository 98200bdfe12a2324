internal import CGEOS
import Foundation

/// A ring or line as flat x, y pairs in the working CRS.
typealias Ring = [Point2]

/// A planar point in metres (working CRS) or degrees (lon/lat), depending on where it is used.
public struct Point2: Equatable, Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Polygon rings: the exterior first, then holes.
typealias PolygonRings = [Ring]

/// The shapes our input files use, as plain coordinates before they become GEOS geometries.
enum Shape: Equatable {
    case point(Point2)
    case polygon(PolygonRings)
    case multiPolygon([PolygonRings])
    case lineString(Ring)
    case multiLineString([Ring])

    /// Every coordinate, for projection and range checks.
    var allPoints: [Point2] {
        switch self {
        case .point(let p): return [p]
        case .polygon(let rings): return rings.flatMap { $0 }
        case .multiPolygon(let polygons): return polygons.flatMap { $0.flatMap { $0 } }
        case .lineString(let line): return line
        case .multiLineString(let lines): return lines.flatMap { $0 }
        }
    }

    /// The same shape with every coordinate replaced in order (after projection).
    func replacingPoints(_ points: [Point2]) -> Shape {
        var iterator = points.makeIterator()
        func take(_ ring: Ring) -> Ring { ring.map { _ in iterator.next()! } }
        switch self {
        case .point: return .point(iterator.next()!)
        case .polygon(let rings): return .polygon(rings.map(take))
        case .multiPolygon(let polygons): return .multiPolygon(polygons.map { $0.map(take) })
        case .lineString(let line): return .lineString(take(line))
        case .multiLineString(let lines): return .multiLineString(lines.map(take))
        }
    }
}

/// Owns one GEOS geometry (`GEOSGeom_destroy_r` in `deinit`).
final class Geometry {
    let handle: OpaquePointer
    let context: GEOSContext

    init(owning handle: OpaquePointer, in context: GEOSContext) {
        self.handle = handle
        self.context = context
    }

    deinit { GEOSGeom_destroy_r(context.handle, handle) }

    /// Builds a GEOS geometry from coordinates (`GEOSGeom_createPolygon_r` and friends).
    ///
    /// Rings must already be closed with at least 4 points, lines at least 2: the loader checks that
    /// first, so the planner reads our message rather than GEOS's.
    convenience init(_ shape: Shape, in context: GEOSContext) throws {
        let handle: OpaquePointer
        switch shape {
        case .point(let p):
            handle = try context.check(GEOSGeom_createPointFromXY_r(context.handle, p.x, p.y), "create point")
        case .polygon(let rings):
            handle = try Geometry.makePolygon(rings, context)
        case .multiPolygon(let polygons):
            let parts = try Geometry.makeParts(polygons, context) { try Geometry.makePolygon($0, context) }
            handle = try Geometry.makeCollection(Int32(GEOS_MULTIPOLYGON.rawValue), parts, context)
        case .lineString(let line):
            let sequence = try Geometry.makeSequence(line, context)
            handle = try context.check(GEOSGeom_createLineString_r(context.handle, sequence), "create line")
        case .multiLineString(let lines):
            let parts = try Geometry.makeParts(lines, context) { line -> OpaquePointer in
                let sequence = try Geometry.makeSequence(line, context)
                return try context.check(GEOSGeom_createLineString_r(context.handle, sequence), "create line")
            }
            handle = try Geometry.makeCollection(Int32(GEOS_MULTILINESTRING.rawValue), parts, context)
        }
        self.init(owning: handle, in: context)
    }

    /// Makes the parts of a multi-part geometry; when one fails, the parts already made are freed
    /// (nothing owns them yet).
    private static func makeParts<Part>(
        _ items: [Part], _ context: GEOSContext, _ make: (Part) throws -> OpaquePointer
    ) throws -> [OpaquePointer] {
        var parts: [OpaquePointer] = []
        parts.reserveCapacity(items.count)
        do {
            for item in items { parts.append(try make(item)) }
        } catch {
            for part in parts { GEOSGeom_destroy_r(context.handle, part) }
            throw error
        }
        return parts
    }

    private static func makeSequence(_ points: Ring, _ context: GEOSContext) throws -> OpaquePointer {
        var buffer = [Double]()
        buffer.reserveCapacity(points.count * 2)
        for p in points {
            buffer.append(p.x)
            buffer.append(p.y)
        }
        return try context.check(
            GEOSCoordSeq_copyFromBuffer_r(context.handle, buffer, UInt32(points.count), 0, 0), "create coordinates")
    }

    /// GEOS takes ownership of the rings it is given; on failure we free what we made.
    private static func makePolygon(_ rings: PolygonRings, _ context: GEOSContext) throws -> OpaquePointer {
        var made: [OpaquePointer] = []
        do {
            for ring in rings {
                let sequence = try makeSequence(ring, context)
                guard let linear = GEOSGeom_createLinearRing_r(context.handle, sequence) else {
                    throw context.failure("create ring")
                }
                made.append(linear)
            }
        } catch {
            for ring in made { GEOSGeom_destroy_r(context.handle, ring) }
            throw error
        }
        var holes: [OpaquePointer?] = made.dropFirst().map { $0 }
        let polygon = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(context.handle, made[0], buffer.baseAddress, UInt32(buffer.count))
        }
        guard let polygon else {
            for ring in made { GEOSGeom_destroy_r(context.handle, ring) }
            throw context.failure("create polygon")
        }
        return polygon
    }

    private static func makeCollection(_ type: Int32, _ parts: [OpaquePointer], _ context: GEOSContext) throws
        -> OpaquePointer
    {
        var items: [OpaquePointer?] = parts
        let collection = items.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(context.handle, type, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let collection else {
            for part in parts { GEOSGeom_destroy_r(context.handle, part) }
            throw context.failure("create collection")
        }
        return collection
    }

    /// `GEOSisValid_r`: nil when valid, else GEOS's reason (`GEOSisValidReason_r`).
    func invalidityReason() throws -> String? {
        switch GEOSisValid_r(context.handle, handle) {
        case 1: return nil
        case 0:
            guard let reason = GEOSisValidReason_r(context.handle, handle) else { return "invalid" }
            defer { GEOSFree_r(context.handle, reason) }
            return String(cString: reason)
        default: throw context.failure("validity check")
        }
    }

    /// `GEOSMakeValid_r`: a valid geometry covering the same area.
    func madeValid() throws -> Geometry {
        Geometry(owning: try context.check(GEOSMakeValid_r(context.handle, handle), "make valid"), in: context)
    }

    /// `GEOSGeomTypeId_r`.
    var typeID: Int32 { GEOSGeomTypeId_r(context.handle, handle) }

    var isEmpty: Bool { GEOSisEmpty_r(context.handle, handle) == 1 }

    /// `GEOSArea_r`, in square units of the CRS.
    func area() throws -> Double {
        var value = 0.0
        guard GEOSArea_r(context.handle, handle, &value) == 1 else { throw context.failure("area") }
        return value
    }

    /// `GEOSDistance_r`: the planar distance between the two geometries (0 when they intersect).
    func distance(to other: Geometry) throws -> Double {
        var value = 0.0
        guard GEOSDistance_r(context.handle, handle, other.handle, &value) == 1 else {
            throw context.failure("distance")
        }
        return value
    }

    /// `GEOSGeom_getExtent_r`: (minX, minY, maxX, maxY).
    func extent() throws -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard GEOSGeom_getExtent_r(context.handle, handle, &minX, &minY, &maxX, &maxY) == 1 else {
            throw context.failure("extent")
        }
        return (minX, minY, maxX, maxY)
    }

    /// `GEOSGeom_createRectangle_r`: a rectangle geometry, used as an STRtree query window.
    static func rectangle(minX: Double, minY: Double, maxX: Double, maxY: Double, in context: GEOSContext) throws
        -> Geometry
    {
        Geometry(
            owning: try context.check(
                GEOSGeom_createRectangle_r(context.handle, minX, minY, maxX, maxY), "create rectangle"),
            in: context)
    }

    /// `GEOSUnaryUnion_r`.
    func unaryUnion() throws -> Geometry {
        Geometry(owning: try context.check(GEOSUnaryUnion_r(context.handle, handle), "union"), in: context)
    }

    /// `GEOSLineMerge_r`: joins lines that meet end to end into longer lines.
    func lineMerged() throws -> Geometry {
        Geometry(owning: try context.check(GEOSLineMerge_r(context.handle, handle), "line merge"), in: context)
    }

    /// `GEOSUnion_r`.
    func union(with other: Geometry) throws -> Geometry {
        let handle = withExtendedLifetime(other) { GEOSUnion_r(context.handle, self.handle, other.handle) }
        return Geometry(owning: try context.check(handle, "union"), in: context)
    }

    /// `GEOSBuffer_r`, by default with 8 segments per quarter circle.
    func buffer(_ width: Double, quadrantSegments: Int32 = 8) throws -> Geometry {
        Geometry(
            owning: try context.check(GEOSBuffer_r(context.handle, handle, width, quadrantSegments), "buffer"),
            in: context)
    }

    /// Reads the geometry back into plain coordinates (polygons and multipolygons; a collection
    /// left by MakeValid keeps only its polygonal parts).
    func shape() throws -> Shape {
        switch typeID {
        case Int32(GEOS_POINT.rawValue):
            return .point(try Geometry.points(GEOSGeom_getCoordSeq_r(context.handle, handle), context)[0])
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(try Geometry.points(GEOSGeom_getCoordSeq_r(context.handle, handle), context))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try polygonRings(handle))
        default:
            var polygons: [PolygonRings] = []
            var lines: [Ring] = []
            try collectParts(handle, into: &polygons, lines: &lines)
            if !polygons.isEmpty { return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons) }
            return lines.count == 1 ? .lineString(lines[0]) : .multiLineString(lines)
        }
    }

    private func collectParts(_ geometry: OpaquePointer, into polygons: inout [PolygonRings], lines: inout [Ring]) throws {
        let type = GEOSGeomTypeId_r(context.handle, geometry)
        if type == Int32(GEOS_POLYGON.rawValue) {
            if GEOSisEmpty_r(context.handle, geometry) == 0 { polygons.append(try polygonRings(geometry)) }
        } else if type == Int32(GEOS_LINESTRING.rawValue) {
            lines.append(try Geometry.points(GEOSGeom_getCoordSeq_r(context.handle, geometry), context))
        } else if type >= Int32(GEOS_MULTIPOINT.rawValue) {
            let count = GEOSGetNumGeometries_r(context.handle, geometry)
            guard count >= 0 else { throw context.failure("count parts") }
            for index in 0..<count {
                guard let part = GEOSGetGeometryN_r(context.handle, geometry, index) else {
                    throw context.failure("get part")
                }
                try collectParts(part, into: &polygons, lines: &lines)
            }
        }
    }

    private func polygonRings(_ polygon: OpaquePointer) throws -> PolygonRings {
        guard let exterior = GEOSGetExteriorRing_r(context.handle, polygon) else { throw context.failure("exterior") }
        var rings = [try Geometry.points(GEOSGeom_getCoordSeq_r(context.handle, exterior), context)]
        let holes = GEOSGetNumInteriorRings_r(context.handle, polygon)
        guard holes >= 0 else { throw context.failure("count holes") }
        for index in 0..<holes {
            guard let hole = GEOSGetInteriorRingN_r(context.handle, polygon, index) else {
                throw context.failure("hole")
            }
            rings.append(try Geometry.points(GEOSGeom_getCoordSeq_r(context.handle, hole), context))
        }
        return rings
    }

    /// `GEOSCoordSeq_copyToBuffer_r`.
    private static func points(_ sequence: OpaquePointer?, _ context: GEOSContext) throws -> Ring {
        guard let sequence else { throw context.failure("coordinates") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(context.handle, sequence, &size) == 1 else { throw context.failure("size") }
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        guard GEOSCoordSeq_copyToBuffer_r(context.handle, sequence, &buffer, 0, 0) == 1 else {
            throw context.failure("copy coordinates")
        }
        return (0..<Int(size)).map { Point2(x: buffer[2 * $0], y: buffer[2 * $0 + 1]) }
    }
}

/// Owns a prepared geometry (`GEOSPrepare_r` / `GEOSPreparedGeom_destroy_r`) for repeated queries
/// against the same polygon; keeps its source geometry alive.
final class PreparedGeometry {
    let handle: OpaquePointer
    let geometry: Geometry

    init(_ geometry: Geometry) throws {
        self.geometry = geometry
        handle = try geometry.context.check(GEOSPrepare_r(geometry.context.handle, geometry.handle), "prepare")
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.context.handle, handle) }

    /// `GEOSPreparedDistance_r`: distance from this (prepared) geometry to `other`, 0 inside.
    /// `context` is the calling thread's own when this runs off the thread that built the
    /// geometry (``ConcurrentGEOS``).
    func distance(to other: Geometry, in context: GEOSContext? = nil) throws -> Double {
        let context = context ?? geometry.context
        var value = 0.0
        let ok = withExtendedLifetime(other) {
            GEOSPreparedDistance_r(context.handle, handle, other.handle, &value)
        }
        guard ok == 1 else { throw context.failure("distance") }
        return value
    }

    /// `GEOSPreparedContains_r`.
    func contains(_ other: Geometry) throws -> Bool {
        let result = withExtendedLifetime(other) {
            GEOSPreparedContains_r(geometry.context.handle, handle, other.handle)
        }
        guard result != 2 else { throw geometry.context.failure("contains") }
        return result == 1
    }

    /// `GEOSPreparedCovers_r`: inside or on the boundary.
    func covers(_ other: Geometry) throws -> Bool {
        let result = withExtendedLifetime(other) {
            GEOSPreparedCovers_r(geometry.context.handle, handle, other.handle)
        }
        guard result != 2 else { throw geometry.context.failure("covers") }
        return result == 1
    }
}
