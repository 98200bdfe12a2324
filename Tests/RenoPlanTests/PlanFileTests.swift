import CXLSX
import Foundation
import Testing

@testable import RenoPlan

/// The plan file `revise` and `evaluate` read (docs/cycle.md): a CSV as an office's Excel saves it.
@Suite("Plan files from Excel")
struct PlanFileTests {
    let folder = TestFolders.fresh("renoplan-planfile")

    func write(_ data: Data, _ name: String = "approved.csv") throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    func entries(_ plan: PlanFile) -> [String] {
        plan.entries.map { "\($0.location) \($0.id) \($0.year.map(String.init) ?? "-") \($0.state.rawValue)" }
    }

    /// An Excel export: a byte-order mark, CRLF, Chinese headers among other columns, years
    /// written 2026年, 2026.0 and with spaces, states in Chinese with trailing spaces, ids in
    /// quotes with a space, and a row of empty cells and a blank line at the end.
    @Test func excelExportIsRead() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "\u{FEFF}小区名称,小区编号,计划年度,状态,备注\r\n"
            + "甲,E1,2026年,已开工  ,\r\n"
            + "乙,\"E2 \",2026.0, ,\r\n"
            + "丙,E3, 2027 ,已竣工,\r\n"
            + "丁,E4,2027,在建,续建\r\n"
            + "戊,E5,2027,待实施,\r\n"
            + "己,E6,2028年度,开工中,\r\n"
            + ",,,,\r\n"
            + "\r\n"
        let plan = try PlanFile.read(try write(Data(text.utf8)))
        #expect(plan.problems.map(\.error.description) == [])
        #expect(entries(plan) == [
            "approved.csv:2 E1 2026 started", "approved.csv:3 E2 2026 approved", "approved.csv:4 E3 2027 completed",
            "approved.csv:5 E4 2027 started", "approved.csv:6 E5 2027 approved", "approved.csv:7 E6 2028 started",
        ])
        #expect(plan.notes.isEmpty)
    }

    /// A plan.geojson saved as a Shapefile (approved_state cut to approved_s, the levels list
    /// written as text) and
    /// as a GeoPackage, as after editing it in QGIS: the same estates, years and states, the
    /// same levels, names and figures as the GeoJSON it came from.
    @Test func gisLayersOfThePlanAreRead() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        func feature(_ id: Any, _ year: Int?, _ status: String, state: String? = nil, levels: [String] = []) -> String {
            let idText = id is Int ? "\(id)" : "\"\(id)\""
            return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,30.5]},\"properties\":{"
                + "\"id\":\(idText),\"name\":\"小区\(id)\",\"year\":\(year.map(String.init) ?? "null"),\"status\":\"\(status)\","
                + "\"cost_yuan\":1000000,\"households\":100,\"cluster\":\"C\(id)\",\"levels\":[\(levels.map { "\"\($0)\"" }.joined(separator: ","))]"
                + (state.map { ",\"approved_state\":\"\($0)\"" } ?? "") + "}}"
        }
        let text = "{\"type\":\"FeatureCollection\",\"features\":[" + [
            feature("E1", 2026, "implement", levels: ["basic", "improve"]), feature(2, 2027, "prepare"),
            feature("E3", 2025, "completed", state: "completed"), feature("E4", 2026, "under_way", state: "started"),
            feature("E5", nil, "reserve"),
        ].joined(separator: ",") + "]}"
        let geoJSON = try write(Data(text.utf8), "plan.geojson")
        let expected = try PlanFile.read(geoJSON)
        #expect(expected.entries.count == 4)
        for (name, driver) in [("plan.shp", "ESRI Shapefile"), ("plan.gpkg", "GPKG")] {
            let url = folder.appendingPathComponent(name)
            try GDALFixture.translate(geoJSON, to: url, arguments: ["-f", driver] + (driver == "GPKG" ? [] : ["-fieldTypeToString", "StringList", "-lco", "ENCODING=UTF-8"]))
            let plan = try PlanFile.read(url)
            #expect(plan.problems.isEmpty, "\(name)")
            #expect(plan.entries.map { "\($0.id) \($0.year ?? 0) \($0.state)" } == expected.entries.map { "\($0.id) \($0.year ?? 0) \($0.state)" }, "\(name)")
            #expect(plan.levels == expected.levels && plan.levels["E1"] == ["improve"], "\(name)")
            #expect(plan.names == expected.names, "\(name)")
        }
    }

    /// A WPS .et given as the plan is refused with what to give instead; a file named .xlsx
    /// that is no workbook says so.
    @Test func otherSpreadsheetsAreRefusedWithTheFix() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let et = folder.appendingPathComponent("plan.et")
        try Data([0xD0, 0xCF, 0x11, 0xE0]).write(to: et)
        #expect {
            try PlanFile.read(et)
        } throws: { error in
            "\(error)".hasPrefix("plan.et: an .et spreadsheet (WPS or OpenDocument) is not read as a plan: save it as an Excel Workbook (.xlsx) or as CSV UTF-8")
        }
        let notAWorkbook = folder.appendingPathComponent("plan.xlsx")
        try Data("PK".utf8).write(to: notAWorkbook)
        #expect {
            try PlanFile.read(notAWorkbook)
        } throws: { error in
            "\(error)".hasPrefix("plan.xlsx: cannot be read as an Excel workbook")
        }
    }

    /// An office's approved plan as an Excel workbook (libxlsxwriter): a notes sheet without a
    /// header is passed over; the plan sheet has a title row, other columns, states in Chinese,
    /// an estate in 储备 without a year (not in the plan), renoplan's own status words and a
    /// 合计 row. Rows keep the numbers the sheet shows.
    @Test func officeWorkbookIsRead() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("2026年计划.xlsx")
        let book = try #require(workbook_new(url.path))
        let notes = workbook_add_worksheet(book, "填报说明")
        worksheet_write_string(notes, 0, 0, "本表由街道填报，区住建局汇总", nil)
        let sheet = workbook_add_worksheet(book, "计划")
        func row(_ r: Int, _ cells: [String?]) {
            for (c, cell) in cells.enumerated() {
                if let cell { worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), cell, nil) }
            }
        }
        worksheet_merge_range(sheet, 0, 0, 0, 4, "某区2026年老旧小区改造计划", nil)
        row(1, ["序号", "小区名称", "小区编号", "计划年度", "实施状态"])
        row(2, ["1", "甲", "E1", "2026", "已开工"])
        worksheet_write_number(sheet, 3, 0, 2, nil)
        row(3, [nil, "乙", "E2", nil, nil])
        worksheet_write_number(sheet, 3, 3, 2027, nil)
        row(4, ["3", "丙", "E3", "2026年", "已竣工"])
        row(5, ["4", "丁", "E4", nil, "储备"])
        row(6, ["5", "戊", "E5", "2027", "后续年度实施"])
        row(7, ["合计（5个）", nil, nil, nil, nil])
        #expect(workbook_close(book) == LXW_NO_ERROR)
        let plan = try PlanFile.read(url)
        #expect(plan.problems.map(\.error.description) == [])
        let at = "2026年计划.xlsx, sheet 计划: row"
        #expect(entries(plan) == [
            "\(at) 3 E1 2026 started", "\(at) 4 E2 2027 approved", "\(at) 5 E3 2026 completed", "\(at) 7 E5 2027 approved",
        ])
    }

    /// 储备 (not in the plan) with a year is a contradiction, said at its row.
    @Test func reserveWithAYearIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try PlanFile.read(try write(Data("编号,年度,状态\nE1,2026,储备\n".utf8)))
        #expect(plan.problems.map(\.error.description) == [
            "approved.csv:2: E1: \"储备\" says the estate is not in the plan, yet its year is 2026",
        ])
    }

    /// A year with a fraction is still refused, and a state the list does not have; the line
    /// numbers count the blank line between them.
    @Test func halfYearsAndUnknownStatesAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try PlanFile.read(try write(Data("编号,年份,状态\nE1,2026.5\n\nE2,2026,startd\nE3,2026,finished\n".utf8)))
        #expect(plan.problems.map(\.error.description) == [
            "approved.csv:2: E1: year must be a whole year such as 2026 (or 2026年), got \"2026.5\"",
            "approved.csv:4: E2: state must be one of approved (已批准/批准/已批复/批复/计划/待实施/未开工), started (已开工/开工/开工中/在建/续建/施工中), "
                + "completed (已完成/完成/已竣工/竣工/完工/已完工), got \"startd\" (did you mean 'started'?)",
        ])
        // An English word for a state is read as it: finished works are completed.
        #expect(entries(plan) == ["approved.csv:5 E3 2026 completed"])
    }

    /// A Chinese state word one character off gets its "did you mean" with the word and its
    /// state: a character slipped (已开公), one left out (施工: 施工中, whose characters it
    /// keeps, before 竣工 or 开工 with one replaced). Where the nearest words are of two states
    /// both are said (停工: 开工 started, 竣工 completed, one replaced in each); 新开工 (a
    /// year's new starts, deliberately no state) and a word two edits from any get none.
    @Test func chineseStateSlipsAreSuggested() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try PlanFile.read(try write(Data("编号,年份,状态\nE1,2026,已开公\nE2,2026,施工\nE3,2026,新开工\nE4,2026,暂缓实施\n".utf8)))
        let accepted = "state must be one of approved (已批准/批准/已批复/批复/计划/待实施/未开工), started (已开工/开工/开工中/在建/续建/施工中), "
            + "completed (已完成/完成/已竣工/竣工/完工/已完工)"
        #expect(plan.problems.map(\.error.description) == [
            "approved.csv:2: E1: \(accepted), got \"已开公\" (did you mean '已开工' (started)?)",
            "approved.csv:3: E2: \(accepted), got \"施工\" (did you mean '施工中' (started)?)",
            "approved.csv:4: E3: \(accepted), got \"新开工\"",
            "approved.csv:5: E4: \(accepted), got \"暂缓实施\"",
        ])
        #expect(PlanFile.State.meant("停工") == "'开工' (started) or '竣工' (completed)")
    }

    /// A plan of other years gives every line the same error: beyond three it is said once for
    /// each side of the horizon, with the years and the first estates; three are said each.
    @Test func yearsOutsideTheHorizonAreSaidOnce() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "id,year\nE1,2024\nE2,2024\nE3,2025\nE4,2025\nE5,2026\nE6,2031\n"
        let plan = try PlanFile.read(try write(Data(text.utf8)))
        let checked = plan.checked(horizon: [2026, 2027, 2028])
        #expect(checked.problems.map(\.error.description) == [
            "approved.csv: 4 estates have years (2024–2025) outside the horizon 2026–2028 (mark finished works completed and works "
                + "still under way started; start the scenario's horizon at the year being revised); the first: E1 at approved.csv:2, "
                + "E2 at approved.csv:3, E3 at approved.csv:4",
            "approved.csv:7: E6: 2031 is outside the horizon 2026–2028 (it lies after 2028: lengthen the scenario's horizon.years to 6, "
                + "with a budget for each year, or take the line out of the plan)",
        ])
        #expect(checked.entries.map(\.id) == ["E5"])
    }

    /// renoplan's English plan.xlsx heads its state column `status` (状态 in Chinese), with its
    /// own words: a CSV saved from it keeps the started and completed works (the column was not
    /// read, and every estate taken as approved).
    @Test func englishStatusColumnIsTheState() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "estate name,id,built,households,year,status\nA,E1,1990,100,2026,started\nB,E2,1991,200,2026,implement\n"
            + "C,E3,1992,300,2027,prepare\nD,E4,1993,400,2026,completed\nF,E5,1994,500,,reserve\n"
        let plan = try PlanFile.read(try write(Data(text.utf8)))
        #expect(plan.problems.map(\.error.description) == [])
        #expect(entries(plan) == [
            "approved.csv:2 E1 2026 started", "approved.csv:3 E2 2026 approved", "approved.csv:4 E3 2027 approved",
            "approved.csv:5 E4 2026 completed",
        ])
        // The name and households columns say whose estates they are, the reserve's too.
        #expect(plan.names == ["E1": "A", "E2": "B", "E3": "C", "E4": "D", "E5": "F"])
        #expect(plan.sheetHouseholds == ["E1": 100, "E2": 200, "E3": 300, "E4": 400, "E5": 500])
    }

    /// A title line above the header (as sheets for officials have) is passed over; the lines
    /// keep their numbers in the file.
    @Test func titleLineAboveTheHeader() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try PlanFile.read(try write(Data("2025年老旧小区改造计划,,\n编号,实施年度,状态\nE1,2026,已批准\n".utf8)))
        #expect(entries(plan) == ["approved.csv:3 E1 2026 approved"])
    }

    /// 已批复 / 批复, the word on a plan the government has approved (批复), is approved.
    @Test func approvedByReply() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try PlanFile.read(try write(Data("编号,实施年度,状态\nE1,2026,已批复\nE2,2027,批复\n".utf8)))
        #expect(entries(plan) == ["approved.csv:2 E1 2026 approved", "approved.csv:3 E2 2027 approved"])
    }

    /// No header it knows: the error quotes the header found and says which names are accepted.
    @Test func unknownHeaderIsQuoted() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try write(Data("名称,年,备注\n甲,2026,\n".utf8))
        do {
            _ = try PlanFile.read(url)
            Issue.record("no error for a header without id and year")
        } catch let error as InputError {
            let text = error.description
            #expect(text.hasPrefix("approved.csv: needs a header line naming an id and a year column, found \"名称,年,备注\"; "), "\(text)")
            #expect(text.contains("for id: id, 小区编号, 编号, 小区代码"), "\(text)")
            #expect(text.contains("for year: year, 年度, 年份, 计划年度, 实施年度"), "\(text)")
            #expect(text.contains("for state (optional): state, status, 状态"), "\(text)")
        }
    }

    /// A CSV saved by Excel on a Chinese Windows is GB18030 (GBK): read, and said so. The bytes
    /// are 编号,年度,状态 / E1,2026,已开工 in GB18030 (编 B1E0, 号 BAC5, 年 C4EA, 度 B6C8,
    /// 状 D7B4, 态 CCAC, 已 D2D1, 开 BFAA, 工 B9A4), which are not UTF-8.
    @Test func gb18030IsReadAndSaid() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes: [UInt8] = [0xB1, 0xE0, 0xBA, 0xC5, 0x2C, 0xC4, 0xEA, 0xB6, 0xC8, 0x2C, 0xD7, 0xB4, 0xCC, 0xAC, 0x0D, 0x0A]
        bytes += Array("E1,2026,".utf8) + [0xD2, 0xD1, 0xBF, 0xAA, 0xB9, 0xA4, 0x0D, 0x0A]
        let plan = try PlanFile.read(try write(Data(bytes)))
        #expect(entries(plan) == ["approved.csv:2 E1 2026 started"])
        #expect(plan.notes == ["approved.csv is not UTF-8: read as GB18030 (GBK), the encoding of a CSV saved by Excel on a Chinese Windows"])
        // UTF-16 (Excel's "Unicode text") is neither: the error says how to save it.
        let utf16 = try write(Data([0xFF, 0xFE] + Array("id,year\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), "utf16.csv")
        #expect(throws: InputError(
            file: "utf16.csv", problem: "is neither UTF-8 nor GB18030/GBK text: save it as CSV UTF-8 (Excel: 另存为 → CSV UTF-8)")
        ) { try PlanFile.read(utf16) }
    }

    /// The id a missing one was probably meant as: the same but for case, full-width forms or
    /// O/0; the only id it ends in; the only id one edit away — not an id the plan lists
    /// elsewhere, and none when several are one edit away (a numbered series).
    @Test func meantIDs() {
        #expect(PlanFile.meant("e0O11", in: ["E0011", "E0111"], listed: []) == ["E0011"])
        #expect(PlanFile.meant("Ｅ００１１", in: ["E0011", "E0111"], listed: []) == ["E0011"])
        #expect(PlanFile.meant("0279", in: ["E0279", "E1278"], listed: []) == ["E0279"])
        #expect(PlanFile.meant("HX-光明小区", in: ["HX-光明小去", "HX-红星"], listed: []) == ["HX-光明小去"])
        // E0279 is gone: E0270 and E0271 are both one edit away, E0278 is in the plan itself.
        #expect(PlanFile.meant("E0279", in: ["E0270", "E0271", "E0278"], listed: ["E0278", "E0279"]) == [])
        #expect(PlanFile.meant("E0279", in: ["E0270", "E0278"], listed: ["E0278", "E0279"]) == ["E0270"])
        #expect(PlanFile.meant("E9999", in: ["E0011", "E0012"], listed: []) == [])
    }

    /// A column almost named as one renoplan reads is not passed over like 备注 (docs/data.md,
    /// near-miss property name, with the same edit distance): `stat` is one edit from `state`,
    /// and without it every row would be approved, so started works would move. The header is
    /// the one error, said at its line. `实施状况` is one edit from `实施状态` (four characters:
    /// one edit allowed); `yaer` (a swap) from `year`, named in the error that finds no header.
    /// A plan.geojson's `stat` property is an error at its feature; `status`, two edits from
    /// `state`, is renoplan's own property and passed over.
    @Test func misspeltColumnsAreErrors() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let stat = try write(Data("id,year,stat\nE1,2025,started\nE2,2026,\n".utf8))
        #expect(throws: InputError(
            file: "approved.csv:1", key: "stat",
            problem: "stat is not a column renoplan reads (did you mean 'state'?); every row's state would be taken as approved, "
                + "so works started or completed would be planned again: rename the column to state")
        ) { try PlanFile.read(stat) }
        let chinese = try write(Data("小区名称,小区编号,计划年度,实施状况\n甲,E1,2026,已开工\n".utf8), "office.csv")
        let office = #expect(throws: InputError.self) { try PlanFile.read(chinese) }
        #expect(office?.description.hasPrefix("office.csv:1: 实施状况 is not a column renoplan reads (did you mean '实施状态'?)") == true, "\(String(describing: office))")
        let yaer = try write(Data("id,yaer,state\nE1,2026,started\n".utf8), "yaer.csv")
        let header = #expect(throws: InputError.self) { try PlanFile.read(yaer) }
        #expect(header?.description.hasPrefix(
            "yaer.csv: needs a header line naming an id and a year column, found \"id,yaer,state\" (did you mean 'year' for 'yaer'?); the names accepted") == true,
            "\(String(describing: header))")
        // Other columns are still passed over: 备注 and a 状态说明 are near no name.
        let other = try PlanFile.read(try write(Data("id,year,state,备注,状态说明\nE1,2026,started,x,y\n".utf8), "other.csv"))
        #expect(entries(other) == ["other.csv:2 E1 2026 started"])
        let features = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":null,"properties":{"id":"E1","year":2025,"status":"implement","stat":"started"}},
            {"type":"Feature","geometry":null,"properties":{"id":"E2","year":2026,"status":"prepare"}}]}
            """
        let geojson = try PlanFile.read(try write(Data(features.utf8), "plan.geojson"))
        #expect(geojson.problems.map(\.error.description) == [
            "plan.geojson: feature #0 (E1): stat is not a property renoplan reads (did you mean 'state'?); its state would be taken as approved: "
                + "rename the property to state"
        ])
        #expect(entries(geojson) == ["plan.geojson: feature #1 E2 2026 approved"])
    }
}
