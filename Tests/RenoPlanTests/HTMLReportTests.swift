import Foundation
import Testing

@testable import RenoPlan

/// `report.html` (HTMLReport): one self-contained, deterministic page.
@Suite("HTML report")
struct HTMLReportTests {
    /// Five estates of 1M each, age-only scores, 2.5M a year for two years: A and B touch (cluster
    /// C001, 2M), C lies 3 km east, D 6 km east with a name HTML must escape, X (built 2015) is
    /// ineligible. 2025 cannot take all four schedulable estates (4M), so both years are used.
    /// An elderly-care facility and a site, so the norm section has something to say.
    static func district() -> TestDistrict {
        TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 300),
                TestGeo.estate("B", TestGeo.rect(100, 0), households: 300),
                TestGeo.estate("C", TestGeo.rect(3000, 0), households: 200),
                TestGeo.estate("D", TestGeo.rect(6000, 0), households: 100, extra: ["name": "Tom & Jerry <\"'>"]),
                TestGeo.estate("X", TestGeo.rect(0, 3000), households: 100, built: 2015),
            ],
            facilities: [TestGeo.facility("F", "elderly_care", 300, 50, capacity: 50)],
            sites: [TestGeo.site("S1", 50, 400, area: 500, costPerM2: 2000)],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [2.5e6, 2.5e6]}\n"
                + "coverage: [{kind: elderly_care, within: 15}]\n" + ageOnlyScore)
    }

    @Test func selfContainedAndComplete() throws {
        let result = try Self.district().plan()
        let html = try HTMLReport.html(result)

        // Nothing fetched from anywhere: no links, scripts, imports or external resources.
        for forbidden in ["http://", "https://", "<script src", "<link", "@import", "url("] {
            #expect(!html.contains(forbidden), "report.html contains \(forbidden)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Noto Sans CJK SC"))

        // Every planned estate appears by id (map tooltip and the per-year tables).
        let planned = result.analysis.district.estates.indices.filter { result.estates[$0].year != nil }
        #expect(result.years.allSatisfy { $0.estates > 0 })
        for e in planned {
            #expect(html.contains("<td>\(result.analysis.district.estates[e].id)</td>"))
        }
        // Chinese names are written as they are, not as character references.
        #expect(html.contains("测试A"))
        #expect(html.contains("测试C"))
        // The ineligible estate (built 2015) is listed with its reason.
        #expect(result.line("X").status == .ineligible)
        #expect(html.contains("Ineligible estates (1)"))
    }

    @Test func escapesText() throws {
        let html = try HTMLReport.html(try Self.district().plan())
        #expect(html.contains("Tom &amp; Jerry &lt;&quot;&#39;&gt;"))
        #expect(!html.contains("Tom & Jerry"))
        #expect(!html.contains("<\"'>"))
        #expect(HTMLReport.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(HTMLReport.inlineMarkdown("**Status: x<y** raise `a&b`.") == "<strong>Status: x&lt;y</strong> raise <code>a&amp;b</code>.")
    }

    /// Two runs from the files (fresh GEOS context, fresh solve) give byte-identical pages.
    @Test func deterministic() throws {
        let district = Self.district()
        let first = try HTMLReport.html(try district.plan())
        let second = try HTMLReport.html(try district.plan())
        #expect(first == second)
    }

    /// A and B are one planned cluster: the map outlines it, with its id in the tooltip.
    @Test func clusterOutlineAndYears() throws {
        let result = try Self.district().plan()
        let html = try HTMLReport.html(result)
        let a = result.line("A"), b = result.line("B")
        let year = try #require(a.year)
        #expect(b.year == year)
        #expect(html.contains("<title>cluster C001 — \(year) — 2 estates, 600 households"))
        // One fill class per horizon year.
        #expect(html.contains(".y0 {") && html.contains(".y1 {"))
    }

    /// An infeasible scenario (a 5M lock in a 4M year) still renders: the status and the conflict
    /// are stated, the map shows the estates unplanned.
    @Test func infeasiblePlanStillRenders() throws {
        let result = try TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0), cost: 5e6), TestGeo.estate("E2", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [4e6]}\nlocks: {E1: 2025}\ncoverage: []\nnorms: []\n"
        ).plan()
        #expect(result.outcome.status == .infeasible)
        let html = try HTMLReport.html(result)
        #expect(html.contains("<strong>Status: infeasible</strong>"))
        #expect(html.contains("<li>with the locks, 2025 budget: 5.0M yuan needed, 4.0M yuan available (1.0M yuan short)</li>"))
        #expect(html.contains("<path class=\"rs\""))
    }

    @Test func helpers() {
        #expect(HTMLReport.px(12.34) == "12.3")
        #expect(HTMLReport.px(-0.01) == "0")
        #expect(HTMLReport.px(7.0) == "7")
        #expect(HTMLReport.niceTicks(upTo: 400e6) == [0, 100e6, 200e6, 300e6, 400e6])
        #expect(HTMLReport.niceTicks(upTo: 7) == [0, 2, 4, 6, 8])
        // A spend that rounds to the budget does not add an empty step above it.
        #expect(HTMLReport.niceTicks(upTo: 400e6 + 0.3).last == 400e6)
        #expect(HTMLReport.yearColour(0, of: 4) != HTMLReport.yearColour(3, of: 4))
    }
}
