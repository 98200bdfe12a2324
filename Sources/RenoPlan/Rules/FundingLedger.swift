import Foundation

extension FundingRule {
    /// An item (``FundingRule/itemIndex(_:)``) in a horizon year.
    struct ItemYear: Hashable, Sendable {
        var item: Int
        var year: Int
    }

    /// A plan as the allocation LP sees it: its costs per row (the LP's constants) and the
    /// allocation columns of its items, by row.
    ///
    /// `rank` fills the years one cluster at a time and the reasons try every reserve cluster in
    /// every year, each asking whether the sources could pay the plan with one more cluster: on a
    /// district of 5,000 estates, tens of thousands of questions. The allocation LP falls apart
    /// into components that share no row (without carry-over, one per year: the sources' amount
    /// rows of a year join its items, and nothing joins two years). A cluster added to a plan the
    /// sources can pay changes only the rows it enters, so only the component of those rows has
    /// to be solved again (``violations(adding:spaces:to:payable:)``); the others keep the
    /// allocation they had.
    struct Ledger {
        /// Per row of the rule: the plan's costs in it.
        var constant: [Double]
        /// The allocation columns of the plan's items.
        var columns = Set<Int>()
        /// Per row: the allocation columns of the plan's items in it, in the order they came.
        var columnsOfRow: [Int: [Int]] = [:]
        /// An allocation that pays the plan (the columns' values; those not here are 0), if one
        /// is known: kept by ``FundingRule/take(_:spaces:levels:into:)``.
        var allocation: [Int: Double]?
        /// Per year: the plan's part of each sum of rows ``exceedsAmounts`` checks (one per set
        /// of sources, in ``sourceSets`` order), kept until the plan changes in that year.
        var sums: [Int: [RowSum]] = [:]

        /// Items added to a ledger's plan for one question, without copying the ledger.
        struct Trial {
            var delta: [Int: Double] = [:]
            /// Allocation columns the ledger does not have yet.
            var columns = Set<Int>()
            var columnsOfRow: [Int: [Int]] = [:]
        }
    }

    /// A sum of rows for ``exceedsAmounts``: the plan's constants in it (`needed`), its rows
    /// (`chosen`: the amount rows and each column's limiting row), and whether every allocation
    /// column in it found a row to balance it.
    struct RowSum {
        var needed: Double
        var available: Double
        var amount: [Int]
        var chosen: Set<Int>
        /// The amount rows, as a set.
        var inAmount: Set<Int>
        var valid = true

        /// The sum of the amount rows alone.
        init(needed: Double, available: Double, amount: [Int]) {
            (self.needed, self.available, self.amount, inAmount) = (needed, available, amount, Set(amount))
            chosen = inAmount
        }
    }

    /// The sets of sources the sums are made for: each set up to six sources, else each source
    /// alone and all together.
    var sourceSets: [[Int]] {
        let k = sources.count
        return k <= 6 ? (1..<(1 << k)).map { mask in (0..<k).filter { mask & (1 << $0) != 0 } } : (0..<k).map { [$0] } + [Array(0..<k)]
    }

    /// The ledger of the empty plan.
    var emptyLedger: Ledger { Ledger(constant: [Double](repeating: 0, count: rows.count)) }

    /// The ledger of a plan.
    func ledger(_ plan: PlanDecisions) -> Ledger {
        var ledger = emptyLedger
        enter(plan.renovations, spaces: plan.spaces, levels: plan.levels, into: &ledger)
        return ledger
    }

    /// Adds renovations' basic works, new site space and optional levels to the ledger (a plan
    /// growing), whether the sources can pay them or not (a locked cluster).
    func enter(
        _ renovations: [Renovation], spaces: [PlanDecisions.Space] = [], levels: [PlanDecisions.LevelWork] = [],
        into ledger: inout Ledger
    ) {
        let (costs, items) = footprint(renovations, spaces, levels)
        for (row, value) in costs { ledger.constant[row] += value }
        var opened: [Int] = []
        for key in items { opened += open(key, in: &ledger) }
        // The kept sums follow the plan, a few rows and columns per addition, so that a fill of
        // thousands of additions never makes a year's sums again from all its columns: the
        // constants of their rows, and the new columns with their limiting rows. A column's
        // limiting row does not change later: the rows that may limit it (its item's share row,
        // its estate's cap rows) have their constants from the same addition as the column, or
        // an earlier one (a level after its estate's renovation); later additions change only
        // rows of other items and estates, the amount rows and the sites' share row (which
        // limits the sites' columns alone). A test compares the kept sums with sums made afresh.
        // (Taken out of the ledger while they change, so that they change in place.)
        for t in ledger.sums.keys.sorted() {
            var kept = ledger.sums.removeValue(forKey: t)!
            for k in kept.indices {
                for (row, value) in costs where kept[k].chosen.contains(row) { kept[k].needed += value }
                for j in opened { add(j, to: &kept[k], ledger) }
            }
            ledger.sums[t] = kept
        }
        ledger.allocation = nil
    }

    /// What additions put into the allocation LP: their costs per row (the renovations', then the
    /// levels', then the space's), and the items whose allocation columns they open.
    private func footprint(
        _ renovations: [Renovation], _ spaces: [PlanDecisions.Space], _ levels: [PlanDecisions.LevelWork]
    ) -> (costs: [(row: Int, value: Double)], items: [ItemYear]) {
        var costs: [(row: Int, value: Double)] = []
        var items: [ItemYear] = []
        for renovation in renovations {
            costs += coefficients(of: renovation)
            items += renovation.members.map { ItemYear(item: Self.itemIndex(.basic(estate: $0)), year: renovation.year) }
        }
        for work in levels {
            costs += coefficients(ofLevel: work.level, estate: work.estate, year: work.year)
            items.append(ItemYear(item: Self.itemIndex(.level(estate: work.estate, level: work.level)), year: work.year))
        }
        for space in spaces {
            costs += coefficients(ofSite: space.site, norm: space.norm, year: space.year).map { ($0.row, $0.value * space.m2) }
            items.append(ItemYear(item: Self.itemIndex(.sites), year: space.year))
        }
        return (costs, items)
    }

    /// Adds `renovations` and `spaces` to the ledger's plan if the sources can pay the plan with
    /// them, and says whether it did: the fill of `rank` and of the greedy starting plan. The
    /// ledger keeps an allocation of its plan (solved once for the whole plan, the earmarked
    /// money first, then kept up to date), so that:
    /// - an addition whose rows stay within their amounts with that allocation as it is, its own
    ///   items paid earmarked money first (``fitsAsAllocated``), is taken without an LP;
    /// - one that a sum of rows proves unpayable (``exceedsAmounts``) is refused without one;
    /// - any other solves the component of the allocation LP it enters; if taken, the
    ///   component's allocation is kept.
    func take(
        _ renovations: [Renovation], spaces: [PlanDecisions.Space] = [], levels: [PlanDecisions.LevelWork] = [],
        into ledger: inout Ledger
    ) -> Bool {
        ledger = withAllocation(ledger)
        guard ledger.allocation != nil else { return false }  // the plan so far cannot be paid
        prepare(&ledger)
        let (trial, seeds) = self.trial(renovations, spaces, ledger, levels: levels)
        if exceedsAmounts(ledger, trial) { return false }
        var allocation = ledger.allocation!
        if let added = fitsAsAllocated(seeds, ledger, trial) {
            for (j, value) in added { allocation[j] = value }
        } else {
            guard let solution = allocationSolution(ledger, trial: trial, rows: component(of: seeds, ledger, trial)) else { return false }
            for (j, value) in zip(solution.columns, solution.values) { allocation[j] = value }
        }
        enter(renovations, spaces: spaces, levels: levels, into: &ledger)
        ledger.allocation = allocation
        return true
    }

    /// The allocation columns' values (indices into `auxiliaryColumns`; the others are 0) of an
    /// allocation that pays the ledger's plan, the earmarked money first (``allocate(_:)``); nil
    /// when the sources cannot pay it.
    func allocationValues(_ ledger: Ledger) -> [Int: Double]? {
        allocationSolution(ledger).map { Dictionary(uniqueKeysWithValues: zip($0.columns, $0.values)) }
    }

    /// Opens the item's allocation columns the ledger does not have yet, and returns them.
    private func open(_ key: ItemYear, in ledger: inout Ledger) -> [Int] {
        var opened: [Int] = []
        for j in allocationColumnsOf[key] ?? [] where ledger.columns.insert(j).inserted {
            opened.append(j)
            for (row, _) in auxiliaryColumns[j].entries { ledger.columnsOfRow[row, default: []].append(j) }
        }
        return opened
    }

    /// Makes the sums of every year the ledger does not have (for a plan that many additions are
    /// tried on, such as the reasons', and the fill's, whose additions then keep them).
    func prepare(_ ledger: inout Ledger) {
        for t in 0..<years where ledger.sums[t] == nil { ledger.sums[t] = sums(ledger, year: t) }
    }

    /// The plan's sums of rows in year t (``exceedsAmounts``), one per set of sources, made from
    /// all its columns.
    func sums(_ ledger: Ledger, year t: Int) -> [RowSum] {
        sourceSets.map { set in
            let amount = set.map { amountRow($0, year: t) }
            var sum = RowSum(
                needed: amount.reduce(0) { $0 + ledger.constant[$1] }, available: amount.reduce(0) { $0 + rows[$1].upper! },
                amount: amount)
            var seen = Set<Int>()
            for row in amount {
                for j in ledger.columnsOfRow[row] ?? [] where seen.insert(j).inserted { add(j, to: &sum, ledger) }
            }
            return sum
        }
    }

    /// Allocation column j in the sum, by the ledger's constants: its limiting row joins the
    /// sum's rows once (``balance``).
    private func add(_ j: Int, to sum: inout RowSum, _ ledger: Ledger) {
        switch balance(j, in: sum.inAmount, { ledger.constant[$0] }) {
        case .unneeded: return
        case .impossible: sum.valid = false
        case .row(let limiting):
            if sum.chosen.insert(limiting).inserted { sum.needed += ledger.constant[limiting] - rows[limiting].upper! }
        }
    }

    /// What allocation column j needs in a sum over the amount rows `amount` (``exceedsAmounts``).
    private enum Balance {
        /// It enters the sum with a total of zero or more.
        case unneeded
        /// Its own row (not an amount row) that balances it and adds the least to the sum (its
        /// constant less its bound is largest).
        case row(Int)
        /// No row of its own balances it: the sum is not a valid inequality.
        case impossible
    }

    private func balance(_ j: Int, in amount: Set<Int>, _ constant: (Int) -> Double) -> Balance {
        let entries = auxiliaryColumns[j].entries
        let total = entries.reduce(0) { $0 + (amount.contains($1.row) ? $1.value : 0) }
        guard total < 0 else { return .unneeded }
        let limiting = entries.filter { !isAmountRow($0.row) && $0.value >= -total && rows[$0.row].upper != nil }
            .max { constant($0.row) - rows[$0.row].upper! < constant($1.row) - rows[$1.row].upper! }
        return limiting.map { .row($0.row) } ?? .impossible
    }

    /// What the sources could not pay (the broken rows, as ``structuralViolations(of:)`` says
    /// them; empty when they can pay) if `renovations` and `spaces` were added to the plan of
    /// `ledger`, which `payable` says the sources can pay. Only the component of the allocation LP
    /// that the additions enter is solved; with `payable` false, all of it. `unpayable`: the
    /// caller already knows the sources cannot pay (``pays(adding:spaces:to:payable:)`` said
    /// so), so only the LP that says which rows break is solved.
    func violations(
        adding renovations: [Renovation], spaces: [PlanDecisions.Space] = [], to ledger: Ledger, payable: Bool,
        unpayable: Bool = false
    ) -> [Violation] {
        let (trial, seeds) = self.trial(renovations, spaces, ledger)
        let rows = payable ? component(of: seeds, ledger, trial) : nil
        return violations(ledger, trial: trial, rows: rows, known: unpayable || exceedsAmounts(ledger, trial) ? false : nil)
    }

    /// Whether the sources could pay the plan of `ledger` with `renovations` and `spaces` added:
    /// the answer of ``violations(adding:spaces:to:payable:unpayable:)`` without the elastic LP
    /// that says which rows break, without any LP where a sum of rows proves they cannot, and
    /// without one where the ledger keeps an allocation (``withAllocation(_:)``) that pays the
    /// additions as it is (``fitsAsAllocated``).
    func pays(adding renovations: [Renovation], spaces: [PlanDecisions.Space] = [], to ledger: Ledger, payable: Bool) -> Bool {
        let (trial, seeds) = self.trial(renovations, spaces, ledger)
        if exceedsAmounts(ledger, trial) { return false }
        if payable, fitsAsAllocated(seeds, ledger, trial) != nil { return true }
        return allocationSolution(ledger, trial: trial, rows: payable ? component(of: seeds, ledger, trial) : nil) != nil
    }

    /// The ledger with an allocation of its plan kept (``take(_:spaces:levels:into:)``'s, the
    /// earmarked money first), for a plan that many additions are tried on (the reasons'); as
    /// it is when the sources cannot pay the plan.
    func withAllocation(_ ledger: Ledger) -> Ledger {
        var ledger = ledger
        guard ledger.allocation == nil else { return ledger }
        if ledger.columns.isEmpty {
            // Without allocation columns (the empty plan) the one allocation is nothing: it pays
            // the plan if the constants alone break no row.
            let broken = ledger.constant.indices.contains { rows[$0].isBroken(by: ledger.constant[$0]) }
            ledger.allocation = broken ? nil : [:]
        } else {
            ledger.allocation = allocationValues(ledger)
        }
        return ledger
    }

    /// The values of the trial's new allocation columns with which every row the trial enters
    /// stays within its bounds, the ledger's allocation as it is (then that allocation pays the
    /// plan with the trial: the other rows do not change), or nil if this finds none. Each new
    /// column, earmarked money first, takes as much as its rows leave room for.
    private func fitsAsAllocated(_ seeds: Set<Int>, _ ledger: Ledger, _ trial: Ledger.Trial) -> [Int: Double]? {
        guard let allocation = ledger.allocation else { return nil }
        var activity: [Int: Double] = [:]
        for row in seeds {
            var total = ledger.constant[row] + (trial.delta[row] ?? 0)
            for j in ledger.columnsOfRow[row] ?? [] {
                guard let value = allocation[j], value != 0 else { continue }
                total += value * (auxiliaryColumns[j].entries.first { $0.row == row }?.value ?? 0)
            }
            activity[row] = total
        }
        var added: [Int: Double] = [:]
        for j in trial.columns.sorted() {
            let column = auxiliaryColumns[j]
            var value = column.upper
            for (row, a) in column.entries where a > 0 {
                value = min(value, ((rows[row].upper ?? .infinity) - activity[row]!) / a)
            }
            guard value > 0 else { continue }
            added[j] = value
            for (row, a) in column.entries { activity[row]! += a * value }
        }
        let fits = activity.allSatisfy { row, total in
            total <= (rows[row].upper ?? .infinity) && total >= (rows[row].lower ?? -.infinity)
        }
        return fits ? added : nil
    }

    /// The additions as a trial on the ledger, and the rows they enter.
    func trial(
        _ renovations: [Renovation], _ spaces: [PlanDecisions.Space], _ ledger: Ledger, levels: [PlanDecisions.LevelWork] = []
    ) -> (Ledger.Trial, Set<Int>) {
        var trial = Ledger.Trial()
        var seeds = Set<Int>()
        let (costs, items) = footprint(renovations, spaces, levels)
        for (row, value) in costs {
            trial.delta[row, default: 0] += value
            seeds.insert(row)
        }
        for key in items {
            for j in allocationColumnsOf[key] ?? [] where !ledger.columns.contains(j) && trial.columns.insert(j).inserted {
                for (row, _) in auxiliaryColumns[j].entries {
                    trial.columnsOfRow[row, default: []].append(j)
                    seeds.insert(row)
                }
            }
        }
        return (trial, seeds)
    }

    /// Whether a sum of rows proves that no allocation pays the ledger's plan with the trial, so
    /// that no LP need say so. For a year and a set T of sources (``sourceSets``): T's amount
    /// rows of that year, and for each allocation column that moves money into them from a source
    /// outside T (its entries there sum below 0), the column's own row that limits it most (the
    /// item's cost, or the per-household limit). Every allocation column enters the sum with a
    /// total of zero or more, so whatever the allocation the constants' sum must fit the bounds'
    /// sum (Farkas: the sum is a valid inequality); these are Hall's conditions of the transport
    /// of money from the sources to the items: what only T's sources may pay must fit T's money.
    /// The plan's part of each sum is kept in the ledger (``Ledger/sums``); the trial adds its
    /// constants in the sum's rows and its own columns. The tolerance is ten times GLPK's, so
    /// that this never refuses what the allocation LP would accept.
    private func exceedsAmounts(_ ledger: Ledger, _ trial: Ledger.Trial) -> Bool {
        func constant(_ row: Int) -> Double { ledger.constant[row] + (trial.delta[row] ?? 0) }
        let touched = Set(trial.delta.keys.filter(isAmountRow).map { $0 % years }).sorted()
        for t in touched {
            for base in ledger.sums[t] ?? sums(ledger, year: t) where base.valid {
                var needed = base.needed
                for (row, value) in trial.delta where base.chosen.contains(row) { needed += value }
                let inAmount = base.inAmount
                var added = Set<Int>()
                var seen = Set<Int>()
                var valid = true
                columns: for row in base.amount {
                    for j in trial.columnsOfRow[row] ?? [] where seen.insert(j).inserted {
                        switch balance(j, in: inAmount, constant) {
                        case .unneeded: continue
                        case .impossible:
                            valid = false
                            break columns
                        case .row(let limiting):
                            if !base.chosen.contains(limiting), added.insert(limiting).inserted {
                                needed += constant(limiting) - rows[limiting].upper!
                            }
                        }
                    }
                }
                if valid, needed - base.available > 1e-6 * max(1, base.available) { return true }
            }
        }
        return false
    }

    /// The rows joined to `seeds` through the columns in them (the ledger's and the trial's),
    /// ascending.
    func component(of seeds: Set<Int>, _ ledger: Ledger, _ trial: Ledger.Trial) -> [Int] {
        var found = seeds
        var queue = Array(seeds)
        var seen = Set<Int>()
        while let row = queue.popLast() {
            for j in (ledger.columnsOfRow[row] ?? []) + (trial.columnsOfRow[row] ?? []) where seen.insert(j).inserted {
                for (next, _) in auxiliaryColumns[j].entries where found.insert(next).inserted { queue.append(next) }
            }
        }
        return found.sorted()
    }
}
