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

        let w = analysis.wording
        return result.estates.enumerated().map { e, line in
            var line = line
            var reasons = analysis.gates[e].reasons
            let cluster = analysis.clusterOfEstate[e].map { analysis.clusters[$0] }
            if let year = line.year, let cluster {
                if cluster.members.count > 1 {
                    reasons.append(w.text(
                        "与片区\(cluster.id)（\(w.estates(cluster.members.count))，\(w.households(cluster.households))）一并安排在\(year)年",
                        "planned for \(year) with cluster \(cluster.id) (\(cluster.members.count) estates, \(grouped(cluster.households)) households)"))
                } else {
                    reasons.append(w.text("安排在\(year)年", "planned for \(year)"))
                }
            }
            for (k, norm) in scenario.norms.enumerated() {
                let access = coverage.access[k][e]
                guard access < norm.m2PerPerson - 1e-12, cluster != nil else { continue }
                let kind = w.kind(norm.kind)
                let target = w.perPerson(norm.m2PerPerson)
                if result.outcome.status == .ranked {
                    // The ranked list does not consider norms: the figure, not a requirement.
                    reasons.append(w.text(
                        "\(kind)：现状人均\(fmt(access))平方米（标准\(target)）",
                        "\(norm.kind): \(fmt(access)) m²/person now (norm \(target))"))
                } else if !line.normEnforced[k] {
                    reasons.append(w.text(
                        "\(kind)：现状人均\(fmt(access, below: norm.m2PerPerson))平方米，可达范围内的候选用地也无法达到标准\(target)（不作强制）",
                        "\(norm.kind): \(fmt(access, below: norm.m2PerPerson)) m²/person now; the norm of \(target) cannot be reached even with every site within reach (not enforced)"))
                } else if let year = line.year, let reached = line.accessInYear[k] {
                    let helping = coverage.siteOptions[k][e].map(\.site).filter { s in
                        sitesUsedByNorm[k][s]?.contains { $0 <= year } ?? false
                    }
                    let names = w.list(helping.map { district.sites[$0].id })
                    reasons.append(w.text(
                        "\(kind)：现状人均\(fmt(access))平方米，\(year)年在\(names)新增设施后达到\(fmt(reached))（标准\(target)）",
                        "\(norm.kind): \(fmt(access)) m²/person now, \(fmt(reached)) in \(year) with new space at \(names) (norm \(target))"))
                } else if line.accessAfter[k] >= norm.m2PerPerson - 1e-9 {
                    reasons.append(w.text(
                        "\(kind)：现状人均\(fmt(access))平方米，计划在附近新增设施后达到\(fmt(line.accessAfter[k]))（标准\(target)）",
                        "\(norm.kind): \(fmt(access)) m²/person now, \(fmt(line.accessAfter[k])) with the plan's new space nearby (norm \(target))"))
                } else {
                    reasons.append(w.text(
                        "\(kind)：现状人均\(fmt(access))平方米（标准\(target)）；改造时须先在候选用地新增设施",
                        "\(norm.kind): \(fmt(access)) m²/person now (norm \(target)); renovating it means adding space on a site first"))
                }
            }
            if line.status == .reserve, let c = analysis.clusterOfEstate[e], let why = blocked[c] {
                reasons.append(why.text)
            }
            line.reasons = reasons
            line.waiting = waiting(e, status: line.status, cluster: blocked[analysis.clusterOfEstate[e] ?? -1]?.kind, analysis)
            return line
        }
    }

    /// What adding a cluster in a year would break: rule rows with the activity each would
    /// reach, the m²/person no site within reach can give, and what the sources could not pay.
    private typealias Try = (rows: [(row: Int, activity: Double)], unmet: Double, money: [String])

    /// For each unplanned cluster, what keeps it out, derived from the rules: the cluster is
    /// added to the plan in each year in turn (with the space its norms would need, from the
    /// cheapest sites left) and the rows that would break are said in the words of their rules.
    /// Where no row breaks in some year, what stopped the search is said instead.
    private static func blockers(_ result: PlanResult) -> [Int: (text: String, kind: WaitingReason)] {
        let analysis = result.analysis
        let outcome = result.outcome
        let scenario = analysis.scenario
        let calendar = scenario.horizon.calendarYears
        let district = analysis.district
        // The ranked list does not consider norms, so they keep nothing out of it.
        let rules = RuleSet(analysis, norms: outcome.status != .ranked)
        // With the plan's optional levels: their money is spent too (without them a year's
        // sources look able to pay for one more cluster that they cannot).
        let plan = Plan(clusterYear: outcome.clusterYear, additions: outcome.additions, estateLevels: outcome.estateLevels, analysis: analysis)
        let decisions = PlanDecisions(plan, analysis: analysis)
        var planned = RuleActivity(rules)
        planned.add(rules.activities(of: decisions).enumerated().map { ($0, $1) })
        let current = planned
        let empty = RuleActivity(rules)
        let normRule = rules.normRule
        let ledger = FacilityNormRule.SpaceLedger(outcome.additions, sites: district.sites.count, calendar: calendar)

        // With funding sources, the plan's ledger, so that each try solves only the part of the
        // allocation LP it enters (``FundingRule/Ledger``).
        let funding = rules.fundingRule
        let currentLedger = funding.map { funding in
            var prepared = funding.withAllocation(funding.ledger(decisions))
            funding.prepare(&prepared)
            return prepared
        }
        let currentPayable = currentLedger.map { $0.allocation != nil } ?? true
        let emptyLedger = funding.map { $0.withAllocation($0.emptyLedger) }

        /// The rows adding cluster c in year t would break, given `activity` and the space built;
        /// with funding sources, also what the sources could not pay (their own allocation check).
        func breaches(
            _ c: Int, _ t: Int, _ activity: RuleActivity, _ ledger: FacilityNormRule.SpaceLedger,
            _ base: FundingRule.Ledger?, payable: Bool, explain: Bool = false, explainer: FundingRule.Explanations? = nil
        ) -> Try {
            let cluster = analysis.clusters[c]
            let renovation = Renovation(cluster: c, members: cluster.members, year: t)
            var ledger = ledger
            let (entries, spaces, unmet) = rules.coefficientsWithSpace(
                of: renovation, requirements: normRule?.requirements(ofMembers: cluster.members) ?? [], ledger: &ledger)
            // A norm row broken only because no site is left is said once, as `unmet`.
            let rows = activity.breaches(entries).filter { unmet == 0 || rules.rows[$0.row].key.rule != .norm }
            var money: [String] = []
            // The funding rule's own check (empty when the sources can pay), on the plan with this
            // cluster added; the rows it breaks are said (`explain`) only for the try the reason
            // quotes, which has already found that the sources cannot pay: elsewhere "cannot pay"
            // is all that counts (one clause).
            if rows.isEmpty, unmet == 0, let funding, let base {
                let added = PlanDecisions.spaces(spaces, year: t, scenario: scenario)
                if explain, let explainer {
                    money = explainer.violations(adding: [renovation], spaces: added).map(\.detail)
                } else if explain {
                    money = funding.violations(adding: [renovation], spaces: added, to: base, payable: payable, unpayable: true)
                        .map(\.detail)
                } else if !funding.pays(adding: [renovation], spaces: added, to: base, payable: payable) {
                    money = [""]
                }
            }
            return (rows, unmet, money)
        }

        let w = analysis.wording
        func words(_ found: Try, _ c: Int, _ t: Int) -> String {
            var clauses = found.rows.map { rules.describe(row: $0.row, activity: $0.activity) } + found.money
            if found.unmet > 0 {
                clauses.append(w.text(
                    "\(calendar[t])年：配建指标还差人均\(fmt(found.unmet))平方米，可达范围内的候选用地已无余量",
                    "\(calendar[t]): its norms need \(fmt(found.unmet)) m²/person more than the sites within reach can still provide"))
            }
            return w.clauses(clauses)
        }

        /// The rule a try breaks first, for counting (the rows in rule order, then the money, then the space).
        func firstRule(_ found: Try) -> RuleName? {
            found.rows.first.map { rules.rows[$0.row].key.rule } ?? (!found.money.isEmpty ? .funding : found.unmet > 0 ? .norm : nil)
        }

        /// What keeps unplanned cluster c out. `explainer`: the plan's elastic allocation LPs kept
        /// warm on this thread, where the sources can pay the plan.
        func message(_ c: Int, _ explainer: FundingRule.Explanations?) -> (text: String, kind: WaitingReason) {
            let cluster = analysis.clusters[c]
            let who = cluster.members.count > 1
                ? w.text(
                    "片区\(cluster.id)（\(w.estates(cluster.members.count))，\(w.households(cluster.households))）",
                    "cluster \(cluster.id) (\(cluster.members.count) estates, \(grouped(cluster.households)) households)")
                : w.text("该小区", "this estate")
            let tries = calendar.indices.map { breaches(c, $0, current, ledger, currentLedger, payable: currentPayable) }
            if let t = tries.firstIndex(where: { $0.rows.isEmpty && $0.unmet == 0 && $0.money.isEmpty }) {
                if cluster.value <= 0 {
                    return (w.text("\(who)评分为0，纳入计划不增加价值", "\(who) adds no value to the plan: its priority score is 0"), .noValue)
                } else if let stopped = outcome.stoppedBy {
                    return (w.text(
                        "\(who)可安排在\(calendar[t])年，但求解在达到\(w.limit(stopped))时停止，未及选入",
                        "\(who) would fit \(calendar[t]), but the solver stopped at its \(stopped.rawValue) before choosing it"), .solverStopped(stopped))
                } else {
                    return (w.text(
                        "\(who)可安排在\(calendar[t])年，但不含它的方案已在最优值\(percent1(scenario.solver.mipGap))的容差之内",
                        "\(who) would fit \(calendar[t]), but the plan is within the \(percent1(scenario.solver.mipGap)) gap tolerance of the best without it"), .withinGap)
                }
            }
            // Alone in an empty year: a row it breaks there, it breaks in every plan. The years
            // are tried until one takes it (most clusters fit their first year alone).
            func alone(_ t: Int, explain: Bool = false) -> Try {
                breaches(c, t, empty, FacilityNormRule.SpaceLedger(sites: district.sites.count), emptyLedger, payable: true, explain: explain)
            }
            let aloneFirst = alone(0)
            func fitsNot(_ found: Try) -> Bool {
                !found.rows.filter { rules.rows[$0.row].key.rule != .extendedCap }.isEmpty || found.unmet > 0 || !found.money.isEmpty
            }
            if fitsNot(aloneFirst), calendar.indices.dropFirst().allSatisfy({ fitsNot(alone($0)) }) {
                let said = alone(0, explain: true)
                return (w.text("\(who)即使单独安排也无法纳入任何年度：", "\(who) cannot fit any year even on its own: ") + words(said, c, 0), .fitsNoYear(firstRule(aloneFirst)))
            }
            // Otherwise the year it comes closest: fewest rows broken, then the least excess.
            let closest = tries.indices.min { a, b in
                let (ea, eb) = (excess(tries[a], rules), excess(tries[b], rules))
                let (na, nb) = (tries[a].rows.count + tries[a].money.count, tries[b].rows.count + tries[b].money.count)
                return (na + (tries[a].unmet > 0 ? 1 : 0), ea) < (nb + (tries[b].unmet > 0 ? 1 : 0), eb)
            }!
            var text = w.text(
                "\(who)未能纳入：各年度均已排满；若纳入最接近的\(calendar[closest])年：",
                "\(who) does not fit: every year is full; added to the closest, \(calendar[closest]): ")
                + words(breaches(c, closest, current, ledger, currentLedger, payable: currentPayable, explain: true, explainer: explainer), c, closest)
            if tries[closest].rows.contains(where: { rules.rows[$0.row].key.rule == .extendedCap }), cluster.extendedHouseholds > 0,
                cluster.extendedHouseholds < cluster.households
            {
                let extended = cluster.members.filter { analysis.gates[$0].estateClass == .extended }.map { district.estates[$0].id }
                text += w.text(
                    "（扩展纳入成员：\(w.list(extended))；重点改造成员因同属一个片区而一并未能安排）",
                    " (extended-target members: \(extended.joined(separator: ", ")); the core members are held out with them)")
            }
            return (text, .everyYearFull(firstRule(tries[closest])))
        }
        // Each cluster's tries read the plan and change nothing: spread over the cores, the
        // results in cluster order (with funding sources a city's reserve asks thousands of LPs;
        // each thread keeps the plan's elastic allocation LPs warm for them).
        let unplanned = analysis.clusters.indices.filter { outcome.clusterYear[$0] == nil }
        let said = Concurrent.map(
            unplanned.count, chunk: 16,
            worker: { () -> FundingRule.Explanations? in
                guard let funding, let currentLedger, currentPayable else { return nil }
                return FundingRule.Explanations(funding, ledger: currentLedger)
            },
            finish: { $0?.close() }
        ) { explainer, k in message(unplanned[k], explainer) }
        return Dictionary(uniqueKeysWithValues: zip(unplanned, said))
    }

    /// What keeps estate e out of the plan, as a kind (nil for a planned, completed or under-way
    /// estate): for an ineligible estate the year it was built; for one that is not schedulable
    /// the kind of its gate's first blocker (``Gate/firstBlocker``: consent, management, the
    /// planner's `never`); for a schedulable one its cluster's.
    private static func waiting(_ e: Int, status: EstateStatus, cluster: WaitingReason?, _ analysis: Analysis) -> WaitingReason? {
        let rules = analysis.scenario.eligibility
        switch status {
        case .ineligible:
            return .builtAfter(year: analysis.district.estates[e].builtYear, until: rules.extendedBuiltUntil)
        case .reserve:
            let gate = analysis.gates[e]
            if gate.isSchedulable { return cluster ?? .other }
            switch gate.firstBlocker {
            case .consent?: return .consent(minimum: rules.consentMin)
            case .management?: return .management
            case .keptOut?: return .keptOut
            default: return .other
            }
        default:
            return nil
        }
    }

    /// Σ relative excess of the broken rows, to say which year a cluster comes closest in.
    private static func excess(_ found: Try, _ rules: RuleSet) -> Double {
        found.rows.reduce(found.unmet) { $0 + rules.rows[$1.row].excess($1.activity) / rules.rows[$1.row].scale }
    }
}

/// m²/person figures: two significant decimals, e.g. 0.04, 0.105.
func fmt(_ value: Double) -> String {
    let text = String(format: "%.3f", value)
    return text.hasSuffix("0") ? String(text.dropLast()) : text
}

/// A value short of `limit` as ``fmt`` shows it, with more decimals where rounding would show
/// it at the limit (0.0996 of a 0.10 norm is 0.0996, not 0.10). In a table's column (`fixed`)
/// every value has three decimals (0.060, 0.093, 0.200), so the column reads evenly.
func fmt(_ value: Double, below limit: Double, fixed: Bool = false) -> String {
    let text = fixed ? String(format: "%.3f", value) : fmt(value)
    guard value < limit, let shown = Double(text), shown >= limit else { return text }
    for digits in 4...8 {
        let finer = String(format: "%.\(digits)f", value)
        if let shown = Double(finer), shown < limit { return finer }
    }
    return String(format: "%.8f", value)
}

/// Yuan as a person reads it: 3.2M yuan, 450,000 yuan.
func money(_ yuan: Double) -> String {
    if abs(yuan) >= 1e6 { return String(format: "%.1fM yuan", yuan / 1e6) }
    // Below 100 yuan a fraction is no rounding to hide: 1.5 yuan (a budget of 1.5亿 typed as
    // 1.5) is not "2 yuan".
    if abs(yuan) < 100, yuan != yuan.rounded() {
        let text = String(format: "%.2f", yuan)
        return (text.hasSuffix("0") ? String(text.dropLast()) : text) + " yuan"
    }
    return "\(grouped(Int(yuan.rounded()))) yuan"
}

/// The first `limit` of `names` joined, and `…` when there are more: `E0001, E0002, …`.
func firstOf(_ names: [String], _ limit: Int, separator: String = ", ") -> String {
    names.prefix(limit).joined(separator: separator) + (names.count > limit ? separator + "…" : "")
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

/// What keeps an estate out of the plan, as a kind of reason rather than its words and figures:
/// what the reports count when they summarise a list too long to print (docs/report.md, *Long
/// lists*). Each estate has one, the first reason that keeps it out; its reasons in plan.geojson
/// say it in full.
enum WaitingReason: Hashable, Comparable {
    /// Ineligible: built in `year`, after `extended_built_until`.
    case builtAfter(year: Int, until: Int)
    /// Residents' consent below `eligibility.consent_min`.
    case consent(minimum: Double)
    /// The management model after renovation not agreed (长效管理机制).
    case management
    /// The planner's `locks: never`.
    case keptOut
    /// Fits no year even alone in an empty plan; the rule it breaks first.
    case fitsNoYear(RuleName?)
    /// Every year is full; the rule it breaks first in the year it comes closest.
    case everyYearFull(RuleName?)
    /// It would fit, but the search stopped first.
    case solverStopped(SearchLimit)
    /// It would fit, but the plan is within the gap tolerance of the best without it.
    case withinGap
    /// Its score is 0.
    case noValue
    /// None of the above (not expected; counted rather than dropped).
    case other

    static func < (a: WaitingReason, b: WaitingReason) -> Bool { a.order.lexicographicallyPrecedes(b.order) }

    /// The order of the kinds, and within one, of its figures.
    private var order: [String] {
        switch self {
        case .builtAfter(let year, _): return ["0", String(format: "%06d", year)]
        case .consent: return ["1"]
        case .management: return ["2"]
        case .keptOut: return ["3"]
        case .fitsNoYear(let rule): return ["4", rule?.rawValue ?? ""]
        case .everyYearFull(let rule): return ["5", rule?.rawValue ?? ""]
        case .solverStopped(let limit): return ["6", limit.rawValue]
        case .withinGap: return ["7"]
        case .noValue: return ["8"]
        case .other: return ["9"]
        }
    }

    /// The kind in words, a table cell of the reports.
    func words(_ w: Wording) -> String {
        /// The rule as a reason names it.
        func rule(_ name: RuleName?) -> String? {
            guard let name else { return nil }
            switch name {
            case .budget: return w.text("预算", "the budget")
            case .capacity: return w.text("实施能力", "capacity")
            case .extendedCap: return w.text("扩展纳入对象的户数比例上限", "the extended cap")
            case .norm: return w.text("配建标准（可达范围内的用地不足）", "the facility norm (no site space left in reach)")
            case .funding: return w.text("资金来源", "the funding sources")
            case .siteArea: return w.text("用地面积", "site area")
            default: return name.rawValue
            }
        }
        switch self {
        case .builtAfter(let year, let until):
            return w.text("\(year)年建成，晚于\(until)年", "built \(year), after \(until)")
        case .consent(let minimum):
            return w.text("居民同意率低于\(String(format: "%.2f", minimum))", "consent below \(String(format: "%.2f", minimum))")
        case .management:
            return w.text("改造后长效管理机制未确定", "management model not agreed (长效管理机制)")
        case .keptOut:
            return w.text("规划人员已排除（locks: never）", "kept out by the planner (locks: never)")
        case .fitsNoYear(let name):
            return w.text("即使单独安排也无法纳入任何年度", "fits no year even on its own") + (rule(name).map { w.text("：\($0)", ": \($0)") } ?? "")
        case .everyYearFull(let name):
            return w.text("各年度均已排满", "every year is full") + (rule(name).map { w.text("：\($0)", ": \($0)") } ?? "")
        case .solverStopped(let limit):
            return w.text("可以纳入，但求解在达到\(w.limit(limit))时停止，未及选入", "would fit, but the solver stopped at its \(limit.rawValue)")
        case .withinGap:
            return w.text("可以纳入，但不含它的方案已在最优值的容差之内", "would fit, but the plan is within the gap tolerance without it")
        case .noValue:
            return w.text("评分为0，纳入计划不增加价值", "priority score 0: adds no value")
        case .other:
            return w.text("其他", "other")
        }
    }
}
