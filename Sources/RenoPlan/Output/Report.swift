import Foundation

/// `report.md`: the plan for people (SPEC §8), in the scenario's `report.language` (SPEC §13).
enum Report {
    /// `sections`: what a command adds at the end (revise: the changes to the approved plan).
    static func markdown(_ result: PlanResult, sections: [ReportSection] = []) -> String {
        let analysis = result.analysis
        let scenario = analysis.scenario
        let district = analysis.district
        let outcome = result.outcome
        let w = Wording(scenario.reportLanguage)
        var out: [String] = []
        out.append("# \(title(scenario))")
        out.append("")
        out.append(statusLine(outcome, w))
        out.append("")
        if !outcome.conflicts.isEmpty {
            out.append(w.text("## 无法形成计划的原因", "## Why no plan is possible"))
            out.append("")
            for conflict in outcome.conflicts { out.append("- \(conflict)") }
            out.append("")
            out.append(w.text("请调整锁定、预算或实施能力，使这些条件能够同时成立，然后重新运行。", "Change the locks, budgets or capacity so these can hold, then run again."))
            out.append("")
        }
        out.append(w.text(
            "共\(district.estates.count)个小区：\(scenario.horizon.start)年实施\(result.count(.implement))个，后续年度实施\(result.count(.prepare))个，储备\(result.count(.reserve))个，不符合改造条件\(result.count(.ineligible))个\(result.count(.completed) > 0 ? "，已完成\(result.count(.completed))个" : "")\(result.count(.underWay) > 0 ? "，续建\(result.count(.underWay))个" : "")。可排期的小区组成\(analysis.clusters.count)个片区。",
            "\(district.estates.count) estates: \(result.count(.implement)) to implement in \(scenario.horizon.start), \(result.count(.prepare)) to prepare for later years, \(result.count(.reserve)) in reserve, \(result.count(.ineligible)) ineligible\(result.count(.completed) > 0 ? ", \(result.count(.completed)) completed" : "")\(result.count(.underWay) > 0 ? ", \(result.count(.underWay)) under way" : ""). \(analysis.clusters.count) clusters of schedulable estates."))
        out.append("")
        out.append(w.text("## 年度计划", "## Plan by year"))
        out.append("")
        out.append(contentsOf: YearTable(result).block(w).markdown)
        out.append("")
        // A year whose money is left because its capacity is used up: said, or an official asks.
        if let capacity = scenario.householdsPerYear {
            for year in result.years where year.households >= capacity && year.availableYuan - year.spendYuan >= 0.01 * year.availableYuan {
                out.append(w.text(
                    "\(year.year)年：实施能力（每年\(grouped(capacity))户，capacity.households_per_year）已用满，预算尚余\(w.money(year.availableYuan - year.spendYuan))。",
                    "\(year.year): the capacity (\(grouped(capacity)) households a year, capacity.households_per_year) is used up, with \(w.money(year.availableYuan - year.spendYuan)) of the budget left."))
                out.append("")
            }
        }
        out.append(contentsOf: ContentAndFundingReport.sections(result, w).flatMap(\.markdown))
        out.append(YearTable.note(scenario, w))
        out.append("")
        if scenario.budget.carryOver {
            out.append(w.text("预算可结转：预算列为各年度实际可用的资金。\n", "Budgets carry over: the budget column shows what was available in each year.\n"))
        }

        out.append(w.text("## 生活圈设施覆盖（按户数占比）", "## Living-circle coverage (share of households)"))
        out.append("")
        out.append(w.text("| 设施 | 步行范围 | 改造前 | 改造后 |", "| kind | within | before | after |"))
        out.append("|---|---:|---:|---:|")
        for (r, share) in result.coverageShares.enumerated() {
            let minutes = scenario.coverage[r].withinMinutes
            let within = w.text("\(w.minutes(minutes))（\(w.meters(scenario.meters(minutes)))）", "\(w.minutes(minutes)) (\(w.meters(scenario.meters(minutes))))")
            out.append("| \(w.kind(share.kind)) | \(within) | \(percent1(share.before)) | \(percent1(share.after)) |")
        }
        out.append("")

        for (k, norm) in scenario.norms.enumerated() {
            out.append("## " + NormReport.title(norm, scenario, w))
            out.append("")
            for block in NormReport.blocks(result, norm: k, w) { out.append(contentsOf: block.markdown + [""]) }
        }

        out.append(w.text("## 各年度小区", "## Planned estates per year"))
        out.append("")
        out.append(w.text(
            "| 年度 | 编号 | 小区名称 | 片区 | 类别 | 户数 | 得分 | 净投资\(w.moneyUnit) |",
            "| year | estate | name | cluster | class | households | score | net cost\(w.moneyUnit) |"))
        out.append("|---:|---|---|---|---|---:|---:|---:|")
        let planned = district.estates.indices.filter { result.estates[$0].year != nil }
            .sorted { (result.estates[$0].year!, district.estates[$0].id) < (result.estates[$1].year!, district.estates[$1].id) }
        for e in planned {
            let estate = district.estates[e]
            let cluster = analysis.clusterOfEstate[e].map { analysis.clusters[$0].id } ?? ""
            out.append("| \(result.estates[e].year!) | \(estate.id) | \(result.shownName(of: e, w)) | \(cluster) | \(w.estateClass(analysis.gates[e].estateClass)) | \(grouped(estate.households)) | \(String(format: "%.1f", analysis.scores[e].score)) | \(w.tableMoney(result.estates[e].netCostYuan)) |")
        }
        out.append("")

        out.append(w.text("## 储备：暂缓的原因", "## Reserve: why these estates wait"))
        out.append("")
        // A long list (a city's) as counts per reason and its first rows (docs/report.md, *Long lists*).
        let reserve = LongList(result, .reserve)
        for block in reserve.summaryBlocks(result, w) { out.append(contentsOf: block.markdown + [""]) }
        out.append(w.text("| 编号 | 小区名称 | 得分 | 户数 | 原因 |", "| estate | name | score | households | reasons |"))
        out.append("|---|---|---:|---:|---|")
        // A | in a reason would end its table cell.
        func reasons(_ e: Int) -> String { w.clauses(result.estates[e].reasons.map { $0.replacingOccurrences(of: "|", with: "/") }) }
        for e in reserve.rows {
            let estate = district.estates[e]
            out.append("| \(estate.id) | \(estate.name ?? "") | \(String(format: "%.1f", analysis.scores[e].score)) | \(grouped(estate.households)) | \(reasons(e)) |")
        }
        out.append("")
        // As report.html has them: the ineligible estates and why.
        let ineligible = LongList(result, .ineligible)
        if !ineligible.estates.isEmpty {
            out.append(w.text("## 不符合改造条件的小区（\(ineligible.estates.count)个）", "## Ineligible estates (\(ineligible.estates.count))"))
            out.append("")
            for block in ineligible.summaryBlocks(result, w) { out.append(contentsOf: block.markdown + [""]) }
            out.append(w.text("| 编号 | 小区名称 | 建成年代 | 户数 | 原因 |", "| estate | name | built | households | reasons |"))
            out.append("|---|---|---:|---:|---|")
            for e in ineligible.rows {
                let estate = district.estates[e]
                out.append("| \(estate.id) | \(estate.name ?? "") | \(estate.builtYear) | \(grouped(estate.households)) | \(reasons(e)) |")
            }
            out.append("")
        }
        if !analysis.warnings.isEmpty {
            out.append(w.text("## 输入数据提示", "## Input warnings"))
            out.append("")
            for warning in analysis.warnings { out.append("- \(warning.text(w))") }
            out.append("")
        }
        out.append(w.text("## 计划编制方法", "## How this plan was made"))
        out.append("")
        let distance = distanceWords(scenario, district, w)
        if outcome.status == .ranked {
            out.append(w.text(
                "按得分排序，即现行储备库的做法（`renoplan rank`）；可用 `renoplan compare` 与 `renoplan plan` 的优化结果比较。\(distance)",
                "Ranked by score, as a reserve library is today (`renoplan rank`); compare it with `renoplan plan` using `renoplan compare`. \(distance)"))
            out.append("")
            return (out + sections.flatMap(\.markdown)).joined(separator: "\n")
        }
        out.append(w.text(
            "使用 GLPK \(GLPKSolver.version) 分支切割法（`glp_intopt`）求解：\(outcome.variables)个变量，\(outcome.constraints)个约束，返回码 \(outcome.solverReturnCode)。时间限制\(formatNumber(outcome.timeLimitSeconds ?? scenario.solver.timeLimitS))秒，间隙容差\(percent1(scenario.solver.mipGap))。\(distance)本报告中的每个数字都可以由 plan.geojson、sites.geojson 和情景文件重新算出。",
            "Solved with GLPK \(GLPKSolver.version) branch-and-cut (`glp_intopt`): \(outcome.variables) variables, \(outcome.constraints) constraints, return code \(outcome.solverReturnCode). Time limit \(formatNumber(outcome.timeLimitSeconds ?? scenario.solver.timeLimitS)) s, gap tolerance \(percent1(scenario.solver.mipGap)). \(distance) Every figure here can be recomputed from plan.geojson, sites.geojson and the scenario."))
        out.append("")
        return (out + sections.flatMap(\.markdown)).joined(separator: "\n")
    }

    /// The report's title: the scenario's name and the horizon, without repeating years the name
    /// already gives ("玉林片区 2026–2028" is not followed by a second "2026–2028").
    static func title(_ scenario: Scenario) -> String {
        let w = Wording(scenario.reportLanguage)
        let calendar = scenario.horizon.calendarYears
        let first = calendar.first ?? 0, last = calendar.last ?? 0
        let namesYears = scenario.name.contains(String(first)) || scenario.name.contains(String(last))
        // A Latin name is followed by a space before Chinese words; a Chinese one is not.
        let gap = scenario.name.unicodeScalars.last.map { $0.isASCII } ?? false ? " " : ""
        if namesYears {
            return w.text("\(scenario.name)\(gap)城镇老旧小区改造计划", "\(scenario.name): renovation plan")
        }
        return w.text("\(scenario.name)\(gap)城镇老旧小区改造计划（\(w.years(first, last))）", "\(scenario.name): renovation plan \(w.years(first, last))")
    }

    /// How distances were measured, as one sentence.
    static func distanceWords(_ scenario: Scenario, _ district: District, _ w: Wording) -> String {
        switch scenario.distance {
        case .euclidean: return w.text("距离：直线距离，在 \(district.workCRS) 坐标系中计算。", "Distances: euclidean, computed in \(district.workCRS).")
        case .network: return w.text("距离：沿步行路网的距离，在 \(district.workCRS) 坐标系中计算。", "Distances: network, computed in \(district.workCRS).")
        }
    }

    static func statusLine(_ outcome: PlanOutcome, _ w: Wording = Wording(.en)) -> String {
        let objective = String(format: "%.2f", outcome.objective ?? 0), bound = String(format: "%.2f", outcome.bound ?? 0)
        switch outcome.status {
        case .optimal where outcome.revisionSlack != nil:
            // A revision: proven fewest changes within the slack; the gap is to the best value's bound.
            let slack = percent2(outcome.revisionSlack ?? 0)
            return w.text(
                "**求解状态：最优**——在价值不低于今日最优值（允许让步\(slack)）的计划中，改动最少（已证明）。目标值\(objective)（调整后计划的价值），最优界\(bound)（今日数据下最优价值的上界），间隙\(percent2(outcome.gap ?? 0))，含允许的让步。",
                "**Status: optimal** — the fewest changes (proven) among the plans worth at least the best value less the slack of \(slack). Objective \(objective) (the revised plan's value), best bound \(bound) (on the best value under today's data), gap \(percent2(outcome.gap ?? 0)), the slack included.")
        case .optimal:
            return w.text(
                "**求解状态：最优**（在间隙容差以内）。目标值\(objective)，最优界\(bound)，间隙\(percent2(outcome.gap ?? 0))。",
                "**Status: optimal** (within the gap tolerance). Objective \(objective), best bound \(bound), gap \(percent2(outcome.gap ?? 0)).")
        case .feasible where outcome.bound == nil:
            // The time ran out in the LP relaxation: the plan is the one-pass greedy's, unproven.
            return w.text(
                "**求解状态：可行**——时间限制在线性松弛求解完成前已到，计划来自一次贪心填充，没有最优界，间隙未知。目标值\(objective)。请调高 `solver.time_limit_s` 以得到有界的计划。",
                "**Status: feasible** — the time limit ran out before the LP relaxation was solved: the plan is a one-pass greedy fill, with no bound and an unknown gap. Objective \(objective). Raise `solver.time_limit_s` for a plan with a bound.")
        case .feasible where outcome.solverReturnCode == GLPKSolver.relaxationOutOfTime:
            // The same greedy plan, bounded by the prices of the relaxation cut short.
            return w.text(
                "**求解状态：可行**——时间限制在线性松弛求解完成前已到，计划来自一次贪心填充。目标值\(objective)；未完成的线性松弛的对偶价格给出最优界\(bound)，间隙\(percent2(outcome.gap ?? 0))，即最优计划的目标值至多比本计划高出这一比例。请调高 `solver.time_limit_s` 以得到经过搜索的计划。",
                "**Status: feasible** — the time limit ran out before the LP relaxation was solved: the plan is a one-pass greedy fill. Objective \(objective); the prices of the unfinished relaxation bound the optimum by \(bound), gap \(percent2(outcome.gap ?? 0)): the best plan may be up to that much better. Raise `solver.time_limit_s` for a searched plan.")
        case .feasible:
            let stopper = outcome.stoppedBy ?? .time
            return w.text(
                "**求解状态：可行**——达到\(w.limit(stopper))，搜索停止。目标值\(objective)，最优界\(bound)，"
                    + (outcome.gap.map { "间隙\(percent2($0))，即最优计划的目标值至多比本计划高出这一比例。" } ?? "间隙无定义（计划价值为0）：时间限制内未能找到计划，请调高 `solver.time_limit_s`。"),
                "**Status: feasible** — the \(stopper.rawValue) stopped the search. Objective \(objective), best bound \(bound), "
                    + (outcome.gap.map { "gap \(percent2($0)): the best plan may be up to that much better." } ?? "gap undefined for a plan of value 0: the time limit left no time to find a plan; raise `solver.time_limit_s`."))
        case .infeasible:
            return w.text(
                "**求解状态：无可行计划**——没有计划能同时满足锁定条件、预算和各项规则。",
                "**Status: infeasible** — no plan satisfies the locks together with the budgets and rules.")
        case .noSolution:
            return w.text(
                "**求解状态：未找到计划**——时间限制内未找到计划。请调高 `solver.time_limit_s`。",
                "**Status: no plan found** within the time limit. Raise `solver.time_limit_s`.")
        case .ranked:
            return w.text(
                "**状态：按得分排序**——即现行做法（储备库量化计分排序），未经优化：片区按户数加权平均得分依次排入预算、扩展类比例上限和实施能力仍允许的最早年度；不考虑设施配建标准。价值\(objective)。",
                "**Status: ranked** — the status quo (储备库量化计分排序), not optimised: clusters in order of their household-weighted mean score, each in the earliest year whose budget, extended cap and capacity still hold; facility norms are not considered. Value \(objective).")
        }
    }
}

func percent1(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
func percent2(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }
