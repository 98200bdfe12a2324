import Foundation
import Testing

@testable import RenoPlan

/// SPEC §12 with content levels and funding sources: the approved plan held against today's
/// rules (``Reviser/approvedFirstPlan(model:approvedYear:)``) keeps the approved levels and sites
/// and sheds what a cut year's money no longer pays.
@Suite("Revise from the approved plan, with levels and sources")
struct ApprovedFirstTests {
    /// A generated district with the demo's three sources and the 完善类 level, planned into
    /// `approved/`; then 2026's local budget cut from 25M to `cutTo`.
    struct CutDistrict {
        let district: GeneratedDistrict
        let approved: URL
        let scenario: URL
        let result: PlanResult

        init(seed: UInt64, cutTo: Double) throws {
            district = try GeneratedDistrict(estates: 150, seed: seed)
            func yaml(_ local2026: Double) -> String {
                """
                horizon: {start: 2025, years: 3}
                funding:
                  - {source: central_subsidy, annual_yuan: [3e7, 3e7, 3e7], covers: [basic], only_core: true, per_household_yuan: 15000}
                  - {source: special_bonds, annual_yuan: [2e6, 2e6, 2e6], covers: [sites]}
                  - {source: local_budget, annual_yuan: [2.5e7, \(local2026), 3e7], covers: [basic, improve, upgrade, sites]}
                levels:
                  improve: {per_m2: 150, weight: 0.45}
                solver: {time_limit_s: 30, node_limit: 100}
                report: {language: en}

                """
            }
            let original = try district.scenario(yaml(2.5e7), name: "approved first", file: "original.yaml")
            let analysis = try Pipeline.analyse(scenarioAt: original)
            result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
            try PlanWriter.write(result, to: district.folder.appendingPathComponent("approved"))
            approved = district.folder.appendingPathComponent("approved/plan.geojson")
            scenario = try district.scenario(yaml(cutTo), name: "approved first")
        }
    }

    /// The approved plan held against the data of `scenario` (``Reviser/approvedFirstPlan``), on
    /// the plan model, with the analysis it was made on.
    static func held(_ scenario: URL, approved: URL, options: SolveOptions = SolveOptions()) throws -> (plan: [Double]?, model: PlanModel, analysis: Analysis) {
        let base = try Revise.analyse(scenarioAt: scenario, approvedAt: approved)
        let reviser = Reviser(analysis: base.analysis, approved: base.approved, indexOf: base.indexOf, slack: 0.01, options: options, warnings: [])
        let model = PlanModel(analysis: base.analysis)
        return (reviser.approvedFirstPlan(model: model, approvedYear: reviser.approvedYear), model, base.analysis)
    }

    /// 2026's local money cut by 40%. The full search proves the fewest changes; with the search
    /// from the best-value plan cut to one node, the search from the approved plan finds a plan
    /// as good. Without carry-over nothing couples 2026 with the other years, whose money and
    /// data are as approved: at the optimum (the slack leaves room) every change is an estate
    /// leaving 2026 or coming into it, and 2025 and 2027 keep all five approved totals (the
    /// approved plan less 2026's drops keeps them with no change there, and an estate moved out
    /// of 2026 only adds to them).
    @Test(arguments: [41, 43] as [UInt64])
    func aCutYearShedsOnlyItsOwn(seed: UInt64) throws {
        let cut = try CutDistrict(seed: seed, cutTo: 1.5e7)
        defer { cut.district.remove() }
        let full = try Revise.revise(scenarioAt: cut.scenario, approvedAt: cut.approved, slack: 0.3)
        try #require(full.fewestProven)
        #expect(full.changeCount > 0, "the cut leaves the approved plan unpayable")
        for change in full.changes where change.counted {
            #expect(change.approvedYear == 2026 || change.year == 2026, "\(change.id): \(change.kind) \(change.reason)")
        }
        for total in full.totals where total.year != 2026 { #expect(total.shortfall < 1e-6, "\(total)") }

        var options = SolveOptions()
        options.fromBestValueLimits = Scenario.SearchLimits(nodes: 1, work: nil, neighbourhoodWork: 1)
        let short = try Revise.revise(scenarioAt: cut.scenario, approvedAt: cut.approved, slack: 0.3, options: options)
        #expect(short.bestValue == full.bestValue)
        #expect(abs(short.penalty - full.penalty) < 1e-6, "\(short.changeCount) changes against \(full.changeCount)")
    }

    /// Under the data it was approved with, the approved plan held against today's rules is the
    /// approved plan itself: every estate in its year, with its levels, and the same value.
    @Test(arguments: [41, 43] as [UInt64])
    func unchangedDataGivesTheApprovedPlanBack(seed: UInt64) throws {
        let cut = try CutDistrict(seed: seed, cutTo: 2.5e7)
        defer { cut.district.remove() }
        let (plan, model, analysis) = try Self.held(cut.scenario, approved: cut.approved)
        let values = try #require(plan)
        #expect(model.program.isFeasible(values))
        var outcome = cut.result.outcome
        outcome.read(values, model: model, analysis: analysis)
        let held = PlanResult(analysis: analysis, outcome: outcome)
        #expect(held.estates.map(\.year) == cut.result.estates.map(\.year))
        #expect(held.estates.map(\.levels) == cut.result.estates.map(\.levels))
        #expect(cut.result.estates.contains { $0.levels.count > 1 }, "some estate was approved with a level")
        let approvedValue = try #require(cut.result.outcome.objective)
        #expect(abs(model.program.objective(of: values) - approvedValue) <= 1e-6 * max(1, approvedValue))
    }

    /// A first solve given next to no search (one node, no neighbourhoods) may find less than
    /// the approved plan held against today's data (the best value is then that plan's) or than
    /// the fewest-changes searches come upon. The best value reported is never below the value
    /// `evaluate` gives the revised plan.geojson.
    @Test func theBestValueIsNeverBelowTheRevisedPlans() throws {
        let cut = try CutDistrict(seed: 41, cutTo: 2e7)
        defer { cut.district.remove() }
        var options = SolveOptions()
        options.limits = Scenario.SearchLimits(nodes: 1, work: 1, neighbourhoodWork: 1)
        let revision = try Revise.revise(scenarioAt: cut.scenario, approvedAt: cut.approved, options: options)
        let best = try #require(revision.bestValue)
        let value = try #require(revision.value)
        let folder = cut.district.folder.appendingPathComponent("revised")
        try PlanWriter.write(revision.result, to: folder)
        let (evaluation, _, _) = try Evaluation.evaluate(scenarioAt: cut.scenario, planAt: folder.appendingPathComponent("plan.geojson"))
        #expect(evaluation.feasible, "\(evaluation.violations)")
        #expect(abs(evaluation.objective - value) <= 1e-6 * max(1, value))
        #expect(best >= evaluation.objective - 1e-6 * max(1, best), "best \(best), the revised plan evaluates to \(evaluation.objective)")
        // Where the warning says so, the best value is at least the approved plan held against today's data's.
        if revision.warnings.contains(where: { $0.contains("held against today's data") }) {
            let (plan, model, _) = try Self.held(cut.scenario, approved: cut.approved, options: options)
            let held = try #require(plan)
            #expect(model.program.objective(of: held) <= best + 1e-6 * max(1, best))
        }
    }

    /// A time limit too short for any solve (exit 4 for `plan` on this district) still revises:
    /// the approved plan held against today's data is a plan. Each year's approved clusters are
    /// tried in their own year before any moves, and only 2026's budget changed, so every change
    /// is a 2026 estate leaving its year; `evaluate` accepts the revised plan at the value
    /// reported.
    @Test func noPlanWithinTheLimitStillRevises() throws {
        let district = try GeneratedDistrict(estates: 2_000, seed: 4)
        defer { district.remove() }
        func yaml(_ budget2026: Double) -> String {
            "horizon: {start: 2025, years: 4}\nbudget: {annual_yuan: [4e8, \(budget2026), 4e8, 4e8]}\nsolver: {time_limit_s: 10, node_limit: 50}\nreport: {language: en}\n"
        }
        let original = try district.scenario(yaml(4e8), name: "no plan", file: "original.yaml")
        let analysis = try Pipeline.analyse(scenarioAt: original)
        let approved = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
        try PlanWriter.write(approved, to: district.folder.appendingPathComponent("approved"))
        let scenario = try district.scenario(yaml(3e8), name: "no plan")
        var options = SolveOptions()
        options.timeLimitSeconds = 0.001
        let revision = try Revise.revise(scenarioAt: scenario, approvedAt: district.folder.appendingPathComponent("approved/plan.geojson"), options: options)
        #expect(revision.warnings.contains { $0.contains("found no plan within its limit") }, "\(revision.warnings)")
        let value = try #require(revision.value)
        #expect(revision.changeCount > 0)
        for change in revision.changes where change.counted {
            #expect(change.approvedYear == 2026 && change.kind != .added, "\(change.id): \(change.kind)")
        }
        let folder = district.folder.appendingPathComponent("revised")
        try PlanWriter.write(revision.result, to: folder)
        let (evaluation, _, _) = try Evaluation.evaluate(scenarioAt: scenario, planAt: folder.appendingPathComponent("plan.geojson"))
        #expect(evaluation.feasible, "\(evaluation.violations)")
        #expect(abs(evaluation.objective - value) <= 1e-6 * max(1, value))
    }

    /// The neighbourhood searches offer the reserve most value per yuan first, and the best 30
    /// at most: a cluster `revise` wants back (an approved one) may have far less. Named in
    /// `reserveFirst`, it heads the reserve in every year's neighbourhood with the reserve; not
    /// named, the cluster of least value per yuan is in none of them (here the reserve is every
    /// cluster, the plan being empty, and there are more than 30).
    @Test func theApprovedClustersHeadTheReserve() throws {
        let district = try GeneratedDistrict(estates: 150, seed: 41)
        defer { district.remove() }
        let scenario = try district.scenario("horizon: {start: 2025, years: 3}\nbudget: {annual_yuan: 3e7}\nreport: {language: en}\n", name: "reserve first")
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let model = PlanModel(analysis: analysis)
        let open = model.clusterColumns.indices.filter { model.program.columns[model.clusterColumns[$0][0]].upper > 0.5 }
        try #require(open.count > 30)
        let last = try #require(open.min { (analysis.clusters[$0].valuePerYuan, -$0) < (analysis.clusters[$1].valuePerYuan, -$1) })
        let empty = [Double](repeating: 0, count: model.program.columns.count)
        for (reserveFirst, offered) in [([] as Set<Int>, false), ([last], true)] {
            let withReserve = model.neighbourhoods(incumbent: empty, clusters: analysis.clusters, reserveFirst: reserveFirst)[0]
            #expect(withReserve.count == 3, "one neighbourhood a year")
            for (t, free) in withReserve.enumerated() {
                #expect(free.contains(model.clusterColumns[last][t]) == offered, "year \(t), reserveFirst \(reserveFirst)")
            }
        }
    }

    /// A plan handed to the solver (`revise`'s starts) is its first incumbent, whatever an LP
    /// dive would find, and its neighbourhoods are searched before the LP relaxation (and so
    /// before RINS, which needs it): on a large district the relaxation takes most of the limit.
    /// Here the handed plan is the empty one, which the searches must improve.
    @Test func aHandedPlanIsSearchedFirst() throws {
        let district = try GeneratedDistrict(estates: 150, seed: 43)
        defer { district.remove() }
        let scenario = try district.scenario(
            "horizon: {start: 2025, years: 3}\nbudget: {annual_yuan: 3e7}\nsolver: {node_limit: 10}\nreport: {language: en}\n", name: "handed plan")
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let model = PlanModel(analysis: analysis)
        let plain = try Pipeline.solve(analysis, model: model, options: SolveOptions())
        #expect(plain.milestones.first?.stage == "LP dive", "\(plain.milestones.map(\.stage))")
        let empty = [Double](repeating: 0, count: model.program.columns.count)
        try #require(model.program.isFeasible(empty))
        let handed = try Pipeline.solve(analysis, model: model, options: SolveOptions(), start: empty)
        let stages = handed.milestones.map(\.stage)
        #expect(handed.milestones.first?.stage == "local search" && handed.milestones.first?.objective == 0, "\(stages)")
        #expect(!stages.contains("LP dive"), "\(stages)")
        #expect(stages.dropFirst().first == "neighbourhood", "the first plan better than the handed one: \(stages)")
        #expect((handed.objective ?? 0) > 0)
    }
}
