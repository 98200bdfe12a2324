internal import CGLPK

extension PriceBound {
    /// The bound of ``of(_:prices:)`` made tighter by moving one row's price at a time to where it
    /// gives the least bound (the most, for a minimum), the other prices held: coordinate descent
    /// on the Lagrangian dual of the LP.
    ///
    /// The bound is convex and piecewise linear in each price: the row's own term bends at 0, and
    /// each column of the row bends where its reduced cost changes sign. Walking those bends in
    /// order, the slope goes from negative to positive at the best price, found exactly. Where
    /// the slope is 0 over a stretch, the middle of the stretch is taken: the bound stays, but the
    /// columns' reduced costs leave their bends, so that the next rows can move (without it the
    /// descent stalls within a sweep or two: one cluster's "one year" row and its budget rows
    /// must move together). Any prices give a bound, so the result is one however early the
    /// descent stops; it is the LP optimum only where the prices reach an optimal dual, which a
    /// descent one price at a time need not.
    ///
    /// An unfinished simplex leaves prices far from optimal where its basis is still infeasible
    /// for the dual: a budget row at a low price leaves thousands of reduced costs positive, each
    /// counting its column's whole upper bound. A few sweeps over the rows repair much of that
    /// (docs/solver.md, *Bounds from prices*). Sweeps end when one gains less than `enough` of
    /// the bound, or after `sweeps`: a count, never the clock, so the bound does not depend on
    /// the machine. Nil where ``of(_:prices:)`` is nil.
    static func tightened(_ problem: OpaquePointer, prices given: [Double]? = nil, sweeps: Int = 40, enough: Double = 1e-4) -> Double? {
        guard var dual = Dual(problem, prices: given) else { return nil }
        return dual.sense * dual.descended(sweeps: sweeps, enough: enough)
    }

    /// The Lagrangian dual in the form of a maximum (a minimum's objective and prices negated):
    /// bound = c₀ + Σ_i best of π_i·r over [L_i, U_i] + Σ_j best of d_j·v over [l_j, u_j], with
    /// d = c − πA, to be made as small as it goes. ``of(_:prices:)`` is its starting bound.
    struct Dual {
        let sense: Double
        let constant: Double
        var rowLower: [Double], rowUpper: [Double]
        var columnLower: [Double], columnUpper: [Double]
        let objective: [Double]
        /// The matrix by rows (compressed) and by columns (for the reduced costs).
        var rowStart: [Int], rowColumn: [Int], rowValue: [Double]
        var prices: [Double]
        var reduced: [Double]
        var bound: Double
        /// Scratch space of ``descend(row:)``, kept between rows.
        private var bends: [(at: Double, rise: Double)] = []
        private var sides: [(at: Double, left: Double, right: Double)] = []

        init?(_ problem: OpaquePointer, prices given: [Double]?) {
            sense = glp_get_obj_dir(problem) == GLP_MAX ? 1 : -1
            constant = sense * glp_get_obj_coef(problem, 0)
            let rows = Int(glp_get_num_rows(problem)), columns = Int(glp_get_num_cols(problem))
            (rowLower, rowUpper) = ([], [])
            for i in stride(from: 1, through: rows, by: 1) {
                let (lower, upper) = Self.box(glp_get_row_type(problem, Int32(i)), glp_get_row_lb(problem, Int32(i)), glp_get_row_ub(problem, Int32(i)))
                rowLower.append(lower)
                rowUpper.append(upper)
            }
            (columnLower, columnUpper) = ([], [])
            var objective: [Double] = []
            var entries: [(row: Int, column: Int, value: Double)] = []
            var indices = [Int32](repeating: 0, count: rows + 1)
            var values = [Double](repeating: 0, count: rows + 1)
            for j in stride(from: 1, through: columns, by: 1) {
                let column = Int32(j)
                let (lower, upper) = Self.box(glp_get_col_type(problem, column), glp_get_col_lb(problem, column), glp_get_col_ub(problem, column))
                columnLower.append(lower)
                columnUpper.append(upper)
                objective.append(sense * glp_get_obj_coef(problem, column))
                let count = Int(glp_get_mat_col(problem, column, &indices, &values))
                for k in stride(from: 1, through: count, by: 1) where values[k] != 0 {
                    entries.append((Int(indices[k]) - 1, j - 1, values[k]))
                }
            }
            self.objective = objective
            // Rows compressed: count, then place (entries arrive column by column).
            var start = [Int](repeating: 0, count: rows + 1)
            for entry in entries { start[entry.row + 1] += 1 }
            for i in 0..<rows { start[i + 1] += start[i] }
            var next = start
            rowColumn = [Int](repeating: 0, count: entries.count)
            rowValue = [Double](repeating: 0, count: entries.count)
            for entry in entries {
                rowColumn[next[entry.row]] = entry.column
                rowValue[next[entry.row]] = entry.value
                next[entry.row] += 1
            }
            rowStart = start
            // The starting prices (``reprice(_:)`` sets 0 where one points to an infinite bound).
            let direction = sense
            let prices = (0..<rows).map { i in direction * (given?[i] ?? glp_get_row_dual(problem, Int32(i + 1))) }
            self.prices = []
            reduced = []
            bound = 0
            guard reprice(prices) else { return nil }
        }

        /// Sets the prices (in this maximum form; a price pointing to an infinite bound is 0) and
        /// sums their bound afresh. False, the prices unchanged, if that bound is not finite.
        mutating func reprice(_ given: [Double]) -> Bool {
            var prices = given
            for i in prices.indices where !Self.term(prices[i], rowLower[i], rowUpper[i]).isFinite { prices[i] = 0 }
            var reduced = objective
            for i in prices.indices where prices[i] != 0 {
                for k in rowStart[i]..<rowStart[i + 1] { reduced[rowColumn[k]] -= prices[i] * rowValue[k] }
            }
            let (keptPrices, keptReduced) = (self.prices, self.reduced)
            (self.prices, self.reduced) = (prices, reduced)
            let bound = recomputed()
            guard bound.isFinite else {
                (self.prices, self.reduced) = (keptPrices, keptReduced)
                return false
            }
            self.bound = bound
            return true
        }

        /// The bound after descending row by row from the current prices: sweeps end when one
        /// gains less than `enough` of the bound, or after `sweeps`. Moves along flat stretches
        /// may add rounding, so the starting prices' bound is kept where it is lower.
        mutating func descended(sweeps: Int = 40, enough: Double = 1e-4) -> Double {
            let start = bound
            for _ in 0..<sweeps {
                if sweep() <= enough * max(1, abs(bound)) { break }
            }
            return min(start, recomputed())
        }

        /// One sweep of the descent over every row, in row order; what it gained.
        mutating func sweep() -> Double {
            let before = bound
            for i in 0..<rowStart.count - 1 { descend(row: i) }
            return before - bound
        }

        /// Two descents of one dual from different prices, as ``descended(sweeps:enough:)``
        /// each, a sweep of each at a time on two cores. A descent also stops where it cannot
        /// reach the other's bound in the sweeps left even at twice its last sweep's gain (the
        /// gains shrink as a descent goes): the smaller bound is then the one the two full
        /// descents would give, without the seconds the losing one would spend on a city (a
        /// simplex stopped early leaves prices many times the bound). Decided from the bounds
        /// after each sweep, never the clock: the same on any machine.
        static func descendedTogether(
            _ first: Dual, _ second: Dual, sweeps: Int = 40, enough: Double = 1e-4
        ) -> (first: Double, second: Double) {
            // Two variables, not an array of two: the threads write one each.
            var first = first, second = second
            let starts = (first.bound, second.bound)
            var going = (true, true)
            var made = (0, 0)
            while going.0 || going.1 {
                let (gain0, gain1) = Concurrent.pair({ going.0 ? first.sweep() : 0 }, { going.1 ? second.sweep() : 0 })
                if going.0 { made.0 += 1 }
                if going.1 { made.1 += 1 }
                func ends(_ descent: Dual, _ gain: Double, _ made: Int, beside other: Dual) -> Bool {
                    gain <= enough * max(1, abs(descent.bound)) || made == sweeps
                        || descent.bound - 2 * gain * Double(sweeps - made) > other.bound
                }
                let ended = (ends(first, gain0, made.0, beside: second), ends(second, gain1, made.1, beside: first))
                going = (going.0 && !ended.0, going.1 && !ended.1)
            }
            return (min(starts.0, first.recomputed()), min(starts.1, second.recomputed()))
        }

        /// The bound from the current prices, summed afresh.
        func recomputed() -> Double {
            var total = constant
            for i in prices.indices { total += Self.term(prices[i], rowLower[i], rowUpper[i]) }
            for j in reduced.indices { total += Self.term(reduced[j], columnLower[j], columnUpper[j]) }
            return total
        }

        /// Moves row `i`'s price to the best price with the others held, if that lowers the bound.
        mutating func descend(row i: Int) {
            let range = rowStart[i]..<rowStart[i + 1]
            guard !range.isEmpty else { return }
            let p0 = prices[i]
            // Along p, column j's reduced cost is e_j − p·a_j with e_j its value at p = 0; it
            // changes sign at b_j = e_j / a_j, where the slope of its term rises by |a_j|·(u_j − l_j).
            // An infinite bound on the side p would push the reduced cost to walls p off instead.
            var lowest = -Double.infinity, highest = Double.infinity
            if rowLower[i] == -.infinity { lowest = 0 }
            if rowUpper[i] == .infinity { highest = 0 }
            bends.removeAll(keepingCapacity: true)
            sides.removeAll(keepingCapacity: true)
            for k in range {
                let j = rowColumn[k], a = rowValue[k]
                let e = reduced[j] + p0 * a
                let at = e / a
                // Slope of the column's term in p on each side of b_j.
                let positiveSide = -a * columnUpper[j], negativeSide = -a * columnLower[j]
                let (left, right) = a > 0 ? (positiveSide, negativeSide) : (negativeSide, positiveSide)
                if !left.isFinite { lowest = max(lowest, at) }
                if !right.isFinite { highest = min(highest, at) }
                sides.append((at, left, right))
            }
            guard lowest <= highest else { return }
            // The slope just right of the lowest allowed price, and where it rises.
            var slopeFromLeft = 0.0
            for column in sides {
                // Beyond the walls only the finite side counts.
                if column.at <= lowest {
                    slopeFromLeft += column.right
                } else if column.at >= highest {
                    slopeFromLeft += column.left
                } else {
                    slopeFromLeft += column.left
                    bends.append((column.at, column.right - column.left))
                }
            }
            let (rowLeft, rowRight) = (rowLower[i], rowUpper[i])
            if lowest >= 0 {
                slopeFromLeft += rowRight
            } else if highest <= 0 {
                slopeFromLeft += rowLeft
            } else {
                slopeFromLeft += rowLeft
                bends.append((0, rowRight - rowLeft))
            }
            guard slopeFromLeft.isFinite else { return }
            bends.sort { $0.at < $1.at }
            var best = lowest
            var slope = slopeFromLeft
            if slope < 0 {
                best = highest
                for (n, bend) in bends.enumerated() {
                    slope += bend.rise
                    if slope >= 0 {
                        best = bend.at
                        if slope <= 1e-9 * bend.rise {  // flat up to the next bend: its middle
                            let end = n + 1 < bends.count ? bends[n + 1].at : highest
                            if end.isFinite { best = (bend.at + end) / 2 }
                        }
                        break
                    }
                }
            }
            guard best.isFinite, best != p0 else { return }
            // The change, summed exactly over the row's columns and its own term.
            var change = Self.term(best, rowLower[i], rowUpper[i]) - Self.term(p0, rowLower[i], rowUpper[i])
            for k in range {
                let j = rowColumn[k], a = rowValue[k]
                let moved = reduced[j] - (best - p0) * a
                change += Self.term(moved, columnLower[j], columnUpper[j]) - Self.term(reduced[j], columnLower[j], columnUpper[j])
            }
            // A move that gains, or one along a flat stretch (rounding aside).
            guard change.isFinite, change <= 1e-12 * max(1, abs(bound)) else { return }
            for k in range { reduced[rowColumn[k]] -= (best - p0) * rowValue[k] }
            prices[i] = best
            bound += change
        }

        /// The largest of t·v over v in [lower, upper] (+∞ where unbounded that way).
        static func term(_ t: Double, _ lower: Double, _ upper: Double) -> Double {
            if t == 0 { return 0 }
            return t > 0 ? (upper == .infinity ? .infinity : t * upper) : (lower == -.infinity ? .infinity : t * lower)
        }

        /// GLPK's bound type as an interval.
        static func box(_ type: Int32, _ lower: Double, _ upper: Double) -> (Double, Double) {
            switch type {
            case GLP_FX: return (lower, lower)
            case GLP_DB: return (lower, upper)
            case GLP_LO: return (lower, .infinity)
            case GLP_UP: return (-.infinity, upper)
            default: return (-.infinity, .infinity)
            }
        }
    }
}
