import Foundation

/// `geodata.walkways.snap_m` (renoplan's extension to SPEC §3): joins a walkway layer whose lines
/// meet on the map but not at shared vertices, as street centrelines from a survey or CAD, or
/// lines snapped by eye, usually do. SPEC §3 makes vertices closer than 0.01 m one node and
/// joins nothing else, so such a layer falls apart into pieces and network coverage collapses
/// (the warnings of ``WalkwayJoints`` say so and name the places). With a tolerance `t` renoplan
/// mends what GIS tools' snapping mends, in the working CRS, before the network is built:
///
/// 1. **Vertices onto vertices.** Every vertex within `t` of an earlier one (in feature, part
///    and vertex order) takes that vertex's place, so the network makes them one node; not one
///    of its own line within `2t` along it, so a densely digitised curve keeps its shape.
/// 2. **Line ends onto lines.** A line end that shares its place with no other line's vertex
///    but has another line within `t` (a T-junction drawn without its vertex, a line stopping a
///    hair short) moves onto that line's nearest point, which becomes a vertex of it.
///
/// No point moves more than `t`; lines that cross without a vertex (bridges, underpasses) stay
/// apart unless an end or a vertex lies within `t`. The order is fixed, so the result is the
/// same on every machine. A line that really stops short (a fence, a river bank) would be joined
/// too, which is why this is asked for, not done by default.
enum WalkwaySnap {
    struct Report: Equatable {
        /// Line ends moved onto another line's segment.
        var endsJoined = 0
        /// Vertices moved onto an earlier vertex within the tolerance (not counting vertices
        /// that were already at the same place).
        var verticesMerged = 0
    }

    /// Where a part of a walkway is: walkway index and part index.
    private struct PartID: Hashable, Comparable {
        var walkway: Int
        var part: Int
        static func < (a: PartID, b: PartID) -> Bool { (a.walkway, a.part) < (b.walkway, b.part) }
    }

    /// The walkways with ends and vertices snapped within `tolerance` metres (working CRS).
    static func apply(_ walkways: [Walkway], tolerance: Double) -> (walkways: [Walkway], report: Report) {
        guard tolerance > 0 else { return (walkways, Report()) }
        var parts: [PartID: [Point2]] = [:]
        var order: [PartID] = []
        for (w, walkway) in walkways.enumerated() {
            for (p, line) in walkway.lines.enumerated() {
                parts[PartID(walkway: w, part: p)] = line
                order.append(PartID(walkway: w, part: p))
            }
        }
        var report = Report()
        mergeVertices(&parts, order: order, tolerance: tolerance, report: &report)
        joinEnds(&parts, order: order, tolerance: tolerance, report: &report)
        var result = walkways
        for (w, walkway) in walkways.enumerated() {
            let lines = walkway.lines.indices.map { p in parts[PartID(walkway: w, part: p)]! }
            switch walkway.shape {
            case .lineString: result[w].shape = .lineString(lines[0])
            case .multiLineString: result[w].shape = .multiLineString(lines)
            default: break
            }
        }
        return (result, report)
    }

    /// A grid of cells `size` metres wide over points or segments, for "what lies near here".
    private struct Grid {
        let size: Double
        var cells: [SIMD2<Int64>: [Int]] = [:]

        func key(_ x: Double, _ y: Double) -> SIMD2<Int64> {
            SIMD2(Int64((x / size).rounded(.down)), Int64((y / size).rounded(.down)))
        }

        mutating func insert(_ item: Int, minX: Double, minY: Double, maxX: Double, maxY: Double) {
            let low = key(minX, minY), high = key(maxX, maxY)
            for i in low.x...high.x {
                for j in low.y...high.y { cells[SIMD2(i, j), default: []].append(item) }
            }
        }

        /// The items of the cells within `radius` of `p` (each once, in insertion order).
        func near(_ p: Point2, radius: Double) -> [Int] {
            let low = key(p.x - radius, p.y - radius), high = key(p.x + radius, p.y + radius)
            var found: [Int] = []
            for i in low.x...high.x {
                for j in low.y...high.y { found += cells[SIMD2(i, j)] ?? [] }
            }
            return Array(Set(found)).sorted()
        }
    }

    private static func distance(_ a: Point2, _ b: Point2) -> Double { hypot(a.x - b.x, a.y - b.y) }

    /// The nearest point of segment a–b to p, and where along it (0 at a, 1 at b).
    private static func nearest(on a: Point2, _ b: Point2, to p: Point2) -> (point: Point2, along: Double) {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        guard length2 > 0 else { return (a, 0) }
        let along = min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
        return (Point2(x: a.x + along * dx, y: a.y + along * dy), along)
    }

    /// Step 2: each line end that shares its place with no other line's vertex, with another
    /// line within `tolerance`, moves onto that line's nearest point (a vertex of it, or a new
    /// vertex on the segment).
    private static func joinEnds(_ parts: inout [PartID: [Point2]], order: [PartID], tolerance: Double, report: inout Report) {
        var segments: [(part: PartID, index: Int)] = []
        var segmentGrid = Grid(size: max(4 * tolerance, 5))
        // Each vertex's first line, and the places more than one line has a vertex at.
        var owner: [Point2: PartID] = [:]
        var shared = Set<Point2>()
        for id in order {
            let line = parts[id]!
            for (i, p) in line.enumerated() {
                if let first = owner[p] {
                    if first != id { shared.insert(p) }
                } else {
                    owner[p] = id
                }
                if i > 0 {
                    let a = line[i - 1]
                    segmentGrid.insert(
                        segments.count, minX: min(a.x, p.x), minY: min(a.y, p.y), maxX: max(a.x, p.x), maxY: max(a.y, p.y))
                    segments.append((id, i - 1))
                }
            }
        }
        // Vertices to add: part → (segment index, along, point); ends to move: part → (index, point).
        // Both are applied after the search, which sees the lines as step 1 left them.
        var inserts: [PartID: [(segment: Int, along: Double, point: Point2)]] = [:]
        var moves: [(part: PartID, index: Int, to: Point2)] = []
        for id in order {
            let line = parts[id]!
            guard line.count >= 2, line.first != line.last else { continue }
            // How far along the line each vertex lies.
            var along = [0.0]
            for k in 1..<line.count { along.append(along[k - 1] + distance(line[k - 1], line[k])) }
            for endIndex in [0, line.count - 1] {
                let end = line[endIndex]
                // Joined already: another line has a vertex here.
                if shared.contains(end) { continue }
                // The end's own segment and the next one along its line, and any of its line's
                // segments within 2t along it (a densely digitised curve is not a junction).
                let near = (0..<line.count - 1).filter { j in
                    (endIndex == 0 ? along[j] : along[line.count - 1] - along[j + 1]) <= 2 * tolerance
                }
                let own = (endIndex == 0 ? [0, 1] : [endIndex - 1, endIndex - 2]) + near
                var best: (segment: Int, meters: Double, point: Point2, along: Double)?
                for s in segmentGrid.near(end, radius: tolerance) {
                    let (part, index) = segments[s]
                    if part == id && own.contains(index) { continue }
                    let other = parts[part]!
                    let (point, along) = nearest(on: other[index], other[index + 1], to: end)
                    let meters = distance(point, end)
                    if meters <= tolerance, meters < best?.meters ?? .infinity { best = (s, meters, point, along) }
                }
                guard let best else { continue }
                let (part, index) = segments[best.segment]
                if best.along > 0 && best.along < 1 { inserts[part, default: []].append((index, best.along, best.point)) }
                moves.append((id, endIndex, best.point))
                report.endsJoined += 1
            }
        }
        for (id, index, point) in moves { parts[id]![index] = point }
        for (id, added) in inserts {
            var line = parts[id]!
            // From the last segment back, so earlier indices stay; along a segment in order.
            for group in Dictionary(grouping: added, by: \.segment).sorted(by: { $0.key > $1.key }) {
                let points = group.value.sorted { ($0.along, $0.point.x, $0.point.y) < ($1.along, $1.point.x, $1.point.y) }.map(\.point)
                line.insert(contentsOf: points, at: group.key + 1)
            }
            parts[id] = line
        }
    }

    /// Step 1: each vertex within `tolerance` of an earlier kept one takes its place; a line's
    /// repeated vertices are then dropped (a line of one place keeps two copies of it).
    private static func mergeVertices(_ parts: inout [PartID: [Point2]], order: [PartID], tolerance: Double, report: inout Report) {
        // Each kept vertex with the part it came from and how far along that part it lies: a
        // vertex does not merge into a vertex of its own line within 2t along it (a curve
        // digitised densely keeps its shape), only into another line's or into its own line
        // further round (a ring that stops short of its start).
        var kept: [(point: Point2, part: PartID, along: Double)] = []
        var grid = Grid(size: tolerance)
        for id in order {
            let drawn = parts[id]!
            var line = drawn
            var along = 0.0
            for i in line.indices {
                let p = line[i]
                if i > 0 { along += distance(drawn[i - 1], p) }
                var target: Int?
                for k in grid.near(p, radius: tolerance)
                where distance(kept[k].point, p) <= tolerance && (kept[k].part != id || abs(kept[k].along - along) > 2 * tolerance) {
                    target = k
                    break
                }
                if let target {
                    if kept[target].point != p { report.verticesMerged += 1 }
                    line[i] = kept[target].point
                } else {
                    grid.insert(kept.count, minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)
                    kept.append((p, id, along))
                }
            }
            var deduplicated: [Point2] = []
            for p in line where deduplicated.last != p { deduplicated.append(p) }
            if deduplicated.count < 2, let only = deduplicated.first { deduplicated = [only, only] }
            parts[id] = deduplicated
        }
    }

    /// The warning that says what was joined, in the layer's words.
    static func warning(_ report: Report, tolerance: Double, file: String) -> InputWarning? {
        guard report.endsJoined + report.verticesMerged > 0 else { return nil }
        let metres = formatNumber(tolerance)
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "geodata.walkways.snap_m \(metres): \(report.endsJoined) line end\(report.endsJoined == 1 ? "" : "s") joined to the walkway "
                + "\(report.endsJoined == 1 ? "it stops" : "they stop") at and \(report.verticesMerged) "
                + "vert\(report.verticesMerged == 1 ? "ex" : "ices") moved onto a vertex within \(metres) m, so the network meets there",
            chinese: "geodata.walkways.snap_m \(metres)：已将\(report.endsJoined)处线端接到所停靠的步行道上，"
                + "并将\(report.verticesMerged)个节点并到\(metres)米内的节点，路网在这些地方相连")
    }
}
