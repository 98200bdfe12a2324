import Foundation

/// `plan.xlsx` (年度改造计划表, SPEC §13) as values: one sheet per horizon year, one for the
/// reserve, one for the ineligible estates (with why) and, after `revise`, one for the estates
/// marked completed; a row per estate under a frozen header row, amounts in 万元. ``XLSXWriter`` turns it
/// into the file; this type decides what the table says.
///
/// Columns: 小区名称, 编号, 建成年代, 楼栋数, 户数, 建筑面积（平方米）, 改造内容, 投资额（万元）,
/// one column per funding source (万元), 计划年度, 状态, 原因. 投资额 is the public money the
/// plan budgets for the estate (`net_cost_yuan` in plan.geojson); the funding sources are the
/// pledges the estate's data states (居民出资, 管线单位出资, 社会力量出资), listed in
/// ``fundingSources`` so a new source is one more entry there. 楼栋数 is the estate's `buildings`,
/// empty where the data give none. A 合计 row closes each sheet: each of its numbers is the sum of
/// the cells above it as they are stored (``columnSum(_:_:)``), so it is what Excel's SUM gives;
/// its 楼栋数 only when every estate of the sheet has one (a sum over some of them would pass for
/// the whole).
public struct PlanWorkbook: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// A number shown with `format` (an Excel number format such as `#,##0.0`).
        case number(Double, format: String)
        case blank
    }

    public struct Sheet: Sendable {
        public var name: String
        public var headers: [String]
        public var rows: [[Cell]]
        /// The closing 合计 row (nil when the sheet has no estate).
        public var total: [Cell]?
        /// Rows under it: on a year's sheet with new facility space, that space and the year's
        /// whole spending, so the sheet adds up to the budget.
        public var footer: [[Cell]] = []
        /// Column widths in Excel character units, fitted to the longest cell.
        public var widths: [Double]
        /// Columns whose text wraps (the reasons).
        public var wrapped: Set<Int>
        /// Lines of text under the table, after an empty row (what its figures mean).
        public var notes: [String] = []
    }

    public var sheets: [Sheet]
    /// Title and date written into the file's properties; the date is fixed (1 January of the
    /// horizon's first year, UTC) so the same plan gives the same bytes.
    public var title: String
    public var created: Date

    /// A funding source: its column header and its amount in yuan for an estate.
    public struct FundingSource: Sendable {
        public var zh: String
        public var en: String
        public var yuan: @Sendable (Estate) -> Double
    }

    /// The columns of money for one plan: the scenario's public sources (SPEC §11, the plan's
    /// allocation) first, then the pledges the estates' data holds.
    static func moneyColumns(_ result: PlanResult) -> [(header: (zh: String, en: String), yuan: (Int) -> Double)] {
        let estates = result.analysis.district.estates
        let sources = (result.scenario.funding ?? []).enumerated().map { s, source in
            ((zh: "\(source.shownName(Wording(.zh)))（万元）", en: "\(source.shownName(Wording(.en))) (10k yuan)"), { (e: Int) -> Double in result.estates[e].funding?[s] ?? 0 })
        }
        return sources + fundingSources.map { source in ((zh: source.zh, en: source.en), { (e: Int) in source.yuan(estates[e]) }) }
    }

    /// The funding sources the estates' data holds, in column order.
    public static let fundingSources: [FundingSource] = [
        FundingSource(zh: "居民出资（万元）", en: "residents (10k yuan)", yuan: { $0.residentYuan }),
        FundingSource(zh: "管线单位出资（万元）", en: "utilities (10k yuan)", yuan: { $0.utilityYuan }),
        FundingSource(zh: "社会力量出资（万元）", en: "social capital (10k yuan)", yuan: { $0.socialYuan }),
    ]

    /// 万元 shown to two decimals (to the hundred yuan), as the 万元 tables of annual plans are.
    static let wanFormat = "#,##0.00"
    static let integerFormat = "#,##0"
    static let yearFormat = "0"
    /// The plan's value (Σ score × households ÷ 100, discounted), one decimal as the reports give it.
    static let valueFormat = "#,##0.0"

    /// An amount in 万元, shown to two decimals and stored to the fen (0.01 yuan), the precision
    /// plan.geojson and summary.json give money in: 1,116.52275 for 11,165,227.50 yuan, not
    /// rounded to the yuan (half a yuan per estate would add up to a 合计 off summary.json), nor
    /// the 743.0360000000001 that yuan / 10,000 leaves for anything reading the value.
    static func wan(_ yuan: Double) -> Cell { .number((yuan * 100).rounded() / 1e6, format: wanFormat) }

    /// Decimals of a cell that ``wan(_:)`` stores: 万元 to the fen.
    static let wanPlaces = 6

    /// The 合计 of column `c`: the sum of the numbers `rows` store there, in their format, so that
    /// it is what Excel's SUM over the column gives (a total of the unrounded figures, each row
    /// rounded on its own, would differ from it in the last digit); blank when a row has no
    /// number there. When the cells hold at most `places` decimals (万元 to the fen: 6; whole
    /// numbers: 0), the sum is rounded to them, which drops the addition's float noise
    /// (41,882.70000000001) and nothing else.
    static func columnSum(_ rows: [[Cell]], _ c: Int, places: Int? = nil) -> Cell {
        var sum = 0.0
        var format: String?
        for row in rows {
            guard case .number(let value, let pattern) = row[c] else { return .blank }
            sum += value
            format = format ?? pattern
        }
        guard let format else { return .blank }
        guard let places else { return .number(sum, format: format) }
        let scale = pow(10, Double(places))
        return .number((sum * scale).rounded() / scale, format: format)
    }

    /// The plan's sheets; `extra` sheets (after `revise`, the changes to the approved plan) go
    /// before the last, 年度汇总.
    public init(_ result: PlanResult, extra: [Sheet] = []) {
        let scenario = result.scenario
        let w = Wording(scenario.reportLanguage)
        let analysis = result.analysis
        let district = analysis.district
        title = Report.title(scenario)
        var components = DateComponents()
        components.year = scenario.horizon.start
        components.month = 1
        components.day = 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        created = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)

        let money = Self.moneyColumns(result)
        let headers = [w.text("小区名称", "estate name"), w.text("编号", "id"), w.text("建成年代", "built"),
                       w.text("楼栋数", "buildings"), w.text("户数", "households"), w.text("建筑面积（平方米）", "floor area (m²)"),
                       w.text("改造内容", "renovation work"), w.text("投资额（万元）", "public investment (10k yuan)")]
            + money.map { w.text($0.header.zh, $0.header.en) }
            + [w.text("计划年度", "year"), w.text("状态", "status"), w.text("原因", "reasons")]
        let reasonsColumn = headers.count - 1

        func row(_ e: Int) -> [Cell] {
            let estate = district.estates[e]
            let line = result.estates[e]
            let described: [Cell] = [
                .text(estate.name ?? ""), .text(estate.id), .number(Double(estate.builtYear), format: Self.yearFormat),
                estate.buildings.map { .number(Double($0), format: Self.integerFormat) } ?? .blank,
                .number(Double(estate.households), format: Self.integerFormat),
                .number(estate.floorAreaM2.rounded(), format: Self.integerFormat),
                .text(w.renovationContent(levels: line.levels, hazards: estate.hazards)),
            ]
            let paid: [Cell] = [Self.wan(line.netCostYuan)] + money.map { Self.wan($0.yuan(e)) }
            // A completed estate (`revise`) shows the year it was approved for, one under way
            // the year it started.
            let year: Int? = line.year ?? scenario.approvedStates.completedYears[estate.id] ?? scenario.approvedStates.underWay[estate.id]
            let planned: [Cell] = [
                year.map { .number(Double($0), format: Self.yearFormat) } ?? .blank,
                .text(result.shownStatus(of: e, w)), .text(w.clauses(line.reasons)),
            ]
            return described + paid + planned
        }
        // Households, buildings, floor area and every amount add up; the rest of the row is text.
        let summed = [3, 4, 5] + Array(7..<(8 + money.count))
        func total(_ rows: [[Cell]]) -> [Cell]? {
            guard !rows.isEmpty else { return nil }
            var cells = [Cell](repeating: .blank, count: headers.count)
            cells[0] = .text(w.text("合计（\(rows.count)个小区）", "total (\(rows.count) estates)"))
            for c in summed { cells[c] = Self.columnSum(rows, c, places: c < 7 ? 0 : Self.wanPlaces) }
            return cells
        }
        // `rowsUnder`: the rows under the 合计 row, given it (a year's space and whole spending).
        func sheet(_ name: String, _ estates: [Int], rowsUnder: ([Cell]?) -> [[Cell]] = { _ in [] }) -> Sheet {
            let rows = estates.map(row)
            let totalRow = total(rows)
            let under = rowsUnder(totalRow)
            let widths = Self.fittedWidths(headers, rows + (totalRow.map { [$0] } ?? []) + under, wrapped: [reasonsColumn])
            return Sheet(name: name, headers: headers, rows: rows, total: totalRow, footer: under, widths: widths, wrapped: [reasonsColumn])
        }

        // A year's new facility space, and its whole spending: the estates' 合计 plus the space,
        // cell by cell as stored, so the sheet adds up in Excel as on paper.
        func footer(_ t: Int, _ totalRow: [Cell]?) -> [[Cell]] {
            let year = result.years[t]
            guard year.siteYuan > 0 else { return [] }
            let sources = scenario.funding?.count ?? 0
            let sites = Set(result.outcome.additions.filter { $0.year == year.year }.map(\.site)).count
            let pad = [Cell](repeating: .blank, count: 6)
            let space: [Cell] = [.text(w.text("新增设施用房（\(sites)处用地，\(grouped(Int(year.siteM2.rounded())))平方米）",
                                              "new facility space (\(sites) site\(sites == 1 ? "" : "s"), \(grouped(Int(year.siteM2.rounded()))) m²)"))]
                + pad + [Self.wan(year.siteYuan)]
                + money.indices.map { m in m < sources ? Self.wan(result.outcome.funding?.sites[t][m] ?? 0) : .blank }
                + [.blank, .blank, .blank]
            let parts = [totalRow, space].compactMap { $0 }
            var whole = [Cell](repeating: .blank, count: headers.count)
            whole[0] = .text(w.text("年度支出合计", "the year's spending"))
            for c in 7..<(8 + money.count) {
                let numbers = parts.filter { if case .number = $0[c] { return true } else { return false } }
                whole[c] = Self.columnSum(numbers, c, places: Self.wanPlaces)
            }
            whole[headers.count - 1] = .text(w.text("可用\(w.money(year.availableYuan))", "\(RenoPlan.money(year.availableYuan)) available"))
            return [space, whole]
        }

        var sheets: [Sheet] = []
        for (t, year) in scenario.horizon.calendarYears.enumerated() {
            let planned = district.estates.indices.filter { result.estates[$0].year == year }
                .sorted { district.estates[$0].id < district.estates[$1].id }
            sheets.append(sheet(w.text("年度改造计划表 \(year)", "Plan \(year)"), planned, rowsUnder: { footer(t, $0) }))
        }
        sheets.append(sheet(Self.sheetName(.reserve, w), result.estates(.reserve)))
        // The estates the rules keep out (SPEC §4), with why, as plan.geojson and the reports
        // give it: officials ask why an estate is not in the plan.
        let ineligible = result.estates(.ineligible)
        if !ineligible.isEmpty { sheets.append(sheet(Self.sheetName(.ineligible, w), ineligible)) }
        // `revise`: estates marked completed are in no year of the revised plan, but count for
        // their approved year in its totals check; listed here so the sheets add up to it.
        let completed = result.estates(.completed)
        if !completed.isEmpty { sheets.append(sheet(w.text("已完成项目", "Completed"), completed)) }
        // Works started before the horizon and still under way (续建), with the year they started.
        let underWay = result.estates(.underWay)
        if !underWay.isEmpty { sheets.append(sheet(w.text("续建项目", "Under way"), underWay)) }
        sheets += extra
        sheets.append(Self.summarySheet(YearTable(result), w))
        self.sheets = sheets
    }

    /// 年度汇总: the plan year by year and its 合计 row over the horizon, as the reports' year
    /// table (``YearTable``) gives them: amounts in 万元, shares as percentages. The cells hold the
    /// figures unrounded (money to the fen, space to 0.01 m², the value as the objective sums
    /// it) under a display format, and each 合计 is the sum of the cells as stored: what Excel's
    /// SUM gives, and, shown rounded, what the reports' 合计 say (they add the unrounded figures
    /// too). A note under the
    /// table says so, since the shown figures of the rows may add up to one less or more in the
    /// last digit.
    /// The sheet that lists the estates of `status` out of the plan (the reserve, the ineligible);
    /// the reports name it where they summarise those lists.
    static func sheetName(_ status: EstateStatus, _ w: Wording) -> String {
        status == .reserve ? w.text("储备项目", "Reserve") : w.text("不符合改造条件", "Ineligible")
    }

    static func summarySheet(_ table: YearTable, _ w: Wording) -> Sheet {
        let headers = [w.text("年度", "year")] + table.columns.map { column in
            switch column.unit {
            case .yuan: return column.header + w.text("（万元）", " (10k yuan)")
            case .m2: return column.header + w.text("（平方米）", " (m²)")
            default: return column.header
            }
        }
        func cell(_ column: YearTable.Column, _ value: Double?) -> Cell {
            guard let value else { return .blank }
            switch column.unit {
            case .count: return .number(value, format: Self.integerFormat)
            case .share: return .number(value, format: "0.0%")
            case .yuan: return Self.wan(value)
            case .m2: return .number((value * 100).rounded() / 100, format: Self.integerFormat)
            case .value: return .number(value, format: Self.valueFormat)
            }
        }
        let rows = table.years.indices.map { t in
            [Cell.number(Double(table.years[t]), format: Self.yearFormat)] + table.columns.map { cell($0, $0.values[t]) }
        }
        let total = [Cell.text(w.text("合计", "total"))] + table.columns.enumerated().map { c, column -> Cell in
            guard column.total != nil else { return .blank }
            switch column.unit {
            case .count: return columnSum(rows, c + 1, places: 0)
            case .yuan: return columnSum(rows, c + 1, places: wanPlaces)
            case .m2: return columnSum(rows, c + 1, places: 2)
            case .share, .value: return columnSum(rows, c + 1)
            }
        }
        let note = w.text(
            "单元格存放未取整的数值（按显示格式取整显示），合计为各行单元格之和，与Excel求和一致；显示的各行之和可能与合计在末位上略有出入。",
            "Cells hold the unrounded figures (shown rounded); each total is the sum of the cells above, as Excel's SUM gives it, so the shown figures may add up to one less or more in the last digit.")
        return Sheet(name: w.text("年度汇总", "Summary by year"), headers: headers, rows: rows, total: total,
                     widths: fittedWidths(headers, rows + [total], wrapped: []), wrapped: [], notes: [note])
    }

    /// Column widths that fit the header and the longest cell (Excel character units); a wrapped
    /// column (the reasons) wraps in a wide column rather than run across the page.
    static func fittedWidths(_ headers: [String], _ rows: [[Cell]], wrapped: Set<Int>) -> [Double] {
        headers.indices.map { c in
            // A number shows wider the further it is from zero on its side (rounding, digits and
            // grouping commas all grow with it; a minus sign, -0.0's too, on one side only), so
            // per format only the largest and the most negative need formatting (a city's plan
            // sheet has 20,000 rows).
            var longest = displayWidth(.text(headers[c]))
            var largest: [String: Double] = [:], mostNegative: [String: Double] = [:]
            for row in rows {
                guard case .number(let value, let format) = row[c], value.isFinite else {
                    longest = max(longest, displayWidth(row[c]))
                    continue
                }
                if value.sign == .plus {
                    largest[format] = max(largest[format] ?? value, value)
                } else {
                    mostNegative[format] = min(mostNegative[format] ?? value, value)
                }
            }
            for (format, value) in Array(largest) + Array(mostNegative) {
                longest = max(longest, displayWidth(.number(value, format: format)))
            }
            return wrapped.contains(c) ? min(max(longest + 2, 12), 80) : min(max(longest + 2, 6), 50)
        }
    }

    /// How wide a cell shows in Excel character units: CJK characters count two.
    static func displayWidth(_ cell: Cell) -> Double {
        let text: String
        switch cell {
        case .text(let value): text = value
        case .number(let value, let format):
            // Grouping commas and the decimals the format shows (the 0s after its point).
            let decimals = format.split(separator: ".").dropFirst().first.map { $0.prefix { $0 == "0" }.count } ?? 0
            let digits = String(format: "%.\(decimals)f", value)
            text = digits + String(repeating: ",", count: max(0, (digits.split(separator: ".")[0].count - 1) / 3))
        case .blank: text = ""
        }
        return text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2.1 : 1.1) }
    }
}
