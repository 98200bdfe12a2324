internal import CGLPK
import Foundation

/// Keeps the time limit through GLPK's pseudocost branching (`GLP_BR_PCH`, the main search on
/// district-sized models).
///
/// GLPK starts a column's pseudocosts by probing it: a copy of the node's LP with the column fixed
/// down, then up, 30 dual simplex iterations each (`eval_degrad` in GLPK's glpios09.c), for every
/// fractional column not probed before, all after the branching callback and before the next
/// one, where the time limit is looked at. On a planner's 285-estate district with a norm (1,100
/// rows, a few hundred fractional columns at the root) that ran 3.5–6 s past a 2–10 s limit.
///
/// At each branching callback the probes GLPK is about to make are counted and timed by the
/// seconds a probe took so far (the first one measured here, the same copy and iterations);
/// where they would not end before the deadline, the node branches on its most fractional
/// column instead, with no probes, and the search goes on to the limit. Elsewhere GLPK's rule
/// runs untouched, so a search that its work limit ends, well before the clock, takes the same
/// path as before (docs/solver.md, *Determinism*).
final class PseudocostProbes {
    /// Columns GLPK has probed (it probes every candidate of a node it branches by its rule).
    private var probed = Set<Int32>()
    /// Seconds one probe takes: measured once, then from the branchings GLPK made.
    private var secondsPerProbe: Double?
    /// Probes handed to GLPK at the last branching, and when (for ``observed(at:)``).
    private var pending: (probes: Int, at: Date)?
    /// Nodes branched here instead of by GLPK's rule.
    private(set) var nodesTakenOver = 0

    /// At a callback after a branching GLPK made: the time its probes took refines the estimate.
    func observed(at now: Date = Date()) {
        guard let (probes, at) = pending else { return }
        pending = nil
        secondsPerProbe = now.timeIntervalSince(at) / Double(probes)
    }

    /// At the branching callback (`GLP_IBRANCH`): branches the node on its most fractional column
    /// (`glp_ios_branch_upon`) where GLPK's probes would run past `deadline`, and says whether it
    /// did; otherwise leaves the branching to GLPK.
    @discardableResult
    func branch(_ tree: OpaquePointer, deadline: Date) -> Bool {
        guard let problem = glp_ios_get_prob(tree), glp_get_num_cols(problem) > 0 else { return false }
        let candidates = (1...glp_get_num_cols(problem)).filter { glp_ios_can_branch(tree, $0) != 0 }
        var mostFractional: (column: Int32, value: Double, distance: Double)?
        for j in candidates {
            let value = glp_get_col_prim(problem, j)
            let distance = min(value - value.rounded(.down), value.rounded(.up) - value)
            if mostFractional.map({ distance > $0.distance }) ?? true { mostFractional = (j, value, distance) }
        }
        let fresh = candidates.count { !probed.contains($0) }
        guard let chosen = mostFractional, fresh > 0 else { return false }
        let perProbe = secondsPerProbe ?? Self.probeSeconds(problem, column: chosen.column, at: chosen.value.rounded(.down))
        secondsPerProbe = perProbe
        let now = Date()
        if now.addingTimeInterval(Double(2 * fresh) * perProbe) < deadline {
            probed.formUnion(candidates)
            pending = (2 * fresh, now)
            return false
        }
        let fraction = chosen.value - chosen.value.rounded(.down)
        glp_ios_branch_upon(tree, chosen.column, fraction < 0.5 ? GLP_DN_BRNCH : GLP_UP_BRNCH)
        nodesTakenOver += 1
        return true
    }

    /// The seconds of one probe as GLPK makes it: copy the node's LP, fix `column` at `value`,
    /// 30 dual simplex iterations.
    private static func probeSeconds(_ problem: OpaquePointer, column: Int32, at value: Double) -> Double {
        let began = Date()
        guard let copy = glp_create_prob() else { return 0 }
        defer { glp_delete_prob(copy) }
        glp_copy_prob(copy, problem, GLP_OFF)
        glp_set_col_bnds(copy, column, GLP_FX, value, value)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.meth = GLP_DUAL
        parameters.it_lim = 30
        _ = glp_simplex(copy, &parameters)
        return Date().timeIntervalSince(began)
    }
}
