import Foundation

/// A planning scenario (SPEC §2): where the data is, the horizon and money, and the rules.
///
/// Every field has the SPEC's default except the estates file, the horizon and the budget.
public struct Scenario: Sendable {
    /// The scenario's own file; relative paths in it are resolved against its folder.
    public var file: URL
    public var name: String
    public var geodata: Geodata
    /// CRS of the input coordinates (`EPSG:4547`); nil = WGS 84 lon/lat (RFC 7946).
    public var crs: String?
    /// Metric CRS for computing; nil = the input's if projected, else the UTM zone of the data's centre.
    public var workCRS: String?
    public var personsPerHousehold: Double = 2.62
    public var horizon: Horizon
    public var budget: Budget
    /// Organisational capacity (组织实施能力): households per year; nil = unbounded.
    public var householdsPerYear: Int?
    public var eligibility = Eligibility()
    public var distance: DistanceKind = .euclidean
    /// Living-circle tiers: minutes → metres (GB 50180-2018).
    public var circles: [Int: Double] = [5: 300, 10: 500, 15: 1000]
    public var coverage: [CoverageRule] = [
        CoverageRule(kind: "elderly_care", withinMinutes: 15),
        CoverageRule(kind: "clinic", withinMinutes: 15),
        CoverageRule(kind: "kindergarten", withinMinutes: 5),
    ]
    public var norms: [NormRule] = [NormRule(kind: "elderly_care", m2PerPerson: 0.1, withinMinutes: 15)]
    public var clustering = ClusteringRules()
    public var score = ScoreWeights()
    /// Value of a renovation in horizon year t is multiplied by discount^(t−1).
    public var discount: Double = 0.85
    /// Estates fixed by the planner, in the order the file gives them.
    public var locks: [Lock] = []
    public var costPerM2Yuan: Double = 400
    public var solver = SolverSettings()
    /// SPEC §10: optional content levels; empty = a renovation is one package costing cost_yuan.
    public var levels: [Level] = []
    /// SPEC §11: funding sources; nil = the one public budget of `budget.annual_yuan`.
    public var funding: [FundingSource]?
    /// SPEC §13: the language of report.md, report.html, plan.xlsx and the console summary.
    public var reportLanguage: ReportLanguage = .zh
    /// The line of each key in the file (`crs`, `geodata.sites`, …), for errors found after
    /// parsing, when the data is read.
    public var keyLines: [String: Int] = [:]
    /// SPEC §12: `revise.keep_totals` (keep each approved year's five totals where possible).
    public var revise = ReviseSettings()
    /// SPEC §12: the approved plan's started and completed estates, set by `renoplan revise`
    /// (never read from the scenario file).
    public var approvedStates = ApprovedStates()

    public struct ReviseSettings: Sendable {
        public var keepTotals = true
    }

    /// Works under way (fixed to their year, schedulable whatever their data now say) and
    /// estates done (status `completed`, out of the plan and the budgets).
    public struct ApprovedStates: Sendable {
        /// Calendar year by estate id.
        public var started: [String: Int] = [:]
        public var completed: Set<String> = []
        /// The approved calendar year of each completed estate, where the approved plan gives one.
        public var completedYears: [String: Int] = [:]
        /// Works started before the horizon and still under way (续建), by the year they started:
        /// out of the plan and the budgets like completed ones, with status `under_way`
        /// (``rolled(toHorizonStart:spaces:)`` moves them here from `started`).
        public var underWay: [String: Int] = [:]
        /// Facility space the approved plan built on sites before the horizon: it exists today,
        /// as a facility of its kind at the site, and the site's area is reduced by it (District).
        public var built: [BuiltSpace] = []
        /// Where each comes from (`approved.csv:4`), for messages.
        public var sources: [String: String] = [:]
    }

    /// Facility space an approved plan built on a site (a feature of its `sites.geojson`).
    public struct BuiltSpace: Sendable, Equatable {
        public var siteID: String
        public var kind: String
        /// Calendar year it was built in (before the horizon).
        public var year: Int
        public var m2: Double
        /// Where it is in the approved plan, for messages: the file and the feature's index.
        public var file = "sites.geojson"
        public var featureIndex: Int?
    }

    /// A scenario error about `path`, with the key's line when the file gave it.
    func error(_ path: String, _ problem: String) -> ScenarioError {
        ScenarioError(file: file.lastPathComponent, path: path, line: keyLines[path], problem: problem)
    }

    public struct Geodata: Sendable {
        public var estates: URL
        public var facilities: URL?
        public var sites: URL?
        public var walkways: URL?
        /// How each layer given as a mapping is read (SPEC §9), by layer name (`estates`, …).
        public var sources: [String: LayerSource] = [:]

        /// Every data file the scenario names, in a fixed order, with its key: each layer's
        /// file (`geodata.estates`), then the attribute table joined to it
        /// (`geodata.estates.table`), if any. What a run reads (batch fingerprints) and what
        /// no output may replace (``InputGuard``).
        public var files: [(key: String, url: URL)] {
            let layers: [(String, URL?)] = [("estates", estates), ("facilities", facilities), ("sites", sites), ("walkways", walkways)]
            return layers.flatMap { name, url -> [(key: String, url: URL)] in
                guard let url else { return [] }
                let table = sources[name]?.table.map { [(key: "geodata.\(name).table", url: $0)] } ?? []
                return [(key: "geodata.\(name)", url: url)] + table
            }
        }
    }

    public struct Horizon: Sendable {
        public var start: Int
        public var years: Int
        /// The calendar years of the plan.
        public var calendarYears: [Int] { Array(start..<(start + years)) }
    }

    public struct Budget: Sendable {
        /// Public money per horizon year, yuan.
        public var annualYuan: [Double]
        /// Unspent money moves to the next year.
        public var carryOver = false
    }

    public struct Eligibility: Sendable {
        public var coreBuiltUntil = 2000
        public var extendedBuiltUntil = 2005
        public var extendedCap = 0.15
        public var includeUnsafeAfterCore = true
        public var consentMin = 0.80
        public var requireManagementAgreement = true
    }

    public enum DistanceKind: String, Sendable {
        case euclidean, network
    }

    /// What "covered" means for one kind: a facility of that kind within the tier's distance.
    public struct CoverageRule: Sendable, Equatable {
        public var kind: String
        public var withinMinutes: Int
    }

    /// A capacity norm: m² of facility space per person within a tier.
    public struct NormRule: Sendable, Equatable {
        public var kind: String
        public var m2PerPerson: Double
        public var withinMinutes: Int
    }

    public struct ClusteringRules: Sendable {
        public var adjacencyM = 20.0
        public var maxHouseholds = 3000
        public var linkedSaving = 0.0
    }

    public struct ScoreWeights: Sendable {
        public static let indicatorNames = ["age", "hazard", "service_gap", "consent", "cofunding"]
        public static let hazardNames = ["gas", "fire", "structure", "drainage", "water", "power", "heating", "telecom"]
        public var weights: [String: Double] = [
            "age": 0.3, "hazard": 0.3, "service_gap": 0.2, "consent": 0.1, "cofunding": 0.1,
        ]
        public var hazardWeights: [String: Double] = [
            "gas": 3, "fire": 3, "structure": 3, "drainage": 2, "water": 2, "power": 2, "heating": 1, "telecom": 1,
        ]
    }

    public struct Lock: Sendable, Equatable {
        public enum Target: Sendable, Equatable {
            case year(Int)
            case never
        }
        public var estateID: String
        public var target: Target
        /// Line in the scenario file, for error messages.
        public var line: Int?
    }

    public struct SolverSettings: Sendable {
        public var timeLimitS = 60.0
        /// The seconds `solver.time_limit_s` (and `--time-limit`) accepts.
        public static let timeLimitRange: ClosedRange<Double> = 0.001...1e6
        public var mipGap = 0.001
        /// renoplan's extension: branch-and-bound nodes after which the search stops, so that a
        /// plan does not depend on the machine's speed.
        public var nodeLimit: NodeLimit = .scaled

        public enum NodeLimit: Sendable, Equatable {
            /// The default: an amount of search work proportional to the time limit (see
            /// ``SearchLimits/work``), so a longer limit buys a longer search and the plan still
            /// does not depend on the machine.
            case scaled
            /// `node_limit: N`: the main search stops after N branch-and-bound nodes.
            case nodes(Int)
            /// `node_limit: null`: only the time limit stops the search.
            case unlimited
        }

        /// Work units per second of the time limit for `node_limit: scaled`, and the share of the
        /// limit they are meant to fill. A unit is one simplex iteration on one row (iterations
        /// × rows of the problem they run on), which tracks time across model sizes: measured on
        /// the 2-core development machine at 1.3 million a second on 400-estate models with 108
        /// rows (no norms) and with 800 (norms) alike, where branch-and-bound nodes differed
        /// sevenfold in cost (docs/solver.md, *Determinism*).
        public static let workPerSecond = 1.2e6
        /// The main search's share: the starting plan's searches before it end on their own (a
        /// round that finds nothing better) and take from a tenth to most of the limit.
        public static let workShare = 0.5
        /// The neighbourhood searches' work per second of the time limit under `scaled`. They
        /// ran at 5–6.6 million units a second on the 400-estate models with norms and 2.7
        /// million without (two searches at a time, only the one-at-a-time path counted): on the
        /// development machine this ends them within 45–70% of the limit where they do not end
        /// on their own before, short of the 80% at which the time limit stops them
        /// (docs/solver.md, *Determinism*).
        public static let neighbourhoodWorkPerSecond = 3.2e6

        /// The deterministic limits of a run with `timeLimitSeconds`.
        public func limits(timeLimitSeconds: Double) -> SearchLimits {
            switch nodeLimit {
            case .scaled:
                return SearchLimits(
                    nodes: nil, work: max(1e5, timeLimitSeconds * Self.workPerSecond * Self.workShare),
                    neighbourhoodWork: max(1e5, timeLimitSeconds * Self.neighbourhoodWorkPerSecond))
            case .nodes(let n): return SearchLimits(nodes: n, work: nil)
            case .unlimited: return SearchLimits(nodes: nil, work: nil)
            }
        }
    }

    /// Limits on the search that do not depend on the machine's speed (the time limit is
    /// separate, and reaching it makes the plan depend on the speed).
    public struct SearchLimits: Sendable, Equatable {
        /// Branch-and-bound nodes of the main search.
        public var nodes: Int?
        /// Simplex iterations × rows of the main search (each iteration counted with the rows of
        /// the problem it ran on, root cuts included).
        public var work: Double?
        /// The same units for the neighbourhood searches before it: none starts once they have
        /// done this much.
        public var neighbourhoodWork: Double?

        public init(nodes: Int?, work: Double?, neighbourhoodWork: Double? = nil) {
            self.nodes = nodes
            self.work = work
            self.neighbourhoodWork = neighbourhoodWork
        }

        /// A fifth of each, for the further solves of `alternatives`.
        public var fifth: SearchLimits {
            SearchLimits(
                nodes: nodes.map { max(100, $0 / 5) }, work: work.map { $0 / 5 }, neighbourhoodWork: neighbourhoodWork.map { $0 / 5 })
        }
    }

    /// Metres of a tier, e.g. `meters(15)` = 1000.
    public func meters(_ minutes: Int) -> Double { circles[minutes] ?? 0 }

    /// The largest distance any coverage rule or norm asks about.
    public var maxReachMeters: Double {
        (coverage.map(\.withinMinutes) + norms.map(\.withinMinutes)).map(meters).max() ?? 0
    }

    /// Budget of horizon year index `t` (0-based).
    public func budgetYuan(year t: Int) -> Double { budget.annualYuan[t] }
}
