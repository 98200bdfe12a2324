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
}

/// Planar distance from the estate polygon (0 inside) to the target, in the working CRS.
///
/// Candidates come from a GEOS STRtree over the targets, queried with each estate's envelope
/// grown by the radius; exact distances from the estate's prepared geometry.
struct EuclideanDistance: DistanceSource {
    let district: District

    /// - Complexity: O((n + m) log m + pairs) for n estates and m targets.
    func neighbors(of targets: [Geometry], within radius: Double) throws -> [[Neighbor]] {
        let tree = try STRtree(targets, in: district.geos)
        return try district.estateGeometries.map { estate in
            let box = try estate.geometry.extent()
            let candidates = try tree.query(
                minX: box.minX - radius, minY: box.minY - radius, maxX: box.maxX + radius, maxY: box.maxY + radius)
            var found: [Neighbor] = []
            for index in candidates {
                let meters = try estate.distance(to: targets[index])
                if meters <= radius { found.append(Neighbor(target: index, meters: meters)) }
            }
            return found
        }
    }
}
