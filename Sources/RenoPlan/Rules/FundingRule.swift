import Foundation

extension RuleName {
    /// SPEC §11: every item paid in full by sources that may pay it, each source within its
    /// money, its strings (covers, only_core) and its per-household limit.
    public static let funding = RuleName("funding")
}

/// SPEC §11: funding sources (资金来源) in place of the one budget. Each item — an estate's basic
/// works, an optional level, the year's new site space — is paid in full by the sources that may
/// pay it: continuous allocations f_s,i,t ≥ 0 in the same integer programme, with
/// Σ_s f_s,i,t = cost_i × decision, Σ_i f_s,i,t ≤ amount_s,t (cumulative with carry-over), and
/// Σ over an estate's items of f_s ≤ per_household_yuan_s × H_e. An item only one source may pay
/// goes straight into that source's rows (no column), so with one source covering everything the
/// rows are exactly the budget's.
struct FundingRule: PlanRule {
    /// Something to pay for.
    enum Item: Hashable, Sendable {
        case basic(estate: Int)
        case level(estate: Int, level: Int)
        /// All new site space of a year.
        case sites
    }

    static let name = RuleName.funding
    var title: String { analysis.wording.text("各资金来源的额度和用途", "the funding sources' amounts and uses") }
    let analysis: Analysis
    let sources: [Scenario.FundingSource]
    let rows: [RuleRow]
    let years: Int
    /// Rows: amount rows first (source × year), then cap rows, equality rows and unpaid rows.
    private var capRow: [[Int]: Int] = [:]  // [source, estate] → row at year 0
    private var equalityRow: [Item: Int] = [:]  // item → row at year 0
    private var unpaidRow: [Item: Int] = [:]  // item → row (all years)
    private var rowItem: [Int: (kind: RowKind, source: Int?, item: Item?)] = [:]
    /// The auxiliary columns' (source, item, year), in `auxiliaryColumns` order.
    private(set) var allocationKeys: [(source: Int, item: Item, year: Int)] = []
    /// Per auxiliary column: its cost in the allocation LP, its source's place after the item's
    /// last eligible source (the residual, which pays the rest): negative, so that the earmarked
    /// money, listed first, is spent first.
    private(set) var earmarkCost: [Double] = []
    /// The auxiliary columns of each item and year (indices into `auxiliaryColumns`).
    private(set) var allocationColumnsOf: [ItemYear: [Int]] = [:]
    let auxiliaryColumns: [AuxiliaryColumn]

    enum RowKind { case amount, cap, equality, unpaid }

    /// `outside`: estates in no cluster (they fail a gate) that a plan being checked renovates
    /// all the same; their works are items too, so that the check counts their money. The model
    /// never renovates them, and leaves them out.
    init(_ analysis: Analysis, sources: [Scenario.FundingSource], outside: Set<Int> = []) {
        self.analysis = analysis
        self.sources = sources
        let years = analysis.scenario.horizon.years
        self.years = years
        var rows: [RuleRow] = []
        for (s, source) in sources.enumerated() {
            for t in 0..<years {
                let limit = source.carryOver ? source.annualYuan[0...t].reduce(0, +) : source.annualYuan[t]
                rowItem[rows.count] = (.amount, s, nil)
                rows.append(RuleRow(key: RowKey(rule: Self.name, year: t, norm: s), lower: nil, upper: limit))
            }
        }
        let estates = analysis.district.estates.indices.filter { analysis.clusterOfEstate[$0] != nil || outside.contains($0) }
        var items: [Item] = []
        for e in estates {
            items.append(.basic(estate: e))
            for l in analysis.scenario.levels.indices where analysis.levelApplies(l, estate: e) { items.append(.level(estate: e, level: l)) }
        }
        items.append(.sites)
        // Per-household limits: one row per capped source, estate and year, where the source may
        // pay something of the estate.
        var eligibleOfEstate: [Int: Set<Int>] = [:]
        for item in items {
            if let e = Self.estate(of: item) { eligibleOfEstate[e, default: []].formUnion(Self.eligible(item, analysis, sources)) }
        }
        for (s, source) in sources.enumerated() where source.perHouseholdYuan != nil {
            for e in estates where eligibleOfEstate[e]?.contains(s) == true {
                capRow[[s, e]] = rows.count
                for t in 0..<years {
                    rowItem[rows.count] = (.cap, s, .basic(estate: e))
                    rows.append(RuleRow(key: RowKey(rule: Self.name, year: t, estate: e, norm: s), lower: nil, upper: 0))
                }
            }
        }
        var columns: [AuxiliaryColumn] = []
        var keys: [(Int, Item, Int)] = []
        for item in items {
            let eligible = Self.eligible(item, analysis, sources)
            if eligible.isEmpty {
                unpaidRow[item] = rows.count
                rowItem[rows.count] = (.unpaid, nil, item)
                rows.append(RuleRow(key: RowKey(rule: Self.name, estate: Self.estate(of: item)), lower: nil, upper: 0))
            } else if eligible.count > 1 {
                equalityRow[item] = rows.count
                for t in 0..<years {
                    rowItem[rows.count] = (.equality, nil, item)
                    // Σ over the other sources ≤ cost × decision: the last source pays the rest.
                    rows.append(RuleRow(key: RowKey(rule: Self.name, year: t, estate: Self.estate(of: item)), lower: nil, upper: 0))
                }
            }
        }
        self.rows = rows
        // Allocation columns of the items several sources may pay: f_s,i,t ≤ what the item can cost.
        let siteBound = max(1, analysis.district.sites.reduce(0) { $0 + $1.areaM2 * $1.costPerM2Yuan })
        for item in items {
            let eligible = Self.eligible(item, analysis, sources)
            guard eligible.count > 1, let equality = equalityRow[item] else { continue }
            let bound: Double
            switch item {
            case .basic(let e): bound = analysis.netCostYuan(estate: e)
            case .level(let e, let l): bound = analysis.levelCostYuan(level: l, estate: e)
            case .sites: bound = siteBound
            }
            // The last eligible source pays what the others do not (cost × decision − Σ f), so it
            // needs no column of its own: f_s for the others, +1 in their rows, −1 in its rows.
            let residual = eligible[eligible.count - 1]
            for t in 0..<years {
                for s in eligible.dropLast() {
                    var entries = Self.amountRows(s, year: t, sources: sources, years: years).map { ($0, 1.0) }
                    if let e = Self.estate(of: item), let cap = capRow[[s, e]] { entries.append((cap + t, 1.0)) }
                    entries += Self.amountRows(residual, year: t, sources: sources, years: years).map { ($0, -1.0) }
                    if let e = Self.estate(of: item), let cap = capRow[[residual, e]] { entries.append((cap + t, -1.0)) }
                    entries.append((equality + t, 1.0))
                    columns.append(AuxiliaryColumn(
                        name: "f_\(s)_\(Self.code(item))_t\(t)", upper: max(bound, 0), estate: Self.estate(of: item), entries: entries))
                    allocationColumnsOf[ItemYear(item: Self.itemIndex(item), year: t), default: []].append(keys.count)
                    keys.append((s, item, t))
                    earmarkCost.append(Double(s - residual))
                }
            }
        }
        auxiliaryColumns = columns
        allocationKeys = keys
    }

    private static func code(_ item: Item) -> String {
        switch item {
        case .basic(let e): return "b\(e)"
        case .level(let e, let l): return "l\(l)e\(e)"
        case .sites: return "s"
        }
    }

    static func estate(of item: Item) -> Int? {
        switch item {
        case .basic(let e), .level(let e, _): return e
        case .sites: return nil
        }
    }

    /// The sources that may pay an item: those covering its kind, and for an extended-target
    /// estate's works only those not limited to core estates.
    static func eligible(_ item: Item, _ analysis: Analysis, _ sources: [Scenario.FundingSource]) -> [Int] {
        let kind: String
        var core = true
        switch item {
        case .basic(let e):
            kind = "basic"
            core = analysis.gates[e].estateClass == .core
        case .level(let e, let l):
            kind = analysis.scenario.levels[l].name
            core = analysis.gates[e].estateClass == .core
        case .sites:
            kind = "sites"
        }
        return sources.indices.filter { sources[$0].mayPay(kind) && (core || !sources[$0].onlyCore) }
    }

    /// The amount row of source s in year t (the rows start with them).
    func amountRow(_ s: Int, year t: Int) -> Int { s * years + t }

    /// Whether a row is an amount row (source × year).
    func isAmountRow(_ row: Int) -> Bool { row < sources.count * years }

    /// Money a source spends in year t counts in row t, and with carry-over in every later row.
    private static func amountRows(_ s: Int, year t: Int, sources: [Scenario.FundingSource], years: Int) -> [Int] {
        (sources[s].carryOver ? Array(t..<years) : [t]).map { s * years + $0 }
    }

    /// The rows an item's cost enters when the item is done in year t, per yuan.
    private func costRows(_ item: Item, year t: Int) -> [Int] {
        let eligible = Self.eligible(item, analysis, sources)
        if eligible.isEmpty { return unpaidRow[item].map { [$0] } ?? [] }
        if eligible.count > 1 { return [] }  // the equality row takes −cost (see below)
        let s = eligible[0]
        var rows = Self.amountRows(s, year: t, sources: sources, years: years)
        if let e = Self.estate(of: item), let cap = capRow[[s, e]] { rows.append(cap + t) }
        return rows
    }

    private func entries(_ item: Item, cost: Double, year t: Int) -> [(row: Int, value: Double)] {
        if let share = equalityRow[item] {
            // The last eligible source's rows take the whole cost; the others' columns move part
            // of it to them (see the allocation columns).
            let residual = Self.eligible(item, analysis, sources).last!
            var result = Self.amountRows(residual, year: t, sources: sources, years: years).map { ($0, cost) }
            if let e = Self.estate(of: item), let cap = capRow[[residual, e]] { result.append((cap + t, cost)) }
            return result + [(share + t, -cost)]
        }
        return costRows(item, year: t).map { ($0, cost) }
    }

    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        let t = renovation.year
        var result: [(row: Int, value: Double)] = []
        // Members paid by the same single source are summed as the cluster's N_c is (member
        // order), so one source covering everything gives exactly the budget's coefficients.
        var single: [Int: [Int]] = [:]
        for e in renovation.members {
            let eligible = Self.eligible(.basic(estate: e), analysis, sources)
            if eligible.count == 1 {
                single[eligible[0], default: []].append(e)
                if let cap = capRow[[eligible[0], e]] { result.append((cap + t, analysis.netCostYuan(estate: e))) }
            } else {
                result += entries(.basic(estate: e), cost: analysis.netCostYuan(estate: e), year: t)
            }
        }
        for (s, members) in single.sorted(by: { $0.key < $1.key }) {
            let cost = analysis.netCostYuan(of: Renovation(cluster: renovation.cluster, members: members, year: t))
            result += Self.amountRows(s, year: t, sources: sources, years: years).map { ($0, cost) }
        }
        // The per-household limit grows with the renovation: −p_s × H_e in each cap row.
        for e in renovation.members {
            for (s, source) in sources.enumerated() {
                guard let p = source.perHouseholdYuan, let cap = capRow[[s, e]] else { continue }
                result.append((cap + t, -p * Double(analysis.district.estates[e].households)))
            }
        }
        return result
    }

    func coefficients(ofLevel level: Int, estate: Int, year: Int) -> [(row: Int, value: Double)] {
        entries(.level(estate: estate, level: level), cost: analysis.levelCostYuan(level: level, estate: estate), year: year)
    }

    func coefficients(ofSite site: Int, norm: Int?, year: Int) -> [(row: Int, value: Double)] {
        entries(.sites, cost: analysis.district.sites[site].costPerM2Yuan, year: year)
    }

    // MARK: - Checking a plan: its allocation

    /// Money by source for each estate, and for the new space of each year.
    struct Allocation: Sendable {
        var estates: [[Double]]
        var sites: [[Double]]
        /// Per source and horizon year: spent.
        var spent: [[Double]]
    }

    /// A feasible allocation of the plan's costs to the sources, or nil when none exists. Among
    /// the allocations, the one that spends the sources listed first (earmarked money: subsidies,
    /// bonds) before the later ones (the local budget), as a finance bureau would.
    func allocate(_ plan: PlanDecisions) -> Allocation? {
        allocationSolution(ledger(plan)).map { allocation(plan, values: $0.values, columns: $0.columns) }
    }

    /// The allocation LP's solution for the ledger's plan (with `trial` added; `rows`: only these
    /// rows, as in ``violations(_:trial:rows:known:)``): the allocation columns it has (indices
    /// into `auxiliaryColumns`) and their values, the earmarked money first; nil when the sources
    /// cannot pay.
    func allocationSolution(_ ledger: Ledger, trial: Ledger.Trial? = nil, rows chosen: [Int]? = nil) -> (columns: [Int], values: [Double])? {
        guard let (program, columns, _) = allocationProgram(ledger, trial: trial, rows: chosen, elastic: false),
            let solution = try? GLPKSolver.solveLP(program)
        else { return nil }
        return (columns, solution.values)
    }

    /// Whether the sources can pay for the plan (an allocation exists).
    func admits(_ plan: PlanDecisions) -> Bool { allocate(plan) != nil }

    var reportsRows: Bool { false }

    func structuralViolations(of plan: PlanDecisions) -> [Violation] {
        violations(ledger(plan))
    }

    /// The rows the sources cannot keep for the ledger's plan (none when an allocation exists),
    /// with `trial` added when given; `rows`: only these rows and the columns in them (a
    /// component of the allocation LP, ``FundingRule/Ledger``), nil for all.
    /// `known`: false when the plan is known not to be payable (the elastic LP only).
    func violations(_ ledger: Ledger, trial: Ledger.Trial? = nil, rows chosen: [Int]? = nil, known: Bool? = nil) -> [Violation] {
        if known != false, allocationSolution(ledger, trial: trial, rows: chosen) != nil { return [] }
        // No allocation: the elastic version says which rows break, and by how much.
        guard let (program, _, rowOfProgramRow) = allocationProgram(ledger, trial: trial, rows: chosen, elastic: true),
            let solution = try? GLPKSolver.solveLP(program)
        else { return [] }
        let base = program.columns.count - rowOfProgramRow.count
        return rowOfProgramRow.enumerated().compactMap { index, row in violation(row: row, by: solution.values[base + index]) }
    }

    /// Row `row` broken by `amount` (the elastic LP's slack), as a violation; nil for an amount
    /// within the tolerance.
    func violation(row: Int, by amount: Double) -> Violation? {
        guard amount > RuleRow.relativeTolerance * rows[row].scale else { return nil }
        let activity = rows[row].upper.map { $0 + amount } ?? (rows[row].lower ?? 0) - amount
        return Violation(
            rule: Self.name.rawValue, year: rows[row].key.year.map { analysis.scenario.horizon.calendarYears[$0] }, id: subject(of: row),
            detail: describe(row: row, activity: activity))
    }

    /// The allocation LP of a plan: the plan's costs are constants; the allocation columns of its
    /// items are the variables. With `elastic`, every row may break at a price (the last columns,
    /// one per row, in `rowOfProgramRow` order). `trial`: items added to the ledger's plan;
    /// `chosen`: the rows to write (ascending; every row of their columns among them), nil for all.
    func allocationProgram(_ ledger: Ledger, trial: Ledger.Trial? = nil, rows chosen: [Int]? = nil, elastic: Bool)
        -> (program: LinearProgram, columns: [Int], rowOfProgramRow: [Int])?
    {
        let used: [Int]
        if let chosen {
            var columns = Set<Int>()
            for row in chosen {
                columns.formUnion(ledger.columnsOfRow[row] ?? [])
                columns.formUnion(trial?.columnsOfRow[row] ?? [])
            }
            used = columns.sorted()
        } else {
            used = ledger.columns.union(trial?.columns ?? []).sorted()
        }
        func constant(_ row: Int) -> Double { ledger.constant[row] + (trial?.delta[row] ?? 0) }
        var program = LinearProgram()
        program.maximize = false
        var columnEntries: [Int: [(Int, Double)]] = [:]
        for j in used {
            // Earmarked money first: moving a yuan from the last eligible source to an earlier one
            // lowers the objective (sources listed first are spent first).
            let column = program.addColumn(
                "f\(j)", integer: false, lower: 0, upper: auxiliaryColumns[j].upper, objective: elastic ? 0 : earmarkCost[j])
            for (row, value) in auxiliaryColumns[j].entries { columnEntries[row, default: []].append((column, value)) }
        }
        var rowOfProgramRow: [Int] = []
        var slackRows: [(row: Int, entries: [(Int, Double)])] = []
        for index in chosen ?? Array(rows.indices) {
            let row = rows[index]
            let entries = columnEntries[index] ?? []
            let lower = row.lower.map { $0 - constant(index) }
            let upper = row.upper.map { $0 - constant(index) }
            if entries.isEmpty {
                // A row of constants: broken or not, whatever the allocation.
                if row.isBroken(by: constant(index)) {
                    guard elastic else { return nil }
                    slackRows.append((index, []))
                }
                continue
            }
            if elastic { slackRows.append((index, entries)) } else { program.addRow("r\(index)", lower: lower, upper: upper, entries) }
        }
        if elastic {
            let firstSlack = program.columns.count
            let price = BreachPrice(scales: slackRows.map { rows[$0.row].scale })
            for (k, item) in slackRows.enumerated() {
                let row = rows[item.row]
                _ = program.addColumn("slack\(k)", integer: false, lower: 0, upper: 1e15, objective: price(row.scale))
                let sign: Double = row.upper != nil ? -1 : 1
                let lower = row.lower.map { $0 - constant(item.row) }
                let upper = row.upper.map { $0 - constant(item.row) }
                program.addRow("r\(item.row)", lower: lower, upper: upper, item.entries + [(firstSlack + k, sign)])
                rowOfProgramRow.append(item.row)
            }
            if program.columns.isEmpty { return nil }
        }
        if program.columns.isEmpty {
            // Nothing to choose: a dummy column keeps GLPK happy.
            _ = program.addColumn("none", integer: false, lower: 0, upper: 0, objective: 0)
        }
        return (program, used, rowOfProgramRow)
    }

    static func itemIndex(_ item: Item) -> Int {
        switch item {
        case .basic(let e): return 3 * e
        case .level(let e, let l): return 3 * e + 1 + l
        case .sites: return -1
        }
    }

    /// Money by source per estate, per year's space, and spent per source and year, from the
    /// allocation columns' values and the items only one source may pay.
    private func allocation(_ plan: PlanDecisions, values: [Double], columns: [Int]) -> Allocation {
        let estateCount = analysis.district.estates.count
        var estates = [[Double]](repeating: [Double](repeating: 0, count: sources.count), count: estateCount)
        var sites = [[Double]](repeating: [Double](repeating: 0, count: sources.count), count: years)
        func pay(_ item: Item, _ t: Int, _ s: Int, _ yuan: Double) {
            if let e = Self.estate(of: item) { estates[e][s] += yuan } else { sites[t][s] += yuan }
        }
        /// The whole cost to the last eligible source; the allocation columns move parts of it.
        func single(_ item: Item, cost: Double, _ t: Int) {
            if let last = Self.eligible(item, analysis, sources).last { pay(item, t, last, cost) }
        }
        for renovation in plan.renovations {
            for e in renovation.members { single(.basic(estate: e), cost: analysis.netCostYuan(estate: e), renovation.year) }
        }
        for work in plan.levels {
            single(.level(estate: work.estate, level: work.level), cost: analysis.levelCostYuan(level: work.level, estate: work.estate), work.year)
        }
        for space in plan.spaces {
            single(.sites, cost: space.m2 * analysis.district.sites[space.site].costPerM2Yuan, space.year)
        }
        for (k, j) in columns.enumerated() {
            let key = allocationKeys[j]
            let value = values[k]
            if abs(value) > 1e-6 {
                pay(key.item, key.year, key.source, value)
                pay(key.item, key.year, Self.eligible(key.item, analysis, sources).last!, -value)
            }
        }
        var spent = [[Double]](repeating: [Double](repeating: 0, count: years), count: sources.count)
        var yearOf = [Int?](repeating: nil, count: estateCount)
        for renovation in plan.renovations { for e in renovation.members { yearOf[e] = renovation.year } }
        for e in 0..<estateCount { if let t = yearOf[e] { for s in sources.indices { spent[s][t] += estates[e][s] } } }
        for t in 0..<years { for s in sources.indices { spent[s][t] += sites[t][s] } }
        return Allocation(estates: estates, sites: sites, spent: spent)
    }

    // MARK: - Words

    func describe(row: Int, activity: Double) -> String {
        let w = analysis.wording
        let calendar = analysis.scenario.horizon.calendarYears
        let key = rows[row].key
        let (kind, source, item) = rowItem[row] ?? (.amount, nil, nil)
        let name = source.map { sources[$0].shownName(w) } ?? ""
        switch kind {
        case .amount:
            let t = key.year ?? 0
            let limit = rows[row].upper ?? 0
            let span = sources[source ?? 0].carryOver && t > 0
                ? w.text("\(calendar[0])–\(calendar[t])年累计", "\(calendar[0])–\(calendar[t])") : w.text("\(calendar[t])年", "\(calendar[t])")
            let (needed, available) = w.money(activity, beside: limit)
            return w.text(
                "\(span)\(name)：需要\(needed)，可用\(available)（缺口\(w.money(activity - limit))）",
                "\(span) \(name): \(needed) needed, \(available) available (\(money(activity - limit)) short)")
        case .cap:
            let e = key.estate ?? 0
            let estate = analysis.district.estates[e]
            let p = sources[source ?? 0].perHouseholdYuan ?? 0
            return w.text(
                "小区\(estate.id)：\(name)每户最多\(w.money(p))，\(w.households(estate.households))合计不超过\(w.money(p * Double(estate.households)))",
                "estate \(estate.id): \(name) pays at most \(money(p)) per household, \(money(p * Double(estate.households))) for its \(grouped(estate.households)) households")
        case .equality, .unpaid:
            let what = item.map(itemWords) ?? ""
            return kind == .unpaid
                ? w.text("没有资金来源可以支付\(what)", "no funding source may pay \(what)")
                : w.text("\(what)无法由可支付它的资金来源全额支付", "\(what) cannot be paid in full by the sources that may pay it")
        }
    }

    private func itemWords(_ item: Item) -> String {
        let w = analysis.wording
        switch item {
        case .basic(let e):
            return w.text("小区\(analysis.district.estates[e].id)的基础类改造", "the basic works of estate \(analysis.district.estates[e].id)")
        case .level(let e, let l):
            let name = analysis.scenario.levels[l].name
            return w.text("小区\(analysis.district.estates[e].id)的\(Wording.levelName(name, w))改造", "the \(name) works of estate \(analysis.district.estates[e].id)")
        case .sites:
            return w.text("新增设施用房", "the new facility space")
        }
    }

    func subject(of row: Int) -> String? {
        if let source = rowItem[row]?.source, rowItem[row]?.kind == .amount { return sources[source].name }
        return rows[row].key.estate.map { analysis.district.estates[$0].id }
    }
}
