import Foundation

/// Near-best plans that differ from each other (SPEC §12): each worth at least (1 − slack) of the
/// best found, each pair differing in at least `minDiff` × (estates planned in the first plan
/// found) estate-year assignments, guaranteed by a cut against every plan found before.
public struct AlternativePlans {
    public struct Alternative {
        public var name: String
        public var result: PlanResult
        public var value: Double
        /// Calendar year of each estate (district order), nil when not planned.
        public var estateYear: [Int?]
        /// Which solve found it (1: the first, the `plan` solve).
        public var solve: Int
    }

    /// Ordered by value, highest first: `alt-1` is the best plan found. A later solve, with the
    /// cuts and smaller limits, may find a better plan than the first when the first is not
    /// proven optimal; it then comes first.
    public let alternatives: [Alternative]
    /// The best value found (alt-1's); each loss is measured against it.
    public let bestValue: Double
    /// The first solve's bound on any plan's value (nil when it gave none): the true best is at
    /// most this.
    public let bound: Double?
    /// The first solve's value (the `plan` solve's), below ``bestValue`` when a later solve found more.
    public let firstValue: Double
    /// Plans found and then left out because a later plan was worth more than 1 / (1 − slack)
    /// of them.
    public let dropped: Int
    public let slack: Double
    public let minDiff: Double
    /// The least number of estate-year assignments two plans must differ in.
    public let requiredDifference: Int
    /// Why fewer plans than asked for came out, if so.
    public let shortBy: String?
    public let requested: Int
    /// When there is no best plan (infeasible, or none found in time): the result `plan` would write.
    public var unsolved: PlanResult? = nil
    /// The approved plan whose started and completed estates every alternative keeps
    /// (`--approved`, read as `revise` reads it: ``Revise/analyse(scenarioAt:approvedAt:)``).
    public var approvedPlan: String? = nil

    /// How far the true best may lie above alt-1: (bound − best found) / bound, 0 when proven
    /// optimal; nil without a bound.
    public var gap: Double? {
        bound.map { max(0, $0 - bestValue) / max(1e-9, abs($0)) }
    }

    /// A share as a loss against the best found (0 for alt-1, never negative).
    public func loss(_ alternative: Alternative) -> Double {
        bestValue > 0 ? max(0, bestValue - alternative.value) / bestValue : 0
    }

    /// Estate-year assignments in one plan and not the other: an estate moved counts 2 (it
    /// leaves one year and enters another), one planned in only one plan counts 1.
    public static func difference(_ a: [Int?], _ b: [Int?]) -> Int {
        zip(a, b).reduce(0) { total, pair in
            pair.0 == pair.1 ? total : total + (pair.0 == nil || pair.1 == nil ? 1 : 2)
        }
    }
}

public enum Alternatives {
    /// Calendar year of each estate in a solved plan.
    static func estateYears(_ outcome: PlanOutcome, _ analysis: Analysis) -> [Int?] {
        analysis.clusterOfEstate.map { $0.flatMap { outcome.clusterYear[$0] } }
    }

    /// Solves the best plan, then up to `count − 1` more, each with a value row and one
    /// Hamming-distance cut per plan found (over the x columns, each weighted by its cluster's
    /// number of estates, so estate-years are counted).
    public static func find(
        _ analysis: Analysis, count: Int, slack: Double, minDiff: Double, options: SolveOptions = SolveOptions()
    ) throws -> AlternativePlans {
        guard count >= 1 else { throw InputError(file: "--count", problem: "must be at least 1, got \(count)") }
        guard slack >= 0, slack < 1 else { throw InputError(file: "--slack", problem: "must be at least 0 and below 1, got \(slack)") }
        guard minDiff > 0, minDiff <= 2 else { throw InputError(file: "--min-diff", problem: "must be above 0 and at most 2, got \(minDiff)") }
        var model = PlanModel(analysis: analysis)
        let best = try Pipeline.solve(analysis, model: model, options: options)
        guard best.status.hasPlan, let bestValue = best.objective else {
            return AlternativePlans(
                alternatives: [], bestValue: 0, bound: nil, firstValue: 0, dropped: 0, slack: slack, minDiff: minDiff, requiredDifference: 0, shortBy: nil,
                requested: count, unsolved: PlanResult(analysis: analysis, outcome: best))
        }
        let valueEntries = model.program.columns.indices.compactMap { column -> (Int, Double)? in
            let objective = model.program.columns[column].objective
            return objective != 0 ? (column, objective) : nil
        }
        model.program.addRow(
            "alt_value", lower: (1 - slack) * bestValue - RuleRow.relativeTolerance * max(1, abs(bestValue)), upper: nil, valueEntries)
        let planned = analysis.clusters.indices.reduce(0) { $0 + (best.clusterYear[$1] != nil ? analysis.clusters[$1].members.count : 0) }
        let required = max(1, Int((minDiff * Double(planned)).rounded(.up)))

        var found: [AlternativePlans.Alternative] = []
        var outcome = best
        var shortBy: String?
        var solves = 1
        var bestFound = bestValue
        var dropped = 0
        while true {
            let result = PlanResult(analysis: analysis, outcome: outcome)
            let years = result.estates.map(\.year)
            let value = valueEntries.reduce(0) { $0 + $1.1 * outcome.columnValues[$1.0] }
            found.append(.init(name: "", result: result, value: value, estateYear: years, solve: solves))
            // A later solve found more than the first (not proven optimal): the value row follows
            // the best found, and plans found before that fall below it are left out, so every
            // plan kept is within the slack of the best found. Their cuts stay: later plans still
            // differ from them.
            if value > bestFound + RuleRow.relativeTolerance * max(1, abs(bestFound)) {
                bestFound = value
                let floor = (1 - slack) * bestFound - RuleRow.relativeTolerance * max(1, abs(bestFound))
                model.program.addRow("alt_value_\(solves)", lower: floor, upper: nil, valueEntries)
                let before = found.count
                found.removeAll { $0.value < floor }
                dropped += before - found.count
            }
            guard found.count < count else { break }
            // The cut against this plan: Σ_{x=1} w (1 − x) + Σ_{x=0} w x ≥ required.
            var entries: [(Int, Double)] = []
            var ones = 0.0
            for (c, columns) in model.clusterColumns.enumerated() {
                let weight = Double(analysis.clusters[c].members.count)
                for column in columns {
                    if outcome.columnValues[column] > 0.5 {
                        entries.append((column, -weight))
                        ones += weight
                    } else {
                        entries.append((column, weight))
                    }
                }
            }
            // Elastic while it is solved: a column makes up what the difference lacks, at a price
            // above any value, so the plan just found is a feasible start (and the neighbourhood
            // searches begin from it). A plan is kept only with the column at 0: the cut holds.
            let elastic = model.program.addColumn("alt_short_\(solves)", integer: false, lower: 0, upper: Double(required), objective: 0)
            model.program.addRow("alt_cut_\(solves)", lower: Double(required) - ones, upper: nil, entries + [(elastic, 1)])
            var objective = model.program.columns.map(\.objective)
            objective[elastic] = -2 * max(1, abs(bestValue))
            var start = outcome.columnValues
            start += [Double](repeating: 0, count: model.program.columns.count - start.count)
            start[elastic] = Double(required)
            // Each further plan starts from the one before and its main search gets a fifth of the
            // limits (at least 100 nodes): its neighbourhood searches find it, the main search
            // refines it.
            var further = options
            further.limits = options.limits(for: analysis.scenario).fifth
            let next = try Pipeline.solve(
                analysis, model: PlanModel(model, objective: objective), options: further, start: start, freeColumns: [elastic], explain: false)
            solves += 1
            // Later solves keep this cut hard.
            model.program.fixColumn(elastic, at: 0)
            let differences = found.map { AlternativePlans.difference($0.estateYear, estateYears(next, analysis)) }
            guard next.status.hasPlan, !next.columnValues.isEmpty, next.columnValues[elastic] < 1e-6,
                differences.allSatisfy({ $0 >= required })
            else {
                shortBy = next.status == .infeasible || (next.status.hasPlan && next.columnValues[elastic] >= 1e-6)
                    ? analysis.wording.text(
                        "在最优值\(percent(slack))以内，没有与已找到的\(found.count)个方案\(dropped > 0 ? "（及\(dropped)个未列出的方案）" : "")都相差至少\(required)个“小区-年度”安排的其他方案",
                        "no other plan within \(percent(slack)) of the best differs from all \(found.count) found\(dropped > 0 ? " (and the \(dropped) left out)" : "") by \(required) estate-year assignments")
                    : analysis.wording.text(
                        "求解器在其限制内未找到更多方案（\(next.stoppedBy.map(analysis.wording.limit) ?? analysis.wording.solveStatus(next.status))）",
                        "the solver found no further plan within its limits (\(next.stoppedBy?.rawValue ?? next.status.rawValue))")
                break
            }
            outcome = next
            outcome.objective = valueEntries.reduce(0) { $0 + $1.1 * next.columnValues[$1.0] }
            outcome.bound = best.bound
            outcome.gap = best.gap(of: outcome.objective!)
        }
        // Highest value first (ties in the order found); the names follow. The cuts hold between
        // every pair, so the order changes no difference.
        let ordered = found.enumerated().sorted { ($1.element.value, $0.offset) < ($0.element.value, $1.offset) }.map(\.element)
        let named = ordered.enumerated().map { k, alternative in
            var alternative = alternative
            alternative.name = "alt-\(k + 1)"
            return alternative
        }
        return AlternativePlans(
            alternatives: named, bestValue: named.first?.value ?? bestValue, bound: best.bound, firstValue: bestValue, dropped: dropped, slack: slack,
            minDiff: minDiff, requiredDifference: required, shortBy: shortBy, requested: count)
    }
}

/// `alternatives.json`, `alternatives.md` and a plan folder per alternative.
public enum AlternativesWriter {
    /// Renders every file in memory, then writes each alternative's folder and the two files. The
    /// folders of an earlier run's further alternatives (alt-4 after `--count 3`, say) and the plan
    /// files an unsolved run left in `directory` are removed: the folder shows this run only.
    public static func write(_ plans: AlternativePlans, to directory: URL) throws {
        let folders = try plans.alternatives.map { ($0.name, try PlanWriter.files($0.result)) }
        let top: [(name: String, data: Data)] = [
            ("alternatives.json", try JSONIO.encode(json(plans), pretty: true)),
            ("alternatives.md", Data(markdown(plans).utf8)),
        ]
        for (name, files) in folders {
            try OutputFolder.write(files, to: directory.appendingPathComponent(name), replacing: OutputFiles.plan)
        }
        try OutputFolder.write(top, to: directory, replacing: OutputFiles.alternatives.union(OutputFiles.plan))
        try OutputFolder.removeFolders(
            in: directory, where: OutputFiles.alternativeFolder, keeping: Set(folders.map(\.0)), family: OutputFiles.plan)
    }

    /// No best plan: `directory` gets the plan files as `plan` writes them (status, conflicts),
    /// and no alternatives of an earlier run.
    public static func write(unsolved: PlanResult, to directory: URL) throws {
        try OutputFolder.write(try PlanWriter.files(unsolved), to: directory, replacing: OutputFiles.plan.union(OutputFiles.alternatives))
        try OutputFolder.removeFolders(in: directory, where: OutputFiles.alternativeFolder, keeping: [], family: OutputFiles.plan)
    }

    /// Whether alt-1 is proven the best, or how far the true best may lie above it (the first
    /// solve's bound), and why the numbering is not the order the plans were found in.
    public static func optimality(_ plans: AlternativePlans, _ w: Wording) -> String {
        guard let best = plans.alternatives.first else { return "" }
        var parts: [String] = []
        if let gap = plans.gap, let bound = plans.bound {
            let (g, b) = (String(format: "%.2f%%", gap * 100), String(format: "%.1f", bound))
            parts.append(gap < 1e-9
                ? w.text("alt-1经证明为最优方案（求解器的上界\(b)）。", "alt-1 is proven the best plan (the solver's bound is \(b)).")
                : w.text(
                    "alt-1未经证明为最优：求解器的上界为\(b)，真正的最优值至多比alt-1高\(g)（间隙），其他方案相对真正最优值的损失也可能大这么多。",
                    "alt-1 is not proven the best: the solver's bound is \(b), so the true best is at most \(g) above alt-1 (the gap), and every loss against it may be that much larger."))
        } else {
            parts.append(w.text("alt-1未经证明为最优（求解器未给出上界）。", "alt-1 is not proven the best (the solver gave no bound)."))
        }
        if best.solve != 1 {
            let first = plans.alternatives.first { $0.solve == 1 }
            let (name, value) = (first.map { "\($0.name)，" } ?? "", String(format: "%.1f", plans.firstValue))
            parts.append(w.text(
                "第一次求解的方案（\(name)\(value)）不是最好的：第\(best.solve)次求解在差异约束下找到了价值更高的方案，所以编号按价值而不按求解次序。",
                "The first solve's plan (\(first.map { "\($0.name), " } ?? "")\(value)) is not the best: solve \(best.solve), under the difference cuts, found a better one, so the plans are numbered by value, not in the order found."))
        }
        if plans.dropped > 0 {
            parts.append(w.text(
                "另有\(plans.dropped)个先找到的方案因低于后来找到的最高价值的\(percent(1 - plans.slack))而未列出（后面的方案仍与它们相差至少\(plans.requiredDifference)个安排）。",
                "\(plans.dropped) plan\(plans.dropped == 1 ? "" : "s") found earlier \(plans.dropped == 1 ? "is" : "are") left out, worth less than \(percent(1 - plans.slack)) of the best found later (the plans after \(plans.dropped == 1 ? "it" : "them") still differ from \(plans.dropped == 1 ? "it" : "them") by at least \(plans.requiredDifference) assignments)."))
        }
        return parts.joined(separator: w.text("", " "))
    }

    static func households(_ alternative: AlternativePlans.Alternative) -> Int {
        zip(alternative.result.analysis.district.estates, alternative.estateYear).reduce(0) { $0 + ($1.1 != nil ? $1.0.households : 0) }
    }

    static func json(_ plans: AlternativePlans) -> JSONValue {
        let all = plans.alternatives
        return [
            "best_value": .rounded(plans.bestValue, 6),
            "bound": .optional(plans.bound, 6),
            "gap": .optional(plans.gap, 8),
            "first_value": .rounded(plans.firstValue, 6),
            "dropped": .number(Double(plans.dropped)),
            "slack": .number(plans.slack),
            "min_diff": .number(plans.minDiff),
            "required_difference": .number(Double(plans.requiredDifference)),
            "requested": .number(Double(plans.requested)),
            "found": .number(Double(all.count)),
            "short_by": plans.shortBy.map { .string($0) } ?? .null,
            "approved_plan": plans.approvedPlan.map { .string($0) } ?? .null,
            "alternatives": .array(all.map { alternative in
                [
                    "name": .string(alternative.name),
                    "status": .string(alternative.result.outcome.status.rawValue),
                    "objective": .rounded(alternative.value, 6),
                    "loss": .rounded(plans.loss(alternative), 8),
                    "solve": .number(Double(alternative.solve)),
                    "estates_planned": .number(Double(alternative.estateYear.compactMap { $0 }.count)),
                    "households_planned": .number(Double(households(alternative))),
                ]
            }),
            "differences": .array(all.map { a in .array(all.map { b in .number(Double(AlternativePlans.difference(a.estateYear, b.estateYear))) }) }),
        ]
    }

    static func markdown(_ plans: AlternativePlans) -> String {
        let all = plans.alternatives
        guard let best = all.first else { return "" }
        let w = Wording(best.result.scenario.reportLanguage)
        let ids = best.result.analysis.district.estates.map(\.id)
        let estates = best.result.analysis.district.estates
        var out = [w.text("# 备选方案", "# Alternative plans"), ""]
        let value = String(format: "%.1f", plans.bestValue)
        out.append(w.text(
            "共\(all.count)个方案（要求\(plans.requested)个），按价值从高到低编号：alt-1是找到的价值最高的方案（\(value)），各方案的损失都相对它计算。每个方案的价值不低于它的\(percent(1 - plans.slack))，任意两个方案至少有\(plans.requiredDifference)个“小区-年度”安排不同（第一次求解所得方案安排的小区数的\(percent(plans.minDiff))；调整年度计2，调入或调出计1）。",
            "\(all.count) plans (\(plans.requested) asked for), numbered by value, highest first: alt-1 is the best plan found (\(value)), and each loss is against it. Each plan is worth at least \(percent(1 - plans.slack)) of it, and each pair differs in at least \(plans.requiredDifference) estate-year assignments (\(percent(plans.minDiff)) of the estates the first solve's plan renovates; an estate moved to another year counts 2, one added or dropped counts 1)."))
        out.append("")
        out.append(optimality(plans, w))
        out.append("")
        if let source = plans.approvedPlan {
            let states = best.result.scenario.approvedStates
            let (started, completed) = (states.started.keys.sorted(), states.completed.sorted())
            // Started before the horizon, works under way (续建) are in no year of any plan: said
            // apart from the started estates that stay in a horizon year.
            let underWay = states.underWay.keys.sorted()
            func ids(_ list: [String]) -> String { list.isEmpty ? "" : w.text("：\(w.list(list))", ": \(list.joined(separator: ", "))") }
            let underWayClause = underWay.isEmpty ? ("", "") : (
                "，\(best.result.scenario.horizon.start)年以前开工、仍在施工的小区（续建）不计入计划和预算（\(underWay.count)个\(ids(underWay))）",
                ", works started before \(best.result.scenario.horizon.start) and still under way (续建) are out of the plan and the budgets (\(underWay.count)\(ids(underWay)))")
            out.append(w.text(
                "按已批准计划\(source)：每个方案中，已开工的小区保持在原年度（\(started.count)个\(ids(started))）\(underWayClause.0)，已完成的小区不计入计划和预算（\(completed.count)个\(ids(completed))）。",
                "After the approved plan \(source): in every plan, started estates stay in their year (\(started.count)\(ids(started)))\(underWayClause.1)\(underWay.isEmpty ? "" : ",") and completed ones are out of the plan and the budgets (\(completed.count)\(ids(completed)))."))
            out.append("")
        }
        if let shortBy = plans.shortBy { out.append(w.text("少于要求：", "Fewer than asked: ") + shortBy + w.text("。", ".")); out.append("") }
        out.append(w.text("| 方案 | 价值 | 损失 | 小区 | 户数 | 求解次序 |", "| plan | value | loss | estates | households | found by solve |"))
        out.append("|---|---:|---:|---:|---:|---:|")
        for a in all {
            out.append("| \(a.name) | \(String(format: "%.1f", a.value)) | \(String(format: "%.2f%%", plans.loss(a) * 100)) | \(a.estateYear.compactMap { $0 }.count) | \(grouped(households(a))) | \(a.solve) |")
        }
        out.append("")
        out.append(w.text("## 两两差异（小区-年度安排）", "## Pairwise differences (estate-year assignments)"))
        out.append("")
        out.append("| | " + all.map(\.name).joined(separator: " | ") + " |")
        out.append("|---|" + all.map { _ in "---:" }.joined(separator: "|") + "|")
        for a in all { out.append("| \(a.name) | " + all.map { String(AlternativePlans.difference(a.estateYear, $0.estateYear)) }.joined(separator: " | ") + " |") }
        out.append("")
        for a in all.dropFirst() {
            out.append(w.text("## \(a.name)与最优方案相比", "## \(a.name) against the best plan"))
            out.append("")
            let added = ids.indices.filter { a.estateYear[$0] != nil && best.estateYear[$0] == nil }
            let dropped = ids.indices.filter { a.estateYear[$0] == nil && best.estateYear[$0] != nil }
            let moved = ids.indices.filter { a.estateYear[$0] != nil && best.estateYear[$0] != nil && a.estateYear[$0] != best.estateYear[$0] }
            func list(_ items: [Int]) -> String {
                items.isEmpty ? "–" : items.map { "\(ids[$0]) (\(grouped(estates[$0].households)))" }.joined(separator: ", ")
            }
            let gained = added.reduce(0) { $0 + estates[$1].households }, lost = dropped.reduce(0) { $0 + estates[$1].households }
            out.append(w.text("- 新增小区（户数）：", "- Gains (estates added, households): ") + list(added))
            out.append(w.text("- 放弃小区（户数）：", "- Gives up (estates dropped, households): ") + list(dropped))
            out.append(w.text("- 调整年度：", "- Moved to another year: ") + (moved.isEmpty ? "–" : moved.map { "\(ids[$0]) \(best.estateYear[$0]!)→\(a.estateYear[$0]!)" }.joined(separator: ", ")))
            out.append(w.text(
                "- 户数变化：\(gained - lost >= 0 ? "+" : "")\(grouped(gained - lost))；价值变化：\(String(format: "%+.1f", a.value - best.value))",
                "- Households: \(gained - lost >= 0 ? "+" : "")\(grouped(gained - lost)); value: \(String(format: "%+.1f", a.value - best.value))"))
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}

extension PlanModel {
    /// The same model with another objective (maximised).
    init(_ model: PlanModel, objective: [Double]) {
        self = model
        program = model.program.withObjective(objective, maximize: true)
    }
}
