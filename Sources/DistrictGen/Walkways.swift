// The pedestrian network (SPEC §1 walkways, §3 network distance) of a generated district.
//
// Street centrelines run between the blocks of the grid and around its edge, one LineString per
// street segment between two junctions, so lines meet only at shared vertices (the SPEC's rule):
// every junction is an end of every line through it. Each estate has one or two gates: a short line
// from a vertex of the street it faces to a point a few metres inside its polygon. Every facility
// and site has a path from the nearest street to its point (or into its plot). A railway runs
// east–west along one of the streets between two rows of blocks: that street is gone, the streets
// that crossed it end at the corridor's fence, and only two or three of them go on over a bridge,
// so the two halves of the district connect only there. The rail itself is not a walkway.
//
// Gates and paths are drawn cell by cell of the street grid, and a new one moves along its street
// (a metre or a few) rather than end on another line or have another end on it: such a touch would
// look connected on a map but is no connection in the network.
//
// Everything here is integer centimetres, and the only randomness (the number of bridges, which
// estates get a second gate, gate positions and depths, which lines repeat a vertex) comes from the
// walkways' own stream, so adding the network moved nothing in estates.geojson, facilities.geojson
// or sites.geojson.

/// The properties of one walkway feature: `street`, `bridge`, `gate` (into an estate) or `path` (to
/// a facility or a site).
struct WalkwayProperties: Encodable {
    var kind: String
}

/// One walkway line, its vertices in order.
struct WalkwayLine {
    var kind: String
    var points: [Point]
}

/// Where the railway runs: along `y`, a corridor `halfWidth` either side that nothing but the bridges
/// crosses, at the vertical streets `bridgesX`.
struct Railway {
    var y: Int
    var halfWidth: Int
    var bridgesX: [Int]
}

/// The walkways of a district and the railway they avoid.
struct WalkwayNetwork {
    var lines: [WalkwayLine] = []
    var railway: Railway?
    /// Gates that had to fall back to a line from the nearest street point to some inner point (no
    /// edge facing a street would take one): none with the layout's shapes, counted for debugging.
    var fallbackGates = 0
}

enum WalkwayPlanner {
    /// The streets around the district run this far outside the outer blocks (half a local street).
    static let perimeterOffset = 1_000
    /// Street lines get a vertex about this often (besides junctions and gate connections): with
    /// the gates and paths, about ten segments per estate.
    static let vertexSpacing = 3_000
    /// The railway corridor is at most this wide either side of its centreline (a double track and
    /// its fences)...
    static let railHalfWidthMax = 800
    /// ...and keeps this far from the blocks' edges: facilities on street corners stand up to 6 m
    /// into the street (ServicePlanner), so nothing the generator places is in the corridor.
    static let railClearance = 650
    /// The narrowest corridor worth drawing; a street gap narrower than this carries no railway.
    static let railHalfWidthMin = 300
    /// How far a gate's end lies inside the estate, and how far from the ends of its edge.
    static let gateDepth = 300...600
    static let gateEdgeMargin = 600

    /// Builds the network for `layout` and the services placed on it.
    ///
    /// - Complexity: O(estates + facilities + sites) (a facility's nearest street is found from its
    ///   grid cell by binary search).
    static func build(layout: Layout, facilities: [PlacedFacility], sites: [PlacedSite],
                      rng: inout Xoshiro256StarStar) -> WalkwayNetwork {
        guard !layout.blocks.isEmpty, !layout.columns.isEmpty, !layout.rows.isEmpty else { return WalkwayNetwork() }
        var grid = StreetGrid(layout: layout)
        var network = WalkwayNetwork()

        network.railway = grid.layRailway(facilities: facilities, sites: sites, rng: &rng)

        // Facilities and sites first: their points are fixed, while a gate can move along its edge
        // to keep clear of the lines already drawn.
        for facility in facilities {
            grid.connect(facility.location, kind: "path")
        }
        for site in sites {
            switch site.shape {
            case .point(let p):
                grid.connect(p, kind: "path")
            case .polygon(let polygon):
                let cell = grid.cell(containing: polygon.exterior[0])
                if grid.gate(into: [polygon], cell: cell, avoiding: [], kind: "path", rng: &rng) == nil,
                   let inner = innerPoint(of: [polygon]) {
                    grid.connect(inner, kind: "path")
                }
            }
        }

        for estate in layout.estates {
            let block = estate.blockIndex
            let cell = (row: block / grid.columnCount, column: block % grid.columnCount)
            let parts = estate.footprint.parts
            // A two-part compound gets a gate into each part; a large estate often a second one.
            var wanted: [[Polygon]]
            if parts.count > 1 {
                wanted = parts.map { [$0] }
            } else {
                wanted = [parts]
                if rng.chance(estate.footprint.areaM2 >= 20_000 ? 0.7 : 0.3) { wanted.append(parts) }
            }
            var usedSides: [Side] = []
            for subset in wanted {
                if let side = grid.gate(into: subset, cell: cell, avoiding: usedSides, kind: "gate", rng: &rng) {
                    usedSides.append(side)
                } else if usedSides.isEmpty || parts.count > 1, let inner = innerPoint(of: subset) {
                    // No edge faces a street: walk from the nearest street point instead.
                    network.fallbackGates += 1
                    grid.connect(inner, kind: "gate")
                }
            }
        }

        network.lines = grid.streetLines() + grid.bridgeLines(network.railway) + grid.connectors

        // A few lines repeat a vertex (two identical consecutive points), as digitised data often
        // does: the loader must take them in its stride. The lines stay valid (two distinct points).
        let repeats = min(network.lines.count, max(4, network.lines.count / 1_000))
        var chosen = Set<Int>()
        while chosen.count < repeats {
            let index = rng.int(0...(network.lines.count - 1))
            guard chosen.insert(index).inserted else { continue }
            var points = network.lines[index].points
            let at = points.count >= 3 ? 1 : points.count - 1
            points.insert(points[at], at: at)
            network.lines[index].points = points
        }
        return network
    }

    /// A point strictly inside one of `parts`, a metre in from an edge (for the rare fallback gate).
    static func innerPoint(of parts: [Polygon]) -> Point? {
        for part in parts {
            for (a, b) in edges(part.exterior) {
                let mid = Point(x: a.x + (b.x - a.x) / 2, y: a.y + (b.y - a.y) / 2)
                let side = Side(edgeFrom: a, to: b)
                let p = side.map { mid.moved(-100, towards: $0) } ?? mid
                if contains(parts, strictly: p) { return p }
            }
        }
        return nil
    }

    /// The edges of a ring stored open (RFC 7946 orientation: exterior counter-clockwise).
    static func edges(_ ring: [Point]) -> [(Point, Point)] {
        ring.indices.map { (ring[$0], ring[($0 + 1) % ring.count]) }
    }

    /// True when `p` lies in the interior of one of `parts`: inside its exterior ring, outside its
    /// holes, and on no ring. Exact (integer cross products).
    static func contains(_ parts: [Polygon], strictly p: Point) -> Bool {
        parts.contains { part in
            locate(p, in: part.exterior) == 1 && part.holes.allSatisfy { locate(p, in: $0) == -1 }
        }
    }

    /// 1 inside `ring`, 0 on it, −1 outside (even–odd crossing test).
    static func locate(_ p: Point, in ring: [Point]) -> Int {
        var inside = false
        for k in ring.indices {
            let a = ring[k], b = ring[(k + 1) % ring.count]
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            if cross == 0, min(a.x, b.x) <= p.x, p.x <= max(a.x, b.x), min(a.y, b.y) <= p.y, p.y <= max(a.y, b.y) {
                return 0
            }
            if (a.y > p.y) != (b.y > p.y) {
                // Is p west of where the edge crosses its latitude?
                let lhs = (p.x - a.x) * (b.y - a.y), rhs = (p.y - a.y) * (b.x - a.x)
                if b.y > a.y ? lhs < rhs : lhs > rhs { inside.toggle() }
            }
        }
        return inside ? 1 : -1
    }
}

/// A compass side of a block, and the outward side an axis-aligned edge faces.
enum Side: Equatable {
    case north, south, east, west

    /// The outward side of the edge a→b of a counter-clockwise ring (the interior is on the left);
    /// nil for an edge that is not axis-aligned.
    init?(edgeFrom a: Point, to b: Point) {
        if a.y == b.y, a.x != b.x {
            self = b.x > a.x ? .south : .north
        } else if a.x == b.x, a.y != b.y {
            self = b.y > a.y ? .east : .west
        } else {
            return nil
        }
    }

    var isHorizontalEdge: Bool { self == .north || self == .south }
}

extension Point {
    /// This point moved `distance` centimetres towards `side` (negative: away from it).
    func moved(_ distance: Int, towards side: Side) -> Point {
        switch side {
        case .north: return Point(x: x, y: y + distance)
        case .south: return Point(x: x, y: y - distance)
        case .east: return Point(x: x + distance, y: y)
        case .west: return Point(x: x - distance, y: y)
        }
    }
}

/// The street grid as centreline segments between junctions, each collecting the positions where a
/// gate or path joins it.
private struct StreetGrid {
    /// One street segment between two junctions (or a junction and the railway fence).
    struct Segment {
        /// Runs west–east (true) or south–north.
        var horizontal: Bool
        /// Its y (horizontal) or x (vertical).
        var fixed: Int
        /// Its extent along the other axis, `lo < hi`.
        var lo: Int, hi: Int
        var exists: Bool
        /// Positions along the segment (strictly between lo and hi once filtered) that need a vertex.
        var stops: [Int] = []

        func point(at along: Int) -> Point {
            horizontal ? Point(x: along, y: fixed) : Point(x: fixed, y: along)
        }

        /// The nearest point of the segment to `p` and the squared distance to it.
        func nearest(to p: Point) -> (along: Int, distance2: Int) {
            let pAlong = horizontal ? p.x : p.y, pAcross = horizontal ? p.y : p.x
            let along = min(max(pAlong, lo), hi)
            let d1 = pAcross - fixed, d2 = pAlong - along
            return (along, d1 * d1 + d2 * d2)
        }
    }

    let columnCount: Int, rowCount: Int, blockCount: Int
    /// Vertical centrelines west to east (`columnCount + 1`), horizontal ones north to south.
    var xs: [Int], ys: [Int]
    /// The rows of blocks, north to south (from the layout).
    let rows: [(minY: Int, maxY: Int)]
    /// Horizontal segments (line j, column i) at j * columnCount + i, then vertical ones (line i,
    /// row j) at horizontalCount + i * rowCount + j.
    var segments: [Segment] = []
    let horizontalCount: Int
    /// The gates and paths drawn so far, and their indices by grid cell (row * columnCount + column).
    var connectors: [WalkwayLine] = []
    var cellLines: [[Int]]

    init(layout: Layout) {
        columnCount = layout.columns.count
        rowCount = layout.rows.count
        blockCount = layout.blocks.count
        let columns = layout.columns
        rows = layout.rows
        xs = [columns[0].minX - WalkwayPlanner.perimeterOffset]
        for i in 1..<columnCount { xs.append((columns[i - 1].maxX + columns[i].minX) / 2) }
        xs.append(columns[columnCount - 1].maxX + WalkwayPlanner.perimeterOffset)
        ys = [rows[0].maxY + WalkwayPlanner.perimeterOffset]
        for j in 1..<rowCount { ys.append((rows[j - 1].minY + rows[j].maxY) / 2) }
        ys.append(rows[rowCount - 1].minY - WalkwayPlanner.perimeterOffset)

        horizontalCount = (rowCount + 1) * columnCount
        cellLines = Array(repeating: [], count: rowCount * columnCount)
        segments.reserveCapacity(horizontalCount + (columnCount + 1) * rowCount)
        for j in 0...rowCount {
            for i in 0..<columnCount {
                // A street exists where it borders a block.
                let exists = cellExists(j - 1, i) || cellExists(j, i)
                segments.append(Segment(horizontal: true, fixed: ys[j], lo: xs[i], hi: xs[i + 1], exists: exists))
            }
        }
        for i in 0...columnCount {
            for j in 0..<rowCount {
                let exists = cellExists(j, i - 1) || cellExists(j, i)
                segments.append(Segment(horizontal: false, fixed: xs[i], lo: ys[j + 1], hi: ys[j], exists: exists))
            }
        }
    }

    func cellExists(_ row: Int, _ column: Int) -> Bool {
        row >= 0 && column >= 0 && row < rowCount && column < columnCount && row * columnCount + column < blockCount
    }

    func horizontal(_ line: Int, _ column: Int) -> Int { line * columnCount + column }
    func vertical(_ line: Int, _ row: Int) -> Int { horizontalCount + line * rowCount + row }

    /// The segment on `side` of the cell (row, column).
    func side(_ side: Side, of cell: (row: Int, column: Int)) -> Int {
        switch side {
        case .north: return horizontal(cell.row, cell.column)
        case .south: return horizontal(cell.row + 1, cell.column)
        case .west: return vertical(cell.column, cell.row)
        case .east: return vertical(cell.column + 1, cell.row)
        }
    }

    /// The grid cell a point falls in (clamped to the grid).
    func cell(containing p: Point) -> (row: Int, column: Int) {
        // Last vertical line at or west of p.x; last horizontal line at or north of p.y.
        var low = 0, high = columnCount
        while high - low > 1 {
            let mid = (low + high) / 2
            if xs[mid] <= p.x { low = mid } else { high = mid }
        }
        let column = min(low, columnCount - 1)
        low = 0; high = rowCount
        while high - low > 1 {
            let mid = (low + high) / 2
            if ys[mid] >= p.y { low = mid } else { high = mid }
        }
        return (min(low, rowCount - 1), column)
    }

    // MARK: The railway

    /// Chooses the street the railway replaces and the bridges over it, removes the street and cuts
    /// the crossing streets at the corridor's edges. Returns nil when the district has no street
    /// between two full rows of blocks wide enough.
    mutating func layRailway(facilities: [PlacedFacility], sites: [PlacedSite],
                             rng: inout Xoshiro256StarStar) -> Railway? {
        // Between two full rows (so it crosses the whole district), preferring an arterial road (the
        // widest) near the middle.
        var candidates: [(line: Int, halfWidth: Int)] = []
        for j in 1..<max(1, rowCount) where (j + 1) * columnCount <= blockCount {
            let gap = rows[j - 1].minY - rows[j].maxY  // block edge to block edge
            let halfWidth = min(WalkwayPlanner.railHalfWidthMax, gap / 2 - WalkwayPlanner.railClearance)
            if halfWidth >= WalkwayPlanner.railHalfWidthMin { candidates.append((j, halfWidth)) }
        }
        candidates.sort { a, b in
            let aArterial = a.line % LayoutBuilder.arterialEvery == 0, bArterial = b.line % LayoutBuilder.arterialEvery == 0
            if aArterial != bArterial { return aArterial }
            let aOff = abs(2 * a.line - rowCount), bOff = abs(2 * b.line - rowCount)
            return aOff != bOff ? aOff < bOff : a.line < b.line
        }
        // The corridor must be clear of everything placed (it is by construction; checked anyway).
        guard let (line, halfWidth) = candidates.first(where: { corridorIsClear(line: $0.line, halfWidth: $0.halfWidth,
                                                                                  facilities: facilities, sites: sites) })
        else { return nil }
        let y = ys[line]

        // Two or three bridges, spread along the line: the inner streets cut into as many runs, and
        // in each the arterial road if there is one, else the middle street.
        var lines = Array(1..<columnCount)
        if lines.count < 2 { lines = Array(0...columnCount) }
        let count = min(lines.count, rng.chance(0.5) ? 3 : 2)
        var bridges: [Int] = []
        for k in 0..<count {
            let run = Array(lines[(k * lines.count / count)..<((k + 1) * lines.count / count)])
            let middle = run[run.count / 2]
            let arterials = run.filter { $0 % LayoutBuilder.arterialEvery == 0 }
            bridges.append(arterials.min { abs($0 - middle) < abs($1 - middle) } ?? middle)
        }

        // No street along the rail; the crossing streets stop at its fence.
        for i in 0..<columnCount { segments[horizontal(line, i)].exists = false }
        for i in 0...columnCount {
            segments[vertical(i, line - 1)].lo = y + halfWidth
            segments[vertical(i, line)].hi = y - halfWidth
        }
        return Railway(y: y, halfWidth: halfWidth, bridgesX: bridges.map { xs[$0] })
    }

    private func corridorIsClear(line: Int, halfWidth: Int, facilities: [PlacedFacility], sites: [PlacedSite]) -> Bool {
        let low = ys[line] - halfWidth, high = ys[line] + halfWidth
        for facility in facilities where facility.location.y >= low && facility.location.y <= high { return false }
        for site in sites {
            switch site.shape {
            case .point(let p):
                if p.y >= low && p.y <= high { return false }
            case .polygon(let polygon):
                let ys = polygon.exterior.map(\.y)
                if ys.max()! >= low && ys.min()! <= high { return false }
            }
        }
        return true
    }

    // MARK: Connections

    /// Joins `p` to the nearest street with a line of `kind`, square to the street where that
    /// leaves the new line clear of the other lines in `p`'s cell, else a metre or a few along; the
    /// street gets a vertex where the line starts. When `p` is on a street or on a line already
    /// drawn, it becomes a vertex of that line instead. Returns false if `p` could not be joined.
    @discardableResult
    mutating func connect(_ p: Point, kind: String) -> Bool {
        let home = cell(containing: p)
        let key = home.row * columnCount + home.column
        for index in cellLines[key] {
            let points = connectors[index].points
            if points.contains(p) { return true }
            for k in 1..<points.count where Self.touches(p, points[k - 1], points[k]) {
                connectors[index].points.insert(p, at: k)
                return true
            }
        }
        let reach = max(rowCount, columnCount)
        for radius in 0...reach {
            var best: (segment: Int, along: Int, distance2: Int)?
            for row in (home.row - radius)...(home.row + radius) {
                for column in (home.column - radius)...(home.column + radius)
                where max(abs(row - home.row), abs(column - home.column)) == radius
                    && row >= 0 && column >= 0 && row < rowCount && column < columnCount {
                    for side in [Side.north, .south, .west, .east] {
                        let index = self.side(side, of: (row, column))
                        guard segments[index].exists else { continue }
                        let (along, d2) = segments[index].nearest(to: p)
                        if best == nil || d2 < best!.distance2 { best = (index, along, d2) }
                    }
                }
            }
            guard let best else { continue }
            let segment = segments[best.segment]
            for shift in Self.shifts {
                let along = best.along + shift
                guard along >= segment.lo, along <= segment.hi else { continue }
                let street = segment.point(at: along)
                if street == p {
                    segments[best.segment].stops.append(along)
                    return true
                }
                if claim(street, p, in: home, kind: kind) {
                    segments[best.segment].stops.append(along)
                    return true
                }
            }
            return false
        }
        return false
    }

    /// Offsets (cm) to try, in order, when a new line would touch another without sharing a vertex.
    static let shifts = [0, 100, -100, 200, -200, 300, -300, 500, -500, 800, -800]

    /// Draws the line a–b of `kind` in `cell` unless it would touch a line already there other than
    /// at a shared vertex (an end of one lying inside the other), which the network would not see as
    /// a connection. Lines of different cells meet only on the streets, at street vertices.
    mutating func claim(_ a: Point, _ b: Point, in cell: (row: Int, column: Int), kind: String) -> Bool {
        let key = cell.row * columnCount + cell.column
        for index in cellLines[key] {
            let points = connectors[index].points
            for k in 1..<points.count {
                let c = points[k - 1], d = points[k]
                if Self.touches(a, c, d) || Self.touches(b, c, d) || Self.touches(c, a, b) || Self.touches(d, a, b) {
                    return false
                }
            }
        }
        cellLines[key].append(connectors.count)
        connectors.append(WalkwayLine(kind: kind, points: [a, b]))
        return true
    }

    /// True when `p` lies on the segment a–b other than at its ends.
    static func touches(_ p: Point, _ a: Point, _ b: Point) -> Bool {
        guard p != a, p != b else { return false }
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
        return cross == 0 && min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x) && min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y)
    }

    /// Draws a line of `kind` into `parts` from one of the streets around `cell`: from the street,
    /// square to the nearest edge that faces it, to a point a few metres inside. Prefers a side not
    /// in `avoiding`; returns the side used, or nil when no edge facing a street will take a gate.
    mutating func gate(into parts: [Polygon], cell: (row: Int, column: Int), avoiding: [Side], kind: String,
                       rng: inout Xoshiro256StarStar) -> Side? {
        struct Candidate {
            var side: Side, segment: Int, distance: Int, lo: Int, hi: Int, edge: Int
        }
        var candidates: [Candidate] = []
        for part in parts {
            for (a, b) in WalkwayPlanner.edges(part.exterior) {
                guard let side = Side(edgeFrom: a, to: b) else { continue }
                let index = self.side(side, of: cell)
                let segment = segments[index]
                guard segment.exists else { continue }
                let edge = side.isHorizontalEdge ? a.y : a.x
                let distance = abs(segment.fixed - edge)
                // The edge must face the street (the street lies beyond it) and be long enough.
                let beyond = side == .north || side == .east ? segment.fixed > edge : segment.fixed < edge
                let lo = max(min(side.isHorizontalEdge ? a.x : a.y, side.isHorizontalEdge ? b.x : b.y), segment.lo)
                    + WalkwayPlanner.gateEdgeMargin
                let hi = min(max(side.isHorizontalEdge ? a.x : a.y, side.isHorizontalEdge ? b.x : b.y), segment.hi)
                    - WalkwayPlanner.gateEdgeMargin
                guard beyond, hi > lo else { continue }
                candidates.append(Candidate(side: side, segment: index, distance: distance, lo: lo, hi: hi, edge: edge))
            }
        }
        // Nearest first; a side already used comes after every other (stable: the ring order breaks ties).
        let order = candidates.indices.sorted { x, y in
            let a = candidates[x], b = candidates[y]
            let aUsed = avoiding.contains(a.side), bUsed = avoiding.contains(b.side)
            if aUsed != bUsed { return !aUsed }
            return a.distance != b.distance ? a.distance < b.distance : x < y
        }
        for index in order {
            let c = candidates[index]
            // Somewhere in the middle half of the usable stretch of the edge.
            let quarter = (c.hi - c.lo) / 4
            let chosen = rng.int((c.lo + quarter)...(c.hi - quarter))
            let depths = [rng.int(WalkwayPlanner.gateDepth), 150]
            for shift in Self.shifts {
                let along = chosen + shift
                guard along >= c.lo, along <= c.hi else { continue }
                let street = segments[c.segment].point(at: along)
                let onEdge = c.side.isHorizontalEdge ? Point(x: along, y: c.edge) : Point(x: c.edge, y: along)
                for depth in depths {
                    let inner = onEdge.moved(-depth, towards: c.side)
                    if WalkwayPlanner.contains(parts, strictly: inner), claim(street, inner, in: cell, kind: kind) {
                        segments[c.segment].stops.append(along)
                        return c.side
                    }
                }
            }
        }
        return nil
    }

    // MARK: Output

    /// One LineString per existing street segment, west to east or south to north, with a vertex at
    /// every connection and about every `vertexSpacing`.
    func streetLines() -> [WalkwayLine] {
        var lines: [WalkwayLine] = []
        lines.reserveCapacity(segments.count)
        for segment in segments where segment.exists && segment.hi > segment.lo {
            let length = segment.hi - segment.lo
            let pieces = max(1, (length + WalkwayPlanner.vertexSpacing / 2) / WalkwayPlanner.vertexSpacing)
            var stops = segment.stops
            for k in 1..<pieces { stops.append(segment.lo + length * k / pieces) }
            stops.sort()
            var points = [segment.point(at: segment.lo)]
            var last = segment.lo
            for stop in stops where stop > last && stop < segment.hi {
                points.append(segment.point(at: stop))
                last = stop
            }
            points.append(segment.point(at: segment.hi))
            lines.append(WalkwayLine(kind: "street", points: points))
        }
        return lines
    }

    /// The bridges: south to north across the corridor, from one fence-end of the street to the other.
    func bridgeLines(_ railway: Railway?) -> [WalkwayLine] {
        guard let railway else { return [] }
        return railway.bridgesX.map { x in
            WalkwayLine(kind: "bridge", points: [Point(x: x, y: railway.y - railway.halfWidth),
                                                 Point(x: x, y: railway.y + railway.halfWidth)])
        }
    }
}
