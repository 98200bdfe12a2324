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
    static func district(language: String = "en") -> TestDistrict {
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
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [2.5e6, 2.5e6]}\nreport: {language: \(language)}\n"
                + "coverage: [{kind: elderly_care, within: 15}]\n" + ageOnlyScore)
    }

    /// report.md lists the ineligible estates with their reasons, as report.html does: X, built
    /// 2015, 100 households.
    @Test func markdownListsTheIneligibleEstates() throws {
        let result = try Self.district(language: "zh").plan()
        let markdown = Report.markdown(result)
        #expect(markdown.contains("## 不符合改造条件的小区（1个）\n"), "\(markdown)")
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| X |") })
        #expect(row == "| X | 测试X | 2015 | 100 | \(result.line("X").reasons.joined(separator: "；")) |", "\(row)")
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

    /// A section written once reads the same in both reports: Markdown with its table's `|`
    /// escaped, HTML with everything escaped and `**bold**` kept.
    @Test func sectionRendersAsMarkdownAndHTML() {
        let section = ReportSection(id: "changes", title: "Changes", blocks: [
            .paragraph("**2** changes, a < b."),
            .bullets(["one", "two & three"]),
            .table(header: ["estate", "year"], numeric: [false, true], rows: [["E1", "2026"], ["a|b", "–"]]),
        ])
        #expect(section.markdown == [
            "## Changes", "", "**2** changes, a < b.", "", "- one", "- two & three", "",
            "| estate | year |", "|---|---:|", "| E1 | 2026 |", "| a\\|b | – |", "",
        ])
        #expect(section.html == """
            <section id="changes">
            <h2>Changes</h2>
            <p><strong>2</strong> changes, a &lt; b.</p>
            <ul>
            <li>one</li>
            <li>two &amp; three</li>
            </ul>
            <table class="compact">
            <thead><tr><th>estate</th><th class="num">year</th></tr></thead>
            <tbody>
            <tr><td>E1</td><td class="num">2026</td></tr>
            <tr><td>a|b</td><td class="num">–</td></tr>
            </tbody>
            </table>
            </section>

            """)
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

    /// With walking distances the map draws the walkways they were measured on, under the
    /// estates, one subpath per line (a line shorter than a pixel is left out), with a legend
    /// entry; with straight-line distances the same layer is not drawn.
    @Test func walkwaysUnderTheEstatesWithNetworkDistance() throws {
        var district = Self.district()
        district.walkways = [
            TestGeo.line([(-50, -20), (6200, -20)]), TestGeo.line([(300, 50), (300, -20)]), TestGeo.line([(150, 200), (150.5, 200)]),
        ]
        district.scenario += "distance: network\n"
        let html = try HTMLReport.html(try district.plan())
        let group = try #require(html.range(of: "<g class=\"walkways\"><path d=\""), "\(html.prefix(3000))")
        let data = html[group.upperBound...].prefix { $0 != "\"" }
        #expect(data.filter { $0 == "M" }.count == 2, "\(data)")
        #expect(html.range(of: "<g class=\"estates\">")!.lowerBound > group.lowerBound)
        #expect(html.contains("walkways (walking distances)"))

        district.scenario = district.scenario.replacingOccurrences(of: "distance: network\n", with: "")
        let straight = try HTMLReport.html(try district.plan())
        #expect(!straight.contains("class=\"walkways\"") && !straight.contains("walkways (walking distances)"))
    }

    /// An infeasible scenario (a 5M lock in a 4M year) still renders: the status and the conflict
    /// are stated, the map shows the estates unplanned.
    @Test func infeasiblePlanStillRenders() throws {
        let result = try TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0), cost: 5e6), TestGeo.estate("E2", TestGeo.rect(3000, 0))],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [4e6]}\nlocks: {E1: 2025}\ncoverage: []\nnorms: []\nreport: {language: en}\n"
        ).plan()
        #expect(result.outcome.status == .infeasible)
        let html = try HTMLReport.html(result)
        #expect(html.contains("<strong>Status: infeasible</strong>"))
        #expect(html.contains("<li>with the locks, 2025 budget: 5.0M yuan needed, 4.0M yuan available (1.0M yuan short)</li>"))
        #expect(html.contains("<path class=\"rs\""))
    }

    /// SPEC §13: the default language is Chinese — lang attribute, headings, kinds, amounts.
    @Test func chineseByDefault() throws {
        let result = try Self.district(language: "zh").plan()
        #expect(result.scenario.reportLanguage == .zh)
        let html = try HTMLReport.html(result)
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(!html.contains("lang=\"en\""))
        #expect(html.contains("<h2>各年度预算使用</h2>"))
        #expect(html.contains("<h2>各年度小区</h2>"))
        #expect(html.contains("不符合改造条件的小区（1个）"))
        // The elderly-care rule and facility by their Chinese name, not the key.
        #expect(html.contains("养老服务设施 · 15分钟"))
        #expect(html.contains("现有养老服务设施 (1)"))
        // A's net cost: 1,000,000 yuan = 100.0万元 (no linked saving in this scenario), under a
        // header that names the unit.
        let a = result.line("A")
        #expect(a.netCostYuan == 1_000_000)
        #expect(html.contains("<th class=\"num\">净投资（万元）</th>"))
        #expect(html.contains("<td class=\"num\">100.0</td>"))
        // No English sentence left in the text around the figures.
        for english in ["estates", "households", "Budget use", "Planned estates", "M yuan", "renovation plan"] {
            #expect(!html.contains(">\(english)") && !html.contains(" \(english)<"), "English left: \(english)")
        }
        // The title names the years once (the scenario's name has none).
        #expect(html.contains("城镇老旧小区改造计划（2025–2026年）</title>"))
    }

    /// The map labels planned estates by name, draws the facility by its kind's symbol, the sites
    /// and a legend; no two estate labels overlap.
    @Test func mapLabelsFacilitiesAndLegend() throws {
        let result = try Self.district(language: "zh").plan()
        let html = try HTMLReport.html(result)
        let labels = try #require(html.range(of: "<g class=\"estate-labels\">").map { html[$0.upperBound...] })
        let block = String(labels[..<labels.range(of: "</g>")!.lowerBound])
        // A and C are far from other labels: labelled by name. B lies 100 m (18 px) from A, so it
        // may have only its id or no label; then the note counts it. D's name is escaped.
        #expect(block.contains(">测试A</text>"))
        #expect(block.contains(">测试C</text>"))
        #expect(block.contains(">Tom &amp; Jerry &lt;&quot;&#39;&gt;</text>") || block.contains(">D</text>"))
        #expect(!block.contains(">测试X<"), "X is not planned and gets no label")
        let plannedCount = ["A", "B", "C", "D", "X"].filter { result.line($0).year != nil }.count
        let labelled = block.components(separatedBy: "<text ").count - 1
        let unlabelled = html.firstMatch(of: /另有(\d+)个计划小区因位置重叠未标注/).map { Int($0.1)! } ?? 0
        #expect(labelled + unlabelled == plannedCount)
        // One facility of the one kind: class fk0, with its Chinese tooltip.
        #expect(html.contains("<path class=\"fk0\" d=\"M"))
        #expect(html.contains("F 养老服务设施"))
        #expect(html.contains(".fk0 { fill: #d62728; }"))
        // Legend entries for years, reserve, sites and the facility kind.
        #expect(html.contains("<ul class=\"legend\">"))
        #expect(html.contains("2025年 本年度实施"))
        // A north arrow drawn as a shape (a dark and a light half of an arrowhead) under 北, not a glyph.
        let north = try #require(html.firstMatch(of: /<g class="north"[^>]*>(.*?)<\/g>/).map { String($0.1) })
        #expect(north.matches(of: /<path class="(dark|light)" d="M[0-9.]+,[0-9.]+L[0-9.]+,[0-9.]+L[0-9.]+,[0-9.]+Z"\/>/).count == 2, "\(north)")
        #expect(north.hasSuffix(">北</text>"), "\(north)")
        // Label boxes (the stylesheet's size; CJK one em, others 0.6 em; 0.9 em above the baseline,
        // 0.2 em below) do not overlap.
        let size = try #require(html.firstMatch(of: /\.estate-labels text \{ font-size: ([0-9.]+)px;/).map { Double($0.1)! })
        let pattern = try Regex(#"<text x="([0-9.\-]+)" y="([0-9.\-]+)" text-anchor="(middle|start|end)">([^<]*)</text>"#)
        var boxes: [(Double, Double, Double, Double)] = []
        for match in block.matches(of: pattern) {
            let x = Double(match.output[1].substring!)!, y = Double(match.output[2].substring!)!
            let anchor = String(match.output[3].substring!)
            // The text as drawn: character references count as one character.
            let text = String(match.output[4].substring!).replacingOccurrences(of: #"&[a-z#0-9]+;"#, with: "_", options: .regularExpression)
            let width = text.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? size : 0.6 * size) }
            let left = anchor == "middle" ? x - width / 2 : anchor == "end" ? x - width : x
            boxes.append((left, y - 0.9 * size, left + width, y + 0.2 * size))
        }
        #expect(!boxes.isEmpty)
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let (a, b) = (boxes[i], boxes[j])
                #expect(!(a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3), "labels \(i) and \(j) overlap")
            }
        }
    }

    /// The map draws what its legend counts (QA: 现有养老服务设施 (3) with one of them outside the
    /// frame). A at the origin, 100 m square; elderly care within 15 minutes (1,000 m), the
    /// largest living circle. F1 (elderly care) 300 m east of A and the candidate site S1 400 m
    /// west of it lie outside the estates' extent but within 1,000 m of A: the frame grows to
    /// hold them, they are drawn inside the SVG's box and counted. F2 (elderly care, 5,900 m
    /// east) and S2 (8 km north) serve no estate: not drawn, not in the legend's counts, and
    /// the note under the map says so. F3 (a clinic) lies inside A.
    @Test func mapDrawsWhatItsLegendCounts() throws {
        let result = try TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0))],
            facilities: [
                TestGeo.facility("F1", "elderly_care", 400, 50), TestGeo.facility("F2", "elderly_care", 6000, 50),
                TestGeo.facility("F3", "clinic", 50, 50),
            ],
            sites: [TestGeo.site("S1", -400, 50, area: 500, costPerM2: 2000), TestGeo.site("S2", 50, 8000, area: 500, costPerM2: 2000)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [2e6]}\nreport: {language: zh}\n"
                + "coverage: [{kind: elderly_care, within: 15}]\nnorms: []\n" + ageOnlyScore
        ).plan()
        #expect(result.outcome.additions.isEmpty)
        let html = try HTMLReport.html(result)
        let box = try #require(html.firstMatch(of: /<svg class="map" viewBox="0 0 ([0-9.]+) ([0-9.]+)"/).map { (Double($0.1)!, Double($0.2)!) })
        // Each facility and candidate site drawn, where its symbol starts.
        var drawn: [String: (x: Double, y: Double)] = [:]
        for match in html.matches(of: #/<path (?:class="fk\d" )?d="M([0-9.\-]+),([0-9.\-]+)[^"]*"><title>(F\d|S\d) /#) {
            drawn[String(match.3)] = (Double(match.1)!, Double(match.2)!)
        }
        #expect(Set(drawn.keys) == ["F1", "F3", "S1"], "\(drawn)")
        for (id, at) in drawn {
            #expect(at.x >= 0 && at.x <= box.0 && at.y >= 0 && at.y <= box.1, "\(id) at \(at) outside the map's \(box)")
        }
        // F1 east of A, S1 west of it: the frame spans at least 800 m across.
        #expect(drawn["F1"]!.x > drawn["F3"]!.x && drawn["S1"]!.x < drawn["F3"]!.x)
        #expect(html.contains("现有养老服务设施 (1)</li>") && html.contains("现有卫生服务站 (1)</li>"))
        #expect(html.contains("未使用的候选用地（1处）"))
        let note = try #require(html.firstMatch(of: /<p class="note">(图中标注[^<]*)<\/p>/).map { String($0.1) })
        #expect(note.contains("另有养老服务设施1处、候选用地1处距各小区均超过1,000米"), "\(note)")
    }

    /// The spending chart's labels do not collide (a walkthrough found the amount and year labels
    /// on top of each other): every `<text>` of the chart, as a box of its estimated width (11 px;
    /// CJK one em, other characters 0.6 em) from 0.9 em above its baseline to 0.25 em below, lies
    /// inside the chart and apart from every other — for the demo's four years (renovation and
    /// site yuan and budgets of its summary.json), and for 10 and 20 years of 350M yuan, in
    /// both languages. Up to 10 years every year has its amount label and its year label; at
    /// 20 years (41 px a year) "2025年" needs two slots: every second year is labelled.
    @Test func budgetChartLabelsDoNotCollide() throws {
        func line(_ year: Int, _ renovation: Double, _ site: Double, _ budget: Double) -> PlanResult.YearLine {
            PlanResult.YearLine(
                year: year, estates: 1, clusters: 1, households: 100, extendedHouseholds: 0, renovationYuan: renovation,
                siteYuan: site, siteM2: 0, budgetYuan: budget, availableYuan: budget, value: 1)
        }
        let demo = [
            line(2025, 315_175_118.65, 34_824_881.35, 3.5e8), line(2026, 333_499_534.35, 16_500_465.65, 3.5e8),
            line(2027, 395_462_344.05, 3_734_353.11, 4e8), line(2028, 370_045_726.05, 29_909_426.3, 4e8),
        ]
        let ten = (0..<10).map { line(2025 + $0, 3.2e8 + 1e6 * Double($0), 2.99e7, 3.5e8) }
        let twenty = (0..<20).map { line(2025 + $0, 3.2e8, 2.99e7, 3.5e8) }
        let pattern = /<text class="(?:value|axis)" x="([0-9.\-]+)" y="([0-9.\-]+)" text-anchor="(middle|start|end)">([^<]*)<\/text>/
        for (name, years) in [("demo", demo), ("10 years", ten), ("20 years", twenty)] {
            for w in [Wording(.zh), Wording(.en)] {
                let svg = HTMLReport.budgetChart(years, limitWord: "budget", w)
                let size = try #require(svg.firstMatch(of: /viewBox="0 0 ([0-9.]+) ([0-9.]+)"/))
                let (width, height) = (Double(size.1)!, Double(size.2)!)
                var boxes: [(text: String, minX: Double, minY: Double, maxX: Double, maxY: Double)] = []
                for match in svg.matches(of: pattern) {
                    let x = Double(match.1)!, y = Double(match.2)!
                    let text = String(match.4).replacingOccurrences(of: #"&[a-z#0-9]+;"#, with: "_", options: .regularExpression)
                    let textWidth = text.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 11 : 6.6) }
                    let left = match.3 == "middle" ? x - textWidth / 2 : match.3 == "end" ? x - textWidth : x
                    boxes.append((text, left, y - 9.9, left + textWidth, y + 2.75))
                }
                let label = "\(name), \(w.language)"
                let yearLabels = boxes.filter { box in years.contains { w.year($0.year) == box.text } }.count
                if years.count <= 10 {
                    let amounts = boxes.filter { $0.text.contains("%") }.count
                    #expect(amounts == years.count && yearLabels == years.count, "\(label): \(boxes.map(\.text))")
                } else {
                    #expect(yearLabels == (w.isChinese ? 10 : 20), "\(label): \(yearLabels) year labels")
                }
                for (i, a) in boxes.enumerated() {
                    #expect(a.minX >= 0 && a.maxX <= width && a.minY >= 0 && a.maxY <= height, "\(label): '\(a.text)' leaves the chart")
                    for b in boxes[(i + 1)...] {
                        #expect(!(a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY), "\(label): '\(a.text)' overlaps '\(b.text)'")
                    }
                }
            }
        }
    }

    /// The spending chart words money as the rest of the report (QA: "3亿 / 3.5亿 · 84.9%" over
    /// a year that spent 2.971亿元, budgets "4亿"): 亿元 with two decimals in every bar, as the
    /// console summary has them; the share says what the rounding hides (99,980,000 of 1e8 is 99.995%).
    /// Three years: 297.1M of 350M (297.1 / 350 = 84.89% → 84.9%), 399.98M of 400M, 400M of 400M.
    @Test func budgetChartWordsMoneyAsTheReports() throws {
        func line(_ year: Int, _ renovation: Double, _ site: Double, _ budget: Double) -> PlanResult.YearLine {
            PlanResult.YearLine(
                year: year, estates: 1, clusters: 1, households: 100, extendedHouseholds: 0, renovationYuan: renovation,
                siteYuan: site, siteM2: 0, budgetYuan: budget, availableYuan: budget, value: 1)
        }
        let years = [line(2026, 2.7e8, 2.71e7, 3.5e8), line(2027, 3.9e8, 9.98e6, 4e8), line(2028, 3.8e8, 2e7, 4e8)]
        func labels(_ w: Wording) -> [String] {
            HTMLReport.budgetChart(years, limitWord: "budget", w).matches(of: /<text class="value"[^>]*>([^<]*)<\/text>/).map { String($0.1) }
        }
        #expect(labels(Wording(.zh)) == ["2.97亿元 / 3.50亿元 · 84.9%", "4.00亿元 / 4.00亿元 · 100.0%", "4.00亿元 / 4.00亿元 · 100.0%"])
        // English says 297.1M yuan as its text does.
        #expect(labels(Wording(.en)) == [
            "297.1M yuan of 350.0M yuan · 84.9%", "400.0M yuan of 400.0M yuan · 100.0%", "400.0M yuan of 400.0M yuan · 100.0%",
        ])
    }

    /// The print stylesheet: A3 landscape, the map sheet on page 1, rows kept whole, heads repeated.
    @Test func printStylesheet() throws {
        let html = try HTMLReport.html(try Self.district(language: "zh").plan())
        #expect(html.contains("@page { size: A3 landscape;"))
        #expect(html.contains("#map { break-after: page; }"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("tr, td, th { break-inside: avoid; }"))
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
