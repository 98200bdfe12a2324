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

    @Test(.enabled(if: python != nil, "python3 with openpyxl not found (apt-get install python3-openpyxl)"))
    func readBackWithOpenpyxl() throws {
        let files = try Self.files()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("renoplan-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let xlsx = folder.appendingPathComponent("plan.xlsx")
        try files["plan.xlsx"]!.write(to: xlsx)
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = []
            for ws in book.worksheets:
                rows = [list(r) for r in ws.iter_rows(values_only=True)]
                widths = {k: v.width for k, v in ws.column_dimensions.items()}
                out.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows, "widths": widths})
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
        let sheets = try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])

        // What the table must say, from plan.geojson (the plan's other file, read as JSON).
        let plan = try JSONIO.decode(files["plan.geojson"]!)
        var expected: [String: (year: Int?, status: String, net: Double)] = [:]
        for feature in plan["features"]!.arrayValue! {
            let p = feature["properties"]!
            expected[p["id"]!.stringValue!] = (p["year"]?.numberValue.map { Int($0) }, p["status"]!.stringValue!, p["net_cost_yuan"]!.numberValue!)
        }

        #expect(sheets.map { $0["name"] as? String } == ["年度改造计划表 2025", "年度改造计划表 2026", "储备项目", "年度汇总"])
        let headers = ["小区名称", "编号", "建成年代", "楼栋数", "户数", "建筑面积（平方米）", "改造内容", "投资额（万元）",
                       "居民出资（万元）", "管线单位出资（万元）", "社会力量出资（万元）", "计划年度", "状态", "原因"]
        for (s, sheet) in sheets.dropLast().enumerated() {
            let name = sheet["name"] as! String
            #expect(sheet["freeze"] as? String == "A2", "\(name): header row not frozen")
            let rows = sheet["rows"] as! [[Any]]
            #expect(rows.first?.map { $0 as? String } == headers)
            // A row per estate of that year (or of the reserve), then the 合计 row.
            let year: Int? = s < 2 ? 2025 + s : nil
            let ids = expected.filter { year != nil ? $0.value.year == year : $0.value.status == "reserve" }.keys.sorted()
            let body = rows.dropFirst().filter { ($0[1] as? String) != nil }
            #expect(body.map { $0[1] as! String }.sorted() == ids, "\(name)")
            for row in body {
                let id = row[1] as! String
                let amount = try #require(row[7] as? Double ?? (row[7] as? Int).map(Double.init))
                #expect(abs(amount - expected[id]!.net / 1e4) < 1e-9, "\(name) \(id): \(amount) 万元")
                #expect((row[11] as? Int) == expected[id]!.year)
                #expect(row[12] as? String == Wording(.zh).status(EstateStatus(rawValue: expected[id]!.status)!))
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
        let years = Array(rows.dropFirst().dropLast()), total = try #require(rows.last)
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
            #expect(abs(number(total[c])! - sum) < 1e-6, "column \(c): \(total[c]) against \(sum)")
        }
        #expect(number(total[1]) == 4, "A, B, C and D")
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
            #expect(abs(whole - year.spendYuan / 1e4) < 1e-9)
            #expect(abs(estates + space - whole) < 1e-6)
        }
    }

    /// English headers with `report.language: en`.
    @Test func englishHeaders() throws {
        let result = try HTMLReportTests.district(language: "en").plan()
        let workbook = PlanWorkbook(result)
        #expect(workbook.sheets.map(\.name) == ["Plan 2025", "Plan 2026", "Reserve", "Summary by year"])
        #expect(workbook.sheets[0].headers.first == "estate name")
    }
}
