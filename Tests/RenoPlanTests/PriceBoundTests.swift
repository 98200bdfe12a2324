import CGLPK
import Foundation
import Testing

@testable import RenoPlan

/// Bounds from row prices (``PriceBound``): worked by hand on two small LPs, and on the plan model
/// of a generated district against the optimum GLPK proves, for the prices of a simplex stopped
/// part way and for arbitrary prices.
struct PriceBoundTests {
    /// A problem of two columns in [0, 1] and one row, objective `c`, row bounds of GLPK type
    /// `type`; `body` gets it loaded.
    static func withProblem(
        maximize: Bool, objective c: [Double], row: [Double], type: Int32, lower: Double, upper: Double,
        columnType: Int32 = GLP_DB, _ body: (OpaquePointer) throws -> Void
    ) rethrows {
        let problem = glp_create_prob()!
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, maximize ? GLP_MAX : GLP_MIN)
        glp_add_cols(problem, 2)
        for j in 1...2 {
            glp_set_col_bnds(problem, Int32(j), columnType, 0, 1)
            glp_set_obj_coef(problem, Int32(j), c[j - 1])
        }
        glp_add_rows(problem, 1)
        glp_set_row_bnds(problem, 1, type, lower, upper)
        var indices: [Int32] = [0, 1, 2]
        var values = [0] + row
        glp_set_mat_row(problem, 1, 2, &indices, &values)
        try body(problem)
    }

    /// Solves `program`'s relaxation (scaled; the dual simplex if `dual`, else the primal),
    /// stopped every `every` iterations to call `atStop`; then `atEnd` with the solved problem.
    static func solveStopping(
        _ program: LinearProgram, dual: Bool, every: Int32, atStop: (OpaquePointer) throws -> Void, atEnd: (OpaquePointer) throws -> Void
    ) throws {
        try GLPKSolver.withQuietProblem(program) { problem in
            glp_scale_prob(problem, GLP_SF_AUTO)
            var parameters = glp_smcp()
            glp_init_smcp(&parameters)
            parameters.msg_lev = GLP_MSG_OFF
            if dual { parameters.meth = GLP_DUALP }
            parameters.it_lim = every
            var code = glp_simplex(problem, &parameters)
            while code == GLP_EITLIM {
                try atStop(problem)
                code = glp_simplex(problem, &parameters)
            }
            #expect(code == 0 && glp_get_status(problem) == GLP_OPT)
            try atEnd(problem)
        }
    }

    /// max x + y, x + y ≤ 1, x, y in [0, 1]: optimum 1. With price π on the row the bound is
    /// 2·max(0, 1 − π) + π: 1.5 at π = 0.5, 1 at π = 1 (the optimal price), 2 at π = 0. A negative
    /// price points to the row's missing lower bound, so it is priced 0: 2.
    @Test func maximumByHand() {
        Self.withProblem(maximize: true, objective: [1, 1], row: [1, 1], type: GLP_UP, lower: 0, upper: 1) { problem in
            #expect(PriceBound.of(problem, prices: [0.5]) == 1.5)
            #expect(PriceBound.of(problem, prices: [1]) == 1)
            #expect(PriceBound.of(problem, prices: [0]) == 2)
            #expect(PriceBound.of(problem, prices: [-1]) == 2)
            var parameters = glp_smcp()
            glp_init_smcp(&parameters)
            parameters.msg_lev = GLP_MSG_OFF
            #expect(glp_simplex(problem, &parameters) == 0)
            #expect(abs(PriceBound.of(problem)! - 1) < 1e-12)
        }
    }

    /// The same maximum from price 0 (bound 2): along the row's price the bound is
    /// 2·max(0, 1 − π) + π for π ≥ 0, least at π = 1, the optimum 1; one move reaches it.
    @Test func descentReachesTheOptimumOfTheMaximumByHand() {
        Self.withProblem(maximize: true, objective: [1, 1], row: [1, 1], type: GLP_UP, lower: 0, upper: 1) { problem in
            #expect(PriceBound.of(problem, prices: [0]) == 2)
            #expect(PriceBound.tightened(problem, prices: [0]) == 1)
            #expect(PriceBound.tightened(problem, prices: [0.5]) == 1)
            #expect(PriceBound.tightened(problem, prices: [3]) == 1)
        }
    }

    /// The minimum from price 0 (bound 0): min(0, 2 − π) + min(0, 3 − π) + π is π up to 2,
    /// then 2 up to 3, then 5 − π; the greatest is 2, the optimum, on the whole stretch [2, 3].
    @Test func descentReachesTheOptimumOfTheMinimumByHand() {
        Self.withProblem(maximize: false, objective: [2, 3], row: [1, 1], type: GLP_LO, lower: 1, upper: 0) { problem in
            #expect(PriceBound.of(problem, prices: [0]) == 0)
            #expect(PriceBound.tightened(problem, prices: [0]) == 2)
            #expect(PriceBound.tightened(problem, prices: [5]) == 2)
        }
    }

    /// min 2x + 3y, x + y ≥ 1, x, y in [0, 1]: optimum 2 (x = 1). Price π on the row: the bound
    /// is min(0, 2 − π) + min(0, 3 − π) + π: 2 at π = 2 (optimal), 1 at π = 1, 2 at π = 3
    /// (−1 + 0 + 3), and 0 at π = −1 (priced 0: the row has no upper bound).
    @Test func minimumByHand() {
        Self.withProblem(maximize: false, objective: [2, 3], row: [1, 1], type: GLP_LO, lower: 1, upper: 0) { problem in
            #expect(PriceBound.of(problem, prices: [2]) == 2)
            #expect(PriceBound.of(problem, prices: [1]) == 1)
            #expect(PriceBound.of(problem, prices: [3]) == 2)
            #expect(PriceBound.of(problem, prices: [-1]) == 0)
        }
    }

    /// Columns with no upper bound: max x + y, x + y ≤ 1, x, y ≥ 0. A price below 1 leaves a
    /// reduced cost pointing to +∞: no bound. From 1 up the bound is the price.
    @Test func unboundedColumnsGiveNoBoundBelowTheirPrice() {
        Self.withProblem(maximize: true, objective: [1, 1], row: [1, 1], type: GLP_UP, lower: 0, upper: 1, columnType: GLP_LO) { problem in
            #expect(PriceBound.of(problem, prices: [0.5]) == nil)
            #expect(PriceBound.of(problem, prices: [1]) == 1)
            #expect(PriceBound.of(problem, prices: [4]) == 4)
        }
    }

    /// The plan model of a generated district with norms (sites, budgets, the 15% cap): the dual
    /// simplex is stopped every 5 iterations, and every stopped basis's prices bound the optimum
    /// that the same simplex then proves; the optimal basis's prices give the optimum itself.
    /// Prices drawn at random (the optimal ones scaled by 0–3 row by row) bound it too.
    @Test func pricesBoundThePlanModelsRelaxation() throws {
        let district = try GeneratedDistrict(estates: 150, seed: 3)
        defer { district.remove() }
        let scenario = try district.scenario("horizon: {start: 2025, years: 4}\nbudget: {annual_yuan: 6e7}\n", name: "prices")
        let program = PlanModel(analysis: try Pipeline.analyse(scenarioAt: scenario)).program
        #expect(program.rows.contains { $0.name.hasPrefix("norm_") })
        var stopped: [Double] = []
        try Self.solveStopping(program, dual: true, every: 5, atStop: { stopped.append(try #require(PriceBound.of($0))) }) { problem in
            let optimum = glp_get_obj_val(problem)
            let tolerance = 1e-7 * abs(optimum)
            #expect(stopped.count >= 10, "\(stopped.count) stops")
            #expect(stopped.allSatisfy { $0 >= optimum - tolerance }, "\(stopped) against \(optimum)")
            #expect(abs(try #require(PriceBound.of(problem)) - optimum) <= tolerance)
            let duals = (1...glp_get_num_rows(problem)).map { glp_get_row_dual(problem, $0) }
            var state: UInt64 = 11  // a linear congruential generator (Knuth's MMIX constants)
            func factor() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double((state >> 33) % 3_001) / 1_000
            }
            for _ in 0..<20 {
                let prices = duals.map { $0 * factor() }
                let bound = try #require(PriceBound.of(problem, prices: prices))
                #expect(bound >= optimum - tolerance)
                let tightened = try #require(PriceBound.tightened(problem, prices: prices))
                #expect(tightened >= optimum - tolerance && tightened <= bound + tolerance, "\(tightened) from \(bound), optimum \(optimum)")
            }
        }
    }

    /// The plan model of a generated district of 150 estates with three funding sources and a
    /// level, as a city's (its relaxation the one a time limit cuts short).
    static func fundingProgram(name: String) throws -> LinearProgram {
        let district = try GeneratedDistrict(estates: 150, seed: 3)
        defer { district.remove() }
        let scenario = try district.scenario(
            """
            horizon: {start: 2025, years: 4}
            funding:
              - {source: central_subsidy, annual_yuan: [3e7, 3e7, 4e7, 4e7], covers: [basic], only_core: true, per_household_yuan: 15000}
              - {source: special_bonds, annual_yuan: [5e6, 5e6, 5e6, 5e6], covers: [sites]}
              - {source: local_budget, annual_yuan: [3e7, 3e7, 4e7, 4e7], covers: [basic, improve, sites]}
            levels:
              improve: {per_m2: 150, weight: 0.45}

            """, name: name)
        let program = PlanModel(analysis: try Pipeline.analyse(scenarioAt: scenario)).program
        return program
    }

    /// A model with funding sources and a level, as a city's (its relaxation the one a time
    /// limit cuts short): the primal simplex, whose prices are not a dual until it ends, is
    /// stopped every 20 iterations. At every stop the descent's bound lies between the optimum
    /// the same simplex then proves and the stopped prices' own bound, and it is clearly tighter
    /// than the latter at most stops; from all prices 0 it is tighter too, and still a bound.
    @Test func descentTightensAStoppedPrimalSimplexOnFundingSources() throws {
        let program = try Self.fundingProgram(name: "descent")
        #expect(program.rows.contains { $0.name.hasPrefix("funding_") })
        var stops: [(plain: Double, tightened: Double)] = []
        try Self.solveStopping(program, dual: false, every: 20, atStop: { problem in
            if let plain = PriceBound.of(problem) { stops.append((plain, try #require(PriceBound.tightened(problem)))) }
        }) { problem in
            let optimum = glp_get_obj_val(problem)
            let tolerance = 1e-7 * abs(optimum)
            #expect(stops.count >= 10, "\(stops.count) stops")
            #expect(stops.allSatisfy { $0.tightened >= optimum - tolerance && $0.tightened <= $0.plain + tolerance }, "\(stops) against \(optimum)")
            let tighter = stops.filter { $0.tightened < $0.plain - 1e-4 * optimum }
            #expect(tighter.count * 2 > stops.count, "\(tighter.count) of \(stops.count) tighter")
            let zero = [Double](repeating: 0, count: Int(glp_get_num_rows(problem)))
            let fromZero = try #require(PriceBound.tightened(problem, prices: zero))
            let zeroBound = try #require(PriceBound.of(problem, prices: zero))
            #expect(fromZero >= optimum - tolerance && fromZero < zeroBound - 1e-4 * optimum, "\(fromZero) from \(zeroBound), optimum \(optimum)")
        }
    }

    /// The first-order method (``PriceBound/Dual/primalDualPrices(iterations:)``) by hand: max
    /// x + y, x + y ≤ 1, x, y in [0, 1]. Its prices bound the optimum, 1, and come close to it.
    @Test func firstOrderPricesByHand() throws {
        try Self.withProblem(maximize: true, objective: [1, 1], row: [1, 1], type: GLP_UP, lower: 0, upper: 1) { problem in
            var dual = try #require(PriceBound.Dual(problem, prices: [0]))
            let prices = try #require(dual.primalDualPrices(iterations: 200))
            let repriced = dual.reprice(prices)
            #expect(repriced)
            #expect(dual.sense * dual.bound >= 1 - 1e-12 && dual.sense * dual.bound <= 1.01, "\(dual.bound) from \(prices)")
        }
    }

    /// The model with funding sources and a level of the test above, its relaxation solved to
    /// optimality by GLPK's simplex: the first-order method's prices, from nothing, bound that
    /// optimum after any number of iterations, come within 2% of it after 3,000 (within 0.5%
    /// with the row-by-row descent after them), tighten with more iterations, and are the same
    /// on a second run; ``PriceBound/ofUnfinished(_:iterations:)`` on a primal simplex stopped
    /// part way gives a bound between the optimum and the stopped prices' tightened bound.
    @Test func firstOrderPricesBoundAFundingModel() throws {
        let program = try Self.fundingProgram(name: "first-order")
        var stops: [(unfinished: Double, simplex: Double)] = []
        try Self.solveStopping(program, dual: false, every: 40, atStop: { problem in
            if let unfinished = PriceBound.ofUnfinished(problem, iterations: 300) {
                stops.append((unfinished.bound, try #require(PriceBound.tightened(problem))))
                // The two descents side by side, one stopping where it cannot catch the other,
                // give the bound of the better of the two descents made in full.
                var simplex = try #require(PriceBound.Dual(problem, prices: nil))
                var firstOrder = simplex
                #expect(firstOrder.reprice(try #require(simplex.primalDualPrices(iterations: 300))))
                let full = simplex.sense * min(simplex.descended(), firstOrder.descended())
                #expect(abs(unfinished.bound - full) <= 1e-9 * abs(full), "\(unfinished.bound) against \(full)")
            }
        }) { problem in
            let optimum = glp_get_obj_val(problem)
            let tolerance = 1e-7 * abs(optimum)
            #expect(stops.count >= 5, "\(stops.count) stops")
            #expect(stops.allSatisfy { $0.unfinished >= optimum - tolerance && $0.unfinished <= $0.simplex + tolerance }, "\(stops) against \(optimum)")
            let zero = [Double](repeating: 0, count: Int(glp_get_num_rows(problem)))
            func bound(_ iterations: Int) throws -> (plain: Double, descended: Double, prices: [Double]) {
                var dual = try #require(PriceBound.Dual(problem, prices: zero))
                let prices = try #require(dual.primalDualPrices(iterations: iterations))
                let repriced = dual.reprice(prices)
                #expect(repriced)
                let plain = dual.sense * dual.bound
                return (plain, dual.sense * dual.descended(sweeps: 40, enough: 1e-4), prices)
            }
            let few = try bound(100), many = try bound(3_000), again = try bound(3_000)
            for found in [few, many] {
                #expect(found.plain >= optimum - tolerance && found.descended >= optimum - tolerance, "\(found.plain), \(found.descended) against \(optimum)")
                #expect(found.descended <= found.plain + tolerance)
            }
            #expect(many.plain <= 1.02 * optimum && many.descended <= 1.005 * optimum, "\(many.plain), \(many.descended) against \(optimum)")
            #expect(many.plain < few.plain, "\(many.plain) after 3,000 iterations, \(few.plain) after 100")
            #expect(again.prices == many.prices)
        }
    }
}
