import Foundation

/// The approved plan held against today's rules (SPEC §12, docs/cycle.md *The approved plan
/// first*): one pass of ``StartingPlan/pass(_:spaces:)`` that keeps what the approved plan can
/// keep before anything else is tried. It is where the fewest-changes search starts from the
/// approved side, and, where it is worth more than the first solve's plan (a large district's
/// solve stopped by its limit), the best value found.
extension Reviser {
    /// The changes cluster c makes planned in horizon year t: one per member approved for no
    /// year, minus one per member approved for t (moved or dropped, an approved estate loses its
    /// saving; the constant Σ approved is left out). An estate approved for another year counts
    /// once (moved), not twice.
    func changes(ofCluster c: Int, year t: Int, approvedYear: [Int?]) -> Double {
        analysis.clusters[c].members.reduce(0) { $0 + (approvedYear[$1] == t ? -1 : (approvedYear[$1] == nil ? 1 : 0)) }
    }

    /// The approved plan as far as today's rules, sites and sources allow, as `model`'s column
    /// values (any columns `model` has beyond the plan's own at 0), or nil where a locked cluster
    /// cannot be placed. In order:
    /// - the approved plan's space in the horizon (its sites.geojson), where it can still be
    ///   built: its sites are where the approved estates' norms were met;
    /// - each approved cluster in its approved year, most changes saved per yuan first, so that
    ///   where a year's money was cut the most approved estates stay (a knapsack's greedy
    ///   order); then those refused once more;
    /// - the levels the approved estates were approved with (dropping one is no change, but it
    ///   costs value and investment);
    /// - the approved clusters that did not fit, each in another year, fewest changes first,
    ///   then the earlier; then their approved levels, then every other level by value per yuan.
    /// Estates approved for no year are not tried: each would cost a change. `model` is the plan
    /// model, whose objective is the value.
    func approvedFirstPlan(model: PlanModel, approvedYear: [Int?]) -> [Double]? {
        let years = calendar.count
        let change = analysis.clusters.indices.map { c in (0..<years).map { changes(ofCluster: c, year: $0, approvedYear: approvedYear) } }
        func savedPerYuan(_ c: Int, _ t: Int) -> Double { -change[c][t] / max(1, analysis.clusters[c].netCostYuan) }
        let ranked = analysis.clusters.indices.filter { analysis.clusters[$0].lockedYear == nil }
            .map { c in (cluster: c, years: (0..<years).sorted { (change[c][$0], $0) < (change[c][$1], $1) }) }
            .filter { change[$0.cluster][$0.years[0]] < 0 }
            .sorted { (-savedPerYuan($0.cluster, $0.years[0]), $0.cluster) < (-savedPerYuan($1.cluster, $1.years[0]), $1.cluster) }
        let levelOf = Dictionary(scenario.levels.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let approvedLevels = model.levelColumns.filter { level in
            approved.approvedLevels[analysis.district.estates[level.estate].id]?.contains { levelOf[$0] == level.level } == true
        }
        // Twice: a cluster refused early (an extended estate before the core households that
        // keep its year under the cap) may fit once the rest of its year is in.
        let inApprovedYears = ranked.map { c, years in StartingPlan.Step.cluster(.init(cluster: c, years: years.filter { change[c][$0] < 0 })) }
        let steps = inApprovedYears + inApprovedYears
            + [.levels(approvedLevels)]
            + ranked.map { c, years in StartingPlan.Step.cluster(.init(cluster: c, years: years.filter { change[c][$0] >= 0 })) }
            + [.levels(approvedLevels)]
        // Only space the model can build: a site that no longer serves an estate with the norm has
        // no column.
        let siteOf = Dictionary(analysis.district.sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let buildable = Set(model.siteColumns.map { [$0.site, $0.norm, $0.year] })
        let spaces = (approved.sites ?? []).compactMap { space -> PlanDecisions.Space? in
            guard let site = siteOf[space.siteID], let t = calendar.firstIndex(of: space.year),
                let norm = scenario.norms.firstIndex(where: { $0.kind == space.kind }), buildable.contains([site, norm, t])
            else { return nil }
            return PlanDecisions.Space(site: site, norm: norm, kind: space.kind, year: t, m2: space.m2)
        }
        let pass = StartingPlan(model: model, scenario: scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        return pass.pass(steps, spaces: spaces)
    }
}
