import Foundation

/// A target (facility or site) within reach of an estate, and how far it is.
struct Neighbor: Equatable {
    var target: Int
    var meters: Double
}

/// Where distances come from (SPEC §3): straight lines (`euclidean`) or walks along the network.
/// Coverage, accessibility, attainability, the score and the plan all take distances from here.
protocol DistanceSource {
    /// For each estate (in district order), the targets within `radius` metres, by target index.
    func neighbors(of targets: [Geometry], within radius: Double) throws -> [[Neighbor]]

    /// For each estate, the targets within `radius`, and for each group (`groups[target]`, nil for
    /// targets in none) with no target that close, its nearest target within `farRadius` if any.
    /// The near ones come first, in target order, then the far ones.
    ///
    /// Reports name the nearest facility of a kind even beyond the largest circle ("1,240 m");
    /// only the few kinds an estate lacks need the longer search.
    func neighbors(of targets: [Geometry], within radius: Double, nearestOf groups: [Int?], within farRadius: Double)
        throws -> [[Neighbor]]

    /// Several searches for every estate; per search, per estate.
    func neighbors(_ searches: [TargetSearch]) throws -> [[[Neighbor]]]
}

/// One set of targets to search for every estate: those within `radius`, and with `groups`, for
/// each group with no target that close its nearest target within `farRadius` (see
/// ``DistanceSource/neighbors(of:within:nearestOf:within:)``).
///
/// `groupRadius[g]` (at most `radius`) says that a target of group g is wanted only that close:
/// a source may leave out those farther (``EuclideanDistance`` does not measure them), as long as
/// a group with none that close still gets its nearest target within `farRadius`.
struct TargetSearch {
    var targets: [Geometry]
    var radius: Double
    var groups: [Int?]? = nil
    var farRadius: Double = 0
    var groupRadius: [Double]? = nil
}

extension DistanceSource {
    /// From `found` (in target order, every target within `radius` among them, and for each group
    /// at least its nearest target): the targets within `radius`, then for each group with none of
    /// them its nearest target (the lowest index among equals), in target order.
    static func nearAndNearest(_ found: [Neighbor], within radius: Double, groups: [Int?]) -> [Neighbor] {
        let near = found.filter { $0.meters <= radius }
        var present = Set(near.compactMap { groups[$0.target] })
        var far: [Neighbor] = []
        for neighbor in found.sorted(by: { ($0.meters, $0.target) < ($1.meters, $1.target) })
        where neighbor.meters > radius {
            guard let group = groups[neighbor.target], !present.contains(group) else { continue }
            present.insert(group)
            far.append(neighbor)
        }
        return near + far.sorted { $0.target < $1.target }
    }
}

/// Planar distance from the estate polygon (0 inside) to the target, in the working CRS.
///
/// Candidates come from a GEOS STRtree over the targets, queried with each estate's envelope
/// grown by the radius; a candidate whose envelope is farther than the radius from the estate's
/// envelope is dropped unmeasured (the gap between envelopes never exceeds the true distance);
/// exact distances from the estate's prepared geometry. Estates are measured on all cores
/// (``ConcurrentGEOS``).
struct EuclideanDistance: DistanceSource {
    let district: District

    func neighbors(of targets: [Geometry], within radius: Double) throws -> [[Neighbor]] {
        try neighbors(of: targets, within: radius, nearestOf: targets.map { _ in nil }, within: radius)
    }

    /// - Complexity: O((n + m) log m + pairs) for n estates and m targets, where pairs are those
    ///   within `radius`, plus those within `farRadius` of the groups an estate lacks.
    func neighbors(of targets: [Geometry], within radius: Double, nearestOf groups: [Int?], within farRadius: Double)
        throws -> [[Neighbor]]
    {
        try neighbors(of: targets, within: radius, nearestOf: groups, within: farRadius, groupRadius: nil)
    }

    /// One search after the other (``NetworkDistance`` answers them in one pass over the estates).
    func neighbors(_ searches: [TargetSearch]) throws -> [[[Neighbor]]] {
        try searches.map { search in
            try neighbors(
                of: search.targets, within: search.radius, nearestOf: search.groups ?? search.targets.map { _ in nil },
                within: search.farRadius, groupRadius: search.groupRadius)
        }
    }

    private func neighbors(
        of targets: [Geometry], within radius: Double, nearestOf groups: [Int?], within farRadius: Double,
        groupRadius: [Double]?
    ) throws -> [[Neighbor]] {
        // How far each target is wanted: its group's radius, if given, else `radius`.
        let limits = groups.map { group in group.flatMap { groupRadius?[$0] }.map { min($0, radius) } ?? radius }
        // Envelopes on this thread first: GEOS caches them on first use.
        let estateBoxes = try district.estateGeometries.map { try Box($0.geometry.extent()) }
        let targetBoxes = try targets.map { try Box($0.extent()) }
        let groupCount = (groups.compactMap { $0 }.max() ?? -1) + 1
        var members = [[Int]](repeating: [], count: groupCount)
        for (target, group) in groups.enumerated() { if let group { members[group].append(target) } }

        struct Worker {
            let context: GEOSContext
            let all: STRtree
            let byGroup: [STRtree]
        }
        return try ConcurrentGEOS.map(district.estates.count, worker: { context in
            Worker(
                context: context, all: try STRtree(targets, in: context),
                byGroup: try members.map { try STRtree($0.map { targets[$0] }, in: context) })
        }) { worker, e in
            // Once a stop is requested the remaining estates are skipped (see the checkpoint in
            // Coverage.measure).
            if Interruption.isRequested { return [] }
            let estate = district.estateGeometries[e]
            let box = estateBoxes[e]
            func measure(_ tree: STRtree, _ indices: [Int]?, within window: Double, limits: [Double]?) throws -> [Neighbor] {
                var found: [Neighbor] = []
                let grown = box.grown(by: window)
                for candidate in try tree.query(minX: grown.minX, minY: grown.minY, maxX: grown.maxX, maxY: grown.maxY) {
                    let target = indices?[candidate] ?? candidate
                    let limit = limits?[target] ?? window
                    // (A hair of slack so rounding never drops a target at exactly the limit.)
                    guard box.gap(to: targetBoxes[target]) <= limit + 1e-6 else { continue }
                    let meters = try estate.distance(to: targets[target], in: worker.context)
                    if meters <= limit { found.append(Neighbor(target: target, meters: meters)) }
                }
                return found
            }
            var found = try measure(worker.all, nil, within: radius, limits: limits)
            guard farRadius > radius, groupCount > 0 else { return found }
            var present = [Bool](repeating: false, count: groupCount)
            for neighbor in found { if let group = groups[neighbor.target] { present[group] = true } }
            for group in 0..<groupCount where !present[group] {
                // The nearest in widening windows (twice the group's radius, then doubling): the
                // nearest in the first window with any is the nearest of all.
                var window = min(farRadius, 2 * (groupRadius?[group] ?? radius))
                while true {
                    let nearest = try measure(worker.byGroup[group], members[group], within: window, limits: nil)
                        .min { ($0.meters, $0.target) < ($1.meters, $1.target) }
                    if let nearest { found.append(nearest) }
                    if nearest != nil || window >= farRadius { break }
                    window = min(farRadius, 2 * window)
                }
            }
            return found
        }
    }
}

/// An axis-aligned envelope in the working CRS.
struct Box {
    var minX, minY, maxX, maxY: Double

    init(_ extent: (minX: Double, minY: Double, maxX: Double, maxY: Double)) {
        (minX, minY, maxX, maxY) = extent
    }

    func grown(by margin: Double) -> Box {
        Box((minX - margin, minY - margin, maxX + margin, maxY + margin))
    }

    /// The shortest distance between the two envelopes (0 when they meet): never more than the
    /// distance between any geometries inside them.
    func gap(to other: Box) -> Double {
        let dx = max(0, other.minX - maxX, minX - other.maxX)
        let dy = max(0, other.minY - maxY, minY - other.maxY)
        return (dx * dx + dy * dy).squareRoot()
    }
}
