import Foundation
import Testing

@testable import RenoPlan

/// The reports of a city-sized district stay readable (a QA run of 5,000 and 20,000 estates: site
/// labels printed over each other, "T0532T0456", and a report of 855 A3 pages listing every one
/// of 13,486 reserve estates). A generated district of 2,500 estates (seed 5) with 6 billion yuan
/// a year is dense enough on the map that labels must be left out (241 sites get new space), and,
/// with `extended_built_until: 2000`, has more than 300 reserve and more than 300 ineligible
/// estates.
@Suite("City-sized reports")
struct CityReportTests {
    /// The files `plan` writes for the district, read back as text.
    struct Files: Sendable {
        var html: String
        var markdown: String
        var summary: JSONValue
        var plan: [JSONValue]
        var sites: [JSONValue]
    }

    /// Planned once for the suite (a 5 s solve), written and read back.
    static let city: Result<Files, any Error> = Result {
        let district = try GeneratedDistrict(estates: 2500, seed: 5)
        defer { district.remove() }
        let scenario = try district.scenario(
            """
            horizon: {start: 2025, years: 2}
            budget: {annual_yuan: [6.0e9, 6.0e9]}
            eligibility: {extended_built_until: 2000}
            norms:
              - {kind: elderly_care, m2_per_person: 0.1, within: 15}
            solver: {time_limit_s: 5}

            """, name: "dense")
        let analysis = try Pipeline.analyse(scenarioAt: scenario)
        let result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
        let out = TestFolders.fresh("renoplan-city-report")
        defer { try? FileManager.default.removeItem(at: out) }
        try PlanWriter.write(result, to: out)
        func json(_ name: String) throws -> JSONValue { try JSONIO.decode(Data(contentsOf: out.appendingPathComponent(name))) }
        return Files(
            html: try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8),
            markdown: try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8),
            summary: try json("summary.json"),
            plan: try json("plan.geojson")["features"]!.arrayValue!,
            sites: try json("sites.geojson")["features"]!.arrayValue!)
    }

    /// No two labels of the map overlap, the sites' ids included, and every planned estate and
    /// site with new space is labelled or counted in the note under the map.
    ///
    /// The boxes are worked out here from what docs/report.md and the stylesheet say, not from
    /// the placer: the font size of `.labels text` (sites, weight 600) and `.estate-labels text`
    /// (estates, 500); a CJK character one em wide, any other 0.6 em, bold text a tenth wider;
    /// from 0.9 em above the baseline to 0.2 em below it; `text-anchor` start, middle or end.
    @Test func noMapLabelsOverlap() throws {
        let city = try Self.city.get()
        let map = try #require(city.html.firstMatch(of: /<svg class="map".*?<\/svg>/.dotMatchesNewlines()).map { String($0.0) })
        struct Box { var text: String; var minX, minY, maxX, maxY: Double }
        var boxes: [Box] = []
        var counts: [String: Int] = [:]
        for (group, weight) in [("labels", 1.1), ("estate-labels", 1.0)] {
            let size = try #require(city.html.firstMatch(of: try Regex("\\.\(group) text \\{ font-size: ([0-9.]+)px;"))
                .map { Double($0.output[1].substring!)! })
            let block = try #require(map.firstMatch(of: try Regex("<g class=\"\(group)\">\n(.*?)</g>").dotMatchesNewlines())
                .map { String($0.output[1].substring!) })
            let texts = block.matches(of: #/<text x="([0-9.\-]+)" y="([0-9.\-]+)" text-anchor="(middle|start|end)">([^<]*)</text>/#)
            counts[group] = texts.count
            for match in texts {
                let x = Double(match.1)!, y = Double(match.2)!
                let text = String(match.4).replacingOccurrences(of: #"&[a-z#0-9]+;"#, with: "_", options: .regularExpression)
                let width = weight * text.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? size : 0.6 * size) }
                let left = match.3 == "middle" ? x - width / 2 : match.3 == "end" ? x - width : x
                boxes.append(Box(text: text, minX: left, minY: y - 0.9 * size, maxX: left + width, maxY: y + 0.2 * size))
            }
        }
        #expect(boxes.count > 100, "a dense map should still carry many labels")
        var overlaps: [String] = []
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let (a, b) = (boxes[i], boxes[j])
                // Apart, or touching to within rounding (0.01 px).
                let e = 0.01
                if a.minX < b.maxX - e && b.minX < a.maxX - e && a.minY < b.maxY - e && b.minY < a.maxY - e { overlaps.append("\(a.text)/\(b.text)") }
            }
        }
        #expect(overlaps.isEmpty, "\(overlaps.count) overlapping labels: \(overlaps.prefix(10))")

        // Every label placed or counted: planned estates, and sites with new space (sites.geojson
        // has a feature per site and year).
        let note = try #require(city.html.firstMatch(of: /<p class="note">(图中标注[^<]*)<\/p>/).map { String($0.1) })
        let planned = city.plan.filter { $0["properties"]?["year"]?.numberValue != nil }.count
        let newSites = Set(city.sites.compactMap { $0["properties"]?["id"]?.stringValue }).count
        let unlabelledEstates = note.firstMatch(of: /另有(\d+)个计划小区因位置重叠未标注/).map { Int($0.1)! } ?? 0
        let unlabelledSites = note.firstMatch(of: /另有(\d+)处因位置重叠未标注/).map { Int($0.1)! } ?? 0
        #expect(counts["estate-labels"]! + unlabelledEstates == planned, "\(note)")
        #expect(counts["labels"]! + unlabelledSites == newSites, "\(note)")
        // Dense enough that the rule is exercised: some site labels had no room.
        #expect(unlabelledSites > 0, "\(note)")
    }

    /// The reserve and the ineligible estates, more than 300 each, are summarised in both
    /// reports: counts per reason adding up to summary.json's count (and the households to
    /// plan.geojson's), then the first 50 rows in the list's order (the reserve by score, the
    /// ineligible by id), and where the whole lists are. The planned estates' table stays whole.
    @Test func longListsAreSummarised() throws {
        let city = try Self.city.get()
        let statuses = city.summary["statuses"]!
        let estates = city.plan.map { $0["properties"]! }
        for status in ["reserve", "ineligible"] {
            let count = Int(statuses[status]!.numberValue!)
            #expect(count > LongList.threshold, "\(status): \(count)")
            let members = estates.filter { $0["status"]?.stringValue == status }
            let households = members.reduce(0) { $0 + Int($1["households"]!.numberValue!) }
            // The section of report.md: from its heading to the next.
            let heading = status == "reserve" ? "## 储备：暂缓的原因" : "## 不符合改造条件的小区"
            let start = try #require(city.markdown.range(of: heading))
            let rest = city.markdown[start.upperBound...]
            let section = String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
            let sheet = status == "reserve" ? "储备项目" : "不符合改造条件"
            #expect(section.contains("plan.xlsx 的“\(sheet)”工作表和 plan.geojson（status 为 \(status)）"), "\(section.prefix(600))")
            // The counts table: | reason | estates | households |, then its 合计 row.
            let rows = section.matches(of: /\n\| ([^|\n]+) \| ([0-9,]+) \| ([0-9,]+) \|(?=\n)/).map {
                (String($0.1), Int($0.2.replacingOccurrences(of: ",", with: ""))!, Int($0.3.replacingOccurrences(of: ",", with: ""))!)
            }
            let total = try #require(section.firstMatch(of: /\n\| \*\*合计\*\* \| \*\*([0-9,]+)\*\* \| \*\*([0-9,]+)\*\* \|/))
            #expect(Int(total.1.replacingOccurrences(of: ",", with: "")) == count)
            #expect(Int(total.2.replacingOccurrences(of: ",", with: "")) == households)
            #expect(!rows.isEmpty)
            #expect(rows.reduce(0) { $0 + $1.1 } == count, "\(status): \(rows)")
            #expect(rows.reduce(0) { $0 + $1.2 } == households, "\(status): \(rows)")
            // The estate rows: the first 50 of the list.
            let ids = section.matches(of: /\n\| (E\d+) \|/).map { String($0.1) }
            let order = status == "reserve"
                ? members.sorted { (-$0["score"]!.numberValue!, $0["id"]!.stringValue!) < (-$1["score"]!.numberValue!, $1["id"]!.stringValue!) }
                : members.sorted { $0["id"]!.stringValue! < $1["id"]!.stringValue! }
            #expect(ids == order.prefix(LongList.shownRows).map { $0["id"]!.stringValue! }, "\(status)")
        }
        // report.html says the same: the reserve's counts table closes on its count, and its
        // estate table has 50 rows; the ineligible (printed twice: folded and unfolded) alike.
        let reserveCount = Int(statuses["reserve"]!.numberValue!)
        let reserve = try #require(city.html.firstMatch(of: /<section id="reserve">.*?<\/section>/.dotMatchesNewlines()).map { String($0.0) })
        #expect(reserve.contains("<tfoot><tr><td>合计</td><td class=\"num\">\(grouped(reserveCount))</td>"), "\(reserve.prefix(1500))")
        let reserveRows = try #require(reserve.firstMatch(of: /<table class="reasons">.*?<\/table>/.dotMatchesNewlines()).map { String($0.0) })
        #expect(reserveRows.components(separatedBy: "<tr><td>E").count - 1 == LongList.shownRows)
        let ineligible = try #require(city.html.firstMatch(of: /<section id="ineligible">.*?<\/section>/.dotMatchesNewlines()).map { String($0.0) })
        #expect(ineligible.components(separatedBy: "<tr><td>E").count - 1 == 2 * LongList.shownRows)
        // The plan itself is whole: every planned estate has its row.
        let planned = estates.filter { $0["year"]?.numberValue != nil }
        for estate in planned {
            #expect(city.markdown.contains("| \(estate["id"]!.stringValue!) |"))
        }
    }

    /// The console's 用时 (seconds) line accounts for writing the outputs too (QA: `rank` of
    /// 20,000 estates showed 1.54 s of stages and took 5.7 s): after the stages before it, 写出 /
    /// `write` — the reasons, the reports and the files — for `plan` and `rank`, in both languages.
    @Test(arguments: ["zh", "en"]) func timingsIncludeWriting(_ language: String) throws {
        let district = HTMLReportTests.district(language: language)
        let scenario = try district.write()
        let logs = district.folder.appendingPathComponent("logs")
        let words = language == "zh"
            ? (prefix: "  用时（秒）：", plan: ["读入", "覆盖", "连片", "建模", "求解", "写出"], rank: ["读入", "覆盖", "连片", "写出"], separator: "，")
            : (prefix: "  seconds: ", plan: ["load", "coverage", "clustering", "model", "solve", "write"], rank: ["load", "coverage", "clustering", "write"], separator: ", ")
        for (command, stages) in [("plan", words.plan), ("rank", words.rank)] {
            let out = district.folder.appendingPathComponent("out-\(command)")
            let run = try CLIRunner.run([command, scenario.path, "--out", out.path], logs: logs)
            #expect(run.status == 0, "\(run.transcript)")
            let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix(words.prefix) }, "\(run.transcript)")
            let named = line.dropFirst(words.prefix.count).components(separatedBy: words.separator).map { $0.split(separator: " ").first.map(String.init) ?? "" }
            #expect(named == stages, "\(line)")
        }
        // In the library: PlanWriter.write records the stage.
        let result = try district.plan()
        try PlanWriter.write(result, to: district.folder.appendingPathComponent("out-library"))
        let last = try #require(result.analysis.stageSeconds.last)
        #expect(last.stage == "write" && last.seconds > 0)
        // And RevisionWriter.write, for revise's line.
        let revision = try Revise.revise(
            scenarioAt: scenario, approvedAt: district.folder.appendingPathComponent("out-plan").appendingPathComponent("plan.geojson"))
        try RevisionWriter.write(revision, to: district.folder.appendingPathComponent("out-revise"))
        let written = try #require(revision.result.analysis.stageSeconds.last)
        #expect(written.stage == "write" && written.seconds > 0)
    }

    /// A district's lists stay whole: the HTML report test's district (one reserve estate or
    /// none, one ineligible) has no summary.
    @Test func shortListsStayWhole() throws {
        let result = try HTMLReportTests.district(language: "zh").plan()
        let markdown = Report.markdown(result)
        #expect(!markdown.contains("完整名单"))
        for e in result.estates(.reserve) + result.estates(.ineligible) {
            #expect(markdown.contains("| \(result.analysis.district.estates[e].id) |"))
        }
    }
}
