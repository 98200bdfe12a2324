import Foundation

/// The report's sections on content levels (SPEC §10) and funding sources (SPEC §11), in
/// report.md and report.html alike; none when the scenario has neither.
enum ContentAndFundingReport {
    static func sections(_ result: PlanResult, _ w: Wording) -> [ReportSection] {
        let scenario = result.scenario
        var out: [ReportSection] = []
        if !scenario.levels.isEmpty {
            // Basic works and each optional level, then the year's renovation investment, which
            // they add up to (the year table's 改造投资, summary.json's renovation_yuan).
            let content = result.years.map { result.content(of: $0) }
            let levels = content.first?.map(\.level) ?? ["basic"] + scenario.levels.map(\.name)
            let header = [w.text("年度", "year")]
                + levels.map { w.text("\(Wording.levelName($0, w))（小区 / 投资，万元）", "\($0) (estates / cost, M yuan)") }
                + [w.text("改造投资", "renovation") + w.moneyUnit]
            let rows = zip(result.years, content).map { year, parts in
                ["\(year.year)"] + parts.map { "\($0.estates) / \(w.tableMoney($0.yuan))" } + [w.tableMoney(year.renovationYuan)]
            }
            // Over the horizon: estates and cost per level add up (an estate does a level once).
            let total = [w.text("合计", "total")] + levels.indices.map { l in
                "\(content.reduce(0) { $0 + $1[l].estates }) / \(w.tableMoney(content.reduce(0) { $0 + $1[l].yuan }))"
            } + [w.tableMoney(result.years.reduce(0) { $0 + $1.renovationYuan })]
            out.append(ReportSection(id: "content", title: w.text("改造内容", "Renovation content"), blocks: [
                .paragraph(w.text(
                    "基础类改造随每个计划小区实施；完善类、提升类按价值与费用由模型逐个小区选择。各类投资之和为改造投资（与年度计划表一致）。",
                    "Basic works come with every planned estate; the optional levels are chosen estate by estate for their value and cost. The costs of the levels add up to the renovation investment of the plan by year.")),
                .table(header: header, numeric: [false] + header.dropFirst().map { _ in true }, rows: rows, total: total),
            ]))
        }
        if let sources = scenario.funding, let first = result.years.first, !first.funding.isEmpty {
            var items: [String] = []
            for (s, source) in sources.enumerated() {
                let spent = result.years.reduce(0) { $0 + $1.funding[s].spentYuan }
                let given = source.annualYuan.reduce(0, +)
                let strings = [
                    w.text("可支付：", "may pay: ") + w.list(source.covers.map { Wording.levelName($0 == "sites" ? w.text("新增设施用房", "sites") : $0, w) }),
                    source.onlyCore ? w.text("仅限重点改造对象", "core estates only") : nil,
                    source.perHouseholdYuan.map { w.text("每户最多\(w.money($0))", "at most \(money($0)) per household") },
                    source.carryOver ? w.text("可结转", "carries over") : nil,
                ].compactMap { $0 }
                items.append(w.text(
                    "**\(source.shownName(w))**（\(strings.joined(separator: "，"))）：\(scenario.horizon.calendarYears.count)年共\(w.money(given))，使用\(w.money(spent))，未用\(w.money(given - spent))。",
                    "**\(source.shownName(w))** (\(strings.joined(separator: ", "))): \(w.money(given)) over the horizon, \(w.money(spent)) spent, \(w.money(given - spent)) unused."))
            }
            // Per year, what each source spent of what it had (carried-over money included); over
            // the horizon the spending adds up, and what was available only where nothing carries
            // over (else a year's available money counts what earlier years left again).
            let table = ReportSection.Block.table(
                header: [w.text("年度", "year")] + sources.map { w.text("\($0.shownName(w))（使用 / 可用，万元）", "\($0.shownName(w)) (spent / available, M yuan)") },
                numeric: [false] + sources.map { _ in true },
                rows: result.years.map { year in
                    ["\(year.year)"] + year.funding.map { "\(w.tableMoney($0.spentYuan)) / \(w.tableMoney($0.availableYuan))" }
                },
                total: [w.text("合计", "total")] + sources.enumerated().map { s, source in
                    let spent = result.years.reduce(0) { $0 + $1.funding[s].spentYuan }
                    let available = result.years.reduce(0) { $0 + $1.funding[s].availableYuan }
                    return "\(w.tableMoney(spent)) / \(source.carryOver ? "–" : w.tableMoney(available))"
                })
            out.append(ReportSection(id: "funding", title: w.text("资金来源", "Funding sources"), blocks: [.bullets(items), table]))
        }
        return out
    }
}
