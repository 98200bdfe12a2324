// The physical district: a street grid of superblocks (街坊), each cut into a few estates.
//
// Old districts of Wuhan, Changsha or Nanjing grew this way: arterial roads every kilometre or so,
// local streets between them, and inside each superblock the compounds of work units (单位大院) and
// later developers, side by side, some sharing a wall, some separated by a lane, a school or an
// office yard. The shapes here are simple on purpose (orthogonal rings), so that validity holds by
// construction, but they cover what a planner's data contains: rectangles, L-shapes, two-part
// compounds (MultiPolygon) and estates around an inner courtyard (a polygon with a hole).

/// One superblock between streets.
struct Block {
    var rect: Rect
    /// Land in the block that belongs to no estate (a school, offices, a corner left open by an
    /// L-shaped estate): where idle buildings and spare plots for new services are found.
    var openLand: [Rect] = []
    /// Stem of the community (社区) name, used to name the services in and around the block.
    var communityStem: String
    /// The block's typical completion year: a work unit often built all its blocks together.
    var eraYear: Int
}

/// An estate's footprint and the block it stands in.
struct PlannedEstate {
    var footprint: Footprint
    var blockIndex: Int
}

/// The street grid, its blocks and the estates' footprints, in estate-id order.
struct Layout {
    var blocks: [Block] = []
    var estates: [PlannedEstate] = []
    /// The grid: blocks are stored row by row (north to south), each row west to east, so block
    /// `b` stands in row `b / columns.count` and column `b % columns.count`; the last row may be
    /// short. Column spans run west to east, row spans north to south; the streets lie between them.
    var columns: [(minX: Int, maxX: Int)] = []
    var rows: [(minY: Int, maxY: Int)] = []

    /// Centre of the district: about 114.12°E 30.59°N in CGCS2000 / 3-degree GK CM 114E (EPSG:4547),
    /// in centimetres. The easting has no zone prefix, as EPSG:4547 defines it.
    static let centre = Point(x: 51_200_000, y: 338_500_000)

    /// Metres east and north of the district centre (for the density fields).
    static func offsetMeters(_ p: Point) -> (x: Double, y: Double) {
        (Double(p.x - centre.x) / 100, Double(p.y - centre.y) / 100)
    }
}

/// What the partition of a block's residential land yields: a plain rectangle (which may still get
/// an L-notch or a courtyard) or an L-shaped polygon from a stepped cut.
private enum Leaf {
    case rect(Rect)
    case polygon(Polygon)
}

enum LayoutBuilder {
    // All lengths in centimetres.
    static let blockWidth = 25_000...45_000
    static let blockHeight = 20_000...40_000
    static let localStreet = 1_500...2_500
    static let arterialStreet = 3_000...4_000
    /// Every fourth grid line is an arterial road (about every 1.3 km).
    static let arterialEvery = 4
    /// The narrowest side an estate may have: one row of walk-up buildings and its yard.
    static let minimumSide = 4_500
    /// Mean estates per block, counting the few blocks with no housing at all (the grid is sized by it).
    static let meanEstatesPerBlock = 3.75

    /// Lays out a district with exactly `count` estates.
    ///
    /// The grid has a fixed number of columns (about √blocks, so the district is roughly square) and
    /// grows row by row, north to south, until `count` estates are placed.
    ///
    /// - Complexity: O(count).
    static func build(estates count: Int, rng: inout Xoshiro256StarStar) -> Layout {
        var layout = Layout()
        guard count > 0 else { return layout }

        let blocksWanted = max(1, Int((Double(count) / meanEstatesPerBlock).rounded(.up)))
        let columns = max(1, Int(Double(blocksWanted).squareRoot().rounded(.up)))
        let rowsEstimate = (blocksWanted + columns - 1) / columns

        // Column spans, west to east; a street of the line's width before every column but the first.
        var columnSpans: [(minX: Int, maxX: Int)] = []
        var x = 0
        for column in 0..<columns {
            if column > 0 { x += streetWidth(line: column, rng: &rng) }
            let width = rng.int(blockWidth)
            columnSpans.append((x, x + width))
            x += width
        }
        // Centre the district; the height is only estimated (rows are drawn as they are needed).
        let meanRow = (blockHeight.lowerBound + blockHeight.upperBound) / 2 + localStreet.upperBound
        let west = Layout.centre.x - x / 2
        layout.columns = columnSpans.map { (west + $0.minX, west + $0.maxX) }
        var north = Layout.centre.y + rowsEstimate * meanRow / 2

        var placed = 0
        var row = 0
        while placed < count {
            if row > 0 { north -= streetWidth(line: row, rng: &rng) }
            let height = rng.int(blockHeight)
            layout.rows.append((north - height, north))
            for span in columnSpans where placed < count {
                let rect = Rect(minX: west + span.minX, minY: north - height, maxX: west + span.maxX, maxY: north)
                let (block, footprints) = fillBlock(rect, remaining: count - placed, rng: &rng)
                let blockIndex = layout.blocks.count
                layout.blocks.append(block)
                for footprint in footprints {
                    layout.estates.append(PlannedEstate(footprint: footprint, blockIndex: blockIndex))
                }
                placed += footprints.count
            }
            north -= height
            row += 1
        }
        return layout
    }

    private static func streetWidth(line: Int, rng: inout Xoshiro256StarStar) -> Int {
        rng.int(line % arterialEvery == 0 ? arterialStreet : localStreet)
    }

    /// Cuts one block into at most `remaining` estates and the land that belongs to none.
    private static func fillBlock(_ rect: Rect, remaining: Int, rng: inout Xoshiro256StarStar) -> (Block, [Footprint]) {
        var block = Block(rect: rect, communityStem: rng.pick(Names.placeStems), eraYear: EstateAttributes.drawBuiltYear(&rng))

        // A few blocks hold no housing at all: a middle school, a hospital, a factory turned offices.
        if rng.chance(0.05) {
            block.openLand.append(rect)
            return (block, [])
        }

        // About a fifth keep a strip for a school or offices along one side, flush or behind a wall.
        var residential = rect
        if rng.chance(0.22) {
            let alongX = rng.chance(0.5)  // strip on the west/east side (true) or south/north (false)
            let local = alongX ? rect : rect.transposed
            let depth = Int(Double(local.width) * rng.uniform(0.25, 0.45))
            let gap = rng.chance(0.5) ? 0 : rng.int(300...1_000)
            var strip = local, rest = local
            if rng.chance(0.5) {
                strip.maxX = local.minX + depth
                rest.minX = strip.maxX + gap
            } else {
                strip.minX = local.maxX - depth
                rest.maxX = strip.minX - gap
            }
            block.openLand.append(alongX ? strip : strip.transposed)
            residential = alongX ? rest : rest.transposed
        }

        // 2–6 estates (mean about 4), never more than still needed.
        let wanted = min(remaining, 2 + rng.weighted([0.12, 0.25, 0.30, 0.20, 0.13]))
        // Sometimes one compound owns two separate plots in the block: ask for one more leaf and
        // merge two that do not touch (a valid MultiPolygon needs parts that share no edge).
        let twoPart = wanted >= 2 && wanted < remaining && rng.chance(0.12)
        let leaves = partition(residential, leaves: wanted + (twoPart ? 1 : 0), rng: &rng)

        var pair: (Int, Int)?
        if twoPart {
            let rects = leaves.indices.compactMap { i -> (Int, Rect)? in
                if case .rect(let r) = leaves[i] { return (i, r) } else { return nil }
            }
            search: for a in rects.indices {
                for b in rects.indices where b > a && rects[a].1.distance(to: rects[b].1) >= 200 {
                    pair = (rects[a].0, rects[b].0)
                    break search
                }
            }
        }

        var footprints: [Footprint] = []
        for (index, leaf) in leaves.enumerated() {
            if let (first, second) = pair {
                if index == second { continue }
                if index == first, case .rect(let a) = leaves[first], case .rect(let b) = leaves[second] {
                    footprints.append(Footprint(parts: [Polygon(a), Polygon(b)]))
                    continue
                }
            }
            switch leaf {
            case .polygon(let polygon):
                footprints.append(Footprint(parts: [polygon]))
            case .rect(let r):
                footprints.append(Footprint(parts: [decorate(r, block: &block, rng: &rng)]))
            }
        }
        return (block, footprints)
    }

    /// Guillotine partition into `leaves` pieces (fewer if the land is too small), with each cut
    /// either a shared wall (55%) or a lane of 2–15 m.
    private static func partition(_ r: Rect, leaves: Int, rng: inout Xoshiro256StarStar) -> [Leaf] {
        guard leaves > 1 else { return [.rect(r)] }
        // Cut across the longer side, mostly: estates come out closer to square.
        var acrossX = rng.chance(0.8) ? r.width >= r.height : r.width < r.height
        let gap = rng.chance(0.55) ? 0 : rng.int(200...1_500)
        let first = leaves / 2 + (leaves % 2 == 1 && rng.chance(0.5) ? 1 : 0)

        for _ in 0..<2 {
            // Work in a frame where the cut runs north–south; transpose back afterwards.
            let local = acrossX ? r : r.transposed
            let restore: (Rect) -> Rect = { acrossX ? $0 : $0.transposed }
            let restorePoints: ([Point]) -> [Point] = { ring in
                acrossX ? ring : ring.map { Point(x: $0.y, y: $0.x) }
            }
            if leaves == 2, rng.chance(0.18), let (a, b) = steppedCut(local, gap: gap, rng: &rng) {
                return [.polygon(Polygon(exterior: restorePoints(a))), .polygon(Polygon(exterior: restorePoints(b)))]
            }
            let available = local.width - gap
            if available >= 2 * minimumSide {
                let share = Double(first) / Double(leaves) + rng.uniform(-0.2, 0.2)
                let length = min(max(Int(Double(available) * share), minimumSide), available - minimumSide)
                var west = local, east = local
                west.maxX = local.minX + length
                east.minX = west.maxX + gap
                return partition(restore(west), leaves: first, rng: &rng)
                    + partition(restore(east), leaves: leaves - first, rng: &rng)
            }
            acrossX.toggle()
        }
        return [.rect(r)]
    }

    /// Two L-shaped estates from a cut with one step, in a frame where the cut runs north–south:
    /// the western piece reaches to `lower` south of `step` and to `upper` north of it.
    /// With a gap, every part of the eastern piece keeps `gap` away from the western one.
    private static func steppedCut(_ r: Rect, gap: Int, rng: inout Xoshiro256StarStar) -> ([Point], [Point])? {
        let middle = r.minX + Int(Double(r.width - gap) * rng.uniform(0.4, 0.6))
        let offset = rng.int(2_000...max(2_000, r.width / 5))
        let sign = rng.chance(0.5) ? 1 : -1
        let lower = middle - sign * offset / 2, upper = middle + sign * offset / 2
        let step = r.minY + Int(Double(r.height) * rng.uniform(0.35, 0.65))
        // The western piece's step edge and the eastern piece's are `gap` apart in y.
        let westStep = upper > lower ? step + gap / 2 : step - gap / 2
        let eastStep = upper > lower ? westStep - gap : westStep + gap
        let margin = 3_000
        guard min(lower, upper) - r.minX >= margin, r.maxX - (max(lower, upper) + gap) >= margin,
              min(westStep, eastStep) - r.minY >= margin, r.maxY - max(westStep, eastStep) >= margin
        else { return nil }
        let west = [
            Point(x: r.minX, y: r.minY), Point(x: lower, y: r.minY), Point(x: lower, y: westStep),
            Point(x: upper, y: westStep), Point(x: upper, y: r.maxY), Point(x: r.minX, y: r.maxY),
        ]
        let east = [
            Point(x: lower + gap, y: r.minY), Point(x: r.maxX, y: r.minY), Point(x: r.maxX, y: r.maxY),
            Point(x: upper + gap, y: r.maxY), Point(x: upper + gap, y: eastStep), Point(x: lower + gap, y: eastStep),
        ]
        return (west, east)
    }

    /// Turns a rectangular estate into an L (a corner left to a shop yard or green, added to the
    /// block's open land) or a ring of buildings around a courtyard, or leaves it as it is.
    private static func decorate(_ r: Rect, block: inout Block, rng: inout Xoshiro256StarStar) -> Polygon {
        if r.width >= 9_000, r.height >= 9_000, rng.chance(0.10) {
            let w = Int(Double(r.width) * rng.uniform(0.25, 0.40))
            let h = Int(Double(r.height) * rng.uniform(0.25, 0.40))
            let x = r.minX + rng.int(2_000...(r.width - w - 2_000))
            let y = r.minY + rng.int(2_000...(r.height - h - 2_000))
            return Polygon(exterior: r.ring, holes: [Rect(minX: x, minY: y, maxX: x + w, maxY: y + h).ring])
        }
        if r.width >= 7_000, r.height >= 7_000, rng.chance(0.10) {
            let w = Int(Double(r.width) * rng.uniform(0.25, 0.45))
            let h = Int(Double(r.height) * rng.uniform(0.25, 0.45))
            let east = rng.chance(0.5), north = rng.chance(0.5)
            let notchX = east ? r.maxX - w : r.minX + w  // the notch's inner corner
            let notchY = north ? r.maxY - h : r.minY + h
            let cornerX = east ? r.maxX : r.minX, cornerY = north ? r.maxY : r.minY
            let farX = east ? r.minX : r.maxX, farY = north ? r.minY : r.maxY
            block.openLand.append(Rect(minX: min(notchX, cornerX), minY: min(notchY, cornerY),
                                       maxX: max(notchX, cornerX), maxY: max(notchY, cornerY)))
            // Walk the L from the corner opposite the notch; Polygon fixes the orientation.
            let ring = [
                Point(x: farX, y: farY), Point(x: cornerX, y: farY), Point(x: cornerX, y: notchY),
                Point(x: notchX, y: notchY), Point(x: notchX, y: cornerY), Point(x: farX, y: cornerY),
            ]
            return Polygon(exterior: ring)
        }
        return Polygon(r)
    }
}
