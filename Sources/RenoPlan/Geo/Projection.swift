internal import CPROJ
import Foundation

/// A coordinate-system problem: an unknown CRS, or points PROJ could not transform.
public struct ProjectionError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Owns a PROJ context (`proj_context_create` / `proj_context_destroy`). PROJ's log output is
/// captured here rather than printed to stderr.
final class ProjContext {
    let handle: OpaquePointer
    fileprivate(set) var lastLog: String?

    init() {
        guard let handle = proj_context_create() else { fatalError("proj_context_create returned NULL") }
        self.handle = handle
        proj_log_func(handle, Unmanaged.passUnretained(self).toOpaque()) { userData, _, message in
            guard let userData, let message else { return }
            Unmanaged<ProjContext>.fromOpaque(userData).takeUnretainedValue().lastLog = String(cString: message)
        }
    }

    /// The normalised transformations made so far, by source and target definition; this
    /// context owns them (``Transformer`` keeps its context alive while it uses one).
    private var operations: [String: OpaquePointer] = [:]
    /// The coordinate systems described so far, by definition (PROJ looks each EPSG code up in
    /// its database).
    fileprivate var systems: [String: CRS] = [:]

    deinit {
        for operation in operations.values { proj_destroy(operation) }
        proj_context_destroy(handle)
    }

    /// The transformation from `source` to `target` (`proj_create_crs_to_crs`), normalised so
    /// that geographic coordinates are longitude first (`proj_normalize_for_visualization`):
    /// made once per pair.
    fileprivate func operation(from source: String, to target: String) throws -> OpaquePointer {
        let key = source + "\u{0}" + target
        if let known = operations[key] { return known }
        lastLog = nil
        guard let raw = proj_create_crs_to_crs(handle, source, target, nil) else {
            throw ProjectionError(message: "no transformation from \(source) to \(target): \(errorMessage())")
        }
        defer { proj_destroy(raw) }
        guard let normalized = proj_normalize_for_visualization(handle, raw) else {
            throw ProjectionError(message: "cannot normalise axis order: \(errorMessage())")
        }
        operations[key] = normalized
        return normalized
    }

    /// `operation` of another context made this context's own (`proj_clone`), destroyed with it.
    fileprivate func copy(of operation: OpaquePointer, from source: String, to target: String) throws -> OpaquePointer {
        lastLog = nil
        guard let clone = proj_clone(handle, operation) else {
            throw ProjectionError(message: "cannot copy the transformation from \(source) to \(target): \(errorMessage())")
        }
        operations[source + "\u{0}" + target] = clone
        return clone
    }

    /// The message for the context's current error, if any (`proj_context_errno_string`).
    func errorMessage() -> String {
        // PROJ's log line ("proj_create: crs not found") says more than its error code's text
        // ("Unknown error (code 4096)").
        if let lastLog { return lastLog }
        let code = proj_context_errno(handle)
        if code != 0, let text = proj_context_errno_string(handle, code) { return String(cString: text) }
        return "unknown PROJ error"
    }

    /// The PROJ library version, e.g. "9.1.1".
    static var version: String {
        "\(PROJ_VERSION_MAJOR).\(PROJ_VERSION_MINOR).\(PROJ_VERSION_PATCH)"
    }
}

/// What kind of coordinates a CRS has.
enum CRSKind: Equatable {
    case geographic  // degrees: longitude, latitude
    case projected   // metres: easting, northing
}

/// A coordinate reference system known to PROJ, described by a string such as `EPSG:4547`.
struct CRS: Equatable {
    let definition: String
    let kind: CRSKind
    let name: String
    /// Where the CRS is meant to be used, in lon/lat degrees (`proj_get_area_of_use`): EPSG:4547's
    /// is "China - 112°30'E to 115°30'E"; nil for a CRS without one (a bare PROJ string).
    let area: Area?

    struct Area: Equatable {
        let west, south, east, north: Double
        let name: String
    }

    static let lonLatDefinition = "EPSG:4326"

    /// A CRS as written in a scenario, with a bare number (`4548`, ` 4548 `) read as its EPSG
    /// code (`EPSG:4548`): PROJ would take the number for a name to search and find a CRS whose
    /// name holds it (4548 is in "WGS 84 / SCAR IMW ST45-48", an Antarctic map sheet). Anything
    /// else as written.
    static func definition(_ written: String) -> String {
        let trimmed = written.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 6, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else { return written }
        return "EPSG:\(trimmed)"
    }

    /// Asks PROJ what `definition` is (`proj_create`, `proj_get_type`). A PROJ string as
    /// surveying software writes a city's own grid (`+proj=tmerc +lon_0=114.3 … +units=m`) is a
    /// CRS to PROJ only with `+type=crs`, which is added where it is missing.
    init(_ given: String, in context: ProjContext) throws {
        let number = Self.definition(given)
        let definition = number.hasPrefix("+") && !number.contains("+type=crs") ? number + " +type=crs" : number
        if let known = context.systems[definition] {
            self = known
            return
        }
        context.lastLog = nil
        guard let object = proj_create(context.handle, definition) else {
            throw ProjectionError(message: "unknown coordinate system '\(definition)': \(context.errorMessage())")
        }
        defer { proj_destroy(object) }
        switch proj_get_type(object) {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS:
            kind = .geographic
        case PJ_TYPE_PROJECTED_CRS:
            kind = .projected
        default:
            throw ProjectionError(message: "'\(definition)' is not a geographic or projected coordinate system")
        }
        self.definition = definition
        name = proj_get_name(object).map { String(cString: $0) } ?? definition
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        var areaName: UnsafePointer<CChar>?
        if proj_get_area_of_use(context.handle, object, &west, &south, &east, &north, &areaName) != 0, west > -1000 {
            area = Area(west: west, south: south, east: east, north: north, name: areaName.map { String(cString: $0) } ?? "")
        } else {
            area = nil
        }
        context.systems[definition] = self
    }

    /// How much a projected CRS stretches lengths at a lon/lat point: 0.16 for Web Mercator
    /// (EPSG:3857) at 30.5°N, whose metres are 1/cos φ true metres; under 0.0015 within a
    /// Gauss–Krüger zone. Measured, not derived: PROJ projects the point and points 0.01° east
    /// and north of it, and the projected distances are compared with the geodesic distances on
    /// the WGS 84 ellipsoid (PROJ's `geod_inverse`); the larger relative difference. Nil for a
    /// geographic CRS, or when PROJ cannot project the points.
    func lengthDistortion(longitude: Double, latitude: Double, in context: ProjContext) -> Double? {
        guard kind == .projected,
            let toLonLat = try? Transformer(from: self, to: CRS(CRS.lonLatDefinition, in: context), in: context)
        else { return nil }
        let step = 0.01
        let around = [Point2(x: longitude, y: latitude), Point2(x: longitude + step, y: latitude), Point2(x: longitude, y: latitude + step)]
        guard let projected = try? toLonLat.inverse(around), projected.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
        var ellipsoid = geod_geodesic()
        geod_init(&ellipsoid, 6_378_137, 1 / 298.257223563)
        var worst = 0.0
        for k in 1...2 {
            var metres = 0.0
            geod_inverse(&ellipsoid, around[0].y, around[0].x, around[k].y, around[k].x, &metres, nil, nil)
            let mapped = hypot(projected[k].x - projected[0].x, projected[k].y - projected[0].y)
            guard metres > 0 else { return nil }
            worst = max(worst, abs(mapped / metres - 1))
        }
        return worst
    }

    /// The WGS 84 / UTM zone (EPSG:326zz north, 327zz south) containing a lon/lat point.
    static func utmDefinition(longitude: Double, latitude: Double) -> String {
        let zone = min(60, max(1, Int(((longitude + 180) / 6).rounded(.down)) + 1))
        return "EPSG:\(latitude >= 0 ? 32600 + zone : 32700 + zone)"
    }
}

/// Owns a PROJ transformation between two CRSs (`proj_create_crs_to_crs`), normalised so that
/// geographic coordinates are always longitude first (`proj_normalize_for_visualization`), and
/// projected ones easting first, the order GeoJSON uses.
final class Transformer {
    private let handle: OpaquePointer
    private let context: ProjContext
    let source: CRS
    let target: CRS

    /// The context keeps the transformation for the next transformer between the same two
    /// CRSs: PROJ searches its database for one (about 20 ms), and loading a district asks for
    /// the same pair up to a dozen times.
    init(from source: CRS, to target: CRS, in context: ProjContext) throws {
        self.context = context
        self.source = source
        self.target = target
        handle = try context.operation(from: source.definition, to: target.definition)
    }

    private init(handle: OpaquePointer, context: ProjContext, source: CRS, target: CRS) {
        self.handle = handle
        self.context = context
        self.source = source
        self.target = target
    }

    /// The same transformation in a PROJ context of its own, for another thread: a context and
    /// the objects made in it serve one thread at a time. The copy transforms every point as
    /// this one does.
    func copy() throws -> Transformer {
        let context = ProjContext()
        let handle = try context.copy(of: handle, from: source.definition, to: target.definition)
        return Transformer(handle: handle, context: context, source: source, target: target)
    }

    /// Transforms points source → target (`proj_trans_generic`, PJ_FWD).
    func forward(_ points: [Point2]) throws -> [Point2] { try transform(points, direction: PJ_FWD) }

    /// A shape's points transformed source → target.
    func forward(_ shape: Shape) throws -> Shape { shape.replacingPoints(try forward(shape.allPoints)) }

    /// Transforms points target → source (PJ_INV).
    func inverse(_ points: [Point2]) throws -> [Point2] { try transform(points, direction: PJ_INV) }

    /// Transforms points source → target in one call, with nil where PROJ cannot (a point
    /// outside the projection's domain) rather than an error for all of them.
    func forwardEach(_ points: [Point2]) -> [Point2?] {
        raw(points, direction: PJ_FWD).points.map { $0.x.isFinite && $0.y.isFinite ? $0 : nil }
    }

    private func transform(_ points: [Point2], direction: PJ_DIRECTION) throws -> [Point2] {
        let (done, completed) = raw(points, direction: direction)
        guard completed == points.count, done.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw ProjectionError(
                message: "PROJ could not transform coordinates from \(source.definition) to \(target.definition): "
                    + context.errorMessage())
        }
        return done
    }

    /// `proj_trans_generic` over all points (a point PROJ cannot transform comes back
    /// infinite), and how many it says it transformed.
    private func raw(_ points: [Point2], direction: PJ_DIRECTION) -> (points: [Point2], completed: Int) {
        if points.isEmpty { return ([], 0) }
        var xs = points.map(\.x)
        var ys = points.map(\.y)
        let count = points.count
        let stride = MemoryLayout<Double>.stride
        let completed = xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                proj_trans_generic(
                    handle, direction, x.baseAddress, stride, count, y.baseAddress, stride, count,
                    nil, 0, 0, nil, 0, 0)
            }
        }
        return ((0..<count).map { Point2(x: xs[$0], y: ys[$0]) }, completed)
    }
}
