import Foundation

/// The pedestrian network of SPEC §3: walkway vertices are nodes (vertices closer than 0.01 m are
/// one node), consecutive vertices are edges weighted by their length.
final class WalkNetwork {
    /// Node positions in the working CRS.
    let nodes: [Point2]
    /// Compressed adjacency: the edges of node n are `edgeTargets[edgeStart[n]..<edgeStart[n+1]]`.
    let edgeStart: [Int]
    let edgeTargets: [Int32]
    let edgeLengths: [Double]
    /// Nodes as GEOS points, in an STRtree for "nodes inside a polygon" and "nearest node".
    let nodeGeometries: [Geometry]
    let tree: STRtree

    static let mergeDistance = 0.01

    /// - Complexity: O(v log v) for v walkway vertices.
    init(_ walkways: [Walkway], in context: GEOSContext) throws {
        var nodes: [Point2] = []
        // The nodes of a grid cell, in the order they were made: the first and last of a list
        // linked through `nextInCell` (-1 ends it), so a cell costs no array of its own.
        var grid: [SIMD2<Int64>: SIMD2<Int32>] = [:]
        var nextInCell: [Int32] = []
        let cell = WalkNetwork.mergeDistance
        // Merge vertices closer than 0.01 m: look in the point's grid cell and its neighbours.
        func node(for p: Point2) -> Int {
            let key = SIMD2(Int64((p.x / cell).rounded(.down)), Int64((p.y / cell).rounded(.down)))
            for dx in -1...1 {
                for dy in -1...1 {
                    var n = grid[key &+ SIMD2(Int64(dx), Int64(dy))]?.x ?? -1
                    while n >= 0 {
                        if hypot(nodes[Int(n)].x - p.x, nodes[Int(n)].y - p.y) < cell { return Int(n) }
                        n = nextInCell[Int(n)]
                    }
                }
            }
            let made = Int32(nodes.count)
            nodes.append(p)
            nextInCell.append(-1)
            if let list = grid[key] {
                nextInCell[Int(list.y)] = made
                grid[key] = SIMD2(list.x, made)
            } else {
                grid[key] = SIMD2(made, made)
            }
            return Int(made)
        }
        var edges: [(Int, Int, Double)] = []
        for walkway in walkways {
            for line in walkway.lines {
                var previous: Int?
                for p in line {
                    let current = node(for: p)
                    if let previous, previous != current {  // repeated vertices add no edge
                        let length = hypot(nodes[current].x - nodes[previous].x, nodes[current].y - nodes[previous].y)
                        edges.append((previous, current, length))
                    }
                    previous = current
                }
            }
        }
        var degree = [Int](repeating: 0, count: nodes.count + 1)
        for (a, b, _) in edges {
            degree[a] += 1
            degree[b] += 1
        }
        var start = [Int](repeating: 0, count: nodes.count + 1)
        for n in 0..<nodes.count { start[n + 1] = start[n] + degree[n] }
        var fill = start
        var targets = [Int32](repeating: 0, count: start[nodes.count])
        var lengths = [Double](repeating: 0, count: start[nodes.count])
        for (a, b, length) in edges {
            targets[fill[a]] = Int32(b)
            lengths[fill[a]] = length
            fill[a] += 1
            targets[fill[b]] = Int32(a)
            lengths[fill[b]] = length
            fill[b] += 1
        }
        self.nodes = nodes
        edgeStart = start
        edgeTargets = targets
        edgeLengths = lengths
        nodeGeometries = try nodes.map { try Geometry(.point($0), in: context) }
        tree = try STRtree(nodeGeometries, in: context)
    }

    var edgeCount: Int { edgeTargets.count / 2 }

    /// The network as ``ShortestPaths`` walks it.
    var graph: WalkGraph { WalkGraph(edgeStart: edgeStart, edgeTargets: edgeTargets, lengthStart: nil, lengths: edgeLengths) }

    /// The same distances between the nodes `keep` marks, with every other node of degree two
    /// taken out: a run of such nodes between two kept ones becomes one edge that keeps its
    /// pieces' lengths, added one by one as a walk along the run adds them, so every distance
    /// between kept nodes is the same number to the last bit. Nodes `keep` does not mark must
    /// have degree two; runs that lead back to where they started are dropped.
    ///
    /// - Complexity: O(nodes + edges).
    func contracted(keeping keep: [Bool]) -> WalkGraph {
        var start = [Int](repeating: 0, count: nodes.count + 1)
        var targets: [Int32] = []
        var lengthStart = [0]
        var lengths: [Double] = []
        for a in nodes.indices {
            start[a] = targets.count
            guard keep[a] else { continue }
            for k in edgeStart[a]..<edgeStart[a + 1] {
                let first = lengths.count
                lengths.append(edgeLengths[k])
                var previous = a
                var current = Int(edgeTargets[k])
                while !keep[current] {
                    // Leave by the edge we did not come in on (both lead back when the run is a
                    // loop of two edges; then either will do).
                    let e0 = edgeStart[current]
                    let leave = Int(edgeTargets[e0]) == previous
                        && (Int(edgeTargets[e0 + 1]) != previous || edgeLengths[e0] == lengths.last!) ? e0 + 1 : e0
                    lengths.append(edgeLengths[leave])
                    previous = current
                    current = Int(edgeTargets[leave])
                }
                if current == a && lengths.count - first > 1 {  // a run back to its start
                    lengths.removeLast(lengths.count - first)
                    continue
                }
                targets.append(Int32(current))
                lengthStart.append(lengths.count)
            }
        }
        start[nodes.count] = targets.count
        return WalkGraph(edgeStart: start, edgeTargets: targets, lengthStart: lengthStart, lengths: lengths)
    }

    /// The connected component of every node (numbered from 0 in node order).
    func components() -> [Int] {
        var component = [Int](repeating: -1, count: nodes.count)
        var next = 0
        for start in nodes.indices where component[start] < 0 {
            var stack = [start]
            component[start] = next
            while let node = stack.popLast() {
                for k in edgeStart[node]..<edgeStart[node + 1] where component[Int(edgeTargets[k])] < 0 {
                    component[Int(edgeTargets[k])] = next
                    stack.append(Int(edgeTargets[k]))
                }
            }
            next += 1
        }
        return component
    }
}

/// Walking distance along the network (SPEC §3): from the estate polygon to a gate (0 inside),
/// the shortest path to the target's node, and the planar step from that node to the target.
/// Gates are the nodes inside the estate or on its outline (at distance 0 from the polygon, as
/// SPEC §3 measures distance), or the nearest node if there are none. Nodes on the outline count:
/// a path that meets the compound's wall at its gate is a way in, and with only the strictly
/// inside nodes an estate whose inside holds a stray fragment (an underpass, an indoor corridor)
/// would walk from that fragment alone.
///
/// One Dijkstra search per estate, from all its gates at once, cut off at the radius asked for
/// (one search for facilities and sites together, see ``neighbors(_:)``).
/// Targets in another component of the network are unreachable and never listed.
final class NetworkDistance: DistanceSource {
    let district: District
    let network: WalkNetwork
    /// Per estate: (gate node, metres from the polygon to it).
    let gates: [[(node: Int, meters: Double)]]

    init(district: District) throws {
        self.district = district
        let network = try WalkNetwork(district.walkways, in: district.geos)
        self.network = network
        gates = try district.estateGeometries.map { estate in
            let box = try estate.geometry.extent()
            var inside: [(Int, Double)] = []
            for n in try network.tree.query(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY)
            where try estate.covers(network.nodeGeometries[n]) {
                inside.append((n, 0))
            }
            if !inside.isEmpty { return inside }
            guard let nearest = try network.tree.nearest(to: estate.geometry) else { return [] }
            return [(nearest, try estate.distance(to: network.nodeGeometries[nearest]))]
        }
    }

    func neighbors(of targets: [Geometry], within radius: Double) throws -> [[Neighbor]] {
        try neighbors([TargetSearch(targets: targets, radius: radius)])[0]
    }

    func neighbors(of targets: [Geometry], within radius: Double, nearestOf groups: [Int?], within farRadius: Double)
        throws -> [[Neighbor]]
    {
        try neighbors([TargetSearch(targets: targets, radius: radius, groups: groups, farRadius: farRadius)])[0]
    }

    /// Every search in one Dijkstra per estate, from all its gates: it settles nodes nearest
    /// first and stops once it is past every search's radius and has met every group's nearest
    /// target (or at the largest radius asked for), so the far search for the few kinds an estate
    /// lacks costs nothing for the estates that lack none.
    ///
    /// - Complexity: per estate, the nodes within the largest radius needed; estates spread over
    ///   the cores (``Concurrent``).
    func neighbors(_ searches: [TargetSearch]) throws -> [[[Neighbor]]] {
        // Each target hangs off its nearest node, with the planar step as an offset; the targets
        // of a node are `attached[attachStart[n]..<attachStart[n+1]]`.
        var hanging: [(node: Int, search: Int, target: Int, offset: Double)] = []
        for (s, search) in searches.enumerated() {
            for (index, target) in search.targets.enumerated() {
                guard let node = try network.tree.nearest(to: target) else { continue }
                hanging.append((node, s, index, try network.nodeGeometries[node].distance(to: target)))
            }
        }
        var attachStart = [Int](repeating: 0, count: network.nodes.count + 1)
        for entry in hanging { attachStart[entry.node + 1] += 1 }
        for n in 0..<network.nodes.count { attachStart[n + 1] += attachStart[n] }
        var fill = attachStart
        var attached = [(search: Int32, target: Int32, offset: Double)](repeating: (0, 0, 0), count: hanging.count)
        for entry in hanging {
            attached[fill[entry.node]] = (Int32(entry.search), Int32(entry.target), entry.offset)
            fill[entry.node] += 1
        }
        hanging = []
        // Searched on the network without the plain street vertices: only gates and the nodes
        // targets hang off matter here, and junctions keep the shape.
        var keep = (0..<network.nodes.count).map { network.edgeStart[$0 + 1] - network.edgeStart[$0] != 2 }
        for n in keep.indices where attachStart[n + 1] > attachStart[n] { keep[n] = true }
        for estateGates in gates { for gate in estateGates { keep[gate.node] = true } }
        let graph = network.contracted(keeping: keep)
        // Per search: how far targets are kept, and the groups that have a target at all.
        let reach = searches.map { $0.groups == nil ? $0.radius : max($0.radius, $0.farRadius) }
        let groupCounts = searches.map { search in (search.groups?.compactMap { $0 }.max() ?? -1) + 1 }
        let groupsWithTargets = searches.map { search in Set(search.groups?.compactMap { $0 } ?? []).count }
        let cutoff = reach.max() ?? 0
        let deepest = searches.map(\.radius).max() ?? 0

        /// One thread's search arrays, reused from estate to estate.
        final class Search {
            var paths: ShortestPaths
            var nearestOfGroup: [[Double]]
            init(_ graph: WalkGraph, _ groupCounts: [Int]) {
                paths = ShortestPaths(graph)
                nearestOfGroup = groupCounts.map { [Double](repeating: .infinity, count: $0) }
            }
        }
        let perEstate: [[[Neighbor]]] = Concurrent.map(gates.count, worker: { Search(graph, groupCounts) }) { search, e in
            // Once a stop is requested the remaining estates are skipped, and the checkpoint
            // below throws.
            if Interruption.isRequested { return searches.map { _ in [] } }
            var found = searches.map { _ in [Neighbor]() }
            var groupsMet = searches.map { _ in 0 }
            for s in searches.indices { for g in 0..<groupCounts[s] { search.nearestOfGroup[s][g] = .infinity } }
            /// Whether nothing farther than `meters` can change any search's answer.
            func done(at meters: Double) -> Bool {
                guard meters > deepest else { return false }
                for s in searches.indices where searches[s].groups != nil {
                    guard groupsMet[s] == groupsWithTargets[s] else { return false }
                    for g in 0..<groupCounts[s] where search.nearestOfGroup[s][g] >= meters {
                        if search.nearestOfGroup[s][g].isFinite { return false }
                    }
                }
                return true
            }
            search.paths.run(from: gates[e], cutoff: cutoff) { node, meters in
                if done(at: meters) { return false }
                for k in attachStart[node]..<attachStart[node + 1] {
                    let (s, target, offset) = (Int(attached[k].search), Int(attached[k].target), attached[k].offset)
                    let distance = meters + offset
                    guard distance <= reach[s] else { continue }
                    found[s].append(Neighbor(target: target, meters: distance))
                    if let group = searches[s].groups?[target] {
                        if search.nearestOfGroup[s][group] == .infinity { groupsMet[s] += 1 }
                        search.nearestOfGroup[s][group] = min(search.nearestOfGroup[s][group], distance)
                    }
                }
                return true
            }
            return searches.indices.map { s in
                let sorted = found[s].sorted { $0.target < $1.target }
                guard let groups = searches[s].groups else { return sorted }
                return Self.nearAndNearest(sorted, within: searches[s].radius, groups: groups)
            }
        }
        try Interruption.checkpoint()
        return searches.indices.map { s in perEstate.map { $0[s] } }
    }
}

/// Adjacency for ``ShortestPaths``: the edges of node n are `edgeTargets[edgeStart[n]..<edgeStart[n+1]]`;
/// edge k is `lengths[k]` long, or with `lengthStart` the sum, in order, of
/// `lengths[lengthStart[k]..<lengthStart[k+1]]` (a contracted run of edges).
struct WalkGraph {
    var edgeStart: [Int]
    var edgeTargets: [Int32]
    var lengthStart: [Int]?
    var lengths: [Double]
}

/// Dijkstra's algorithm with a distance cutoff, reusing its arrays between runs.
struct ShortestPaths {
    private let network: WalkGraph
    private var distance: [Double]
    private var touched: [Int] = []

    init(_ network: WalkNetwork) {
        self.init(network.graph)
    }

    init(_ graph: WalkGraph) {
        network = graph
        distance = [Double](repeating: .infinity, count: graph.edgeStart.count - 1)
    }

    /// Nearest first, then the lower node: a total order, so the nodes are settled in the same
    /// order whatever the queue's inner layout.
    private struct Entry {
        var meters: Double
        var node: Int
        @inline(__always) static func < (a: Entry, b: Entry) -> Bool {
            a.meters < b.meters || (a.meters == b.meters && a.node < b.node)
        }
    }

    /// A binary min-heap, its storage kept from run to run.
    private var queue: [Entry] = []

    @inline(__always) private mutating func push(_ entry: Entry) {
        queue.append(entry)
        var child = queue.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry < queue[parent] else { break }
            queue[child] = queue[parent]
            child = parent
        }
        queue[child] = entry
    }

    @inline(__always) private mutating func popMin() -> Entry? {
        guard let last = queue.popLast() else { return nil }
        guard !queue.isEmpty else { return last }
        let top = queue[0]
        let count = queue.count
        var parent = 0
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count && queue[child + 1] < queue[child] { child += 1 }
            guard queue[child] < last else { break }
            queue[parent] = queue[child]
            parent = child
        }
        queue[parent] = last
        return top
    }

    /// Calls `visit(node, metres)` once for every node settled within `cutoff`, nearest first.
    mutating func run(from sources: [(node: Int, meters: Double)], cutoff: Double, visit: (Int, Double) -> Void) {
        run(from: sources, cutoff: cutoff) { node, meters -> Bool in
            visit(node, meters)
            return true
        }
    }

    /// The same, stopping as soon as `visit` returns false.
    mutating func run(from sources: [(node: Int, meters: Double)], cutoff: Double, visit: (Int, Double) -> Bool) {
        for node in touched { distance[node] = .infinity }
        touched.removeAll(keepingCapacity: true)
        queue.removeAll(keepingCapacity: true)
        for source in sources where source.meters <= cutoff && source.meters < distance[source.node] {
            if distance[source.node] == .infinity { touched.append(source.node) }
            distance[source.node] = source.meters
            push(Entry(meters: source.meters, node: source.node))
        }
        while let entry = popMin() {
            guard entry.meters <= distance[entry.node] else { continue }  // stale entry
            guard visit(entry.node, entry.meters) else { return }
            for k in network.edgeStart[entry.node]..<network.edgeStart[entry.node + 1] {
                let next = Int(network.edgeTargets[k])
                var meters = entry.meters
                if let lengthStart = network.lengthStart {
                    for piece in lengthStart[k]..<lengthStart[k + 1] { meters += network.lengths[piece] }
                } else {
                    meters += network.lengths[k]
                }
                if meters <= cutoff && meters < distance[next] {
                    if distance[next] == .infinity { touched.append(next) }
                    distance[next] = meters
                    push(Entry(meters: meters, node: next))
                }
            }
        }
    }
}
