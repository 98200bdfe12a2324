import Foundation
import Testing

@testable import RenoPlan

/// The year-by-year tables of report.md and report.html (the plan by year, content levels,
/// funding sources) close with a 合计 row over the horizon where the figures add up, and show
/// money in one unit with the same decimals in every cell (docs/report.md, "Tables").
@Suite("Report tables")
struct ReportTablesTests {
    /// The Markdown table that follows `heading`: its header, body rows and 合计 row, as cells
    /// with the bold marks taken off.
    static func table(after heading: String, in markdown: String) throws -> (header: [String], rows: [[String]], total: [String]?) {
        let section = try #require(markdown.components(separatedBy: heading + "\n").dropFirst().first, "no \(heading)")
        let lines = section.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        func cells(_ line: Substring) -> [String] {
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "") }
        }
        let all = lines.map(cells)
        let body = Array(all.dropFirst(2))
        let isTotal = body.last.map { $0[0] == "合计" || $0[0] == "total" } ?? false
        return (all[0], isTotal ? Array(body.dropLast()) : body, isTotal ? body.last : nil)
    }

    /// A cell as a number: `1,234.5` → 1234.5, `3.7%` → 3.7, `–` → 0.
    static func number(_ cell: String) -> Double? {
        cell == "–" ? 0 : Double(cell.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: ""))
    }

    /// A 合计 cell against the printed cells of its column: totals add the unrounded figures, so
    /// each printed cell may be off by half a unit of its last digit (and the total by as much).
    static func expectSum(_ total: String, of cells: [String], _ label: String) throws {
        let decimals = total.split(separator: ".").dropFirst().first.map(\.count) ?? 0
        let half = 0.5 * pow(10, -Double(decimals))
        let added = try cells.reduce(0.0) { $0 + (try #require(number($1), "\(label): \($1)")) }
        let printed = try #require(number(total), "\(label): \(total)")
        #expect(abs(printed - added) <= half * Double(cells.count + 1) + 1e-9, "\(label): \(total) against \(added)")
    }

    /// Table money: 万元 with one decimal however large (350,000,000 yuan = 35,000.0万元, not
    /// 3.50亿元), M yuan with two; grouped, rounded half up, no "-0".
    @Test func tableMoneyIsOneUnitWithFixedDecimals() {
        let zh = Wording(.zh), en = Wording(.en)
        #expect(zh.tableMoney(3.5e8) == "35,000.0" && zh.tableMoney(45_000) == "4.5" && zh.tableMoney(0) == "0.0")
        #expect(en.tableMoney(1.5e9) == "1,500.00" && en.tableMoney(450_000) == "0.45" && en.tableMoney(-1) == "0.00")
        #expect(zh.tableMoneyWithUnit(9e6) == "900.0万元" && en.tableMoneyWithUnit(9e6) == "9.00M yuan")
        #expect(zh.tableMoney(1450) == "0.1" && zh.tableMoney(4350) == "0.4" && zh.tableMoney(4550) == "0.5")
        #expect(zh.percent(0) == "0.0%" && zh.percent(1) == "100.0%" && zh.percent(0.0372) == "3.7%")
    }

    /// HTMLReportTests' district: A and B (a cluster), C and D planned over two years, 1M yuan
    /// each (4M, 400.0万元), 300 + 300 + 200 + 100 = 900 households in 3 clusters; budgets 2.5M a
    /// year, 500.0万元 over the horizon. Every additive column's 合计 is the sum of its rows
    /// (added up here from the printed cells, within their rounding); the extended share has
    /// none. report.html's `<tfoot>` says what report.md's 合计 row says.
    @Test(arguments: [ReportLanguage.zh, .en])
    func yearTableClosesWithTheHorizonsTotal(_ language: ReportLanguage) throws {
        let result = try HTMLReportTests.district(language: language.rawValue).plan()
        let markdown = Report.markdown(result)
        let (header, rows, total) = try Self.table(after: language == .zh ? "## 年度计划" : "## Plan by year", in: markdown)
        let sum = try #require(total, "no 合计 row")
        #expect(rows.map { $0[0] } == ["2025", "2026"])
        for c in header.indices.dropFirst() {
            if header[c] == "扩展类户数占比" || header[c] == "extended share" {
                #expect(sum[c] == "", "a share has no total")
                continue
            }
            try Self.expectSum(sum[c], of: rows.map { $0[c] }, header[c])
        }
        // By hand: 4 estates, 3 clusters, 900 households, 4M of renovation, 5M of budgets.
        func column(_ zh: String, _ en: String) -> String { sum[header.firstIndex(of: language == .zh ? zh : en)!] }
        #expect(column("小区", "estates") == "4" && column("片区", "clusters") == "3" && column("户数", "households") == "900")
        #expect(column("改造投资（万元）", "renovation (M yuan)") == (language == .zh ? "400.0" : "4.00"))
        #expect(column("预算（万元）", "budget (M yuan)") == (language == .zh ? "500.0" : "5.00"))
        // The value's total is the objective GLPK reports, rounded as the cells are.
        #expect(column("价值", "value") == String(format: "%.1f", try #require(result.outcome.objective)))

        let html = try HTMLReport.html(result)
        let budget = try #require(html.components(separatedBy: "<section id=\"budget\">").dropFirst().first)
        let footer = try #require(budget.firstMatch(of: /<tfoot><tr>(.*?)<\/tr><\/tfoot>/).map { String($0.1) })
        let cells = footer.matches(of: /<td[^>]*>([^<]*)<\/td>/).map { String($0.1) }
        #expect(cells == sum, "report.html: \(cells)")
    }

    /// With carry-over a year's available money includes what earlier years left, so the column
    /// does not add up: its 合计 cell is empty (the renovation money's is not: 4M yuan).
    @Test func carriedOverMoneyHasNoTotal() throws {
        var district = HTMLReportTests.district(language: "zh")
        district.scenario = district.scenario.replacingOccurrences(
            of: "budget: {annual_yuan: [2.5e6, 2.5e6]}", with: "budget: {annual_yuan: [2.5e6, 2.5e6], carry_over: true}")
        let (header, _, total) = try Self.table(after: "## 年度计划", in: Report.markdown(try district.plan()))
        let sum = try #require(total)
        #expect(sum[try #require(header.firstIndex(of: "可用资金（万元）"))] == "")
        #expect(sum[try #require(header.firstIndex(of: "改造投资（万元）"))] == "400.0")
    }

    /// Content levels and funding sources per year, with their 合计: three estates 3 km apart,
    /// 100 households and 1M yuan each, an improve level of 700,000 yuan (7,000 m² × 100); two
    /// years of a central subsidy (1M, basic works) and a local budget (1.5M, anything, carried
    /// over). Each part of each 合计 cell ("estates / 万元", "spent / available") is the sum of
    /// that part in the rows (within their rounding); the local budget's available money,
    /// carried over, has none (–).
    @Test func contentAndFundingTablesCloseWithTheirTotals() throws {
        let result = try TestDistrict(
            estates: (0..<3).map { TestGeo.estate("E\($0 + 1)", FundingTests.far($0), extra: ["upgrade": false]) },
            scenario: """
                horizon: {start: 2025, years: 2}
                levels: {improve: {per_m2: 100, weight: 0.5}, upgrade: {per_m2: 100, weight: 0.5}}
                funding:
                  - {source: central, annual_yuan: 1e6, covers: [basic]}
                  - {source: local, annual_yuan: 1.5e6, covers: [basic, improve, upgrade, sites], carry_over: true}
                report: {language: zh}

                """ + FundingTests.noNorms
        ).plan()
        #expect(result.outcome.status.hasPlan)
        let markdown = Report.markdown(result)
        for heading in ["## 改造内容", "## 资金来源"] {
            let (header, rows, total) = try Self.table(after: heading, in: markdown)
            let sum = try #require(total, "\(heading): no 合计 row")
            #expect(rows.count == 2, "\(heading)")
            #expect(heading == "## 改造内容" || header.contains { $0.hasPrefix("local（") }, "\(header)")
            for c in header.indices.dropFirst() {
                let parts = sum[c].components(separatedBy: " / ")
                for p in parts.indices where parts[p] != "–" {
                    try Self.expectSum(parts[p], of: rows.map { $0[c].components(separatedBy: " / ")[p] }, "\(heading) \(header[c])")
                }
                #expect(parts.last == "–" || !header[c].hasPrefix("local"), "\(heading) \(header[c]): carried-over money added up")
            }
        }
    }

    /// The content table's columns add up to the renovation investment (QA: it had no 基础类
    /// column, so its columns did not add up to 改造投资). The district of the test above: per
    /// year, the basic works (estates / 万元) and each level, then 改造投资, which is the year
    /// table's 改造投资 to the digit; the levels' costs add up to it within their rounding; the
    /// basic estates are the year's 小区; the basic cost is summary.json's `levels.basic`.
    /// report.html's table says the same cells.
    @Test func contentColumnsAddUpToTheRenovationInvestment() throws {
        let result = try TestDistrict(
            estates: (0..<3).map { TestGeo.estate("E\($0 + 1)", FundingTests.far($0), extra: ["upgrade": false]) },
            scenario: """
                horizon: {start: 2025, years: 2}
                levels: {improve: {per_m2: 100, weight: 0.5}, upgrade: {per_m2: 100, weight: 0.5}}
                funding:
                  - {source: central, annual_yuan: 1e6, covers: [basic]}
                  - {source: local, annual_yuan: 1.5e6, covers: [basic, improve, upgrade, sites], carry_over: true}
                report: {language: zh}

                """ + FundingTests.noNorms
        ).plan()
        let files = Dictionary(uniqueKeysWithValues: try PlanWriter.files(result).map { ($0.name, $0.data) })
        let markdown = String(decoding: files["report.md"]!, as: UTF8.self)
        let summary = try JSONIO.decode(files["summary.json"]!)
        let (header, rows, total) = try Self.table(after: "## 改造内容", in: markdown)
        #expect(header == ["年度", "基础类（小区 / 投资，万元）", "完善类（小区 / 投资，万元）", "提升类（小区 / 投资，万元）", "改造投资（万元）"], "\(header)")
        let (yearHeader, years, _) = try Self.table(after: "## 年度计划", in: markdown)
        let (estates, renovation) = (try #require(yearHeader.firstIndex(of: "小区")), try #require(yearHeader.firstIndex(of: "改造投资（万元）")))
        #expect(rows.count == 2 && years.count == 2)
        for (t, row) in rows.enumerated() {
            #expect(row[0] == years[t][0])
            #expect(row.last == years[t][renovation], "\(row[0]): \(row.last!) against the year table's \(years[t][renovation])")
            let costs = row.dropFirst().dropLast().map { $0.components(separatedBy: " / ")[1] }
            try Self.expectSum(row.last!, of: costs, "\(row[0]) levels")
            #expect(row[1].components(separatedBy: " / ")[0] == years[t][estates], "\(row[0]): every planned estate does its basic works")
            let basic = try #require(summary["years"]?.arrayValue?[t]["levels"]?["basic"]?["cost_yuan"]?.numberValue)
            #expect(abs(Self.number(costs[0])! - basic / 1e4) <= 0.05, "\(row[0]): \(costs[0]) against summary.json's \(basic)")
        }
        #expect(rows.contains { $0[2] != "0 / 0.0" }, "no improve done: the test shows nothing")
        try Self.expectSum(try #require(total).last!, of: rows.map { $0.last! }, "改造投资")

        // report.html: the same cells.
        let html = String(decoding: files["report.html"]!, as: UTF8.self)
        let section = try #require(html.components(separatedBy: "<section id=\"content\">").dropFirst().first?.components(separatedBy: "</section>").first)
        let cells = section.matches(of: /<tr>(.*?)<\/tr>/).map { row in row.1.matches(of: /<t[hd][^>]*>(.*?)<\/t[hd]>/).map { String($0.1) } }
        #expect(cells == [header] + rows + [total!], "\(cells)")
    }

    /// The title says 老旧小区改造 once; the section headings do not repeat it (a walkthrough
    /// found it in the title, a subtitle and section titles). In report.html the <h1> is the
    /// document's <title>, as report.md's `#` line is; the horizon's years appear once in it.
    @Test func titleSaysWhatThePlanIsOnce() throws {
        let result = try HTMLReportTests.district(language: "zh").plan()
        let markdown = Report.markdown(result)
        let html = try HTMLReport.html(result)
        let title = try #require(html.firstMatch(of: /<title>([^<]*)<\/title>/).map { String($0.1) })
        #expect(title == "test 城镇老旧小区改造计划（2025–2026年）")
        #expect(html.contains("<h1>\(title)</h1>"))
        #expect(markdown.hasPrefix("# \(title)\n"))
        let htmlHeadings = html.matches(of: /<(h[1-3]|summary)[^>]*>(.*?)<\/(h[1-3]|summary)>/).map { String($0.2) }
        let markdownHeadings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }.map(String.init)
        for (name, headings) in [("report.html", htmlHeadings), ("report.md", markdownHeadings)] {
            #expect(headings.filter { $0.contains("老旧小区改造") }.count == 1, "\(name): \(headings)")
            #expect(headings.filter { $0.contains("2025–2026") }.count == 1, "\(name): \(headings)")
        }
        // Nothing else on the page repeats the title as a subtitle.
        #expect(html.components(separatedBy: "城镇老旧小区改造计划").count - 1 == 2, "in <title> and <h1> only")
    }

    /// report.html lists the estates whose norm is not enforced as report.md does (it had no
    /// such list). ModelTests' district: E (population 1,000) has 50 m² of elderly care within
    /// reach, 0.05 m²/person, and a 20 m² site, at most 0.07: short of 0.10 and not attainable,
    /// so E is planned without it. Both reports give E's id, name, 0.05 and 0.07, in both languages.
    @Test(arguments: [ReportLanguage.zh, .en])
    func notEnforcedNormIsListedInBothReports(_ language: ReportLanguage) throws {
        let result = try TestDistrict(
            estates: [TestGeo.estate("E", TestGeo.rect(0, 0), cost: 1e6, extra: ["population": 1000])],
            facilities: [TestGeo.facility("F", "elderly_care", 300, 50, capacity: 50)],
            sites: [TestGeo.site("S", 50, 400, area: 20, costPerM2: 2000)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\ncoverage: []\nreport: {language: \(language.rawValue)}\n" + ageOnlyScore
        ).plan()
        #expect(result.yearByID["E"] == 2025 && result.line("E").normEnforced == [false])
        let markdown = Report.markdown(result)
        let html = try HTMLReport.html(result)
        let norms = try #require(html.components(separatedBy: "<section id=\"norms\">").dropFirst().first?.components(separatedBy: "</section>").first)
        let sentence = language == .zh ? "有1个可排期小区无法达标" : "for 1 schedulable estates"
        #expect(markdown.contains(sentence) && norms.contains(sentence), "\(norms)")
        #expect(markdown.contains("| E | 测试E | 0.050 | 0.070 |"), "\(markdown)")
        #expect(norms.contains("<tr><td>E</td><td>测试E</td><td class=\"num\">0.050</td><td class=\"num\">0.070</td></tr>"), "\(norms)")
        let header = language == .zh ? "<th>编号</th><th>小区名称</th><th class=\"num\">现状人均（平方米/人）</th>" : "<th>estate</th><th>name</th><th class=\"num\">access now (m²/person)</th>"
        #expect(norms.contains(header), "\(norms)")
    }
}
