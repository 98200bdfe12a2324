import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// `plan.xlsx` (SPEC §13), read back with an independent reader: Python's openpyxl (Debian
/// python3-openpyxl, installed by scripts/install-deps). Without it the read-back test is skipped
/// with that message; the byte-determinism test runs everywhere.
@Suite("plan.xlsx")
struct PlanWorkbookTests {
    /// A python3 that can import openpyxl: Debian's first, then the one on the PATH.
    static let python: String? = {
        for candidate in ["/usr/bin/python3", "python3"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [candidate, "-c", "import openpyxl"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return candidate }
        }
        return nil
    }()

    /// The files of the small plan of the HTML tests (A+B a cluster, C, D; X ineligible).
    static func files(language: String = "zh") throws -> [String: Data] {
        let result = try HTMLReportTests.district(language: language).plan()
        return Dictionary(uniqueKeysWithValues: try PlanWriter.files(result).map { ($0.name, $0.data) })
    }

    @Test func byteIdenticalOnRerun() throws {
        let first = try #require(try Self.files()["plan.xlsx"])
        let second = try #require(try Self.files()["plan.xlsx"])
        #expect(first.starts(with: [0x50, 0x4B, 0x03, 0x04]), "not a zip file")
        #expect(first == second)
    }

    /// Every sheet of `xlsx` as openpyxl reads it: name, frozen pane, rows of values, each cell's
    /// number format, widths.
    static func readBack(_ xlsx: URL) throws -> [[String: Any]] {
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = []
            for ws in book.worksheets:
                rows = [list(r) for r in ws.iter_rows(values_only=True)]
                formats = [[c.number_format for c in r] for r in ws.iter_rows()]
                widths = {k: v.width for k, v in ws.column_dimensions.items()}
                out.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows, "formats": formats, "widths": widths})
            json.dump(out, sys.stdout, ensure_ascii=False)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python!, "-c", script, xlsx.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])
    }

    @Test(.enabled(if: python != nil, "python3 with openpyxl not found (apt-get install python3-openpyxl)"))
    func readBackWithOpenpyxl() throws {
        let files = try Self.files()
        let folder = TestFolders.fresh("renoplan-xlsx")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let xlsx = folder.appendingPathComponent("plan.xlsx")
        try files["plan.xlsx"]!.write(to: xlsx)
        let sheets = try Self.readBack(xlsx)

        // What the table must say, from plan.geojson (the plan's other file, read as JSON).
        let plan = try JSONIO.decode(files["plan.geojson"]!)
        var expected: [String: (year: Int?, status: String, net: Double, reasons: [String])] = [:]
        for feature in plan["features"]!.arrayValue! {
            let p = feature["properties"]!
            expected[p["id"]!.stringValue!] = (p["year"]?.numberValue.map { Int($0) }, p["status"]!.stringValue!, p["net_cost_yuan"]!.numberValue!,
                                               p["reasons"]!.arrayValue!.map { $0.stringValue! })
        }

        // X (built 2015) is ineligible: it has a sheet of its own, with its reasons.
        #expect(sheets.map { $0["name"] as? String } == ["年度改造计划表 2025", "年度改造计划表 2026", "储备项目", "不符合改造条件", "年度汇总"])
        #expect(expected["X"]?.status == "ineligible")
        let headers = ["小区名称", "编号", "建成年代", "楼栋数", "户数", "建筑面积（平方米）", "改造内容", "投资额（万元）",
                       "居民出资（万元）", "管线单位出资（万元）", "社会力量出资（万元）", "计划年度", "状态", "原因"]
        for (s, sheet) in sheets.dropLast().enumerated() {
            let name = sheet["name"] as! String
            #expect(sheet["freeze"] as? String == "A2", "\(name): header row not frozen")
            let rows = sheet["rows"] as! [[Any]]
            #expect(rows.first?.map { $0 as? String } == headers)
            // A row per estate of that year (or of the reserve, or ineligible), then the 合计 row.
            let year: Int? = s < 2 ? 2025 + s : nil
            let status = s == 2 ? "reserve" : "ineligible"
            let ids = expected.filter { year != nil ? $0.value.year == year : $0.value.status == status }.keys.sorted()
            #expect(s < 3 || ids == ["X"], "\(ids)")
            let body = rows.dropFirst().filter { ($0[1] as? String) != nil }
            #expect(body.map { $0[1] as! String }.sorted() == ids, "\(name)")
            for row in body {
                let id = row[1] as! String
                let amount = try #require(row[7] as? Double ?? (row[7] as? Int).map(Double.init))
                #expect(abs(amount - expected[id]!.net / 1e4) < 1e-9, "\(name) \(id): \(amount) 万元")
                // Stored to the fen: what a program reading the cell gets has no float noise.
                #expect(Double(String(amount))! == (amount * 1e6).rounded() / 1e6 && String(amount).count <= 14, "\(amount)")
                #expect((row[11] as? Int) == expected[id]!.year)
                #expect(row[12] as? String == Wording(.zh).status(EstateStatus(rawValue: expected[id]!.status)!))
                // 原因 as plan.geojson gives them (the ineligible estates' too: why they are not in).
                #expect(row[13] as? String ?? "" == expected[id]!.reasons.joined(separator: "；"), "\(name) \(id)")
                if s == 3 { #expect(!expected[id]!.reasons.isEmpty, "\(id) is ineligible without a reason") }
            }
            if !ids.isEmpty {
                // The 合计 row closes the estates (a year with new space has two rows under it).
                let total = try #require(rows.first { ($0[0] as? String)?.hasPrefix("合计") == true })
                #expect(rows.count - rows.firstIndex { ($0[0] as? String)?.hasPrefix("合计") == true }! - 1 <= 2)
                let sum = ids.reduce(0.0) { $0 + expected[$1]!.net / 1e4 }
                #expect(abs(((total[7] as? Double) ?? Double(total[7] as? Int ?? -1)) - sum) < 1e-6)
            }
            // Widths fit: every column at least as wide as its header (CJK characters count two).
            let widths = sheet["widths"] as! [String: Double]
            for (c, header) in headers.enumerated() {
                let letter = String(UnicodeScalar(UInt8(65 + c)))
                let need = header.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
                #expect((widths[letter] ?? 0) >= need, "\(name) column \(letter) (\(header)) is \(widths[letter] ?? 0) wide")
            }
        }
        // The small plan: A and B (1M yuan each, no linked saving) are 100.0万元 each.
        #expect(expected["A"]!.net == 1_000_000)

        // 年度汇总: a row per year — its estates and renovation money (万元) from plan.geojson —
        // and a 合计 row that is the sum of the rows, here added up again; the extended share,
        // not additive, has no total.
        let summary = try #require(sheets.last)
        let rows = summary["rows"] as! [[Any]]
        #expect(summary["freeze"] as? String == "A2")
        #expect(rows.first?.map { $0 as? String } == ["年度", "小区", "片区", "户数", "扩展类户数占比", "改造投资（万元）", "新增设施用房面积（平方米）",
                                                      "新增设施用房费用（万元）", "支出（万元）", "预算（万元）", "价值"])
        func number(_ cell: Any) -> Double? { cell as? Double ?? (cell as? Int).map(Double.init) }
        let totalIndex = try #require(rows.firstIndex { $0.first as? String == "合计" })
        let years = Array(rows[1..<totalIndex]), total = rows[totalIndex]
        // 价值 shown to one decimal, the rows' and the 合计's (not 4910.678321804759).
        let formats = summary["formats"] as! [[String]]
        for r in 1...totalIndex { #expect(formats[r][10] == "#,##0.0", "row \(r): 价值 shown as \(formats[r][10])") }
        // A note under the table says what the cells hold.
        #expect(rows[(totalIndex + 1)...].contains { ($0.first as? String)?.contains("未取整") == true })
        #expect(years.map { $0[0] as? Int } == [2025, 2026])
        for row in years {
            let ids = expected.filter { $0.value.year == row[0] as? Int }
            #expect(number(row[1]) == Double(ids.count))
            #expect(abs(number(row[5])! - ids.values.reduce(0) { $0 + $1.net / 1e4 }) < 1e-6)
            #expect(number(row[9]) == 250, "a budget of 2.5M yuan is 250.0万元")
        }
        #expect(total[0] as? String == "合计")
        #expect(total[4] is NSNull, "a share has no total")
        for c in [1, 2, 3, 5, 6, 7, 8, 9, 10] {
            let sum = years.reduce(0.0) { $0 + (number($1[c]) ?? 0) }
            #expect(abs(number(total[c])! - sum) < 1e-9, "column \(c): \(total[c]) against \(sum)")
        }
        #expect(number(total[1]) == 4, "A, B, C and D")
    }

    /// Every 合计 of plan.xlsx is the sum of the cells above it as the file stores them, added up
    /// again here from what openpyxl reads (QA: 7,136 + 3,428 + 6,512 m² under a 合计 of 17,077,
    /// rows rounded to the m² and the total rounded once). The small plan's new space is replaced
    /// by 100.4 m² at S1 in each year, costing 200,800.5 yuan: rows rounded on their own
    /// would read 100 + 100 m² under a 合计 of 201; each year's 20.08005万元 (to the fen) adds up
    /// to 40.1601万元 (to the yuan, half up, it was 20.0801 under 40.1602, a yuan more than
    /// the space cost). 年度支出合计 is a year's 合计 plus its new space, cell by cell.
    @Test(.enabled(if: python != nil, "python3 with openpyxl not found (apt-get install python3-openpyxl)"))
    func everyTotalIsTheSumOfItsCells() throws {
        let solved = try HTMLReportTests.district(language: "zh").plan()
        var outcome = solved.outcome
        let first = try #require(outcome.additions.first, "the test district builds no space")
        outcome.additions = [2025, 2026].map { SiteAddition(site: first.site, norm: first.norm, kind: first.kind, year: $0, m2: 100.4, costYuan: 200_800.5) }
        let result = PlanResult(analysis: solved.analysis, outcome: outcome)
        let folder = TestFolders.fresh("renoplan-xlsx-totals")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let xlsx = folder.appendingPathComponent("plan.xlsx")
        try XLSXWriter.data(PlanWorkbook(result)).write(to: xlsx)
        let sheets = try Self.readBack(xlsx)
        func number(_ cell: Any) -> Double? { cell as? Double ?? (cell as? Int).map(Double.init) }
        func label(_ row: [Any]) -> String { row.first as? String ?? "" }

        var totals = 0
        for sheet in sheets {
            let name = sheet["name"] as! String
            let rows = sheet["rows"] as! [[Any]]
            guard let t = rows.firstIndex(where: { label($0).hasPrefix("合计") }) else { continue }
            let above = rows[1..<t], total = rows[t]
            for c in total.indices {
                guard let shown = number(total[c]) else { continue }
                let sum = above.reduce(0.0) { $0 + (number($1[c]) ?? 0) }
                #expect(abs(shown - sum) < 1e-9, "\(name) column \(c): 合计 \(shown), cells add up to \(sum)")
                totals += 1
            }
            // A year's whole spending: its 合计 and its new space.
            if let space = rows.first(where: { label($0).hasPrefix("新增设施用房") }), let whole = rows.first(where: { label($0) == "年度支出合计" }) {
                #expect(abs(number(space[7])! - 20.08005) < 1e-9, "\(name): \(space[7])")
                for c in 7..<11 {
                    let sum = (number(total[c]) ?? 0) + (number(space[c]) ?? 0)
                    #expect(abs((number(whole[c]) ?? 0) - sum) < 1e-9, "\(name) column \(c): 年度支出合计 \(whole[c]) against \(sum)")
                }
            }
        }
        #expect(totals > 20, "\(totals) totals checked")

        // 年度汇总: 100.4 m² a year stored as such, 200.8 m² and 40.1601万元 over the horizon.
        let summary = try #require(sheets.last?["rows"] as? [[Any]])
        let t = try #require(summary.firstIndex { label($0) == "合计" })
        #expect(summary[1..<t].map { number($0[6]) } == [100.4, 100.4])
        #expect(abs(number(summary[t][6])! - 200.8) < 1e-9, "\(summary[t][6])")
        #expect(summary[1..<t].map { number($0[7]) } == [20.08005, 20.08005])
        #expect(abs(number(summary[t][7])! - 40.1601) < 1e-9, "\(summary[t][7])")
    }

    /// After `revise`, plan.xlsx has the sheet 调整情况 (before 年度汇总): the changes as
    /// changes.json gives them, each with the estate's name, and a closing row with their count.
    /// S (consent 0.60) is started in 2026: its status reads 在建（已开工） on its year's sheet
    /// and in the map's tooltip, not 后续年度实施. D (9M) is completed; B (consent 0.50) is
    /// dropped from 2026; G (1M), approved for no year, fills 2025 beside F (3M of 5M): two
    /// changes, D listed but not counted.
    @Test(.enabled(if: python != nil, "python3 with openpyxl not found (apt-get install python3-openpyxl)"))
    func changesSheetAfterRevise() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("S", TestGeo.rect(0, 0), households: 300, cost: 4e6, extra: ["consent": 0.6]),
                TestGeo.estate("D", TestGeo.rect(3000, 0), households: 200, cost: 9e6),
                TestGeo.estate("F", TestGeo.rect(6000, 0), households: 250, cost: 3e6),
                TestGeo.estate("B", TestGeo.rect(9000, 0), households: 150, cost: 3e6, extra: ["consent": 0.5]),
                TestGeo.estate("G", TestGeo.rect(12000, 0), households: 100, cost: 1e6),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\nreport: {language: zh}\n" + ModelTests.noNorms)
        let url = try district.write()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let approvedURL = district.folder.appendingPathComponent("approved.csv")
        try "id,year,state\nS,2026,started\nD,2025,completed\nF,2025\nB,2026\n".write(to: approvedURL, atomically: true, encoding: .utf8)
        let out = district.folder.appendingPathComponent("revised")
        try RevisionWriter.write(try Revise.revise(scenarioAt: url, approvedAt: approvedURL), to: out)
        let sheets = try Self.readBack(out.appendingPathComponent("plan.xlsx"))
        #expect(sheets.map { $0["name"] as? String } == ["年度改造计划表 2025", "年度改造计划表 2026", "储备项目", "已完成项目", "调整情况", "年度汇总"])

        // What the sheet must say, from changes.json and the estates' names (TestGeo: 测试 + id).
        let changes = try #require(try JSONIO.decodeFile(out.appendingPathComponent("changes.json"))["changes"]?.arrayValue)
        let kinds = ["moved": "调整年度", "dropped": "调出", "added": "新增", "completed": "已完成"]
        func year(_ value: JSONValue?) -> String { value?.numberValue.map { String(Int($0)) } ?? "–" }
        let expected = changes.map { change in
            [change["id"]!.stringValue!, "测试" + change["id"]!.stringValue!, year(change["approved_year"]), year(change["year"]),
             kinds[change["change"]!.stringValue!]!, change["reason"]!.stringValue!]
        }
        // The counted changes first, the completed estate after them.
        #expect(expected.map { "\($0[0]) \($0[4])" } == ["B 调出", "G 新增", "D 已完成"], "\(expected)")
        let sheet = sheets[4]
        #expect(sheet["freeze"] as? String == "A2")
        let rows = sheet["rows"] as! [[Any]]
        func text(_ cell: Any) -> String { (cell as? Int).map(String.init) ?? (cell as? String) ?? "" }
        #expect(rows.first?.map(text) == ["编号", "小区名称", "原年度", "调整后", "调整", "原因"])
        #expect(rows.dropFirst().dropLast().map { $0.map(text) } == expected)
        #expect(rows.last.map { text($0[0]) } == "合计：改动2处（另有已完成1个，不计）")
        // The same rows as report.md's table of changes.
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        for row in expected { #expect(markdown.contains("| " + row.joined(separator: " | ") + " |"), "\(row)") }

        // S on 2026's sheet and on the map: under way.
        let s = try #require((sheets[1]["rows"] as! [[Any]]).first { text($0[1]) == "S" })
        #expect(text(s[12]) == "在建（已开工）")
        #expect(text((sheets[0]["rows"] as! [[Any]]).first { text($0[1]) == "F" }![12]) == "本年度实施")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<title>S 测试S — 在建（已开工） 2026"), "tooltip")
        // And in the reports' year tables, which the paper copy has.
        #expect(markdown.contains("| 2026 | S | 测试S（在建） |"), "\(markdown)")
        #expect(html.contains("<td class=\"name\">测试S（在建）</td>"))
        #expect(!markdown.contains("测试F（在建）"))
    }

    /// 楼栋数 is the estate's `buildings`. Budget 10M, three estates of 1M, all planned in 2025:
    /// with 4 + 6 + 5 buildings the 合计 row says 15; with E3's count missing its cell is empty,
    /// and so is the total (4 + 6 would pass for the whole year's).
    @Test func buildingCounts() throws {
        func sheet(_ third: Int?) throws -> PlanWorkbook.Sheet {
            let result = try TestDistrict(
                estates: [
                    TestGeo.estate("E1", ModelTests.far(0), extra: ["buildings": 4]),
                    TestGeo.estate("E2", ModelTests.far(1), extra: ["buildings": 6]),
                    TestGeo.estate("E3", ModelTests.far(2), extra: third.map { ["buildings": .number(Double($0))] } ?? [:]),
                ],
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n" + ModelTests.noNorms
            ).plan()
            return PlanWorkbook(result).sheets[0]
        }
        let number = { (n: Double) in PlanWorkbook.Cell.number(n, format: PlanWorkbook.integerFormat) }
        let all = try sheet(5)
        #expect(all.rows.map { $0[3] } == [number(4), number(6), number(5)])
        #expect(all.total?[3] == number(15))
        let partial = try sheet(nil)
        #expect(partial.rows.map { $0[3] } == [number(4), number(6), .blank])
        #expect(partial.total?[3] == .blank)
    }

    /// A year with new facility space: under the 合计 row, the space and the year's whole
    /// spending, which is what the budget line of the report says; without space, no such rows.
    @Test func yearSheetsAddUpToTheYearsSpending() throws {
        let result = try HTMLReportTests.district(language: "zh").plan()
        let workbook = PlanWorkbook(result)
        func amount(_ cell: PlanWorkbook.Cell) -> Double? {
            if case .number(let value, _) = cell { return value }
            return nil
        }
        #expect(result.years.contains { $0.siteYuan > 0 }, "the test district builds no space")
        for (t, year) in result.years.enumerated() {
            let sheet = workbook.sheets[t]
            guard year.siteYuan > 0 else {
                #expect(sheet.footer.isEmpty)
                continue
            }
            #expect(sheet.footer.count == 2)
            let (estates, space, whole) = (amount(sheet.total![7])!, amount(sheet.footer[0][7])!, amount(sheet.footer[1][7])!)
            #expect(abs(space - year.siteYuan / 1e4) < 1e-9)
            // Each cell is stored to the fen, so the parts add up to the year's spending.
            #expect(abs(whole - year.spendYuan / 1e4) < 1e-6 * Double(year.estates + 1))
            #expect(abs(estates + space - whole) < 1e-9)
        }
    }

    /// Every sheet of `xlsx` as GDAL's XLSX driver reads it (what QGIS and ogr2ogr see; a reader
    /// apart from openpyxl and from libxlsxwriter): each row's cells as text, a number as the
    /// file stores it (every field a string); the first row is the header, GDAL's field names.
    static func readWithGDAL(_ xlsx: URL) throws -> [(name: String, rows: [[String]])] {
        _ = OGRLayerReader.registered
        let opened: GDALDatasetH? = withCStrings(["HEADERS=FORCE", "FIELD_TYPES=STRING"]) {
            GDALOpenEx(xlsx.path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, $0, nil)
        }
        let dataset = try #require(opened, "GDAL cannot open \(xlsx.path)")
        defer { GDALClose(dataset) }
        return (0..<GDALDatasetGetLayerCount(dataset)).map { l in
            let layer = GDALDatasetGetLayer(dataset, l)
            let definition = OGR_L_GetLayerDefn(layer)
            let fields = OGR_FD_GetFieldCount(definition)
            var rows = [(0..<fields).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, $0))) }]
            OGR_L_ResetReading(layer)
            while let feature = OGR_L_GetNextFeature(layer) {
                rows.append((0..<fields).map { OGR_F_IsFieldSetAndNotNull(feature, $0) != 0 ? String(cString: OGR_F_GetFieldAsString(feature, $0)) : "" })
                OGR_F_Destroy(feature)
            }
            return (String(cString: OGR_L_GetName(layer)), rows)
        }
    }

    /// 改造内容 names the content levels, basic first, and the works an estate's hazards call for
    /// in brackets after 基础类, since they are basic works (QA: 基础类、提升类（燃气管道改造、结构加固）
    /// read as upgrade works; an estate without hazards read 基础类（基础类改造）). One year, budget
    /// 100M for four estates of 1M with levels at 100 yuan/m² (700,000 each): every level that
    /// applies is done. E1 (gas, structure; no improve) does basic and upgrade, E2 (no hazards,
    /// neither level) basic alone, E3 (fire) all three; E4 (water; consent 0.50) waits in the
    /// reserve, where its content is the basic works it needs. Expected from plan.geojson's
    /// `levels` and the hazards given here, read back through GDAL.
    @Test func contentNamesTheBasicWorksThenTheLevels() throws {
        let hazards: [String: [String]] = ["E1": ["gas", "structure"], "E2": [], "E3": ["fire"], "E4": ["water"]]
        let works = ["gas": "燃气管道改造", "structure": "结构加固", "fire": "消防设施改造", "water": "供水管网改造"]
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("E1", ModelTests.far(0), extra: ["hazards": ["gas", "structure"], "improve": false]),
                TestGeo.estate("E2", ModelTests.far(1), extra: ["improve": false, "upgrade": false]),
                TestGeo.estate("E3", ModelTests.far(2), extra: ["hazards": ["fire"]]),
                TestGeo.estate("E4", ModelTests.far(3), extra: ["hazards": ["water"], "consent": 0.5]),
            ],
            scenario: """
                horizon: {start: 2025, years: 1}
                budget: {annual_yuan: [1e8]}
                levels: {improve: {per_m2: 100, weight: 0.5}, upgrade: {per_m2: 100, weight: 0.5}}
                report: {language: zh}

                """ + ModelTests.noNorms
        ).plan()
        let files = Dictionary(uniqueKeysWithValues: try PlanWriter.files(result).map { ($0.name, $0.data) })
        let plan = try JSONIO.decode(files["plan.geojson"]!)
        var levels: [String: [String]] = [:]
        for feature in plan["features"]!.arrayValue! {
            let p = feature["properties"]!
            levels[p["id"]!.stringValue!] = p["levels"]?.arrayValue?.map { $0.stringValue! } ?? []
        }
        #expect(levels == ["E1": ["basic", "upgrade"], "E2": ["basic"], "E3": ["basic", "improve", "upgrade"], "E4": []], "\(levels)")

        let folder = TestFolders.fresh("renoplan-xlsx-content")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let xlsx = folder.appendingPathComponent("plan.xlsx")
        try files["plan.xlsx"]!.write(to: xlsx)
        let names = ["basic": "基础类", "improve": "完善类", "upgrade": "提升类"]
        var seen: [String: String] = [:]
        for sheet in try Self.readWithGDAL(xlsx).dropLast() {
            let header = try #require(sheet.rows.first)
            let (id, content) = (try #require(header.firstIndex(of: "编号")), try #require(header.firstIndex(of: "改造内容")))
            for row in sheet.rows.dropFirst() where hazards[row[id]] != nil { seen[row[id]] = row[content] }
        }
        for (estate, keys) in hazards {
            let basic = keys.isEmpty ? "基础类" : "基础类（" + keys.map { works[$0]! }.joined(separator: "、") + "）"
            let expected = ([basic] + levels[estate]!.filter { $0 != "basic" }.map { names[$0]! }).joined(separator: "、")
            #expect(seen[estate] == expected, "\(estate): \(seen[estate] ?? "no row")")
        }
        // In English: basic (fire safety), improve, upgrade.
        #expect(Wording(.en).renovationContent(levels: ["basic", "improve", "upgrade"], hazards: ["fire"]) == "basic (fire safety), improve, upgrade")
    }

    /// Money is stored in 万元 to the fen and shown with two decimals (QA: cells rounded to the
    /// yuan, so 2026's 合计 was 0.5 yuan off summary.json's renovation_yuan). Two estates of
    /// 1,000,000.50 and 2,000,001.50 yuan, one year, budget 5M: GDAL reads 100.00005 and
    /// 200.00015 (not 100.0001 and 200.0002, rounded half away), and a 合计 of 300.0002, which is
    /// summary.json's renovation_yuan (3,000,002 yuan) ÷ 10,000 and the sum of the cells. Every
    /// money cell shows `#,##0.00` (openpyxl), 年度汇总's too.
    @Test func moneyStoredToTheFenShownToTwoDecimals() throws {
        let result = try TestDistrict(
            estates: [
                TestGeo.estate("E1", ModelTests.far(0), cost: 1_000_000.5),
                TestGeo.estate("E2", ModelTests.far(1), cost: 2_000_001.5),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [5e6]}\nreport: {language: zh}\n" + ModelTests.noNorms
        ).plan()
        let files = Dictionary(uniqueKeysWithValues: try PlanWriter.files(result).map { ($0.name, $0.data) })
        let summary = try JSONIO.decode(files["summary.json"]!)
        let renovation = try #require(summary["years"]?.arrayValue?.first?["renovation_yuan"]?.numberValue)
        #expect(renovation == 3_000_002)
        let folder = TestFolders.fresh("renoplan-xlsx-fen")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let xlsx = folder.appendingPathComponent("plan.xlsx")
        try files["plan.xlsx"]!.write(to: xlsx)

        let sheets = try Self.readWithGDAL(xlsx)
        let year = try #require(sheets.first { $0.name == "年度改造计划表 2025" }?.rows)
        let amount = try #require(year.first?.firstIndex(of: "投资额（万元）"))
        let cells = Dictionary(year.dropFirst().map { ($0[1].isEmpty ? $0[0] : $0[1], $0[amount]) }, uniquingKeysWith: { first, _ in first })
        #expect(cells["E1"] == "100.00005" && cells["E2"] == "200.00015", "\(cells)")
        let total = try #require(cells.first { $0.key.hasPrefix("合计") }?.value)
        #expect(total == "300.0002", "\(total)")
        #expect(abs(Double(total)! * 1e4 - renovation) < 1e-6)
        #expect(abs(Double(total)! - Double(cells["E1"]!)! - Double(cells["E2"]!)!) < 1e-9)
        let byYear = try #require(sheets.last?.rows)
        let column = try #require(byYear.first?.firstIndex(of: "改造投资（万元）"))
        #expect(byYear[1][column] == "300.0002", "年度汇总: \(byYear[1][column])")

        guard Self.python != nil else { return }
        let read = try Self.readBack(xlsx)
        for sheet in read {
            let headers = (sheet["rows"] as! [[Any]]).first!.map { $0 as? String ?? "" }
            let formats = sheet["formats"] as! [[String]]
            for (c, header) in headers.enumerated() where header.hasSuffix("（万元）") {
                for r in 1..<formats.count where !((sheet["rows"] as! [[Any]])[r][c] is NSNull) {
                    #expect(formats[r][c] == "#,##0.00", "\(sheet["name"]!) row \(r) \(header): \(formats[r][c])")
                }
            }
        }
    }

    /// English headers with `report.language: en`.
    @Test func englishHeaders() throws {
        let result = try HTMLReportTests.district(language: "en").plan()
        let workbook = PlanWorkbook(result)
        #expect(workbook.sheets.map(\.name) == ["Plan 2025", "Plan 2026", "Reserve", "Ineligible", "Summary by year"])
        #expect(workbook.sheets[0].headers.first == "estate name")
    }
}
