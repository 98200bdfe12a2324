import DistrictGen
import Foundation
import Testing

@testable import RenoPlan

/// SPEC §12: revising an approved plan, and alternatives.
@Suite("Annual cycle (SPEC §12)")
struct CycleTests {
    static let noNorms = "coverage: []\nnorms: []\n" + ageOnlyScore

    /// A generated 150-estate district planned over three years, in a fresh folder.
    struct Generated {
        let folder = TestFolders.fresh("renoplan-cycle")
        var scenario: URL { folder.appendingPathComponent("scenario.yaml") }

        init(seed: UInt64 = 3, budget: Double = 1.5e8, extra: String = "") throws {
            try DistrictGenerator(estates: 150, seed: seed).generate().write(to: folder)
            try """
                name: cycle \(seed)
                geodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson}
                crs: EPSG:4547
                horizon: {start: 2025, years: 3}
                budget: {annual_yuan: \(budget)}
                capacity: {households_per_year: 20000}
                solver: {time_limit_s: 30, node_limit: 200}
                report: {language: en}
                \(extra)
                """.write(to: scenario, atomically: true, encoding: .utf8)
        }

        /// Plans the scenario into `name` and returns the folder.
        func plan(_ name: String = "approved") throws -> (URL, PlanResult) {
            let analysis = try Pipeline.analyse(scenarioAt: scenario)
            let result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
            let out = folder.appendingPathComponent(name)
            try PlanWriter.write(result, to: out)
            return (out, result)
        }

        /// Rewrites one property of one estate in estates.geojson.
        func setProperty(_ id: String, _ key: String, _ value: JSONValue) throws {
            let url = folder.appendingPathComponent("estates.geojson")
            var document = try JSONIO.decodeFile(url)
            guard case .array(var features)? = document["features"] else { throw CocoaError(.fileReadCorruptFile) }
            for (i, feature) in features.enumerated() where feature["properties"]?["id"]?.stringValue == id {
                guard case .object(var f) = feature, case .object(var p)? = f["properties"] else { continue }
                p[key] = value
                f["properties"] = .object(p)
                features[i] = .object(f)
            }
            guard case .object(var root) = document else { throw CocoaError(.fileReadCorruptFile) }
            root["features"] = .array(features)
            document = .object(root)
            try JSONIO.encode(document).write(to: url)
        }
    }

    /// An approved plan.geojson (`approved.geojson` in `folder`) with each estate's year, cluster,
    /// cost and households as it was approved, its name `测试` + id (as ``TestGeo/estate`` names
    /// it: the same district), no geometry.
    /// `names` replaces some of the names (another district's plan, an estate renamed since).
    static func approvedGeoJSON(
        _ estates: [(id: String, year: Int?, cluster: String, cost: Double, households: Int)], in folder: URL, names: [String: String] = [:]
    ) throws -> URL {
        let url = folder.appendingPathComponent("approved.geojson")
        let features: [JSONValue] = estates.map { estate in
            let properties: JSONValue = [
                "id": .string(estate.id), "name": .string(names[estate.id] ?? "测试" + estate.id), "year": estate.year.map { .number(Double($0)) } ?? .null, "cluster": .string(estate.cluster),
                "cost_yuan": .number(estate.cost), "households": .number(Double(estate.households)),
            ]
            return ["type": "Feature", "geometry": .null, "properties": properties]
        }
        try JSONIO.encode(["type": "FeatureCollection", "features": .array(features)]).write(to: url)
        return url
    }

    /// Unchanged data and budgets: the revision changes nothing and keeps every total.
    @Test func unchangedDataGivesZeroChanges() throws {
        let district = try Generated()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let (approved, original) = try district.plan()
        let revision = try Revise.revise(scenarioAt: district.scenario, approvedAt: approved.appendingPathComponent("plan.geojson"))
        #expect(revision.changeCount == 0, "\(revision.changes.map { "\($0.id) \($0.reason)" })")
        #expect(revision.result.estates.map(\.year) == original.estates.map(\.year))
        #expect(!revision.totals.isEmpty)
        for total in revision.totals { #expect(abs(total.revised - total.approved) < 1e-6, "\(total)") }
        let files = try RevisionWriter.files(revision)
        let report = String(decoding: files.first { $0.name == "report.md" }!.data, as: UTF8.self)
        #expect(report.contains("## Changes to the approved plan"))
        #expect(report.contains("The approved plan stands unchanged."))
        let changes = try JSONIO.decode(files.first { $0.name == "changes.json" }!.data)
        #expect(changes["change_count"]?.numberValue == 0)
    }

    /// The plan.xlsx of a run, given as the approved plan, is the same plan as its
    /// plan.geojson: each year's sheet, its 状态 words (in either language) and its 合计 row
    /// read back, the reserve sheet left out of the plan. The revisions from both are the same.
    @Test(arguments: ["en", "zh"])
    func planWorkbookIsTheApprovedPlan(language: String) throws {
        let district = try Generated()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let text = try String(contentsOf: district.scenario, encoding: .utf8)
        try text.replacingOccurrences(of: "language: en", with: "language: \(language)").write(to: district.scenario, atomically: true, encoding: .utf8)
        let (approved, original) = try district.plan()
        let fromGeoJSON = try PlanFile.read(approved.appendingPathComponent("plan.geojson"))
        let fromWorkbook = try PlanFile.read(approved.appendingPathComponent("plan.xlsx"))
        #expect(fromWorkbook.problems.isEmpty, "\(fromWorkbook.problems.map(\.error.description))")
        func plan(_ file: PlanFile) -> [String] { file.entries.map { "\($0.id) \($0.year ?? 0) \($0.state)" }.sorted() }
        #expect(plan(fromWorkbook) == plan(fromGeoJSON))
        // Something is planned in every year (the comparison is not of two empty plans).
        #expect(Set(fromWorkbook.entries.compactMap(\.year)).count == 3)
        #expect(fromWorkbook.entries.count == original.estates.filter { $0.year != nil }.count)
        let a = try Revise.revise(scenarioAt: district.scenario, approvedAt: approved.appendingPathComponent("plan.geojson"))
        let b = try Revise.revise(scenarioAt: district.scenario, approvedAt: approved.appendingPathComponent("plan.xlsx"))
        #expect(a.result.estates.map(\.year) == b.result.estates.map(\.year))
        #expect(a.changeCount == b.changeCount)
        // The workbook kept in the data folder, beside the district's candidate sites.geojson
        // (no year or m² on them: not a plan's space), is the same approved plan.
        let kept = district.folder.appendingPathComponent("已批复计划.xlsx")
        try FileManager.default.copyItem(at: approved.appendingPathComponent("plan.xlsx"), to: kept)
        #expect(FileManager.default.fileExists(atPath: district.folder.appendingPathComponent("sites.geojson").path))
        let c = try Revise.revise(scenarioAt: district.scenario, approvedAt: kept)
        #expect(c.result.estates.map(\.year) == b.result.estates.map(\.year))
    }

    /// A revision whose search for the fewest changes stops on its node limit does not claim the
    /// fewest: changes.json says `fewest_proven: false` and the report says a plan with fewer may
    /// exist. With the scenario's limits, unchanged data needs no search and is proven.
    @Test func fewestChangesClaimedOnlyWhenProven() throws {
        let district = try Generated(budget: 0.8e8, extra: "coverage: []\nnorms: []")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let (approved, _) = try district.plan()
        let plan = approved.appendingPathComponent("plan.geojson")
        #expect(try Revise.revise(scenarioAt: district.scenario, approvedAt: plan).fewestProven)
        // 2026's money cut by 40%: estates must leave it, and where they go is a search.
        var text = try String(contentsOf: district.scenario, encoding: .utf8)
        text = text.replacingOccurrences(of: "budget: {annual_yuan: 80000000.0}", with: "budget: {annual_yuan: [8e7, 4.8e7, 8e7]}")
        try text.write(to: district.scenario, atomically: true, encoding: .utf8)
        var options = SolveOptions()
        options.limits = Scenario.SearchLimits(nodes: 1, work: nil, neighbourhoodWork: 1)
        let stopped = try Revise.revise(scenarioAt: district.scenario, approvedAt: plan, options: options)
        #expect(stopped.changeCount > 0)
        #expect(!stopped.fewestProven)
        let files = try RevisionWriter.files(stopped)
        let report = String(decoding: files.first { $0.name == "report.md" }!.data, as: UTF8.self)
        #expect(report.contains("not proven the fewest"), "\(report)")
        let changes = try JSONIO.decode(files.first { $0.name == "changes.json" }!.data)
        #expect(changes["fewest_proven"] == .bool(false))
    }

    /// 2026's money cut by 40% moves the best-value plan away from the approved one. With the
    /// fewest-changes search from the best-value plan cut to one node, the search from the
    /// approved plan still finds the fewest changes, as the full search proves them (the same
    /// penalty: changes plus the totals' shortfalls, each weighed as the model weighs it).
    @Test func fewestChangesFoundFromTheApprovedPlan() throws {
        let district = try Generated(budget: 0.8e8)
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let (approved, _) = try district.plan()
        var text = try String(contentsOf: district.scenario, encoding: .utf8)
        text = text.replacingOccurrences(of: "budget: {annual_yuan: 80000000.0}", with: "budget: {annual_yuan: [8e7, 4.8e7, 8e7]}")
        try text.write(to: district.scenario, atomically: true, encoding: .utf8)
        let plan = approved.appendingPathComponent("plan.geojson")
        let full = try Revise.revise(scenarioAt: district.scenario, approvedAt: plan)
        try #require(full.fewestProven)
        var options = SolveOptions()
        options.fromBestValueLimits = Scenario.SearchLimits(nodes: 1, work: nil, neighbourhoodWork: 1)
        let cut = try Revise.revise(scenarioAt: district.scenario, approvedAt: plan, options: options)
        #expect(cut.bestValue == full.bestValue)
        #expect(abs(cut.penalty - full.penalty) < 1e-6, "\(cut.changeCount) changes, penalty \(cut.penalty); the full search: \(full.changeCount), \(full.penalty)")
        let proven = cut.fewestProven
        #expect(proven)
    }

    /// One approved estate's consent drops below 0.80: it leaves (and only what its cluster
    /// forces moves), replacements fill its year, the totals are kept or the shortfall named.
    @Test func consentDropLeavesOnlyWhatItsClusterForces() throws {
        // Without norms, so the money a dropped estate frees is plain to see (no site space moves).
        let district = try Generated(budget: 0.8e8, extra: "coverage: []\nnorms: []")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let (approved, original) = try district.plan()
        let analysis = original.analysis
        let estates = analysis.district.estates
        // The 2026 estate that frees the most public money, if that money (with what 2026 left
        // unspent) buys some reserve cluster, so a replacement can fit.
        let in2026 = estates.indices.filter { original.estates[$0].year == 2026 }
        let room = original.years[1].budgetYuan - original.years[1].spendYuan
        let reserve = analysis.clusters.indices.filter { original.outcome.clusterYear[$0] == nil }
        let candidates = in2026.filter { e in
            reserve.contains { analysis.clusters[$0].netCostYuan <= analysis.netCostYuan(estate: e) + room }
        }
        let e = try #require(candidates.max { estates[$0].publicCostYuan < estates[$1].publicCostYuan })
        let partners = Set(analysis.clusterOfEstate[e].map { analysis.clusters[$0].members.map { estates[$0].id } } ?? [])
        try district.setProperty(estates[e].id, "consent", 0.7)
        // A slack of 25%: the estate may take much of its year's value with it, and the test is
        // about what leaves and what fills the year, not about winning value back.
        let revision = try Revise.revise(
            scenarioAt: district.scenario, approvedAt: approved.appendingPathComponent("plan.geojson"), slack: 0.25)
        let dropped = try #require(revision.changes.first { $0.id == estates[e].id })
        #expect(dropped.kind == .dropped)
        #expect(dropped.reason == "consent 0.70 < 0.80")
        // Only the estate and its former cluster partners leave or move.
        for change in revision.changes where change.kind == .dropped || change.kind == .moved {
            #expect(partners.contains(change.id), "\(change.id) \(change.kind) \(change.reason)")
        }
        // Replacements fill 2026.
        #expect(revision.changes.contains { $0.kind == .added && $0.year == 2026 })
        // Each 2026 total kept, or its shortfall named in the report.
        let report = String(decoding: try RevisionWriter.files(revision).first { $0.name == "report.md" }!.data, as: UTF8.self)
        let labels = ["estates": "estates", "buildings": "buildings", "households": "households", "floor_area_m2": "floor area (m²)", "investment_yuan": "total investment (all sources)"]
        for total in revision.totals where total.year == 2026 && total.revised < total.approved - 1e-6 * max(1, total.approved) {
            #expect(report.contains("- 2026 \(labels[total.name]!): "), "\(total)")
        }
        #expect(revision.totals.filter { $0.year == 2026 }.count == 5)
        // The value stays within the slack of the best, computed from the plan by the rules.
        let plan = Plan(estateYear: revision.result.estates.map(\.year), additions: revision.result.outcome.additions)
        let evaluation = Evaluation.evaluate(plan, revision.result.analysis)
        #expect(evaluation.violations.isEmpty, "\(evaluation.violations)")
        #expect(evaluation.objective >= 0.75 * revision.bestValue! - 1e-6)
        #expect(revision.changeCount == revision.changes.filter { $0.kind != .completed }.count)
    }

    /// Seven estates (E1–E2 one cluster), two years: the revision's cost (changes, plus each
    /// total's shortfall at one change per average approved estate's worth, docs/cycle.md) is the
    /// least possible among plans within the slack, found by enumerating every plan that keeps
    /// clusters whole; without keep_totals, its change count is.
    @Test(arguments: [true, false])
    func leastChangesByEnumeration(keepTotals: Bool) throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("E1", TestGeo.rect(0, 0), households: 300, built: 1980, cost: 4e6),
                TestGeo.estate("E2", TestGeo.rect(110, 0), households: 200, built: 1990, cost: 3e6),
                TestGeo.estate("E3", TestGeo.rect(3000, 0), households: 400, built: 1985, cost: 5e6),
                TestGeo.estate("E4", TestGeo.rect(6000, 0), households: 250, built: 1975, cost: 3e6),
                TestGeo.estate("E5", TestGeo.rect(9000, 0), households: 500, built: 1982, cost: 6e6, extra: ["consent": 0.7]),
                TestGeo.estate("E6", TestGeo.rect(12000, 0), households: 150, built: 1995, cost: 2e6),
                TestGeo.estate("E7", TestGeo.rect(15000, 0), households: 350, built: 1978, cost: 4e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [8e6, 1e7]}\nrevise: {keep_totals: \(keepTotals)}\n" + Self.noNorms)
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nE1,2025,\nE2,2025,approved\nE6,2025\nE3,2026\nE5,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let slack = 0.1
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL, slack: slack)
        let analysis = revision.result.analysis
        let estates = analysis.district.estates
        let approvedYear: [String: Int] = ["E1": 2025, "E2": 2025, "E6": 2025, "E3": 2026, "E5": 2026]

        // Every assignment of the clusters to 2025, 2026 or nothing.
        let clusters = analysis.clusters
        var plans: [(years: [Int?], value: Double, shortfall: Double, changes: Int)] = []
        for code in 0..<Int(pow(3.0, Double(clusters.count))) {
            var years = [Int?](repeating: nil, count: estates.count)
            var rest = code
            for cluster in clusters {
                let choice = rest % 3
                rest /= 3
                for e in cluster.members { years[e] = choice == 0 ? nil : 2024 + choice }
            }
            let evaluation = Evaluation.evaluate(Plan(estateYear: years, additions: []), analysis)
            guard evaluation.violations.isEmpty else { continue }
            var shortfall = 0.0
            for year in [2025, 2026] {
                let approvedIDs = approvedYear.filter { $0.value == year }.map(\.key)
                let planned = estates.indices.filter { years[$0] == year }
                func sums(_ set: [Int]) -> [Double] {
                    set.reduce([0, 0, 0, 0, 0]) { s, e in
                        let saving = analysis.clusterOfEstate[e].map { clusters[$0].members.count >= 2 ? analysis.scenario.clustering.linkedSaving : 0 } ?? 0
                        return zip(s, [1, 0, Double(estates[e].households), estates[e].floorAreaM2, estates[e].costYuan * (1 - saving)]).map { $0 + $1 }
                    }
                }
                let target = sums(approvedIDs.map { analysis.index($0) }), got = sums(planned)
                for m in 0..<5 where target[m] > 0 { shortfall += Double(approvedIDs.count) * max(0, target[m] - got[m]) / target[m] }
            }
            let changes = estates.indices.filter { years[$0] != approvedYear[estates[$0].id] }.count
            plans.append((years, evaluation.objective, keepTotals ? shortfall : 0, changes))
        }
        let best = try #require(plans.map(\.value).max())
        #expect(abs(best - revision.bestValue!) <= 1e-6 * best)
        let within = plans.filter { $0.value >= (1 - slack) * best - 1e-6 }
        let leastCost = within.map { Double($0.changes) + $0.shortfall }.min()!
        let revisedShortfall = keepTotals
            ? revision.totals.reduce(0) { total, t in
                let n = Double(approvedYear.values.filter { $0 == t.year }.count)
                return total + (t.approved > 0 ? n * t.shortfall / t.approved : 0)
            } : 0
        #expect(abs(Double(revision.changeCount) + revisedShortfall - leastCost) < 1e-6, "\(revision.changeCount) + \(revisedShortfall) vs \(leastCost)")
        if !keepTotals { #expect(revision.changeCount == within.map(\.changes).min()!) }
        // E5's consent fell: it leaves with that reason.
        #expect(revision.changes.first { $0.id == "E5" }?.reason == "consent 0.70 < 0.80")
    }

    /// Started works stay in their year even if their data now keep them out (with a warning
    /// naming them); completed estates leave the plan and the budgets with status `completed`.
    @Test func startedAndCompleted() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("S", TestGeo.rect(0, 0), households: 300, cost: 4e6, extra: ["consent": 0.6]),
                TestGeo.estate("D", TestGeo.rect(3000, 0), households: 200, cost: 9e6),
                TestGeo.estate("F", TestGeo.rect(6000, 0), households: 250, cost: 3e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\n" + Self.noNorms)
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nS,2026,started\nD,2025,completed\nF,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        #expect(revision.result.line("S").year == 2026)
        #expect(revision.warnings.count == 2)
        #expect(revision.warnings.last == "1 estate completed in 2025 (D; about 9.0M yuan) is out of the plan and the budgets: "
            + "the scenario's 2025 budget is taken as the money still to spend, so give what is left after it")
        #expect(revision.warnings.first?.contains("S is started in 2026 and stays there") == true)
        #expect(revision.warnings.first?.contains("consent 0.60 < 0.80") == true)
        #expect(revision.result.line("D").status == .completed)
        #expect(revision.result.line("D").year == nil)
        #expect(revision.changes.first { $0.id == "D" }?.reason == "completed")
        #expect(revision.result.line("F").year == 2025)
        #expect(revision.changeCount == 0)
        // D's 9M would break 2025's 5M budget: it is out of the budgets.
        #expect(revision.result.years[0].spendYuan == 3e6)
        // The map draws D in completed's colour, and the legend counts it.
        let html = try HTMLReport.html(revision.result)
        #expect(html.contains("<span class=\"swatch cp\"></span>已完成 (1)") || html.contains("<span class=\"swatch cp\"></span>completed (1)"), "legend")
        #expect(html.contains("<path class=\"cp\""), "D is drawn as completed")
        let markdown = Report.markdown(revision.result)
        #expect(markdown.contains("不符合改造条件0个，已完成1个。") || markdown.contains("0 ineligible, 1 completed."), "\(markdown.prefix(600))")
        // plan.xlsx lists D on a sheet of its own, so the sheets add up to the totals check, where
        // D counts for 2025: F alone on the 2025 sheet (250 households), D's 200 beside it.
        let workbook = PlanWorkbook(revision.result)
        let wan = { (yuan: Double) in PlanWorkbook.Cell.number(yuan / 1e4, format: PlanWorkbook.wanFormat) }
        // (The last sheet is 年度汇总, the plan year by year.)
        let sheets = workbook.sheets.dropLast()
        #expect(sheets.map { $0.rows.map { $0[1] } } == [[.text("F")], [.text("S")], [], [.text("D")]])
        #expect(sheets.last?.total?[7] == wan(9e6))
        #expect(sheets.last?.rows.first?[11] == .number(2025, format: PlanWorkbook.yearFormat), "D's approved year")
        let households = revision.totals.first { $0.year == 2025 && $0.name == "households" }
        #expect(households?.revised == 450)
        #expect(households?.approved == 450)
        // The status line says what was proven: the fewest changes within the slack.
        #expect(Report.statusLine(revision.result.outcome).contains("the fewest changes (proven)"))
        // `evaluate` on the revised plan judges S and D as revise did (plan.geojson says which
        // are started and completed): S's consent 0.60 does not gate it, D is out of the budgets.
        let out = district.folder.appendingPathComponent("revised")
        try RevisionWriter.write(revision, to: out)
        let (evaluation, given, _) = try Evaluation.evaluate(scenarioAt: url, planAt: out.appendingPathComponent("plan.geojson"))
        #expect(given.approvedStates.started == ["S": 2026] && given.approvedStates.completed == ["D"])
        #expect(evaluation.violations.isEmpty, "\(evaluation.violations)")
        #expect(abs(evaluation.objective - revision.result.outcome.objective!) < 1e-6)
        // So does `evaluate` on the approved CSV itself (its `state` column): read as a plain
        // id,year plan, S (consent 0.60) would break its gate and D's 9M with F's 3M the 2025
        // budget of 5M.
        let (fromCSV, givenCSV, _) = try Evaluation.evaluate(scenarioAt: url, planAt: approvedURL)
        #expect(givenCSV.years == ["S": 2026, "F": 2025] && givenCSV.approvedStates.completed == ["D"])
        #expect(fromCSV.violations.isEmpty, "\(fromCSV.violations)")
        // And `revise` on the revised plan.geojson keeps S started (its `approved_state`): as an
        // approved estate with consent 0.60, S would be dropped, a change.
        let again = try Revise.revise(scenarioAt: url, approvedAt: out.appendingPathComponent("plan.geojson"))
        #expect(again.result.line("S").year == 2026)
        #expect(again.result.line("D").status == .completed)
        #expect(again.changeCount == 0, "\(again.changes.map { "\($0.id) \($0.kind) \($0.reason)" })")
    }

    /// The totals check compares with the figures the plan was approved with. A and B touch, so
    /// today they are one cluster with a 5% linked saving; the approved plan.geojson had A alone
    /// (cluster C001 of one), 1M yuan and 100 households. Its approved investment is 1,000,000,
    /// not today's 950,000.
    @Test func approvedTotalsAreTheApprovedPlans() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 100, cost: 1e6),
                TestGeo.estate("B", TestGeo.rect(100, 0), households: 80, cost: 1e6),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [5e6]}\nclustering: {linked_saving: 0.05}\n" + Self.noNorms)
        let url = try district.write()
        let approvedURL = try Self.approvedGeoJSON(
            [("A", 2025, "C001", 1e6, 100), ("B", nil, "C002", 1e6, 80)], in: district.folder)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        #expect(revision.result.analysis.clusters.count == 1, "A and B are one cluster today")
        let investment = revision.totals.first { $0.year == 2025 && $0.name == "investment_yuan" }
        #expect(investment?.approved == 1_000_000)
        // Today A comes with B (2 × 950,000): nothing falls short.
        #expect(investment?.revised == 1_900_000)
    }

    /// The CLI: `revise` writes the plan folder with changes.json, and `evaluate` and `compare`
    /// take its output like any plan folder.
    @Test func reviseOutputGoesToEvaluateAndCompare() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 300, cost: 3e6),
                TestGeo.estate("B", TestGeo.rect(3000, 0), households: 200, cost: 3e6, extra: ["consent": 0.5]),
                TestGeo.estate("C", TestGeo.rect(6000, 0), households: 250, cost: 3e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\n" + Self.noNorms)
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nA,2025,completed\nB,2026\nC,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let out = district.folder.appendingPathComponent("revised")
        let logs = district.folder.appendingPathComponent("logs")
        let revise = try CLIRunner.run(["revise", url.path, "--approved", approvedURL.path, "--out", out.path], logs: logs)
        #expect(revise.status == 0, "\(revise.stderr)")
        #expect(revise.stdout.contains("1 change to approved.csv (changes.json)"), "\(revise.stdout)")
        // B's 2026 cannot be filled: nothing else is schedulable.
        #expect(revise.stdout.contains("2026 households: 200 short of the approved 200"), "\(revise.stdout)")
        let changes = try JSONIO.decodeFile(out.appendingPathComponent("changes.json"))
        let listed = changes["changes"]?.arrayValue?.map { "\($0["id"]?.stringValue ?? "") \($0["change"]?.stringValue ?? "") \($0["reason"]?.stringValue ?? "")" }
        // The counted change first, the completed estate (listed, not counted) after it.
        #expect(listed == ["B dropped consent 0.50 < 0.80", "A completed completed"])
        // The same changes in both reports: a table row in report.md and in report.html.
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(markdown.contains("## Changes to the approved plan\n"))
        // Each change names the estate beside its id (TestGeo names B 测试B).
        #expect(markdown.contains("| B | 测试B | 2026 | – | dropped | consent 0.50 < 0.80 |"), "\(markdown)")
        #expect(html.contains("<section id=\"changes\">\n<h2>Changes to the approved plan</h2>"))
        #expect(html.contains(
            "<tr><td>B</td><td>测试B</td><td class=\"num\">2026</td><td class=\"num\">–</td><td>dropped</td><td>consent 0.50 &lt; 0.80</td></tr>"), "\(html)")
        #expect(html.contains("<td class=\"num\">2026</td><td>households</td><td class=\"num\">200</td><td class=\"num\">0</td><td class=\"num\">200</td>"))
        let plan = try JSONIO.decodeFile(out.appendingPathComponent("plan.geojson"))
        let statuses = plan["features"]?.arrayValue?.map { $0["properties"]?["status"]?.stringValue ?? "" }
        #expect(statuses == ["completed", "reserve", "implement"])
        let evaluate = try CLIRunner.run(
            ["evaluate", url.path, out.appendingPathComponent("plan.geojson").path, "--out", district.folder.appendingPathComponent("eval").path], logs: logs)
        #expect(evaluate.status == 0)
        #expect(evaluate.stdout.contains("feasible"), "\(evaluate.stdout)")
        let compare = try CLIRunner.run(["compare", out.path, out.path, "--out", district.folder.appendingPathComponent("cmp").path], logs: logs)
        #expect(compare.status == 0, "\(compare.stderr)")
        // Against the plan as approved (A in 2025), A is completed in B, not dropped.
        let approvedFolder = district.folder.appendingPathComponent("approved")
        try FileManager.default.copyItem(at: out, to: approvedFolder)
        var features = plan["features"]!.arrayValue!
        var properties = features[0]["properties"]!.objectValue!
        properties["status"] = "implement"
        properties["year"] = 2025
        features[0] = ["type": "Feature", "geometry": features[0]["geometry"]!, "properties": .object(properties)]
        try JSONIO.encode(["type": "FeatureCollection", "features": .array(features)], pretty: false)
            .write(to: approvedFolder.appendingPathComponent("plan.geojson"))
        let files = try Comparison.files(approvedFolder, out)
        let map = try JSONIO.decode(files.first { $0.name == "compare.geojson" }!.data)
        #expect(map["features"]?.arrayValue?.map { $0["properties"]?["change"]?.stringValue } == ["completed"])
        let compared = String(decoding: files.first { $0.name == "compare.md" }!.data, as: UTF8.self)
        // The table of moves gives each estate's name beside its id, as plan.geojson has it.
        let name = properties["name"]?.stringValue ?? ""
        #expect(compared.contains("1 estate change year (1 of them completed in B).") && compared.contains("| A | \(name) | 2025 | completed |"), "\(compared)")
    }

    /// An approved plan with a bad state, a year outside the horizon, an id that is a typo for
    /// one in the data or an estate listed twice is an error with the line; every bad line of
    /// every kind at once, in file order (the lines PlanFile cannot read and those that do not
    /// fit the scenario's horizon or data); the CLI exits 2 and writes nothing. An id like none
    /// in the data (E9999) is an estate that is gone: a warning, said with the errors.
    @Test func badApprovedPlans() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(3000, 0)), TestGeo.estate("C", TestGeo.rect(6000, 0))],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\n" + Self.noNorms)
        let url = try district.write()
        let state = "must be one of approved (已批准/批准/已批复/批复/计划/待实施/未开工), started (已开工/开工/开工中/在建/续建/施工中), completed (已完成/完成/已竣工/竣工/完工/已完工)"
        // Before the horizon: history (done or under way) or a horizon that starts too late; after
        // it (2031, the horizon's seventh year from 2025): a horizon too short.
        let horizon = "is outside the horizon 2025–2026 (mark finished works completed and works still under way started; start the scenario's horizon at the year being revised)"
        let after = "is outside the horizon 2025–2026 (it lies after 2026: lengthen the scenario's horizon.years to 7, with a budget for each year, or take the line out of the plan)"
        let cases = [
            ("id,year,state\nA,2025,paused\n", "approved.csv:2: A: state \(state), got \"paused\""),
            ("id,year\nA,2031\n", "approved.csv:2: A: 2031 \(after)"),
            ("id,year\nA,20x5\n", "approved.csv:2: A: year must be a whole year such as 2026 (or 2026年), got \"20x5\""),
            ("id,year\nA,2025\nA,2026\n", "approved.csv:3: estate A is listed twice (also at approved.csv:2)"),
            ("id,year\nA,2025\nb,2026\n", "approved.csv:3: no estate has id b in estates.geojson (did you mean B?)"),
            // Every bad line of the file at once, of every kind, in file order: C's year, B's
            // state, the typo a (A is not listed elsewhere), C listed twice; E9999 only warned.
            ("id,year,state\nC,2024\nB,2026,finishd\na,2025\nE9999,2026\nC,2025\n",
             "approved.csv:2: C: 2024 \(horizon)\n"
                + "approved.csv:3: B: state \(state), got \"finishd\" (did you mean 'completed'?)\n"
                + "approved.csv:4: no estate has id a in estates.geojson (did you mean A?)\n"
                + "approved.csv:6: estate C is listed twice (also at approved.csv:2)"),
        ]
        for (text, message) in cases {
            let approvedURL = district.folder.appendingPathComponent("approved.csv")
            try text.write(to: approvedURL, atomically: true, encoding: .utf8)
            let invalid = #expect(throws: InvalidInput.self, "no error for \(text)") { try Revise.revise(scenarioAt: url, approvedAt: approvedURL) }
            #expect(invalid?.description == message, "\(String(describing: invalid))")
        }
        let out = district.folder.appendingPathComponent("out")
        let logs = district.folder.appendingPathComponent("logs")
        let approvedCSV = district.folder.appendingPathComponent("approved.csv")
        let run = try CLIRunner.run(["revise", url.path, "--approved", approvedCSV.path, "--out", out.path], logs: logs)
        #expect(run.status == 2)
        #expect(run.stderr.contains("approved.csv:6: estate C is listed twice"), "\(run.stderr)")
        #expect(run.stderr.contains("warning: approved.csv: 1 estate of the approved plan is not in estates.geojson"), "\(run.stderr)")
        #expect(run.stderr.contains("4 problems found; nothing was written."), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // `evaluate` reads the plan the same way and says every line too; E9999 is an error
        // there (docs/cycle.md: an estate that cannot be found cannot be judged).
        let evaluate = try CLIRunner.run(["evaluate", url.path, approvedCSV.path, "--out", out.path], logs: logs)
        #expect(evaluate.status == 2)
        #expect(evaluate.stderr.contains(
            "approved.csv:4: no estate has id a in estates.geojson (did you mean A?)\n"
                + "approved.csv:5: no estate has id E9999 in estates.geojson\napproved.csv:6: estate C is listed twice"), "\(evaluate.stderr)")
        #expect(evaluate.stderr.contains("5 problems found; nothing was written."), "\(evaluate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Today's district of the other-district tests: E0001–E0004 named 测试E000n, with 100 × n
    /// households, one year.
    static func fourEstates() -> TestDistrict {
        TestDistrict(
            estates: (1...4).map { TestGeo.estate("E000\($0)", TestGeo.rect(Double($0) * 3000, 0), households: $0 * 100) },
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n" + noNorms)
    }

    /// Another district's plan has today's ids (every generated district numbers E0001, …) but
    /// not today's estates. Today E0001–E0004 are 测试E0001–测试E0004 with 100, 200, 300 and 400
    /// households. The approved plan.geojson gives E0001 as 港务局新村 with 1,146 (both differ),
    /// E0002 as 民主里 with 50 (both), E0003 as today (neither), E0004 as 后湖 with 401 (the
    /// name only; 1 household is 0.25%): 3 of 4 names differ, more than half, so it is an
    /// error naming the file, the first three estates (both differing first) and the scenario
    /// its summary.json was written for. `evaluate` reads a plan the same way and refuses it too.
    /// Every feature counts, the reserve's too (E0004 has no year). With E0004 alone renamed it
    /// is a warning: one estate renamed is today's data, not another district.
    @Test func anotherDistrictsPlanIsAnError() throws {
        let district = Self.fourEstates()
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let plan: [(id: String, year: Int?, cluster: String, cost: Double, households: Int)] = [
            ("E0001", 2025, "C001", 1e6, 1146), ("E0002", 2025, "C002", 1e6, 50), ("E0003", 2025, "C003", 1e6, 300), ("E0004", nil, "C004", 1e6, 401),
        ]
        let approvedURL = try Self.approvedGeoJSON(plan, in: district.folder, names: ["E0001": "港务局新村", "E0002": "民主里", "E0004": "后湖"])
        try JSONIO.encode(["scenario": "光明片区 G300", "scenario_file": "g300.yaml", "years": []])
            .write(to: district.folder.appendingPathComponent("summary.json"))
        let expected = "approved.geojson: its estates are not today's estates of the same ids in estates.geojson "
            + "(3 of 4 another name, 2 of 4 households more than 20% apart): "
            + "the approved plan's E0001 is 港务局新村 with 1,146 households; today's E0001 is 测试E0001 with 100 households; "
            + "the approved plan's E0002 is 民主里 with 50 households; today's E0002 is 测试E0002 with 200 households; "
            + "the approved plan's E0004 is 后湖 with 401 households; today's E0004 is 测试E0004 with 400 households: "
            + "is it another district's plan? The summary.json beside it was written for the scenario \"光明片区 G300\" (g300.yaml); "
            + "today's is \"test\" (scenario.yaml). Give this district's plan; if it is this district's and today's data renamed "
            + "and recounted its estates, give it as a CSV id,year,state (which carries no names)"
        let revised = #expect(throws: InvalidInput.self) { try Revise.revise(scenarioAt: url, approvedAt: approvedURL) }
        #expect(revised?.description == expected, "\(String(describing: revised))")
        let evaluated = #expect(throws: InvalidInput.self) { try Evaluation.evaluate(scenarioAt: url, planAt: approvedURL) }
        #expect(evaluated?.description == expected, "\(String(describing: evaluated))")
        // One estate renamed since: revised, with a warning naming it.
        let renamed = try Self.approvedGeoJSON(
            [("E0001", 2025, "C001", 1e6, 100), ("E0002", 2025, "C002", 1e6, 200), ("E0003", 2025, "C003", 1e6, 300), ("E0004", nil, "C004", 1e6, 401)],
            in: district.folder, names: ["E0004": "后湖"])
        let revision = try Revise.revise(scenarioAt: url, approvedAt: renamed)
        #expect(revision.warnings.contains(
            "1 estate of approved.geojson has another name or households (more than 20% apart) today: E0004 (approved: 后湖 with 401 households; "
                + "today: 测试E0004 with 400 households); if renamed or recounted, nothing is wrong; if not, check its id"),
            "\(revision.warnings)")
    }

    /// The same plan as a sheet with name and households columns, as renoplan's plan.xlsx and
    /// many an office's list give them: refused the same way (a sheet was never checked).
    @Test func anotherDistrictsSheetIsAnError() throws {
        let district = Self.fourEstates()
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let sheet = district.folder.appendingPathComponent("approved.csv")
        try "小区名称,编号,户数,计划年度,状态\n港务局新村,E0001,1146,2025,\n民主里,E0002,50,2025,\n测试E0003,E0003,300,2025,\n后湖,E0004,401,,储备\n"
            .write(to: sheet, atomically: true, encoding: .utf8)
        let revised = #expect(throws: InvalidInput.self) { try Revise.revise(scenarioAt: url, approvedAt: sheet) }
        #expect(revised?.description.hasPrefix(
            "approved.csv: its estates are not today's estates of the same ids in estates.geojson "
                + "(3 of 4 another name, 2 of 4 households more than 20% apart)") == true, "\(String(describing: revised))")
        // The same sheet without those columns: nothing to compare, revised.
        try "编号,计划年度\nE0001,2025\nE0002,2025\nE0003,2025\n".write(to: sheet, atomically: true, encoding: .utf8)
        _ = try Revise.revise(scenarioAt: url, approvedAt: sheet)
    }

    /// A misspelt state column (`stat`) is the one error: without it the started estate of 2025
    /// would have been an approved estate before the horizon, said as "outside the horizon … mark
    /// finished works completed", which is not the problem. The CLI exits 2 and writes nothing.
    @Test func misspeltStateColumnIsTheOneError() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2026, years: 1}\nbudget: {annual_yuan: [5e6]}\n" + Self.noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,stat\nA,2025,started\nB,2026,\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let message = "approved.csv:1: stat is not a column renoplan reads (did you mean 'state'?); every row's state would be taken as "
            + "approved, so works started or completed would be planned again: rename the column to state"
        let error = #expect(throws: (any Error).self) { try Revise.revise(scenarioAt: url, approvedAt: approvedURL) }
        #expect(error.map { "\($0)" } == message)
        let out = district.folder.appendingPathComponent("out")
        let run = try CLIRunner.run(["revise", url.path, "--approved", approvedURL.path, "--out", out.path], logs: district.folder.appendingPathComponent("logs"))
        #expect(run.status == 2, "\(run.transcript)")
        #expect(run.stderr.contains(message) && !run.stderr.contains("outside the horizon"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// An estate pushed out of its year by a lock on another is not locked itself: its reason
    /// names the locked estate. A (locked to 2025, not in the approved plan) and B (approved for
    /// 2025) cost 1M each, and 2025 has 1M: B leaves 2025 for 2026, making room for A; the
    /// approved plan with A held in 2025 needs 2M there.
    @Test func pushedOutByAnotherEstatesLock() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e6, 1e6]}\nlocks: {A: 2025}\n" + Self.noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year\nB,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        // A's cluster id, as today's clustering names it (A alone: B is 3 km away).
        let analysis = revision.result.analysis
        let a = try #require(analysis.district.estates.firstIndex { $0.id == "A" })
        let c = try #require(analysis.clusterOfEstate[a])
        let cluster = analysis.clusters[c].id
        let b = try #require(revision.changes.first { $0.id == "B" })
        #expect(b.kind == .moved && b.year == 2026)
        #expect(b.reason.hasPrefix("makes room in 2025 for the locked A (cluster \(cluster)); 2025 budget: "), "\(b.reason)")
        #expect(!b.reason.contains("locked to"), "\(b.reason)")
        // A's own reason is its lock.
        #expect(revision.changes.first { $0.id == "A" }?.reason == "locked to 2025")
    }

    /// An estate dropped because the approved plan is worth too little says what took its money.
    /// B (100 households) is approved for 2025, C (300) is not; 2025's 1M buys one of them and
    /// value follows households (age alone scores, every estate built 1985): the approved plan
    /// is worth a third of the best, far below 99%, so C replaces B.
    @Test func droppedForValueSaysWhatTookItsRoom() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("B", TestGeo.rect(0, 0), households: 100), TestGeo.estate("C", TestGeo.rect(3000, 0), households: 300)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n" + Self.noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year\nB,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        let b = try #require(revision.changes.first { $0.id == "B" })
        #expect(b.kind == .dropped)
        // Kept instead of C, B leaves the plan worth 100 (a third of the best), below 297.
        #expect(b.reason == "makes room in 2025 for C: with B kept there instead of it, the plan would be worth 100.0, below 297.0, 99% of the best 300.0", "\(b.reason)")
    }

    /// A reason about value or totals says what a plan one change smaller would lose, with
    /// figures that bear it out. A (300 households, 1.5M yuan) and B (100, 1M) are approved for
    /// 2025, C (100, 1M) for 2026; 2025's budget is now 1.2M (A no longer fits; B does) and
    /// 2026's 1.5M (A, or one of B and C). Value follows households, so the best plan is B in
    /// 2025 and A in 2026 (100 + 300 × discount); A moves to 2026 and C leaves the plan, which
    /// is two changes. Keeping C instead (A out, one change fewer) is worth 100 + 100 ×
    /// discount, about half the best: C leaves for value, to make room for A. The approved plan
    /// (A and B in 2025) is worth more than the best (it breaks 2025's budget): the reason said
    /// "the approved plan's value 4xx is below 99% of the best 3xx" without keep_totals, and "keep
    /// that year's approved totals closer" with it, though A in 2026 keeps them no closer than C
    /// (2026's totals are kept either way, 2025's short by A's either way).
    /// The A/B/C district revised (see ``valueAndTotalsReasonsAreBorneOut(keepTotals:)``): A
    /// (300 households, 1.5M), B and C (100, 1M); budgets 1.2M and 1.5M; approved A and B in
    /// 2025, C in 2026.
    static func abcRevision(keepTotals: Bool) throws -> Revision {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 300, cost: 1.5e6),
                TestGeo.estate("B", TestGeo.rect(3000, 0), households: 100, cost: 1e6),
                TestGeo.estate("C", TestGeo.rect(6000, 0), households: 100, cost: 1e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1.2e6, 1.5e6]}\nrevise: {keep_totals: \(keepTotals)}\n" + noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year\nA,2025\nB,2025\nC,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        return try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
    }

    @Test(arguments: [false, true])
    func valueAndTotalsReasonsAreBorneOut(keepTotals: Bool) throws {
        let revision = try Self.abcRevision(keepTotals: keepTotals)
        #expect(revision.changes.map { "\($0.id) \($0.year.map(String.init) ?? "-")" } == ["A 2026", "C -"])
        let files = try RevisionWriter.files(revision)
        let changes = try JSONIO.decode(files.first { $0.name == "changes.json" }!.data)
        let best = try #require(changes["best_value"]?.numberValue)
        // The plan with C kept and A out, valued by evaluate's rules.
        let analysis = revision.result.analysis
        let keptC = Plan(estateYear: analysis.district.estates.map { ["B": 2025, "C": 2026][$0.id] }, additions: [])
        let evaluation = Evaluation.evaluate(keptC, analysis)
        #expect(evaluation.violations.isEmpty)
        #expect(evaluation.objective < 0.99 * best)
        let c = try #require(changes["changes"]?.arrayValue?.first { $0["id"]?.stringValue == "C" }?["reason"]?.stringValue)
        #expect(c == "makes room in 2026 for A: with C kept there instead of it, the plan would be worth "
            + String(format: "%.1f", evaluation.objective) + ", below " + String(format: "%.1f", 0.99 * best)
            + ", 99% of the best " + String(format: "%.1f", best), "\(c)")
        #expect(changes["changes"]?.arrayValue?.first { $0["id"]?.stringValue == "A" }?["reason"]?.stringValue?.hasPrefix("2025 budget: ") == true)
    }

    /// An estate that moves so that another can fill its year says so with the model's measure
    /// of the totals. 2025 is approved with A and B (100 households, 1M yuan each), 2026 with C
    /// (100, 1M) and D (200, 1M); B's consent falls. R (100 households, 1.2M) is in no plan:
    /// 2025's 2.1M holds A and C but not A and R, 2026's 2.2M holds D and R but not C too. So C
    /// moves to 2025 and R fills 2026 (three changes with B, every total kept) rather than
    /// leaving 2025 short by B's worth (one change, and a shortfall that costs four: one
    /// estate, 100 of 200 households, 7,000 of 14,000 m², 1M of 2M yuan, each at n_t / T = 2 / T
    /// per unit, docs/cycle.md). The slack of 50% keeps value out of it.
    @Test func totalsReasonGivesTheModelsMeasure() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(3000, 0), extra: ["consent": 0.7]),
                TestGeo.estate("C", TestGeo.rect(6000, 0)), TestGeo.estate("D", TestGeo.rect(9000, 0), households: 200),
                TestGeo.estate("R", TestGeo.rect(12000, 0), cost: 1.2e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [2.1e6, 2.2e6]}\n" + Self.noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year\nA,2025\nB,2025\nC,2026\nD,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL, slack: 0.5)
        #expect(revision.changes.map { "\($0.id) \($0.year.map(String.init) ?? "-")" } == ["B -", "C 2025", "R 2026"])
        #expect(revision.totals.allSatisfy { $0.shortfall == 0 }, "\(revision.totals)")
        #expect(revision.changes.first { $0.id == "C" }?.reason == "makes room in 2026 for R, which keep the approved years' totals closer "
            + "(revise.keep_totals): their shortfalls come to 0.00 average approved estates' worth, 4.00 with C kept there instead of it")
        #expect(revision.changes.first { $0.id == "R" }?.reason == "fills 2026 after C left")
    }

    /// Every reason that cites the value or the totals, on a generated district whose 2026
    /// budget is cut by 40%, bears out its figures against changes.json: a value below the
    /// value row's bound, (1 − slack) × best_value; the revised plan's shortfall cost (each
    /// total's shortfall at n_t / T per unit, from changes.json's totals) and a higher one with
    /// the estate's cluster back in its approved year, recomputed here from the estates.
    @Test func reasonsFiguresMatchTheChanges() throws {
        let district = try Generated(budget: 0.8e8, extra: "coverage: []\nnorms: []")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let (approved, _) = try district.plan()
        var text = try String(contentsOf: district.scenario, encoding: .utf8)
        text = text.replacingOccurrences(of: "budget: {annual_yuan: 80000000.0}", with: "budget: {annual_yuan: [8e7, 4.8e7, 8e7]}")
        try text.write(to: district.scenario, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: district.scenario, approvedAt: approved.appendingPathComponent("plan.geojson"))
        let changes = try JSONIO.decode(try RevisionWriter.files(revision).first { $0.name == "changes.json" }!.data)
        let best = try #require(changes["best_value"]?.numberValue)
        let totals = try #require(changes["totals"]?.arrayValue)
        let approvedEstates = Dictionary(
            totals.filter { $0["total"]?.stringValue == "estates" }.map { (Int($0["year"]!.numberValue!), $0["approved"]!.numberValue!) },
            uniquingKeysWith: { a, _ in a })
        let names = ["estates", "buildings", "households", "floor_area_m2", "investment_yuan"]
        /// Σ n_t / T × shortfall, each total's shortfall from the plan's estates' own figures.
        let analysis = revision.result.analysis
        let estates = analysis.district.estates
        func shortfallCost(_ years: [Int?]) -> Double {
            totals.reduce(0) { cost, total in
                let (year, approvedFigure) = (Int(total["year"]!.numberValue!), total["approved"]!.numberValue!)
                let m = names.firstIndex(of: total["total"]!.stringValue!)!
                let planned = estates.indices.filter { years[$0] == year }.reduce(0.0) { sum, e in
                    let saving = analysis.clusterOfEstate[e].map { analysis.clusters[$0].members.count >= 2 ? analysis.scenario.clustering.linkedSaving : 0 } ?? 0
                    return sum + [1, Double(estates[e].buildings ?? 0), Double(estates[e].households), estates[e].floorAreaM2, estates[e].costYuan * (1 - saving)][m]
                }
                return cost + (approvedFigure > 0 ? approvedEstates[year]! / approvedFigure * max(0, approvedFigure - planned) : 0)
            }
        }
        let revisedYears = revision.result.estates.map(\.year)
        let fromTotals = totals.reduce(0) { cost, total in
            let (year, approvedFigure) = (Int(total["year"]!.numberValue!), total["approved"]!.numberValue!)
            return cost + (approvedFigure > 0 ? approvedEstates[year]! / approvedFigure * total["shortfall"]!.numberValue! : 0)
        }
        #expect(abs(shortfallCost(revisedYears) - fromTotals) < 1e-3)
        var cited = 0
        for change in try #require(changes["changes"]?.arrayValue) {
            let reason = change["reason"]!.stringValue!
            #expect(!reason.contains("the approved plan's value"), "\(reason)")
            if let range = reason.range(of: "the plan would be worth ") {
                let figures = reason[range.upperBound...].split(separator: " ").prefix(6).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
                try #require(figures.count > 2, "\(reason)")
                let (value, bound) = (try #require(Double(figures[0])), try #require(Double(figures[2])))
                #expect(value < bound && abs(bound - 0.99 * best) < 0.06, "\(reason)")
                #expect(reason.hasSuffix("of the best " + String(format: "%.1f", best)), "\(reason)")
                cited += 1
            }
            if reason.contains("totals closer") {
                let id = change["id"]!.stringValue!
                let e = try #require(estates.firstIndex { $0.id == id })
                let approvedYear = Int(try #require(change["approved_year"]?.numberValue))
                let parts = reason.components(separatedBy: "come to ")
                try #require(parts.count == 2, "\(reason)")
                let figures = parts[1].split(separator: " ").map(String.init)
                try #require(figures.count > 4, "\(reason)")
                let (revised, other) = (try #require(Double(figures[0])), try #require(Double(figures[4])))
                #expect(abs(revised - fromTotals) < 0.01, "\(reason): \(fromTotals)")
                #expect(revised < other, "\(reason)")
                if reason.hasPrefix("keeps") {
                    // Its cluster back in its approved year, as the reason says.
                    var back = revisedYears
                    for member in analysis.clusterOfEstate[e].map({ analysis.clusters[$0].members }) ?? [e] { back[member] = approvedYear }
                    #expect(abs(shortfallCost(back) - other) < 0.01, "\(reason): \(shortfallCost(back))")
                }
                cited += 1
            }
        }
        #expect(revision.changeCount > 0)
        #expect(cited > 0)
    }

    /// The sentence under each short total says what the revision knows: with keep_totals off,
    /// that it did not try; proven the fewest, that no plan makes it up for less; not proven,
    /// that the search found none before its limit, not that none exists. The advice on a plan
    /// not proven the fewest says that a longer search may also raise the best value, and with
    /// it the value to keep (at --time-limit 20 a QA run made 10 changes where 5 s made 8).
    /// The A/B/C revision above: 2025 falls short by A's worth.
    @Test func shortfallSentencesFollowTheProof() throws {
        func report(keepTotals: Bool, proven: Bool) throws -> String {
            var revision = try Self.abcRevision(keepTotals: keepTotals)
            #expect(revision.fewestProven)
            revision.fewestProven = proven
            return String(decoding: try RevisionWriter.files(revision).first { $0.name == "report.md" }!.data, as: UTF8.self)
        }
        let households = "- 2025 households: 300 short of the approved 400; "
        let off = try report(keepTotals: false, proven: true)
        #expect(off.contains(households + "revise.keep_totals is off, so the revision did not try to keep it."), "\(off)")
        let proven = try report(keepTotals: true, proven: true)
        #expect(proven.contains(households + "within the budgets, capacity and value slack, no plan makes it up at a lower cost"), "\(proven)")
        let stopped = try report(keepTotals: true, proven: false)
        #expect(stopped.contains(households + "the search found no plan within the budgets, capacity and value slack that makes it up"), "\(stopped)")
        #expect(stopped.contains("; not proven: a longer search may find one."))
        for text in [off, proven, stopped] { #expect(!text.contains("allow no more"), "\(text)") }
        #expect(stopped.contains("it may also find a higher best value, which raises the value the revision must keep (99% of it) and can take more changes"), "\(stopped)")
    }

    /// A started estate the scenario locks to another year contradicts the scenario: works under
    /// way hold their year. `revise` and `evaluate` read a plan through the same code and both
    /// refuse it, naming the line and the lock (`evaluate` judged it before, with no `lock`
    /// violation: the started year had overridden the lock).
    @Test func startedEstateAgainstALock() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\nlocks: {A: 2025}\n" + Self.noNorms)
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nA,2026,started\nB,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        func refused(_ body: () throws -> Void) {
            do {
                try body()
                Issue.record("no error")
            } catch {
                let text = "\(error)"
                #expect(text.hasPrefix("approved.csv:2: A is started in 2026 but the scenario's locks.A (line "), "\(text)")
                #expect(text.hasSuffix(") says otherwise: remove that lock"), "\(text)")
            }
        }
        refused { _ = try Revise.revise(scenarioAt: url, approvedAt: approvedURL) }
        refused { _ = try Evaluation.evaluate(scenarioAt: url, planAt: approvedURL) }
    }

    /// An approved estate that is no longer in the data (E0279: demolished) leaves the plan
    /// with a warning, as a counted change "not in today's data", and counts in the approved
    /// totals as the approved plan.geojson had it (150 households, 1.5M yuan). 2025's budget of
    /// 5M holds E0011 (3M, 300 households) and the unplanned E0012 (1M, 100 households), which
    /// fills 2025 after E0279 left: 2 estates as approved, 400 of 450 households, 4M of 4.5M.
    @Test func approvedEstateNoLongerInTheData() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("E0011", TestGeo.rect(0, 0), households: 300, cost: 3e6),
                TestGeo.estate("E0012", TestGeo.rect(3000, 0), households: 100, cost: 1e6),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [5e6]}\n" + Self.noNorms)
        let url = try district.write()
        let approvedURL = try Self.approvedGeoJSON(
            [("E0011", 2025, "C001", 3e6, 300), ("E0279", 2025, "C002", 1.5e6, 150), ("E0012", nil, "C003", 1e6, 100)], in: district.folder)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        #expect(revision.warnings == [
            "1 estate of the approved plan is not in estates.geojson (demolished, merged or removed from the reserve?): "
                + "E0279 (approved.geojson: feature #1, 2025); it leaves the plan as a change with the reason \"not in today's data\" "
                + "(a completed one is only listed); if an id is a typo, correct its line",
        ])
        #expect(revision.changes.map { "\($0.id) \($0.kind) \($0.reason)" } == [
            "E0012 added fills 2025 after E0279 left", "E0279 dropped not in today's data",
        ])
        #expect(revision.changeCount == 2)
        func total(_ name: String) -> String {
            revision.totals.first { $0.name == name }.map { "\($0.approved) \($0.revised)" } ?? "-"
        }
        #expect(total("estates") == "2.0 2.0")
        #expect(total("households") == "450.0 400.0")
        #expect(total("investment_yuan") == "4500000.0 4000000.0")
        let files = try RevisionWriter.files(revision)
        let changes = try JSONIO.decode(files.first { $0.name == "changes.json" }!.data)
        #expect(changes["change_count"]?.numberValue == 2)
        #expect(changes["changes"]?.arrayValue?.last?["approved_year"]?.numberValue == 2025)
        let report = String(decoding: files.first { $0.name == "report.md" }!.data, as: UTF8.self)
        // Today's data has no E0279 to name: the name is the approved plan's.
        #expect(report.contains("| E0279 | 测试E0279 | 2025 | – | dropped | not in today's data |"), "\(report)")
        #expect(report.contains("| E0012 | 测试E0012 | – | 2025 | added | fills 2025 after E0279 left |"), "\(report)")

        // Started, E0279's works hold 2025's money: it cannot leave the plan with the data.
        try "id,year,state\nE0011,2025\nE0279,2025,started\n".write(
            to: district.folder.appendingPathComponent("started.csv"), atomically: true, encoding: .utf8)
        #expect {
            try Revise.revise(scenarioAt: url, approvedAt: district.folder.appendingPathComponent("started.csv"))
        } throws: { error in
            "\(error)".contains("started.csv:3: no estate has id E0279 in estates.geojson, but its works are under way (started): "
                + "works under way cannot leave the plan; put the estate back in estates.geojson, or mark it completed if its works are done")
        }
    }

    /// `revise` never overwrites the record of what was approved: an `--out` holding the
    /// approved plan.geojson, or the summary.json read beside an approved CSV, is refused as bad
    /// usage (exit 64) and nothing is written. A negative `--slack` reaches the range check
    /// (exit 2) instead of being taken for an option.
    @Test func reviseKeepsTheApprovedPlan() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\n" + Self.noNorms)
        let url = try district.write()
        let out = district.folder.appendingPathComponent("out")
        try PlanWriter.write(try district.plan(), to: out)
        let plan = out.appendingPathComponent("plan.geojson")
        let before = try Data(contentsOf: plan)
        let logs = district.folder.appendingPathComponent("logs")
        let run = try CLIRunner.run(["revise", url.path, "--approved", plan.path, "--out", out.path + "/"], logs: logs)
        #expect(run.status == 64, "\(run.transcript)")
        #expect(run.stderr.contains(
            "--out \(out.path)/ would overwrite the approved plan \(plan.path) and the summary.json (the budgets it was approved with) "
                + "beside it: write the revision into another folder, e.g. --out \(out.path)/revised"), "\(run.stderr)")
        #expect(try Data(contentsOf: plan) == before)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("changes.json").path))
        // An approved CSV in the folder: revise would replace the summary.json it reads.
        let csv = out.appendingPathComponent("approved.csv")
        try "id,year\nA,2025\n".write(to: csv, atomically: true, encoding: .utf8)
        let beside = try CLIRunner.run(["revise", url.path, "--approved", csv.path, "--out", out.path], logs: logs)
        #expect(beside.status == 64)
        #expect(beside.stderr.contains("would overwrite the summary.json (the budgets it was approved with) beside the approved plan \(csv.path)"), "\(beside.stderr)")
        // alternatives --approved too: its top folder holds no plan (the files go), each alt-N one.
        let alternativesFolder = district.folder.appendingPathComponent("alternatives-run")
        let altPlan = alternativesFolder.appendingPathComponent("alt-2/plan.geojson")
        try FileManager.default.createDirectory(at: altPlan.deletingLastPathComponent(), withIntermediateDirectories: true)
        try before.write(to: altPlan)
        for (approved, folder) in [(plan, out), (altPlan, alternativesFolder)] {
            let run = try CLIRunner.run(["alternatives", url.path, "--approved", approved.path, "--out", folder.path], logs: logs)
            #expect(run.status == 64, "\(run.transcript)")
            #expect(run.stderr.contains(
                "--out \(folder.path) would overwrite the approved plan \(approved.path)"), "\(run.stderr)")
            #expect(run.stderr.contains("write the alternatives into another folder, e.g. --out \(folder.path)/alternatives"), "\(run.stderr)")
            #expect(try Data(contentsOf: approved) == before)
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("alternatives.json").path))
        let negative = try CLIRunner.run(
            ["revise", url.path, "--approved", csv.path, "--out", district.folder.appendingPathComponent("revised").path, "--slack", "-0.1"], logs: logs)
        #expect(negative.status == 2, "\(negative.transcript)")
        #expect(negative.stderr.contains("--slack: must be at least 0 and below 1, got -0.1"), "\(negative.stderr)")
        // alternatives' --slack and --min-diff reach their range checks too.
        let alternatives = district.folder.appendingPathComponent("alternatives")
        for (option, message) in [("--slack", "--slack: must be at least 0 and below 1, got -0.1"), ("--min-diff", "--min-diff: must be above 0 and at most 2, got -0.1")] {
            let run = try CLIRunner.run(["alternatives", url.path, option, "-0.1", "--out", alternatives.path], logs: logs)
            #expect(run.status == 2, "\(run.transcript)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: alternatives.path))
        }
    }

    /// Started estates lock their clusters: two started neighbours in different years are an
    /// error naming both, at the approved plan's lines; an approved neighbour of a started
    /// estate moves with it and says why.
    @Test func startedEstatesHoldTheirClusters() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(110, 0)), TestGeo.estate("C", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\n" + Self.noNorms)
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nA,2025,started\nB,2026,started\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let split = #expect(throws: InvalidInput.self, "no error for a started cluster split over two years") {
            try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        }
        #expect(split?.description.contains("approved.csv:3: B is started in 2026 but A (approved.csv:2) is started in 2025") == true,
                "\(String(describing: split))")
        try "id,year,state\nA,2026,started\nB,2025\nC,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        #expect(revision.result.line("B").year == 2026)
        #expect(revision.changes.first { $0.id == "B" }?.reason == "held in 2026 with its cluster C001 by the lock on A")
        #expect(revision.changeCount == 1)
    }

    /// Alternatives on a generated district: read back from the files, every plan is feasible,
    /// within the slack of the best, and each pair differs in at least the required number of
    /// estate-year assignments (counted here from the plan.geojson files).
    @Test func alternativesHoldTheirCuts() throws {
        let district = try Generated(seed: 5)
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let analysis = try Pipeline.analyse(scenarioAt: district.scenario)
        let plans = try Alternatives.find(analysis, count: 3, slack: 0.05, minDiff: 0.2)
        let out = district.folder.appendingPathComponent("alternatives")
        try AlternativesWriter.write(plans, to: out)
        let summary = try JSONIO.decodeFile(out.appendingPathComponent("alternatives.json"))
        let found = Int(try #require(summary["found"]?.numberValue))
        #expect(found == 3, "\(summary["short_by"] ?? .null)")
        var years: [[String: Int]] = []
        var values: [Double] = []
        for k in 1...found {
            let folder = out.appendingPathComponent("alt-\(k)")
            let given = try GivenPlan.load(from: folder.appendingPathComponent("plan.geojson"))
            years.append(given.years)
            let evaluation = try Evaluation.evaluate(given, analysis)
            #expect(evaluation.violations.isEmpty, "alt-\(k): \(evaluation.violations)")
            values.append(evaluation.objective)
        }
        let best = values[0]
        #expect(abs(best - summary["best_value"]!.numberValue!) < 1e-3)
        let required = Int((0.2 * Double(years[0].count)).rounded(.up))
        #expect(summary["required_difference"]?.numberValue == Double(required))
        for k in values.indices { #expect(values[k] >= 0.95 * best - 1e-6, "alt-\(k + 1) \(values[k]) of \(best)") }
        for i in years.indices {
            for j in years.indices where j > i {
                let ids = Set(years[i].keys).union(years[j].keys)
                let difference = ids.reduce(0) { total, id in
                    let (a, b) = (years[i][id], years[j][id])
                    return a == b ? total : total + (a == nil || b == nil ? 1 : 2)
                }
                #expect(difference >= required, "alt-\(i + 1) vs alt-\(j + 1): \(difference) < \(required)")
                #expect(summary["differences"]?.arrayValue?[i].arrayValue?[j].numberValue == Double(difference))
            }
        }
    }

    /// Later alternatives are solved under the cuts with a fifth of the limits, and the first
    /// solve is not proven optimal, so a later one can be worth more. On this district (seed 1,
    /// a budget of 1.0e8, 200 nodes) the first solve stops at 4137.9 and the third finds 4145.2
    /// (the case is found by trying districts: which solve finds more depends on the search's
    /// path). The plans are numbered by value: alt-1 is the highest, no loss is negative, and the
    /// text says alt-1 is not proven the best. With a slack of 0.1%, the first plan falls below
    /// 99.9% of the best found later and is left out: every plan kept is within the slack of alt-1.
    @Test func alternativesAreNumberedByValue() throws {
        let district = try Generated(seed: 1, budget: 1.0e8)
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let analysis = try Pipeline.analyse(scenarioAt: district.scenario)
        let plans = try Alternatives.find(analysis, count: 3, slack: 0.05, minDiff: 0.2)
        #expect(plans.alternatives.count == 3)
        // The case this test is about: a later solve beat the first.
        #expect(plans.alternatives.first?.solve != 1, "\(plans.alternatives.map { ($0.solve, $0.value) })")
        #expect(plans.firstValue < plans.bestValue)
        let out = district.folder.appendingPathComponent("alternatives")
        try AlternativesWriter.write(plans, to: out)
        let summary = try JSONIO.decodeFile(out.appendingPathComponent("alternatives.json"))
        let listed = try #require(summary["alternatives"]?.arrayValue)
        let objectives = listed.compactMap { $0["objective"]?.numberValue }
        #expect(listed.map { $0["name"]?.stringValue } == ["alt-1", "alt-2", "alt-3"])
        #expect(objectives == objectives.sorted(by: >), "highest first: \(objectives)")
        #expect(summary["best_value"]?.numberValue == objectives.first)
        for (entry, objective) in zip(listed, objectives) {
            let loss = try #require(entry["loss"]?.numberValue)
            #expect(loss >= 0 && abs(loss - (objectives[0] - objective) / objectives[0]) < 1e-6, "\(entry)")
            #expect(objective >= 0.95 * objectives[0] - 1e-6)
        }
        // Each folder holds the plan it is named for (its value from the files), and the cuts
        // still hold pairwise after the renumbering.
        var years: [[String: Int]] = []
        for k in 1...3 {
            let given = try GivenPlan.load(from: out.appendingPathComponent("alt-\(k)/plan.geojson"))
            #expect(abs(try Evaluation.evaluate(given, analysis).objective - objectives[k - 1]) < 1e-3)
            years.append(given.years)
        }
        let required = Int(try #require(summary["required_difference"]?.numberValue))
        for i in years.indices {
            for j in years.indices where j > i {
                let difference = Set(years[i].keys).union(years[j].keys).reduce(0) { total, id in
                    let (a, b) = (years[i][id], years[j][id])
                    return a == b ? total : total + (a == nil || b == nil ? 1 : 2)
                }
                #expect(difference >= required)
                #expect(summary["differences"]?.arrayValue?[i].arrayValue?[j].numberValue == Double(difference))
            }
        }
        let markdown = try String(contentsOf: out.appendingPathComponent("alternatives.md"), encoding: .utf8)
        #expect(!markdown.contains("| -"), "no negative loss")
        #expect(markdown.contains("alt-1 is not proven the best: the solver's bound is "), "\(markdown)")
        let first = try #require(plans.alternatives.firstIndex { $0.solve == 1 })
        let found = try #require(plans.alternatives.first)
        #expect(markdown.contains(String(format: "The first solve's plan (alt-%d, %.1f) is not the best: solve %d", first + 1, plans.firstValue, found.solve)), "\(markdown)")

        let tight = try Alternatives.find(analysis, count: 3, slack: 0.001, minDiff: 0.2)
        #expect(tight.dropped >= 1, "\(tight.alternatives.map { ($0.solve, $0.value) })")
        #expect(!tight.alternatives.contains { $0.solve == 1 })
        for a in tight.alternatives { #expect(a.value >= 0.999 * tight.bestValue - 1e-6, "\(a.name) \(a.value) of \(tight.bestValue)") }
    }

    /// `alternatives --approved` reads the approved plan as `revise` does: in every alternative
    /// the started estate stays in its year and the completed one is out of the plan and the
    /// budgets. Four estates 3 km apart (four clusters), 5M yuan a year, ages equal (built 1985),
    /// so a plan's value is its households, 2026's discounted. Without the approved plan the best
    /// is D (400 households, 2M) with A (300, 3M) in 2025 and C (250, 3M) in 2026: D and A fill
    /// 2025 exactly. With A started in 2026 and D completed, 2025 takes one of B or C (3M each,
    /// both would be 6M) and 2026 holds A (3M) and nothing else that fits: alt-1 is C in 2025
    /// and A in 2026, alt-2 B in 2025 and A in 2026 (one estate-year apart at least: D = 0.5 of 2).
    @Test func alternativesKeepTheApprovedPlansWorks() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 300, cost: 3e6),
                TestGeo.estate("B", TestGeo.rect(3000, 0), households: 200, cost: 3e6),
                TestGeo.estate("C", TestGeo.rect(6000, 0), households: 250, cost: 3e6),
                TestGeo.estate("D", TestGeo.rect(9000, 0), households: 400, cost: 2e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\n" + Self.noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let logs = district.folder.appendingPathComponent("logs")
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nA,2026,started\nD,2025,completed\nB,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        func years(_ folder: URL) throws -> [String: String] {
            let plan = try JSONIO.decodeFile(folder.appendingPathComponent("plan.geojson"))
            return Dictionary(uniqueKeysWithValues: try #require(plan["features"]?.arrayValue).map { feature in
                let p = feature["properties"]
                return (p?["id"]?.stringValue ?? "", "\(p?["year"]?.numberValue.map { String(Int($0)) } ?? "-") \(p?["status"]?.stringValue ?? "")")
            })
        }
        // Without it, A and D are in 2025 (the approved plan's works are not known).
        let free = district.folder.appendingPathComponent("free")
        let plain = try CLIRunner.run(["alternatives", url.path, "--count", "2", "--slack", "0.5", "--min-diff", "0.5", "--out", free.path], logs: logs)
        #expect(plain.status == 0, "\(plain.transcript)")
        #expect(try years(free.appendingPathComponent("alt-1"))["D"] == "2025 implement")
        #expect(try years(free.appendingPathComponent("alt-1"))["A"] == "2025 implement")

        let out = district.folder.appendingPathComponent("alternatives")
        let run = try CLIRunner.run(
            ["alternatives", url.path, "--approved", approvedURL.path, "--count", "2", "--slack", "0.5", "--min-diff", "0.5", "--out", out.path],
            logs: logs)
        #expect(run.status == 0, "\(run.transcript)")
        // The same warning as `revise` gives about D's money.
        #expect(run.stderr.contains("1 estate completed in 2025 (D; about 2.0M yuan) is out of the plan and the budgets"), "\(run.stderr)")
        let summary = try JSONIO.decodeFile(out.appendingPathComponent("alternatives.json"))
        #expect(summary["found"]?.numberValue == 2, "\(summary)")
        #expect(summary["approved_plan"]?.stringValue == "approved.csv")
        #expect(try years(out.appendingPathComponent("alt-1")) == ["A": "2026 prepare", "B": "- reserve", "C": "2025 implement", "D": "- completed"])
        #expect(try years(out.appendingPathComponent("alt-2")) == ["A": "2026 prepare", "B": "2025 implement", "C": "- reserve", "D": "- completed"])
        for k in 1...2 {
            let folder = out.appendingPathComponent("alt-\(k)")
            // D's 2M is in no year's spending: 2025 spends the one 3M estate.
            let years = try #require(try JSONIO.decodeFile(folder.appendingPathComponent("summary.json"))["years"]?.arrayValue)
            #expect(years.map { $0["spend_yuan"]?.numberValue } == [3e6, 3e6], "alt-\(k)")
            // Each alternative evaluates clean as `revise`'s output would (approved_state).
            let evaluation = try CLIRunner.run(
                ["evaluate", url.path, folder.appendingPathComponent("plan.geojson").path, "--out", district.folder.appendingPathComponent("eval-\(k)").path],
                logs: logs)
            #expect(evaluation.stdout.contains("feasible") && !evaluation.stdout.contains("violations"), "\(evaluation.transcript)")
        }
        let markdown = try String(contentsOf: out.appendingPathComponent("alternatives.md"), encoding: .utf8)
        #expect(markdown.contains("After the approved plan approved.csv: in every plan, started estates stay in their year (1: A) and completed ones are out of the plan and the budgets (1: D)."), "\(markdown)")
        // A year outside the horizon is the same error as for `revise`, exit 2.
        try "id,year,state\nA,2026,started\nB,2031\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["alternatives", url.path, "--approved", approvedURL.path, "--out", out.path], logs: logs)
        #expect(bad.status == 2, "\(bad.transcript)")
        #expect(bad.stderr.contains("approved.csv:3") && bad.stderr.contains("2031 is outside the horizon"), "\(bad.stderr)")
    }

    /// Works started before the horizon are under way (续建) in every alternative, and
    /// alternatives.md counts and names them as such: U started in 2024, the horizon starts in
    /// 2025; nothing is started in a horizon year or completed.
    @Test func alternativesNameTheWorksUnderWay() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("U", TestGeo.rect(0, 0)), TestGeo.estate("A", TestGeo.rect(3000, 0)), TestGeo.estate("B", TestGeo.rect(6000, 0))],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n" + Self.noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nU,2024,started\nA,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let base = try Revise.analyse(scenarioAt: url, approvedAt: approvedURL)
        var plans = try Alternatives.find(base.analysis, count: 1, slack: 0.5, minDiff: 0.5)
        plans.approvedPlan = base.approved.source
        #expect(plans.alternatives.first?.result.line("U").status == .underWay)
        let markdown = AlternativesWriter.markdown(plans)
        #expect(markdown.contains(
            "After the approved plan approved.csv: in every plan, started estates stay in their year (0), works started before 2025 and "
                + "still under way (续建) are out of the plan and the budgets (1: U), and completed ones are out of the plan and the budgets (0)."),
            "\(markdown)")
    }

    /// `validate` names clusters that can never be planned: A+B cost 12M together against a
    /// 10M budget (each alone would fit); C+D are both extended (built 2003), so their 300
    /// households need 2,000 in their year under the 15% cap, and the 8M left after their own 2M
    /// buys at most E's 400 (2M) and, as a fractional bound, half of A+B's 200 (6M of 12M): 800.
    @Test func validateNamesClustersThatNeverFit() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), cost: 6e6),
                TestGeo.estate("B", TestGeo.rect(110, 0), cost: 6e6),
                TestGeo.estate("C", TestGeo.rect(3000, 0), households: 150, built: 2003, cost: 1e6),
                TestGeo.estate("D", TestGeo.rect(3110, 0), households: 150, built: 2003, cost: 1e6),
                TestGeo.estate("E", TestGeo.rect(6000, 0), households: 400, cost: 2e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 1e7]}\n" + Self.noNorms)
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.errors.isEmpty, "\(report.errors)")
        // Two cluster warnings (the data notices, e.g. defaults taken, come too).
        #expect(report.warnings.filter { $0.contains("cluster C") }.count == 2, "\(report.warnings)")
        let ab = try #require(report.warnings.first { $0.contains("cluster C001 (A, B;") })
        #expect(ab.contains("can never be planned: even alone in a year it breaks"))
        // In validate's English, though the scenario's report language is Chinese (the default).
        #expect(ab.contains("e.g. 2025 budget: 12.0M yuan needed, 10.0M yuan available (2.0M yuan short)"), "\(ab)")
        #expect(ab.contains("lower clustering.max_households or clustering.adjacency_m"))
        let cd = try #require(report.warnings.first { $0.contains("cluster C002 (C, D;") })
        #expect(cd.contains("its 300 extended-target households need at least 2,000 households"), "\(cd)")
        #expect(cd.contains("no year's budget buys more than about 800"), "\(cd)")
    }

    /// With funding sources, a cluster costing more than any year's sources together (E: 9M
    /// against 4M + 3M) can never be planned, and validate says that, not something else.
    @Test func validateNamesAClusterAboveAnyYearsSources() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("E", TestGeo.rect(0, 0), cost: 9e6), TestGeo.estate("F", TestGeo.rect(3000, 0))],
            scenario: """
                horizon: {start: 2025, years: 2}
                funding:
                  - {source: central_subsidy, annual_yuan: [3e6, 3e6], covers: [basic]}
                  - {source: local_budget, annual_yuan: [4e6, 4e6], covers: [basic, improve, upgrade, sites]}

                """ + Self.noNorms)
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.filter { $0.contains("can never be planned") } == [
            "estate E (100 households, 9.0M yuan) can never be planned: it costs more than any year's money (at most 7.0M yuan)"
        ], "\(report.warnings)")
    }

    /// A lock to a year the cluster cannot fit even alone: validate says so before plan finds
    /// the scenario infeasible. E costs 6.6M, locked to 2026 whose budget is 5M.
    @Test func validateNamesALockThatCannotHold() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("E", TestGeo.rect(0, 0), cost: 6.6e6), TestGeo.estate("F", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 5e6]}\nlocks: {E: 2026}\n" + Self.noNorms)
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.filter { $0.contains("locked to") } == [
            "estate E (100 households, 6.6M yuan) is locked to 2026 (locks), but even alone in 2026 it breaks 2026 budget: 6.6M yuan "
                + "needed, 5.0M yuan available (1.6M yuan short): plan would be infeasible (exit 3); unlock it, lock it to another "
                + "year or give 2026 more money"
        ], "\(report.warnings)")
    }

    /// The demo: its own plan, given back as the approved plan under unchanged data and budgets,
    /// comes back with zero changes.
    @Test func demoUnchangedGivesZeroChanges() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scenario = root.appendingPathComponent("scenarios/demo.yaml")
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
        let folder = TestFolders.fresh("renoplan-demo-revise")
        defer { try? FileManager.default.removeItem(at: folder) }
        try PlanWriter.write(result, to: folder.appendingPathComponent("approved"))
        let revision = try Revise.revise(scenarioAt: scenario, approvedAt: folder.appendingPathComponent("approved/plan.geojson"))
        #expect(revision.changeCount == 0)
        #expect(revision.result.estates.map(\.year) == result.estates.map(\.year))
        for total in revision.totals { #expect(total.shortfall == 0, "\(total)") }
    }
}
