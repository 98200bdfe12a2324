import Foundation

/// A mixed-integer linear programme as sparse rows, independent of the solver.
///
/// ``PlanModel`` builds one; ``GLPKSolver`` solves it. Keeping the rows here means a plan can be
/// checked against the same rows it was solved with.
struct LinearProgram {
    struct Column {
        var name: String
        var isInteger: Bool
        var lower: Double
        var upper: Double
        var objective: Double
    }

    struct Row {
        var name: String
        /// nil = no lower bound.
        var lower: Double?
        /// nil = no upper bound.
        var upper: Double?
        var entries: [(column: Int, value: Double)]

        var scale: Double { max(1, abs(lower ?? 0), abs(upper ?? 0)) }
    }

    var maximize = true
    private(set) var columns: [Column] = []
    private(set) var rows: [Row] = []

    mutating func addColumn(_ name: String, integer: Bool, lower: Double, upper: Double, objective: Double) -> Int {
        columns.append(Column(name: name, isInteger: integer, lower: lower, upper: upper, objective: objective))
        return columns.count - 1
    }

    /// Adds a row unless it has no entries (an empty row constrains nothing); says whether it did.
    @discardableResult
    mutating func addRow(_ name: String, lower: Double? = nil, upper: Double? = nil, _ entries: [(Int, Double)]) -> Bool {
        let kept = entries.filter { $0.1 != 0 }
        guard !kept.isEmpty else { return false }
        rows.append(Row(name: name, lower: lower, upper: upper, entries: kept.map { (column: $0.0, value: $0.1) }))
        return true
    }

    mutating func fixColumn(_ index: Int, at value: Double) {
        columns[index].lower = value
        columns[index].upper = value
    }

    /// Frees column `index` up to `upper` with objective coefficient `objective`.
    mutating func free(_ index: Int, upper: Double, objective: Double) {
        columns[index].upper = upper
        columns[index].objective = objective
    }

    var nonZeroCount: Int { rows.reduce(0) { $0 + $1.entries.count } }

    /// Objective value of a column assignment.
    func objective(of values: [Double]) -> Double {
        zip(columns, values).reduce(0) { $0 + $1.0.objective * $1.1 }
    }

    /// The elastic version: every row gets a slack column that lets it be broken at a
    /// ``BreachPrice`` per unit, and the objective becomes "break the rows as little as
    /// possible". Returns the programme, per row its slack column, and the factor of the prices
    /// (``BreachPrice/largest``: the objective over it is the breach at 1 / scale).
    func elastic(free: Set<Int> = []) -> (program: LinearProgram, slack: [Int], priceScale: Double) {
        var result = LinearProgram()
        result.maximize = false
        for column in columns {
            _ = result.addColumn(column.name, integer: false, lower: column.lower, upper: column.upper, objective: 0)
        }
        let breach = BreachPrice(scales: rows.indices.filter { !free.contains($0) }.map { rows[$0].scale })
        var slack: [Int] = []
        for row in rows {
            let price = free.contains(slack.count) ? 0 : breach(row.scale)
            let column = result.addColumn("slack_\(row.name)", integer: false, lower: 0, upper: 1e15, objective: price)
            // A ≤ row may exceed its bound by the slack; a ≥ row may fall short of it.
            let sign: Double = row.upper != nil ? -1 : 1
            result.addRow(row.name, lower: row.lower, upper: row.upper, row.entries.map { ($0.column, $0.value) } + [(column, sign)])
            slack.append(column)
        }
        return (result, slack, breach.largest)
    }

    /// A solver's column values made clean: integer columns rounded, others at least their lower
    /// bound (simplex results can fall a hair below it).
    func cleaned(_ values: [Double]) -> [Double] {
        zip(columns, values).map { column, x in column.isInteger ? x.rounded() : max(column.lower, x) }
    }

    /// Within every column's bounds, integral where it must be, and breaking no row.
    func isFeasible(_ values: [Double], tolerance: Double = RuleRow.relativeTolerance) -> Bool {
        guard values.count == columns.count else { return false }
        for (column, value) in zip(columns, values) {
            if value < column.lower - tolerance || value > column.upper + tolerance { return false }
            if column.isInteger && abs(value - value.rounded()) > tolerance { return false }
        }
        return violations(of: values, tolerance: tolerance).isEmpty
    }

    /// Rows the assignment breaks by more than `tolerance`, with their activity.
    func violations(of values: [Double], tolerance: Double = RuleRow.relativeTolerance) -> [(row: Row, activity: Double)] {
        rows.compactMap { row in
            let activity = row.entries.reduce(0) { $0 + $1.value * values[$1.column] }
            let scale = row.scale
            if let lower = row.lower, activity < lower - tolerance * scale { return (row, activity) }
            if let upper = row.upper, activity > upper + tolerance * scale { return (row, activity) }
            return nil
        }
    }
}

/// The price of a unit that breaks a row of an elastic LP (every row may break, the least total
/// breach is sought): the unit's share of the row's scale (its bound, so that a yuan row and an
/// m²/person row weigh alike), times the largest scale among the LP's priced rows, so that a unit
/// breaking the largest row costs 1. Priced at the share alone, a yuan moved between continuous
/// columns of a year's money (a city's funding allocation) changes the objective by 1 / 1.6e8,
/// below GLPK's reduced-cost tolerance of 10⁻⁷, and the simplex can stop short of the least
/// breach. The same factor on every price leaves the least breach where it was.
struct BreachPrice {
    let largest: Double

    init(scales: [Double]) { largest = scales.max() ?? 1 }

    func callAsFunction(_ scale: Double) -> Double { largest / scale }
}
