internal import CGLPK

/// A bound on the optimum of GLPK's LP from row prices, optimal or not: the Lagrangian
/// relaxation of every row.
///
/// For any prices π (one per row, of either sign), every x with L ≤ Ax ≤ U and l ≤ x ≤ u has
///
///     c·x = (c − πA)·x + π·(Ax) ≤ Σ_j best of (c − πA)_j·v over v ∈ [l_j, u_j]
///                                 + Σ_i best of π_i·r over r ∈ [L_i, U_i]
///
/// ("best": the largest for a maximum, the least for a minimum, with ≥ the other way round), so
/// the right side bounds the LP's optimum and that of every integer plan within it. With the
/// prices of an optimal basis it is the optimum itself. With those of a simplex the clock stopped
/// it is a weaker bound, but still a bound: a relaxation or a round of cuts cut short by the time
/// limit still tells how far the plan can be from the optimum (docs/solver.md, *The bound*).
enum PriceBound {
    /// The bound from `prices` (indexed by row, 0-based; GLPK's row duals of the problem's last
    /// basis if nil). A row whose price points to an infinite bound is priced at 0 instead. Nil
    /// if a column's reduced cost points to an infinite bound (no finite bound from these prices).
    static func of(_ problem: OpaquePointer, prices given: [Double]? = nil) -> Double? {
        let maximize = glp_get_obj_dir(problem) == GLP_MAX
        let rows = Int(glp_get_num_rows(problem)), columns = Int(glp_get_num_cols(problem))
        var total = glp_get_obj_coef(problem, 0)
        var prices = [Double](repeating: 0, count: rows + 1)  // 1-based, as GLPK's rows
        for i in stride(from: 1, through: rows, by: 1) {
            let row = Int32(i)
            let price = given?[i - 1] ?? glp_get_row_dual(problem, row)
            if let term = best(price, glp_get_row_lb(problem, row), glp_get_row_ub(problem, row), glp_get_row_type(problem, row), maximize) {
                prices[i] = price
                total += term
            }
        }
        var indices = [Int32](repeating: 0, count: rows + 1)
        var values = [Double](repeating: 0, count: rows + 1)
        for j in stride(from: 1, through: columns, by: 1) {
            let column = Int32(j)
            let count = Int(glp_get_mat_col(problem, column, &indices, &values))
            var reduced = glp_get_obj_coef(problem, column)
            for k in stride(from: 1, through: count, by: 1) { reduced -= prices[Int(indices[k])] * values[k] }
            guard
                let term = best(
                    reduced, glp_get_col_lb(problem, column), glp_get_col_ub(problem, column), glp_get_col_type(problem, column), maximize)
            else { return nil }
            total += term
        }
        return total
    }

    /// The best of `t·v` over v in the box of GLPK bound type `type`; nil if it is unbounded.
    private static func best(_ t: Double, _ lower: Double, _ upper: Double, _ type: Int32, _ maximize: Bool) -> Double? {
        guard t != 0 else { return 0 }
        let towardsUpper = (t > 0) == maximize
        switch type {
        case GLP_FX, GLP_DB: return t * (towardsUpper ? upper : lower)
        case GLP_LO: return towardsUpper ? nil : t * lower
        case GLP_UP: return towardsUpper ? t * upper : nil
        default: return nil  // GLP_FR
        }
    }
}
