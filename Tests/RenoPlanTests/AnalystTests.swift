import Foundation
import Testing

@testable import RenoPlan

/// The analysts' toolkit: the status-quo ranking, evaluation of given plans, comparison, sweep.
@Suite("Analysts' toolkit")
struct AnalystTests {
    static func far(_ i: Int) -> JSONValue { TestGeo.rect(Double(i) * 3000, 0) }

    /// A CSV plan carries no site space, so an estate short of a norm breaks it every year from
    /// its renovation year on. N1 and N2 (1,000 people each, 200 m apart, not a cluster) share
    /// facility F's 50 m² (both within 1,000 m): 50 / 2,000 = 0.025 m²/person each, 0.075 short
    /// of 0.1; site S (200 m², both in reach) could give 200 / 2,000 = 0.1 more: attainable
    /// 0.125. Planned 2025 in a three-year horizon, each breaks the norm in 2025, 2026 and 2027:
    /// 6 of the 8 violations. The other two are G's consent gate (0.5) and 2025's budget (N1, N2
    /// and G, 3M yuan, of 1.5M). evaluation.md leads with those two, then lists N1 and N2 once
    /// each with their first year's figures, and says the norms assume nothing is built;
    /// evaluation.json still lists all 8. With 160 m² at S in 2025 (a plan.geojson and its
    /// sites.geojson), N1 and N2 reach 0.025 + 160 / 2,000 = 0.105: only the gate and budget remain.
    @Test func evaluationLeadsWithTheRulesAndGroupsNorms() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("N1", TestGeo.rect(0, 0), extra: ["population": 1000]),
                TestGeo.estate("N2", TestGeo.rect(300, 0), extra: ["population": 1000]),
                TestGeo.estate("G", Self.far(3), extra: ["consent": 0.5]),
            ],
            facilities: [TestGeo.facility("F", "elderly_care", 200, 50, capacity: 50)],
            sites: [TestGeo.site("S", 200, 150, area: 200, costPerM2: 1)],
            scenario: "horizon: {start: 2025, years: 3}\nbudget: {annual_yuan: 1.5e6}\ncoverage: []\n"
                + "norms: [{kind: elderly_care, m2_per_person: 0.1, within: 15}]\n" + ageOnlyScore)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let csv = district.folder.appendingPathComponent("plan.csv")
        try "id,year\nN1,2025\nN2,2025\nG,2025\n".write(to: csv, atomically: true, encoding: .utf8)
        let out = district.folder.appendingPathComponent("eval")
        let logs = district.folder.appendingPathComponent("logs")
        let run = try CLIRunner.run(["evaluate", url.path, csv.path, "--out", out.path], logs: logs)
        #expect(run.status == 0, "\(run.transcript)")
        // The console: the two real findings in words first, then the norms by estate, then the note.
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(run.stdout)")
        #expect(lines.first?.hasSuffix("8 violations") == true)
        #expect(lines.dropFirst().first?.hasPrefix("  gate 2025 G: ") == true, "\(run.stdout)")
        #expect(lines.dropFirst(2).first?.hasPrefix("  budget 2025: ") == true, "\(run.stdout)")
        #expect(lines.dropFirst(3).first == "  norm: 2 estates short of a facility norm (6 estate-years, counted every year from the renovation year on; evaluation.md lists them by estate)")
        #expect(lines.last?.hasPrefix("note: plan.csv gives no new facility space at all (a CSV plan has no sites), so the norm violations assume nothing is built.") == true, "\(run.stdout)")

        let json = try JSONIO.decodeFile(out.appendingPathComponent("evaluation.json"))
        let violations = try #require(json["violations"]?.arrayValue)
        #expect(violations.map { "\($0["rule"]!.stringValue!) \($0["id"]?.stringValue ?? "-")" }
            == ["gate G", "budget -", "norm N1", "norm N2", "norm N1", "norm N2", "norm N1", "norm N2"])
        let first = try #require(violations.first { $0["rule"]?.stringValue == "norm" })
        #expect(first["kind"]?.stringValue == "elderly_care")
        #expect(abs(first["reached_m2_per_person"]!.numberValue! - 0.025) < 1e-9)
        #expect(first["norm_m2_per_person"]?.numberValue == 0.1)
        #expect(abs(first["attainable_m2_per_person"]!.numberValue! - 0.125) < 1e-9)
        #expect(json["site_space_given"] == .bool(false))
        let byEstate = try #require(json["norm_by_estate"]?.arrayValue)
        #expect(byEstate.map { "\($0["id"]!.stringValue!) \(Int($0["first_year"]!.numberValue!))–\(Int($0["last_year"]!.numberValue!)) \(Int($0["years"]!.numberValue!))" }
            == ["N1 2025–2027 3", "N2 2025–2027 3"])
        #expect(abs(byEstate[0]["shortfall_m2_per_person"]!.numberValue! - 0.075) < 1e-9)

        let md = try String(contentsOf: out.appendingPathComponent("evaluation.md"), encoding: .utf8)
        #expect(md.contains("**Not feasible**: 8 violations of the rules. Of them 6 are facility norms (2 estates, counted every year from the renovation year on) and 2 other rules."), "\(md)")
        #expect(md.contains("**Note**: plan.csv gives no new facility space at all"))
        let rules = try #require(md.range(of: "## Rules broken (other than facility norms)"))
        let norms = try #require(md.range(of: "## Facility norms (norm), by estate"))
        #expect(rules.lowerBound < norms.lowerBound, "the other rules first")
        #expect(md[rules.upperBound..<norms.lowerBound].contains("| gate | 2025 | G |"))
        #expect(!md[rules.upperBound..<norms.lowerBound].contains("| norm |"))
        let tail = md[norms.upperBound...]
        #expect(tail.contains("| N1 | 测试N1 | elderly_care | 2025–2027 | 0.025 | 0.100 | 0.075 | 0.125 |"), "\(tail)")
        #expect(tail.contains("| N2 | 测试N2 | elderly_care | 2025–2027 | 0.025 | 0.100 | 0.075 | 0.125 |"))
        #expect(tail.components(separatedBy: "| N1 |").count == 2, "N1 once")

        // The plan with its new space: no norm violation, no note.
        let folder = district.folder.appendingPathComponent("withSpace")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": null, "properties": {"id": "N1", "year": 2025}},
              {"type": "Feature", "geometry": null, "properties": {"id": "N2", "year": 2025}},
              {"type": "Feature", "geometry": null, "properties": {"id": "G", "year": 2025}}]}
            """.write(to: folder.appendingPathComponent("plan.geojson"), atomically: true, encoding: .utf8)
        try """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": null, "properties": {"id": "S", "kind": "elderly_care", "year": 2025, "m2": 160}}]}
            """.write(to: folder.appendingPathComponent("sites.geojson"), atomically: true, encoding: .utf8)
        let (withSpace, given, _) = try Evaluation.evaluate(scenarioAt: url, planAt: folder.appendingPathComponent("plan.geojson"))
        #expect(withSpace.violations.map(\.rule) == ["gate", "budget"], "\(withSpace.violations)")
        #expect(withSpace.normShortfalls.isEmpty)
        #expect(withSpace.noSpaceNote(given, Wording(.en)) == nil)
    }

    /// One estate or year per rule, each breaking it exactly once (1M yuan per estate, age-only
    /// scores: built 1985 → score 100, built 2003 → 55):
    /// - A and B form cluster C001; A is planned 2025, B 2026: cluster_split.
    /// - X (extended, 100 households) joins A and G in 2025: 100 of 300 = 33% > 15%: extended_cap.
    /// - G has consent 0.5 but is planned: gate.
    /// - L is locked to 2025 but planned 2026: lock.
    /// - N (1,000 people, access 50/1,000 = 0.05) is planned 2026 with no new space, though site
    ///   S could lift it to 0.15: norm.
    /// - 2026 spends B + L + N = 3M plus 150 m² × 1,000 at S2 > 2.5M: budget; and holds
    ///   100 + 100 + 200 = 400 households > 350: capacity.
    /// - 150 m² are added at S2, whose area is 100 m²: site_area.
    @Test func oneViolationOfEachRule() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0)),
                TestGeo.estate("B", TestGeo.rect(110, 0)),
                TestGeo.estate("X", Self.far(1), built: 2003),
                TestGeo.estate("G", Self.far(2), extra: ["consent": 0.5]),
                TestGeo.estate("L", Self.far(3)),
                TestGeo.estate("N", Self.far(4), households: 200, extra: ["population": 1000]),
            ],
            facilities: [TestGeo.facility("F", "elderly_care", 12_300, 50, capacity: 50)],
            sites: [
                TestGeo.site("S", 12_050, 400, area: 100, costPerM2: 2000),
                TestGeo.site("S2", 20_000, 0, area: 100, costPerM2: 1000),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [3e6, 2.5e6]}\n"
                + "capacity: {households_per_year: 350}\nlocks: {L: 2025}\ncoverage: []\n" + ageOnlyScore)
        let analysis = try district.analyse()
        let plan = GivenPlan(
            years: ["A": 2025, "X": 2025, "G": 2025, "B": 2026, "L": 2026, "N": 2026],
            sites: [.init(siteID: "S2", kind: "elderly_care", year: 2026, m2: 150)], source: "hand.csv")
        let evaluation = try Evaluation.evaluate(plan, analysis)
        let found = evaluation.violations.map { "\($0.rule) \($0.year.map(String.init) ?? "-") \($0.id ?? "-")" }
        #expect(found == [
            "gate 2025 G", "lock 2025 L", "cluster_split - C001", "budget 2026 -", "extended_cap 2025 -",
            "capacity 2026 -", "site_area - S2", "norm 2026 N",
        ])
        #expect(!evaluation.feasible)
        // 2025: A 100 + X 55 + G 100; 2026: 0.85 × (B 100 + L 100 + N 200).
        #expect(abs(evaluation.objective - (255 + 0.85 * 400)) < 1e-9)
        #expect(evaluation.violations.first { $0.rule == "budget" }!.detail == "2026 budget: 3.1M yuan needed, 2.5M yuan available (650,000 yuan short)")
        // evaluation.md in the report language: English here, Chinese by default.
        let english = try #require(try evaluation.files(scenario: analysis.scenario, plan: plan).first { $0.name == "evaluation.md" })
        #expect(String(decoding: english.data, as: UTF8.self).contains("**Not feasible**: 8 violations of the rules."))
        var chinese = analysis.scenario
        chinese.reportLanguage = .zh
        let zh = try #require(try evaluation.files(scenario: chinese, plan: plan).first { $0.name == "evaluation.md" })
        let text = String(decoding: zh.data, as: UTF8.self)
        #expect(text.contains("**不可行**：违反规则8处。"), "\(text)")
        // 2025: A, X and G, 100 households each; 2026: B, L and N, 400 households, 3M + 150 m² × 1,000 yuan spent of 2.5M.
        #expect(text.contains("| 年度 | 小区 | 户数 | 支出 | 预算 |\n|---:|---:|---:|---:|---:|\n| 2025 | 3 | 300 |"), "\(text)")
        #expect(text.contains("| 2026 | 3 | 400 | 315.0万元 | 250.0万元 |"), "\(text)")

        // The same plan from a CSV file (no site space), and an unknown estate as an input error.
        let csv = district.folder.appendingPathComponent("plan.csv")
        try "id,year\nA,2025\nB,\nX,2025\n".write(to: csv, atomically: true, encoding: .utf8)
        let fromCSV = try GivenPlan.load(from: csv)
        #expect(fromCSV.years == ["A": 2025, "X": 2025])
        #expect(try Evaluation.evaluate(fromCSV, analysis).violations.map(\.rule) == ["lock", "cluster_split", "extended_cap"])
        // Every problem of the file at once, each with its line.
        try "id,year\nZ9,2025\nA,2031\nB,20x5\nA,2026\n".write(to: csv, atomically: true, encoding: .utf8)
        #expect(throws: InputErrors.self) { try GivenPlan.load(from: csv) }
        do {
            _ = try GivenPlan.load(from: csv)
        } catch let errors as InputErrors {
            #expect(errors.description == "plan.csv:4: B: year must be a whole year such as 2026 (or 2026年), got \"20x5\"\n"
                + "plan.csv:5: estate A is listed twice (also at plan.csv:3)")
        }
        try "id,year\nZ9,2025\nA,2031\n".write(to: csv, atomically: true, encoding: .utf8)
        do {
            _ = try Evaluation.evaluate(try GivenPlan.load(from: csv), analysis)
            Issue.record("no error for an unknown estate and a year outside the horizon")
        } catch let errors as InputErrors {
            #expect(errors.description == "plan.csv:2: no estate has id Z9 in estates.geojson\n"
                + "plan.csv:3: A: 2031 is outside the horizon 2025–2026 (it lies after 2026: lengthen the scenario's horizon.years to 7, "
                + "with a budget for each year, or take the line out of the plan)", "\(errors)")
        }
        // A plan.geojson's bad features, all at once (`revise` reads it the same way): a year
        // given as text, a feature without an id, an unknown state, an estate listed twice.
        let folder = district.folder.appendingPathComponent("hand")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let geojson = folder.appendingPathComponent("plan.geojson")
        try """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": null, "properties": {"id": "A", "year": "2025"}},
              {"type": "Feature", "geometry": null, "properties": {"year": 2025}},
              {"type": "Feature", "geometry": null, "properties": {"id": "X", "year": 2025, "state": "paused"}},
              {"type": "Feature", "geometry": null, "properties": {"id": "B", "year": 2025}},
              {"type": "Feature", "geometry": null, "properties": {"id": "B", "year": 2026}}]}
            """.write(to: geojson, atomically: true, encoding: .utf8)
        do {
            _ = try GivenPlan.load(from: geojson)
            Issue.record("no error for a broken plan.geojson")
        } catch let errors as InputErrors {
            #expect(errors.description == "plan.geojson: feature #0 (A): year must be a number or null, got \"2025\"\n"
                + "plan.geojson: feature #1: id is missing\n"
                + "plan.geojson: feature #2 (X): state must be one of approved (已批准/批准/已批复/批复/计划/待实施/未开工), started (已开工/开工/开工中/在建/续建/施工中), "
                + "completed (已完成/完成/已竣工/竣工/完工/已完工), got \"paused\"\n"
                + "plan.geojson: feature #4 (B): estate B is listed twice (also at plan.geojson: feature #3)", "\(errors)")
        }
    }

    /// Ranking: scores 100 (built 1985), 75 (1995), 62.5 (2000), 1M each; budgets 1.5M and 1M.
    /// The first goes to 2025; the second does not fit 2025 (2M) and goes to 2026; the third
    /// fits neither.
    @Test func rankingFillsTheEarliestYearThatFits() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("S62", Self.far(0), built: 2000),
                TestGeo.estate("S75", Self.far(1), built: 1995),
                TestGeo.estate("S100", Self.far(2), built: 1985),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1.5e6, 1e6]}\ncoverage: []\nnorms: []\n" + ageOnlyScore
        ).analyse()
        let ranked = PlanResult(analysis: result, outcome: Pipeline.rank(result))
        #expect(ranked.yearByID == ["S100": 2025, "S75": 2026, "S62": nil])
        #expect(ranked.outcome.status == .ranked)
        #expect(abs(ranked.outcome.objective! - (100 + 0.85 * 75)) < 1e-9)
    }

    /// The ranked demo keeps every rule it knows (budget, cap, capacity, clusters, gates, locks)
    /// and breaks only the norms it ignores; a plan compared with itself has no changes.
    @Test func rankedDemoEvaluatedAndCompared() throws {
        let analysis = try Pipeline.analyse(scenarioAt: EndToEndTests.root.appendingPathComponent("scenarios/demo.yaml"))
        let ranked = PlanResult(analysis: analysis, outcome: Pipeline.rank(analysis))
        let folder = TestFolders.fresh("renoplan-rank")
        try PlanWriter.write(ranked, to: folder)
        let evaluation = try Evaluation.evaluate(try GivenPlan.load(from: folder.appendingPathComponent("plan.geojson")), analysis)
        let rules = Set(evaluation.violations.map(\.rule))
        #expect(rules == ["norm"])
        #expect(evaluation.violations.count > 10)
        #expect(abs(evaluation.objective - ranked.outcome.objective!) < 1e-6 * ranked.outcome.objective!)
        // The ranked list does not consider norms: no reason says one keeps an estate out or
        // asks for new space (the figure of access is still given).
        let reasons = ranked.estates.flatMap(\.reasons)
        #expect(!reasons.contains { $0.contains("须先在候选用地") || $0.contains("低于标准") }, "\(reasons.filter { $0.contains("标准") }.prefix(3))")
        #expect(reasons.contains { $0.hasPrefix("养老服务设施：现状人均") })

        let files = try Comparison.files(folder, folder)
        let json = try JSONIO.decode(files.first { $0.name == "compare.json" }!.data)
        #expect(json["changes"]!.arrayValue!.isEmpty)
        #expect(json["years"]!.arrayValue!.count == 4)
        let geojson = try JSONIO.decode(files.first { $0.name == "compare.geojson" }!.data)
        #expect(geojson["features"]!.arrayValue!.isEmpty)
        // The demo's reports are Chinese (the default), and so is compare.md, from the summary.
        #expect(try JSONIO.decodeFile(folder.appendingPathComponent("summary.json"))["report_language"]?.stringValue == "zh")
        let markdown = String(decoding: files.first { $0.name == "compare.md" }!.data, as: UTF8.self)
        #expect(markdown.contains("| 求解状态 | 按得分排序 | 按得分排序 |") && markdown.contains("B的价值比A高0.0%。"), "\(markdown)")
        #expect(markdown.contains("\n0个小区的年度不同。\n"), "\(markdown)")
    }

    /// QA: `compare A B` with B a revised plan whose horizon rolled forward said "B的价值比A低26.4%",
    /// but each plan's value is discounted to its own first year. Three estates 3 km apart planned
    /// over 2025–2027 (A) and over 2026–2027 (B, the same data): compare names both horizons and
    /// the years they share, labels each value column with the year it is discounted to, and
    /// gives no percentage; compare.json says `values_comparable: false`. The same horizon with
    /// discount 0.9 instead of 0.85 is not compared either; the same plan twice is (+0.0%).
    @Test func compareSaysWhenValuesAreNotOnOneFooting() throws {
        let folder = TestFolders.fresh("renoplan-compare-horizons")
        func plan(_ name: String, start: Int, years: Int, discount: Double = 0.85, language: String = "en") throws -> URL {
            let budgets = Array(repeating: "1.5e6", count: years).joined(separator: ", ")
            let result = try TestDistrict(
                estates: (0..<3).map { TestGeo.estate("E\($0)", Self.far($0), households: 100 + 50 * $0) },
                scenario: "horizon: {start: \(start), years: \(years)}\nbudget: {annual_yuan: [\(budgets)]}\nobjective: {discount: \(discount)}\n"
                    + "coverage: []\nnorms: []\nreport: {language: \(language)}\n" + ageOnlyScore
            ).plan()
            let out = folder.appendingPathComponent(name)
            try PlanWriter.write(result, to: out)
            return out
        }
        func compare(_ a: URL, _ b: URL) throws -> (json: JSONValue, markdown: String) {
            let files = try Comparison.files(a, b)
            return (try JSONIO.decode(files.first { $0.name == "compare.json" }!.data),
                    String(decoding: files.first { $0.name == "compare.md" }!.data, as: UTF8.self))
        }
        let a = try plan("a", start: 2025, years: 3), b = try plan("b", start: 2026, years: 2)

        let rolled = try compare(a, b)
        #expect(rolled.json["values_comparable"] == .bool(false))
        #expect(rolled.json["common_years"] == [2026, 2027])
        #expect(rolled.json["a"]?["horizon"] == [2025, 2027] && rolled.json["b"]?["horizon"] == [2026, 2027])
        #expect(!rolled.markdown.contains("value than A") && !rolled.markdown.contains("same value as A"), "\(rolled.markdown)")
        #expect(rolled.markdown.contains("| horizon | 2025–2027 | 2026–2027 |"), "\(rolled.markdown)")
        #expect(rolled.markdown.contains(
            "A and B cover different horizons (A: 2025–2027, B: 2026–2027): each plan's value is discounted to its own first year (A: 2025, B: 2026)"),
            "\(rolled.markdown)")
        #expect(rolled.markdown.contains("the years they share are 2026–2027"))
        #expect(rolled.markdown.contains("| value A (discounted to 2025) | value B (discounted to 2026) |"), "\(rolled.markdown)")

        let discounted = try compare(a, try plan("a-0.9", start: 2025, years: 3, discount: 0.9))
        #expect(discounted.json["values_comparable"] == .bool(false))
        #expect(discounted.markdown.contains("A and B discount their values differently (A: 0.85, B: 0.9)"), "\(discounted.markdown)")
        #expect(!discounted.markdown.contains("value than A") && !discounted.markdown.contains("same value as A"))

        let same = try compare(a, a)
        #expect(same.json["values_comparable"] == .bool(true))
        #expect(same.markdown.contains("B gives the same value as A."), "\(same.markdown)")
        #expect(same.markdown.contains("| value A | value B |"))

        // In Chinese, as QA read it: no "B的价值比A低".
        let zh = try compare(try plan("a-zh", start: 2025, years: 3, language: "zh"), try plan("b-zh", start: 2026, years: 2, language: "zh"))
        #expect(!zh.markdown.contains("B的价值比A"), "\(zh.markdown)")
        #expect(zh.markdown.contains("A与B的规划期不同（A：2025–2027年，B：2026–2027年）"), "\(zh.markdown)")
        #expect(zh.markdown.contains("| 价值 A（按2025年折现） | 价值 B（按2026年折现） |"))
    }

    /// More budget never buys less: objective and households rise with the factor.
    @Test func budgetSweep() throws {
        let district = TestDistrict(
            estates: (0..<6).map { TestGeo.estate("E\($0)", Self.far($0), households: 100 + 20 * $0, cost: Double(1 + $0) * 1e6) },
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [4e6, 4e6]}\ncoverage: []\nnorms: []\n" + ageOnlyScore)
        let scenario = try Scenario.load(from: try district.write())
        let factors = BudgetSweep.factors(from: 0.5, to: 1.5, step: 0.25)
        #expect(factors == [0.5, 0.75, 1, 1.25, 1.5])
        let points = try BudgetSweep.run(scenario, factors: factors)
        let objectives = points.map { $0.objective! }
        #expect(zip(objectives, objectives.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 })
        #expect(objectives.first! < objectives.last!)
        #expect(points.allSatisfy { $0.status == .optimal })
        let files = BudgetSweep.files(points, scenario: scenario)
        #expect(String(decoding: files[0].data, as: UTF8.self).split(separator: "\n").count == 6)
        let svg = String(decoding: files[1].data, as: UTF8.self)
        #expect(svg.hasPrefix("<svg") && svg.contains("total budget over the horizon, million yuan"))
        // 2 × 4M = 8M over the horizon at factor 1: "8" million yuan in English, "0.08" 亿元 in Chinese.
        #expect(svg.contains(">8</text>"))
        var chinese = scenario
        chinese.reportLanguage = .zh
        let zh = String(decoding: BudgetSweep.files(points, scenario: chinese)[1].data, as: UTF8.self)
        #expect(zh.contains("规划期总预算（亿元）") && zh.contains(">0.08</text>") && zh.contains("改造户数"), "\(zh)")
        // No money at all is a point too (the first of a source's sweep, docs/funding.md): the
        // empty plan, proven optimal; the command takes --from 0.
        let none = try BudgetSweep.run(scenario, factors: [0])
        #expect(none.map(\.status) == [.optimal] && none.first?.objective == 0 && none.first?.estates == 0)
        let logs = district.folder.appendingPathComponent("logs")
        let run = try CLIRunner.run(
            ["sweep", district.folder.appendingPathComponent("scenario.yaml").path, "--from", "0", "--to", "0.5", "--step", "0.5",
             "--out", district.folder.appendingPathComponent("sweep").path, "-q"], logs: logs)
        #expect(run.status == 0, "\(run.transcript)")
    }
}
