internal import CGLPK
import Foundation

/// What a solver run ended with, as GLPK reported it.
public enum SolveStatus: String, Sendable, Codable {
    /// Proven optimal within `mip_gap`.
    case optimal
    /// A plan was found but the time limit stopped the search; see the gap.
    case feasible
    /// No plan satisfies the locks, budgets and other rules.
    case infeasible
    /// The time limit came before any plan was found.
    case noSolution = "no_solution"
    /// Not optimised: the status-quo ranked list (`renoplan rank`).
    case ranked

    /// Whether there is a plan to write.
    public var hasPlan: Bool { self == .optimal || self == .feasible || self == .ranked }
}

/// An error GLPK reported, or a model we refused to hand it (GLPK aborts on bad input).
public struct SolverError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { "solver: \(message)" }
}

/// Progress seen during a solve.
public struct SolveProgress: Sendable {
    public var elapsedSeconds: Double
    public var incumbent: Double?
    public var bound: Double?
}

/// A step of the solve that produced a plan: which stage, when, and the plan's objective.
public struct SolveMilestone: Sendable {
    /// `LP dive`, `local search`, `top-up`, `RINS`, `neighbourhood` or `main search`.
    public var stage: String
    public var elapsedSeconds: Double
    public var objective: Double
}

/// The solver's report: status, objective, best bound and gap, straight from GLPK.
struct MIPResult {
    /// Every better plan found, in order; the last is the result.
    var milestones: [SolveMilestone] = []
    /// When GLPK's main search (`glp_intopt` on the whole model) began.
    var mainSearchStartedAt: Double?
    var status: SolveStatus
    var values: [Double]
    var objective: Double?
    var bound: Double?
    var gap: Double?
    /// The LP relaxation's value at the root.
    var rootBound: Double?
    var seconds: Double
    /// GLPK's own terminal output, captured.
    var log: String
    /// GLPK's return code name, e.g. `GLP_ETMLIM`, for the record.
    var returnCode: String
    /// What stopped the search before the gap closed.
    var stoppedBy: SearchLimit?
}

/// What stopped a search before its gap closed (`stopped_by` in summary.json).
public enum SearchLimit: String, Sendable {
    case time = "time limit"
    case node = "node limit"
    case work = "work limit"
}

/// Solves a ``LinearProgram`` with GLPK's branch-and-cut (`glp_intopt`).
///
/// GLPK keeps per-thread state and aborts on bad indices, so the whole life of the `glp_prob` is
/// inside ``solve(_:timeLimitSeconds:mipGap:secondary:progress:)``, on the calling thread, and the
/// programme is checked before GLPK sees it.
enum GLPKSolver {
    static var version: String { String(cString: glp_version()) }

    /// Above this many integer columns a model is city-sized: GLPK's cuts and default branching
    /// are switched off, and neighbourhoods free fewer site columns (PlanModel).
    static let largeModelIntegerColumns = 2_000

    /// Whether the programme is city-sized (``largeModelIntegerColumns``).
    static func isLarge(_ program: LinearProgram) -> Bool {
        program.columns.filter(\.isInteger).count > largeModelIntegerColumns
    }

    /// At most this many rounds of the caller's cuts at the main search's root (the 400-estate
    /// family's norm models stop on their own after 15–19).
    static let rootCutRounds = 50

    /// The main search's branching rule on a district-sized model with `rows` rows (by-year rows
    /// and cuts included); nil keeps GLPK's default, Driebeck–Tomlin.
    ///
    /// Pseudocost branching moves the bound faster on district-sized models (on the 400-estate
    /// family with norms the reported gap at 10 s fell by a third; without norms it was the same).
    /// But each of its first estimates copies the whole problem and runs dual simplex steps on
    /// the copy, and Driebeck–Tomlin computes a tableau row per fractional column at every
    /// branching: work outside the simplex iterations that the work limit counts, and it grows
    /// with the rows. Under a work limit (`node_limit: scaled`) a model above 1,500 rows (the
    /// scattered and clustered districts of docs/benchmarks.md, 1,750–2,300 rows with norms)
    /// therefore branches on the most fractional column, which does no such work: there the
    /// other two rules ran the main search into the time limit, so its bound differed from run
    /// to run, and the bounds were no better. Under a node limit the node count keeps the run
    /// deterministic whatever a node costs, and larger models keep Driebeck–Tomlin (the
    /// funding models, 3,300–5,100 rows: pseudocost branching's estimates took the time there).
    static func branchingRule(rows: Int, workLimited: Bool) -> Int32? {
        if workLimited { return rows <= 1_500 ? GLP_BR_PCH : GLP_BR_MFV }
        return rows <= 2_000 ? GLP_BR_PCH : nil
    }

    /// From this time limit on, a model whose LP relaxation does not finish in time still gets
    /// the greedy plan (a city's one-pass fill: under a second past the limit), so a planner who
    /// gives a city 5 s gets a plan (issue 15), with the bound the unfinished relaxation's prices
    /// give (``PriceBound``). Below it, a limit the relaxation cannot meet ends with no plan
    /// (exit 4).
    static let fallbackMinimumSeconds = 5.0

    /// Iterations of the first-order method for the bound of a relaxation the time limit cut
    /// short (``PriceBound/ofUnfinished(_:iterations:)``): a count, so that the bound does not
    /// depend on the machine, of about a tenth of the limit's seconds on the machine of
    /// docs/benchmarks.md (an iteration there takes 3–4 ns per matrix entry), from 250 to 5,000.
    static func firstOrderIterations(timeLimitSeconds: Double, entries: Int) -> Int {
        Int(min(5_000, max(250, 3e7 * timeLimitSeconds / Double(max(entries, 1)))))
    }

    /// The return code of a solve whose LP relaxation the time limit cut short.
    static let relaxationOutOfTime = "time limit reached in the LP relaxation"

    /// A neighbourhood's sub-search stops after this many nodes.
    static let subSearchNodes: Int32 = 5_000
    /// RINS's node limit on a city-sized model: its sub-problem there holds thousands of columns,
    /// and with 5,000 nodes it took 34 s of a 60 s limit on a scattered 5,000-estate district
    /// for 0.4%, leaving the neighbourhood searches no time (docs/solver.md, step 4).
    static let cityRINSNodes: Int32 = 200

    /// Solves the programme in five steps, each a method of ``Search``: the LP relaxation, a
    /// starting plan (LP dive, else the caller's greedy plan), neighbourhood searches around it,
    /// GLPK's branch-and-cut from it, and the result read back (status, objective, bound, gap)
    /// with the continuous columns refined by the secondary objective.
    ///
    /// - Parameters:
    ///   - limits: stop the main search after this many branch-and-bound nodes or this much work
    ///     (simplex iterations × rows), so the result does not depend on the machine's speed (the
    ///     time limit still applies).
    ///   - secondary: if given, a second objective minimised over the continuous columns with the
    ///     integer columns fixed at the solution found (a lexicographic tie-break, e.g. site cost).
    ///   - tidyStartingPlan: the plan the neighbourhood searches start from (after RINS) gets the
    ///     same tie-break first, so that no space the plan does not need holds their budgets
    ///     (``tidied(_:problem:program:secondary:log:)``).
    ///   - start: a plan the caller already has (`revise`: the best-value plan, the approved plan
    ///     held against today's rules): where it meets every row, the searches start from it,
    ///     without the LP dive.
    ///   - startingPlan: given the LP relaxation's column values and a deadline, a feasible
    ///     solution to hand GLPK as its first incumbent (checked against every row first).
    ///   - neighbourhoods: given an incumbent, sets of integer columns to re-optimise together
    ///     with all others fixed (large-neighbourhood search before the main search).
    ///   - topUp: given a plan (its space tidied where the caller asked for tidy starting plans)
    ///     and the LP relaxation if there is one, a better plan that keeps it and spends what
    ///     it leaves, or nil; used on city-sized models, on a greedy fill before the searches and
    ///     on the plan the searches end with (docs/solver.md, *Topping up*).
    ///   - byYear: groups of binary columns in year order of which at most one is 1 in any
    ///     solution (a cluster's years): the main search may branch on their running sums.
    ///   - cuts: makes the separator of the caller's cuts: given a point of the LP relaxation, it
    ///     returns inequalities every solution meets that the point breaks, added in rounds to the
    ///     main search's root before it starts.
    ///   - relaxationShare: the share of the time limit the LP relaxation may take (a tenth is
    ///     kept for the greedy plan, should it not finish; tests take less, to reach that plan).
    static func solve(
        _ program: LinearProgram, timeLimitSeconds: Double, mipGap: Double,
        limits: Scenario.SearchLimits = Scenario.SearchLimits(nodes: nil, work: nil),
        secondary: [Double]? = nil,
        tidyStartingPlan: Bool = false,
        start known: [Double]? = nil,
        startingPlan: (([Double], Date) -> [Double]?)? = nil,
        neighbourhoods: (([Double]) -> [[[Int]]])? = nil,
        topUp: (([Double], [Double]?) -> [Double]?)? = nil,
        pairedNeighbourhoods: Bool = ProcessInfo.processInfo.activeProcessorCount > 1,
        byYear: [[Int]] = [],
        cuts: (() -> ([Double]) -> [LinearCut])? = nil,
        relaxationShare: Double = 0.9,
        progress: ((SolveProgress) -> Void)? = nil
    ) throws -> MIPResult {
        // Nothing to choose (every estate ineligible, no cluster in any year): the empty plan is
        // the only plan, so it is optimal, without asking GLPK (which refuses an empty problem).
        if program.columns.isEmpty {
            return MIPResult(
                status: .optimal, values: [], objective: 0, bound: 0, gap: 0, rootBound: 0, seconds: 0,
                log: "renoplan: the model has no columns (no cluster can enter any year): the empty plan is the only plan\n",
                returnCode: "no columns", stoppedBy: nil)
        }
        try check(program)
        let started = Date()
        let capture = Capture(started: started, progress: progress)
        capture.nodeLimit = limits.nodes.map { Int32(clamping: $0) }
        capture.workLimit = limits.work
        capture.neighbourhoodWorkLimit = limits.neighbourhoodWork
        // GLPK checks tm_lim only between nodes; root cut generation on a big model can overrun
        // it, so the callback enforces the limit too.
        capture.deadline = started.addingTimeInterval(timeLimitSeconds)
        glp_term_hook({ info, text in
            if let info, let text {
                Unmanaged<Capture>.fromOpaque(info).takeUnretainedValue().log += String(cString: text)
            }
            return 1  // suppress GLPK's own printing
        }, Unmanaged.passUnretained(capture).toOpaque())
        defer { glp_term_hook(nil, nil) }

        guard let problem = glp_create_prob() else { throw SolverError(message: "glp_create_prob failed") }
        defer { glp_delete_prob(problem) }
        var known = known.flatMap { program.isFeasible($0) ? $0 : nil }
        // On a city-sized model, the second core makes the greedy fill and searches its
        // neighbourhoods while the first loads the model and solves the relaxation. The fill
        // needs no problem of GLPK's, so it starts before the loading: loading and scaling a
        // city's model take about 2 s, which the fill had waited for (a 5 s limit on a city
        // with sources ended the fill at 5.0–6.4 s, with no time left for its searches).
        // The fill without the relaxation is made where no plan is handed over on a city-sized
        // model given the time a fallback plan needs: beside the relaxation with two cores.
        let fillsWithoutRelaxation = known == nil && Self.isLarge(program) && timeLimitSeconds >= fallbackMinimumSeconds
            && startingPlan != nil && neighbourhoods != nil
        var early: EarlySearch?
        if fillsWithoutRelaxation, pairedNeighbourhoods, let startingPlan, let neighbourhoods {
            early = EarlySearch(
                program: program, started: started, timeLimitSeconds: timeLimitSeconds,
                greedy: startingPlan, neighbourhoods: neighbourhoods)
            early?.start()
        }
        prepare(program, into: problem)
        early?.handScaling(Scaling(of: problem))
        let search = Search(
            problem: problem, program: program, capture: capture, started: started, timeLimitSeconds: timeLimitSeconds,
            tidy: tidyStartingPlan ? secondary : nil, topUp: topUp, relaxationShare: relaxationShare)
        return try withExtendedLifetime(capture) {
            // A plan the caller hands over (`revise`'s solves) is searched around first, before
            // the LP relaxation, which on a large district takes much of the limit (5,000
            // estates with funding sources: 36–54 s of 60; docs/solver.md, *A known plan*).
            if let plan = known {
                capture.found(program.objective(of: plan), by: "local search", as: "the caller's plan")
                if neighbourhoods != nil {
                    known = search.improve(plan, relaxation: nil, neighbourhoods: neighbourhoods, pairs: pairedNeighbourhoods)
                }
            }
            let relaxation: [Double]
            let solved: Search.Relaxation
            do { solved = try search.solveRelaxation() } catch {
                early?.cancel()
                throw error
            }
            switch solved {
            case .solved(let values):
                early?.cancel()
                relaxation = values
            case .infeasible:
                early?.cancel()
                return search.ended(.infeasible, returnCode: "LP relaxation infeasible")
            case .outOfTime:
                // No LP solution to order the plan: the caller's greedy, in value-per-yuan order,
                // still gives a plan (a city's one-pass fill takes under a second), and the
                // searches during the relaxation improved it.
                early?.finish()
                let zeros = [Double](repeating: 0, count: program.columns.count)
                let greedy = early.map { $0.greedyPlan } ?? startingPlan?(zeros, started)
                guard timeLimitSeconds >= fallbackMinimumSeconds || known != nil,
                    let plan = known ?? greedy,
                    program.isFeasible(plan), known != nil || search.choosesAnything(plan)
                else {
                    return search.ended(.noSolution, returnCode: relaxationOutOfTime)
                }
                var objective = program.objective(of: plan)
                if known == nil { capture.found(objective, by: "local search", as: "greedy fill without the LP relaxation") }
                var result = search.ended(.feasible, returnCode: relaxationOutOfTime)
                result.values = plan
                if let early, let searched = early.searched, program.isFeasible(searched), program.objective(of: searched) > objective {
                    capture.log += early.log
                    objective = program.objective(of: searched)
                    capture.found(objective, by: "neighbourhood", as: "the greedy fill's neighbourhoods during the LP relaxation")
                    result.values = searched
                }
                result.objective = objective
                // The relaxation's simplex stopped part way; its prices still bound the plan.
                let iterations = firstOrderIterations(timeLimitSeconds: timeLimitSeconds, entries: Int(glp_get_num_nz(problem)))
                if let priced = PriceBound.ofUnfinished(problem, iterations: iterations) {
                    capture.note(
                        "the prices of the unfinished relaxation, tightened row by row, bound the optimum by %.6f (as the simplex left them: %.6f)",
                        priced.simplex, priced.start)
                    if let firstOrder = priced.firstOrder {
                        capture.note(
                            "%.0f iterations of the first-order method and the same descent bound it by %.6f",
                            Double(iterations), firstOrder)
                    }
                    let bound = reported(bound: priced.bound, objective: objective, maximize: program.maximize)
                    result.bound = bound
                    result.gap = relativeGap(objective: objective, bound: bound)
                }
                result.milestones = capture.milestones
                result.log = capture.log
                return result
            }
            let start = known ?? search.startingPlan(relaxation: relaxation, greedy: startingPlan)
            var handedOver = start.map { search.improve($0, relaxation: relaxation, neighbourhoods: neighbourhoods, pairs: pairedNeighbourhoods) }
            // The fill made without the relaxation (on the second core during it; its searches
            // are dropped, how far they got depends on the clock) goes to the main search where
            // it beats the plan the relaxation's start and searches gave: its order by the space
            // a cluster needs can (docs/solver.md, *A pass that counts the space*). Made here
            // when the searches go one at a time, so that the plan does not depend on it.
            if fillsWithoutRelaxation, let startingPlan,
                let filled = early.map({ $0.greedyPlan }) ?? Self.filled(program, startingPlan([Double](repeating: 0, count: program.columns.count), started)),
                handedOver.map({ program.objective(of: filled) > program.objective(of: $0) }) ?? true
            {
                capture.found(program.objective(of: filled), by: "local search", as: "the greedy fill made without the LP relaxation")
                handedOver = filled
            }
            let code = search.branchAndCut(from: handedOver, mipGap: mipGap, byYear: byYear, cuts: cuts)
            if let signal = Interruption.requestedBy { throw InterruptedError(signal: signal) }
            return try search.result(code: code, handedOver: handedOver, secondary: secondary)
        }
    }

    /// A greedy fill's plan where it keeps every row and chooses something.
    static func filled(_ program: LinearProgram, _ plan: [Double]?) -> [Double]? {
        plan.flatMap { program.isFeasible($0) && choosesAnything($0, program) ? $0 : nil }
    }

    /// The greedy fill's neighbourhoods, searched on the second core while the LP relaxation
    /// runs on the first (docs/solver.md, *During the relaxation*). On a city-sized model the
    /// relaxation can take most of the limit (20,000 estates with funding sources: more than a
    /// minute), and where it does not finish the plan is the greedy fill's. The searches work on
    /// a problem of their own, loaded on their thread (GLPK's memory belongs to the thread that
    /// allocated it), and call the caller's closures only while the first thread is in the
    /// relaxation. Their plan is used only where the relaxation does not
    /// finish; where it does, they are stopped and their plan dropped, so the solve goes on as
    /// it would without them and its plan does not depend on how far they got. The fill itself
    /// (which the clock does not stop) still goes to the main search where it is better than
    /// the plan the relaxation's start and searches gave.
    private final class EarlySearch: @unchecked Sendable {
        private let program: LinearProgram
        private let started: Date
        private let timeLimitSeconds: Double
        private let greedy: ([Double], Date) -> [Double]?
        private let neighbourhoods: ([Double]) -> [[[Int]]]
        private let stop = StopFlag()
        private let filled = DispatchSemaphore(value: 0)
        /// The first thread's scale factors (``handScaling(_:)``), read after ``scaled``.
        private let scaled = DispatchSemaphore(value: 0)
        private var scaling: Scaling?
        private let done = DispatchSemaphore(value: 0)
        /// Whether the searches have begun (then a stop ends them within a node; before, the
        /// thread may be loading its problem, which nothing interrupts).
        private let phase = NSLock()
        private var searching = false
        /// The greedy fill (read after the fill, ``filled``), and the best plan of its
        /// neighbourhoods (read after ``finish()``).
        private(set) var greedyPlan: [Double]?
        private(set) var searched: [Double]?
        /// The searches' log, for the solve's.
        private(set) var log = ""

        init(
            program: LinearProgram, started: Date, timeLimitSeconds: Double,
            greedy: @escaping ([Double], Date) -> [Double]?, neighbourhoods: @escaping ([Double]) -> [[[Int]]]
        ) {
            self.program = program
            self.started = started
            self.timeLimitSeconds = timeLimitSeconds
            self.greedy = greedy
            self.neighbourhoods = neighbourhoods
        }

        func start() {
            let thread = Thread { [self] in
                run()
                glp_free_env()
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }

        private func run() {
            // This thread's GLPK prints nothing (its scaling would write to the console).
            glp_term_out(GLP_OFF)
            // The fill first: it needs no problem of GLPK's, and where the relaxation does not
            // finish it is what the solve waits for (loading and scaling a city's model with
            // sources take about 4 s: filled after them, a 5 s limit ended at 7.4–9.0 s). It
            // starts as the first thread starts loading.
            let zeros = [Double](repeating: 0, count: program.columns.count)
            let fill = GLPKSolver.filled(program, greedy(zeros, started))
            greedyPlan = fill
            filled.signal()
            guard let plan = fill, !stop.isRaised else { return }
            guard let problem = glp_create_prob() else { return }
            defer { glp_delete_prob(problem) }
            // Loaded from the programme, not copied from the first thread's problem: a copy
            // reads it while its relaxation runs, and GLPK allocates the source's factorization
            // on its first copy, in the copying thread's memory.
            // Scaled by the first thread's factors (the same as GLPK would find here): scaling
            // a city's model takes about 2 s, of a 5 s limit all the time the searches had.
            scaled.wait()
            scaled.signal()
            guard prepare(program, into: problem, unless: stop, scaling: scaling) else { return }
            phase.lock()
            searching = !stop.isRaised
            phase.unlock()
            guard searching else { return }
            let capture = Capture(started: started, progress: nil)
            let search = Search(
                problem: problem, program: program, capture: capture, started: started, timeLimitSeconds: timeLimitSeconds, tidy: nil,
                stop: stop)
            capture.note("during the LP relaxation: the greedy fill's neighbourhoods, from objective %.6f", program.objective(of: plan))
            let result = search.searchNeighbourhoods(
                from: plan, neighbourhoods: neighbourhoods, branching: GLP_BR_DTH, pairs: false, workLimit: .infinity)
            searched = result.plan
            log = capture.log
        }

        /// The scale factors of the first thread's problem, once it is scaled.
        func handScaling(_ scaling: Scaling) {
            self.scaling = scaling
            scaled.signal()
        }

        /// Waits for the fill, then lets the searches run to the time limit (they end there on
        /// their own) and stops them. A thread still loading its problem then is left to end by
        /// itself (it searches nothing once stopped, and its plan is not read).
        func finish() {
            waitForFill()
            let left = started.addingTimeInterval(timeLimitSeconds).timeIntervalSinceNow
            if waitForEnd(until: .now() + max(0, left)) { return }
            stopAfterFill()
        }

        /// Stops the searches and waits for them (not for a thread still loading its problem).
        func cancel() {
            waitForFill()
            stopAfterFill()
        }

        /// The fill's semaphore is given back after each wait, and the searches' end after each
        /// wait for it, so that a second ``finish()`` or ``cancel()`` returns instead of waiting
        /// for a signal already taken.
        private func waitForFill() {
            filled.wait()
            filled.signal()
        }

        private func stopAfterFill() {
            stop.raise()
            phase.lock()
            let wasSearching = searching
            phase.unlock()
            if wasSearching { waitForEnd() }
        }

        /// Whether the searches ended by `deadline`.
        @discardableResult
        private func waitForEnd(until deadline: DispatchTime = .distantFuture) -> Bool {
            guard done.wait(timeout: deadline) == .success else { return false }
            done.signal()
            return true
        }
    }

    /// One solve's state: GLPK's problem, the programme it was loaded from, the log and clock.
    private final class Search {
        let problem: OpaquePointer
        let program: LinearProgram
        let capture: Capture
        let started: Date
        let timeLimitSeconds: Double
        /// City-sized: long-step dual simplex, no root cuts, most-fractional branching.
        let large: Bool
        /// The second objective (the site cost) the plan the neighbourhood searches start from
        /// is tidied by, if the caller asked for it (``tidied(_:)``).
        let tidy: [Double]?
        /// The caller's top-up of a plan (``GLPKSolver/solve(_:timeLimitSeconds:mipGap:limits:secondary:tidyStartingPlan:start:startingPlan:neighbourhoods:topUp:pairedNeighbourhoods:byYear:cuts:relaxationShare:progress:)``).
        let topUp: (([Double], [Double]?) -> [Double]?)?
        /// Ends the neighbourhood searches from another thread (``EarlySearch``).
        let stop: StopFlag?
        /// The share of the time limit the LP relaxation may take (0.9: a tenth is kept for the
        /// greedy plan, should it not finish; tests take less, to reach that fallback).
        let relaxationShare: Double

        init(
            problem: OpaquePointer, program: LinearProgram, capture: Capture, started: Date, timeLimitSeconds: Double,
            tidy: [Double]?, topUp: (([Double], [Double]?) -> [Double]?)? = nil, stop: StopFlag? = nil, relaxationShare: Double = 0.9
        ) {
            self.topUp = topUp
            self.relaxationShare = relaxationShare
            self.problem = problem
            self.program = program
            self.capture = capture
            self.started = started
            self.timeLimitSeconds = timeLimitSeconds
            self.tidy = tidy
            self.stop = stop
            large = GLPKSolver.isLarge(program)
        }

        private var deadline: Date { started.addingTimeInterval(timeLimitSeconds) }

        enum Relaxation {
            case solved([Double])
            case infeasible
            case outOfTime
        }

        /// Step 1: the LP relaxation (`glp_simplex`): its bound, and the order for the starting
        /// plan.
        func solveRelaxation() throws -> Relaxation {
            // A tenth of the limit is kept for the greedy plan, should the relaxation not finish.
            let (lpCode, _) = GLPKSolver.simplex(
                problem, longStep: large, deadline: started.addingTimeInterval(timeLimitSeconds * relaxationShare))
            if let signal = Interruption.requestedBy { throw InterruptedError(signal: signal) }
            if lpCode == GLP_ETMLIM {
                capture.note("the time limit ran out in the LP relaxation")
                return .outOfTime
            }
            guard lpCode == 0 else {
                throw SolverError(message: "the LP relaxation failed: \(codeName(lpCode))\n" + capture.log)
            }
            if glp_get_status(problem) == GLP_NOFEAS { return .infeasible }
            capture.rootBound = glp_get_obj_val(problem)
            capture.note("the LP relaxation solved: objective %.6f", glp_get_obj_val(problem))
            return .solved(primal(problem, columns: program.columns.count))
        }

        func choosesAnything(_ values: [Double]) -> Bool { GLPKSolver.choosesAnything(values, program) }

        /// A result with no plan.
        func ended(_ status: SolveStatus, returnCode: String) -> MIPResult {
            MIPResult(
                status: status, values: [], objective: nil, bound: nil, gap: nil, rootBound: nil,
                seconds: Date().timeIntervalSince(started), log: capture.log, returnCode: returnCode,
                stoppedBy: status == .noSolution || status == .feasible ? .time : nil)
        }

        /// The starting plan and the neighbourhood searches may use 80% of the time limit; the
        /// main search then improves the plan and proves the bound.
        private var startDeadline: Date { started.addingTimeInterval(timeLimitSeconds * 0.8) }

        /// Step 2 (where the caller hands over no plan: one it hands over goes first whatever a
        /// dive would find, for `revise` searches around it, and a dive on its objective lands
        /// elsewhere: the spring walkthrough's third solve, the dive's plan cost 14.2 million,
        /// the approved plan's 5.7 million): an LP dive, or, if the dive finds nothing, the
        /// caller's greedy plan with local search. The dive may use a third of the starting-plan
        /// time, so the searches after it get theirs; on a city two thirds: its plan is worth
        /// the wait there (20,000 estates: the dive's plan after 30 s is 1% better than the
        /// greedy plan improved for 48 s; docs/solver.md).
        func startingPlan(relaxation: [Double], greedy: (([Double], Date) -> [Double]?)?) -> [Double]? {
            let diveDeadline = started.addingTimeInterval(timeLimitSeconds * 0.8 * (large ? 2.0 / 3 : 1.0 / 3))
            if let dived = dive(problem, program: program, deadline: diveDeadline, large: large), program.isFeasible(dived) {
                capture.found(program.objective(of: dived), by: "LP dive")
                return dived
            }
            capture.note("the LP dive found no plan")
            // Measured on generated districts, the dive's plan beats the greedy one with local
            // search, and the neighbourhood searches make better use of the time (docs/solver.md).
            guard let greedy, let plan = greedy(relaxation, startDeadline), program.isFeasible(plan) else { return nil }
            capture.found(program.objective(of: plan), by: "local search", as: "the greedy starting plan")
            startIsFill = true
            return plan
        }

        /// `plan` with its space tidied (``GLPKSolver/tidied(_:problem:program:secondary:log:)``),
        /// where the caller asked for it.
        func tidied(_ plan: [Double]) -> [Double] {
            guard let tidy else { return plan }
            return GLPKSolver.tidied(plan, problem: problem, program: program, secondary: tidy, log: capture)
        }

        /// The work the searches before the main search have done (``improve(_:relaxation:neighbourhoods:pairs:)``).
        private var searchWork = 0.0

        /// Whether the starting plan is the greedy fill's (the dive found nothing): on a city it is
        /// topped up before the searches as well as after them (``toppedUp(_:relaxation:)``).
        private var startIsFill = false

        /// Step 3: RINS (re-optimise where the plan and the LP relaxation disagree; none without
        /// a relaxation), then the caller's neighbourhoods
        /// (``searchNeighbourhoods(from:neighbourhoods:branching:pairs:workLimit:)``), and, if
        /// their budget allows, the neighbourhoods once more from the same plan with the other
        /// branching rule. Called twice where the caller hands over a plan (before the
        /// relaxation and after it), the two share one budget.
        func improve(_ start: [Double], relaxation: [Double]?, neighbourhoods: (([Double]) -> [[[Int]]])?, pairs: Bool) -> [Double] {
            // A fill leaves money the searches may not reach on a city before the clock does
            // (20,000 estates, 60 s: RINS took the 14 s after the fill and found nothing): topped
            // up first. A dive's plan goes to the searches as it is (at 5,000 estates a plan
            // topped up first led them to plans 0.1–0.3% worse on three of five districts).
            let toppedFirst = startIsFill ? toppedUp(start, relaxation: relaxation) : nil
            var best = toppedFirst ?? start
            let deadline = startDeadline
            let continuousColumns = program.columns.indices.filter { !program.columns[$0].isInteger }
            // The searches' work (simplex iterations × rows, as the main search's) is counted
            // where the one-at-a-time search would have done it; its limit is checked between
            // searches, so where they stop does not depend on the machine's speed.
            var work = searchWork
            let workLimit = capture.neighbourhoodWorkLimit ?? .infinity
            defer {
                searchWork = work
                capture.note("neighbourhood searches: work %d", work.rounded())
            }
            while let relaxation, Interruption.mayContinue(until: deadline), work < workLimit,
                case let disagree = program.columns.indices.filter({
                    program.columns[$0].isInteger && abs(best[$0] - relaxation[$0]) >= 0.5
                }), !disagree.isEmpty
            {
                let (better, spent, _) = subMIP(problem, program: program, incumbent: best, free: disagree + continuousColumns, nodes: large ? cityRINSNodes : subSearchNodes, deadline: deadline)
                work += spent
                guard let better else { break }
                best = better
                capture.found(program.objective(of: best), by: "RINS")
            }
            // RINS frees every continuous column, so the space of the plan it starts from does
            // not matter to it: one tidy, of the plan the neighbourhoods start from (2.8 s on a
            // 20,000-estate city, 0.05 s at 5,000 estates), and only if they are to run.
            let asFound = best
            if neighbourhoods != nil, Interruption.mayContinue(until: deadline), work < workLimit { best = tidied(best) }
            if let neighbourhoods {
                // The searches end where a full round finds nothing better: a local optimum of
                // the neighbourhoods, which depends on the path taken. If their work budget is
                // not spent, they start again from the same plan with pseudocost branching in the
                // sub-searches, then, where the tidy changed it, from the plan with its space as
                // RINS left it, and the best plan is kept (the first on a tie; docs/solver.md).
                // Without a budget (a fixed node limit) the first path is the only one: a second
                // would be stopped by the clock, not by work.
                let afterRINS = best
                var paths: [(from: [Double], rule: Int32, note: String?)] = [(afterRINS, GLP_BR_DTH, nil)]
                if workLimit < .infinity {
                    paths.append((afterRINS, GLP_BR_PCH, "neighbourhood searches: again from the starting plan, with pseudocost branching"))
                    if asFound != afterRINS {
                        paths.append((asFound, GLP_BR_DTH, "neighbourhood searches: again from the starting plan with its space untidied"))
                    }
                }
                for path in paths where work < workLimit && Interruption.mayContinue(until: deadline) {
                    if let note = path.note { capture.note(note) }
                    let searched = searchNeighbourhoods(
                        from: path.from, neighbourhoods: neighbourhoods, branching: path.rule, pairs: pairs, workLimit: workLimit - work)
                    work += searched.work
                    if program.objective(of: searched.plan) > program.objective(of: best) { best = searched.plan }
                }
            }
            let cutShort = Date() >= deadline
            if cutShort { capture.startCutShort = true }
            capture.note(cutShort ? "starting plan cut short by the time limit, objective %.6f" : "starting plan complete, objective %.6f", program.objective(of: best))
            // Searches that changed no choice (the tidy before them moves only space) leave
            // nothing new to top up.
            let unchanged = toppedFirst.map { first in program.columns.indices.allSatisfy { !program.columns[$0].isInteger || first[$0] == best[$0] } }
            return unchanged == true ? best : toppedUp(best, relaxation: relaxation)
        }

        /// On a city-sized model, `plan` with its space tidied and the money it then leaves spent
        /// by the caller's top-up, where that is worth more; else `plan`. Made after the searches
        /// whatever the clock says (about 5 s on a 20,000-estate city, 3 of them the tidy; 1 s at
        /// 5,000 estates): the searches' path is the one they took without it, and the main
        /// search starts from a plan at least as good (docs/solver.md, *Topping up*).
        func toppedUp(_ plan: [Double], relaxation: [Double]?) -> [Double] {
            guard large, let topUp, !Interruption.isRequested,
                let topped = topUp(tidied(plan), relaxation), program.isFeasible(topped),
                program.objective(of: topped) > program.objective(of: plan)
            else { return plan }
            capture.found(program.objective(of: topped), by: "top-up")
            return topped
        }

        /// Large-neighbourhood search from `start`: the caller's tiers of neighbourhoods, each a
        /// sub-MIP branching by `branching`, in the order ``NeighbourhoodRounds`` gives, until
        /// the tiers are done, the work reaches `workLimit` or the starting plan's deadline comes.
        /// On a district-sized model the tiers are one round, tried in turn until a full round
        /// finds nothing better; on a city-sized one each tier is searched on its own and the
        /// search goes back to the first tier after a later one found a better plan (measured:
        /// docs/solver.md, *Regions*). Returns the best plan and the work it took.
        func searchNeighbourhoods(
            from start: [Double], neighbourhoods: ([Double]) -> [[[Int]]], branching: Int32, pairs: Bool, workLimit: Double
        ) -> (plan: [Double], work: Double) {
            var best = start
            let deadline = startDeadline
            var work = 0.0
            /// One tier's neighbourhoods around `best` (on a district-sized model, all in one round).
            func tier(_ k: Int, of tiers: [[[Int]]]) -> [[Int]] {
                large ? (k < tiers.count ? tiers[k] : []) : tiers.flatMap { $0 }
            }
            let first = neighbourhoods(best)
            var rounds = NeighbourhoodRounds(tiers: large ? first.count : min(first.count, 1), backToFirst: large)
            var all = rounds.isOver ? [] : tier(0, of: first)
            // The next neighbourhood of the tier is searched on a second core at the same time,
            // against the same plan. Its answer is used only where the one-at-a-time search would
            // have asked the same question (this one found nothing better, and the tier and the
            // time go on), so the plans are the same on one core or two.
            while !rounds.isOver, work < workLimit, Interruption.mayContinue(until: deadline), stop?.isRaised != true {
                if rounds.tierIsDone(count: all.count) {
                    rounds.leaveTier()
                    all = rounds.isOver ? [] : tier(rounds.tier, of: neighbourhoods(best))
                    if large, !rounds.isOver { capture.note("neighbourhood searches: tier %d", Double(rounds.tier)) }
                    continue
                }
                let free = all[rounds.turn % all.count]
                let following = pairs && rounds.fruitless + 1 < all.count ? all[(rounds.turn + 1) % all.count] : nil
                let (first, second) = subMIPs(
                    problem, program: program, incumbent: best, free: free, alongside: following, branching: branching, deadline: deadline,
                    stop: stop)
                let asked: [(free: [Int], answer: SubMIPAnswer)] = [(free, first)] + (following.map { [($0, second)] } ?? [])
                for (k, (free, (answer, spent, settled))) in asked.enumerated() {
                    // The second answer counts only where the one-at-a-time loop would go on.
                    if k > 0 {
                        guard !rounds.tierIsDone(count: all.count), work < workLimit, Interruption.mayContinue(until: deadline) else { break }
                    }
                    work += spent
                    rounds.asked(foundBetter: answer != nil)
                    if let better = answer {
                        best = better
                        capture.found(program.objective(of: best), by: "neighbourhood", as: "neighbourhood of \(free.count) columns")
                        all = tier(rounds.tier, of: neighbourhoods(best))
                        break
                    }
                    capture.note(
                        settled ? "neighbourhood of %d columns: nothing better" : "neighbourhood of %d columns: nothing better within %d nodes",
                        Double(free.count), Double(subSearchNodes))
                }
            }
            return (best, work)
        }

        /// Step 4: GLPK's branch-and-cut (`glp_intopt`) for the rest of the time, with the plan
        /// handed over at its first heuristic call. Returns GLPK's code.
        func branchAndCut(from plan: [Double]?, mipGap: Double, byYear: [[Int]], cuts: (() -> ([Double]) -> [LinearCut])?) -> Int32 {
            let byYearSums = addByYearColumns(byYear)
            if let cuts { addRootCuts(cuts()) }
            capture.start = plan.map { plan in [0] + plan + byYearSums.map { $0.reduce(0) { $0 + plan[$1] } } }
            // With presolve off GLPK works on our own columns, so the starting plan can be passed as is.
            var parameters = glp_iocp()
            glp_init_iocp(&parameters)
            parameters.presolve = GLP_OFF
            parameters.msg_lev = GLP_MSG_ON
            let remaining = timeLimitSeconds - Date().timeIntervalSince(started)
            parameters.tm_lim = Int32(min(Double(Int32.max), max(1, remaining * 1000)))
            parameters.mip_gap = mipGap
            // GLPK's cut generators tighten the bound on district-sized models, but on city-sized
            // ones (thousands of binaries) one round at the root runs for tens of seconds with no
            // callback, past any time limit. They are used up to 2,000 integer columns.
            let cuts = large ? GLP_OFF : GLP_ON
            if large {
                // The default branching rule (Driebeck–Tomlin) prices every fractional column with
                // dual simplex steps: on thousands of them one branching takes ~10 s.
                parameters.br_tech = GLP_BR_MFV
            } else if let rule = GLPKSolver.branchingRule(rows: Int(glp_get_num_rows(problem)), workLimited: capture.workLimit != nil) {
                parameters.br_tech = rule
            }
            capture.probes = parameters.br_tech == GLP_BR_PCH ? PseudocostProbes() : nil
            parameters.mir_cuts = cuts
            parameters.cov_cuts = cuts
            parameters.clq_cuts = cuts
            parameters.cb_info = Unmanaged.passUnretained(capture).toOpaque()
            parameters.cb_func = { tree, info in
                guard let tree, let info else { return }
                Unmanaged<Capture>.fromOpaque(info).takeUnretainedValue().observe(tree)
            }
            capture.mainSearchStartedAt = Date().timeIntervalSince(started)
            let iterationsBefore = glp_get_it_cnt(problem)
            // The rows added here (by-year rows, the caller's cuts) are not counted: the work
            // limit allows the same simplex iterations on the model's own rows as without them.
            // Counted, the by-year rows stopped the models without norms (108 rows, 300 by-year
            // rows) after 2 s of 10, and the cuts cost the norm models bound (docs/benchmarks.md).
            let added = glp_get_num_rows(problem) - Int32(program.rows.count)
            capture.work = SearchWork(startingAt: iterationsBefore, uncountedRows: added)
            let code = glp_intopt(problem, &parameters)
            if let taken = capture.probes?.nodesTakenOver, taken > 0 {
                capture.note("main search: %d nodes branched on their most fractional column: GLPK's pseudocost probes would have run past the time limit", Double(taken))
            }
            capture.note(
                "main search: %d nodes, %d simplex iterations on %d rows, %d columns, work %d",
                Double(capture.nodes), Double(glp_get_it_cnt(problem) - iterationsBefore),
                Double(glp_get_num_rows(problem)), Double(glp_get_num_cols(problem)), capture.work.units.rounded())
            return code
        }

        /// Adds the by-year columns of the main search: for each group (one cluster's columns
        /// x_t, in year order; at most one of them is 1 in any plan), y_T = Σ_{t ≤ T} x_t, "done
        /// by year T", for every year T after the first, binary, with its defining row
        /// y_T − Σ_{t ≤ T} x_t = 0. They change no plan and no relaxation (each is a sum of
        /// columns already there), but GLPK may branch on them: "renovated by 2027 or not" splits
        /// the plans more evenly than one year's column does, and the bound falls faster
        /// (docs/solver.md, *The bound*). Each y is basic and its row at its bound, so the optimal
        /// basis of the relaxation stays optimal. Returns each column's summands; none if the
        /// basis could not be kept (the search then runs without them).
        func addByYearColumns(_ groups: [[Int]]) -> [[Int]] {
            let sums = groups.filter { $0.count > 1 }.flatMap { group in (1..<group.count).map { Array(group[0...$0]) } }
            guard !sums.isEmpty else { return [] }
            let firstColumn = glp_add_cols(problem, Int32(sums.count))
            let firstRow = glp_add_rows(problem, Int32(sums.count))
            for (k, summands) in sums.enumerated() {
                let j = firstColumn + Int32(k), i = firstRow + Int32(k)
                "y_\(k)".withCString { glp_set_col_name(problem, j, $0) }
                "by_year_\(k)".withCString { glp_set_row_name(problem, i, $0) }
                glp_set_col_kind(problem, j, GLP_IV)
                glp_set_col_bnds(problem, j, GLP_DB, 0, 1)
                glp_set_row_bnds(problem, i, GLP_FX, 0, 0)
                var indices: [Int32] = [0] + summands.map { Int32($0 + 1) } + [j]
                var values: [Double] = [0] + summands.map { _ in 1 } + [-1]
                glp_set_mat_row(problem, i, Int32(summands.count + 1), &indices, &values)
                glp_set_col_stat(problem, j, GLP_BS)
                glp_set_row_stat(problem, i, GLP_NS)
            }
            if GLPKSolver.simplex(problem, deadline: deadline).optimal {
                capture.note("main search: %d by-year columns", Double(sums.count))
                return sums
            }
            GLPKSolver.deleteRows(problem, Array(firstRow..<(firstRow + Int32(sums.count))))
            var columns = [Int32(0)] + (0..<Int32(sums.count)).map { firstColumn + $0 }
            glp_del_cols(problem, Int32(sums.count), &columns)
            _ = GLPKSolver.simplex(problem, deadline: deadline)
            capture.note("main search: the by-year columns left the relaxation unsolved; searching without them")
            return []
        }

        /// Adds the caller's cuts to the root of the main search: separated at the relaxation's
        /// optimum, added as rows, the relaxation solved again (dual simplex, from the basis it
        /// had), for as long as each round finds cuts and moves the bound by more than a
        /// millionth, and at most `rootCutRounds` rounds. Each cut takes the scale of the row it
        /// came from. At the end the cuts the relaxation leaves slack are removed (they would
        /// only slow every node's LP); the others stay for the whole main search. The rounds may
        /// use half the time left: a round not solved by then is taken back, with the basis the
        /// round before it ended on, and the bound its prices had reached is kept (``PriceBound``).
        func addRootCuts(_ separate: ([Double]) -> [LinearCut]) {
            let before = glp_get_obj_val(problem)
            var bound = before
            // The tightest bound the rounds prove: the last relaxation solved, or a round's prices.
            var proven = before
            defer { if proven != before { capture.cutBound = proven } }
            let firstCutRow = glp_get_num_rows(problem) + 1
            var added = 0, rounds = 0
            let iterationsBefore = glp_get_it_cnt(problem)
            let cutDeadline = Date().addingTimeInterval(deadline.timeIntervalSinceNow / 2)
            var basis = Basis(problem)
            var separating = 0.0
            while rounds < GLPKSolver.rootCutRounds, Interruption.mayContinue(until: cutDeadline) {
                let point = primal(problem, columns: program.columns.count)
                let separationStarted = Date()
                let cuts = separate(point)
                separating += Date().timeIntervalSince(separationStarted)
                guard !cuts.isEmpty else { break }
                let first = glp_add_rows(problem, Int32(cuts.count))
                for (k, cut) in cuts.enumerated() {
                    let i = first + Int32(k)
                    "cut_\(added + k)".withCString { glp_set_row_name(problem, i, $0) }
                    glp_set_row_bnds(problem, i, GLP_LO, cut.lower, 0)
                    var indices: [Int32] = [0] + cut.entries.map { Int32($0.column + 1) }
                    var values: [Double] = [0] + cut.entries.map(\.value)
                    glp_set_mat_row(problem, i, Int32(cut.entries.count), &indices, &values)
                    glp_set_rii(problem, i, glp_get_rii(problem, Int32(cut.like + 1)))
                }
                guard GLPKSolver.simplex(problem, dual: true, longStep: large, deadline: cutDeadline).optimal else {
                    // The dual simplex had moved the bound part of the way: its prices keep that.
                    if let priced = PriceBound.tightened(problem), program.maximize ? priced < proven : priced > proven {
                        proven = priced
                        capture.note("main search: the prices of the round cut short bound the relaxation by %.6f", priced)
                    }
                    GLPKSolver.deleteRows(problem, Array(first..<(first + Int32(cuts.count))))
                    basis.restore(problem)
                    _ = GLPKSolver.simplex(problem, dual: true, longStep: large, deadline: deadline)
                    capture.note("main search: a round of cuts was not solved in time and was taken back")
                    break
                }
                added += cuts.count
                rounds += 1
                basis = Basis(problem)
                let moved = abs(glp_get_obj_val(problem) - bound)
                bound = glp_get_obj_val(problem)
                proven = bound
                if moved <= 1e-6 * max(1, abs(bound)) { break }
            }
            guard added > 0 else { return }
            GLPKSolver.deleteRows(problem, (firstCutRow...glp_get_num_rows(problem)).filter { glp_get_row_stat(problem, $0) == GLP_BS })
            capture.note(
                "main search: %d cuts in %d rounds (%d simplex iterations, separation %.2f s), relaxation %.6f -> %.6f; %d kept, the others slack",
                Double(added), Double(rounds), Double(glp_get_it_cnt(problem) - iterationsBefore), separating, before, bound,
                Double(Int(glp_get_num_rows(problem)) - Int(firstCutRow) + 1))
        }

        /// The status of every row and column of a problem, to go back to.
        struct Basis {
            let rows: [Int32]
            let columns: [Int32]

            init(_ problem: OpaquePointer) {
                rows = (0..<glp_get_num_rows(problem)).map { glp_get_row_stat(problem, $0 + 1) }
                columns = (0..<glp_get_num_cols(problem)).map { glp_get_col_stat(problem, $0 + 1) }
            }

            func restore(_ problem: OpaquePointer) {
                for (i, status) in rows.enumerated() { glp_set_row_stat(problem, Int32(i + 1), status) }
                for (j, status) in columns.enumerated() { glp_set_col_stat(problem, Int32(j + 1), status) }
            }
        }

        /// Step 5: GLPK's status, the plan (GLPK's, or the handed-over one if GLPK stopped before
        /// taking it), the objective, the best bound and the gap, as GLPK reports them.
        func result(code: Int32, handedOver: [Double]?, secondary: [Double]?) throws -> MIPResult {
            let mipStatus = glp_mip_status(problem)
            // GLPK takes the starting plan at its first heuristic call, after its root LP; stopped
            // before that (a time limit used up by the starting plan on a city-sized model), it
            // has no plan of its own, and the starting plan is the result.
            let glpkHasPlan = mipStatus == GLP_FEAS || mipStatus == GLP_OPT
            var status: SolveStatus
            switch (code, mipStatus) {
            case (0, GLP_OPT), (GLP_EMIPGAP, _): status = .optimal
            case (GLP_ETMLIM, GLP_FEAS), (GLP_ESTOP, GLP_FEAS): status = .feasible
            case (GLP_ETMLIM, _), (GLP_ESTOP, _): status = handedOver == nil ? .noSolution : .feasible
            case (0, GLP_NOFEAS), (0, GLP_UNDEF), (GLP_ENOPFS, _): status = .infeasible
            default:
                throw SolverError(message: "glp_intopt returned \(codeName(code)) (MIP status \(mipStatus))\n" + capture.log)
            }
            var result = MIPResult(
                status: status, values: [], objective: nil, bound: nil, gap: nil, rootBound: capture.rootBound,
                seconds: Date().timeIntervalSince(started), log: capture.log, returnCode: codeName(code))
            result.mainSearchStartedAt = capture.mainSearchStartedAt
            result.milestones = capture.milestones
            if code == GLP_ETMLIM || capture.stoppedByTime { result.stoppedBy = .time }
            if code == GLP_ESTOP, capture.stoppedByNodeLimit { result.stoppedBy = .node }
            if code == GLP_ESTOP, capture.stoppedByWorkLimit { result.stoppedBy = .work }
            // Searches the clock cut short (the starting plan's 80% mark) make a plan short of
            // proof the clock's, whatever then ended the main search: said so, as a rerun may differ.
            if capture.startCutShort, status == .feasible { result.stoppedBy = .time }
            guard status == .optimal || status == .feasible else {
                result.bound = capture.bound
                return result
            }
            var values = glpkHasPlan ? (1...program.columns.count).map { glp_mip_col_val(problem, Int32($0)) } : handedOver!
            if !glpkHasPlan { capture.note("GLPK stopped before taking the starting plan; the result is the starting plan, objective %.6f", program.objective(of: values)) }
            // Integer columns come back as exact integers; clear float dust on the others.
            for (index, column) in program.columns.enumerated() {
                if column.isInteger { values[index] = values[index].rounded() }
                if abs(values[index]) < 1e-9 { values[index] = 0 }
            }
            // A plan that only keeps the fixed columns (the locks) when the time ran out was found
            // by no search: there is no plan to report within the limit.
            if result.stoppedBy == .time,
                !program.columns.indices.contains(where: { program.columns[$0].isInteger && program.columns[$0].lower < 0.5 && values[$0] > 0.5 })
            {
                capture.note("the time limit ran out before any search chose a renovation")
                result.status = .noSolution
                result.bound = capture.bound ?? capture.rootBound
                result.log = capture.log
                return result
            }
            let objective = glpkHasPlan ? glp_mip_obj_val(problem) : program.objective(of: values)
            // Code 0 means the tree was searched to the end: the bound is the objective itself.
            // Otherwise it is the best open node's bound GLPK last reported to our callback.
            // A main search the clock stopped before its first node has no open node to report.
            if let open = capture.bound {
                capture.note("bounds: LP relaxation %.6f, best open node %.6f", capture.rootBound ?? .nan, open)
            } else {
                capture.note("bounds: LP relaxation %.6f (the main search reached no node)", capture.rootBound ?? .nan)
            }
            // The root LP bound (before and after the caller's cuts) and the best open node's
            // bound are all valid; the tightest counts.
            let bounds = [capture.bound, capture.rootBound, capture.cutBound].compactMap { $0 }
            let open = program.maximize ? bounds.min() : bounds.max()
            let bound = code == 0 ? objective : (open.map { reported(bound: $0, objective: objective, maximize: program.maximize) } ?? objective)
            result.objective = objective
            result.bound = bound
            result.gap = relativeGap(objective: objective, bound: bound)
            result.values = values
            if let secondary {
                result.values = try refine(problem, program: program, values: values, objective: secondary, log: capture)
                if let signal = Interruption.requestedBy { throw InterruptedError(signal: signal) }
            }
            result.log = capture.log
            return result
        }
    }

    /// LP diving: fix integer columns at 1, largest LP value first, and re-solve, until the LP
    /// solution is integral. Each round fixes every column already at 1 and a batch of the most
    /// nearly-1 fractional ones (a fifth of them, at least one), so that a city-sized model
    /// needs tens of LP solves, not thousands; if the batch makes the LP infeasible, only the
    /// first of it is fixed (at 1, or at 0 if 1 is infeasible) — on a `large` (city-sized) model
    /// the batch is first halved until it fits, and the LPs use the long-step dual simplex.
    /// Works on a copy of the problem so the original keeps its optimal relaxation basis.
    private static func dive(_ original: OpaquePointer, program: LinearProgram, deadline: Date, large: Bool) -> [Double]? {
        guard let problem = glp_create_prob() else { return nil }
        defer { glp_delete_prob(problem) }
        glp_copy_prob(problem, original, GLP_OFF)
        guard simplex(problem).optimal else { return nil }
        let integers = program.columns.indices.filter { program.columns[$0].isInteger }
        var fixed = Set<Int>()
        func fix(_ j: Int, at value: Double) { glp_set_col_bnds(problem, Int32(j + 1), GLP_FX, value, value) }
        /// Fixes the columns at the values and re-solves; keeps them fixed if the LP stays
        /// feasible, else frees them again.
        func attempt(_ settings: [(column: Int, value: Double)]) -> Bool {
            for (j, value) in settings { fix(j, at: value) }
            // On a city a re-solve takes up to 15 s (row f: 4,882 pivots): it stops at the dive's
            // deadline, which it overran by that much.
            if simplex(problem, dual: true, longStep: large, deadline: large ? deadline : nil, slice: simplexSlice).optimal {
                fixed.formUnion(settings.map(\.column))
                return true
            }
            for (j, _) in settings { setBounds(problem, Int32(j + 1), program.columns[j]) }
            return false
        }
        while Interruption.mayContinue(until: deadline) {
            var fractional: [(column: Int, value: Double)] = []
            for j in integers where !fixed.contains(j) {
                let value = glp_get_col_prim(problem, Int32(j + 1))
                let fraction = value - value.rounded(.down)
                if fraction > 1e-6 && fraction < 1 - 1e-6 { fractional.append((j, value)) }
                // Columns already at 1 are fixed in the same step.
                if value > 1 - 1e-6, program.columns[j].lower < value - 0.5 {
                    fix(j, at: 1)
                    fixed.insert(j)
                }
            }
            guard !fractional.isEmpty else {
                return program.cleaned(primal(problem, columns: program.columns.count))
            }
            // The last few fractional columns are knapsack fill: each one fixed lets the LP bring
            // in another from the reserve, for thousands of rounds on a city. Set them to 0 and
            // every other open column to its (integral) value in one step; the neighbourhood
            // searches after the dive fill the budgets again.
            if fractional.count <= 8 {
                let fill = Set(fractional.map(\.column))
                let freeze = integers.filter { !fixed.contains($0) }.map { j in
                    (j, fill.contains(j) ? 0 : glp_get_col_prim(problem, Int32(j + 1)).rounded())
                }
                if attempt(freeze) { continue }
            }
            fractional.sort { $0.value != $1.value ? $0.value > $1.value : $0.column < $1.column }
            var batch = fractional.prefix(max(1, fractional.count / 5))
            if batch.count > 1, attempt(batch.map { ($0.column, $0.value.rounded(.up)) }) { continue }
            // On a city, a batch that does not fit is halved until one does: fixing one column per
            // round would take hundreds of rounds (a failed attempt costs a tenth of a second).
            var halved = false
            while large, batch.count > 1, !halved {
                batch = batch.prefix(batch.count / 2)
                halved = attempt(batch.map { ($0.column, $0.value.rounded(.up)) })
            }
            if halved { continue }
            let (j, value) = batch[batch.startIndex]
            guard attempt([(j, value.rounded(.up))]) || attempt([(j, value.rounded(.down))]) else { return nil }
        }
        return nil
    }

    /// ``subMIP(_:program:incumbent:free:deadline:)`` for `free` on this thread and, at the same
    /// time, for `alongside` on a thread of its own (GLPK keeps its environment per thread; that
    /// thread's is freed when it ends). Both read `original` and nothing else they share.
    private static func subMIPs(
        _ original: OpaquePointer, program: LinearProgram, incumbent: [Double], free: [Int], alongside: [Int]?,
        branching: Int32 = GLP_BR_DTH, deadline: Date, stop: StopFlag? = nil
    ) -> (SubMIPAnswer, SubMIPAnswer) {
        guard let alongside else {
            return (subMIP(original, program: program, incumbent: incumbent, free: free, branching: branching, deadline: deadline, stop: stop), (nil, 0, false))
        }
        final class Other: @unchecked Sendable {
            let original: OpaquePointer
            var answer: SubMIPAnswer = (nil, 0, false)
            let done = DispatchSemaphore(value: 0)
            init(_ original: OpaquePointer) { self.original = original }
        }
        let other = Other(original)
        let thread = Thread {
            other.answer = subMIP(other.original, program: program, incumbent: incumbent, free: alongside, branching: branching, deadline: deadline)
            glp_free_env()
            other.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let mine = subMIP(original, program: program, incumbent: incumbent, free: free, branching: branching, deadline: deadline)
        other.done.wait()
        return (mine, other.answer)
    }

    /// A sub-search's better plan, if it found one, its work (simplex iterations × rows), and
    /// whether it ended on its own, proving that the neighbourhood holds nothing better.
    typealias SubMIPAnswer = (plan: [Double]?, work: Double, settled: Bool)

    /// Fixes every column outside `free` at the incumbent's value, solves the rest as a
    /// MIP, and returns a better plan if there is one, with the work it took. The sub-search is
    /// limited by nodes, not time, so it is deterministic (unless the overall deadline cuts it
    /// short).
    private static func subMIP(
        _ original: OpaquePointer, program: LinearProgram, incumbent: [Double], free: [Int], branching: Int32 = GLP_BR_DTH,
        nodes: Int32 = subSearchNodes, deadline: Date, stop: StopFlag? = nil
    ) -> SubMIPAnswer {
        guard !free.isEmpty, let problem = glp_create_prob() else { return (nil, 0, true) }
        defer { glp_delete_prob(problem) }
        glp_copy_prob(problem, original, GLP_OFF)
        let freeSet = Set(free)
        for j in program.columns.indices where !freeSet.contains(j) {
            glp_set_col_bnds(problem, Int32(j + 1), GLP_FX, incumbent[j], incumbent[j])
        }
        let target = program.objective(of: incumbent)
        // Only a better plan is wanted: a cut-off row (objective over the free columns above what
        // the incumbent gets from them) lets GLPK prune every node that cannot beat it. GLPK's
        // presolve then drops the fixed columns and the rows they settle, so each node's LP is
        // the size of the neighbourhood, not of the district.
        addObjectiveRow(
            problem, program: program, plan: incumbent, over: freeSet.contains, better: 1e-6 * max(1, abs(target)))
        let limit = SubSearchLimit(nodes: nodes, deadline: deadline, stop: stop)
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.presolve = GLP_ON
        parameters.br_tech = branching
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = Int32(max(1, min(Double(Int32.max), deadline.timeIntervalSinceNow * 1000)))
        parameters.cb_info = Unmanaged.passUnretained(limit).toOpaque()
        parameters.cb_func = { tree, info in
            guard let tree, let info else { return }
            Unmanaged<SubSearchLimit>.fromOpaque(info).takeUnretainedValue().count(tree)
        }
        let code = withExtendedLifetime(limit) { glp_intopt(problem, &parameters) }
        // Ended on its own (not stopped by the node limit, the time or a signal).
        let settled = code == 0 || code == GLP_ENOPFS || code == GLP_ENODFS
        guard [0, GLP_EMIPGAP, GLP_ETMLIM, GLP_ESTOP].contains(code),
            [GLP_OPT, GLP_FEAS].contains(glp_mip_status(problem)),
            glp_mip_obj_val(problem) > target + 1e-7 * max(1, abs(target))
        else { return (nil, limit.work.units, settled) }
        let solution = program.cleaned((1...program.columns.count).map { glp_mip_col_val(problem, Int32($0)) })
        return (program.isFeasible(solution) ? solution : nil, limit.work.units, false)
    }

    /// `glp_simplex` with only error messages (which the terminal hook captures): GLPK's return
    /// code, and whether it ended at an optimum.
    ///
    /// - Parameter longStep: the dual simplex with the long-step ratio test (`GLP_RT_FLIP`), which
    ///   passes many bound flips in one pivot: on a city-sized model's relaxation (20,000 estates,
    ///   30,000 rows) 3,844 pivots instead of 19,136 with the primal simplex (docs/solver.md).
    static func simplex(
        _ problem: OpaquePointer, presolve: Bool = false, dual: Bool = false, longStep: Bool = false, deadline: Date? = nil,
        slice fixedSlice: Int32? = nil
    ) -> (code: Int32, optimal: Bool) {
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        // After bounds change on an optimal basis, the basis stays dual feasible: the dual simplex
        // (falling back to the primal) needs a few pivots where the primal needs a phase 1.
        if dual || longStep { parameters.meth = GLP_DUALP }
        if longStep { parameters.r_test = GLP_RT_FLIP }
        parameters.msg_lev = GLP_MSG_ERR
        parameters.presolve = presolve ? GLP_ON : GLP_OFF
        // glp_simplex has no callback: it runs in slices of iterations (a count, so the path does
        // not depend on the machine's speed), and between slices a signal or the deadline stops
        // it. A slice resumes from the basis the last one ended on. (With presolve GLPK cannot
        // resume, so those small LPs run whole.)
        // A city's slice is shorter under a deadline: its pivots take a millisecond or more each
        // (more on a busy machine), so a 2,000-pivot slice overran a 5 s limit by 3.6 s.
        // Its first slice is shorter still, to learn the pace: on 20,000 estates with funding
        // sources a pivot takes 13 ms, and a first slice of 500 overran a 5 s limit by 4 s.
        // `fixedSlice` (the dive's re-solves) keeps one slice length, so a re-solve far from the
        // deadline takes the path it takes without one.
        let slice = fixedSlice ?? (longStep && deadline != nil ? simplexSlice / 4 : simplexSlice)
        if !presolve { parameters.it_lim = fixedSlice ?? (longStep && deadline != nil ? simplexSlice / 40 : slice) }
        if let deadline, !presolve, Date() >= deadline { return (GLP_ETMLIM, false) }
        let began = Date(), beganAt = glp_get_it_cnt(problem)
        var code = glp_simplex(problem, &parameters)
        if !presolve { parameters.it_lim = slice }
        while code == GLP_EITLIM, !Interruption.isRequested {
            if let deadline {
                let now = Date()
                if now >= deadline { return (GLP_ETMLIM, false) }
                // With less than a slice's time left, the next slice is only as long as the time
                // left allows at the pace so far, so the limit is overrun by little (a city's
                // slice takes about a second). Such a run ends at its time limit anyway.
                let pace = Double(glp_get_it_cnt(problem) - beganAt) / max(1e-3, now.timeIntervalSince(began))
                let fits = deadline.timeIntervalSince(now) * pace
                if fits < Double(slice) { parameters.it_lim = Int32(max(50, fits)) }
            }
            code = glp_simplex(problem, &parameters)
        }
        return (code, code == 0 && glp_get_status(problem) == GLP_OPT)
    }

    /// A bound as reported beside a plan: never on the wrong side of the plan's own objective
    /// (a bound from rounded prices or an open node can fall a hair short of it).
    static func reported(bound: Double, objective: Double, maximize: Bool) -> Double {
        maximize ? max(bound, objective) : min(bound, objective)
    }

    /// GLPK's relative gap between a plan and a bound; undefined (reported as null) for a plan of
    /// value 0 short of its bound.
    static func relativeGap(objective: Double, bound: Double) -> Double? {
        abs(objective) > 1e-9 ? abs(bound - objective) / abs(objective) : (abs(bound - objective) < 1e-9 ? 0 : nil)
    }

    /// Deletes rows (1-based GLPK indices); none is a no-op.
    private static func deleteRows(_ problem: OpaquePointer, _ rows: [Int32]) {
        guard !rows.isEmpty else { return }
        var indices = [Int32(0)] + rows  // glp_del_rows reads indices from position 1
        glp_del_rows(problem, Int32(rows.count), &indices)
    }

    /// The values of the first `columns` columns in the problem's last LP solution.
    private static func primal(_ problem: OpaquePointer, columns: Int) -> [Double] {
        (1...columns).map { glp_get_col_prim(problem, Int32($0)) }
    }

    /// Simplex iterations between checks for a signal or the deadline: about a second on a
    /// city-sized relaxation (20,000 estates: ~1,000 pivots a second), and more than the
    /// demo's whole relaxation needs.
    static let simplexSlice: Int32 = 2_000

    /// `plan` with its continuous columns at the least of `secondary` that its integer columns
    /// allow, its objective held (`refine` on a copy of `problem`, with a row keeping the
    /// objective of any continuous column with one). The LP dive keeps whatever space the LP
    /// relaxation chose, which has no price in the objective: space no norm needs, which takes
    /// budget. Every neighbourhood fixes the columns outside it, so that money stayed spent,
    /// and a reserve cluster that fits in what the needless space took could never join (a
    /// 5,000-estate district from Shapefiles stayed 6% below its optimum; docs/solver.md,
    /// *Tidy starting plans*). `plan` itself if the LP fails.
    fileprivate static func tidied(
        _ plan: [Double], problem: OpaquePointer, program: LinearProgram, secondary: [Double], log: Capture
    ) -> [Double] {
        guard let copy = glp_create_prob() else { return plan }
        defer { glp_delete_prob(copy) }
        glp_copy_prob(copy, problem, GLP_OFF)
        // The continuous columns' share of the objective may not fall (by more than a hair).
        addObjectiveRow(
            copy, program: program, plan: plan, over: { !program.columns[$0].isInteger },
            better: -1e-9 * max(1, abs(program.objective(of: plan))))
        guard let refined = try? refine(copy, program: program, values: plan, objective: secondary, log: log),
            program.isFeasible(refined)
        else { return plan }
        return refined
    }

    /// Adds a row that holds the objective of the columns `over` selects to what `plan` makes
    /// the whole objective, less what the other columns give at `plan`, improved by `better`
    /// (negative: worse by at most that much): at least that when maximising, at most when
    /// minimising. The neighbourhoods' cut-off row and the tidy's floor under the objective.
    private static func addObjectiveRow(
        _ problem: OpaquePointer, program: LinearProgram, plan: [Double], over chosen: (Int) -> Bool, better: Double
    ) {
        var index: [Int32] = [0], value: [Double] = [0]
        var fixedPart = 0.0
        for (j, column) in program.columns.enumerated() where column.objective != 0 {
            if chosen(j) {
                index.append(Int32(j + 1))
                value.append(column.objective)
            } else {
                fixedPart += column.objective * plan[j]
            }
        }
        let bound = program.objective(of: plan) - fixedPart + (program.maximize ? better : -better)
        let row = glp_add_rows(problem, 1)
        glp_set_mat_row(problem, row, Int32(index.count - 1), index, value)
        glp_set_row_bnds(problem, row, program.maximize ? GLP_LO : GLP_UP, bound, bound)
    }

    /// ``tidied(_:problem:program:secondary:log:)`` on `program` as loaded on its own (tests).
    static func tidied(_ plan: [Double], program: LinearProgram, secondary: [Double]) throws -> [Double] {
        try withQuietProblem(program) { problem in
            glp_scale_prob(problem, GLP_SF_AUTO)
            return tidied(plan, problem: problem, program: program, secondary: secondary, log: Capture(started: Date(), progress: nil))
        }
    }

    /// Fixes the integer columns, minimises `objective` over the rest with the simplex method.
    private static func refine(
        _ problem: OpaquePointer, program: LinearProgram, values: [Double], objective: [Double], log: Capture
    ) throws -> [Double] {
        glp_set_obj_dir(problem, GLP_MIN)
        for (index, column) in program.columns.enumerated() {
            let j = Int32(index + 1)
            glp_set_obj_coef(problem, j, objective[index])
            if column.isInteger { glp_set_col_bnds(problem, j, GLP_FX, values[index], values[index]) }
        }
        let (code, optimal) = simplex(problem, presolve: true)
        guard optimal else {
            throw SolverError(message: "second stage (least site cost) failed: \(codeName(code))\n" + log.log)
        }
        return program.columns.enumerated().map { index, column in
            if column.isInteger { return values[index] }
            let value = glp_get_col_prim(problem, Int32(index + 1))
            return abs(value) < 1e-9 ? 0 : value
        }
    }

    /// GLPK aborts the process on bad input, so everything is checked here first.
    static func check(_ program: LinearProgram) throws {
        guard !program.columns.isEmpty else { throw SolverError(message: "the model has no variables") }
        for column in program.columns {
            guard column.lower.isFinite, column.upper.isFinite, column.lower <= column.upper, column.objective.isFinite
            else { throw SolverError(message: "column \(column.name) has bad bounds or objective") }
        }
        for row in program.rows {
            guard row.lower?.isFinite ?? true, row.upper?.isFinite ?? true else {
                throw SolverError(message: "row \(row.name) has a non-finite bound")
            }
            if let lower = row.lower, let upper = row.upper, lower > upper {
                throw SolverError(message: "row \(row.name) has lower bound above upper bound")
            }
            for entry in row.entries {
                guard program.columns.indices.contains(entry.column), entry.value.isFinite else {
                    throw SolverError(message: "row \(row.name) refers to a bad column or value")
                }
            }
        }
    }

    /// Column j (1-based) gets the model's bounds: GLP_FX where they are equal (a lock's 1..1),
    /// since GLPK refuses GLP_DB with equal bounds, and then solves nothing more.
    private static func setBounds(_ problem: OpaquePointer, _ j: Int32, _ column: LinearProgram.Column) {
        setColumnBounds(problem, j, lower: column.lower, upper: column.upper)
    }

    static func setColumnBounds(_ problem: OpaquePointer, _ j: Int32, lower: Double, upper: Double) {
        glp_set_col_bnds(problem, j, lower == upper ? GLP_FX : GLP_DB, lower, upper)
    }

    /// Whether a plan renovates anything the locks do not fix.
    static func choosesAnything(_ values: [Double], _ program: LinearProgram) -> Bool {
        program.columns.indices.contains { program.columns[$0].isInteger && program.columns[$0].lower < 0.5 && values[$0] > 0.5 }
    }

    /// Loads the programme into a new problem of the calling thread and scales it (yuan, 1e7,
    /// and m² per person, 1e-5, share rows: unscaled, the basis is ill-conditioned): by GLPK's
    /// automatic scaling, or by `scaling`, that of the same programme scaled before (the same
    /// factors, without the work). With `stop`: false, and not scaled, when the flag is raised
    /// by the time the programme is loaded (a search no longer wanted; a city's scaling takes
    /// about 2–3.5 s).
    @discardableResult
    private static func prepare(
        _ program: LinearProgram, into problem: OpaquePointer, unless stop: StopFlag? = nil, scaling: Scaling? = nil
    ) -> Bool {
        load(program, into: problem)
        if stop?.isRaised == true { return false }
        if let scaling {
            scaling.apply(to: problem)
        } else {
            glp_scale_prob(problem, GLP_SF_AUTO)
        }
        // GLPK creates a problem's factorization object when first asked, in the asking thread's
        // memory, and `glp_copy_prob` asks: created here, a sub-search's copy on a second thread
        // (a handed plan's searches before the relaxation) cannot create it there, where it would
        // be freed with that thread's GLPK environment (an abort, seen once in CI).
        var factorization = glp_bfcp()
        glp_get_bfcp(problem, &factorization)
        return true
    }

    /// A problem's row and column scale factors.
    struct Scaling {
        var rows: [Double]
        var columns: [Double]

        init(of problem: OpaquePointer) {
            rows = (0..<glp_get_num_rows(problem)).map { glp_get_rii(problem, $0 + 1) }
            columns = (0..<glp_get_num_cols(problem)).map { glp_get_sjj(problem, $0 + 1) }
        }

        func apply(to problem: OpaquePointer) {
            for (i, factor) in rows.enumerated() { glp_set_rii(problem, Int32(i + 1), factor) }
            for (j, factor) in columns.enumerated() { glp_set_sjj(problem, Int32(j + 1), factor) }
        }
    }

    static func load(_ program: LinearProgram, into problem: OpaquePointer) {
        glp_set_obj_dir(problem, program.maximize ? GLP_MAX : GLP_MIN)
        glp_add_cols(problem, Int32(program.columns.count))
        for (index, column) in program.columns.enumerated() {
            let j = Int32(index + 1)
            column.name.withCString { glp_set_col_name(problem, j, $0) }
            glp_set_col_kind(problem, j, column.isInteger ? GLP_IV : GLP_CV)
            setBounds(problem, j, column)
            glp_set_obj_coef(problem, j, column.objective)
        }
        if !program.rows.isEmpty {
            glp_add_rows(problem, Int32(program.rows.count))
        }
        // glp_load_matrix takes 1-based triplet arrays (index 0 unused).
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        let count = program.nonZeroCount
        ia.reserveCapacity(count + 1)
        ja.reserveCapacity(count + 1)
        ar.reserveCapacity(count + 1)
        for (index, row) in program.rows.enumerated() {
            let i = Int32(index + 1)
            row.name.withCString { glp_set_row_name(problem, i, $0) }
            setRowBounds(problem, i, lower: row.lower, upper: row.upper)
            for entry in row.entries {
                ia.append(i)
                ja.append(Int32(entry.column + 1))
                ar.append(entry.value)
            }
        }
        if count > 0 { glp_load_matrix(problem, Int32(count), ia, ja, ar) }
    }

    /// Row i's bounds (1-based); nil: none on that side.
    static func setRowBounds(_ problem: OpaquePointer, _ i: Int32, lower: Double?, upper: Double?) {
        switch (lower, upper) {
        case let (lower?, upper?): glp_set_row_bnds(problem, i, lower == upper ? GLP_FX : GLP_DB, lower, upper)
        case let (lower?, nil): glp_set_row_bnds(problem, i, GLP_LO, lower, 0)
        case let (nil, upper?): glp_set_row_bnds(problem, i, GLP_UP, 0, upper)
        case (nil, nil): glp_set_row_bnds(problem, i, GLP_FR, 0, 0)
        }
    }

    /// Solves the LP relaxation (`glp_simplex`, integrality ignored); nil if it has no optimum.
    static func solveLP(_ program: LinearProgram) throws -> (objective: Double, values: [Double])? {
        try withQuietProblem(program) { problem in
            glp_scale_prob(problem, GLP_SF_AUTO)
            guard simplex(problem, presolve: true).optimal else { return nil }
            return (glp_get_obj_val(problem), primal(problem, columns: program.columns.count))
        }
    }

    /// Writes the programme in free MPS format (`glp_write_mps`), for cross-checking with other solvers.
    static func writeMPS(_ program: LinearProgram, to path: String) throws {
        try withQuietProblem(program) { problem in
            guard glp_write_mps(problem, GLP_MPS_FILE, nil, path) == 0 else {
                throw SolverError(message: "could not write \(path)")
            }
        }
    }

    /// Checks the programme, loads it into a fresh `glp_prob` with GLPK's terminal output off, and
    /// hands it to `body`; the problem is deleted afterwards.
    static func withQuietProblem<T>(_ program: LinearProgram, _ body: (OpaquePointer) throws -> T) throws -> T {
        try check(program)
        return try quietly {
            guard let problem = glp_create_prob() else { throw SolverError(message: "glp_create_prob failed") }
            defer { glp_delete_prob(problem) }
            load(program, into: problem)
            return try body(problem)
        }
    }

    /// `body` with this thread's GLPK terminal output off, then as it was. The caller's terminal
    /// hook stays: a solve that routes GLPK's output into its log may make quiet LPs on the way
    /// (a funding ledger's allocations in its greedy fill), and resetting the hook after them had
    /// sent the main search's output to the console, past `--quiet`.
    static func quietly<T>(_ body: () throws -> T) rethrows -> T {
        let previous = glp_term_out(GLP_OFF)
        defer { glp_term_out(previous) }
        return try body()
    }

    static func codeName(_ code: Int32) -> String {
        switch code {
        case 0: return "0 (solved)"
        case GLP_EBOUND: return "GLP_EBOUND"
        case GLP_EROOT: return "GLP_EROOT"
        case GLP_ENOPFS: return "GLP_ENOPFS (no primal feasible solution)"
        case GLP_ENODFS: return "GLP_ENODFS (no dual feasible solution)"
        case GLP_EFAIL: return "GLP_EFAIL"
        case GLP_EMIPGAP: return "GLP_EMIPGAP (gap tolerance reached)"
        case GLP_ETMLIM: return "GLP_ETMLIM (time limit)"
        case GLP_ESTOP: return "GLP_ESTOP (stopped)"
        default: return "code \(code)"
        }
    }
}

/// The work of a branch-and-bound search in units that do not depend on the machine: simplex
/// iterations × the rows of the problem they ran on (GLPK's own cuts included, the rows the main
/// search adds before it starts left out: by-year rows and the caller's cuts), summed at each
/// callback. The main search's work limit and the neighbourhood searches' budget both count it.
private struct SearchWork {
    private(set) var units = 0.0
    private var iterations: Int32
    private let uncountedRows: Int32

    init(startingAt iterations: Int32 = 0, uncountedRows: Int32 = 0) {
        self.iterations = iterations
        self.uncountedRows = uncountedRows
    }

    mutating func count(_ tree: OpaquePointer) {
        guard let problem = glp_ios_get_prob(tree) else { return }
        let now = glp_get_it_cnt(problem)
        units += Double(max(0, now - iterations)) * Double(glp_get_num_rows(problem) - uncountedRows)
        iterations = now
    }
}

/// Stops a sub-search after a number of branch-and-bound nodes (`glp_ios_terminate`).
private final class SubSearchLimit {
    let nodes: Int32
    let deadline: Date
    let stop: StopFlag?
    /// The work of the (presolved) problem GLPK searches.
    private(set) var work = SearchWork()
    init(nodes: Int32, deadline: Date, stop: StopFlag?) {
        self.nodes = nodes
        self.deadline = deadline
        self.stop = stop
    }

    func count(_ tree: OpaquePointer) {
        work.count(tree)
        var active: Int32 = 0, all: Int32 = 0, total: Int32 = 0
        glp_ios_tree_size(tree, &active, &all, &total)
        if total > nodes || Interruption.isRequested || Date() >= deadline || stop?.isRaised == true { glp_ios_terminate(tree) }
    }
}

/// Raised on one thread, read on another: the searches during the LP relaxation stop when it
/// ends (``EarlySearch``).
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }
    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}

/// Collects GLPK's output and the search's best bound from inside the C callbacks.
private final class Capture {
    let started: Date
    let progress: ((SolveProgress) -> Void)?
    var log = ""
    var bound: Double?
    var rootBound: Double?
    /// The root relaxation's bound after the caller's cuts, if any were added.
    var cutBound: Double?
    var incumbent: Double?
    /// The starting plan, 1-based as GLPK wants it, handed over at the first heuristic call.
    var start: [Double]?
    var nodeLimit: Int32?
    var stoppedByNodeLimit = false
    /// The main search's work limit (simplex iterations × rows).
    var workLimit: Double?
    /// Work after which no further neighbourhood search starts (nil: none).
    var neighbourhoodWorkLimit: Double?
    var work = SearchWork()
    var stoppedByWorkLimit = false
    /// Branch-and-bound nodes of the main search so far.
    var nodes = 0
    var deadline: Date?
    var stoppedByTime = false
    /// Whether the starting plan's searches were cut short by the clock (at 80% of the limit).
    var startCutShort = false
    /// Set where the main search branches by pseudocosts: keeps their probes within the limit.
    var probes: PseudocostProbes?
    private var lastReport = Date.distantPast

    /// A line of our own in the solver log, with the seconds since the solve started.
    func note(_ format: String, _ values: Double...) {
        let text = String(format: format.replacingOccurrences(of: "%d", with: "%.0f"), arguments: values)
        log += String(format: "renoplan %6.2fs: ", Date().timeIntervalSince(started)) + text + "\n"
    }

    var milestones: [SolveMilestone] = []
    var mainSearchStartedAt: Double?

    /// A better plan found before the main search, by `stage` (named `what` in the log): noted in
    /// the log, recorded as a milestone and for progress reports.
    func found(_ objective: Double, by stage: String, as what: String? = nil) {
        log += String(format: "renoplan %6.2fs: ", Date().timeIntervalSince(started))
            + "\(what ?? stage) found objective " + String(format: "%.6f", objective) + "\n"
        milestones.append(SolveMilestone(stage: stage, elapsedSeconds: Date().timeIntervalSince(started), objective: objective))
        incumbent = max(incumbent ?? -.infinity, objective)
        report()
    }

    /// Calls the progress handler at most twice a second.
    func report() {
        guard let progress, Date().timeIntervalSince(lastReport) >= 0.5 else { return }
        lastReport = Date()
        progress(SolveProgress(elapsedSeconds: lastReport.timeIntervalSince(started), incumbent: incumbent, bound: bound ?? rootBound))
    }

    init(started: Date, progress: ((SolveProgress) -> Void)?) {
        self.started = started
        self.progress = progress
    }

    /// Called by `glp_intopt` at each callback point (`glp_ios_reason`): record the bound of the
    /// best open node (`glp_ios_best_node`, `glp_ios_node_bound`) and the incumbent.
    func observe(_ tree: OpaquePointer) {
        probes?.observed()
        if Interruption.isRequested {
            glp_ios_terminate(tree)
            return
        }
        if let deadline, Date() >= deadline, !stoppedByTime {
            stoppedByTime = true
            note("time limit reached in GLPK's callback; stopping the search")
            glp_ios_terminate(tree)
            return
        }
        if glp_ios_reason(tree) == GLP_IBRANCH, let deadline, let probes { probes.branch(tree, deadline: deadline) }
        if glp_ios_reason(tree) == GLP_IHEUR, let solution = start {
            start = nil
            if glp_ios_heur_sol(tree, solution) != 0 { log += "renoplan: GLPK did not accept the starting plan\n" }
        }
        let best = glp_ios_best_node(tree)
        if best != 0 {
            let value = glp_ios_node_bound(tree, best)
            if value.isFinite, abs(value) < 1e300 { bound = value }
        }
        var active: Int32 = 0, all: Int32 = 0, total: Int32 = 0
        glp_ios_tree_size(tree, &active, &all, &total)
        nodes = Int(total)
        work.count(tree)
        if let workLimit, work.units >= workLimit, !stoppedByWorkLimit, !stoppedByNodeLimit {
            stoppedByWorkLimit = true
            note("work limit of %d reached; stopping the search", workLimit.rounded())
            glp_ios_terminate(tree)
        }
        if let nodeLimit {
            if total > nodeLimit && !stoppedByNodeLimit {
                stoppedByNodeLimit = true
                note("node limit of %d reached; stopping the search", Double(nodeLimit))
                glp_ios_terminate(tree)
            }
        }
        if let problem = glp_ios_get_prob(tree), glp_mip_status(problem) == GLP_FEAS || glp_mip_status(problem) == GLP_OPT {
            let value = glp_mip_obj_val(problem)
            if milestones.last.map({ value > $0.objective + 1e-9 * max(1, abs(value)) }) ?? true {
                milestones.append(SolveMilestone(stage: "main search", elapsedSeconds: Date().timeIntervalSince(started), objective: value))
            }
            incumbent = value
        }
        report()
    }
}
