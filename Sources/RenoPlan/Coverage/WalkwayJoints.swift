import Foundation

/// Walkway lines that meet on the map but not in the network (SPEC §3 joins lines only where
/// they share a vertex). Street and path layers drawn in CAD or digitised by hand often end a
/// line on another one, or a hair short of it, without a vertex there: the walk then goes round,
/// or nowhere, and every network coverage figure near it falls without a word. `validate` (and
/// every command) warns about such ends; it does not move them, because a line that really stops
/// short (a fence, a river bank) looks the same. Lines that cross without a shared vertex are
/// not reported: bridges and underpasses do that.
enum WalkwayJoints {
    /// A line end this close to another walkway, without a vertex of it there, is reported.
    static let tolerance = 1.0
    /// Examples named in the warning.
    static let examples = 5

    /// A line end of `walkway` that meets no other line's vertex, `meters` from `other`.
    struct LooseEnd: Equatable {
        var walkway: Int
        var other: Int
        var meters: Double
    }

    /// The ends of lines (indices into `walkways`) that are nodes of one edge only and lie within
    /// ``tolerance`` of another walkway, each with its nearest other walkway; in walkway order.
    ///
    /// - Complexity: O(v) for v vertices to find the ends, then a tree query per loose end.
    static func looseEnds(
        _ walkways: [Walkway], geometries: [Geometry], network: WalkNetwork, in context: GEOSContext
    ) throws -> [LooseEnd] {
        // A node with one edge keeps the position of the one vertex that made it.
        var deadEnds = Set<Point2>()
        for n in network.nodes.indices where network.edgeStart[n + 1] - network.edgeStart[n] == 1 {
            deadEnds.insert(network.nodes[n])
        }
        guard !deadEnds.isEmpty, geometries.count == walkways.count else { return [] }
        var candidates: [(walkway: Int, point: Point2)] = []
        for (w, walkway) in walkways.enumerated() {
            for part in walkway.lines {
                for end in [part.first, part.last].compactMap({ $0 }) where deadEnds.remove(end) != nil {
                    candidates.append((w, end))
                }
            }
        }
        guard !candidates.isEmpty else { return [] }
        let tree = try STRtree(geometries, in: context)
        var loose: [LooseEnd] = []
        for (w, p) in candidates {
            let point = try Geometry(.point(p), in: context)
            var nearest: (other: Int, meters: Double)?
            for other in try tree.query(minX: p.x - tolerance, minY: p.y - tolerance, maxX: p.x + tolerance, maxY: p.y + tolerance).sorted()
            where other != w {
                let meters = try point.distance(to: geometries[other])
                if meters <= tolerance, meters < nearest?.meters ?? .infinity { nearest = (other, meters) }
            }
            if let nearest { loose.append(LooseEnd(walkway: w, other: nearest.other, meters: nearest.meters)) }
        }
        return loose
    }

    /// One warning for the layer, naming the first ``examples`` loose ends; nil when there are none.
    static func warning(_ loose: [LooseEnd], walkways: [Walkway], file: String) -> InputWarning? {
        guard !loose.isEmpty else { return nil }
        let named = loose.prefix(examples).map { end in
            String(format: "feature #%d ends %.2f m from feature #%d", walkways[end.walkway].featureIndex, end.meters, walkways[end.other].featureIndex)
        }
        let more = loose.count > examples ? "; …" : ""
        let count = loose.count == 1 ? "1 line end stops" : "\(loose.count) line ends stop"
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "\(count) within \(Int(tolerance)) m of another walkway without a shared vertex, so the network "
                + "does not join them there (\(named.joined(separator: "; "))\(more)): a walk there goes round or nowhere; "
                + "where the lines meet, give them a common vertex (QGIS: Snap geometries to layer, then Split with lines; "
                + "GRASS v.clean; PostGIS ST_Node)",
            chinese: "有\(loose.count)处线端停在另一条步行道1米以内却没有共同节点，路网在那里不相连（"
                + loose.prefix(examples).map { end in
                    String(format: "要素#%d的端点距要素#%d %.2f米", walkways[end.walkway].featureIndex, walkways[end.other].featureIndex, end.meters)
                }.joined(separator: "；") + (loose.count > examples ? "；……" : "")
                + "）：步行到那里要绕行或走不通；两线相接处请给它们一个共同节点（QGIS：捕捉几何到图层，再用线分割；GRASS v.clean；PostGIS ST_Node）")
    }
}
