import Foundation

/// A budget that cannot buy anything (SPEC §2 `budget.annual_yuan`): a year whose money is less
/// than the cheapest cluster that can be planned costs, so that nothing can enter the plan that
/// year. Most often the office's 万元 (or 亿元) figures typed into a key in yuan: `[15000, …]`
/// for 1.5亿 a year gave an "optimal" empty plan, exit 0, and validate's one warning per cluster
/// that it "can never be planned". Said once, as ``UnitCheck`` says costs in 万元:
///
/// - **an error** (exit 2) when every year is below the cheapest cluster and the amounts read
///   in 万元 or 亿元 (× 10,000 or × 100,000,000) are plausible: the plan would be empty for
///   sure, and the slip is plain. With the amounts to write.
/// - **a warning** otherwise: some years only (the others can still be planned), or every year
///   with no unit that makes the amounts plausible (the money may really be that short).
///
/// Plausible in a unit: every year's amount in it buys the cheapest cluster, and none is more
/// than every cluster together costs (a year's money beyond the whole reserve is no slip a unit
/// explains: 1,000,000 yuan read in 万元 would be 100亿 a year). Not for `funding` sources, whose money
/// per year is shared out by rules of its own.
enum BudgetCheck {
    /// The larger units a budget is typed in by mistake, smallest first.
    static let units: [(name: String, factor: Double)] = [("万元", 1e4), ("亿元", 1e8)]

    /// Read in a unit, no year's money is more than this many times the cost of every cluster.
    static let mostTimesTheReserve = 1.0

    struct Finding {
        var error: ScenarioError?
        var warning: InputWarning?
        /// Every year's money is below the cheapest cluster: nothing can be planned at all
        /// (``ClusterFit`` then names no cluster for its money: this says it for all of them).
        var everyYear: Bool
    }

    static func check(_ scenario: Scenario, clusters: [Cluster], estates: [Estate]) -> Finding? {
        guard scenario.funding == nil, let cheapest = clusters.min(by: { $0.netCostYuan < $1.netCostYuan }),
            cheapest.netCostYuan > 0
        else { return nil }
        let calendar = scenario.horizon.calendarYears
        let amounts = calendar.indices.map { scenario.budgetYuan(year: $0) }
        // With carry_over a year may spend what earlier years left.
        var available: [Double] = []
        for amount in amounts { available.append(scenario.budget.carryOver ? (available.last ?? 0) + amount : amount) }
        let below = calendar.indices.filter { available[$0] < cheapest.netCostYuan * (1 - 1e-9) }
        guard !below.isEmpty else { return nil }
        let everyYear = below.count == calendar.count
        let reserve = clusters.reduce(0) { $0 + $1.netCostYuan }
        let unit = units.first { unit in
            below.allSatisfy { amounts[$0] * unit.factor >= cheapest.netCostYuan }
                && below.allSatisfy { amounts[$0] * unit.factor <= mostTimesTheReserve * reserve }
        }

        let ids = cheapest.members.map { estates[$0].id }
        let what = "the cheapest \(cheapest.members.count > 1 ? "cluster" : "estate") that can be planned costs ("
            + (cheapest.members.count > 1 ? "\(cheapest.id): \(firstOf(ids, 3))" : ids[0])
            + ": \(money(cheapest.netCostYuan)) of public money, after pledges)"
        let carried = scenario.budget.carryOver ? " (with carry_over, what earlier years left included)" : ""
        let listed = below.map { money(available[$0]) }
        let written = { (unit: (name: String, factor: Double)) in
            below.map { formatNumber((amounts[$0] * unit.factor * 100).rounded() / 100) }
        }
        if everyYear, let unit {
            let amountsText = "[" + written(unit).joined(separator: ", ") + "]"
            let error = scenario.error(
                "budget.annual_yuan",
                "every year's money\(carried) (\(range(listed))) is less than \(what): nothing could be "
                    + "planned in any year; the amounts are probably in \(unit.name): write annual_yuan: \(amountsText)")
            return Finding(error: error, warning: nil, everyYear: true)
        }
        let years = below.map { String(calendar[$0]) }
        let head = everyYear
            ? "every year's money\(carried) (\(range(listed))) is less than \(what): the plan will be empty"
            : "the money of \(years.joined(separator: ", "))\(carried) (\(listed.joined(separator: ", "))) is less than \(what): "
                + "nothing can be planned in \(below.count == 1 ? "that year" : "those years")"
        let hint = unit.map { unit in
            "; if \(below.count == 1 ? "that amount is" : "those amounts are") in \(unit.name), write \(written(unit).joined(separator: ", "))"
        } ?? ""
        let chineseYears = years.map { $0 + "年" }.joined(separator: "、")
        let chineseHint = unit.map { "；如以\($0.name)填写，请改为\(written($0).joined(separator: "、"))" } ?? ""
        let line = scenario.keyLines["budget.annual_yuan"].map { ":\($0)" } ?? ""
        let warning = InputWarning(
            file: scenario.file.lastPathComponent + line + ": budget.annual_yuan", featureIndex: nil, featureID: nil,
            problem: head + hint,
            chinese: (everyYear ? "各年度资金" : chineseYears + "资金") + "少于可纳入计划的最便宜的\(cheapest.members.count > 1 ? "片区" : "小区")"
                + "（\(firstOf(ids, 3))）所需财政资金\(Wording(.zh).money(cheapest.netCostYuan))："
                + (everyYear ? "计划将为空" : "这些年度无法安排任何小区") + chineseHint)
        return Finding(error: nil, warning: warning, everyYear: everyYear)
    }

    /// `15,000 to 18,000 yuan`, or the one amount.
    private static func range(_ amounts: [String]) -> String {
        let distinct = amounts.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return distinct.count == 1 ? distinct[0] : distinct.joined(separator: ", ")
    }
}
