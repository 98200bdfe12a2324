import CGLPK
import Foundation
import Testing

@testable import RenoPlan

/// GLPK's terminal output goes where the solve sends it (its log), never to the console: quiet
/// LPs made during a solve (a funding ledger's allocations in the greedy fill) keep the solve's
/// hook. Before, they reset it, and the main search's lines reached stdout past `--quiet`.
@Suite("GLPK's output stays in the solver log")
struct GLPKOutputTests {
    final class Sink {
        var text = ""
    }

    /// A one-row LP, solved with GLPK's messages on.
    static func solveLoudly() {
        let problem = glp_create_prob()!
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, GLP_MAX)
        glp_add_cols(problem, 2)
        glp_add_rows(problem, 1)
        for j in Int32(1)...2 {
            glp_set_col_bnds(problem, j, GLP_DB, 0, 1)
            glp_set_obj_coef(problem, j, Double(j))
        }
        glp_set_row_bnds(problem, 1, GLP_UP, 0, 1.5)
        var indices: [Int32] = [0, 1, 2]
        var coefficients: [Double] = [0, 1, 1]
        glp_set_mat_row(problem, 1, 2, &indices, &coefficients)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_ALL
        glp_simplex(problem, &parameters)
    }

    @Test("A quiet LP inside a solve leaves the solve's hook in place")
    func hookSurvivesQuietLP() {
        let sink = Sink()
        glp_term_hook({ info, text in
            if let info, let text { Unmanaged<Sink>.fromOpaque(info).takeUnretainedValue().text += String(cString: text) }
            return 1
        }, Unmanaged.passUnretained(sink).toOpaque())
        defer { glp_term_hook(nil, nil) }
        withExtendedLifetime(sink) {
            GLPKSolver.quietly { Self.solveLoudly() }
            #expect(sink.text.isEmpty, "the quiet LP printed: \(sink.text)")
            Self.solveLoudly()
            #expect(sink.text.contains("OPTIMAL"), "the solve's hook got: \(sink.text)")
        }
    }
}
