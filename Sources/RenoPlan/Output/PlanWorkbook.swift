import Foundation

/// `plan.xlsx` (年度改造计划表, SPEC §13) as values: one sheet per horizon year, one for the
/// reserve and, after `revise`, one for the estates marked completed; a row per estate under a frozen header row, amounts in 万元. ``XLSXWriter`` turns it
/// into the file; this type decides what the table says.
///
/// Columns: 小区名称, 编号, 建成年代, 楼栋数, 户数, 建筑面积（平方米）, 改造内容, 投资额（万元）,
/// one column per funding source (万元), 计划年度, 状态, 原因. 投资额 is the public money the
/// plan budgets for the estate (`net_cost_yuan` in plan.geojson); the funding sources are the
/// pledges the estate's data states (居民出资, 管线单位出资, 社会力量出资), listed in
/// ``fundingSources`` so a new source is one more entry there. 楼栋数 is the estate's `buildings`,
/// empty where the data give none. A 合计 row closes each sheet; its 楼栋数 only when every estate
/// of the sheet has one (a sum over some of them would pass for the whole).
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

    /// English names of the hazard keys for 改造内容 (SPEC §5 hazards).
    static let hazardWork: [String: (zh: String, en: String)] = [
        "gas": ("燃气管道改造", "gas pipes"), "fire": ("消防设施改造", "fire safety"),
        "structure": ("结构加固", "structural repair"), "drainage": ("排水管网改造", "drainage"),
        "water": ("供水管网改造", "water supply"), "power": ("供电线路改造", "power lines"),
        "heating": ("供热管网改造", "heating"), "telecom": ("通信线路改造", "telecom lines"),
    ]

    static let wanFormat = "#,##0.0"
    static let integerFormat = "#,##0"
    static let yearFormat = "0"

    /// An amount in 万元, shown to one decimal and stored to the yuan (743.036, not the
    /// 743.0360000000001 that yuan / 10,000 leaves in the cell for anything reading its value).
    static func wan(_ yuan: Double) -> Cell { .number(yuan.rounded() / 1e4, format: wanFormat) }

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
            let work = estate.hazards.map { key in Self.hazardWork[key].map { w.text($0.zh, $0.en) } ?? key }
            // SPEC §10: the content levels done, then the basic works the hazards call for.
            let levels = line.levels.map { Wording.levelName($0, w) }
            let content = work.isEmpty ? w.text("基础类改造", "basic renovation") : w.list(work)
            let described: [Cell] = [
                .text(estate.name ?? ""), .text(estate.id), .number(Double(estate.builtYear), format: Self.yearFormat),
                estate.buildings.map { .number(Double($0), format: Self.integerFormat) } ?? .blank,
                .number(Double(estate.households), format: Self.integerFormat),
                .number(estate.floorAreaM2.rounded(), format: Self.integerFormat),
                .text(levels.isEmpty ? content : w.list(levels) + w.text("（\(content)）", " (\(content))")),
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
        func total(_ estates: [Int]) -> [Cell]? {
            guard !estates.isEmpty else { return nil }
            func sum(_ value: (Int) -> Double) -> Double { estates.reduce(0) { $0 + value($1) } }
            let buildings = estates.compactMap { district.estates[$0].buildings }
            return [.text(w.text("合计（\(estates.count)个小区）", "total (\(estates.count) estates)")), .blank, .blank,
                    buildings.count == estates.count ? .number(Double(buildings.reduce(0, +)), format: Self.integerFormat) : .blank,
                    .number(sum { Double(district.estates[$0].households) }, format: Self.integerFormat),
                    .number(sum { district.estates[$0].floorAreaM2.rounded() }, format: Self.integerFormat), .blank,
                    Self.wan(sum { result.estates[$0].netCostYuan })]
                + money.map { column in Self.wan(sum { column.yuan($0) }) }
                + [.blank, .blank, .blank]
        }
        func sheet(_ name: String, _ estates: [Int], footer: [[Cell]] = []) -> Sheet {
            let rows = estates.map(row)
            let totalRow = total(estates)
            let widths = Self.fittedWidths(headers, rows + (totalRow.map { [$0] } ?? []) + footer, wrapped: [reasonsColumn])
            return Sheet(name: name, headers: headers, rows: rows, total: totalRow, footer: footer, widths: widths, wrapped: [reasonsColumn])
        }

        // A year's new facility space, and its whole spending: estates and space, by source.
        func footer(_ t: Int, _ planned: [Int]) -> [[Cell]] {
            let year = result.years[t]
            guard year.siteYuan > 0 else { return [] }
            let sources = scenario.funding?.count ?? 0
            let sites = Set(result.outcome.additions.filter { $0.year == year.year }.map(\.site)).count
            let wan = Self.wan
            let pad = [Cell](repeating: .blank, count: 6)
            let space: [Cell] = [.text(w.text("新增设施用房（\(sites)处用地，\(grouped(Int(year.siteM2.rounded())))平方米）",
                                              "new facility space (\(sites) sites, \(grouped(Int(year.siteM2.rounded()))) m²)"))]
                + pad + [wan(year.siteYuan)]
                + money.indices.map { m in m < sources ? wan(result.outcome.funding?.sites[t][m] ?? 0) : .blank }
                + [.blank, .blank, .blank]
            let whole: [Cell] = [.text(w.text("年度支出合计", "the year's spending"))] + pad + [wan(year.spendYuan)]
                + money.indices.map { m in m < sources ? wan(year.funding[m].spentYuan) : wan(planned.reduce(0) { $0 + money[m].yuan($1) }) }
                + [.blank, .blank, .text(w.text("可用\(w.money(year.availableYuan))", "\(RenoPlan.money(year.availableYuan)) available"))]
            return [space, whole]
        }

        var sheets: [Sheet] = []
        for (t, year) in scenario.horizon.calendarYears.enumerated() {
            let planned = district.estates.indices.filter { result.estates[$0].year == year }
                .sorted { district.estates[$0].id < district.estates[$1].id }
            sheets.append(sheet(w.text("年度改造计划表 \(year)", "Plan \(year)"), planned, footer: footer(t, planned)))
        }
        sheets.append(sheet(w.text("储备项目", "Reserve"), result.estates(.reserve)))
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
    /// table (``YearTable``) gives them: amounts in 万元, shares as percentages.
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
            case .m2: return .number(value.rounded(), format: Self.integerFormat)
            case .value: return .number(value, format: "0.0")
            }
        }
        let rows = table.years.indices.map { t in
            [Cell.number(Double(table.years[t]), format: Self.yearFormat)] + table.columns.map { cell($0, $0.values[t]) }
        }
        let total = [Cell.text(w.text("合计", "total"))] + table.columns.map { column in column.total.map { cell(column, $0) } ?? .blank }
        return Sheet(name: w.text("年度汇总", "Summary by year"), headers: headers, rows: rows, total: total,
                     widths: fittedWidths(headers, rows + [total], wrapped: []), wrapped: [])
    }

    /// Column widths that fit the header and the longest cell (Excel character units); a wrapped
    /// column (the reasons) wraps in a wide column rather than run across the page.
    static func fittedWidths(_ headers: [String], _ rows: [[Cell]], wrapped: Set<Int>) -> [Double] {
        headers.indices.map { c in
            let longest = ([.text(headers[c])] + rows.map { $0[c] }).map(displayWidth).max() ?? 0
            return wrapped.contains(c) ? min(max(longest + 2, 12), 80) : min(max(longest + 2, 6), 50)
        }
    }

    /// How wide a cell shows in Excel character units: CJK characters count two.
    static func displayWidth(_ cell: Cell) -> Double {
        let text: String
        switch cell {
        case .text(let value): text = value
        case .number(let value, let format):
            // Grouping commas and the decimals the format shows.
            let digits = String(format: format.hasSuffix(".0") ? "%.1f" : "%.0f", value)
            text = digits + String(repeating: ",", count: max(0, (digits.split(separator: ".")[0].count - 1) / 3))
        case .blank: text = ""
        }
        return text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2.1 : 1.1) }
    }
}
