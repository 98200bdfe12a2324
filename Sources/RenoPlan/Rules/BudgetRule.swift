import Foundation

extension RuleName {
    /// SPEC §7.2: each year's spending within its budget (cumulative with carry-over).
    public static let budget = RuleName("budget")
}

/// SPEC §7.2: Σ N_c x_c,t + Σ cost_s z_s,k,t ≤ budget_t; with carry-over, the sums up to t within
/// the budgets up to t.
struct BudgetRule: PlanRule {
    static let name = RuleName.budget
    var title: String { analysis.wording.text("年度预算", "the yearly budgets") }
    let analysis: Analysis
    let rows: [RuleRow]
    private let carryOver: Bool
    private let years: Int

    init(_ analysis: Analysis) {
        self.analysis = analysis
        let scenario = analysis.scenario
        years = scenario.horizon.years
        carryOver = scenario.budget.carryOver
        rows = (0..<years).map { [carryOver] t in
            let span = carryOver ? Array(0...t) : [t]
            return RuleRow(key: RowKey(rule: Self.name, year: t), lower: nil, upper: span.reduce(0) { $0 + scenario.budgetYuan(year: $1) })
        }
    }

    /// Spending in year t counts in row t, and with carry-over in every later row.
    private func rowsCounting(year t: Int) -> Range<Int> { carryOver ? t..<years : t..<(t + 1) }

    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        let cost = analysis.netCostYuan(of: renovation)
        return rowsCounting(year: renovation.year).map { ($0, cost) }
    }

    func coefficients(ofLevel level: Int, estate: Int, year: Int) -> [(row: Int, value: Double)] {
        let cost = analysis.levelCostYuan(level: level, estate: estate)
        return rowsCounting(year: year).map { ($0, cost) }
    }

    func coefficients(ofSite site: Int, norm: Int?, year: Int) -> [(row: Int, value: Double)] {
        let cost = analysis.district.sites[site].costPerM2Yuan
        return rowsCounting(year: year).map { ($0, cost) }
    }

    func describe(row: Int, activity: Double) -> String {
        let calendar = analysis.scenario.horizon.calendarYears
        let limit = rows[row].upper ?? 0
        let w = analysis.wording
        let (needed, available) = w.money(activity, beside: limit)
        if w.isChinese {
            let what = carryOver && row > 0 ? "\(calendar[0])–\(calendar[row])年累计资金" : "\(calendar[row])年资金"
            return "\(what)：需要\(needed)，可用\(available)（缺口\(w.money(activity - limit))）"
        }
        let what = carryOver && row > 0 ? "budgets \(calendar[0])–\(calendar[row])" : "\(calendar[row]) budget"
        return "\(what): \(needed) needed, \(available) available (\(money(activity - limit)) short)"
    }
}
