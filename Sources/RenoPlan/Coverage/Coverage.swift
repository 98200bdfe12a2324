import Foundation

/// What each estate can reach (SPEC §3): coverage per kind, nearest distances, 2SFCA access per
/// norm kind, and the sites that could raise it.
public struct Coverage: Sendable {
    /// A site that could host a norm kind for an estate: adding m² there adds m² / demand to the
    /// estate's access.
    public struct SiteOption: Sendable, Equatable {
        public var site: Int
        /// 1 / D_s: m²/person gained per m² built.
        public var perM2: Double
    }

    /// Per estate, per coverage rule (scenario order): a facility of the kind within reach.
    public var covered: [[Bool]]
    /// Per estate, per kind (coverage and norm kinds, sorted): nearest facility in metres, nil if
    /// none within the search radius.
    public var nearestMeters: [[String: Double]]
    /// The radius nearest distances were searched in.
    public var searchRadiusMeters: Double
    /// Per norm (scenario order), per estate: A_e,k in m² per person.
    public var access: [[Double]]
    /// Per norm, per estate: the most A_e,k can reach with every eligible site in reach fully used.
    public var attainable: [[Double]]
    /// Per norm, per estate: sites in reach that may host the kind and serve someone.
    public var siteOptions: [[[SiteOption]]]
    /// Per norm, per site: D_s, the population within reach of the site.
    public var siteDemand: [[Double]]
    /// Per coverage rule, per site: estates within the rule's reach (for coverage after the plan).
    public var siteCoverage: [[[Int]]]

    /// SPEC §3 on a district, with distances from `source`.
    static func measure(_ district: District, distances source: DistanceSource) throws -> Coverage {
        let scenario = district.scenario
        let estates = district.estates
        let maxReach = scenario.maxReachMeters
        let facilities = district.facilities
        // Kinds as numbers: the loops below run over millions of estate–facility pairs.
        let kinds = Set(scenario.coverage.map(\.kind) + scenario.norms.map(\.kind)).sorted()
        let kindIndex = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
        let kindOf = facilities.map { kindIndex[$0.kind] }
        // Nearest distances are searched a little beyond the largest circle so a report can say
        // "1,240 m" rather than only "not within 1,000 m".
        let searchRadius = maxReach * 1.5
        // Only facilities of a kind the scenario uses are measured (a district's fitness corners
        // and markets count for nothing here), each kind as far as its farthest rule reaches.
        let used = facilities.indices.filter { kindOf[$0] != nil }
        var kindReach = [Double](repeating: 0, count: kinds.count)
        for (kind, minutes) in scenario.coverage.map({ ($0.kind, $0.withinMinutes) }) + scenario.norms.map({ ($0.kind, $0.withinMinutes) }) {
            kindReach[kindIndex[kind]!] = max(kindReach[kindIndex[kind]!], scenario.meters(minutes))
        }
        let found = try source.neighbors([
            TargetSearch(
                targets: used.map { district.facilityGeometries[$0] }, radius: maxReach, groups: used.map { kindOf[$0] },
                farRadius: searchRadius, groupRadius: kindReach),
            TargetSearch(targets: district.siteGeometries, radius: maxReach),
        ])
        let facilityNeighbors = found[0].map { list in list.map { Neighbor(target: used[$0.target], meters: $0.meters) } }
        let siteNeighbors = found[1]
        try Interruption.checkpoint()

        let covered = estates.indices.map { e in
            scenario.coverage.map { rule in
                let reach = scenario.meters(rule.withinMinutes)
                let kind = kindIndex[rule.kind]
                return facilityNeighbors[e].contains { kindOf[$0.target] == kind && $0.meters <= reach }
            }
        }
        let nearest = estates.indices.map { e in
            var best = [Double](repeating: .infinity, count: kinds.count)
            for neighbor in facilityNeighbors[e] {
                if let kind = kindOf[neighbor.target] { best[kind] = min(best[kind], neighbor.meters) }
            }
            var result: [String: Double] = [:]
            for (kind, name) in kinds.enumerated() where best[kind].isFinite { result[name] = best[kind] }
            return result
        }

        var access: [[Double]] = []
        var attainable: [[Double]] = []
        var options: [[[SiteOption]]] = []
        var siteDemand: [[Double]] = []
        for norm in scenario.norms {
            try Interruption.checkpoint()
            let reach = scenario.meters(norm.withinMinutes)
            let kind = kindIndex[norm.kind]
            // Step 1 of 2SFCA: the population each facility (and site) serves.
            var facilityDemand = [Double](repeating: 0, count: facilities.count)
            var demand = [Double](repeating: 0, count: district.sites.count)
            for e in estates.indices {
                let people = Double(estates[e].population)
                for n in facilityNeighbors[e] where n.meters <= reach && kindOf[n.target] == kind {
                    facilityDemand[n.target] += people
                }
                for n in siteNeighbors[e] where n.meters <= reach { demand[n.target] += people }
            }
            // Step 2: each estate sums capacity / demand over what it reaches.
            var normAccess = [Double](repeating: 0, count: estates.count)
            var normAttainable = [Double](repeating: 0, count: estates.count)
            var normOptions = [[SiteOption]](repeating: [], count: estates.count)
            for e in estates.indices {
                var value = 0.0
                for n in facilityNeighbors[e] where n.meters <= reach && kindOf[n.target] == kind {
                    if facilityDemand[n.target] > 0 { value += (facilities[n.target].capacityM2 ?? 0) / facilityDemand[n.target] }
                }
                normAccess[e] = value
                var best = value
                for n in siteNeighbors[e] where n.meters <= reach {
                    let site = district.sites[n.target]
                    guard site.mayHost(norm.kind), demand[n.target] > 0 else { continue }
                    normOptions[e].append(SiteOption(site: n.target, perM2: 1 / demand[n.target]))
                    best += site.areaM2 / demand[n.target]
                }
                normAttainable[e] = best
            }
            access.append(normAccess)
            attainable.append(normAttainable)
            options.append(normOptions)
            siteDemand.append(demand)
        }

        var siteCoverage: [[[Int]]] = scenario.coverage.map { _ in Array(repeating: [], count: district.sites.count) }
        for (r, rule) in scenario.coverage.enumerated() {
            let reach = scenario.meters(rule.withinMinutes)
            for e in estates.indices {
                for n in siteNeighbors[e] where n.meters <= reach { siteCoverage[r][n.target].append(e) }
            }
        }
        return Coverage(
            covered: covered, nearestMeters: nearest, searchRadiusMeters: searchRadius, access: access,
            attainable: attainable, siteOptions: options, siteDemand: siteDemand, siteCoverage: siteCoverage)
    }

    /// SPEC §5 service gap: mean over coverage kinds (1 if not covered) and norm kinds
    /// (shortfall ÷ norm).
    func serviceGap(estate e: Int, scenario: Scenario) -> Double {
        var terms: [Double] = covered[e].map { $0 ? 0 : 1 }
        for (k, norm) in scenario.norms.enumerated() {
            terms.append(max(0, norm.m2PerPerson - access[k][e]) / norm.m2PerPerson)
        }
        return terms.isEmpty ? 0 : terms.reduce(0, +) / Double(terms.count)
    }

    /// Whether a norm needs enforcing for an estate: short of the norm, and attainable (SPEC §3).
    func normNeedsSites(norm k: Int, estate e: Int, target: Double) -> Bool {
        access[k][e] < target - 1e-12 && attainable[k][e] >= target - 1e-12
    }
}
