import Foundation

/// The name of a plan rule, as `evaluate` reports it (`budget`, `extended_cap`, …). Each rule's
/// file declares its own name in an extension, so adding a rule touches no list.
public struct RuleName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: RuleName, b: RuleName) -> Bool { a.rawValue < b.rawValue }
}

/// What a row of the plan model is about: the rule that owns it and its subject, as indices (the
/// horizon year index, never an id parsed back out of a name).
public struct RowKey: Hashable, Sendable {
    public var rule: RuleName
    /// Horizon year index (0 = the first year).
    public var year: Int?
    public var cluster: Int?
    public var estate: Int?
    public var site: Int?
    /// The norm index (scenario order), for norm rows.
    public var norm: Int?

    public init(rule: RuleName, year: Int? = nil, cluster: Int? = nil, estate: Int? = nil, site: Int? = nil, norm: Int? = nil) {
        self.rule = rule
        self.year = year
        self.cluster = cluster
        self.estate = estate
        self.site = site
        self.norm = norm
    }

    /// A name GLPK and MPS files accept (ASCII, short): built from the indices, never from ids.
    var solverName: String {
        var parts = [rule.rawValue]
        if let cluster { parts.append("c\(cluster)") }
        if let norm { parts.append("k\(norm)") }
        if let estate { parts.append("e\(estate)") }
        if let site { parts.append("s\(site)") }
        if let year { parts.append("t\(year)") }
        return parts.joined(separator: "_")
    }
}

/// One linear row of a rule: `lower ≤ Σ coefficient × decision ≤ upper`. The decisions are
/// renovations (a cluster, or part of one, in a year) and m² of new space on a site.
public struct RuleRow: Sendable {
    public var key: RowKey
    public var lower: Double?
    public var upper: Double?

    /// The one tolerance every check uses (model, starting plan, `rank`, `evaluate`, reasons):
    /// a row is broken when its activity passes a bound by more than a millionth of the bound's
    /// size (at least 1e-6). On a 350M-yuan budget that is 350 yuan; on an m²/person norm, 1e-6.
    public static let relativeTolerance = 1e-6

    var scale: Double { max(1, abs(lower ?? 0), abs(upper ?? 0)) }

    /// How far `activity` lies outside the row's bounds (0 inside or within tolerance).
    func excess(_ activity: Double) -> Double {
        let slack = Self.relativeTolerance * scale
        if let upper, activity > upper + slack { return activity - upper }
        if let lower, activity < lower - slack { return lower - activity }
        return 0
    }

    func isBroken(by activity: Double) -> Bool { excess(activity) > 0 }
}

/// A renovation the rules price: members of one cluster (all of them, in a plan that keeps the
/// cluster whole) renovated in one horizon year. Estates that are in no cluster (not schedulable)
/// form a renovation of their own with `cluster` nil.
public struct Renovation: Sendable {
    public var cluster: Int?
    public var members: [Int]
    /// Horizon year index.
    public var year: Int
}

/// A rule broken by a plan, in words (SPEC §7; `evaluate`'s `violations`).
public struct Violation: Sendable, Equatable {
    /// The rule's name (``RuleName``): `budget`, `extended_cap`, `capacity`, `norm`,
    /// `cluster_split`, `gate`, `lock`, `site_area`.
    public var rule: String
    /// Calendar year, nil for a rule over the whole horizon.
    public var year: Int?
    /// The estate, cluster or site concerned; nil for a whole year's rule.
    public var id: String?
    public var detail: String
    /// For a `norm` violation, its figures (what `evaluate` groups by estate); nil otherwise.
    public var shortfall: NormShortfall? = nil

    /// A facility norm an estate falls short of in one year, in m² per person.
    public struct NormShortfall: Sendable, Equatable {
        /// The facility kind (`elderly_care`).
        public var kind: String
        /// What the estate reaches that year: its access plus the space the plan built by then.
        public var reached: Double
        /// The norm.
        public var required: Double
        /// The most the sites within its reach could give it.
        public var attainable: Double
    }
}

/// One rule of the plan (SPEC §4, §6, §7): the rows it adds to the model, and the words for them.
///
/// A rule is one type used everywhere: ``PlanModel`` builds the integer programme from the rows
/// and coefficients, ``RuleSet/violations(of:)`` checks any ``Plan`` (what `evaluate` reports,
/// what the starting plan and `rank` keep), ``Reasons`` says which row keeps a reserve cluster out,
/// and ``Infeasibility`` which rows the locks force to break. Rules that are not linear rows
/// (gates, locks, one year per cluster) report ``structuralViolations(of:)`` instead.
protocol PlanRule {
    static var name: RuleName { get }
    /// Every row of the rule, in model order (rows with no coefficient are dropped from the model
    /// but still check plans).
    var rows: [RuleRow] { get }
    /// The coefficients of a renovation in the rule's rows: (index into `rows`, value).
    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)]
    /// The coefficients of one m² of space for norm `norm` (nil: a kind no norm names) built at
    /// `site` in horizon year `year`.
    func coefficients(ofSite site: Int, norm: Int?, year: Int) -> [(row: Int, value: Double)]
    /// The coefficients of doing optional level `level` (index into `scenario.levels`) of
    /// `estate` in horizon year `year` (SPEC §10).
    func coefficients(ofLevel level: Int, estate: Int, year: Int) -> [(row: Int, value: Double)]
    /// Continuous columns the rule adds to the model with their coefficients in its own rows
    /// (the funding rule's allocations of money to items, SPEC §11). A plan does not fix them:
    /// the rule checks plans itself (``structuralViolations(of:)``).
    var auxiliaryColumns: [AuxiliaryColumn] { get }
    /// A planner's clause for row `row` at `activity` (broken, or about to be).
    func describe(row: Int, activity: Double) -> String
    /// The rule as a planner names it, in the report's language (`年度组织实施能力`).
    var title: String { get }
    /// The figures of a broken norm row at `activity` (nil for other rules).
    func shortfall(row: Int, activity: Double) -> Violation.NormShortfall?
    /// Subject of a row for `evaluate`: estate, cluster or site id, or nil for a whole year.
    func subject(of row: Int) -> String?
    /// Whether a broken row of this rule is reported as a violation (false where the structural
    /// check already says it better, e.g. a cluster split over two years).
    var reportsRows: Bool { get }
    /// Breaches that are not rows (gates, locks, split clusters).
    func structuralViolations(of plan: PlanDecisions) -> [Violation]
}

extension PlanRule {
    var rows: [RuleRow] { [] }
    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] { [] }
    func coefficients(ofSite site: Int, norm: Int?, year: Int) -> [(row: Int, value: Double)] { [] }
    func coefficients(ofLevel level: Int, estate: Int, year: Int) -> [(row: Int, value: Double)] { [] }
    var auxiliaryColumns: [AuxiliaryColumn] { [] }
    func describe(row: Int, activity: Double) -> String { "" }
    var title: String { Self.name.rawValue }
    func shortfall(row: Int, activity: Double) -> Violation.NormShortfall? { nil }
    func subject(of row: Int) -> String? { nil }
    var reportsRows: Bool { true }
    func structuralViolations(of plan: PlanDecisions) -> [Violation] { [] }
}

/// A continuous column a rule owns (an allocation of one source's money to one item in a year).
struct AuxiliaryColumn: Sendable {
    /// A name GLPK accepts, built from indices.
    var name: String
    var upper: Double
    /// The estate whose item the column pays for (nil: not an estate's, e.g. site space), so a
    /// neighbourhood search frees only its clusters' columns.
    var estate: Int? = nil
    /// (index into the rule's rows, value).
    var entries: [(row: Int, value: Double)]
}
