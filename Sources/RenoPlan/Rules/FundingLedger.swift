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
    /// to be solved again (``violations(adding:to:)``); the others keep the allocation they had.
    struct Ledger {
        /// Per row of the rule: the plan's costs in it.
        var constant: [Double]
        /// The allocation columns of the plan's items.
        var columns = Set<Int>()
        /// Per row: the allocation columns of the plan's items in it, in the order they came.
        var columnsOfRow: [Int: [Int]] = [:]

        /// Items added to a ledger's plan for one question, without copying the ledger.
        struct Trial {
            var delta: [Int: Double] = [:]
            /// Allocation columns the ledger does not have yet.
            var columns = Set<Int>()
            var columnsOfRow: [Int: [Int]] = [:]
        }
    }

    /// The ledger of a plan.
    func ledger(_ plan: PlanDecisions) -> Ledger {
        var ledger = Ledger(constant: [Double](repeating: 0, count: rows.count))
        for renovation in plan.renovations { enter(renovation, into: &ledger) }
        for work in plan.levels {
            for (row, value) in coefficients(ofLevel: work.level, estate: work.estate, year: work.year) {
                ledger.constant[row] += value
            }
            open(ItemYear(item: Self.itemIndex(.level(estate: work.estate, level: work.level)), year: work.year), in: &ledger)
        }
        for space in plan.spaces {
            for (row, value) in coefficients(ofSite: space.site, norm: space.norm, year: space.year) {
                ledger.constant[row] += value * space.m2
            }
            open(ItemYear(item: Self.itemIndex(.sites), year: space.year), in: &ledger)
        }
        return ledger
    }

    /// Adds a renovation's basic works to the ledger (a plan growing one cluster at a time).
    func enter(_ renovation: Renovation, into ledger: inout Ledger) {
        for (row, value) in coefficients(of: renovation) { ledger.constant[row] += value }
        for e in renovation.members { open(ItemYear(item: Self.itemIndex(.basic(estate: e)), year: renovation.year), in: &ledger) }
    }

    private func open(_ key: ItemYear, in ledger: inout Ledger) {
        for j in allocationColumnsOf[key] ?? [] where ledger.columns.insert(j).inserted {
            for (row, _) in auxiliaryColumns[j].entries { ledger.columnsOfRow[row, default: []].append(j) }
        }
    }

    /// What the sources could not pay (the broken rows, as ``structuralViolations(of:)`` says
    /// them; empty when they can pay) if `renovations` and `spaces` were added to the plan of
    /// `ledger`, which `payable` says the sources can pay. Only the component of the allocation LP
    /// that the additions enter is solved; with `payable` false, all of it.
    func violations(
        adding renovations: [Renovation], spaces: [PlanDecisions.Space] = [], to ledger: Ledger, payable: Bool
    ) -> [Violation] {
        var trial = Ledger.Trial()
        var seeds = Set<Int>()
        func add(_ entries: [(row: Int, value: Double)], times m2: Double = 1) {
            for (row, value) in entries {
                trial.delta[row, default: 0] += value * m2
                seeds.insert(row)
            }
        }
        func open(_ key: ItemYear) {
            for j in allocationColumnsOf[key] ?? [] where !ledger.columns.contains(j) && trial.columns.insert(j).inserted {
                for (row, _) in auxiliaryColumns[j].entries {
                    trial.columnsOfRow[row, default: []].append(j)
                    seeds.insert(row)
                }
            }
        }
        for renovation in renovations {
            add(coefficients(of: renovation))
            for e in renovation.members { open(ItemYear(item: Self.itemIndex(.basic(estate: e)), year: renovation.year)) }
        }
        for space in spaces {
            add(coefficients(ofSite: space.site, norm: space.norm, year: space.year), times: space.m2)
            open(ItemYear(item: Self.itemIndex(.sites), year: space.year))
        }
        guard payable else { return violations(ledger, trial: trial) }
        return violations(ledger, trial: trial, rows: component(of: seeds, ledger, trial))
    }

    /// The rows joined to `seeds` through the columns in them (the ledger's and the trial's),
    /// ascending.
    private func component(of seeds: Set<Int>, _ ledger: Ledger, _ trial: Ledger.Trial) -> [Int] {
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
