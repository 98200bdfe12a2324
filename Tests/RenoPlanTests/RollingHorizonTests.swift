import Foundation
import Testing

@testable import RenoPlan

/// SPEC §12 with the horizon rolled forward (docs/cycle.md, *Rolling the horizon forward*): a plan
/// approved from 2025 revised for 2026 on, 2025 being done or under way.
@Suite("Rolling the horizon forward (SPEC §12)")
struct RollingHorizonTests {
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
        #expect(revision.warnings == [
            "1 estate started before 2026 and still under way (续建: U; about 3.0M yuan) is out of the plan and the budgets (its money was "
                + "its start year's): if some is still to be paid in 2026 or later, give the scenario's budgets less that",
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
        do {
            _ = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
            Issue.record("no error for an approved estate before the horizon")
        } catch let invalid as InvalidInput {
            #expect(invalid.description == "approved.csv:2: U: 2025 is outside the horizon 2026–2026 (mark finished works completed and "
                + "works still under way started; start the scenario's horizon at the year being revised)", "\(invalid)")
        }
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
        let state = "must be one of approved (已批准/批准/计划/待实施/未开工), started (已开工/开工/在建/续建/施工中), completed (已完成/完成/已竣工/竣工/完工/已完工)"
        let expected = "approved.csv:2: C: 2025 \(horizon)\n"
            + "approved.csv:4: B: state \(state), got \"paused\"\n"
            + "approved.csv:6: estate C is listed twice (also at approved.csv:2)"
        do {
            _ = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
            Issue.record("no error for the bad lines")
        } catch let invalid as InvalidInput {
            #expect(invalid.description == expected, "\(invalid)")
        }
        try "小区编号,计划年度,状态\nC,2025年,已批准\nU,2025年,在建\nB,2026,paused\n,,\nD,2027,started\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        do {
            _ = try Revise.revise(scenarioAt: url, approvedAt: approvedURL)
            Issue.record("no error for the bad lines")
        } catch let invalid as InvalidInput {
            #expect(invalid.description == "approved.csv:2: C: 2025 \(horizon)\n"
                + "approved.csv:4: B: state \(state), got \"paused\"\n"
                + "approved.csv:6: D: 2027 \(horizon)", "\(invalid)")
        }
        do {
            _ = try Evaluation.evaluate(scenarioAt: url, planAt: approvedURL)
            Issue.record("no error for the bad lines")
        } catch let invalid as InvalidInput {
            #expect(invalid.description.hasPrefix("approved.csv:2: C: 2025 \(horizon)\napproved.csv:4: B: state"), "\(invalid)")
            #expect(!invalid.description.contains("approved.csv:3"), "U is under way: \(invalid)")
        }
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
