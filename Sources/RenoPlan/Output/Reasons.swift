import Foundation

/// Reasons people can act on, for every estate (SPEC §4 `reasons`).
enum Reasons {
    static func explain(_ result: PlanResult) -> [PlanResult.EstateLine] {
        let analysis = result.analysis
        let scenario = analysis.scenario
        let district = analysis.district
        let coverage = analysis.coverage
        let sitesUsedByNorm: [[Int: [Int]]] = scenario.norms.indices.map { k in
            Dictionary(grouping: result.outcome.additions.filter { $0.norm == k }, by: \.site).mapValues { $0.map(\.year) }
        }
        let blocked = blockers(result)

        return result.estates.enumerated().map { e, line in
            var line = line
            var reasons = analysis.gates[e].reasons
            let cluster = analysis.clusterOfEstate[e].map { analysis.clusters[$0] }
            if let year = line.year, let cluster {
                if cluster.members.count > 1 {
                    reasons.append("planned for \(year) with cluster \(cluster.id) (\(cluster.members.count) estates, \(grouped(cluster.households)) households)")
                } else {
                    reasons.append("planned for \(year)")
                }
            }
            for (k, norm) in scenario.norms.enumerated() {
                let access = coverage.access[k][e]
                guard access < norm.m2PerPerson - 1e-12, cluster != nil else { continue }
                let target = "\(fmt(norm.m2PerPerson)) m²/person"
                if !line.normEnforced[k] {
                    reasons.append("norm \(norm.kind) not attainable: \(fmt(access)) of \(target) (not enforced)")
                } else if let year = line.year, let reached = line.accessInYear[k] {
                    let helping = coverage.siteOptions[k][e].map(\.site).filter { s in
                        sitesUsedByNorm[k][s]?.contains { $0 <= year } ?? false
                    }
                    let names = helping.map { district.sites[$0].id }.joined(separator: ", ")
                    reasons.append("norm \(norm.kind): \(fmt(access)) → \(fmt(reached)) of \(target) by \(year) with new space at \(names)")
                } else if line.accessAfter[k] >= norm.m2PerPerson - 1e-9 {
                    reasons.append("norm \(norm.kind): \(fmt(access)) → \(fmt(line.accessAfter[k])) of \(target) with the plan's new space nearby")
                } else {
                    reasons.append("norm \(norm.kind): \(fmt(access)) of \(target); renovating it means adding space on a site first")
                }
            }
            if line.status == .reserve, let c = analysis.clusterOfEstate[e], let why = blocked[c] {
                reasons.append(why)
            }
            line.reasons = reasons
            return line
        }
    }

    /// For each unplanned cluster, what keeps it out: the year it comes closest to fitting and the
    /// rule that stops it there.
    private static func blockers(_ result: PlanResult) -> [Int: String] {
        let analysis = result.analysis
        let scenario = analysis.scenario
        let years = result.years
        let calendar = scenario.horizon.calendarYears
        // Budget room in year t: with carry-over, spending in t also uses later years' rows.
        let room: [Double] = years.indices.map { t in
            if !scenario.budget.carryOver { return years[t].budgetYuan - years[t].spendYuan }
            var best = Double.infinity
            var budget = 0.0, spend = 0.0
            for u in years.indices {
                budget += years[u].budgetYuan
                spend += years[u].spendYuan
                if u >= t { best = min(best, budget - spend) }
            }
            return best
        }
        var messages: [Int: String] = [:]
        for (c, cluster) in analysis.clusters.enumerated() where result.outcome.clusterYear[c] == nil {
            var closest: (gap: Double, text: String)?
            var fitsSomewhere: Int?
            for t in years.indices {
                let shortfall = cluster.netCostYuan - room[t]
                var problems: [String] = []
                if shortfall > 0.5 {
                    problems.append("\(calendar[t]) budget: needs \(money(shortfall)) more than is left")
                }
                let households = years[t].households + cluster.households
                let extended = years[t].extendedHouseholds + cluster.extendedHouseholds
                if cluster.extendedHouseholds > 0, Double(extended) > scenario.eligibility.extendedCap * Double(households) + 1e-9 {
                    problems.append("\(calendar[t]): extended-target households would be \(percent(Double(extended) / Double(households))), above the \(percent(scenario.eligibility.extendedCap)) cap")
                }
                if let capacity = scenario.householdsPerYear, households > capacity {
                    problems.append("\(calendar[t]): \(grouped(households)) households would exceed the capacity of \(grouped(capacity))")
                }
                if problems.isEmpty {
                    fitsSomewhere = fitsSomewhere ?? calendar[t]
                } else {
                    let gap = max(0, shortfall)
                    if closest == nil || gap < closest!.gap { closest = (gap, problems.joined(separator: "; ")) }
                }
            }
            let who = cluster.members.count > 1
                ? "cluster \(cluster.id) (\(cluster.members.count) estates, \(grouped(cluster.households)) households) does not fit any year"
                : "not planned within the horizon"
            if let year = fitsSomewhere {
                if result.outcome.status == .feasible {
                    messages[c] = "\(who): it would fit \(year) but the solver stopped at its time limit before choosing it"
                } else if cluster.value <= 0 {
                    messages[c] = "\(who): its priority score is 0, so it adds no value to the plan"
                } else {
                    messages[c] = "\(who): it fits \(year) only without the new facility space its norms need, which the budget or the sites cannot also provide"
                }
            } else if let closest {
                messages[c] = "\(who): \(closest.text)"
            }
        }
        return messages
    }
}

/// m²/person figures: two significant decimals, e.g. 0.04, 0.105.
func fmt(_ value: Double) -> String {
    let text = String(format: "%.3f", value)
    return text.hasSuffix("0") ? String(text.dropLast()) : text
}

/// Yuan as a person reads it: 3.2M yuan, 450,000 yuan.
func money(_ yuan: Double) -> String {
    if abs(yuan) >= 1e6 { return String(format: "%.1fM yuan", yuan / 1e6) }
    return "\(grouped(Int(yuan.rounded()))) yuan"
}

/// 12,345.
func grouped(_ value: Int) -> String {
    let digits = String(abs(value))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return value < 0 ? "-" + out : out
}
