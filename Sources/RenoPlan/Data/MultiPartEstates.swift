import Foundation

/// An estate drawn as several polygons (a compound split by a road or a wall, each part a
/// feature of the boundaries with the estate's code), as district boundary files often have it.
///
/// Features of the estates layer that share an id and have the same properties (after the
/// `columns` mapping and the table join: the reserve library's row is the estate's, whichever
/// part it joined) are one estate whose shape is a MultiPolygon of all their parts, at the first
/// feature's place; one warning lists them. Features that share an id but differ in a property
/// are left as they are, and the id check says which (``PropertyReader/checkUniqueIDs``); so are
/// parts more than 300 m apart (a mistyped id that, after a reserve library's row was joined to
/// both, looks like the same estate).
enum MultiPartEstates {
    /// Said with the error for an estate id used again: why its features were not taken as
    /// parts of one estate, and what to do.
    static let differing = ": features with one id are read as one estate of several parts only when every property is the "
        + "same and the parts lie within \(Int(nearMeters)) m of each other; if they are one estate, give them the same "
        + "properties (or dissolve them into one MultiPolygon by id: QGIS 融合/Dissolve), else one of the ids is mistyped"

    /// How far apart the parts of one estate may lie (a road or a park between them); farther,
    /// two features with one id are more likely a mistyped id than one estate.
    static let nearMeters = 300.0

    /// Whether the parts hang together: every part within ``nearMeters`` of another, through a
    /// chain of such parts. Measured between bounding boxes (never more than the true gap), in
    /// metres, degrees taken as metres at the parts' latitude when every coordinate can be lon/lat.
    static func together(_ parts: [Shape]) -> Bool {
        let points = parts.map(\.allPoints)
        let all = points.joined()
        let degrees = all.allSatisfy { abs($0.x) <= 180 && abs($0.y) <= 90 }
        let latitude = all.map(\.y).reduce(0, +) / Double(max(1, all.count))
        let (sx, sy) = degrees ? (111_320 * cos(latitude * .pi / 180), 110_574.0) : (1.0, 1.0)
        let boxes = points.map { p in
            (minX: p.map(\.x).min()! * sx, maxX: p.map(\.x).max()! * sx, minY: p.map(\.y).min()! * sy, maxY: p.map(\.y).max()! * sy)
        }
        func gap(_ a: Int, _ b: Int) -> Double {
            let dx = max(0, max(boxes[a].minX, boxes[b].minX) - min(boxes[a].maxX, boxes[b].maxX))
            let dy = max(0, max(boxes[a].minY, boxes[b].minY) - min(boxes[a].maxY, boxes[b].maxY))
            return (dx * dx + dy * dy).squareRoot()
        }
        var reached: Set<Int> = [0], queue = [0]
        while let a = queue.popLast() {
            for b in boxes.indices where !reached.contains(b) && gap(a, b) <= nearMeters {
                reached.insert(b)
                queue.append(b)
            }
        }
        return reached.count == boxes.count
    }

    static func merge(_ features: [RawFeature], file: String, warnings: inout [InputWarning]) -> [RawFeature] {
        var groups: [String: [Int]] = [:]
        for (position, feature) in features.enumerated() {
            if let id = feature.id { groups[id, default: []].append(position) }
        }
        var absorbed = Set<Int>()
        var merged = features
        var said: [(id: String, parts: String)] = []
        for (position, feature) in features.enumerated() {
            guard let id = feature.id, let group = groups[id], group.count > 1, group[0] == position else { continue }
            let parts = group.map { features[$0] }
            guard parts.allSatisfy({ $0.properties == feature.properties }),
                parts.allSatisfy({ !$0.shape.allPoints.isEmpty }), together(parts.map(\.shape))
            else { continue }
            merged[position].shape = .multiPolygon(parts.flatMap { part -> [PolygonRings] in
                switch part.shape {
                case .polygon(let rings): return [rings]
                case .multiPolygon(let polygons): return polygons
                default: return []
                }
            })
            absorbed.formUnion(group.dropFirst())
            said.append((id, parts.map { "#\($0.index)" }.joined(separator: ", ")))
        }
        guard !said.isEmpty else { return features }
        let count = said.count
        warnings.append(InputWarning(
            file: file,
            problem: "\(count) estate\(count == 1 ? " is" : "s are") drawn as several polygons with the same id and properties "
                + "(\(said.map { "\($0.id): features \($0.parts)" }.joined(separator: "; "))): each read as one estate of several parts",
            chinese: "\(count)个小区由多个编号、属性相同的多边形组成（\(said.map { "\($0.id)：要素\($0.parts.replacingOccurrences(of: ", ", with: "、"))" }.joined(separator: "；"))），"
                + "各按一个多部分小区读入"))
        return merged.enumerated().filter { !absorbed.contains($0.offset) }.map(\.element)
    }
}
