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
        /// Over the horizon (unrounded, for plan.xlsx, whose cells hold unrounded numbers); nil
        /// where the column does not add up.
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

    /// The table for report.md and report.html: money in the report's table unit, shares in %;
    /// the 合计 row is the sum of the figures as the cells show them.
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
        // The figure a cell shows: the 合计 adds these, so each column adds up as printed.
        func shown(_ column: Column, _ value: Double) -> Double {
            switch column.unit {
            case .count, .m2: return value.rounded()
            case .share: return value
            case .yuan: return w.tableMoneyShown(value)
            case .value: return (value * 10).rounded() / 10
            }
        }
        return .table(
            header: [w.text("年度", "year")] + columns.map(header),
            numeric: [false] + columns.map { _ in true },
            rows: years.indices.map { t in ["\(years[t])"] + columns.map { cell($0, $0.values[t]) } },
            total: [w.text("合计", "total")] + columns.map { column in
                column.total == nil ? "" : cell(column, column.values.reduce(0) { $0 + shown(column, $1 ?? 0) })
            },
            wide: true)
    }
}
