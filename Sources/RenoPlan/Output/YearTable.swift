import Foundation

/// The plan year by year (年度计划): a row per horizon year and a 合计 row over the horizon,
/// defined once for report.md, report.html and plan.xlsx's sheet 年度汇总.
///
/// The 合计 row sums what adds up over the years — estates, clusters, households, money, new
/// space, value — and leaves a share (the extended households') empty, and the money available
/// too when budgets or sources carry over (a year's available money then counts what earlier
/// years left, and the sum would count it twice).
struct YearTable {
    enum Unit {
        /// Whole numbers: estates, clusters, households.
        case count
        /// A share, 0…1.
        case share
        /// Yuan; shown in the table's money unit (``Wording/moneyUnit``).
        case yuan
        /// Square metres, shown whole.
        case m2
        /// The plan's value, one decimal.
        case value
    }

    struct Column {
        /// The header in the report language, without the unit.
        var header: String
        var unit: Unit
        /// Per year; nil where the figure has no meaning (the share of a year with no households).
        var values: [Double?]
        /// Over the horizon, the sum of the unrounded figures; nil where the column does not add up.
        var total: Double?
        /// A year without any of it shows a dash (no new facility space), not 0.
        var dashWhenZero = false
    }

    let years: [Int]
    let columns: [Column]

    init(_ result: PlanResult) {
        let w = Wording(result.scenario.reportLanguage)
        let lines = result.years
        let carries = result.scenario.budget.carryOver || (result.scenario.funding ?? []).contains { $0.carryOver }
        func column(_ zh: String, _ en: String, _ unit: Unit, dash: Bool = false, adds: Bool = true, _ value: (PlanResult.YearLine) -> Double) -> Column {
            let values = lines.map(value)
            return Column(header: w.text(zh, en), unit: unit, values: values, total: adds ? values.reduce(0, +) : nil, dashWhenZero: dash)
        }
        years = lines.map(\.year)
        var extended = column("扩展类户数占比", "extended share", .share, adds: false) { _ in 0 }
        extended.values = lines.map { $0.households > 0 ? Double($0.extendedHouseholds) / Double($0.households) : nil }
        columns = [
            column("小区", "estates", .count) { Double($0.estates) },
            column("片区", "clusters", .count) { Double($0.clusters) },
            column("户数", "households", .count) { Double($0.households) },
            extended,
            column("改造投资", "renovation", .yuan) { $0.renovationYuan },
            column("新增设施用房面积", "new facility space", .m2, dash: true) { $0.siteM2 },
            column("新增设施用房费用", "new facility space cost", .yuan, dash: true) { $0.siteYuan },
            column("支出", "spend", .yuan) { $0.spendYuan },
            column(result.scenario.budget.carryOver ? "可用资金" : "预算", result.scenario.budget.carryOver ? "available" : "budget", .yuan, adds: !carries) { $0.availableYuan },
            column("价值", "value", .value) { $0.value },
        ]
    }

    /// What the year table's figures mean, under it in both reports: spend, value, and the 合计.
    static func note(_ scenario: Scenario, _ w: Wording) -> String {
        w.text(
            "支出指财政资金：改造费用扣除居民、管线单位和社会力量出资及片区联动节省部分后的净额，加上新增设施用房的费用。价值为 Σ 得分 × 户数 ÷ 100，第一年之后每年乘以折减系数\(formatNumber(scenario.discount))；目标值是各年价值之和。合计按未取整的数值相加，可能与各行之和在末位上略有出入。",
            "Spend is public money: renovation net of residents', utilities' and social pledges and of the linked-renovation saving, plus new facility space. Value is Σ score × households ÷ 100, discounted by \(formatNumber(scenario.discount)) per year after the first; the objective is the sum over years. Totals add the unrounded figures, so they may differ from the sum of the printed rows in the last digit.")
    }

    /// The table for report.md and report.html: money in the report's table unit, shares in %;
    /// the 合计 row sums the unrounded figures (``Column/total``), so it may differ from the sum
    /// of the printed cells in the last digit, as statistical tables do.
    func block(_ w: Wording) -> ReportSection.Block {
        func header(_ column: Column) -> String {
            switch column.unit {
            case .yuan: return column.header + w.moneyUnit
            case .m2: return column.header + w.text("（平方米）", " (m²)")
            default: return column.header
            }
        }
        func cell(_ column: Column, _ value: Double?) -> String {
            guard let value else { return "–" }
            if column.dashWhenZero && value == 0 { return "–" }
            switch column.unit {
            case .count: return grouped(Int(value.rounded()))
            case .share: return w.percent(value)
            case .yuan: return w.tableMoney(value)
            case .m2: return grouped(Int(value.rounded()))
            case .value: return String(format: "%.1f", value)
            }
        }
        return .table(
            header: [w.text("年度", "year")] + columns.map(header),
            numeric: [false] + columns.map { _ in true },
            rows: years.indices.map { t in ["\(years[t])"] + columns.map { cell($0, $0.values[t]) } },
            total: [w.text("合计", "total")] + columns.map { column in column.total.map { cell(column, $0) } ?? "" },
            wide: true)
    }
}
