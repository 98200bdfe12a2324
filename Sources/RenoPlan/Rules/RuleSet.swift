import Foundation

/// Every rule of a scenario, in model order, with its rows numbered one after another. The one
/// place that turns a plan into row activities and broken rows into words: the model builder,
/// the starting plan, `rank`, `evaluate`, the reasons and the infeasibility explanation all go
/// through it.
struct RuleSet {
    let analysis: Analysis
    let rules: [any PlanRule]
    /// All rows, rule by rule.
    let rows: [RuleRow]
    /// For each row: its rule (index into `rules`) and its index within that rule.
    let owner: [(rule: Int, row: Int)]
    private let offset: [Int]
    /// Rows a plan's decisions alone settle (false for rows with auxiliary columns: the rule
    /// checks those itself).
    let checkable: [Bool]

    /// The scenario's rules. `norms: false` leaves out the facility norms (the ranked list of
    /// today's practice does not consider them).
    ///
    /// `checking`: a plan to be checked that may renovate estates the model leaves out (a given
    /// plan, an approved one); their money then counts in the funding sources' rows too.
    init(_ analysis: Analysis, norms: Bool = true, checking plan: PlanDecisions? = nil) {
        // SPEC §11: funding sources replace the one budget.
        let outside = Set(plan?.renovations.filter { $0.cluster == nil }.flatMap(\.members) ?? [])
        let money: any PlanRule = analysis.scenario.funding.map { FundingRule(analysis, sources: $0, outside: outside) }
            ?? BudgetRule(analysis)
        var rules: [any PlanRule] = [
            ClusterRule(analysis), money, ExtendedCapRule(analysis), CapacityRule(analysis), SiteAreaRule(analysis),
        ]
        if norms { rules.append(FacilityNormRule(analysis)) }
        if !analysis.scenario.levels.isEmpty { rules.append(LevelRule(analysis)) }
        rules += [GateRule(analysis: analysis), LockRule(analysis: analysis)] as [any PlanRule]
        self.init(analysis, rules: rules)
    }

    init(_ analysis: Analysis, rules: [any PlanRule]) {
        self.analysis = analysis
        self.rules = rules
        var rows: [RuleRow] = []
        var owner: [(rule: Int, row: Int)] = []
        var offset: [Int] = []
        for (i, rule) in rules.enumerated() {
            offset.append(rows.count)
            let own = rule.rows
            rows += own
            owner += own.indices.map { (i, $0) }
        }
        self.rows = rows
        self.owner = owner
        self.offset = offset
        checkable = owner.map { rules[$0.rule].auxiliaryColumns.isEmpty }
    }

    /// The facility-norm rule, if the set has one (the model needs its requirements).
    var normRule: FacilityNormRule? { rules.lazy.compactMap { $0 as? FacilityNormRule }.first }
    /// The funding rule, when the scenario has funding sources.
    var fundingRule: FundingRule? { rules.lazy.compactMap { $0 as? FundingRule }.first }

    /// Entries with the same row summed, in order of first appearance (a column may reach one
    /// row through several terms, e.g. a cost and a per-household limit).
    static func merged(_ entries: [(row: Int, value: Double)]) -> [(row: Int, value: Double)] {
        var position: [Int: Int] = [:]
        var result: [(row: Int, value: Double)] = []
        for (row, value) in entries {
            if let index = position[row] { result[index].value += value } else {
                position[row] = result.count
                result.append((row, value))
            }
        }
        return result
    }

    /// A renovation's coefficients in every rule's rows (global row indices, rule order).
    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        Self.merged(rules.indices.flatMap { i in rules[i].coefficients(of: renovation).map { (offset[i] + $0.row, $0.value) } })
    }

    /// A renovation's coefficients together with those of the space its norms still need in its
    /// year, taken from the cheapest sites left (``FacilityNormRule/spaceNeeded(for:year:ledger:)``,
    /// which records it in `ledger`); `unmet` is the m²/person no site within reach can give.
    /// `requirements`: the norm rule's requirement indices to fill, in the caller's order.
    func coefficientsWithSpace(
        of renovation: Renovation, requirements: [Int], ledger: inout FacilityNormRule.SpaceLedger
    ) -> (entries: [(row: Int, value: Double)], spaces: [(site: Int, norm: Int, m2: Double)], unmet: Double) {
        var entries = coefficients(of: renovation)
        guard let normRule else { return (entries, [], 0) }
        let fill = normRule.spaceNeeded(for: requirements, year: renovation.year, ledger: &ledger)
        for space in fill.spaces {
            for (row, value) in coefficients(ofSite: space.site, norm: space.norm, year: renovation.year) { entries.append((row, value * space.m2)) }
        }
        return (entries, fill.spaces, fill.unmet)
    }

    /// One m² of space's coefficients (global row indices).
    func coefficients(ofSite site: Int, norm: Int?, year: Int) -> [(row: Int, value: Double)] {
        var result: [(row: Int, value: Double)] = []
        for i in rules.indices {
            for (row, value) in rules[i].coefficients(ofSite: site, norm: norm, year: year) { result.append((offset[i] + row, value)) }
        }
        return result
    }

    /// A space's coefficients: one m²'s times its area (global row indices).
    func coefficients(of space: PlanDecisions.Space) -> [(row: Int, value: Double)] {
        coefficients(ofSite: space.site, norm: space.norm, year: space.year).map { ($0.row, $0.value * space.m2) }
    }

    /// An optional level's coefficients (global row indices).
    func coefficients(ofLevel level: Int, estate: Int, year: Int) -> [(row: Int, value: Double)] {
        rules.indices.flatMap { i in rules[i].coefficients(ofLevel: level, estate: estate, year: year).map { (offset[i] + $0.row, $0.value) } }
    }

    /// Every rule's auxiliary columns, with global row indices.
    var auxiliaryColumns: [AuxiliaryColumn] {
        rules.indices.flatMap { i in
            rules[i].auxiliaryColumns.map { column in
                var column = column
                column.entries = column.entries.map { (offset[i] + $0.row, $0.value) }
                return column
            }
        }
    }

    /// Row activities of a plan.
    func activities(of plan: PlanDecisions) -> [Double] {
        var activity = [Double](repeating: 0, count: rows.count)
        for renovation in plan.renovations {
            for (row, value) in coefficients(of: renovation) { activity[row] += value }
        }
        for space in plan.spaces {
            for (row, value) in coefficients(of: space) { activity[row] += value }
        }
        for work in plan.levels {
            for (row, value) in coefficients(ofLevel: work.level, estate: work.estate, year: work.year) { activity[row] += value }
        }
        return activity
    }

    /// A planner's clause for a row at an activity, from the rule that owns it.
    func describe(row: Int, activity: Double) -> String {
        rules[owner[row].rule].describe(row: owner[row].row, activity: activity)
    }

    /// Every rule the plan breaks, rows and structure, by rule order, year and subject.
    func violations(of plan: PlanDecisions) -> [Violation] {
        let calendar = analysis.scenario.horizon.calendarYears
        var found: [(rank: Int, violation: Violation)] = []
        let activity = activities(of: plan)
        for (i, row) in rows.enumerated() where checkable[i] && row.isBroken(by: activity[i]) {
            let (r, own) = owner[i]
            guard rules[r].reportsRows else { continue }
            found.append((r, Violation(
                rule: type(of: rules[r]).name.rawValue, year: row.key.year.map { calendar[$0] },
                id: rules[r].subject(of: own), detail: rules[r].describe(row: own, activity: activity[i]),
                shortfall: rules[r].shortfall(row: own, activity: activity[i]))))
        }
        for (r, rule) in rules.enumerated() {
            found += rule.structuralViolations(of: plan).map { (r, $0) }
        }
        // Gates, locks and splits first (they say the plan is not even a candidate), then rows.
        let order = [RuleName.gate, .lock, .clusterSplit].map(\.rawValue)
        func rank(_ item: (rank: Int, violation: Violation)) -> Int {
            order.firstIndex(of: item.violation.rule) ?? (order.count + item.rank)
        }
        return found.sorted { a, b in
            (rank(a), a.violation.year ?? 0, a.violation.id ?? "") < (rank(b), b.violation.year ?? 0, b.violation.id ?? "")
        }.map(\.violation)
    }
}

/// Row activities kept up to date as renovations and space come and go: the incremental check
/// behind `rank` and the starting plan (each try costs its own coefficients, not the whole plan).
struct RuleActivity {
    let rules: RuleSet
    private(set) var activity: [Double]

    init(_ rules: RuleSet) {
        self.rules = rules
        activity = [Double](repeating: 0, count: rules.rows.count)
    }

    /// Whether adding `entries` (scaled by `amount`) keeps every row it touches within bounds.
    func allows(_ entries: [(row: Int, value: Double)], amount: Double = 1) -> Bool {
        breaches(entries, amount: amount).isEmpty
    }

    /// The rows adding `entries` would break, with the activity each would reach.
    func breaches(_ entries: [(row: Int, value: Double)], amount: Double = 1) -> [(row: Int, activity: Double)] {
        // Entries in row order (stable, so each row's values add up in the order given), then
        // each row's total once. Sorted as row and place packed in one integer: a try with space
        // has hundreds of entries (every estate its sites serve), and tries come by the thousand.
        guard !entries.isEmpty else { return [] }
        let shift = Swift.max(1, Int.bitWidth - (entries.count - 1).leadingZeroBitCount)
        let ordered = entries.indices.map { $0 | (entries[$0].row << shift) }.sorted()
        let mask = (1 << shift) - 1
        var found: [(row: Int, activity: Double)] = []
        var index = 0
        while index < ordered.count {
            let row = entries[ordered[index] & mask].row
            var total = activity[row]
            while index < ordered.count, ordered[index] >> shift == row {
                total += amount * entries[ordered[index] & mask].value
                index += 1
            }
            if rules.checkable[row] && rules.rows[row].isBroken(by: total) { found.append((row, total)) }
        }
        return found
    }

    /// Whether adding `entries` keeps every row it touches within bounds or, for a row already
    /// outside them, no further outside: a locked cluster alone in its year may break the year's
    /// extended cap until enough other households join it, and what joins it mends that row.
    func allowsMending(_ entries: [(row: Int, value: Double)], amount: Double = 1) -> Bool {
        breaches(entries, amount: amount).allSatisfy { row, total in
            let before = rules.rows[row].excess(activity[row])
            return before > 0 && rules.rows[row].excess(total) <= before
        }
    }

    /// Whether every row is within its bounds.
    var isWithinBounds: Bool {
        rules.rows.indices.allSatisfy { !rules.checkable[$0] || !rules.rows[$0].isBroken(by: activity[$0]) }
    }

    mutating func add(_ entries: [(row: Int, value: Double)], amount: Double = 1) {
        for (row, value) in entries { activity[row] += amount * value }
    }
}
