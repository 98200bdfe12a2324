import CGLPK
import Foundation
import Testing

@testable import RenoPlan

/// The plan model (SPEC §7) on districts small enough to solve by hand. Scores use age only
/// (built 1985, start 2025 → age 1, score 100), so V_c = households; far-apart estates (1 km).
@Suite("Plan model (SPEC §7)")
struct ModelTests {
    static func far(_ i: Int) -> JSONValue { TestGeo.rect(Double(i) * 3000, 0) }
    static let noNorms = "coverage: []\nnorms: []\n" + ageOnlyScore

    /// Budget 10M; costs 4M, 5M, 6M with values 400, 500, 600. Feasible pairs: {4,5} = 900,
    /// {4,6} = 1,000; {5,6} costs 11M. Optimum: E1 + E3, objective 1,000.
    @Test func budgetKnapsack() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("E1", Self.far(0), households: 400, cost: 4e6),
                TestGeo.estate("E2", Self.far(1), households: 500, cost: 5e6),
                TestGeo.estate("E3", Self.far(2), households: 600, cost: 6e6),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n" + Self.noNorms
        ).plan()
        #expect(result.outcome.status == .optimal)
        #expect(abs(result.outcome.objective! - 1000) < 1e-6)
        #expect(result.yearByID == ["E1": 2025, "E2": nil, "E3": 2025])
        #expect(result.outcome.gap! <= 1e-9)
        // E1 4M + E3 6M fill the 10M budget; E2's 5M on top makes 15M, 5M short.
        #expect(result.line("E2").reasons.last == "this estate does not fit: every year is full; added to the closest, 2025: 2025 budget: 15.0M yuan needed, 10.0M yuan available (5.0M yuan short)")
        // Nothing built: the reports say so with a dash, not "0 m² (0 yuan)" or "0 sites".
        #expect(Report.markdown(result).contains("| 2025 | 2 | 2 | 1,000 | 0.0% | 10.00 | – | – | 10.00 |"), "\(Report.markdown(result))")
        #expect(try !HTMLReport.html(result).contains("new facility space (0 sites)"))
    }

    /// No estate meets the consent gate (0.5 < 0.8): the model has no columns at all. The empty
    /// plan is the only plan and so optimal (GLPK refuses an empty problem, which used to end the
    /// run with "the model has no variables"), and each estate says why it is out.
    @Test func nothingSchedulableGivesTheEmptyPlan() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("E1", Self.far(0), households: 400, cost: 4e6, extra: ["consent": 0.5]),
                TestGeo.estate("E2", Self.far(1), households: 500, cost: 5e6, extra: ["consent": 0.5]),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 1e7]}\n" + Self.noNorms
        ).plan()
        #expect(result.outcome.status == .optimal)
        #expect(result.outcome.objective == 0 && result.outcome.bound == 0 && result.outcome.gap == 0)
        #expect(result.yearByID == ["E1": nil, "E2": nil])
        #expect(result.line("E1").reasons.contains("consent 0.50 < 0.80"))
    }

    /// Core E1 has 850 households; extended E2 (built 2003) has 200: 200/1,050 = 19% > 15%, so E2
    /// stays out though money is plenty. With 150 households, 150/1,000 = 15% is allowed.
    @Test func extendedCapBinds() throws {
        func run(_ extendedHouseholds: Int) throws -> PlanResult {
            try TestDistrict(
                estates: [
                    TestGeo.estate("E1", Self.far(0), households: 850),
                    TestGeo.estate("E2", Self.far(1), households: extendedHouseholds, built: 2003),
                ],
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e8]}\n" + Self.noNorms
            ).plan()
        }
        let over = try run(200)
        #expect(over.yearByID == ["E1": 2025, "E2": nil])
        #expect(over.line("E2").reasons.last!.contains("above the 15% cap"))
        let at = try run(150)
        #expect(at.yearByID == ["E1": 2025, "E2": 2025])
        #expect(at.years[0].extendedHouseholds == 150 && at.years[0].households == 1000)
    }

    /// A and B touch (a cluster, 5M each, value 300 + 300); C is far (6M, value 500). With 10M
    /// the cluster (600) beats C (500); A alone (or A + C) is not allowed. With 6M a year the
    /// cluster never fits and is never split.
    @Test func clusterAllOrNothing() throws {
        let estates = [
            TestGeo.estate("A", TestGeo.rect(0, 0), households: 300, cost: 5e6),
            TestGeo.estate("B", TestGeo.rect(100, 0), households: 300, cost: 5e6),
            TestGeo.estate("C", Self.far(2), households: 500, cost: 6e6),
        ]
        let together = try TestDistrict(
            estates: estates, scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n" + Self.noNorms
        ).plan()
        #expect(together.yearByID == ["A": 2025, "B": 2025, "C": nil])
        let never = try TestDistrict(
            estates: estates, scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [6e6, 6e6]}\n" + Self.noNorms
        ).plan()
        #expect(never.yearByID == ["A": nil, "B": nil, "C": 2025])
        // A + B cost 10M together, more than either year's 6M even with nothing else planned.
        #expect(never.line("A").reasons.last == "cluster C001 (2 estates, 600 households) cannot fit any year even on its own: 2025 budget: 10.0M yuan needed, 6.0M yuan available (4.0M yuan short)")
    }

    /// One estate E (1,000 people) with 50 m² of elderly care 200 m away: access 50/1,000 = 0.05,
    /// short of 0.1. Site S 300 m away, 100 m² at 2,000 yuan/m², serves only E: D_S = 1,000, so
    /// the norm is attainable (0.05 + 100/1,000 = 0.15) and needs z = (0.1 − 0.05) × 1,000 = 50 m²
    /// = 100,000 yuan. E costs 1M: a 1.1M budget plans it with 50 m² at S; 1.05M cannot.
    @Test func normMetByBuildingOnASite() throws {
        func run(budget: Double, siteArea: Double) throws -> PlanResult {
            try TestDistrict(
                estates: [TestGeo.estate("E", TestGeo.rect(0, 0), cost: 1e6, extra: ["population": 1000])],
                facilities: [TestGeo.facility("F", "elderly_care", 300, 50, capacity: 50)],
                sites: [TestGeo.site("S", 50, 400, area: siteArea, costPerM2: 2000)],
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [\(budget)]}\ncoverage: []\n" + ageOnlyScore
            ).plan()
        }
        let enough = try run(budget: 1.1e6, siteArea: 100)
        #expect(enough.yearByID["E"] == 2025)
        #expect(enough.outcome.additions.count == 1)
        #expect(abs(enough.outcome.additions[0].m2 - 50) < 1e-6)
        #expect(abs(enough.outcome.additions[0].costYuan - 100_000) < 1e-3)
        #expect(abs(enough.line("E").accessInYear[0]! - 0.1) < 1e-9)
        #expect(enough.line("E").normEnforced == [true])

        let short = try run(budget: 1.05e6, siteArea: 100)
        #expect(short.yearByID["E"]! == nil)
        #expect(short.outcome.additions.isEmpty)

        // Site of 20 m²: at most 0.05 + 0.02 = 0.07 < 0.1, so the norm is not attainable and not
        // enforced: E is planned with 1M and nothing is built.
        let unattainable = try run(budget: 1.0e6, siteArea: 20)
        #expect(unattainable.yearByID["E"] == 2025)
        #expect(unattainable.outcome.additions.isEmpty)
        #expect(unattainable.line("E").normEnforced == [false])
        #expect(unattainable.line("E").reasons.contains("elderly_care: 0.05 m²/person now; the norm of 0.10 m²/person cannot be reached even with every site within reach (not enforced)"))
    }

    /// The norm row's LP relaxation, by hand on the case above (A = 0.05, norm 0.1, 1 m² at S
    /// gives 0.001 m²/person, 2,000 yuan/m², the estate 1M yuan, 1.05M to spend). Renovating a
    /// fraction x needs (0.1 − 0.05) × 1,000 × x = 50x m², so the relaxation reaches
    /// x = 1.05M / (1M + 100,000) = 0.9545, and its bound is that share of the estate's value (the
    /// objective when 1.1M pays for it all). The SPEC's own form, Σz/D − 0.1x ≥ −0.05, needs no
    /// space below x = 0.5 and reaches x = 1.15M / 1.2M = 0.9583: a weaker bound.
    @Test func normRowRelaxationIsTheStrongForm() throws {
        func run(budget: Double) throws -> PlanResult {
            try TestDistrict(
                estates: [TestGeo.estate("E", TestGeo.rect(0, 0), cost: 1e6, extra: ["population": 1000])],
                facilities: [TestGeo.facility("F", "elderly_care", 300, 50, capacity: 50)],
                sites: [TestGeo.site("S", 50, 400, area: 100, costPerM2: 2000)],
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [\(budget)]}\ncoverage: []\n" + ageOnlyScore
            ).plan()
        }
        let value = try #require(try run(budget: 1.1e6).outcome.objective)
        #expect(value > 0)
        let short = try run(budget: 1.05e6)
        #expect(short.outcome.objective == 0)
        let bound = try #require(short.outcome.rootBound)
        #expect(abs(bound - value * 1.05 / 1.1) < 1e-6 * value, "root bound \(bound), value \(value)")
    }

    /// A generated district with norms (150 estates, seed 11, three years), its model, and two
    /// solves to a proven optimum: with the default options and with `change` applied.
    private func provenOptimaBothWays(
        name: String, _ change: (inout SolveOptions) -> Void
    ) throws -> (model: PlanModel, changed: PlanOutcome, standard: PlanOutcome) {
        let district = try GeneratedDistrict(estates: 150, seed: 11)
        defer { district.remove() }
        let scenarioURL = try district.scenario(
            "horizon: {start: 2025, years: 3}\nbudget: {annual_yuan: 4e7}\nsolver: {time_limit_s: 300, node_limit: null, mip_gap: 0}\n",
            name: name)
        let analysis = try Pipeline.analyse(scenarioAt: scenarioURL)
        let model = PlanModel(analysis: analysis)
        var options = SolveOptions()
        change(&options)
        let changed = try Pipeline.solve(analysis, model: model, options: options)
        let standard = try Pipeline.solve(analysis, model: model, options: SolveOptions())
        // Both proven optimal, the same optimum, both plans keep every row of the model, and
        // each run's bound is at least the other run's optimum.
        #expect(changed.status == .optimal && standard.status == .optimal)
        let (a, b) = (try #require(changed.objective), try #require(standard.objective))
        #expect(a > 0 && abs(a - b) <= 1e-6 * a, "changed \(a), standard \(b)")
        #expect(model.program.isFeasible(changed.columnValues) && model.program.isFeasible(standard.columnValues))
        #expect(try #require(standard.bound) >= a - 1e-6 * a && (try #require(changed.bound)) >= b - 1e-6 * b)
        return (model, changed, standard)
    }

    /// The main search's by-year columns ("renovated by year T", docs/solver.md, *The bound*) are
    /// running sums of columns already there: with them and without, GLPK proves the same
    /// optimum. The log counts the columns: one per cluster and year after the first.
    @Test func byYearColumnsKeepTheOptimum() throws {
        let (model, plain, byYear) = try provenOptimaBothWays(name: "by year") { $0.byYearColumns = false }
        let clusters = model.clusterColumns.count
        #expect(clusters > 10)
        #expect(byYear.solverLog.contains("main search: \(clusters * 2) by-year columns"))
        #expect(!plain.solverLog.contains("by-year columns"))
    }

    /// The root relaxation's bound before and after the cuts, from the solver log's line.
    private func rootBounds(_ outcome: PlanOutcome) throws -> (before: Double, after: Double) {
        let line = try #require(outcome.solverLog.split(separator: "\n").first { $0.contains(" cuts in ") })
        let bounds = try #require(line.firstMatch(of: /relaxation ([0-9.]+) -> ([0-9.]+)/))
        return (try #require(Double(bounds.1)), try #require(Double(bounds.2)))
    }

    /// The residual-need cuts (docs/solver.md, *The bound*) are met by every plan: with them and
    /// without, GLPK proves the same optimum. They do cut the relaxation: the log's root bound
    /// after them is below the relaxation's.
    @Test func residualNeedCutsKeepTheOptimum() throws {
        let (_, plain, cut) = try provenOptimaBothWays(name: "cuts") { $0.residualNeedCuts = false }
        #expect(!plain.solverLog.contains(" cuts in "))
        let (before, after) = try rootBounds(cut)
        #expect(after < before - 1e-6 * before, "relaxation \(before) -> \(after)")
        // The cuts take nothing the optimum needs: the relaxation after them is still above it.
        #expect(after >= (try #require(cut.objective)) - 1e-6 * after)
    }

    /// The shared-space cuts (docs/solver.md, *The bound*) are met by every plan too: with them
    /// and with only the residual-need cuts, GLPK proves the same optimum. They do cut this
    /// district's relaxation further: the root bound after them is lower (1,421.85 against
    /// 1,434.44 when this test was written).
    @Test func sharedSpaceCutsKeepTheOptimum() throws {
        let (_, residual, shared) = try provenOptimaBothWays(name: "shared") { $0.sharedSpaceCuts = false }
        let (without, with) = (try rootBounds(residual).after, try rootBounds(shared).after)
        #expect(with < without - 1e-6 * without, "root bound \(with) with the shared-space cuts, \(without) without")
    }

    /// The main search's branching rule (docs/solver.md, *The bound*): under a work limit,
    /// pseudocost branching only up to 1,500 rows and most-fractional above (the other rules'
    /// per-branching work is not in the count, so the search would run into the clock); under a
    /// node limit pseudocost up to 2,000 rows and GLPK's default above, as before.
    @Test func branchingRuleFollowsTheWorkLimit() {
        #expect(GLPKSolver.branchingRule(rows: 1_205, workLimited: true) == GLP_BR_PCH)
        #expect(GLPKSolver.branchingRule(rows: 1_718, workLimited: true) == GLP_BR_MFV)
        #expect(GLPKSolver.branchingRule(rows: 5_104, workLimited: true) == GLP_BR_MFV)
        #expect(GLPKSolver.branchingRule(rows: 1_718, workLimited: false) == GLP_BR_PCH)
        #expect(GLPKSolver.branchingRule(rows: 3_607, workLimited: false) == nil)
    }

    /// Locks fix the year; `never` keeps an estate out even when it would fit.
    @Test func locks() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("E1", Self.far(0), households: 100),
                TestGeo.estate("E2", Self.far(1), households: 900),
                TestGeo.estate("E3", Self.far(2), households: 500),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\nlocks: {E1: 2026, E2: never}\n" + Self.noNorms
        ).plan()
        // E1 would be best in 2025 (discount), but is locked to 2026; E3 goes first.
        #expect(result.yearByID == ["E1": 2026, "E2": nil, "E3": 2025])
        #expect(result.line("E2").status == .reserve)
        #expect(result.line("E2").reasons.contains("kept out of the plan by the planner (locks: never)"))
        // Objective: 500 (E3, 2025) + 0.85 × 100 (E1, 2026) = 585.
        #expect(abs(result.outcome.objective! - 585) < 1e-6)
    }

    /// 4M a year cannot pay for a 7M estate; with carry-over, 2025's 4M moves to 2026 (8M).
    @Test func carryOver() throws {
        func run(_ carry: Bool) throws -> PlanResult {
            try TestDistrict(
                estates: [TestGeo.estate("E", Self.far(0), households: 100, cost: 7e6)],
                scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [4e6, 4e6], carry_over: \(carry)}\n" + Self.noNorms
            ).plan()
        }
        #expect(try run(false).yearByID["E"]! == nil)
        let carried = try run(true)
        #expect(carried.yearByID["E"] == 2026)
        #expect(carried.years[1].availableYuan == 8e6)
        #expect(abs(carried.outcome.objective! - 85) < 1e-6)
    }

    /// Capacity 500 households a year: E1 (400) and E2 (300) cannot share a year.
    @Test func capacity() throws {
        func run(years: Int) throws -> PlanResult {
            let budgets = Array(repeating: "1e8", count: years).joined(separator: ", ")
            return try TestDistrict(
                estates: [
                    TestGeo.estate("E1", Self.far(0), households: 400),
                    TestGeo.estate("E2", Self.far(1), households: 300),
                ],
                scenario: "horizon: {start: 2025, years: \(years)}\nbudget: {annual_yuan: [\(budgets)]}\ncapacity: {households_per_year: 500}\n" + Self.noNorms
            ).plan()
        }
        #expect(try run(years: 1).yearByID == ["E1": 2025, "E2": nil])
        #expect(try run(years: 2).yearByID == ["E1": 2025, "E2": 2026])
        // Capacity used up with money left (E3: 500 households, 1M of 100M): the report says so.
        let full = try TestDistrict(
            estates: [TestGeo.estate("E3", Self.far(0), households: 500), TestGeo.estate("E4", Self.far(1), households: 300)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e8]}\ncapacity: {households_per_year: 500}\n" + Self.noNorms
        ).plan()
        #expect(full.yearByID == ["E3": 2025, "E4": nil])
        #expect(Report.markdown(full).contains(
            "2025: the capacity (500 households a year, capacity.households_per_year) is used up, with 99.0M yuan of the budget left."))
        #expect(!Report.markdown(try run(years: 1)).contains("is used up"))
    }

    /// A lock costing more than its year's budget: infeasible, and the report says by how much.
    @Test func infeasibleLocksAreExplained() throws {
        let result = try TestDistrict(
            estates: [TestGeo.estate("E1", Self.far(0), cost: 5e6), TestGeo.estate("E2", Self.far(1), cost: 1e6)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [4e6]}\nlocks: {E1: 2025}\n" + Self.noNorms
        ).plan()
        #expect(result.outcome.status == .infeasible)
        #expect(result.outcome.conflicts == ["with the locks, 2025 budget: 5.0M yuan needed, 4.0M yuan available (1.0M yuan short)"])
        let files = try PlanWriter.files(result).map(\.name)
        #expect(files == ["summary.json", "report.md", "report.html"])
    }

    /// E is locked to 2025 and needs 50 m² at 2,000 yuan (100,000) for its norm (as in
    /// `normMetByBuildingOnASite`), but only 50,000 is left after its 1M renovation. The elastic
    /// LP finds the cheapest way to break the rules: 25 m², access 0.05 + 25/1,000 = 0.075.
    @Test func infeasibleNormIsExplained() throws {
        let result = try TestDistrict(
            estates: [TestGeo.estate("E", TestGeo.rect(0, 0), cost: 1e6, extra: ["population": 1000])],
            facilities: [TestGeo.facility("F", "elderly_care", 300, 50, capacity: 50)],
            sites: [TestGeo.site("S", 50, 400, area: 100, costPerM2: 2000)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1.05e6]}\nlocks: {E: 2025}\ncoverage: []\n" + ageOnlyScore
        ).plan()
        #expect(result.outcome.status == .infeasible)
        #expect(result.outcome.conflicts == [
            "with the locks, estate E: elderly_care 0.075 < 0.10 m²/person in 2025 (attainable: up to 0.15)",
            // More money would build the space; no norm needs none.
            "relaxing any one of these would make the locks feasible: the yearly budgets, the facility norms",
        ])
    }

    /// E1 (built 2003: an extended-target estate, 100 households) is locked to 2025. The 15% cap
    /// then needs 100 / 0.15 ≈ 667 households that year, and the capacity is 500. The elastic LP
    /// breaks the capacity (E2's 600 core households in part: 100 + 600 × 85/90 ≈ 667); the
    /// planner is also told that the cap alone would do (E1 alone is within the capacity).
    @Test func aConflictOfTwoRulesNamesBoth() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("E1", Self.far(0), households: 100, built: 2003, cost: 1e6),
                TestGeo.estate("E2", Self.far(1), households: 600, cost: 1e6),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e8]}\ncapacity: {households_per_year: 500}\n"
                + "locks: {E1: 2025}\n" + Self.noNorms
        ).plan()
        #expect(result.outcome.status == .infeasible)
        #expect(result.outcome.conflicts == [
            "with the locks, 2025: 667 households, above the capacity of 500",
            "relaxing any one of these would make the locks feasible: the 15% cap on extended-target households, the yearly capacity",
        ])
    }
}

/// A city plan whose time limit ran out before any plan was found is reported honestly.
@Suite("Too short a time limit")
struct ShortTimeLimitTests {
    @Test func anEmptyPlanHasNoGapToBoastOf() {
        let outcome = PlanOutcome(
            status: .feasible, objective: 0, bound: 1_124_401.73, gap: nil, rootBound: 1_124_401.73,
            solverSeconds: 5, solverReturnCode: "GLP_ESTOP", stoppedBy: .time, solverLog: "",
            clusterYear: [nil, nil], additions: [], conflicts: [], variables: 2, constraints: 1)
        let line = Report.statusLine(outcome)
        #expect(line.contains("Objective 0.00, best bound 1124401.73, gap undefined"))
        #expect(line.contains("raise `solver.time_limit_s`"))
        #expect(!line.contains("gap 0"))
    }

    /// A city whose relaxation the clock cut short: the greedy plan, with the bound of the
    /// unfinished relaxation's prices (PriceBound) and the gap to it, said so in both languages.
    @Test func aGreedyPlanIsBoundedByTheUnfinishedRelaxation() {
        let outcome = PlanOutcome(
            status: .feasible, objective: 1_040_116.76, bound: 1_098_894.40, gap: 0.05651, rootBound: nil,
            solverSeconds: 5, solverReturnCode: GLPKSolver.relaxationOutOfTime, stoppedBy: .time, solverLog: "",
            clusterYear: [nil, nil], additions: [], conflicts: [], variables: 2, constraints: 1)
        let line = Report.statusLine(outcome)
        #expect(line.contains("one-pass greedy fill"), "\(line)")
        #expect(line.contains("the prices of the unfinished relaxation bound the optimum by 1098894.40, gap 5.65%"), "\(line)")
        let chinese = Report.statusLine(outcome, Wording(.zh))
        #expect(chinese.contains("一次贪心填充") && chinese.contains("最优界1098894.40，间隙5.65%"), "\(chinese)")
    }
}
