import Foundation
import Testing

@testable import RenoPlan

/// SPEC §12 with the horizon rolled forward (docs/cycle.md, *Rolling the horizon forward*): a plan
/// approved for 2025–2026 revised for 2026 alone, 2025 being done.
@Suite("Rolling the horizon forward (SPEC §12)")
struct RollingHorizonTests {
    /// Two estates of 100 households (262 people each, at 2.62 a household) 200 m apart, and two
    /// sites within 1,000 m (15 minutes) of both: S1 at (200, 50), 100 m from each estate, 60 m²
    /// at 1,000 yuan/m²; S2 at (200, 300), 224 m from each, 10 m² at 2,000 yuan/m². Every site
    /// and facility there serves both estates: demand D = 524 people. No existing facilities.
    static func district(budget: Double = 2e6, extraEstates: [JSONValue] = [], scenario: String = "") -> TestDistrict {
        TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 100, cost: 1e6),
                TestGeo.estate("B", TestGeo.rect(300, 0), households: 100, cost: 1e6),
            ] + extraEstates,
            sites: [
                TestGeo.site("S1", 200, 50, area: 60, costPerM2: 1000, kinds: ["elderly_care"]),
                TestGeo.site("S2", 200, 300, area: 10, costPerM2: 2000, kinds: ["elderly_care"]),
            ],
            scenario: "horizon: {start: 2026, years: 1}\nbudget: {annual_yuan: [\(budget)]}\n"
                + "coverage: [{kind: elderly_care, within: 15}]\nnorms: [{kind: elderly_care, m2_per_person: 0.1, within: 15}]\n"
                + ageOnlyScore + scenario)
    }

    /// Writes an approved plan folder: plan.geojson (A completed in 2025, B approved for 2026)
    /// and its sites.geojson with `spaces` (site, year, m²) of elderly care.
    static func approvedFolder(in folder: URL, spaces: [(String, Int, Double)]) throws -> URL {
        let out = folder.appendingPathComponent("approved")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": null, "properties": {"id": "A", "year": 2025, "state": "completed"}},
              {"type": "Feature", "geometry": null, "properties": {"id": "B", "year": 2026}}]}
            """.write(to: out.appendingPathComponent("plan.geojson"), atomically: true, encoding: .utf8)
        let features: [JSONValue] = spaces.map { site, year, m2 in
            TestGeo.feature(TestGeo.pointGeometry(200, site == "S1" ? 50 : 300), [
                "id": .string(site), "kind": "elderly_care", "year": .number(Double(year)), "m2": .number(m2),
            ])
        }
        try JSONIO.encode(["type": "FeatureCollection", "features": .array(features)]).write(to: out.appendingPathComponent("sites.geojson"))
        return out.appendingPathComponent("plan.geojson")
    }

    /// The approved plan built 45 m² at S1 and 10 m² at S2 in 2025 (and 5 m² more at S1 for 2026).
    /// Today that space exists: B reaches 55 m² shared by 524 people, 0.105 m²/person ≥ 0.1, so
    /// renovating B in 2026 needs no new space and the revision buys none (without the built
    /// space B would need 0.1 × 524 = 52.4 m², 52,400 yuan at S1). S1 keeps 60 − 45 = 15 m² to
    /// build on; S2 (10 of 10 m² built) is gone. The approved 2026 space is planned again: none.
    @Test func spaceBuiltBeforeTheHorizonExistsToday() throws {
        let district = Self.district()
        let url = try district.write()
        let approved = try Self.approvedFolder(in: district.folder, spaces: [("S1", 2025, 45), ("S2", 2025, 10), ("S1", 2026, 5)])
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approved)
        let analysis = revision.result.analysis
        let b = analysis.index("B")
        #expect(revision.result.line("B").year == 2026)
        #expect(revision.result.line("A").status == .completed)
        #expect(revision.result.outcome.additions.isEmpty, "\(revision.result.outcome.additions)")
        #expect(revision.result.years[0].siteYuan == 0)
        #expect(revision.result.years[0].spendYuan == 1e6)
        #expect(revision.changeCount == 0)
        // The space is existing capacity: access and coverage before the plan count it.
        #expect(abs(analysis.coverage.access[0][b] - 55.0 / 524) < 1e-12)
        #expect(analysis.coverage.covered[b] == [true])
        #expect(analysis.district.facilities.map(\.id) == ["S1", "S2"])
        #expect(analysis.district.facilities.map(\.capacityM2) == [45, 10])
        #expect(analysis.district.sites.map(\.id) == ["S1"])
        #expect(analysis.district.sites.first?.areaM2 == 15)
        #expect(revision.warnings.contains(
            "the facility space the approved plan built before 2026 (2 sites, 55 m²) counts as existing facilities and is not built again; "
                + "its space for 2026 and later is planned again under today's data"), "\(revision.warnings)")

        // The revised sites.geojson carries the built space (its year before the horizon), so
        // `evaluate` judges the revised plan on it and a further `revise` counts it again.
        let out = district.folder.appendingPathComponent("revised")
        try RevisionWriter.write(revision, to: out)
        let sites = try JSONIO.decodeFile(out.appendingPathComponent("sites.geojson"))["features"]?.arrayValue ?? []
        #expect(sites.map { "\($0["properties"]?["id"]?.stringValue ?? "") \($0["properties"]?["year"]?.numberValue ?? 0) \($0["properties"]?["m2"]?.numberValue ?? 0) \($0["properties"]?["approved_state"]?.stringValue ?? "")" }
            == ["S1 2025.0 45.0 built", "S2 2025.0 10.0 built"])
        let (evaluation, _, evaluated) = try Evaluation.evaluate(scenarioAt: url, planAt: out.appendingPathComponent("plan.geojson"))
        #expect(evaluation.violations.isEmpty, "\(evaluation.violations)")
        #expect(evaluated.district.sites.first?.areaM2 == 15)
        let again = try Revise.revise(scenarioAt: url, approvedAt: out.appendingPathComponent("plan.geojson"))
        #expect(again.result.outcome.additions.isEmpty)
        #expect(again.result.analysis.district.sites.map(\.areaM2) == [15], "taken off once, from today's layer")
        #expect(again.changeCount == 0)
    }

    /// Space built on a site today's layer does not have is an error naming the approved plan's
    /// feature; more built than the site's area today leaves the site full, with a warning.
    @Test func builtSpaceOnMissingOrSmallerSites() throws {
        let district = Self.district()
        let url = try district.write()
        var approved = try Self.approvedFolder(in: district.folder, spaces: [("S1", 2025, 45), ("S9", 2025, 10)])
        let unknown = #expect(throws: InvalidInput.self, "no error for space built on an unknown site") {
            try Revise.revise(scenarioAt: url, approvedAt: approved)
        }
        #expect(unknown?.description.contains(
            "sites.geojson: feature #1 (S9): the approved plan built 10.00 m² of elderly_care on site S9 in 2025, before the horizon, "
                + "but today's sites layer (sites.geojson) has no site S9") == true, "\(String(describing: unknown))")
        approved = try Self.approvedFolder(in: district.folder, spaces: [("S1", 2025, 45), ("S2", 2025, 12)])
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approved)
        #expect(revision.result.analysis.district.sites.map(\.id) == ["S1"])
        #expect(revision.result.analysis.warnings.map(\.description).contains {
            $0.hasPrefix("sites.geojson: feature #1 (S2): the approved plan built 12.00 m² here before the horizon, more than its area_m2 10.00")
        }, "\(revision.result.analysis.warnings)")
    }

    /// A CSV approved plan cannot say what space was built with the estates done before the
    /// horizon: the revision warns, and (as before) buys B's 0.1 × 524 = 52.4 m² at S1, the
    /// cheaper site.
    @Test func csvApprovedPlanWarnsThatBuiltSpaceIsUnknown() throws {
        let district = Self.district()
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nA,2025,completed\nB,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        #expect(revision.warnings.contains(
            "approved.csv does not say what facility space was built before 2026 (1 estate done or under way: A): space built then would be "
                + "bought again. Add it to the facilities layer with its capacity_m2 (and take it off its site's area_m2), or give the approved "
                + "plan.geojson with its sites.geojson beside it"), "\(revision.warnings)")
        // The same plan as a plan.geojson whose sites.geojson was not copied with it: the advice
        // is to put that file beside it, not to give a plan.geojson (it is one).
        let folder = try Self.approvedFolder(in: district.folder, spaces: []).deletingLastPathComponent()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sites.geojson"))
        let bare = try Revise.revise(scenarioAt: url, approvedAt: folder.appendingPathComponent("plan.geojson"))
        #expect(bare.warnings.contains { $0.hasSuffix("or put the sites.geojson of the run it came from beside plan.geojson") }, "\(bare.warnings)")
        let additions = revision.result.outcome.additions
        #expect(additions.count == 1)
        #expect(additions.first.map { revision.result.analysis.district.sites[$0.site].id } == "S1")
        #expect(abs((additions.first?.m2 ?? 0) - 52.4) < 1e-6)
    }

    /// Works started in 2025 and still under way (续建) in a revision for 2026: U (3M yuan,
    /// consent now 0.60) is not an error, not planned and not dropped: status `under_way`, out of
    /// the 2M budget (B's 1M is all 2026 spends), listed in changes.json but not counted, and
    /// read back as started in 2025 by `evaluate` and a further `revise`.
    @Test func worksUnderWaySinceBeforeTheHorizon() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("U", TestGeo.rect(0, 0), households: 300, cost: 3e6, extra: ["consent": 0.6]),
                TestGeo.estate("B", TestGeo.rect(3000, 0), households: 100, cost: 1e6),
            ],
            scenario: "horizon: {start: 2026, years: 1}\nbudget: {annual_yuan: [2e6]}\ncoverage: []\nnorms: []\n" + ageOnlyScore)
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nU,2025,started\nB,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        let u = revision.result.line("U")
        #expect(u.status == .underWay)
        #expect(u.year == nil)
        #expect(u.reasons.contains("under way since 2025 (续建)"))
        #expect(revision.result.line("B").year == 2026)
        #expect(revision.result.years[0].spendYuan == 1e6)
        let change = try #require(revision.changes.first { $0.id == "U" })
        #expect(change.kind == .underWay && !change.counted && change.approvedYear == 2025 && change.year == nil)
        #expect(change.reason == "under way since 2025 (续建)")
        #expect(revision.changeCount == 0)
        // 调整情况's closing row counts it apart from the changes (and from completed estates).
        #expect(RevisionWriter.ChangeTable(revision).sheet.total?.first == .text("total: 0 changes (and 1 under way, not counted)"))
        #expect(revision.warnings == [
            "1 estate started before 2026 and still under way (续建: U; about 3.0M yuan) is out of the plan and the budgets (its money was "
                + "its start year's): if some is still to be paid in 2026 or later, give the scenario's budgets less that",
            "approved.csv does not say what facility space was built before 2026 (1 estate done or under way: U): space built then would be "
                + "bought again. Add it to the facilities layer with its capacity_m2 (and take it off its site's area_m2), or give the approved "
                + "plan.geojson with its sites.geojson beside it",
        ], "\(revision.warnings)")
        // The outputs list it as under way.
        #expect(Report.markdown(revision.result).contains("0 ineligible, 1 under way."))
        let html = try HTMLReport.html(revision.result)
        #expect(html.contains("<span class=\"swatch uw\"></span>under_way (1)"), "legend")
        let workbook = PlanWorkbook(revision.result)
        let sheet = try #require(workbook.sheets.first { $0.name == "Under way" })
        #expect(sheet.rows.map { $0[1] } == [.text("U")])
        #expect(sheet.rows.first?[11] == .number(2025, format: PlanWorkbook.yearFormat), "the year it started")
        let out = district.folder.appendingPathComponent("revised")
        try RevisionWriter.write(revision, to: out)
        let plan = try JSONIO.decodeFile(out.appendingPathComponent("plan.geojson"))
        let feature = plan["features"]?.arrayValue?.first { $0["properties"]?["id"]?.stringValue == "U" }?["properties"]
        #expect(feature?["status"]?.stringValue == "under_way")
        #expect(feature?["approved_state"]?.stringValue == "started" && feature?["year"]?.numberValue == 2025)
        let summary = try JSONIO.decodeFile(out.appendingPathComponent("summary.json"))
        #expect(summary["statuses"]?["under_way"]?.numberValue == 1)
        let changes = try JSONIO.decodeFile(out.appendingPathComponent("changes.json"))
        #expect(changes["changes"]?.arrayValue?.first?["change"]?.stringValue == "under_way")
        // `evaluate` and a further `revise` read it back as under way.
        let (evaluation, given, _) = try Evaluation.evaluate(scenarioAt: url, planAt: out.appendingPathComponent("plan.geojson"))
        #expect(given.approvedStates.underWay == ["U": 2025] && given.years == ["B": 2026])
        #expect(evaluation.violations.isEmpty, "\(evaluation.violations)")
        let again = try Revise.revise(scenarioAt: url, approvedAt: out.appendingPathComponent("plan.geojson"))
        #expect(again.result.line("U").status == .underWay)
        #expect(again.changeCount == 0)
        // An approved (not started) estate of a year before the horizon is still an error.
        try "id,year,state\nU,2025\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let before = #expect(throws: InvalidInput.self, "no error for an approved estate before the horizon") {
            try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        }
        #expect(before?.description == "approved.csv:2: U: 2025 is outside the horizon 2026–2026 (mark finished works completed and "
            + "works still under way started; start the scenario's horizon at the year being revised)", "\(String(describing: before))")
    }

    /// The horizon check is the plan reader's (PlanFile), so a started estate before the horizon
    /// is accepted there while every bad line elsewhere is still said at once, in file order:
    /// here an approved estate before the horizon, a bad state and a started one after the
    /// horizon, with U (started 2025, under way) passed. `evaluate` says the same lines. Once
    /// fixed, U is under way. An estate under way that is gone from today's data (G) is listed
    /// as under way, not counted.
    @Test func underWayWithBadLinesElsewhere() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("U", TestGeo.rect(0, 0), households: 300, cost: 3e6),
                TestGeo.estate("B", TestGeo.rect(3000, 0), households: 100, cost: 1e6),
                TestGeo.estate("C", TestGeo.rect(6000, 0), households: 100, cost: 1e6),
            ],
            scenario: "horizon: {start: 2026, years: 1}\nbudget: {annual_yuan: [2e6]}\ncoverage: []\nnorms: []\n" + ageOnlyScore)
        let url = try district.write()
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "小区编号,计划年度,状态\nC,2025年,已批准\nU,2025年,在建\nB,2026,paused\n,,\nC,2027,started\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let horizon = "is outside the horizon 2026–2026 (mark finished works completed and works still under way started; "
            + "start the scenario's horizon at the year being revised)"
        // After the horizon the fix is a longer horizon: 2026 to 2027 is two years.
        let after = "is outside the horizon 2026–2026 (it lies after 2026: lengthen the scenario's horizon.years to 2, "
            + "with a budget for each year, or take the line out of the plan)"
        let state = "must be one of approved (已批准/批准/已批复/批复/计划/待实施/未开工), started (已开工/开工/开工中/在建/续建/施工中), completed (已完成/完成/已竣工/竣工/完工/已完工)"
        let expected = "approved.csv:2: C: 2025 \(horizon)\n"
            + "approved.csv:4: B: state \(state), got \"paused\"\n"
            + "approved.csv:6: estate C is listed twice (also at approved.csv:2)"
        let first = #expect(throws: InvalidInput.self, "no error for the bad lines") { try Revise.revise(scenarioAt: url, approvedAt: approvedURL) }
        #expect(first?.description == expected, "\(String(describing: first))")
        try "小区编号,计划年度,状态\nC,2025年,已批准\nU,2025年,在建\nB,2026,paused\n,,\nD,2027,started\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let second = #expect(throws: InvalidInput.self, "no error for the bad lines") { try Revise.revise(scenarioAt: url, approvedAt: approvedURL) }
        #expect(second?.description == "approved.csv:2: C: 2025 \(horizon)\n"
            + "approved.csv:4: B: state \(state), got \"paused\"\n"
            + "approved.csv:6: D: 2027 \(after)", "\(String(describing: second))")
        let evaluated = #expect(throws: InvalidInput.self, "no error for the bad lines") { try Evaluation.evaluate(scenarioAt: url, planAt: approvedURL) }
        #expect(evaluated?.description.hasPrefix("approved.csv:2: C: 2025 \(horizon)\napproved.csv:4: B: state") == true, "\(String(describing: evaluated))")
        #expect(evaluated?.description.contains("approved.csv:3") == false, "U is under way: \(String(describing: evaluated))")
        // Fixed: U under way, G (started 2025, gone from the data) listed as under way.
        try "小区编号,计划年度,状态\nC,2026年,已批准\nU,2025年,在建\nB,2026\nG,2025,started\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let revision = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
        #expect(revision.result.line("U").status == .underWay)
        #expect(revision.result.line("U").year == nil)
        #expect(revision.result.line("B").year == 2026 && revision.result.line("C").year == 2026)
        #expect(revision.changes.map { "\($0.id) \($0.kind) \($0.counted)" } == ["U underWay false", "G underWay false"], "\(revision.changes)")
        #expect(revision.changeCount == 0)
        #expect(revision.warnings.first == "1 estate of the approved plan is not in estates.geojson (demolished, merged or removed from the reserve?): "
            + "G (approved.csv:5, 2025); it leaves the plan as a change with the reason \"not in today's data\" "
            + "(a completed one, or one under way since before the horizon, is only listed); if an id is a typo, correct its line",
            "\(revision.warnings)")
        try "id,year,state\nC,2026\nU,2025,started\nB,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let (evaluation, given, _) = try Evaluation.evaluate(scenarioAt: url, planAt: approvedURL)
        #expect(given.approvedStates.underWay == ["U": 2025] && given.years == ["B": 2026, "C": 2026])
        #expect(evaluation.violations.isEmpty, "\(evaluation.violations)")
    }
}
