import Foundation

/// Where a layer lies against the estates (SPEC §9). Two mistakes move a whole layer and leave
/// every feature valid on its own:
///
/// - **Far away**: a wrong `crs` (the next Gauss–Krüger zone, metres read as another system's),
///   a layer from another district. No point of it is within 5 km of any estate, so every
///   coverage figure would be 0. An error naming both layers' CRS.
/// - **A web map's shift**: points scraped from Amap or Tencent (GCJ-02) or Baidu (BD-09) given
///   as WGS 84, or declared as the other of the two, sit 100–1,500 m off in one direction, and
///   every coverage figure shifts without a word. A warning when reading the points in another
///   of the three systems brings them much nearer the estates, naming the one that fits best.
///
/// - **An estate far from the others**: one longitude typed with the wrong sign or digit puts an
///   estate thousands of kilometres away; the work CRS (the UTM zone of the estates' middle) then
///   follows it, and every distance in the district is measured in a zone far from home. An
///   error at each such estate. Not nearer than 300 km: a district's detached town 60 km out
///   is real, and a typo that moves an estate less than a UTM zone's width leaves the work CRS
///   where it was.
///
/// The first two look at up to 400 of the layer's points (every n-th; the vertices of lines and polygons)
/// and their distances to the nearest estate.
enum LayerPlacement {
    /// The distance from which a layer counts as far from the estates.
    static let farMeters = 5_000.0

    /// A walkway layer's lines without their dead ends (a line end no other line has among its
    /// vertices): a path into a compound ends at its gate, inside the estate (docs/data.md: an
    /// estate's ways in are the nodes inside it), which is not a street laid across the estate.
    /// A new user's correct lon/lat streets, with a path from each estate's middle to the street,
    /// were taken for a layer 1,219 m off that reading them as BD-09 would explain.
    static func streets(_ shapes: [Shape]) -> [Shape] {
        var count: [Point2: Int] = [:]
        for shape in shapes {
            for point in shape.allPoints { count[point, default: 0] += 1 }
        }
        func trimmed(_ line: Ring) -> Ring {
            var line = line
            if let last = line.last, count[last] == 1 { line.removeLast() }
            if let first = line.first, count[first] == 1 { line.removeFirst() }
            return line
        }
        return shapes.map { shape in
            switch shape {
            case .lineString(let line): return .lineString(trimmed(line))
            case .multiLineString(let lines): return .multiLineString(lines.map(trimmed))
            default: return shape
            }
        }
    }

    /// The sampled points of a layer, every n-th of all its vertices.
    static func sample(_ shapes: [Shape]) -> [Point2] {
        let count = shapes.reduce(0) { $0 + $1.allPoints.count }
        let step = max(1, count / 400)
        var points: [Point2] = []
        var index = 0
        for shape in shapes {
            for point in shape.allPoints {
                if index % step == 0 { points.append(point) }
                index += 1
            }
        }
        return points
    }

    /// Each point's distance to the nearest estate, the points moved by `offset` first.
    private static func distances(
        _ points: [Point2], offset: Point2, tree: STRtree, estates: [PreparedGeometry], in context: GEOSContext
    ) -> [Double]? {
        measure(points, offset: offset, tree: tree, estates: estates, crossing: false, in: context)?.distances
    }

    /// How far a walkway vertex must lie inside an estate's outline to count as crossing it: a
    /// gate, a path along the fence or an outline drawn to the road's centre is nearer.
    static let crossingMeters = 10.0

    /// How far a walkway layer's vertices must lie from the estates (their median) before a
    /// reading that brings them nearer counts: streets run between estates, up to half a block's
    /// gap from each outline (the QA grid's 58 m, a regular grid's 71 m in the tests), and a
    /// grid shifted by a fraction of its period runs along the outlines instead, nearer and wrong.
    static let streetGapMeters = 100.0

    /// The points moved by `offset`: each one's distance to the nearest estate and, with
    /// `crossing`, how many lie more than ``crossingMeters`` inside an estate.
    private static func measure(
        _ points: [Point2], offset: Point2, tree: STRtree, estates: [PreparedGeometry], crossing: Bool, in context: GEOSContext
    ) -> (distances: [Double], inside: Int)? {
        var distances: [Double] = []
        var inside = 0
        for p in points {
            let moved = Point2(x: p.x + offset.x, y: p.y + offset.y)
            guard let geometry = try? Geometry(.point(moved), in: context),
                let nearest = try? tree.nearest(to: geometry),
                let distance = try? estates[nearest].distance(to: geometry)
            else { return nil }
            distances.append(distance)
            if crossing, distance == 0 {
                // Inside (or on) the estate: inside by more than the margin when a disc of that
                // radius round the point is inside too.
                guard let disc = try? geometry.buffer(crossingMeters, quadrantSegments: 2),
                    let deep = try? estates[nearest].contains(disc)
                else { return nil }
                if deep { inside += 1 }
            }
        }
        return (distances, inside)
    }

    private static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// An error when no sampled point of the layer is within ``farMeters`` of an estate.
    /// `crs`: the layer's and the estates' CRS as the scenario reads them.
    static func far(
        _ points: [Point2], layer: LayerKind, file: String, crs: (layer: String, estates: String), estates: [PreparedGeometry],
        in context: GEOSContext
    ) -> InputError? {
        guard !points.isEmpty, !estates.isEmpty, let tree = try? STRtree(estates.map(\.geometry), in: context),
            let distances = distances(points, offset: Point2(x: 0, y: 0), tree: tree, estates: estates, in: context),
            let nearest = distances.min(), nearest > farMeters
        else { return nil }
        let read = crs.layer == crs.estates
            ? "both are read as \(crs.layer)" : "the \(layer.rawValue) are read as \(crs.layer), the estates as \(crs.estates)"
        return InputError(
            file: file,
            problem: "no \(["facilities": "facility", "sites": "site", "walkways": "walkway"][layer.rawValue] ?? layer.rawValue) lies within "
                + "\(Int(farMeters / 1000)) km of an estate (the nearest \(kilometres(nearest)), the median "
                + "\(kilometres(median(distances)))): the layers are not in the same place, and every figure that joins them "
                + "would be empty; \(read): check the crs of geodata.\(layer.rawValue) and geodata.estates (a .prj, "
                + "a Gauss–Krüger zone, metres read as degrees), or that the files are of the same district")
    }

    private static func kilometres(_ metres: Double) -> String {
        metres >= 10_000 ? "\(Int((metres / 1000).rounded())) km" : String(format: "%.1f km", metres / 1000)
    }

    /// A warning when reading a lon/lat layer's points in another of WGS 84, GCJ-02 and BD-09
    /// at least halves their median distance to the nearest estate (of 50 m or more as read);
    /// the system that brings them nearest is named. `given`: the system the layer was read in
    /// (nil: WGS 84). The shift is the vector at the points' centre.
    ///
    /// Walkways are measured otherwise, because nearness rewards a wrong shift there. Streets
    /// run between estates, tens of metres from their outlines; a shift lays them across estates
    /// (vertices inside one are at distance 0) or, on a grid, along the outlines, and either way
    /// their median distance falls (the QA tester's correct street grid, 58 m as read, came to
    /// 22 m read as BD-09, 1,262 m off, and the warning said to add crs: BD-09). So for walkways:
    /// - a vertex more than ``crossingMeters`` inside an estate is a street across it, which a
    ///   correct layer has only along paths inside compounds, and a reading that lays more
    ///   vertices across estates than the layer as read never counts;
    /// - nearness counts only from ``streetGapMeters`` as read (the layer is then not between
    ///   the estates at all), halved as for points;
    /// - otherwise a reading counts when the layer as read lies across estates (at least a
    ///   twentieth of the vertices looked at) and the reading has at most a quarter of that and
    ///   a quarter of any other reading's: a wrong shift, the one in the file or one tried, lays
    ///   streets across estates about as often as the estates cover the ground; the right one
    ///   alone does not (a correct layer with paths inside compounds is the other way round: as
    ///   read it crosses more often than any reading).
    /// The reading with the fewest vertices across estates is named.
    static func notice(
        points: [Point2], layer: LayerKind, given: ChineseCoordinates.System?, file: String, estates: [PreparedGeometry],
        toLonLat: Transformer, in context: GEOSContext
    ) -> InputWarning? {
        guard points.count >= 3, !estates.isEmpty,
            let tree = try? STRtree(estates.map(\.geometry), in: context)
        else { return nil }
        let lines = layer == .walkways
        let centre = Point2(x: points.map(\.x).reduce(0, +) / Double(points.count), y: points.map(\.y).reduce(0, +) / Double(points.count))
        guard let centreLonLat = try? toLonLat.forward([centre]).first,
            let read = measure(points, offset: Point2(x: 0, y: 0), tree: tree, estates: estates, crossing: lines, in: context)
        else { return nil }
        let asRead = median(read.distances)
        let crossingAsRead = lines && read.inside >= max(5, points.count / 20)
        guard asRead >= (lines ? streetGapMeters : 50) || crossingAsRead else { return nil }
        // The coordinates as the file has them, then read in each other system.
        let written = given.map { ChineseCoordinates.forward(centreLonLat, $0) } ?? centreLonLat
        var readings: [(system: ChineseCoordinates.System?, length: Double, median: Double, inside: Int)] = []
        for system in [nil] + ChineseCoordinates.System.allCases.map(Optional.some) where system != given {
            let wgs = system.map { ChineseCoordinates.wgs84(from: written, $0) } ?? written
            guard let back = try? toLonLat.inverse([wgs]).first else { continue }
            let offset = Point2(x: back.x - centre.x, y: back.y - centre.y)
            let length = (offset.x * offset.x + offset.y * offset.y).squareRoot()
            guard let moved = measure(points, offset: offset, tree: tree, estates: estates, crossing: lines, in: context)
            else { continue }
            readings.append((system, length, median(moved.distances), moved.inside))
        }
        var best: (system: ChineseCoordinates.System?, length: Double, median: Double, inside: Int)?
        for (index, reading) in readings.enumerated() where (100...1500).contains(reading.length) {
            let nearer = asRead >= (lines ? streetGapMeters : 50) && reading.median <= asRead / 2
            if lines {
                // Across estates a quarter as often as read, and a quarter as often as any other
                // reading: a wrong shift lays streets across estates as often as the estates
                // cover the ground, whichever way it goes; so does the layer as read when it is
                // shifted. A correct layer with paths inside compounds is the other way round:
                // as read it is the one across estates more often than every reading.
                let others = readings.indices.filter { $0 != index }.map { readings[$0].inside }
                let uncrossing = crossingAsRead && reading.inside * 4 <= read.inside
                    && others.allSatisfy { reading.inside * 4 <= $0 }
                guard reading.inside <= read.inside, nearer || uncrossing,
                    (reading.inside, reading.median) < (best?.inside ?? .max, best?.median ?? .infinity)
                else { continue }
            } else {
                guard nearer, reading.median < (best?.median ?? .infinity) else { continue }
            }
            best = reading
        }
        guard let best else { return nil }
        let name = best.system?.rawValue ?? "WGS 84"
        let readAs = given?.rawValue ?? "WGS 84"
        let length = Int(best.length.rounded()), before = Int(asRead.rounded()), after = Int(best.median.rounded())
        let fix: String, fixChinese: String
        switch (given, best.system) {
        case (nil, let system?):
            fix = "if they come from a Chinese web map, add crs: \(system.rawValue) to geodata.\(layer.rawValue)"
            fixChinese = "如果来自国内网络地图，请在 geodata.\(layer.rawValue) 中加上 crs: \(system.rawValue)"
        case (let declared?, let system?):
            fix = "geodata.\(layer.rawValue) says crs: \(declared.rawValue); if they come from another web map, write crs: \(system.rawValue)"
            fixChinese = "geodata.\(layer.rawValue) 写的是 crs: \(declared.rawValue)；如果来自另一家网络地图，请改为 crs: \(system.rawValue)"
        case (let declared?, nil):
            fix = "geodata.\(layer.rawValue) says crs: \(declared.rawValue); if they are GPS or WGS 84 points, remove that crs"
            fixChinese = "geodata.\(layer.rawValue) 写的是 crs: \(declared.rawValue)；如果是GPS或WGS 84坐标，请删去这一设置"
        case (nil, nil):
            return nil
        }
        let crossing = lines
            ? "; of the \(points.count) vertices looked at, \(read.inside) lie across an estate (more than "
                + "\(Int(crossingMeters)) m inside its outline) as \(readAs), \(best.inside) as \(name)" : ""
        let crossingChinese = lines
            ? "；抽查的\(points.count)个顶点中，深入小区边界\(Int(crossingMeters))米以上的按\(readAs)有\(read.inside)个，"
                + "按\(name)有\(best.inside)个" : ""
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "the \(layer.rawValue) sit \(length) m off the estates in the direction that reading them as \(name) "
                + "explains (median distance to the nearest estate \(before) m as \(readAs), \(after) m as \(name)\(crossing)): \(fix)",
            chinese: "这些要素整体偏离小区约\(length)米，按\(name)坐标读入即可纠正（到最近小区的距离中位数：按\(readAs)为\(before)米，"
                + "按\(name)为\(after)米\(crossingChinese)）：\(fixChinese)")
    }

    /// Where the estates lie: the middle of their first points (median longitude and latitude)
    /// and the distance within which half of them lie; nil for fewer than three placed estates.
    struct Spread {
        var middle: Point2
        var typical: Double
        /// Farther than this (km) is far from the estates: 300 km, or 20 times `typical`.
        var limit: Double { max(300, 20 * typical) }

        init?(_ lonLat: [Point2?]) {
            let placed = lonLat.compactMap { $0 }
            guard placed.count >= 3 else { return nil }
            let middle = Point2(x: placed.map(\.x).sorted()[placed.count / 2], y: placed.map(\.y).sorted()[placed.count / 2])
            self.middle = middle
            typical = placed.map { Self.kilometres($0, middle) }.sorted()[placed.count / 2]
        }

        /// The great-circle distance from the middle.
        func kilometres(_ p: Point2) -> Double { Self.kilometres(p, middle) }

        /// The great-circle distance between two lon/lat points (haversine, mean Earth radius).
        static func kilometres(_ p: Point2, _ q: Point2) -> Double {
            let rad = Double.pi / 180
            let dLat = (p.y - q.y) * rad, dLon = (p.x - q.x) * rad
            let h = sin(dLat / 2) * sin(dLat / 2) + cos(p.y * rad) * cos(q.y * rad) * sin(dLon / 2) * sin(dLon / 2)
            return 2 * 6371.0 * asin(min(1, h.squareRoot()))
        }

        func place(_ p: Point2) -> String { String(format: "longitude %.4f, latitude %.4f", p.x, p.y) }
    }

    /// Estates farther than ``Spread/limit`` from the estates' middle: one error at each
    /// (`lonLat`: the first point of each estate in lon/lat; nil: not placed).
    static func strayEstates(_ estates: [Estate], lonLat: [Point2?], spread: Spread, file: String) -> [InputError] {
        estates.indices.compactMap { index in
            guard let p = lonLat[index], case let distance = spread.kilometres(p), distance > spread.limit else { return nil }
            return InputError(
                file: file, featureIndex: estates[index].featureIndex, featureID: estates[index].id,
                problem: "lies \(Int(distance.rounded())) km from the middle of the estates (it is at \(spread.place(p)); the "
                    + "estates' middle \(String(format: "%.4f, %.4f", spread.middle.x, spread.middle.y)); half of them are within "
                    + "\(String(format: "%.1f", spread.typical)) km of it): check its coordinates (a sign, a digit, x and y swapped)")
        }
    }

    /// Facilities, sites or walkway lines farther than ``Spread/limit`` from the estates' middle:
    /// one warning for the layer naming up to five. They serve no estate, so nothing else
    /// changes; a province's list of facilities may hold such points, a mistyped coordinate too.
    static func strayFeatures(
        _ items: [(index: Int, id: String?)], lonLat: [Point2?], spread: Spread, layer: LayerKind, file: String
    ) -> InputWarning? {
        let far = items.indices.filter { lonLat[$0].map { spread.kilometres($0) > spread.limit } ?? false }
        guard let first = far.first else { return nil }
        let named = firstOf(far.map { items[$0].id ?? "#\(items[$0].index)" }, 5)
        let distance = Int(spread.kilometres(lonLat[first]!).rounded())
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "\(far.count) of the \(items.count) \(layer == .walkways ? "walkway lines" : layer.rawValue) "
                + "\(far.count == 1 ? "lies" : "lie") more than "
                + "\(Int(spread.limit.rounded())) km from the estates (\(named); the first \(distance) km away, at "
                + "\(spread.place(lonLat[first]!))): they serve no estate; if their coordinates are wrong, mend them",
            chinese: "\(far.count)个要素距小区超过\(Int(spread.limit.rounded()))公里（\(named)；第一个相距\(distance)公里）："
                + "不服务任何小区；如坐标有误，请更正")
    }
}
