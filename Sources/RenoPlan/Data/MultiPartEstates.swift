import Foundation

/// An estate drawn as several polygons (a compound split by a road or a wall, each part a
/// feature of the boundaries with the estate's code), as district boundary files often have it.
///
/// Features of the estates layer that share an id and have the same properties (after the
/// `columns` mapping and the table join: the reserve library's row is the estate's, whichever
/// part it joined) are one estate whose shape is a MultiPolygon of all their parts, at the first
/// feature's place; one warning lists them. Features that share an id but differ in a property
/// are left as they are, and the id check says which (``PropertyReader/checkUniqueIDs``).
enum MultiPartEstates {
    /// Said with the error for an estate id used again: why its features were not taken as
    /// parts of one estate, and what to do.
    static let differing = ": the parts of an estate drawn as several polygons are read as one estate when every property "
        + "is the same, and these differ (give them the same properties, or dissolve them into one MultiPolygon by id: "
        + "QGIS 融合/Dissolve)"

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
            guard parts.allSatisfy({ $0.properties == feature.properties }) else { continue }
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
