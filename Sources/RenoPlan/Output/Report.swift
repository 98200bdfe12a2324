import Foundation

/// `report.md`: the plan for people (SPEC §8).
enum Report {
    static func markdown(_ result: PlanResult) -> String {
        let analysis = result.analysis
        let scenario = analysis.scenario
        let district = analysis.district
        let outcome = result.outcome
        var out: [String] = []
        out.append("# \(scenario.name): renovation plan \(scenario.horizon.calendarYears.first!)–\(scenario.horizon.calendarYears.last!)")
        out.append("")
        out.append(statusLine(outcome))
        out.append("")
        if !outcome.conflicts.isEmpty {
            out.append("## Why no plan is possible")
            out.append("")
            for conflict in outcome.conflicts { out.append("- \(conflict)") }
            out.append("")
            out.append("Change the locks, budgets or capacity so these can hold, then run again.")
            out.append("")
        }
        out.append("\(district.estates.count) estates: \(result.count(.implement)) to implement in \(scenario.horizon.start), \(result.count(.prepare)) to prepare for later years, \(result.count(.reserve)) in reserve, \(result.count(.ineligible)) ineligible. \(analysis.clusters.count) clusters of schedulable estates.")
        out.append("")
        out.append("## Plan by year")
        out.append("")
        out.append("| year | estates | clusters | households | extended share | renovation | new facility space | spend | budget | value |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for year in result.years {
            let share = year.households > 0 ? percent(Double(year.extendedHouseholds) / Double(year.households)) : "–"
            out.append("| \(year.year) | \(year.estates) | \(year.clusters) | \(grouped(year.households)) | \(share) | \(money(year.renovationYuan)) | \(grouped(Int(year.siteM2.rounded()))) m² (\(money(year.siteYuan))) | \(money(year.spendYuan)) | \(money(year.availableYuan)) | \(String(format: "%.1f", year.value)) |")
        }
        out.append("")
        out.append("Value is the priority the year's renovations deliver: Σ score × households ÷ 100, discounted by \(formatNumber(scenario.discount)) per year after the first. The objective is the sum over years. Spend is public money: renovation net of residents', utilities' and social pledges, plus new facility space.")
        out.append("")
        if scenario.budget.carryOver { out.append("Budgets carry over: the budget column shows what was available in each year.\n") }

        out.append("## Living-circle coverage (share of households)")
        out.append("")
        out.append("| kind | within | before | after |")
        out.append("|---|---:|---:|---:|")
        for (r, share) in result.coverageShares.enumerated() {
            let minutes = scenario.coverage[r].withinMinutes
            out.append("| \(share.kind) | \(minutes) min (\(Int(scenario.meters(minutes))) m) | \(percent1(share.before)) | \(percent1(share.after)) |")
        }
        out.append("")

        for (k, norm) in scenario.norms.enumerated() {
            out.append("## Norm: \(norm.kind), \(fmt(norm.m2PerPerson)) m² per person within \(Int(scenario.meters(norm.withinMinutes))) m")
            out.append("")
            let additions = outcome.additions.filter { $0.norm == k }
            if !additions.isEmpty {
                out.append("Space built in a year serves the estates renovated that year and later, so some is built ahead of the renovations it serves, in a year with money to spare: that is how the plan uses each year's budget fully.")
                out.append("")
            }
            if additions.isEmpty {
                out.append("No new space is built for this norm.")
            } else {
                out.append("| site | year | m² | cost |")
                out.append("|---|---:|---:|---:|")
                for a in additions.sorted(by: { ($0.year, district.sites[$0.site].id) < ($1.year, district.sites[$1.site].id) }) {
                    out.append("| \(district.sites[a.site].id) | \(a.year) | \(grouped(Int(a.m2.rounded()))) | \(money(a.costYuan)) |")
                }
            }
            out.append("")
            let notAttainable = district.estates.indices.filter { e in
                analysis.clusterOfEstate[e] != nil && analysis.coverage.access[k][e] < norm.m2PerPerson - 1e-12
                    && !result.estates[e].normEnforced[k]
            }
            if !notAttainable.isEmpty {
                out.append("Not attainable, so not enforced (policy: 'where conditions permit', 在有条件的地方) for \(notAttainable.count) schedulable estates: the sites in reach cannot lift them to the norm.")
                out.append("")
                out.append("| estate | name | access now | at most |")
                out.append("|---|---|---:|---:|")
                for e in notAttainable {
                    let estate = district.estates[e]
                    out.append("| \(estate.id) | \(estate.name ?? "") | \(fmt(analysis.coverage.access[k][e])) | \(fmt(analysis.coverage.attainable[k][e])) |")
                }
                out.append("")
            }
        }

        out.append("## Planned estates")
        out.append("")
        out.append("| year | estate | name | cluster | class | households | score | net cost |")
        out.append("|---:|---|---|---|---|---:|---:|---:|")
        let planned = district.estates.indices.filter { result.estates[$0].year != nil }
            .sorted { (result.estates[$0].year!, district.estates[$0].id) < (result.estates[$1].year!, district.estates[$1].id) }
        for e in planned {
            let estate = district.estates[e]
            let cluster = analysis.clusterOfEstate[e].map { analysis.clusters[$0].id } ?? ""
            out.append("| \(result.estates[e].year!) | \(estate.id) | \(estate.name ?? "") | \(cluster) | \(analysis.gates[e].estateClass.rawValue) | \(grouped(estate.households)) | \(String(format: "%.1f", analysis.scores[e].score)) | \(money(result.estates[e].netCostYuan)) |")
        }
        out.append("")

        out.append("## Reserve: why these estates wait")
        out.append("")
        out.append("| estate | name | score | households | reasons |")
        out.append("|---|---|---:|---:|---|")
        let reserve = district.estates.indices.filter { result.estates[$0].status == .reserve }
            .sorted { (-analysis.scores[$0].score, district.estates[$0].id) < (-analysis.scores[$1].score, district.estates[$1].id) }
        for e in reserve {
            let estate = district.estates[e]
            let reasons = result.estates[e].reasons.map { $0.replacingOccurrences(of: "|", with: "/") }.joined(separator: "; ")
            out.append("| \(estate.id) | \(estate.name ?? "") | \(String(format: "%.1f", analysis.scores[e].score)) | \(grouped(estate.households)) | \(reasons) |")
        }
        out.append("")
        if !analysis.warnings.isEmpty {
            out.append("## Input warnings")
            out.append("")
            for warning in analysis.warnings { out.append("- \(warning)") }
            out.append("")
        }
        out.append("## How this plan was made")
        out.append("")
        if outcome.status == .ranked {
            out.append("Ranked by score, as a reserve library is today (`renoplan rank`); compare it with `renoplan plan` using `renoplan compare`. Distances: \(scenario.distance.rawValue), computed in \(district.workCRS).")
            out.append("")
            return out.joined(separator: "\n")
        }
        out.append("Solved with GLPK \(GLPKSolver.version) branch-and-cut (`glp_intopt`): \(outcome.variables) variables, \(outcome.constraints) constraints, \(String(format: "%.1f", outcome.solverSeconds)) s, return code \(outcome.solverReturnCode). Time limit \(formatNumber(outcome.timeLimitSeconds ?? scenario.solver.timeLimitS)) s, gap tolerance \(percent1(scenario.solver.mipGap)). Distances: \(scenario.distance.rawValue), computed in \(district.workCRS). Every figure here can be recomputed from plan.geojson, sites.geojson and the scenario.")
        out.append("")
        return out.joined(separator: "\n")
    }

    static func statusLine(_ outcome: PlanOutcome) -> String {
        switch outcome.status {
        case .optimal:
            return "**Status: optimal** (within the gap tolerance). Objective \(String(format: "%.2f", outcome.objective ?? 0)), best bound \(String(format: "%.2f", outcome.bound ?? 0)), gap \(percent2(outcome.gap ?? 0))."
        case .feasible:
            return "**Status: feasible** — the \(outcome.stoppedBy ?? "time limit") stopped the search. Objective \(String(format: "%.2f", outcome.objective ?? 0)), best bound \(String(format: "%.2f", outcome.bound ?? 0)), " + (outcome.gap.map { "gap \(percent2($0)): the best plan may be up to that much better." } ?? "gap undefined for a plan of value 0: the time limit left no time to find a plan; raise `solver.time_limit_s`.")
        case .infeasible:
            return "**Status: infeasible** — no plan satisfies the locks together with the budgets and rules."
        case .noSolution:
            return "**Status: no plan found** within the time limit. Raise `solver.time_limit_s`."
        case .ranked:
            return "**Status: ranked** — the status quo (储备库量化计分排序), not optimised: clusters in order of their household-weighted mean score, each in the earliest year whose budget, extended cap and capacity still hold; facility norms are not considered. Value \(String(format: "%.2f", outcome.objective ?? 0))."
        }
    }
}

func percent1(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
func percent2(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }
