import Foundation

/// `renoplan coverage` output: `coverage.geojson` (each estate's coverage, access and nearest
/// distances), `coverage.json` (district-wide shares) and, unless `circles` is false,
/// `circles.geojson` (``CircleWriter``: the slow part and the large file on a city walked).
public enum CoverageWriter {
    public static func files(_ analysis: Analysis, circles: Bool = true) throws -> [(name: String, data: Data)] {
        let district = analysis.district
        let scenario = analysis.scenario
        let coverage = analysis.coverage
        let kinds = Array(Set(scenario.coverage.map(\.kind) + scenario.norms.map(\.kind))).sorted()
        let features = { (e: Int) -> [GeoJSONWriter.Feature] in
            let estate = district.estates[e]
            var covered: [String: JSONValue] = [:]
            for (r, rule) in scenario.coverage.enumerated() { covered[rule.kind] = .bool(coverage.covered[e][r]) }
            var access: [String: JSONValue] = [:], attainable: [String: JSONValue] = [:]
            for (k, norm) in scenario.norms.enumerated() {
                access[norm.kind] = .rounded(coverage.access[k][e], 6)
                attainable[norm.kind] = .rounded(coverage.attainable[k][e], 6)
            }
            var nearest: [String: JSONValue] = [:]
            for kind in kinds { nearest[kind] = .optional(coverage.nearestMeters[e][kind], 1) }
            return [GeoJSONWriter.Feature(shape: estate.shape, properties: [
                "id": .string(estate.id),
                "name": estate.name.map { .string($0) } ?? .null,
                "households": .number(Double(estate.households)),
                "population": .number(Double(estate.population)),
                "covered": .object(covered),
                "access": .object(access),
                "attainable": .object(attainable),
                "nearest_m": .object(nearest),
                "score": .rounded(analysis.scores[e].score, 4),
            ])]
        }
        let total = Double(district.estates.reduce(0) { $0 + $1.households })
        var shares: [String: JSONValue] = [:]
        for (r, rule) in scenario.coverage.enumerated() {
            let households = district.estates.indices.filter { coverage.covered[$0][r] }
                .reduce(0) { $0 + district.estates[$1].households }
            shares[rule.kind] = [
                "within_m": .number(scenario.meters(rule.withinMinutes)),
                "households_covered": .number(Double(households)),
                "share": .rounded(total > 0 ? Double(households) / total : 0, 6),
            ]
        }
        var norms: [String: JSONValue] = [:]
        for (k, norm) in scenario.norms.enumerated() {
            let people = district.estates.map { Double($0.population) }
            let totalPeople = people.reduce(0, +)
            let mean = totalPeople > 0 ? zip(coverage.access[k], people).reduce(0) { $0 + $1.0 * $1.1 } / totalPeople : 0
            norms[norm.kind] = [
                "m2_per_person": .number(norm.m2PerPerson),
                "mean_access": .rounded(mean, 6),
                "estates_short": .number(Double(coverage.access[k].filter { $0 < norm.m2PerPerson - 1e-12 }.count)),
                "estates_attainable": .number(Double(district.estates.indices.filter {
                    coverage.access[k][$0] < norm.m2PerPerson - 1e-12 && coverage.attainable[k][$0] >= norm.m2PerPerson - 1e-12
                }.count)),
            ]
        }
        let summary: JSONValue = [
            "scenario": .string(scenario.name),
            "estates": .number(Double(district.estates.count)),
            "households": .number(total),
            "coverage": .object(shares),
            "norms": .object(norms),
            "distance": .string(scenario.distance.rawValue),
            "crs": ["input": .string(district.inputCRS), "work": .string(district.workCRS)],
            "warnings": .array(analysis.warnings.map { .string($0.description) }),
        ]
        return [
            ("coverage.geojson", try GeoJSONWriter.collection(district.estates.count, toLonLat: district.toLonLat, features)),
            ("coverage.json", try JSONIO.encode(summary, pretty: true)),
        ] + (circles ? [("circles.geojson", try CircleWriter.data(analysis))] : [])
    }
}
