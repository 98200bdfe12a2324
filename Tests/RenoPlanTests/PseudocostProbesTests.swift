import CGLPK
import Foundation
import Testing

@testable import RenoPlan

/// GLPK's pseudocost branching with ``PseudocostProbes`` at its branching callback: where the
/// probes would run past the deadline the node is branched here (the search stays exact), and
/// where they fit GLPK's own rule runs untouched.
@Suite("Pseudocost probes within the time limit")
struct PseudocostProbesTests {
    /// Two knapsack rows over 16 binaries, values and weights from a fixed recurrence.
    static let count = 16
    static let values: [Double] = (0..<count).map { Double(10 + ($0 * 37) % 23) }
    static let weights: [[Double]] = [
        (0..<count).map { Double(5 + ($0 * 29) % 17) },
        (0..<count).map { Double(4 + ($0 * 13) % 19) },
    ]
    static let capacities: [Double] = [61, 57]

    /// The optimum by enumerating all 2¹⁶ choices.
    static var bruteForceOptimum: Double {
        var best = 0.0
        for mask in 0..<(1 << count) {
            let chosen = (0..<count).filter { mask & (1 << $0) != 0 }
            guard weights.indices.allSatisfy({ r in chosen.reduce(0) { $0 + weights[r][$1] } <= capacities[r] }) else { continue }
            best = max(best, chosen.reduce(0) { $0 + values[$1] })
        }
        return best
    }

    final class Context {
        let probes = PseudocostProbes()
        let deadline: Date
        var branchings = 0
        var takenOver = 0
        init(deadline: Date) { self.deadline = deadline }
    }

    /// Solves the knapsack with pseudocost branching and the probes at each branching callback.
    static func solve(deadline: Date) -> (objective: Double, context: Context) {
        let problem = glp_create_prob()!
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, GLP_MAX)
        glp_add_cols(problem, Int32(count))
        for j in 0..<count {
            glp_set_col_kind(problem, Int32(j + 1), GLP_BV)
            glp_set_obj_coef(problem, Int32(j + 1), values[j])
        }
        glp_add_rows(problem, Int32(weights.count))
        for (r, row) in weights.enumerated() {
            glp_set_row_bnds(problem, Int32(r + 1), GLP_UP, 0, capacities[r])
            var indices: [Int32] = [0] + (1...count).map { Int32($0) }
            var coefficients: [Double] = [0] + row
            glp_set_mat_row(problem, Int32(r + 1), Int32(count), &indices, &coefficients)
        }
        let context = Context(deadline: deadline)
        GLPKSolver.quietly {
            var lp = glp_smcp()
            glp_init_smcp(&lp)
            glp_simplex(problem, &lp)
            var parameters = glp_iocp()
            glp_init_iocp(&parameters)
            parameters.br_tech = GLP_BR_PCH
            parameters.cb_info = Unmanaged.passUnretained(context).toOpaque()
            parameters.cb_func = { tree, info in
                guard let tree, let info else { return }
                let context = Unmanaged<Context>.fromOpaque(info).takeUnretainedValue()
                context.probes.observed()
                guard glp_ios_reason(tree) == GLP_IBRANCH else { return }
                context.branchings += 1
                if context.probes.branch(tree, deadline: context.deadline) { context.takenOver += 1 }
            }
            withExtendedLifetime(context) { _ = glp_intopt(problem, &parameters) }
        }
        #expect(glp_mip_status(problem) == GLP_OPT)
        return (glp_mip_obj_val(problem), context)
    }

    @Test("Past the deadline every node is branched here, and the search still proves the optimum")
    func pastTheDeadline() {
        let (objective, context) = Self.solve(deadline: .distantPast)
        #expect(objective == Self.bruteForceOptimum)
        #expect(context.branchings > 0)
        #expect(context.takenOver == context.branchings)
        #expect(context.probes.nodesTakenOver == context.branchings)
    }

    @Test("With time to spare GLPK's own rule branches every node")
    func timeToSpare() {
        let (objective, context) = Self.solve(deadline: .distantFuture)
        #expect(objective == Self.bruteForceOptimum)
        #expect(context.branchings > 0)
        #expect(context.takenOver == 0)
        #expect(context.probes.nodesTakenOver == 0)
    }
}
