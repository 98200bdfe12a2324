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
        /// Per set of the plan's rows (a component, or components a cluster would join): its warm
        /// LP, the rows in LP order, the allocation columns before the slacks and the price of a
        /// breach (``FundingRule/breachPrice(_:)``); nil where it has no optimum.
        private var loaded: [[Int]: (lp: WarmLP, rows: [Int], columns: Int, price: (RuleRow) -> Double)?] = [:]

        /// `ledger`: a plan the sources can pay (with its allocation, ``withAllocation(_:)``).
        init(_ rule: FundingRule, ledger: Ledger) {
            self.rule = rule
            self.ledger = ledger
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
            let component = rule.component(of: seeds, ledger, trial)
            let planRows = component.filter { !(ledger.columnsOfRow[$0] ?? []).isEmpty }
            guard !planRows.isEmpty, let (lp, lpRows, columns, price) = warmLP(planRows) else {
                return rule.violations(ledger, trial: trial, rows: component, known: false)
            }
            defer { lp.restore() }
            let rows = rule.rows
            func constant(_ row: Int) -> Double { ledger.constant[row] + (trial.delta[row] ?? 0) }
            func lower(_ row: Int) -> Double? { rows[row].lower.map { $0 - constant(row) } }
            func upper(_ row: Int) -> Double? { rows[row].upper.map { $0 - constant(row) } }
            var position = Dictionary(uniqueKeysWithValues: lpRows.enumerated().map { ($1, $0) })
            // The plan's rows the cluster's costs enter: their bounds less the new constants.
            for row in trial.delta.keys {
                if let k = position[row] { lp.setRowBounds(k, lower: lower(row), upper: upper(row)) }
            }
            // The cluster's own rows (its items'), each with a slack: those without a column only
            // where the constants alone break them, as in a fresh LP.
            var ownRows: [Int] = []
            for row in component where position[row] == nil {
                if (trial.columnsOfRow[row] ?? []).isEmpty && !rows[row].isBroken(by: constant(row)) { continue }
                position[row] = lp.addRow(lower: lower(row), upper: upper(row))
                ownRows.append(row)
            }
            var added = Set<Int>()
            for row in component { added.formUnion(trial.columnsOfRow[row] ?? []) }
            for j in added.sorted() {
                let entries = rule.auxiliaryColumns[j].entries.compactMap { entry in position[entry.row].map { (row: $0, value: entry.value) } }
                _ = lp.addColumn(lower: 0, upper: rule.auxiliaryColumns[j].upper, objective: 0, entries: entries)
            }
            var slackColumn = Dictionary(uniqueKeysWithValues: lpRows.enumerated().map { ($1, columns + $0) })
            for row in ownRows {
                slackColumn[row] = lp.addColumn(
                    lower: 0, upper: 1e15, objective: price(rows[row]), entries: [(position[row]!, rows[row].upper != nil ? -1 : 1)])
            }
            guard let values = lp.solve() else { return rule.violations(ledger, trial: trial, rows: component, known: false) }
            return slackColumn.keys.sorted().compactMap { rule.violation(row: $0, by: values[slackColumn[$0]!]) }
        }

        /// The warm LP of the plan's rows `planRows`, loaded and solved when first asked for; nil
        /// where it has no optimum. The cluster's own rows are priced as the plan's.
        private func warmLP(_ planRows: [Int]) -> (WarmLP, [Int], Int, (RuleRow) -> Double)? {
            if let known = loaded[planRows] { return known }
            var entry: (lp: WarmLP, rows: [Int], columns: Int, price: (RuleRow) -> Double)?
            if let (program, columns, lpRows) = rule.allocationProgram(ledger, rows: planRows, elastic: true), let lp = try? WarmLP(program) {
                if lp.optimal {
                    entry = (lp, lpRows, columns.count, FundingRule.breachPrice(lpRows.map { rule.rows[$0] }))
                } else {
                    lp.close()
                }
            }
            loaded[planRows] = entry
            return entry
        }
    }
}
