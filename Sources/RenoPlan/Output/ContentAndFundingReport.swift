import Foundation

/// report.md's paragraphs on content levels (SPEC §10) and funding sources (SPEC §11); nothing
/// when the scenario has neither.
enum ContentAndFundingReport {
    static func lines(_ result: PlanResult, _ w: Wording) -> [String] {
        let scenario = result.scenario
        var out: [String] = []
        if !scenario.levels.isEmpty {
            out.append(w.text("## 改造内容", "## Renovation content"))
            out.append("")
            out.append(w.text(
                "基础类改造随每个计划小区实施；完善类、提升类按价值与费用由模型逐个小区选择。",
                "Basic works come with every planned estate; the optional levels are chosen estate by estate for their value and cost."))
            out.append("")
            out.append(w.text("| 年度 | " + scenario.levels.map { "\(Wording.levelName($0.name, w))（小区 / 投资）" }.joined(separator: " | ") + " |",
                              "| year | " + scenario.levels.map { "\($0.name) (estates / cost)" }.joined(separator: " | ") + " |"))
            out.append("|---|" + String(repeating: "---:|", count: scenario.levels.count))
            for year in result.years {
                out.append("| \(year.year) | " + year.levels.map { "\($0.estates) / \(w.money($0.yuan))" }.joined(separator: " | ") + " |")
            }
            out.append("")
        }
        if let sources = scenario.funding, let first = result.years.first, !first.funding.isEmpty {
            out.append(w.text("## 资金来源", "## Funding sources"))
            out.append("")
            for (s, source) in sources.enumerated() {
                let spent = result.years.reduce(0) { $0 + $1.funding[s].spentYuan }
                let given = source.annualYuan.reduce(0, +)
                let strings = [
                    w.text("可支付：", "may pay: ") + w.list(source.covers.map { Wording.levelName($0 == "sites" ? w.text("新增设施用房", "sites") : $0, w) }),
                    source.onlyCore ? w.text("仅限重点改造对象", "core estates only") : nil,
                    source.perHouseholdYuan.map { w.text("每户最多\(w.money($0))", "at most \(money($0)) per household") },
                    source.carryOver ? w.text("可结转", "carries over") : nil,
                ].compactMap { $0 }
                out.append(w.text(
                    "- **\(source.name)**（\(strings.joined(separator: "，"))）：\(scenario.horizon.calendarYears.count)年共\(w.money(given))，使用\(w.money(spent))，未用\(w.money(given - spent))。",
                    "- **\(source.name)** (\(strings.joined(separator: ", "))): \(w.money(given)) over the horizon, \(w.money(spent)) spent, \(w.money(given - spent)) unused."))
            }
            out.append("")
        }
        return out
    }
}
