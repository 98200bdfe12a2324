import Foundation

/// One approved year's total that `revise.keep_totals` keeps (docs/cycle.md): its approved
/// figure and its price per unit short, one change per average approved estate's worth. The
/// model's shortfall rows and the reasons' measure of "closer" are made from the same list.
struct KeptTotal {
    /// Horizon year index.
    let year: Int
    /// Index into ``Revise/totalNames``.
    let measure: Int
    let target: Double
    /// n_t / T: the estates approved for the year over the approved figure.
    let price: Double
}

/// Why an approved estate left its approved year when nothing of its own (gate, lock, cluster)
/// and no rule the approved plan breaks there says so. Each reason is found by setting the
/// revised plan beside a plan a change smaller: the estate's cluster back in its approved year,
/// and, where that breaks a rule, also without the estates that came into that year. The
/// smaller plan is judged as the model judges a plan (the rules, the value row
/// (1 − slack) × V\*, the totals' shortfalls at their prices), so a reason names what the
/// smaller plan would lose, with its figures, and never a cause the figures do not bear out.
struct LeavingCause {
    let analysis: Analysis
    /// The revised plan: horizon year index per estate, and its space and levels.
    let revisedYear: [Int?]
    let additions: [SiteAddition]
    let estateLevels: [[Int]]
    /// The revised plan's value (the model's objective).
    let revisedValue: Double
    let best: Double
    let slack: Double
    /// The value row's bound, (1 − slack) × V\* less the rows' tolerance.
    let valueFloor: Double
    /// Empty without `revise.keep_totals`.
    let keptTotals: [KeptTotal]
    /// Each estate's contribution to the five totals, as the model counts it.
    let figures: [[Double]]
    let approvedYear: [Int?]
    let fewestProven: Bool
    /// The rules but the facility norms: the space a plan builds is the solver's to choose, so
    /// the smaller plan is judged on the budgets, the cap, the capacity and the sites.
    private let rules: RuleSet
    /// What the revised plan itself breaks (nothing, unless a lock or a started estate forces it).
    private let revisedBreaks: Set<String>

    init(
        analysis: Analysis, revisedYear: [Int?], additions: [SiteAddition], estateLevels: [[Int]], revisedValue: Double,
        best: Double, slack: Double, valueFloor: Double, keptTotals: [KeptTotal], figures: [[Double]], approvedYear: [Int?],
        fewestProven: Bool
    ) {
        (self.analysis, self.revisedYear, self.additions, self.estateLevels) = (analysis, revisedYear, additions, estateLevels)
        (self.revisedValue, self.best, self.slack, self.valueFloor) = (revisedValue, best, slack, valueFloor)
        (self.keptTotals, self.figures, self.approvedYear, self.fewestProven) = (keptTotals, figures, approvedYear, fewestProven)
        let rules = RuleSet(analysis, norms: false)
        self.rules = rules
        let revised = Self.decisions(revisedYear, additions: additions, estateLevels: estateLevels, analysis)
        revisedBreaks = Set(rules.violations(of: revised).map(Self.key))
    }

    private static func key(_ violation: Violation) -> String { "\(violation.rule) \(violation.year ?? 0) \(violation.id ?? "")" }

    private var calendar: [Int] { analysis.scenario.horizon.calendarYears }
    private var w: Wording { analysis.wording }

    /// The reason estate `e`, approved for horizon year `a`, is no longer planned there.
    func reason(estate e: Int, approvedYear a: Int) -> String {
        let estates = analysis.district.estates
        let id = estates[e].id
        let year = calendar[a]
        let cluster = analysis.clusterOfEstate[e].map { analysis.clusters[$0].members } ?? [e]
        var back = revisedYear
        for member in cluster { back[member] = a }
        let broken = newViolations(back)
        if broken.isEmpty {
            return stayingReason(id: id, year: year, back: back)
        }
        // Its year has no room for it beside the estates that came in: what those bring.
        let arrivals = estates.indices.filter { revisedYear[$0] == a && approvedYear[$0] != a && !cluster.contains($0) }
        let detail = w.clauses(broken.map(\.detail))
        let noRoom = w.text(
            "\(year)年已无余地（该年已安排的小区和设施用房）：若也留在该年，\(detail)",
            "no room left in \(year) beside the estates and facility space planned there: with \(id) there too, \(detail)")
        guard !arrivals.isEmpty else { return noRoom }
        let names = arrivals.map { estates[$0].id }
        let room = w.text("为\(w.list(names))让出\(year)年的资金", "makes room in \(year) for \(names.joined(separator: ", "))")
        let (them, 它们) = arrivals.count == 1 ? ("it", "它") : ("them", "它们")
        let instead = withoutArrivals(back, arrivals: arrivals, year: a)
        // Kept instead of them, it breaks a rule too (the cap their core households kept, say):
        // both rules are the reason.
        let insteadBreaks = newViolations(instead)
        guard insteadBreaks.isEmpty else {
            let other = w.clauses(insteadBreaks.map(\.detail))
            return room + w.text(
                "：若\(id)也留在该年，\(detail)；若保留\(id)而不安排\(它们)，\(other)",
                ": with \(id) there too, \(detail); kept there instead of \(them), \(other)")
        }
        if let value = valueShort(instead) {
            return room + w.text(
                "：若保留\(id)而不安排\(它们)，计划价值为\(value.0)，低于最优值\(String(format: "%.1f", best))的\(percent(1 - slack))（\(value.1)）",
                ": with \(id) kept there instead of \(them), the plan would be worth \(value.0), below \(value.1), \(percent(1 - slack)) of the best \(String(format: "%.1f", best))")
        }
        if let closer = totalsCloser(than: instead) {
            return room + w.text(
                "，使各批准年度的汇总指标更接近原计划（revise.keep_totals）：缺口合计折合\(closer.0)个原计划平均小区，若保留\(id)而不安排\(它们)则为\(closer.1)个",
                ", which keep the approved years' totals closer (revise.keep_totals): their shortfalls come to \(closer.0) average approved estates' worth, \(closer.1) with \(id) kept there instead of \(them)")
        }
        return room + w.text("：若\(id)也留在该年，\(detail)", ": with \(id) there too, \(detail)") + notProven
    }

    /// The reason where the estate's cluster back in its approved year breaks no rule.
    private func stayingReason(id: String, year: Int, back: [Int?]) -> String {
        if let value = valueShort(back) {
            return w.text(
                "若留在\(year)年，计划价值为\(value.0)，低于最优值\(String(format: "%.1f", best))的\(percent(1 - slack))（\(value.1)）",
                "kept in \(year), the plan would be worth \(value.0), below \(value.1), \(percent(1 - slack)) of the best \(String(format: "%.1f", best))")
        }
        if let closer = totalsCloser(than: back) {
            return w.text(
                "使各批准年度的汇总指标更接近原计划（revise.keep_totals）：缺口合计折合\(closer.0)个原计划平均小区，若留在\(year)年则为\(closer.1)个",
                "keeps the approved years' totals closer (revise.keep_totals): their shortfalls come to \(closer.0) average approved estates' worth, \(closer.1) with \(id) kept in \(year)")
        }
        return w.text(
            "随计划的其他改动一并调整：单独留在\(year)年，计划也符合各项规则和价值要求，汇总指标也不更差",
            "changed with the rest of the plan's changes: kept in \(year) on its own, the plan would still keep the rules and the value slack, and the totals no further off")
            + notProven
    }

    /// Said where the smaller plan loses nothing the model weighs: only an unfinished search
    /// leaves such a change in.
    private var notProven: String {
        fewestProven ? "" : w.text(
            "（求解在其上限处停止，未证明改动最少：不作此改动的计划可能存在）",
            " (the search stopped on its limit, so the changes are not proven the fewest: a plan without this one may exist)")
    }

    /// `back` with the clusters of `arrivals` out of horizon year `year`: back in their approved
    /// years where that breaks no rule, else not planned.
    private func withoutArrivals(_ back: [Int?], arrivals: [Int], year: Int) -> [Int?] {
        let members = Set(arrivals.flatMap { e in analysis.clusterOfEstate[e].map { analysis.clusters[$0].members } ?? [e] })
            .filter { back[$0] == year }
        var returned = back
        for e in members { returned[e] = approvedYear[e] == year ? nil : approvedYear[e] }
        if newViolations(returned).isEmpty { return returned }
        var left = back
        for e in members { left[e] = nil }
        return left
    }

    /// The rules `estateYear` breaks that the revised plan does not (a cluster split, a lock or
    /// a gate aside: the smaller plans move whole clusters of schedulable estates).
    private func newViolations(_ estateYear: [Int?]) -> [Violation] {
        let ignored = [RuleName.clusterSplit, .lock, .gate].map(\.rawValue)
        return rules.violations(of: decisions(estateYear)).filter { !ignored.contains($0.rule) && !revisedBreaks.contains(Self.key($0)) }
    }

    /// `estateYear` (horizon year indices) with the revised plan's space and levels.
    private func decisions(_ estateYear: [Int?]) -> PlanDecisions {
        Self.decisions(estateYear, additions: additions, estateLevels: estateLevels, analysis)
    }

    private static func decisions(_ estateYear: [Int?], additions: [SiteAddition], estateLevels: [[Int]], _ analysis: Analysis) -> PlanDecisions {
        let calendar = analysis.scenario.horizon.calendarYears
        let plan = Plan(estateYear: estateYear.map { $0.map { calendar[$0] } }, additions: additions, estateLevels: estateLevels)
        return PlanDecisions(plan, analysis: analysis)
    }

    /// The value of `estateYear` with the revised plan's space and levels, where it falls below
    /// the value row: it and the row's bound as the reasons print them.
    private func valueShort(_ estateYear: [Int?]) -> (String, String)? {
        let value = revisedValue + ownValue(estateYear) - ownValue(revisedYear)
        guard value < valueFloor else { return nil }
        return distinctDecimals1(value, (1 - slack) * best)
    }

    /// Σ discounted values of the renovations and their levels (SPEC §7 objective).
    private func ownValue(_ estateYear: [Int?]) -> Double {
        let plan = decisions(estateYear)
        return plan.renovations.reduce(0) { $0 + (($1.cluster == nil) ? 0 : analysis.discountedValue(of: $1)) }
            + plan.levels.reduce(0) { $0 + analysis.discountedValue(level: $1.level, estate: $1.estate, year: $1.year) }
    }

    /// The totals' shortfall cost of the revised plan and of `estateYear`, where the revised
    /// plan's is the lower (as the reasons print them, in average approved estates' worth).
    private func totalsCloser(than estateYear: [Int?]) -> (String, String)? {
        guard !keptTotals.isEmpty else { return nil }
        let (revised, other) = (shortfallCost(revisedYear), shortfallCost(estateYear))
        guard revised < other - 1e-6 else { return nil }
        return (String(format: "%.2f", revised), String(format: "%.2f", other))
    }

    /// Σ price × shortfall over the kept totals: the model's measure of how far the approved
    /// years' totals are off.
    func shortfallCost(_ estateYear: [Int?]) -> Double {
        Self.shortfallCost(estateYear, keptTotals, figures: figures)
    }

    static func shortfallCost(_ estateYear: [Int?], _ kept: [KeptTotal], figures: [[Double]]) -> Double {
        kept.reduce(0) { cost, total in
            let revised = estateYear.indices.reduce(0) { $0 + (estateYear[$1] == total.year ? figures[$1][total.measure] : 0) }
            return cost + total.price * max(0, total.target - revised)
        }
    }
}

/// A value and a bound with one decimal, or more (up to six) where one decimal would print
/// them the same: `13712.96 < 13713.00`, not `13713.0 < 13713.0`.
private func distinctDecimals1(_ a: Double, _ b: Double) -> (String, String) {
    func text(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
    var places = 1
    while places < 6 && text(a, places) == text(b, places) { places += 1 }
    return (text(a, places), text(b, places))
}
