import Foundation

/// Everything measured before the solve: the district, coverage, gates, scores and clusters.
public final class Analysis {
    public let district: District
    public let coverage: Coverage
    public let gates: [Gate]
    public let scores: [ScoreBreakdown]
    public let clusters: [Cluster]
    /// Cluster index of each estate, nil for estates not schedulable.
    public let clusterOfEstate: [Int?]
    /// Seconds per stage, in order.
    public internal(set) var stageSeconds: [(stage: String, seconds: Double)]
    /// Repaired polygons, estates the network does not connect, and other notes.
    public let warnings: [InputWarning]
    /// The pedestrian network, when the scenario asks for walking distances.
    let network: NetworkDistance?

    public var scenario: Scenario { district.scenario }

    init(
        district: District, coverage: Coverage, gates: [Gate], scores: [ScoreBreakdown], clusters: [Cluster],
        stageSeconds: [(String, Double)], warnings: [InputWarning], network: NetworkDistance?
    ) {
        self.district = district
        self.warnings = warnings
        self.network = network
        self.coverage = coverage
        self.gates = gates
        self.scores = scores
        self.clusters = clusters
        var clusterOf = [Int?](repeating: nil, count: district.estates.count)
        for (c, cluster) in clusters.enumerated() { for e in cluster.members { clusterOf[e] = c } }
        clusterOfEstate = clusterOf
        self.stageSeconds = stageSeconds.map { (stage: $0.0, seconds: $0.1) }
    }
}

/// New facility space the plan builds on a site.
public struct SiteAddition: Sendable, Equatable {
    public var site: Int
    public var norm: Int
    public var kind: String
    /// Calendar year.
    public var year: Int
    public var m2: Double
    public var costYuan: Double
}

/// The solved plan: GLPK's report and the decisions.
public struct PlanOutcome: Sendable {
    public var status: SolveStatus
    public var objective: Double?
    public var bound: Double?
    public var gap: Double?
    public var rootBound: Double?
    public var solverSeconds: Double
    public var solverReturnCode: String
    /// What stopped the search before the gap closed, if anything.
    public var stoppedBy: SearchLimit?
    public var solverLog: String
    /// Calendar year of each cluster, nil when not planned.
    public var clusterYear: [Int?]
    public var additions: [SiteAddition]
    /// For an infeasible scenario: the rules in conflict, in words.
    public var conflicts: [String]
    public var variables: Int
    public var constraints: Int
    /// Every better plan the solve found, by stage and time (for benchmarks and the solver log).
    public var milestones: [SolveMilestone] = []
    /// Seconds into the solve when GLPK's main search began (after the starting plan).
    public var mainSearchStartedAt: Double?
    /// The time limit the solve ran under (`--time-limit` or `solver.time_limit_s`); nil when
    /// there was no solve (rank).
    public var timeLimitSeconds: Double? = nil
    /// `revise` (SPEC §12): the share of the best value the revised plan may give up for fewer
    /// changes. Its objective is then the revised plan's value and its bound the best value's,
    /// so the gap may exceed the solver's tolerance by up to this share.
    public var revisionSlack: Double? = nil
    /// SPEC §10: the optional levels chosen per estate (indices into `scenario.levels`).
    public var estateLevels: [[Int]] = []
    /// SPEC §11: the plan's money by source (nil without funding sources, or without a plan).
    var funding: FundingRule.Allocation?
    /// The model's column values of the plan (empty without one), for a further solve on the
    /// same model (`revise`, `alternatives`).
    var columnValues: [Double] = []
}

/// Options for a solve that are not part of the scenario.
public struct SolveOptions: Sendable {
    /// Overrides `solver.time_limit_s`.
    public var timeLimitSeconds: Double?
    /// Writes the model in MPS format here before solving (for cross-checks with other solvers).
    public var mpsPath: String?
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// Overrides the limits of `solver.node_limit` (`alternatives` gives its further solves
    /// smaller ones).
    var limits: Scenario.SearchLimits?
    /// Two neighbourhood searches at a time on two cores (the default where there are two); the
    /// plan is the same either way (tested).
    var pairedNeighbourhoods = ProcessInfo.processInfo.activeProcessorCount > 1
    /// Gives GLPK's main search each cluster's "renovated by year T" columns to branch on (the
    /// default; off only to compare in tests: the optimum is the same).
    var byYearColumns = true
    /// Adds the norm rows' residual-need cuts to the main search's root (the default; off only to
    /// compare in tests: the optimum is the same).
    var residualNeedCuts = true
    /// Adds the shared-space cuts of norm rows whose estates share sites as well (the default;
    /// off only to compare in tests and benchmarks: the optimum is the same).
    var sharedSpaceCuts = true
    /// Overrides the limits of `revise`'s fewest-changes search from the best-value plan alone
    /// (tests: that search cut short, the one from the approved plan must still find the fewest).
    var fromBestValueLimits: Scenario.SearchLimits?

    /// The time limit of a solve of `scenario`: the override, else `solver.time_limit_s`.
    func timeLimit(for scenario: Scenario) -> Double { timeLimitSeconds ?? scenario.solver.timeLimitS }

    /// The deterministic limits of a solve of `scenario`: the override, else those of
    /// `solver.node_limit` for the time limit.
    func limits(for scenario: Scenario) -> Scenario.SearchLimits {
        limits ?? scenario.solver.limits(timeLimitSeconds: timeLimit(for: scenario))
    }

    public init(timeLimitSeconds: Double? = nil, mpsPath: String? = nil, progress: (@Sendable (SolveProgress) -> Void)? = nil) {
        self.timeLimitSeconds = timeLimitSeconds
        self.mpsPath = mpsPath
        self.progress = progress
    }
}

/// load → measure → cluster → model → solve: the one path every command shares.
public enum Pipeline {
    /// Loads and measures a scenario's district (SPEC §1–§6).
    ///
    /// - Throws: ``InvalidInput`` listing every input problem, or a ``GeometryError``/
    ///   ``ProjectionError`` with context.
    /// - Parameter checkingBudget: whether ``BudgetCheck`` looks at the budget: not for one
    ///   renoplan scaled itself (`sweep`), whose amounts no planner typed.
    public static func analyse(_ scenario: Scenario, checkingBudget: Bool = true) throws -> Analysis {
        try Interruption.scoped { try analyseSteps(scenario, checkingBudget: checkingBudget) }
    }

    private static func analyseSteps(_ scenario: Scenario, checkingBudget: Bool) throws -> Analysis {
        var clock = StageClock()
        let district = try District.load(scenario)
        clock.lap("load")
        try Interruption.checkpoint()
        // SPEC §3: one coverage code path, two sources of distance.
        let network = scenario.distance == .network ? try NetworkDistance(district: district) : nil
        let source: DistanceSource = network ?? EuclideanDistance(district: district)
        let coverage = try Coverage.measure(district, distances: source)
        var warnings = district.warnings
        if let network, let walkways = scenario.geodata.walkways {
            warnings += try WalkwayJoints.warnings(district, network: network.network, file: walkways.lastPathComponent)
        }
        if let network, !district.facilities.isEmpty {
            warnings += try NetworkReach(network).warnings(scenario)
        }
        clock.lap("coverage")
        try Interruption.checkpoint()
        let gates = Eligibility.gates(district.estates, scenario)
        let scores = district.estates.indices.map { e in
            Scoring.score(district.estates[e], serviceGap: coverage.serviceGap(estate: e, scenario: scenario), scenario: scenario)
        }
        let clusters = try Clustering.clusters(district, gates: gates, scores: scores.map(\.score))
        // A budget that buys nothing (typed in 万元, say): an error where the plan would be empty for sure.
        if checkingBudget, let budget = BudgetCheck.check(scenario, clusters: clusters, estates: district.estates) {
            if let error = budget.error {
                throw InvalidInput(scenarioErrors: [error], warnings: warnings, notices: district.notices)
            }
            warnings += budget.warning.map { [$0] } ?? []
        }
        clock.lap("clustering")
        return Analysis(
            district: district, coverage: coverage, gates: gates, scores: scores, clusters: clusters,
            stageSeconds: clock.laps, warnings: warnings, network: network)
    }

    /// Reads the scenario file and analyses it.
    public static func analyse(scenarioAt url: URL) throws -> Analysis {
        try analyse(Scenario.load(from: url))
    }

    /// Builds SPEC §7's model and solves it with GLPK; a second LP stage picks the cheapest site
    /// space for the chosen plan (it does not change the objective).
    public static func solve(_ analysis: Analysis, options: SolveOptions = SolveOptions()) throws -> PlanOutcome {
        try Interruption.scoped {
            let clock = StageClock()
            let model = PlanModel(analysis: analysis)
            return try solve(analysis, model: model, options: options, clock: clock)
        }
    }

    /// Solves a prepared model: SPEC §7's, or one that `revise` and `alternatives` (SPEC §12)
    /// gave rows, columns and an objective of their own. `start` (the model's column values of a
    /// plan, checked by the solver) is, where it meets every row, the first plan, searched
    /// around before the LP relaxation, with no dive or greedy plan (docs/solver.md, *A known
    /// plan*); `freeColumns` are
    /// left free in every neighbourhood search (columns the rule model does not know), and
    /// `reserveFirst` clusters head the reserve the neighbourhood searches offer (`revise`: the
    /// approved ones). `explain: false` skips the explanation of an infeasible model.
    static func solve(
        _ analysis: Analysis, model: PlanModel, options: SolveOptions, clock: StageClock = StageClock(),
        start known: [Double]? = nil, freeColumns: [Int] = [], reserveFirst: Set<Int> = [], explain: Bool = true
    ) throws -> PlanOutcome {
        let scenario = analysis.scenario
        let district = analysis.district
        var clock = clock
        if let path = options.mpsPath { try GLPKSolver.writeMPS(model.program, to: path) }
        clock.lap("model")
        let conflicts = Infeasibility.lockConflicts(analysis)
        let start = StartingPlan(
            model: model, scenario: scenario, sites: district.sites, clusters: analysis.clusters)
        let timeLimit = options.timeLimit(for: scenario)
        // Where sites are paid from the renovations' own money (no funding sources), the reserve
        // offered to the neighbourhood searches is ranked with the space it would need; read from
        // the model's rows when the searches first ask (a city's run may end before they start).
        let ranksBySpace = model.rules.normRule != nil && model.rules.fundingRule == nil
        var spaceCost: SpaceCost?
        // The model's norm rows, read back once when first asked for: by the reserve's space
        // costs or by the main search's cuts.
        var normRows: ResidualNeedCuts?
        func readNormRows() -> ResidualNeedCuts {
            if let normRows { return normRows }
            let read = ResidualNeedCuts(model: model, sites: district.sites)
            normRows = read
            return read
        }
        // On a city, the neighbourhood searches also work region by region (docs/solver.md, *Regions*).
        let regions = Regions.split(analysis.clusters.map { district.estates[$0.members[0]].shape.allPoints[0] }, size: Regions.size)
        let result = try GLPKSolver.solve(
            model.program, timeLimitSeconds: timeLimit,
            mipGap: scenario.solver.mipGap, limits: options.limits(for: scenario), secondary: model.siteCostObjective(sites: district.sites),
            // The same districts: no space the starting plan does not need holds the budgets
            // its neighbourhoods share out (docs/solver.md, *Tidy starting plans*).
            tidyStartingPlan: ranksBySpace,
            start: known,
            startingPlan: { relaxation, deadline in start.solve(relaxation: relaxation, deadline: deadline) },
            neighbourhoods: { incumbent in
                if ranksBySpace, spaceCost == nil { spaceCost = SpaceCost(model: model, needs: readNormRows().needs, sites: district.sites) }
                return model.neighbourhoods(incumbent: incumbent, clusters: analysis.clusters, spaceCost: spaceCost, regions: regions, reserveFirst: reserveFirst)
                    .map { $0.map { $0 + freeColumns } }
            },
            topUp: { plan, relaxation in start.toppedUp(plan, relaxation: relaxation) },
            pairedNeighbourhoods: options.pairedNeighbourhoods,
            byYear: options.byYearColumns ? model.clusterColumns : [],
            // Built only if the solver adds cuts (not on a city: 0.13 s for 20,000 estates).
            cuts: options.residualNeedCuts && model.rules.normRule != nil
                ? {
                    let residual = readNormRows()
                    let shared = options.sharedSpaceCuts ? SharedSpaceCuts(needs: residual.needs) : nil
                    return { residual.violated(by: $0) + (shared?.violated(by: $0) ?? []) }
                } : nil,
            progress: options.progress)
        clock.lap("solve")
        analysis.stageSeconds += clock.laps

        var outcome = PlanOutcome(
            status: result.status, objective: result.objective, bound: result.bound, gap: result.gap,
            rootBound: result.rootBound, solverSeconds: result.seconds, solverReturnCode: result.returnCode,
            stoppedBy: result.stoppedBy,
            solverLog: result.log, clusterYear: [], additions: [],
            conflicts: result.status == .infeasible && explain
                ? Infeasibility.explain(model, analysis: analysis, fallback: conflicts) : [],
            variables: model.program.columns.count, constraints: model.program.rows.count,
            milestones: result.milestones, mainSearchStartedAt: result.mainSearchStartedAt,
            timeLimitSeconds: timeLimit)
        outcome.read(result.values, model: model, analysis: analysis)
        return outcome
    }

    /// SPEC §11: the plan's money by source, earmarked sources first (nil without funding).
    static func fundingAllocation(_ outcome: PlanOutcome, _ analysis: Analysis, rules: RuleSet? = nil) -> FundingRule.Allocation? {
        guard outcome.status.hasPlan, let funding = (rules ?? RuleSet(analysis)).fundingRule else { return nil }
        let plan = Plan(clusterYear: outcome.clusterYear, additions: outcome.additions, estateLevels: outcome.estateLevels, analysis: analysis)
        return funding.allocate(PlanDecisions(plan, analysis: analysis))
    }
}

extension PlanOutcome {
    /// The gap of a plan worth `value` against this outcome's bound, relative to the bound
    /// (`revise` and `alternatives`: their plans' values against the best-value solve's bound).
    func gap(of value: Double) -> Double? { bound.map { abs($0 - value) / max(1e-9, abs($0)) } }

    /// Takes the plan of `values` (the model's column values; empty for none): the clusters'
    /// years, the space built, the levels and the money.
    mutating func read(_ values: [Double], model: PlanModel, analysis: Analysis) {
        let (scenario, district) = (analysis.scenario, analysis.district)
        let calendar = scenario.horizon.calendarYears
        columnValues = values
        clusterYear = [Int?](repeating: nil, count: analysis.clusters.count)
        additions = []
        estateLevels = []
        if !values.isEmpty {
            for (c, columns) in model.clusterColumns.enumerated() {
                if let t = columns.firstIndex(where: { values[$0] > 0.5 }) { clusterYear[c] = calendar[t] }
            }
            if !model.levelColumns.isEmpty {
                estateLevels = Array(repeating: [], count: district.estates.count)
                for y in model.levelColumns where values[y.column] > 0.5 { estateLevels[y.estate].append(y.level) }
            }
            for z in model.siteColumns where values[z.column] > 1e-6 {
                let site = district.sites[z.site]
                let m2 = values[z.column]
                additions.append(SiteAddition(
                    site: z.site, norm: z.norm, kind: scenario.norms[z.norm].kind, year: calendar[z.year], m2: m2,
                    costYuan: m2 * site.costPerM2Yuan))
            }
        }
        funding = Pipeline.fundingAllocation(self, analysis, rules: model.rules)
    }
}

/// Wall-clock seconds per stage.
struct StageClock {
    private var last = Date()
    private(set) var laps: [(String, Double)] = []

    mutating func lap(_ stage: String) {
        let now = Date()
        laps.append((stage, now.timeIntervalSince(last)))
        last = now
    }
}

/// Explains an infeasible scenario by the rules the locks overload (SPEC §7: "the report names
/// the constraints involved"). Without locks the empty plan is always feasible, so locks are
/// where conflicts come from.
enum Infeasibility {
    /// The rules an infeasible scenario cannot keep, and by how much: the model made elastic
    /// (every row may be broken at a price scaled to its size) and solved as an LP. The rows that
    /// still need slack at the optimum are the conflict, in the words of the rule that owns each;
    /// an empty answer falls back to the rows the locked clusters alone break.
    static func explain(_ model: PlanModel, analysis: Analysis, fallback: [String]) -> [String] {
        let (elastic, slack, _) = model.program.elastic()
        guard let solution = try? GLPKSolver.solveLP(elastic) else { return fallback }
        var messages: [String] = []
        for (index, row) in model.program.rows.enumerated() {
            let amount = solution.values[slack[index]]
            guard amount > RuleRow.relativeTolerance * row.scale else { continue }
            messages.append(analysis.wording.text("在锁定条件下，", "with the locks, ") + model.describe(row: index, brokenBy: amount))
        }
        if messages.isEmpty {
            return fallback.isEmpty
                ? [analysis.wording.text("锁定的小区无法同时满足资金、扩展纳入比例、组织能力和配建指标", "the locks cannot all be kept together with the budgets, the cap, capacity and norms")]
                : fallback
        }
        if let either = relaxable(model, analysis: analysis) { messages.append(either) }
        return messages
    }

    /// The rules of which relaxing any one, alone, makes the locks feasible: the elastic LP again
    /// with that rule's rows free to break, for each rule with rows. The broken row the first LP
    /// chose is one way out; a lock on a 2001–2005 estate overloads the capacity only because
    /// the 15% cap asks for core households beside it, and the planner may prefer to move
    /// either. Nil when only one rule (or none) is such, or on city-sized models (one LP each).
    static func relaxable(_ model: PlanModel, analysis: Analysis) -> String? {
        guard model.program.rows.count <= 20_000 else { return nil }
        var rowsOfRule: [Int: Set<Int>] = [:]
        for index in model.program.rows.indices {
            guard let rule = model.rule(ofRow: index) else { continue }
            rowsOfRule[rule, default: []].insert(index)
        }
        let enough = rowsOfRule.keys.sorted().filter { rule in
            let (elastic, _, priceScale) = model.program.elastic(free: rowsOfRule[rule]!)
            guard let solution = try? GLPKSolver.solveLP(elastic) else { return false }
            return solution.objective / priceScale <= RuleRow.relativeTolerance
        }
        guard enough.count >= 2 else { return nil }
        let titles = enough.map { model.rules.rules[$0].title }
        return analysis.wording.text(
            "放宽以下任何一项即可行：" + titles.joined(separator: "、"),
            "relaxing any one of these would make the locks feasible: " + titles.joined(separator: ", "))
    }

    /// The rows the locked clusters break on their own (norms aside: space could still be added).
    static func lockConflicts(_ analysis: Analysis) -> [String] {
        let rules = RuleSet(analysis, norms: false)
        var activity = RuleActivity(rules)
        let calendar = analysis.scenario.horizon.calendarYears
        for (c, cluster) in analysis.clusters.enumerated() {
            guard let locked = cluster.lockedYear, let t = calendar.firstIndex(of: locked) else { continue }
            activity.add(rules.coefficients(of: Renovation(cluster: c, members: cluster.members, year: t)))
        }
        return rules.rows.indices.filter { rules.rows[$0].isBroken(by: activity.activity[$0]) }.map {
            analysis.wording.text("在锁定条件下，", "with the locks, ") + rules.describe(row: $0, activity: activity.activity[$0])
        }
    }
}

/// `212.4M` style amounts for messages.
func yuanMillions(_ yuan: Double) -> String { String(format: "%.1fM yuan", yuan / 1e6) }
