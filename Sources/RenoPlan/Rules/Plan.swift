import Foundation

/// A plan, however it was made (`plan`, `rank`, `evaluate`'s given plan): the year each estate is
/// renovated in and the facility space added on sites. The rules check it the same way whoever
/// made it.
public struct Plan: Sendable, Equatable {
    /// Calendar year of each estate (district order), nil when not planned.
    public var estateYear: [Int?]
    /// New facility space, by site, norm kind and calendar year.
    public var additions: [SiteAddition]
    /// SPEC §10: the optional levels done with each estate's renovation (indices into
    /// `scenario.levels`, ascending); empty (or no entry) = basic only.
    public var estateLevels: [[Int]]

    public init(estateYear: [Int?], additions: [SiteAddition], estateLevels: [[Int]] = []) {
        self.estateYear = estateYear
        self.additions = additions
        self.estateLevels = estateLevels
    }

    /// The plan that renovates each cluster whole in its year.
    init(clusterYear: [Int?], additions: [SiteAddition], estateLevels: [[Int]] = [], analysis: Analysis) {
        var years = [Int?](repeating: nil, count: analysis.district.estates.count)
        for (c, cluster) in analysis.clusters.enumerated() {
            for e in cluster.members { years[e] = clusterYear[c] }
        }
        self.init(estateYear: years, additions: additions, estateLevels: estateLevels)
    }
}

/// A plan as the rules see it: renovations (cluster parts by horizon year) and space by horizon
/// year. Made from a ``Plan`` or from a given plan whose space may be of kinds no norm names.
struct PlanDecisions {
    struct Space {
        var site: Int
        /// Norm index, nil for a kind no norm names.
        var norm: Int?
        var kind: String
        /// Horizon year index.
        var year: Int
        var m2: Double
    }

    /// The space ``RuleSet/coefficientsWithSpace(of:requirements:ledger:)`` adds for a
    /// renovation's norms, built in horizon year t.
    static func spaces(_ added: [(site: Int, norm: Int, m2: Double)], year t: Int, scenario: Scenario) -> [Space] {
        added.map { Space(site: $0.site, norm: $0.norm, kind: scenario.norms[$0.norm].kind, year: t, m2: $0.m2) }
    }

    /// An optional level done with an estate's renovation.
    struct LevelWork {
        var estate: Int
        /// Index into `scenario.levels`.
        var level: Int
        /// Horizon year index.
        var year: Int
    }

    var renovations: [Renovation]
    var spaces: [Space]
    var levels: [LevelWork] = []
    /// Horizon year index of each estate, for the structural rules.
    var estateYear: [Int?]

    /// Groups the planned estates by cluster and year, in cluster order then estate order;
    /// estates in no cluster are renovations of their own (the gate rule reports them).
    init(estateYear calendarYears: [Int?], spaces: [Space], analysis: Analysis) {
        let calendar = analysis.scenario.horizon.calendarYears
        let years = calendarYears.map { $0.flatMap { calendar.firstIndex(of: $0) } }
        var renovations: [Renovation] = []
        for (c, cluster) in analysis.clusters.enumerated() {
            var byYear: [Int: [Int]] = [:]
            for e in cluster.members { if let t = years[e] { byYear[t, default: []].append(e) } }
            for (t, members) in byYear.sorted(by: { $0.key < $1.key }) {
                renovations.append(Renovation(cluster: c, members: members, year: t))
            }
        }
        for (e, t) in years.enumerated() where analysis.clusterOfEstate[e] == nil {
            if let t { renovations.append(Renovation(cluster: nil, members: [e], year: t)) }
        }
        self.renovations = renovations
        self.spaces = spaces
        self.estateYear = years
    }

    init(_ plan: Plan, analysis: Analysis) {
        let calendar = analysis.scenario.horizon.calendarYears
        let spaces = plan.additions.compactMap { a in
            calendar.firstIndex(of: a.year).map { Space(site: a.site, norm: a.norm, kind: a.kind, year: $0, m2: a.m2) }
        }
        self.init(estateYear: plan.estateYear, spaces: spaces, analysis: analysis)
        for (e, chosen) in plan.estateLevels.enumerated() {
            guard let t = estateYear[e] else { continue }
            levels += chosen.map { LevelWork(estate: e, level: $0, year: t) }
        }
    }
}
