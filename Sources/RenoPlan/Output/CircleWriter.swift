import Foundation

/// `circles.geojson`: each estate's 5-, 10- and 15-minute living-circle area as a polygon, for maps.
///
/// With `distance: network` the area is the part of the walkway network reachable within the
/// tier's metres (edges cut where the walk runs out), widened by ``streetHalfWidthM`` either side
/// and joined with the estate itself; with `euclidean` it is the estate grown by the tier's metres.
enum CircleWriter {
    /// Half the width of the strip drawn along each reachable walkway.
    static let streetHalfWidthM = 30.0

    static func featureCollection(_ analysis: Analysis) throws -> JSONValue {
        let district = analysis.district
        let scenario = analysis.scenario
        let tiers = scenario.circles.keys.sorted()
        let longest = tiers.map(scenario.meters).max() ?? 0
        var features: [JSONValue] = []
        for (e, estate) in district.estates.enumerated() {
            let polygon = district.estateGeometries[e].geometry
            let settled = analysis.network?.distances(fromEstate: e, cutoff: longest)
            for minutes in tiers {
                let meters = scenario.meters(minutes)
                let area: Geometry
                if let settled, let network = analysis.network?.network {
                    area = try walkingArea(settled, within: meters, network: network, estate: polygon)
                } else {
                    area = try polygon.buffer(meters)
                }
                features.append(GeoJSONWriter.feature(try district.lonLat(try area.shape()), [
                    "id": .string(estate.id),
                    "minutes": .number(Double(minutes)),
                    "meters": .number(meters),
                    "distance": .string(scenario.distance.rawValue),
                ]))
            }
        }
        return GeoJSONWriter.featureCollection(features)
    }

    /// The reachable pieces of every edge, as a widened strip joined with the estate polygon.
    private static func walkingArea(
        _ settled: [Int: Double], within meters: Double, network: WalkNetwork, estate: Geometry
    ) throws -> Geometry {
        var pieces: [Ring] = []
        for node in settled.keys.sorted() {
            let reached = settled[node]!
            guard reached <= meters else { continue }
            let from = network.nodes[node]
            for k in network.edgeStart[node]..<network.edgeStart[node + 1] {
                let next = Int(network.edgeTargets[k])
                let length = network.edgeLengths[k]
                let share = min(1, (meters - reached) / length)
                // A whole edge reached from both ends is drawn once, from its lower node.
                if share >= 1, next < node, let other = settled[next], meters - other >= length { continue }
                let to = network.nodes[next]
                pieces.append([from, Point2(x: from.x + (to.x - from.x) * share, y: from.y + (to.y - from.y) * share)])
            }
        }
        guard !pieces.isEmpty else { return estate }
        // Two segments per quarter circle: the strip's rounded ends need no more for a map, and
        // buffering hundreds of pieces per estate is the slow part of `renoplan coverage`.
        // Merging the pieces into long lines first makes the buffer several times faster.
        let strip = try Geometry(.multiLineString(pieces), in: estate.context).lineMerged()
            .buffer(streetHalfWidthM, quadrantSegments: 2)
        return try strip.union(with: estate)
    }
}
