internal import CGEOS
import Foundation

/// `circles.geojson`: each estate's 5-, 10- and 15-minute living-circle area as a polygon, for maps.
///
/// With `distance: network` the area is the concave hull of what the walk reaches: the estate's
/// outline, every walkway node within the tier's metres, and the point where the walk runs out on
/// each edge leaving them (thinned to one per ``hullCellM`` cell; GEOS concave hull, edge-length
/// ratio ``hullRatio``, no holes), widened by ``streetHalfWidthM`` and joined with the estate and
/// the smaller tiers' areas (so the tiers nest). With `euclidean` it is the estate grown by the
/// tier's metres.
///
/// Estates are drawn on all cores (``ConcurrentGEOS``), each from one Dijkstra search to the
/// largest tier, and projected and written on all cores too (``GeoJSONWriter``, the bytes
/// `JSONEncoder` would write, several times faster).
enum CircleWriter {
    /// GEOS's concave-hull parameter: the longest triangle edge kept on the boundary, as a share
    /// of the spread between the shortest and the longest edge of the points' Delaunay
    /// triangulation (0 hugs the points, 1 is the convex hull).
    static let hullRatio = 0.2
    /// The hull is widened by this much, the half width of a street: a walk that reaches a
    /// street reaches both of its sides.
    static let streetHalfWidthM = 30.0
    /// Reached points are thinned to one per square cell this wide before the hull is drawn.
    static let hullCellM = 20.0

    static func data(_ analysis: Analysis) throws -> Data {
        let district = analysis.district
        let scenario = analysis.scenario
        let tiers = scenario.circles.keys.sorted()
        let longest = tiers.map(scenario.meters).max() ?? 0
        // Shapes on this thread: each worker rebuilds its estates in its own GEOS context.
        let estateShapes = try district.estateGeometries.map { try $0.geometry.shape() }
        let network = analysis.network
        final class Worker {
            let context: GEOSContext
            var paths: ShortestPaths?
            init(_ context: GEOSContext, _ network: NetworkDistance?) {
                self.context = context
                paths = network.map { ShortestPaths($0.network) }
            }
        }
        let areas: [[Shape]] = try ConcurrentGEOS.map(estateShapes.count, worker: { Worker($0, network) }) { worker, e in
            // Once a stop is requested the remaining estates are skipped; the checkpoint below throws.
            if Interruption.isRequested { return [] }
            let estate = try Geometry(estateShapes[e], in: worker.context)
            guard let network, worker.paths != nil else {
                return try tiers.map { try estate.buffer(scenario.meters($0)).shape() }
            }
            var settled: [(node: Int, meters: Double)] = []
            worker.paths!.run(from: network.gates[e], cutoff: longest) { settled.append(($0, $1)) }
            // Each tier's area holds the smaller tiers' (their union): concave hulls of growing
            // point sets need not nest, and a 10-minute circle that leaves out part of the
            // 5-minute one reads as wrong on a map (a tester found 255 of 285 estates so).
            var inner: Geometry?
            return try tiers.map { minutes in
                var area = try walkingArea(settled, within: scenario.meters(minutes), network: network.network,
                                           estate: estate, outline: estateShapes[e])
                if let inner { area = try area.union(with: inner) }
                inner = area
                return try area.shape()
            }
        }
        try Interruption.checkpoint()
        let distance = scenario.distance.rawValue
        return try GeoJSONWriter.collection(district.estates.count, toLonLat: district.toLonLat) { e in
            tiers.enumerated().map { t, minutes in
                GeoJSONWriter.Feature(shape: areas[e][t], properties: [
                    "id": .string(district.estates[e].id),
                    "minutes": .number(Double(minutes)),
                    "meters": .number(scenario.meters(minutes)),
                    "distance": .string(distance),
                ])
            }
        }
    }

    /// The concave hull of the estate's outline, the nodes reached within `meters` and the points
    /// where the walk runs out along the edges leaving them, joined with the estate.
    private static func walkingArea(
        _ settled: [(node: Int, meters: Double)], within meters: Double, network: WalkNetwork, estate: Geometry,
        outline: Shape
    ) throws -> Geometry {
        var lines: [Ring] = []
        switch outline {
        case .polygon(let rings): lines.append(rings[0])
        case .multiPolygon(let parts): lines += parts.map { $0[0] }
        default: break
        }
        // One point per grid cell: the triangulation is the slow part, and points closer than a
        // cell change the hull by less than the street's half width it is widened by.
        var points: Ring = []
        var cells = Set<SIMD2<Int64>>()
        func add(_ p: Point2) {
            let cell = SIMD2(Int64((p.x / hullCellM).rounded(.down)), Int64((p.y / hullCellM).rounded(.down)))
            if cells.insert(cell).inserted { points.append(p) }
        }
        for (node, reached) in settled where reached <= meters {
            let from = network.nodes[node]
            add(from)
            for k in network.edgeStart[node]..<network.edgeStart[node + 1] {
                let length = network.edgeLengths[k]
                guard reached + length > meters else { continue }  // the next node is listed itself
                let to = network.nodes[Int(network.edgeTargets[k])]
                let share = (meters - reached) / length
                add(Point2(x: from.x + (to.x - from.x) * share, y: from.y + (to.y - from.y) * share))
            }
        }
        guard points.count >= 2 else { return estate }
        lines.append(points)
        let hull = try Geometry(.multiLineString(lines), in: estate.context).concaveHull(ratio: hullRatio)
        return try hull.buffer(streetHalfWidthM, quadrantSegments: 2).union(with: estate)
    }
}

extension Geometry {
    /// `GEOSConcaveHull_r` of the geometry's vertices, without holes.
    fileprivate func concaveHull(ratio: Double) throws -> Geometry {
        Geometry(
            owning: try context.check(GEOSConcaveHull_r(context.handle, handle, ratio, 0), "concave hull"),
            in: context)
    }
}
