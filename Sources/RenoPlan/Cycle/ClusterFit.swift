import Foundation

/// Clusters that can never be planned (SPEC §12: "validate or the report points out clusters
/// that can never fit a year"), so the planner can change `clustering` instead of reading
/// "budget" in the reserve's reasons.
public enum ClusterFit {
    /// One warning per cluster that no year can take, whatever else the year holds:
    /// - alone in an empty year it breaks the budget or the capacity in every year;
    /// - its extended-target households need more households in their year (to stay within
    ///   `extended_cap`) than the capacity allows or than any budget can buy, even taking the
    ///   cheapest households of every other cluster without extended members (a fractional
    ///   bound, so "never" is proven, not guessed).
    public static func warnings(_ analysis: Analysis) -> [String] {
        let scenario = analysis.scenario
        let calendar = scenario.horizon.calendarYears
        let estates = analysis.district.estates
        let rules = RuleSet(analysis, norms: false)
        let empty = RuleActivity(rules)
        let cap = scenario.eligibility.extendedCap
        let budgets = calendar.indices.map { scenario.budgetYuan(year: $0) }
        let mostMoney = scenario.budget.carryOver ? budgets.reduce(0, +) : (budgets.max() ?? 0)
        // Other clusters' core households by households per yuan, best first.
        let core = analysis.clusters.indices.filter { analysis.clusters[$0].extendedHouseholds == 0 && analysis.clusters[$0].lockedYear == nil }
            .sorted { a, b in
                let (ca, cb) = (analysis.clusters[a], analysis.clusters[b])
                return Double(ca.households) / max(1, ca.netCostYuan) > Double(cb.households) / max(1, cb.netCostYuan)
            }
        // Every year's money below the cheapest cluster: BudgetCheck's one warning says it for
        // all of them, and only a locked cluster is named here.
        let noMoney = BudgetCheck.check(scenario, clusters: analysis.clusters, estates: estates)?.everyYear ?? false
        var messages: [String] = []
        for (c, cluster) in analysis.clusters.enumerated() where !noMoney || cluster.lockedYear != nil {
            let names = cluster.members.map { estates[$0].id }.joined(separator: ", ")
            let who = cluster.members.count > 1
                ? "cluster \(cluster.id) (\(names); \(grouped(cluster.households)) households, \(yuanMillions(cluster.netCostYuan)))"
                : "estate \(names) (\(grouped(cluster.households)) households, \(yuanMillions(cluster.netCostYuan)))"
            let advice = cluster.members.count > 1
                ? "; its estates are renovated together because they lie within clustering.adjacency_m (\(String(format: "%g", scenario.clustering.adjacencyM)) m) of each other: lower clustering.max_households or clustering.adjacency_m to split it"
                : ""
            // Alone in an empty year, budget or capacity broken in every year.
            let tries = calendar.indices.map { t in
                empty.breaches(rules.coefficients(of: Renovation(cluster: c, members: cluster.members, year: t)))
                    .filter { rules.rows[$0.row].key.rule != .extendedCap }
            }
            // Locked to a year it cannot fit even alone: `plan` would be infeasible.
            if let year = cluster.lockedYear, let t = calendar.firstIndex(of: year), !tries[t].isEmpty {
                let clauses = tries[t].map { rules.describe(row: $0.row, activity: $0.activity) }.joined(separator: "; ")
                messages.append("\(who) is locked to \(year) (locks), but even alone in \(year) it breaks \(clauses): plan would be infeasible (exit 3); unlock it, lock it to another year or give \(year) more money")
                continue
            }
            if tries.allSatisfy({ !$0.isEmpty }) {
                let clauses = tries[0].map { rules.describe(row: $0.row, activity: $0.activity) }.joined(separator: "; ")
                messages.append("\(who) can never be planned: even alone in a year it breaks, e.g. \(clauses)\(advice)")
                continue
            }
            // More than any year's money (the funding sources' rows allocate money and do not
            // show this in the alone-in-a-year test above).
            if cluster.netCostYuan > mostMoney * (1 + 1e-9), !(scenario.funding ?? []).contains(where: \.carryOver) {
                messages.append("\(who) can never be planned: it costs more than any year's money (at most \(yuanMillions(mostMoney)))\(advice)")
                continue
            }
            guard cluster.extendedHouseholds > 0 else { continue }
            if cap <= 0 {
                messages.append("\(who) can never be planned: it has extended-target households and eligibility.extended_cap is 0\(advice)")
                continue
            }
            let needed = Double(cluster.extendedHouseholds) / cap
            if let capacity = scenario.householdsPerYear, needed > Double(capacity) + 1e-9 {
                messages.append(String(
                    format: "%@ can never be planned: its %@ extended-target households need at least %@ households renovated in their year (extended_cap %@), above capacity.households_per_year %@%@",
                    who, grouped(cluster.extendedHouseholds), grouped(Int(needed.rounded(.up))), percent(cap), grouped(capacity), advice))
                continue
            }
            var money = mostMoney - cluster.netCostYuan
            var reachable = Double(cluster.households)
            for other in core where other != c && money > 0 && reachable < needed {
                let o = analysis.clusters[other]
                let share = o.netCostYuan <= 0 ? 1 : min(1, money / o.netCostYuan)
                reachable += share * Double(o.households)
                money -= share * o.netCostYuan
            }
            if reachable < needed - 1e-9 {
                messages.append(
                    "\(who) can never be planned: its \(grouped(cluster.extendedHouseholds)) extended-target households need at least \(grouped(Int(needed.rounded(.up)))) households renovated in their year (extended_cap \(percent(cap))), and no year's budget buys more than about \(grouped(Int(reachable))) with it\(advice)")
            }
        }
        return messages
    }
}
