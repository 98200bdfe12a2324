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
        Dual(problem, prices: given).map { $0.sense * $0.bound }
    }
}
