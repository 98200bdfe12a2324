import Foundation

extension FundingRule {
    /// What the sources could not pay if one cluster were added to a plan they can pay, asked for
    /// cluster after cluster (the reasons: on a city with sources, one question per reserve
    /// cluster): ``violations(adding:spaces:to:payable:unpayable:)``'s answer, from elastic
    /// allocation LPs kept warm.
    ///
    /// The plan's part of each component of the allocation LP is loaded once as an elastic LP
    /// (``WarmLP``) and solved; each question adds the cluster's columns and rows to it, moves
    /// the bounds its costs move, solves from that optimal basis and undoes the changes. The LP
    /// is the one a question would solve from scratch (the component's rows, the plan's and the
    /// cluster's columns in them, a slack per row at the same price), so the least breach is the
    /// same; where several splits of a breach are equally small, the warm start may find another
    /// than a fresh solve (the same on every run). A question whose component has none of the
    /// plan's rows, or that the warm LP cannot answer, is solved from scratch.
    ///
    /// GLPK keeps its memory per thread: one Explanations per thread, closed on that thread.
    final class Explanations {
        private let rule: FundingRule
        private let ledger: Ledger
        /// The plan's components of the allocation LP: each row with a column of the plan, its
        /// component; each component, its rows (ascending).
        private let componentOfRow: [Int: Int]
        private let rowsOfComponent: [[Int]]
        /// A warm LP of one or more of the plan's components (a cluster may join two).
        private struct Loaded {
            let lp: WarmLP
            /// The rows in LP order, and each row's place.
            let rows: [Int]
            let position: [Int: Int]
            /// The allocation columns before the slacks.
            let columns: Int
            let price: BreachPrice
        }
        /// Per set of the plan's components: its warm LP; nil where it has no optimum.
        private var loaded: [[Int]: Loaded?] = [:]

        /// `ledger`: a plan the sources can pay (with its allocation, ``withAllocation(_:)``).
        init(_ rule: FundingRule, ledger: Ledger) {
            self.rule = rule
            self.ledger = ledger
            // Union–find over the plan's allocation columns: the rows each joins.
            var parent: [Int: Int] = [:]
            func root(_ row: Int) -> Int {
                var r = row
                while let p = parent[r], p != r { r = p }
                return r
            }
            for j in ledger.columns.sorted() {
                let entries = rule.auxiliaryColumns[j].entries.map(\.row)
                for row in entries where parent[row] == nil { parent[row] = row }
                let first = root(entries[0])
                for row in entries.dropFirst() {
                    let other = root(row)
                    if other != first { parent[other] = first }
                }
            }
            var index: [Int: Int] = [:]
            var rows: [[Int]] = []
            var componentOfRow: [Int: Int] = [:]
            for row in parent.keys.sorted() {
                let r = root(row)
                if index[r] == nil {
                    index[r] = rows.count
                    rows.append([])
                }
                componentOfRow[row] = index[r]!
                rows[index[r]!].append(row)
            }
            self.componentOfRow = componentOfRow
            rowsOfComponent = rows
        }

        /// Deletes the warm LPs; on the thread that asked the questions.
        func close() {
            for entry in loaded.values { entry?.lp.close() }
            loaded = [:]
        }

        /// The rows the sources could not keep with `renovations` and `spaces` added to the plan
        /// (empty when they can pay), as ``FundingRule/violations(adding:spaces:to:payable:unpayable:)``
        /// with `payable` and `unpayable` true.
        func violations(adding renovations: [Renovation], spaces: [PlanDecisions.Space] = []) -> [Violation] {
            let (trial, seeds) = rule.trial(renovations, spaces, ledger)
            // The component the additions enter (``FundingRule/component(of:_:_:)``), by the
            // plan's components it reaches and the rows of its own, through the trial's columns.
            var components = Set<Int>(), own = Set<Int>(), columns = Set<Int>()
            var queue = Array(seeds)
            while let row = queue.popLast() {
                var reached: [Int] = []
                if let c = componentOfRow[row] {
                    guard components.insert(c).inserted else { continue }
                    reached = trial.columnsOfRow.keys.filter { componentOfRow[$0] == c }
                } else {
                    guard own.insert(row).inserted else { continue }
                    reached = [row]
                }
                for r in reached {
                    for j in trial.columnsOfRow[r] ?? [] where columns.insert(j).inserted {
                        queue += rule.auxiliaryColumns[j].entries.map(\.row)
                    }
                }
            }
            func fresh() -> [Violation] {
                let rows = (components.flatMap { rowsOfComponent[$0] } + own).sorted()
                return rule.violations(ledger, trial: trial, rows: rows, known: false)
            }
            guard !components.isEmpty, let warm = warmLP(components.sorted()) else { return fresh() }
            let lp = warm.lp
            defer { lp.restore() }
            let rows = rule.rows
            func constant(_ row: Int) -> Double { ledger.constant[row] + (trial.delta[row] ?? 0) }
            func lower(_ row: Int) -> Double? { rows[row].lower.map { $0 - constant(row) } }
            func upper(_ row: Int) -> Double? { rows[row].upper.map { $0 - constant(row) } }
            // The plan's rows the cluster's costs enter: their bounds less the new constants.
            for row in trial.delta.keys {
                if let k = warm.position[row] { lp.setRowBounds(k, lower: lower(row), upper: upper(row)) }
            }
            // The cluster's own rows (its items'), each with a slack: those without a column only
            // where the constants alone break them, as in a fresh LP.
            var ownPosition: [Int: Int] = [:]
            var ownRows: [Int] = []
            for row in own.sorted() {
                if (trial.columnsOfRow[row] ?? []).isEmpty && !rows[row].isBroken(by: constant(row)) { continue }
                ownPosition[row] = lp.addRow(lower: lower(row), upper: upper(row))
                ownRows.append(row)
            }
            for j in columns.sorted() {
                let entries = rule.auxiliaryColumns[j].entries.compactMap { entry in
                    (warm.position[entry.row] ?? ownPosition[entry.row]).map { (row: $0, value: entry.value) }
                }
                _ = lp.addColumn(lower: 0, upper: rule.auxiliaryColumns[j].upper, objective: 0, entries: entries)
            }
            var ownSlack: [Int] = []
            for row in ownRows {
                ownSlack.append(lp.addColumn(
                    lower: 0, upper: 1e15, objective: warm.price(rows[row].scale), entries: [(ownPosition[row]!, rows[row].upper != nil ? -1 : 1)]))
            }
            guard let values = lp.solve() else { return fresh() }
            // The rows broken, in row order as a fresh LP says them.
            var broken: [(row: Int, amount: Double)] = []
            for (k, row) in warm.rows.enumerated() where values[warm.columns + k] > 0 { broken.append((row, values[warm.columns + k])) }
            for (k, row) in ownRows.enumerated() where values[ownSlack[k]] > 0 { broken.append((row, values[ownSlack[k]])) }
            return broken.sorted { $0.row < $1.row }.compactMap { rule.violation(row: $0.row, by: $0.amount) }
        }

        /// The warm LP of the plan's `components`, loaded and solved when first asked for; nil
        /// where it has no optimum. The cluster's own rows are priced as the plan's.
        private func warmLP(_ components: [Int]) -> Loaded? {
            if let known = loaded[components] { return known }
            var entry: Loaded?
            let planRows = components.count == 1 ? rowsOfComponent[components[0]] : components.flatMap { rowsOfComponent[$0] }.sorted()
            if let (program, columns, lpRows) = rule.allocationProgram(ledger, rows: planRows, elastic: true), let lp = try? WarmLP(program) {
                if lp.optimal {
                    entry = Loaded(
                        lp: lp, rows: lpRows, position: Dictionary(uniqueKeysWithValues: lpRows.enumerated().map { ($1, $0) }),
                        columns: columns.count, price: BreachPrice(scales: lpRows.map { rule.rows[$0].scale }))
                } else {
                    lp.close()
                }
            }
            loaded[components] = entry
            return entry
        }
    }
}
