internal import CGLPK
import Foundation

/// A linear programme kept in GLPK and solved again after small changes, each time from the
/// optimal basis of the programme as it was loaded: rows and columns added, row bounds moved,
/// solved (primal simplex, no presolve), then all of it undone (``restore()``). The reasons ask
/// thousands of elastic allocation LPs that differ from one plan's by one cluster's rows and
/// columns (``FundingRule/Explanations``); from that basis each takes a few pivots where a
/// fresh LP is presolved and solved from scratch.
///
/// GLPK keeps its memory per thread: a WarmLP is made, used and closed on one thread.
final class WarmLP {
    private let problem: OpaquePointer
    private let rows: Int32
    private let columns: Int32
    /// The loaded programme's optimal basis, put back by ``restore()``.
    private var rowStatus: [Int32] = []
    private var columnStatus: [Int32] = []
    /// The loaded bounds of the rows ``setRowBounds(_:lower:upper:)`` moved.
    private var movedRows: [Int32: (type: Int32, lower: Double, upper: Double)] = [:]
    /// Whether the loaded programme has an optimum (else no change is worth trying).
    let optimal: Bool

    /// Loads `program`, scales it as ``GLPKSolver/solveLP(_:)`` does and solves it.
    init(_ program: LinearProgram) throws {
        try GLPKSolver.check(program)
        guard let problem = glp_create_prob() else { throw SolverError(message: "glp_create_prob failed") }
        self.problem = problem
        rows = Int32(program.rows.count)
        columns = Int32(program.columns.count)
        GLPKSolver.load(program, into: problem)
        optimal = GLPKSolver.quietly {
            glp_scale_prob(problem, GLP_SF_AUTO)
            return GLPKSolver.simplex(problem, presolve: false).optimal
        }
        rowStatus = (0..<rows).map { glp_get_row_stat(problem, $0 + 1) }
        columnStatus = (0..<columns).map { glp_get_col_stat(problem, $0 + 1) }
    }

    /// Deletes the problem; on the thread that made it.
    func close() { glp_delete_prob(problem) }

    /// Adds a row with these bounds and no entries; its 0-based index.
    func addRow(lower: Double?, upper: Double?) -> Int {
        let i = glp_add_rows(problem, 1)
        GLPKSolver.setRowBounds(problem, i, lower: lower, upper: upper)
        return Int(i - 1)
    }

    /// Adds a column (bounds, objective, entries by 0-based row); its 0-based index.
    func addColumn(lower: Double, upper: Double, objective: Double, entries: [(row: Int, value: Double)]) -> Int {
        let j = glp_add_cols(problem, 1)
        GLPKSolver.setColumnBounds(problem, j, lower: lower, upper: upper)
        glp_set_obj_coef(problem, j, objective)
        var indices = [Int32(0)] + entries.map { Int32($0.row + 1) }
        var values = [0.0] + entries.map(\.value)
        glp_set_mat_col(problem, j, Int32(entries.count), &indices, &values)
        return Int(j - 1)
    }

    /// Moves the bounds of a loaded row (0-based), until ``restore()``.
    func setRowBounds(_ row: Int, lower: Double?, upper: Double?) {
        let i = Int32(row + 1)
        if movedRows[i] == nil {
            movedRows[i] = (glp_get_row_type(problem, i), glp_get_row_lb(problem, i), glp_get_row_ub(problem, i))
        }
        GLPKSolver.setRowBounds(problem, i, lower: lower, upper: upper)
    }

    /// The columns' values at an optimum of the programme as changed, from the loaded
    /// programme's optimal basis (the added rows basic, the added columns at their lower
    /// bounds), scaled again with the additions; nil when it has none.
    func solve() -> [Double]? {
        let solved = GLPKSolver.quietly {
            glp_scale_prob(problem, GLP_SF_AUTO)
            return GLPKSolver.simplex(problem, presolve: false).optimal
        }
        guard solved else { return nil }
        return (1...glp_get_num_cols(problem)).map { glp_get_col_prim(problem, $0) }
    }

    /// The programme as loaded again: added rows and columns deleted, moved bounds put back, its
    /// optimal basis restored.
    func restore() {
        let addedRows = glp_get_num_rows(problem) - rows, addedColumns = glp_get_num_cols(problem) - columns
        if addedColumns > 0 {
            var indices = [Int32(0)] + Array((columns + 1)...(columns + addedColumns))
            glp_del_cols(problem, addedColumns, &indices)
        }
        if addedRows > 0 {
            var indices = [Int32(0)] + Array((rows + 1)...(rows + addedRows))
            glp_del_rows(problem, addedRows, &indices)
        }
        for (i, bounds) in movedRows { glp_set_row_bnds(problem, i, bounds.type, bounds.lower, bounds.upper) }
        movedRows = [:]
        for (i, status) in rowStatus.enumerated() { glp_set_row_stat(problem, Int32(i + 1), status) }
        for (j, status) in columnStatus.enumerated() { glp_set_col_stat(problem, Int32(j + 1), status) }
    }
}
