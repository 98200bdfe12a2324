import Foundation

/// Walkway lines that meet on the map but not in the network (SPEC §3 joins lines only where
/// they share a vertex). Street and path layers drawn in CAD or digitised by hand often end a
/// line on another one, or a hair short of it, without a vertex there: the walk then goes round,
/// or nowhere, and every network coverage figure near it falls without a word. `validate` (and
/// every command) warns about such ends; it does not move them, because a line that really stops
/// short (a fence, a river bank) looks the same. Lines that cross without a shared vertex are
/// not reported: bridges and underpasses do that.
///
/// Nor does the network join two vertices just over SPEC §3's 0.01 m apart (lines snapped by
/// eye, or exported with a few centimetres' rounding): they stay two nodes, and the streets that
/// meet there on the map do not meet on foot. Such near nodes are named too
/// (``nearNodes(_:network:skipping:)``).
enum WalkwayJoints {
    /// A line end this close to another walkway, without a vertex of it there, is reported.
    static let tolerance = 1.0
    /// Examples named in the warning.
    static let examples = 5

    /// A place where two walkways look joined on the map and are not in the network: `walkway`
    /// at `point` (a node's position, working CRS), `meters` from `other` — from its line, for a
    /// loose end; from its node, for near nodes (`other` may then be `walkway` itself, as when a
    /// ring is not quite closed).
    struct Gap: Equatable {
        var walkway: Int
        var other: Int
        var meters: Double
        var point: Point2
    }

    /// The ends of lines (indices into `walkways`) that are nodes of one edge only and lie within
    /// ``tolerance`` of another walkway, each with its nearest other walkway; in walkway order.
    ///
    /// - Complexity: O(v) for v vertices to find the ends, then a tree query per loose end.
    static func looseEnds(
        _ walkways: [Walkway], geometries: [Geometry], network: WalkNetwork, in context: GEOSContext
    ) throws -> [Gap] {
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
        var loose: [Gap] = []
        for (w, p) in candidates {
            let point = try Geometry(.point(p), in: context)
            var nearest: (other: Int, meters: Double)?
            for other in try tree.query(minX: p.x - tolerance, minY: p.y - tolerance, maxX: p.x + tolerance, maxY: p.y + tolerance).sorted()
            where other != w {
                let meters = try point.distance(to: geometries[other])
                if meters <= tolerance, meters < nearest?.meters ?? .infinity { nearest = (other, meters) }
            }
            if let nearest { loose.append(Gap(walkway: w, other: nearest.other, meters: nearest.meters, point: p)) }
        }
        return loose
    }

    /// The walkway warnings of a network district: loose ends, then near nodes (a loose end is
    /// not named again as a near node).
    static func warnings(_ district: District, network: WalkNetwork, file: String) throws -> [InputWarning] {
        let loose = try looseEnds(district.walkways, geometries: district.walkwayGeometries, network: network, in: district.geos)
        let near = nearNodes(district.walkways, network: network, skipping: Set(loose.map(\.point)))
        return [
            looseEndWarning(loose, walkways: district.walkways, file: file),
            try nearNodeWarning(near, walkways: district.walkways, toLonLat: district.toLonLat, file: file),
        ].compactMap { $0 }
    }

    /// "feature #12 (W0012)": the index, and the id when the layer has one.
    static func name(_ walkway: Walkway) -> String {
        "feature #\(walkway.featureIndex)" + (walkway.id.map { " (\($0))" } ?? "")
    }

    static func chineseName(_ walkway: Walkway) -> String {
        "要素#\(walkway.featureIndex)" + (walkway.id.map { "（\($0)）" } ?? "")
    }

    /// One warning for the layer, naming the first ``examples`` loose ends; nil when there are none.
    static func looseEndWarning(_ loose: [Gap], walkways: [Walkway], file: String) -> InputWarning? {
        guard !loose.isEmpty else { return nil }
        let named = loose.prefix(examples).map { end in
            "\(name(walkways[end.walkway])) ends \(String(format: "%.2f", end.meters)) m from \(name(walkways[end.other]))"
        }
        let more = loose.count > examples ? "; …" : ""
        let count = loose.count == 1 ? "1 line end stops" : "\(loose.count) line ends stop"
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "\(count) within \(Int(tolerance)) m of another walkway without a shared vertex, so the network "
                + "does not join them there (\(named.joined(separator: "; "))\(more)): a walk there goes round or nowhere; "
                + "where the lines meet, give them a common vertex (QGIS: Snap geometries to layer, then Split with lines; "
                + "GRASS v.clean; PostGIS ST_Node), or let renoplan join every end within a distance: geodata.walkways: "
                + "{path: …, snap_m: 1}",
            chinese: "有\(loose.count)处线端停在另一条步行道1米以内却没有共同节点，路网在那里不相连（"
                + loose.prefix(examples).map { end in
                    "\(chineseName(walkways[end.walkway]))的端点距\(chineseName(walkways[end.other])) \(String(format: "%.2f", end.meters))米"
                }.joined(separator: "；") + (loose.count > examples ? "；……" : "")
                + "）：步行到那里要绕行或走不通；两线相接处请给它们一个共同节点（QGIS：捕捉几何到图层，再用线分割；GRASS v.clean；PostGIS ST_Node），"
                + "或让 renoplan 在给定距离内自动连接：geodata.walkways: {path: …, snap_m: 1}")
    }

    /// Two distinct nodes closer than this are reported unless a short walk joins them. Half a
    /// metre is far below a street's width (two paths this close are one path drawn twice, or
    /// one junction drawn as two nodes) and far above the gaps that snapping by eye or rounding
    /// on export leaves (OpenStreetMap's Helsinki extract has a footway 1.1 cm from the junction
    /// it was meant to end on); no distance changes for it.
    static let nearNodeMeters = 0.5
    /// Near nodes that a walk of at most this joins are joined: a curve or a flight of steps
    /// digitised with vertices a few decimetres apart has nodes under half a metre apart that
    /// are not consecutive, with a walk between them of about their distance.
    static let joinedWithinMeters = 1.0

    /// The near nodes of the network — two nodes less than ``nearNodeMeters`` apart that no walk
    /// of ``joinedWithinMeters`` or less joins, `walkway` having a vertex at the first and `other`
    /// at the second — in walkway order, leaving out pairs with a node at one of `skipping` (the
    /// loose ends, which their own warning names).
    ///
    /// - Complexity: O(v log k) for v nodes (``closePairs(_:within:)``), then a walk of at most
    ///   ``joinedWithinMeters`` from each close pair without an edge, then O(v) to name the lines
    ///   of the pairs found.
    static func nearNodes(_ walkways: [Walkway], network: WalkNetwork, skipping: Set<Point2>) -> [Gap] {
        let nodes = network.nodes
        var paths: ShortestPaths?
        var found: [(a: Int, b: Int, meters: Double)] = []
        for (a, b) in closePairs(nodes, within: nearNodeMeters)
        where !skipping.contains(nodes[a]) && !skipping.contains(nodes[b]) {
            let edges = network.edgeStart[a]..<network.edgeStart[a + 1]
            if edges.contains(where: { Int(network.edgeTargets[$0]) == b }) { continue }
            var joined = false
            if paths == nil { paths = ShortestPaths(network) }
            paths!.run(from: [(a, 0)], cutoff: joinedWithinMeters) { node, _ -> Bool in
                joined = node == b
                return !joined
            }
            if !joined { found.append((a, b, hypot(nodes[a].x - nodes[b].x, nodes[a].y - nodes[b].y))) }
        }
        guard !found.isEmpty else { return [] }
        // A node keeps the position of the vertex that made it: the first line with a vertex
        // there is the one to name.
        var lineAt = [Point2: Int]()
        for pair in found {
            lineAt[nodes[pair.a]] = -1
            lineAt[nodes[pair.b]] = -1
        }
        for (w, walkway) in walkways.enumerated() {
            for line in walkway.lines {
                for p in line where lineAt[p] == -1 { lineAt[p] = w }
            }
        }
        return found.map { pair in
            Gap(walkway: lineAt[nodes[pair.a]]!, other: lineAt[nodes[pair.b]]!, meters: pair.meters, point: nodes[pair.a])
        }.sorted { ($0.walkway, $0.other, $0.point.x, $0.point.y) < ($1.walkway, $1.other, $1.point.x, $1.point.y) }
    }

    /// Pairs (i < j) of points less than `meters` apart, in order.
    ///
    /// - Complexity: O(n log k) for n points, k in the fullest column: the points are put into
    ///   columns at least `meters` wide by a counting sort, each column is sorted by y, and each
    ///   point is compared with the points of its own column and the next whose y is within
    ///   `meters` (no hash table, no sort of all n: the million nodes of a 100,000-estate district
    ///   take about 40 ms).
    static func closePairs(_ points: [Point2], within meters: Double) -> [(Int, Int)] {
        guard points.count > 1 else { return [] }
        var minX = Double.infinity, maxX = -Double.infinity
        for p in points {
            minX = min(minX, p.x)
            maxX = max(maxX, p.x)
        }
        // About one point per column on average, and never narrower than `meters`.
        let width = max(meters, (maxX - minX) / Double(points.count))
        let columns = Int((maxX - minX) / width) + 1
        func column(_ p: Point2) -> Int { min(columns - 1, Int((p.x - minX) / width)) }
        var start = [Int](repeating: 0, count: columns + 1)
        for p in points { start[column(p) + 1] += 1 }
        for c in 0..<columns { start[c + 1] += start[c] }
        var fill = start
        var order = [Int32](repeating: 0, count: points.count)
        for (i, p) in points.enumerated() {
            order[fill[column(p)]] = Int32(i)
            fill[column(p)] += 1
        }
        for c in 0..<columns where start[c + 1] - start[c] > 1 {
            order[start[c]..<start[c + 1]].sort { (points[Int($0)].y, $0) < (points[Int($1)].y, $1) }
        }
        var pairs: [(Int, Int)] = []
        func compare(_ i: Int, from first: Int, to end: Int) {
            var k = first
            while k < end, points[Int(order[k])].y - points[i].y < meters {
                let j = Int(order[k])
                if hypot(points[j].x - points[i].x, points[j].y - points[i].y) < meters { pairs.append((min(i, j), max(i, j))) }
                k += 1
            }
        }
        for c in 0..<columns {
            var next = c + 1 < columns ? start[c + 1] : 0
            for k in start[c]..<start[c + 1] {
                let i = Int(order[k])
                compare(i, from: k + 1, to: start[c + 1])
                guard c + 1 < columns else { continue }
                // The next column's first point that may lie within `meters` below, for this
                // point and (the column being sorted by y) every later one.
                while next < start[c + 2], points[Int(order[next])].y <= points[i].y - meters { next += 1 }
                compare(i, from: next, to: start[c + 2])
            }
        }
        return pairs.sorted { $0 < $1 }
    }

    /// One warning for the layer, naming the first ``examples`` near nodes and where they are
    /// (WGS 84 longitude, latitude); nil when there are none.
    static func nearNodeWarning(_ near: [Gap], walkways: [Walkway], toLonLat: Transformer, file: String) throws -> InputWarning? {
        guard !near.isEmpty else { return nil }
        let shown = Array(near.prefix(examples))
        let places = try toLonLat.forward(shown.map(\.point))
        func english(_ pair: Gap, _ place: Point2) -> String {
            let lines = pair.walkway == pair.other
                ? "two vertices of \(name(walkways[pair.walkway]))"
                : "\(name(walkways[pair.walkway])) and \(name(walkways[pair.other]))"
            return lines + String(format: ", %.3f m apart at lon %.6f, lat %.6f", pair.meters, place.x, place.y)
        }
        func chinese(_ pair: Gap, _ place: Point2) -> String {
            let lines = pair.walkway == pair.other
                ? "\(chineseName(walkways[pair.walkway]))的两个节点"
                : "\(chineseName(walkways[pair.walkway]))与\(chineseName(walkways[pair.other]))"
            return lines + String(format: "相距%.3f米，位于经度%.6f、纬度%.6f", pair.meters, place.x, place.y)
        }
        let more = near.count > examples
        let count = near.count == 1 ? "1 pair of walkway nodes lies" : "\(near.count) pairs of walkway nodes lie"
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "\(count) less than \(nearNodeMeters) m apart with no walk of \(Int(joinedWithinMeters)) m or less between them "
                + "(the network joins only vertices closer than \(WalkNetwork.mergeDistance) m), so streets that look joined there are not: "
                + "a walk from one to the other goes round or nowhere ("
                + zip(shown, places).map(english).joined(separator: "; ") + (more ? "; …" : "")
                + "); where the lines are meant to meet, give them one vertex (QGIS: Snap geometries to layer; GRASS v.clean; "
                + "PostGIS ST_Snap), or let renoplan join them: geodata.walkways: {path: …, snap_m: 0.5}",
            chinese: "有\(near.count)对步行道节点相距不到0.5米，其间却没有1米以内的步行路径（路网只合并相距不到0.01米的节点），"
                + "看似相接的道路在那里并不相通：从一处走到另一处要绕行或走不通（"
                + zip(shown, places).map(chinese).joined(separator: "；") + (more ? "；……" : "")
                + "）；本应相接处请让它们共用一个节点（QGIS：捕捉几何到图层；GRASS v.clean；PostGIS ST_Snap），"
                + "或让 renoplan 自动连接：geodata.walkways: {path: …, snap_m: 0.5}")
    }
}
