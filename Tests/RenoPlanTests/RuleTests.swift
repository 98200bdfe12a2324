import Foundation
import Testing

@testable import RenoPlan

/// One rule, one place (issue 11): every caller checks plans through the same rules, ids never
/// reach GLPK, reasons are derived from the rules, and a run with no plan says so.
@Suite("Rules in one place")
struct RuleTests {
    static let noNorms = "coverage: []\nnorms: []\n" + ageOnlyScore

    /// Ids are anything a GeoJSON string holds: a tab, 300 characters, `_2025` at the end. GLPK
    /// refuses such names and aborts the process, so none may reach it. E needs 50 m² of elderly
    /// care from the site (as in `normMetByBuildingOnASite`): the site's odd id must plan too.
    @Test func idsGLPKCannotNameStillPlan() throws {
        let siteID = "站点\t" + String(repeating: "x", count: 300) + "_2025"
        let estateID = "E\t1_2025"
        let result = try TestDistrict(
            estates: [TestGeo.estate(estateID, TestGeo.rect(0, 0), cost: 1e6, extra: ["population": 1000])],
            facilities: [TestGeo.facility("F", "elderly_care", 300, 50, capacity: 50)],
            sites: [TestGeo.site(siteID, 50, 400, area: 100, costPerM2: 2000)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [2e6]}\ncoverage: []\n" + ageOnlyScore
        ).plan()
        #expect(result.outcome.status == .optimal)
        #expect(result.yearByID == [estateID: 2025])
        // Access 50 / 1000 = 0.05; the norm needs 0.1, so 0.05 × 1000 = 50 m² at the site.
        #expect(result.outcome.additions.count == 1)
        #expect(abs((result.outcome.additions.first?.m2 ?? 0) - 50) < 1e-6)
        #expect(result.analysis.district.sites[result.outcome.additions[0].site].id == siteID)
    }

    /// A and B touch (10 m apart) and form one cluster; A is core, B is built 2003 (extended).
    /// With C (core) the year holds 300 households of which B's 100 are extended: 33% > 15%. The
    /// money is ample, so what holds A out is its extended neighbour, and A's reason says so.
    @Test func coreEstateHeldOutByItsExtendedNeighbour() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0)),
                TestGeo.estate("B", TestGeo.rect(110, 0), built: 2003),
                TestGeo.estate("C", TestGeo.rect(5000, 0)),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e8]}\n" + Self.noNorms
        ).plan()
        #expect(result.yearByID == ["A": nil, "B": nil, "C": 2025])
        let reason = try #require(result.line("A").reasons.last)
        #expect(reason.contains("extended-target households above the 15% cap"), "\(reason)")
        #expect(reason.contains("extended-target members: B"), "\(reason)")
        #expect(!reason.contains("budget"), "\(reason)")
    }

    /// The solver's plan passes `evaluate` (the same rules, the same tolerance), and so does the
    /// ranked list for every rule it keeps, on generated districts of several seeds and budgets.
    @Test(arguments: [(3, 1.5e8), (5, 0.6e8), (8, 3e8)])
    func solverAndRankedPlansPassEvaluate(seed: Int, budget: Double) throws {
        let district = try GeneratedDistrict(estates: 150, seed: UInt64(seed))
        defer { district.remove() }
        let scenarioURL = try district.scenario("""
            horizon: {start: 2025, years: 3}
            budget: {annual_yuan: \(budget), carry_over: \(seed % 2 == 1)}
            capacity: {households_per_year: 20000}
            solver: {time_limit_s: 20, node_limit: 200}

            """, name: "rules \(seed)")
        let analysis = try Pipeline.analyse(scenarioAt: scenarioURL)
        let outcome = try Pipeline.solve(analysis)
        #expect(outcome.status.hasPlan)
        let plan = Plan(clusterYear: outcome.clusterYear, additions: outcome.additions, analysis: analysis)
        let evaluation = Evaluation.evaluate(plan, analysis)
        #expect(evaluation.violations == [], "\(evaluation.violations)")
        #expect(abs(evaluation.objective - outcome.objective!) <= 1e-6 * max(1, outcome.objective!))

        let ranked = Pipeline.rank(analysis)
        let rankedPlan = Plan(clusterYear: ranked.clusterYear, additions: [], analysis: analysis)
        let rankedViolations = Evaluation.evaluate(rankedPlan, analysis).violations.filter { $0.rule != "norm" }
        #expect(rankedViolations == [], "\(rankedViolations)")
        // Every cluster the ranked list left out breaks some row in every year it could go.
        let rules = RuleSet(analysis, norms: false)
        var activity = RuleActivity(rules)
        activity.add(rules.activities(of: PlanDecisions(rankedPlan, analysis: analysis)).enumerated().map { ($0, $1) })
        for (c, cluster) in analysis.clusters.enumerated() where ranked.clusterYear[c] == nil {
            for t in 0..<3 {
                #expect(!activity.allows(rules.coefficients(of: Renovation(cluster: c, members: cluster.members, year: t))))
            }
        }
    }

    /// The neighbourhood searches run two at a time on two cores; the plan, objective and bound
    /// are those of the one-at-a-time search, on generated districts with and without funding.
    @Test(arguments: [(21, false), (22, true)])
    func pairedNeighbourhoodsGiveTheSamePlan(seed: Int, funding: Bool) throws {
        let district = try GeneratedDistrict(estates: 150, seed: UInt64(seed))
        defer { district.remove() }
        let money = funding
            ? "funding:\n  - {source: central, annual_yuan: 6e7, covers: [basic, sites], per_household_yuan: 15000}\n  - {source: local, annual_yuan: 6e7, covers: [basic, sites]}\n"
            : "budget: {annual_yuan: 1.2e8}\n"
        let scenarioURL = try district.scenario(
            "horizon: {start: 2025, years: 3}\n" + money + "solver: {time_limit_s: 60, node_limit: 300}\n", name: "pairs \(seed)")
        let analysis = try Pipeline.analyse(scenarioAt: scenarioURL)
        var options = SolveOptions()
        options.pairedNeighbourhoods = false
        let single = try Pipeline.solve(analysis, options: options)
        options.pairedNeighbourhoods = true
        let paired = try Pipeline.solve(analysis, options: options)
        #expect(single.status.hasPlan && single.stoppedBy != .time)
        // The searches ran, found better plans (the paired answer thrown away) and ended a round.
        let log = single.solverLog
        #expect(log.contains("neighbourhood of") && log.contains("nothing better"), "\(log)")
        #expect(log.contains(" columns found objective"), "\(log)")
        #expect(paired.columnValues == single.columnValues)
        #expect(paired.objective == single.objective && paired.bound == single.bound)
    }

    /// The neighbourhood searches' work limit (`node_limit: scaled`, issue 15) is counted in
    /// deterministic units and checked between searches: a third of what the searches need when
    /// left alone stops them earlier, after the same work and with the same plan, one search at
    /// a time or two.
    @Test func neighbourhoodWorkLimitStopsTheSearchesTheSameWayEveryTime() throws {
        let district = try GeneratedDistrict(estates: 150, seed: 3)
        defer { district.remove() }
        let analysis = try Self.neighbourhoodBudgetAnalysis(district, name: "lns work")
        let free = try Self.solve(analysis, neighbourhoodWork: nil, paired: false)
        #expect(free.searches > 6 && free.work > 0)
        let limit = free.work / 3
        let single = try Self.solve(analysis, neighbourhoodWork: limit, paired: false)
        let paired = try Self.solve(analysis, neighbourhoodWork: limit, paired: true)
        #expect(single.work >= limit && single.work < free.work)
        #expect(single.searches < free.searches)
        #expect(paired.work == single.work && paired.searches == single.searches)
        #expect(paired.outcome.columnValues == single.outcome.columnValues)
        #expect(single.outcome.objective! <= free.outcome.objective! + 1e-6)
    }

    /// With work left once a round finds nothing better, the neighbourhood searches start again
    /// from the same starting plan with pseudocost branching in the sub-searches and keep the
    /// better plan: never worse than the first path alone (the run without a budget, which has
    /// no second path), the same one search at a time or two.
    @Test func secondPathKeepsTheBetterPlanTheSameWayEveryTime() throws {
        let district = try GeneratedDistrict(estates: 150, seed: 3)
        defer { district.remove() }
        let analysis = try Self.neighbourhoodBudgetAnalysis(district, name: "second path")
        let first = try Self.solve(analysis, neighbourhoodWork: nil, paired: false)
        #expect(!first.outcome.solverLog.contains("again from the starting plan"))
        let single = try Self.solve(analysis, neighbourhoodWork: first.work * 10, paired: false)
        let paired = try Self.solve(analysis, neighbourhoodWork: first.work * 10, paired: true)
        #expect(single.outcome.solverLog.contains("again from the starting plan"), "\(single.outcome.solverLog)")
        #expect(single.work > first.work)
        #expect(single.outcome.objective! >= first.outcome.objective! - 1e-6)
        #expect(paired.work == single.work)
        #expect(paired.outcome.columnValues == single.outcome.columnValues)
    }

    /// The scenario of the two neighbourhood-budget tests on `district`: three years, 120 M yuan
    /// a year, 300 nodes for the main search; a time limit far beyond what the searches take (they
    /// stop on work), so a loaded machine cannot cut them short.
    private static func neighbourhoodBudgetAnalysis(_ district: GeneratedDistrict, name: String) throws -> Analysis {
        let scenarioURL = try district.scenario(
            "horizon: {start: 2025, years: 3}\nbudget: {annual_yuan: 1.2e8}\nsolver: {time_limit_s: 600, node_limit: 300}\n",
            name: name)
        return try Pipeline.analyse(scenarioAt: scenarioURL)
    }

    /// Solves with the neighbourhood searches' work limited to `limit` (nil: no limit), one
    /// search at a time or two: the outcome, the searches' work as the solver log gives it, and
    /// how many neighbourhoods were searched.
    private static func solve(_ analysis: Analysis, neighbourhoodWork limit: Double?, paired: Bool) throws
        -> (outcome: PlanOutcome, work: Double, searches: Int)
    {
        var options = SolveOptions()
        options.pairedNeighbourhoods = paired
        options.limits = Scenario.SearchLimits(nodes: 300, work: nil, neighbourhoodWork: limit)
        let outcome = try Pipeline.solve(analysis, options: options)
        let log = outcome.solverLog
        let line = try #require(log.split(separator: "\n").first { $0.contains("neighbourhood searches: work") })
        let work = try #require(Double(line.split(separator: " ").last!))
        return (outcome, work, log.components(separatedBy: "neighbourhood of ").count - 1)
    }

    /// SPEC §13: reasons in the report language. The knapsack of `budgetKnapsack` (E1 4M + E3 6M
    /// fill the 10M budget, E2's 5M on top makes 15M) in Chinese, amounts in 万元.
    @Test func reasonsInChinese() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("E1", TestGeo.rect(0, 0), households: 400, cost: 4e6),
                TestGeo.estate("E2", TestGeo.rect(3000, 0), households: 500, cost: 5e6),
                TestGeo.estate("E3", TestGeo.rect(6000, 0), households: 600, cost: 6e6, extra: ["consent": 0.9]),
                TestGeo.estate("E4", TestGeo.rect(9000, 0), extra: ["consent": 0.7]),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\nreport: {language: zh}\n" + Self.noNorms
        ).plan()
        #expect(result.line("E2").reasons.last == "该小区未能纳入：各年度均已排满；若纳入最接近的2025年：2025年资金：需要1,500.0万元，可用1,000.0万元（缺口500.0万元）")
        #expect(result.line("E1").reasons == ["安排在2025年"])
        #expect(result.line("E4").reasons == ["居民同意率0.70，低于0.80"])
    }

    /// A row is broken beyond a millionth of its bound, and only then (one tolerance).
    @Test func oneTolerance() {
        let budget = RuleRow(key: RowKey(rule: .budget, year: 0), lower: nil, upper: 3.5e8)
        #expect(!budget.isBroken(by: 3.5e8 + 349))
        #expect(budget.isBroken(by: 3.5e8 + 351))
        let norm = RuleRow(key: RowKey(rule: .norm, year: 0, estate: 0, norm: 0), lower: -0.05, upper: nil)
        #expect(!norm.isBroken(by: -0.05 - 0.9e-6))
        #expect(norm.isBroken(by: -0.05 - 1.1e-6))
        // Row names are built from indices: ASCII, short, whatever the ids are.
        #expect(RowKey(rule: .norm, year: 3, estate: 12, norm: 1).solverName == "norm_k1_e12_t3")
    }
}

/// Exit 4 is reachable: a time limit too short for any search reports no plan, and writes no
/// plan files.
@Suite("No plan within the time limit")
struct NoPlanTests {
    @Test func tooShortALimitIsExitFour() throws {
        let district = try GeneratedDistrict(estates: 2_000, seed: 4)
        defer { district.remove() }
        let folder = district.folder
        let scenarioURL = try district.scenario("horizon: {start: 2025, years: 4}\nbudget: {annual_yuan: 4e8}\n", name: "exit four")
        let out = folder.appendingPathComponent("out")
        let run = try CLIRunner.run(["plan", scenarioURL.path, "--out", out.path, "--time-limit", "0.001"], logs: folder.appendingPathComponent("logs"))
        #expect(run.status == 4, "\(run.stderr)")
        #expect(!run.crashed)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(!written.contains("plan.geojson"), "\(written)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
        #expect(summary?["status"] as? String == "no_solution")
    }
}

/// Issue 15: the one-pass greedy a city gets when time is short — each try costs its own
/// coefficients — gives a plan that every row of the model and `evaluate` accept; with funding
/// sources too (SPEC §11: each try must be payable, and the plan's money is allocated), where
/// the relaxation of a 5,000-estate district can take longer than a short limit.
@Suite("One-pass greedy")
struct OnePassTests {
    @Test(arguments: [
        "budget: {annual_yuan: [2e8, 2e8, 2.5e8, 2.5e8]}\n",
        """
        funding:
          - {source: central_subsidy, annual_yuan: [8e7, 8e7, 9e7, 9e7], covers: [basic], only_core: true, per_household_yuan: 15000}
          - {source: special_bonds, annual_yuan: [4e6, 4e6, 4e6, 4e6], covers: [sites]}
          - {source: local_budget, annual_yuan: [3e8, 3e8, 3e8, 3e8], covers: [basic, improve, sites], carry_over: true}
        levels: {improve: {per_m2: 150, weight: 0.45}}

        """,
    ])
    func onePassPlanKeepsEveryRule(money: String) throws {
        let district = try GeneratedDistrict(estates: 600, seed: 12)
        defer { district.remove() }
        let scenarioURL = try district.scenario("""
            horizon: {start: 2025, years: 4}
            capacity: {households_per_year: 12000}

            """ + money, name: "one pass")
        let analysis = try Pipeline.analyse(scenarioAt: scenarioURL)
        let model = PlanModel(analysis: analysis)
        let start = StartingPlan(model: model, scenario: analysis.scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        let values = try #require(start.onePass(relaxation: [Double](repeating: 0, count: model.program.columns.count)))
        #expect(model.program.isFeasible(values), "\(model.program.violations(of: values).prefix(3).map(\.row.name))")
        let calendar = analysis.scenario.horizon.calendarYears
        let clusterYear = model.clusterColumns.map { columns in columns.firstIndex { values[$0] > 0.5 }.map { calendar[$0] } }
        #expect(clusterYear.compactMap { $0 }.count > 10)
        // With levels, the pass adds some where money is left (SPEC §10), each with its estate's
        // renovation in the same year (the model's rows above say so too).
        let levels = model.levelColumns.filter { values[$0.column] > 0.5 }
        #expect(levels.isEmpty == analysis.scenario.levels.isEmpty, "\(levels.count) levels")
        for level in levels {
            #expect(clusterYear[analysis.clusterOfEstate[level.estate]!] == calendar[level.year])
        }
        var additions: [SiteAddition] = []
        for z in model.siteColumns where values[z.column] > 1e-9 {
            let site = analysis.district.sites[z.site]
            additions.append(SiteAddition(
                site: z.site, norm: z.norm, kind: analysis.scenario.norms[z.norm].kind, year: calendar[z.year],
                m2: values[z.column], costYuan: values[z.column] * site.costPerM2Yuan))
        }
        var estateLevels = [[Int]](repeating: [], count: analysis.district.estates.count)
        for level in levels { estateLevels[level.estate].append(level.level) }
        let plan = Plan(clusterYear: clusterYear, additions: additions, estateLevels: estateLevels, analysis: analysis)
        let evaluation = Evaluation.evaluate(plan, analysis)
        #expect(evaluation.violations == [], "\(evaluation.violations.prefix(3))")
        #expect(abs(evaluation.objective - model.program.objective(of: values)) <= 1e-6 * max(1, evaluation.objective))
    }

    /// A locked cluster alone in its year may break a row that what joins it mends: L (300
    /// households, built 2003: extended) locked to 2025 is above the 15% cap alone (300 > 0.15 ×
    /// 300); with A (2,000 households, core) the year holds 2,300 and the cap allows 345. The pass
    /// places L whatever the cap says alone, takes A because it brings the cap row back, and
    /// gives a plan every row accepts (it gave none, so `revise` never ran its solve from the
    /// approved plan when a locked cluster had extended estates). B (core, 100 households) is
    /// tried in 2026 where nothing is locked. Alone, L stays above the cap: no plan.
    @Test func lockedClusterAboveTheCapAloneIsMended() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("L", TestGeo.rect(0, 0), households: 300, built: 2003),
                TestGeo.estate("A", TestGeo.rect(3000, 0), households: 2000),
                TestGeo.estate("B", TestGeo.rect(6000, 0), households: 100),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 1e7]}\nlocks: {L: 2025}\ncoverage: []\nnorms: []\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let analysis = try district.analyse()
        let model = PlanModel(analysis: analysis)
        let start = StartingPlan(model: model, scenario: analysis.scenario, sites: analysis.district.sites, clusters: analysis.clusters)
        func cluster(_ id: String) throws -> Int {
            let e = try #require(analysis.district.estates.firstIndex { $0.id == id })
            return try #require(analysis.clusterOfEstate[e])
        }
        let values = try #require(start.pass([.cluster(.init(cluster: try cluster("A"), years: [0])), .cluster(.init(cluster: try cluster("B"), years: [1]))]))
        #expect(model.program.isFeasible(values), "\(model.program.violations(of: values).prefix(3).map(\.row.name))")
        func year(_ id: String) throws -> Int? { model.clusterColumns[try cluster(id)].firstIndex { values[$0] > 0.5 } }
        #expect(try year("L") == 0)
        #expect(try year("A") == 0)
        #expect(try year("B") == 1)
        #expect(start.pass([.cluster(.init(cluster: try cluster("B"), years: [0]))]) == nil)

        // The greedy with local search that a district gets when the LP dive ends in a corner
        // (the extended cap makes a fixing feasible only in part) starts the same way: it gave
        // no plan at all when the locked clusters alone broke a row, and a node limit then ended
        // the run without one (exit 4).
        let zeros = [Double](repeating: 0, count: model.program.columns.count)
        let greedy = try #require(start.solve(relaxation: zeros, deadline: Date().addingTimeInterval(30)))
        #expect(model.program.isFeasible(greedy), "\(model.program.violations(of: greedy).prefix(3).map(\.row.name))")
        func greedyYear(_ id: String) throws -> Int? { model.clusterColumns[try cluster(id)].firstIndex { greedy[$0] > 0.5 } }
        #expect(try greedyYear("L") == 0)
        #expect(try greedyYear("A") == 0)
        #expect(try greedyYear("B") != nil)
    }
}
