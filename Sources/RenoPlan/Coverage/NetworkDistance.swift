import Foundation
import HeapModule

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
        var grid: [SIMD2<Int64>: [Int]] = [:]
        let cell = WalkNetwork.mergeDistance
        // Merge vertices closer than 0.01 m: look in the point's grid cell and its neighbours.
        func node(for p: Point2) -> Int {
            let key = SIMD2(Int64((p.x / cell).rounded(.down)), Int64((p.y / cell).rounded(.down)))
            for dx in -1...1 {
                for dy in -1...1 {
                    for n in grid[key &+ SIMD2(Int64(dx), Int64(dy))] ?? []
                    where hypot(nodes[n].x - p.x, nodes[n].y - p.y) < cell {
                        return n
                    }
                }
            }
            nodes.append(p)
            grid[key, default: []].append(nodes.count - 1)
            return nodes.count - 1
        }
        var edges: [(Int, Int, Double)] = []
        for walkway in walkways {
            let lines: [Ring]
            switch walkway.shape {
            case .lineString(let line): lines = [line]
            case .multiLineString(let parts): lines = parts
            default: lines = []
            }
            for line in lines {
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
/// Gates are the nodes inside the estate, or the nearest node if none is inside.
///
/// One Dijkstra search per estate, from all its gates at once, cut off at the radius asked for.
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
            where try estate.contains(network.nodeGeometries[n]) {
                inside.append((n, 0))
            }
            if !inside.isEmpty { return inside }
            guard let nearest = try network.tree.nearest(to: estate.geometry) else { return [] }
            return [(nearest, try estate.distance(to: network.nodeGeometries[nearest]))]
        }
    }

    /// - Complexity: one Dijkstra per estate over the nodes within `radius` of its gates, the
    ///   estates spread over the cores (``Concurrent``).
    func neighbors(of targets: [Geometry], within radius: Double) throws -> [[Neighbor]] {
        // Each target hangs off its nearest node, with the planar step as an offset.
        var attached = [[(target: Int, offset: Double)]](repeating: [], count: network.nodes.count)
        for (index, target) in targets.enumerated() {
            guard let node = try network.tree.nearest(to: target) else { continue }
            attached[node].append((index, try network.nodeGeometries[node].distance(to: target)))
        }
        /// One thread's search arrays, reused from estate to estate.
        final class Search {
            var paths: ShortestPaths
            init(_ network: WalkNetwork) { paths = ShortestPaths(network) }
        }
        let found = Concurrent.map(gates.count, worker: { Search(network) }) { search, e -> [Neighbor] in
            // Once a stop is requested the remaining estates are skipped, and the checkpoint
            // below throws.
            if Interruption.isRequested { return [] }
            var best: [Int: Double] = [:]
            search.paths.run(from: gates[e], cutoff: radius) { node, meters in
                for (target, offset) in attached[node] where meters + offset <= radius {
                    best[target] = min(best[target] ?? .infinity, meters + offset)
                }
            }
            return best.keys.sorted().map { Neighbor(target: $0, meters: best[$0]!) }
        }
        try Interruption.checkpoint()
        return found
    }

    /// Estates whose gates lie on no component of the network that any of `targets` hangs off:
    /// those reach none of them, however far they walk.
    func estatesCutOff(from targets: [Geometry]) throws -> [Int] {
        let component = network.components()
        var served = Set<Int>()
        for target in targets {
            if let node = try network.tree.nearest(to: target) { served.insert(component[node]) }
        }
        return gates.indices.filter { e in !gates[e].contains { served.contains(component[$0.node]) } }
    }

    /// Settled distances from an estate's gates, for drawing its walking area.
    func distances(fromEstate e: Int, cutoff: Double) -> [Int: Double] {
        var search = ShortestPaths(network)
        var settled: [Int: Double] = [:]
        search.run(from: gates[e], cutoff: cutoff) { settled[$0] = $1 }
        return settled
    }
}

/// Dijkstra's algorithm with a distance cutoff, reusing its arrays between runs.
struct ShortestPaths {
    private let network: WalkNetwork
    private var distance: [Double]
    private var touched: [Int] = []

    init(_ network: WalkNetwork) {
        self.network = network
        distance = [Double](repeating: .infinity, count: network.nodes.count)
    }

    private struct Entry: Comparable {
        var meters: Double
        var node: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.meters, a.node) < (b.meters, b.node) }
    }

    /// Calls `visit(node, metres)` once for every node settled within `cutoff`, nearest first.
    mutating func run(from sources: [(node: Int, meters: Double)], cutoff: Double, visit: (Int, Double) -> Void) {
        for node in touched { distance[node] = .infinity }
        touched.removeAll(keepingCapacity: true)
        var queue = Heap<Entry>()
        for source in sources where source.meters <= cutoff && source.meters < distance[source.node] {
            if distance[source.node] == .infinity { touched.append(source.node) }
            distance[source.node] = source.meters
            queue.insert(Entry(meters: source.meters, node: source.node))
        }
        while let entry = queue.popMin() {
            guard entry.meters <= distance[entry.node] else { continue }  // stale entry
            visit(entry.node, entry.meters)
            for k in network.edgeStart[entry.node]..<network.edgeStart[entry.node + 1] {
                let next = Int(network.edgeTargets[k])
                let meters = entry.meters + network.edgeLengths[k]
                if meters <= cutoff && meters < distance[next] {
                    if distance[next] == .infinity { touched.append(next) }
                    distance[next] = meters
                    queue.insert(Entry(meters: meters, node: next))
                }
            }
        }
    }
}
