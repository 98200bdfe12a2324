import Foundation

/// An approved plan revised under today's data (SPEC §12): the best value first, then, among
/// plans within the slack of it, the one with the fewest changes, each approved year's totals'
/// shortfalls counted as penalties (docs/cycle.md).
public struct Revision {
    public enum ChangeKind: String, Sendable {
        /// Approved for one year, now planned in another.
        case moved
        /// Approved, now not planned.
        case dropped
        /// Not approved, now planned.
        case added
        /// Done: out of the plan and the budgets (not counted as a change).
        case completed
        /// Started before the horizon and still under way (续建): out of the plan and the
        /// budgets like a completed estate (not counted as a change).
        case underWay = "under_way"
    }

    public struct Change: Sendable {
        public var id: String
        public var approvedYear: Int?
        public var year: Int?
        public var kind: ChangeKind
        public var reason: String
        /// Whether the change counts towards the number of changes (completed estates and works
        /// under way since before the horizon do not).
        public var counted: Bool { kind != .completed && kind != .underWay }
    }

    /// One of Henan's five totals for one approved year (调整后的小区数、楼栋数、户数、建筑面积、投资额).
    public struct Total: Sendable {
        public var year: Int
        public var name: String
        public var approved: Double
        public var revised: Double
        public var shortfall: Double { max(0, approved - revised) }
    }

    public let result: PlanResult
    public let approved: ApprovedPlan
    public let changes: [Change]
    public let totals: [Total]
    /// V*: the best value found under today's data.
    public let bestValue: Double?
    /// The revised plan's value.
    public let value: Double?
    public let slack: Double
    public let warnings: [String]
    /// Whether any approved estate has a `buildings` count (else buildings count 0 and the report says so).
    public let hasBuildings: Bool
    /// Whether the changes are proven the fewest within the slack: the second solve ended
    /// optimal (or the start was already at its bound). When the search stopped on a limit, a
    /// plan with fewer changes may exist, and the reports say so.
    public var fewestProven = true

    public var changeCount: Int { changes.filter(\.counted).count }
}

/// `renoplan revise` (SPEC §12).
public enum Revise {
    /// The five totals, in the order the report gives them.
    static let totalNames = ["estates", "buildings", "households", "floor_area_m2", "investment_yuan"]

    /// Reads the scenario and the approved plan, revises it, and returns the result (nothing is
    /// written). Throws an ``InvalidInput`` naming every bad line of the approved plan in file
    /// order: a bad state or year, a year outside the horizon (a started estate may lie before
    /// it: under way, 续建), an estate listed twice, an id that is probably a typo for one in
    /// today's data. An approved estate that is simply not in today's data leaves the plan, with
    /// a warning (docs/cycle.md). The space the approved plan.geojson's sites.geojson built
    /// before the horizon exists today (docs/cycle.md, *Rolling the horizon forward*).
    public static func revise(
        scenarioAt url: URL, approvedAt approvedURL: URL, slack: Double = 0.01, options: SolveOptions = SolveOptions()
    ) throws -> Revision {
        guard slack >= 0, slack < 1 else { throw InputError(file: "--slack", problem: "must be at least 0 and below 1, got \(slack)") }
        let base = try analyse(scenarioAt: url, approvedAt: approvedURL)
        return try Reviser(
            analysis: base.analysis, approved: base.approved, indexOf: base.indexOf, slack: slack, options: options, warnings: base.warnings
        ).run()
    }

    /// Today's scenario analysed with an approved plan's works under way (fixed to their year,
    /// their clusters with them) and done (out of the plan and the budgets): what `revise` and
    /// `alternatives --approved` plan on. The approved plan is checked first (unknown estates,
    /// years outside the horizon, a started estate against a scenario lock), every problem an
    /// ``InputError`` naming its line; the warnings name started estates whose data would now
    /// keep them out and the completed estates' money.
    public static func analyse(scenarioAt url: URL, approvedAt approvedURL: URL) throws -> ApprovedAnalysis {
        let held = try PlanFile.hold(planAt: approvedURL, scenarioAt: url, absentIsError: false)
        let (file, scenario, analysis, checked) = (held.file, held.scenario, held.analysis, held.checked)
        let calendar = scenario.horizon.calendarYears
        let estates = analysis.district.estates
        let w = analysis.wording
        var warnings = held.warnings
        if !checked.absent.isEmpty {
            warnings.append(absentWarning(
                checked.absent, estatesFile: scenario.geodata.estates.lastPathComponent, horizonStart: calendar[0], w))
        }
        guard checked.problems.isEmpty else {
            // A plan file's problems, all of them: `validate` does not read plans.
            var invalid = InvalidInput(
                inputErrors: checked.problems.map(\.error),
                warnings: warnings.map { InputWarning(file: file.source, featureIndex: nil, featureID: nil, problem: $0) })
            invalid.moreListedBy = nil
            throw invalid
        }
        let approved = ApprovedPlan(file, entries: checked.entries, absent: checked.absent, sites: held.sites, url: approvedURL)
        let indexOf = Dictionary(estates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Works under way whose data would now keep them out stay in their year, with a warning.
        var plainScenario = scenario
        plainScenario.approvedStates = Scenario.ApprovedStates()
        let plainGates = Eligibility.gates(estates, plainScenario)
        for entry in approved.entries where entry.state == .started && scenario.approvedStates.started[entry.id] != nil {
            let gate = plainGates[indexOf[entry.id]!]
            if !gate.isSchedulable {
                warnings.append(w.text(
                    "\(entry.location)：\(entry.id)已于\(entry.year!)年开工，仍留在该年，尽管按现有数据它已不能纳入：\(gate.blockers.joined(separator: "；"))",
                    "\(entry.location): \(entry.id) is started in \(entry.year!) and stays there, although its data would now keep it out: \(gate.blockers.joined(separator: "; "))"))
            }
        }
        // Completed estates leave the plan and the budgets (SPEC §12): a horizon year's budget is
        // then the money still to spend, which the planner should know.
        let completedByYear = Dictionary(grouping: approved.entries.filter { $0.state == .completed && $0.year.map(calendar.contains) == true }, by: { $0.year! })
        for year in completedByYear.keys.sorted() {
            let done = completedByYear[year]!.map(\.id)
            let yuan = done.reduce(0.0) { $0 + analysis.netCostYuan(estate: indexOf[$1]!) }
            warnings.append(w.text(
                "\(year)年有\(done.count)个小区已完成（\(w.list(done))，约\(w.money(yuan))），不计入计划和预算：情景中\(year)年的预算按尚未使用的资金理解，请填写扣除它们之后的余额",
                "\(done.count) estate\(done.count == 1 ? "" : "s") completed in \(year) (\(done.joined(separator: ", ")); about \(money(yuan))) "
                    + "\(done.count == 1 ? "is" : "are") out of the plan and the budgets: the scenario's \(year) budget is taken as the money still "
                    + "to spend, so give what is left after \(done.count == 1 ? "it" : "them")"))
        }
        warnings += rollingNotes(approved, analysis, indexOf: indexOf)
        return ApprovedAnalysis(analysis: analysis, approved: approved, indexOf: indexOf, warnings: warnings)
    }

    /// The reason an approved estate that is not in today's data leaves the plan.
    static func absentReason(_ w: Wording) -> String { w.text("今日数据中已无此小区", "not in today's data") }

    /// One warning naming the approved estates not in today's data (the first five, and how many).
    static func absentWarning(_ absent: [PlanFile.Entry], estatesFile: String, horizonStart: Int, _ w: Wording) -> String {
        let shown = absent.prefix(5).map { entry in
            w.text(
                "\(entry.id)（\(entry.location)\(entry.year.map { "，\($0)年" } ?? "")）",
                "\(entry.id) (\(entry.location)\(entry.year.map { ", \($0)" } ?? ""))")
        }
        let more = absent.count > 5 ? w.text("等\(absent.count)个", ", … (\(absent.count) in all)") : ""
        let reason = absentReason(w)
        // Works under way since before the horizon are, like completed ones, only listed.
        let underWay = absent.contains { $0.isUnderWay(horizonStart: horizonStart) }
        return w.text(
            "已批准计划中的\(absent.count)个小区不在\(estatesFile)中（已拆除、合并或移出储备库？）：\(shown.joined(separator: "、"))\(more)；"
                + "从计划中调出，每个计为一处调整，原因“\(reason)”（已完成\(underWay ? "和续建" : "")的仅列出）；如为编号笔误，请改正该行",
            "\(absent.count) estate\(absent.count == 1 ? " of the approved plan is" : "s of the approved plan are") not in \(estatesFile) "
                + "(demolished, merged or removed from the reserve?): \(shown.joined(separator: ", "))\(more); "
                + "\(absent.count == 1 ? "it leaves the plan as a change" : "they leave the plan, each a change") with the reason \"\(reason)\" "
                + (underWay ? "(a completed one, or one under way since before the horizon, is only listed); " : "(a completed one is only listed); ")
                + "if an id is a typo, correct its line")
    }

    /// What the planner should know when the horizon starts after some of the approved plan's
    /// years: works under way since then and their money; the space built then, counted as
    /// existing, or unknown (a CSV, or a plan.geojson without its sites.geojson).
    static func rollingNotes(_ approved: ApprovedPlan, _ analysis: Analysis, indexOf: [String: Int]) -> [String] {
        let w = analysis.wording
        let states = analysis.scenario.approvedStates
        let start = analysis.scenario.horizon.start
        var notes: [String] = []
        let underWay = approved.entries.filter { states.underWay[$0.id] != nil }.map(\.id)
        if !underWay.isEmpty {
            let yuan = underWay.reduce(0.0) { $0 + analysis.netCostYuan(estate: indexOf[$1]!) }
            let n = underWay.count
            notes.append(w.text(
                "\(n)个小区在\(start)年以前开工、仍在施工（续建：\(w.list(underWay))，约\(w.money(yuan))），不计入计划和预算，其资金按开工年度安排：若仍有款项要在\(start)年及以后支付，请在情景的预算中扣除",
                "\(n) estate\(n == 1 ? "" : "s") started before \(start) and still under way (续建: \(underWay.joined(separator: ", ")); about \(money(yuan))) "
                    + "\(n == 1 ? "is" : "are") out of the plan and the budgets (\(n == 1 ? "its" : "their") money was \(n == 1 ? "its" : "their") start year's): "
                    + "if some is still to be paid in \(start) or later, give the scenario's budgets less that"))
        }
        if !states.built.isEmpty {
            let m2 = states.built.reduce(0) { $0 + $1.m2 }
            let sites = Set(states.built.map(\.siteID)).count
            notes.append(w.text(
                "原计划\(start)年以前在\(sites)处用地上新建的设施用房（\(w.area(m2))）计为现有设施，不再重复建设；原计划\(start)年及以后的设施用房按今日数据重新安排",
                "the facility space the approved plan built before \(start) (\(sites) site\(sites == 1 ? "" : "s"), \(w.area(m2))) counts as existing "
                    + "facilities and is not built again; its space for \(start) and later is planned again under today's data"))
        } else if approved.sites == nil {
            // Done before the horizon (or completed with no year): any space built with them is unknown.
            let done = approved.entries.filter { entry in
                (entry.state == .completed && (entry.year ?? (start - 1)) < start) || states.underWay[entry.id] != nil
            }.map(\.id)
            if !done.isEmpty {
                let n = done.count
                let isGeoJSON = approved.source.lowercased().hasSuffix("json")
                let shown = done.count > 5 ? Array(done.prefix(5)) : done
                let more = done.count > 5 ? w.text("等", " and \(done.count - 5) more") : ""
                notes.append(w.text(
                    "\(approved.source)没有给出\(start)年以前已建的设施用房（\(n)个小区已完成或续建：\(w.list(shown))\(more)）：若当时新建了用房，本次可能重复建设。请把已建用房连同面积（capacity_m2）加入设施图层并从用地面积中扣除，或" + (isGeoJSON ? "把原计划那次运行的sites.geojson放在\(approved.source)旁边" : "改用原计划的plan.geojson（同一文件夹中附sites.geojson）"),
                    "\(approved.source) does not say what facility space was built before \(start) (\(n) estate\(n == 1 ? "" : "s") done or under way: "
                        + "\(shown.joined(separator: ", "))\(more)): space built then would be bought again. Add it to the facilities layer with its "
                        + "capacity_m2 (and take it off its site's area_m2), or "
                        + (isGeoJSON ? "put the sites.geojson of the run it came from beside \(approved.source)" : "give the approved plan.geojson with its sites.geojson beside it")))
            }
        }
        return notes
    }
}

/// The scenario analysed with an approved plan's started and completed estates
/// (``Revise/analyse(scenarioAt:approvedAt:)``).
public struct ApprovedAnalysis {
    public let analysis: Analysis
    public let approved: ApprovedPlan
    /// District index of each estate id.
    let indexOf: [String: Int]
    /// Started estates kept in their year against their data; completed estates' money.
    public let warnings: [String]
}

/// The two solves and the account of what changed.
struct Reviser {
    let analysis: Analysis
    let approved: ApprovedPlan
    let indexOf: [String: Int]
    let slack: Double
    let options: SolveOptions
    let warnings: [String]

    var scenario: Scenario { analysis.scenario }
    var calendar: [Int] { scenario.horizon.calendarYears }

    /// Horizon year index of each estate in the approved plan (approved or started), nil if none.
    var approvedYear: [Int?] {
        var years = [Int?](repeating: nil, count: analysis.district.estates.count)
        for entry in approved.entries where entry.state != .completed {
            years[indexOf[entry.id]!] = calendar.firstIndex(of: entry.year!)  // nil under way (before the horizon)
        }
        return years
    }

    /// An estate's contribution to the five totals, with its cluster's linked saving on investment.
    func totals(of e: Int) -> [Double] {
        let estate = analysis.district.estates[e]
        let saving = analysis.clusterOfEstate[e].map { analysis.clusters[$0].members.count >= 2 ? scenario.clustering.linkedSaving : 0 } ?? 0
        return [1, Double(estate.buildings ?? 0), Double(estate.households), estate.floorAreaM2, estate.costYuan * (1 - saving)]
    }

    /// The totals of estate e as approved: households and investment as the approved plan.geojson
    /// gave them (its cost, with the linked saving of the cluster it was approved in); today's
    /// data where the approved plan is a CSV or says nothing.
    func approvedTotals(of e: Int) -> [Double] {
        var figures = totals(of: e)
        if let approved = approvedHouseholdsAndInvestment(analysis.district.estates[e].id) {
            (figures[2], figures[4]) = approved
        }
        return figures
    }

    /// Households and investment (its cost, less the linked saving of the cluster it was
    /// approved in) as the approved plan.geojson gave them; nil where it gave none.
    func approvedHouseholdsAndInvestment(_ id: String) -> (Double, Double)? {
        guard let approved = approved.approvedFigures[id] else { return nil }
        return (Double(approved.households), approved.costYuan * (1 - (approved.clusterSize >= 2 ? scenario.clustering.linkedSaving : 0)))
    }

    /// The totals of an approved estate that is not in today's data, as the approved plan had
    /// them: one estate, and a plan.geojson's households and investment (it gives no buildings
    /// or floor area, and a CSV gives neither: those count 0).
    func approvedTotals(ofAbsent entry: ApprovedPlan.Entry) -> [Double] {
        let (households, investment) = approvedHouseholdsAndInvestment(entry.id) ?? (0, 0)
        return [1, 0, households, 0, investment]
    }

    /// The approved (or started) estates of horizon year t that are not in today's data.
    func absent(approvedFor t: Int) -> [ApprovedPlan.Entry] {
        approved.absent.filter { $0.state != .completed && $0.year == calendar[t] }
    }

    /// The approved years' totals `revise.keep_totals` keeps, year by year in the order of
    /// ``Revise/totalNames`` (none without it): each approved figure with its price, n_t / T per
    /// unit short (n_t: the estates approved for t, T: the figure), so falling short by one
    /// average approved estate's worth costs one change.
    func keptTotals(_ approvedYear: [Int?]) -> [KeptTotal] {
        guard scenario.revise.keepTotals else { return [] }
        var kept: [KeptTotal] = []
        for t in calendar.indices {
            let inYear = analysis.district.estates.indices.filter { approvedYear[$0] == t }
            // Estates no longer in the data count as approved, and can only be replaced.
            let gone = absent(approvedFor: t)
            // Completed estates approved for year t count on both sides: they are left out.
            guard !inYear.isEmpty || !gone.isEmpty else { continue }
            for m in Revise.totalNames.indices {
                let target = inYear.reduce(0) { $0 + approvedTotals(of: $1)[m] } + gone.reduce(0) { $0 + approvedTotals(ofAbsent: $1)[m] }
                guard target > 0 else { continue }
                kept.append(KeptTotal(year: t, measure: m, target: target, price: Double(inYear.count + gone.count) / target))
            }
        }
        return kept
    }

    func run() throws -> Revision {
        let years = calendar.count
        let approvedYear = self.approvedYear
        let completed = approved.entries.filter { $0.state == .completed || scenario.approvedStates.underWay[$0.id] != nil }.map { indexOf[$0.id]! }

        // 1. The best value under today's data.
        var model = PlanModel(analysis: analysis)
        var first = try Pipeline.solve(analysis, model: model, options: options)
        var warnings = self.warnings
        // The approved plan held against today's rules is a plan too: worth more than the
        // solve's (a solve stopped by its limit on a large district), it is the best value found.
        let approvedFirst = approvedFirstPlan(model: model, approvedYear: approvedYear).flatMap { model.program.isFeasible($0) ? $0 : nil }
        var bestIsApprovedFirst = false
        if let plan = approvedFirst, first.status.hasPlan || first.status == .noSolution {
            let worth = model.program.objective(of: plan)
            let (w, v) = (analysis.wording, String(format: "%.2f", worth))
            if let found = first.objective, first.status.hasPlan {
                if worth > found + RuleRow.relativeTolerance * max(1, abs(found)) {
                    bestIsApprovedFirst = true
                    warnings.append(w.text(
                        "原计划按今日数据调整后（价值\(v)）好于求解在时限内找到的方案（\(String(format: "%.2f", found))）：以它为最优价值的依据",
                        "the approved plan held against today's data (value \(v)) is worth more than the plan the solve found within its limit (\(String(format: "%.2f", found))): the best value is taken from it"))
                }
            } else {
                // No plan within the limit: the approved plan held against today's data is one.
                bestIsApprovedFirst = true
                first.status = .feasible
                warnings.append(w.text(
                    "求解在时限内没有找到方案：以按今日数据调整后的原计划（价值\(v)）为最优价值的依据",
                    "the solve found no plan within its limit: the best value is the approved plan held against today's data (value \(v))"))
            }
            if bestIsApprovedFirst {
                first.read(plan, model: model, analysis: analysis)
                first.objective = worth
                first.gap = first.gap(of: worth)
            }
        }
        guard first.status.hasPlan, let best = first.objective else {
            return account(outcome: first, best: nil, approvedYear: approvedYear, completed: completed)
        }
        if let gap = first.gap, gap > slack {
            let (g, s) = (String(format: "%.2f%%", gap * 100), String(format: "%.2f%%", slack * 100))
            warnings.append(analysis.wording.text(
                "最优价值只确定到\(g)以内（求解间隙），大于允许的\(s)：为接近它而作的改动可能追求更长求解也不能确认的价值；请把--slack设得高于间隙，或让求解运行更久",
                "the best value is known only to within \(g) (the solve's gap), more than the slack \(s): changes made to reach it may chase value a longer solve would not confirm; use a slack above the gap or let the solver run longer"))
        }
        let valueEntries = model.program.columns.indices.compactMap { column -> (Int, Double)? in
            let objective = model.program.columns[column].objective
            return objective != 0 ? (column, objective) : nil
        }
        var values = first.columnValues
        // The value row has a shortfall column, fixed at 0 but in the solve from the approved plan.
        let valueFloor = (1 - slack) * best - RuleRow.relativeTolerance * max(1, abs(best))
        let valueShort = model.program.addColumn("revise_value_short", integer: false, lower: 0, upper: 0, objective: 0)
        model.program.addRow("revise_value", lower: valueFloor, upper: nil, valueEntries + [(valueShort, 1)])
        values.append(0)

        // 2. One solve: the fewest changes plus the shortfalls of the approved years' totals, as
        // penalties. x_c,t costs a change per member approved for no year and saves one per member
        // approved for t (the constant, Σ approved, is left out): moved or dropped, an approved
        // estate loses its saving; added, an estate costs one. A shortfall column per
        // approved year t and total m costs n_t / T_m,t per unit (n_t: estates approved for t,
        // T_m,t: the approved figure): falling short by one average approved estate's worth of a
        // total costs as much as one change, so a replacement that restores it is worth making.
        var objective = [Double](repeating: 0, count: model.program.columns.count)
        for c in analysis.clusters.indices {
            for t in 0..<years { objective[model.clusterColumns[c][t]] = changes(ofCluster: c, year: t, approvedYear: approvedYear) }
        }
        var shortfallColumns: [Int] = []
        for total in keptTotals(approvedYear) {
            let (t, name) = (total.year, Revise.totalNames[total.measure])
            let column = model.program.addColumn("revise_short_\(name)_t\(t)", integer: false, lower: 0, upper: total.target, objective: 0)
            var entries: [(Int, Double)] = [(column, 1)]
            for (c, cluster) in analysis.clusters.enumerated() {
                let amount = cluster.members.reduce(0) { $0 + totals(of: $1)[total.measure] }
                if amount != 0 { entries.append((model.clusterColumns[c][t], amount)) }
            }
            model.program.addRow("revise_total_\(name)_t\(t)", lower: total.target, upper: nil, entries)
            shortfallColumns.append(column)
            objective.append(total.price)
        }
        values += shortfallColumns.map { _ in 0 }
        values = withShortfalls(values, model: model, columns: shortfallColumns)
        // GLPKSolver's searches maximise: the cost is minimised as its negative.
        model.program = model.program.withObjective(objective.map { -$0 }, maximize: true)
        // Each cluster adds at least min(0, its cheapest year) changes and shortfalls are ≥ 0: a
        // start at that bound (e.g. nothing changed) needs no solve.
        let least = model.clusterColumns.reduce(0) { $0 + min(0, $1.map { objective[$0] }.min() ?? 0) }
        var last = first
        var fewestProven = true
        // The fewest-changes solves' seconds, whichever of their plans is kept.
        let fewestBegan = Date()
        if -model.program.objective(of: values) > least + 1e-6 {
            var fromBestValue = options
            fromBestValue.limits = options.fromBestValueLimits ?? options.limits
            let approvedClusters = approvedClusters(approvedYear)
            let second = try Pipeline.solve(
                analysis, model: model, options: fromBestValue, start: values, freeColumns: shortfallColumns,
                reserveFirst: approvedClusters, explain: false)
            // Without a plan of its own the second solve leaves its start, the best-value plan.
            if second.status.hasPlan, !second.columnValues.isEmpty { last = second } else { last.columnValues = values }
            fewestProven = second.status == .optimal && !second.columnValues.isEmpty
            // From the approved side, unless the second solve already started there.
            if !fewestProven, !bestIsApprovedFirst, let approvedFirst,
                let fromApproved = try solveFromApproved(
                    approvedFirst, model: model, valueShort: valueShort, valueFloor: valueFloor, shortfallColumns: shortfallColumns,
                    reserveFirst: approvedClusters)
            {
                let (gained, kept) = (model.program.objective(of: fromApproved.outcome.columnValues), model.program.objective(of: last.columnValues))
                if gained > kept + 1e-6 { last = fromApproved.outcome }
                // Proven the fewest there, it proves a plan as good as well.
                fewestProven = fromApproved.proven && gained > kept - 1e-6
            }
        } else {
            last.columnValues = values
        }
        var outcome = last
        let value = valueEntries.reduce(0) { $0 + $1.1 * outcome.columnValues[$1.0] }
        outcome.objective = value
        outcome.bound = first.bound
        outcome.gap = first.gap(of: value)
        outcome.rootBound = first.rootBound
        outcome.solverSeconds = first.solverSeconds + Date().timeIntervalSince(fewestBegan)
        outcome.milestones = first.milestones
        outcome.status = first.status == .optimal && last.status == .optimal ? .optimal : .feasible
        // The clock in any of the solves makes the revision the clock's (a rerun may differ).
        if first.stoppedBy == .time { outcome.stoppedBy = .time }
        outcome.revisionSlack = slack
        // The fewest-changes searches may come upon more value than the first solve found in its
        // limit: the best value found is then the revised plan's (account), and the floor stays
        // where the first solve set it.
        if value > best + RuleRow.relativeTolerance * max(1, abs(best)) {
            let (v, b, f) = (String(format: "%.1f", value), String(format: "%.1f", best), String(format: "%.1f", valueFloor))
            warnings.append(analysis.wording.text(
                "调整后的计划价值\(v)，高于第一次求解在时限内找到的最优值\(b)：今日数据下的最优价值至少为\(v)；允许的最低价值（\(f)）按\(b)计算。更长的求解（--time-limit）可能提高它，改动也可能随之增加",
                "the revised plan is worth \(v), more than the best the first solve found within its limit (\(b)): the best value under today's data is at least \(v); the value the revision had to keep (\(f)) was set from \(b). A longer solve (--time-limit) may raise it, and the changes with it"))
        }
        return account(
            outcome: outcome, best: best, approvedYear: approvedYear, completed: completed, warnings: warnings,
            valueFloor: valueFloor, fewestProven: fewestProven)
    }

    /// The fewest-changes solve again, from the approved plan held against today's rules
    /// (`plan`, ``approvedFirstPlan(model:approvedYear:)``). That plan is usually worth less than
    /// the slack allows, so the value row may fall short here, at a cost per unit far above every
    /// change: the searches first bring the value up, in neighbourhoods around the approved plan,
    /// then take changes back. The best-value plan, where the second solve starts, can lie far
    /// from the approved plan when today's data moved the optimum, and the searches from there
    /// may end with many more changes than needed (docs/cycle.md). nil where the solve ends short
    /// of the value. `reserveFirst`: the clusters with an approved estate (``approvedClusters(_:)``).
    private func solveFromApproved(
        _ plan: [Double], model: PlanModel, valueShort: Int, valueFloor: Double, shortfallColumns: [Int], reserveFirst: Set<Int>
    ) throws -> (outcome: PlanOutcome, proven: Bool)? {
        // The plan's columns, then the revision's own (the value's and the totals' shortfalls).
        var start = plan + [Double](repeating: 0, count: model.program.columns.count - plan.count)
        // Falling short by a hundred-thousandth of the value costs more than changing every
        // estate and missing every total.
        var soft = model
        let most = model.program.columns.reduce(0) { $0 + abs($1.objective) * ($1.upper.isFinite ? $1.upper : 0) }
        soft.program.free(valueShort, upper: max(valueFloor, 0), objective: -(most + 1) / (1e-5 * max(1, abs(valueFloor))))
        start = withShortfalls(start, model: soft, columns: shortfallColumns + [valueShort])
        var outcome = try Pipeline.solve(
            analysis, model: soft, options: options, start: start, freeColumns: shortfallColumns + [valueShort],
            reserveFirst: reserveFirst, explain: false)
        guard outcome.status.hasPlan, !outcome.columnValues.isEmpty else { return nil }
        outcome.columnValues[valueShort] = 0
        return model.program.isFeasible(outcome.columnValues) ? (outcome, outcome.status == .optimal) : nil
    }

    /// The clusters with an approved estate: those whose return to the plan saves a change.
    private func approvedClusters(_ approvedYear: [Int?]) -> Set<Int> {
        Set(analysis.clusters.indices.filter { analysis.clusters[$0].members.contains { approvedYear[$0] != nil } })
    }

    /// Sets each shortfall column to what its row needs.
    private func withShortfalls(_ values: [Double], model: PlanModel, columns: [Int]) -> [Double] {
        var values = values
        let shortfall = Set(columns)
        for row in model.program.rows {
            guard let column = row.entries.first(where: { shortfall.contains($0.column) })?.column, let lower = row.lower else { continue }
            let activity = row.entries.reduce(0) { $0 + ($1.column == column ? 0 : $1.value * values[$1.column]) }
            values[column] = max(0, lower - activity)
        }
        return values
    }

    /// The estates of `cluster` whose lock (the planner's, or a started estate's) holds it.
    private func lockHolders(_ cluster: Cluster) -> [String] {
        cluster.members.filter { if case .year? = analysis.gates[$0].lock { return true } else { return false } }
            .map { analysis.district.estates[$0].id }
    }

    /// The revised plan, its changes with their reasons, and the totals.
    private func account(
        outcome: PlanOutcome, best: Double?, approvedYear: [Int?], completed: [Int], warnings: [String]? = nil,
        valueFloor: Double = 0, fewestProven: Bool = true
    ) -> Revision {
        let warnings = warnings ?? self.warnings
        let result = PlanResult(analysis: analysis, outcome: outcome)
        let estates = analysis.district.estates
        let w = analysis.wording
        let revisedYear: [Int?] = result.estates.map { $0.year.flatMap { calendar.firstIndex(of: $0) } }
        let hasPlan = outcome.status.hasPlan
        var changes: [Revision.Change] = []
        let entryOf = Dictionary(approved.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Rules the approved plan (without its completed estates and those now kept out) breaks
        // under today's data, by year, with today's locks holding their clusters in their years
        // (a lock is a rule of today's data: its cluster takes that year's money whatever was
        // approved).
        let keptApproved = approvedYear.enumerated().map { e, t in analysis.gates[e].isSchedulable ? t.map { calendar[$0] } : nil }
        var lockedApproved = keptApproved
        /// By horizon year, the locked clusters the locks bring into it (some member not approved
        /// for it), with the estates whose lock holds each.
        var lockedInto: [Int: [(cluster: Cluster, holders: [String])]] = [:]
        for cluster in analysis.clusters {
            guard let locked = cluster.lockedYear, let t = calendar.firstIndex(of: locked),
                cluster.members.contains(where: { keptApproved[$0] != locked })
            else { continue }
            for member in cluster.members { lockedApproved[member] = locked }
            lockedInto[t, default: []].append((cluster, lockHolders(cluster)))
        }
        let kept = PlanDecisions(estateYear: lockedApproved, spaces: [], analysis: analysis)
        let broken = RuleSet(analysis, checking: kept).violations(of: kept)
            .filter { ![RuleName.clusterSplit, .norm, .lock].map(\.rawValue).contains($0.rule) }
        func yearReason(_ t: Int) -> String? {
            let year = calendar[t]
            var parts: [String] = []
            if let old = approved.budgets[year] {
                let now = scenario.budgetYuan(year: t)
                if now < old - 1 {
                    parts.append(w.text("\(year)年预算削减\(w.money(old - now))", "\(year) budget cut by \(yuanMillions(old - now))"))
                }
            }
            let breaks = broken.filter { $0.year == year }.map(\.detail)
            // The estates a lock brings into the year take its money: said where the year is
            // short of it (cut, or a rule broken), naming the locked estate, not the one that leaves.
            if let locked = lockedInto[t], !parts.isEmpty || !breaks.isEmpty {
                let zh = locked.map { "\(w.list($0.holders))（片区\($0.cluster.id)）" }
                let en = locked.map { "\($0.holders.joined(separator: ", ")) (cluster \($0.cluster.id))" }
                parts.append(w.text(
                    "让出\(year)年资金给锁定的\(w.list(zh))",
                    "makes room in \(year) for the locked \(en.joined(separator: ", "))"))
            }
            parts += breaks
            return parts.isEmpty ? nil : w.clauses(parts)
        }
        // Used only with a plan, which the first solve's best value comes with.
        let cause = LeavingCause(
            analysis: analysis, revisedYear: revisedYear, additions: outcome.additions, estateLevels: outcome.estateLevels,
            revisedValue: outcome.objective ?? 0, best: best ?? 0, slack: slack, valueFloor: valueFloor,
            keptTotals: keptTotals(approvedYear), figures: estates.indices.map(totals(of:)), approvedYear: approvedYear,
            fewestProven: fewestProven)
        for e in estates.indices {
            let id = estates[e].id
            if let started = scenario.approvedStates.underWay[id] {
                changes.append(.init(id: id, approvedYear: started, year: nil, kind: .underWay, reason: w.underWay(since: started)))
                continue
            }
            if completed.contains(e) {
                changes.append(.init(id: id, approvedYear: entryOf[id]?.year, year: nil, kind: .completed, reason: w.text("已完成", "completed")))
                continue
            }
            guard hasPlan else { continue }
            let a = approvedYear[e], y = revisedYear[e]
            guard a != y else { continue }
            let kind: Revision.ChangeKind = a == nil ? .added : (y == nil ? .dropped : .moved)
            var reason: String
            let cluster = analysis.clusterOfEstate[e].map { analysis.clusters[$0] }
            let partners = (cluster?.members ?? []).filter { $0 != e }
            if kind != .added, !analysis.gates[e].isSchedulable {
                reason = w.text(analysis.gates[e].blockers.joined(separator: "；"), analysis.gates[e].blockers.joined(separator: "; "))
            } else if let cluster, let locked = cluster.lockedYear, let y, calendar[y] == locked {
                // A lock (the planner's, or a started estate's) holds the whole cluster.
                let holders = lockHolders(cluster)
                reason = holders == [id]
                    ? w.text("锁定于\(locked)年", "locked to \(locked)")
                    : w.text("与片区\(cluster.id)一并锁定于\(locked)年（\(w.list(holders))）", "held in \(locked) with its cluster \(cluster.id) by the lock on \(holders.joined(separator: ", "))")
            } else if let cluster, let y, partners.contains(where: { approvedYear[$0] == y }) {
                let with = partners.filter { approvedYear[$0] == y }.map { estates[$0].id }
                reason = w.text("与片区\(cluster.id)中\(w.list(with))（\(calendar[y])年计划）一并改造", "renovated with its cluster \(cluster.id): \(with.joined(separator: ", ")) approved for \(calendar[y])")
            } else if let a {
                // The approved plan breaks a rule in its year today; else what a plan with it back
                // there would lose.
                reason = yearReason(a) ?? cause.reason(estate: e, approvedYear: a)
            } else if let y {
                let left = estates.indices.filter { approvedYear[$0] == y && revisedYear[$0] != y }.map { estates[$0].id }
                    + absent(approvedFor: y).map(\.id)
                reason = left.isEmpty
                    ? w.text("\(calendar[y])年资金和能力有余", "room in the \(calendar[y]) budget and capacity")
                    : w.text("补充\(calendar[y])年（\(w.list(left))调出）", "fills \(calendar[y]) after \(left.joined(separator: ", ")) left")
            } else {
                continue  // neither approved nor planned: no change (the guard above)
            }
            changes.append(.init(id: id, approvedYear: a.map { calendar[$0] }, year: y.map { calendar[$0] }, kind: kind, reason: reason))
        }
        // Approved estates no longer in today's data leave the plan (a completed one, or one
        // under way since before the horizon, is listed).
        for entry in approved.absent {
            if entry.state == .completed {
                changes.append(.init(id: entry.id, approvedYear: entry.year, year: nil, kind: .completed, reason: w.text("已完成", "completed")))
            } else if entry.isUnderWay(horizonStart: calendar[0]), let started = entry.year {
                changes.append(.init(id: entry.id, approvedYear: started, year: nil, kind: .underWay, reason: w.underWay(since: started)))
            } else if hasPlan {
                changes.append(.init(id: entry.id, approvedYear: entry.year, year: nil, kind: .dropped, reason: Revise.absentReason(w)))
            }
        }
        // The changes that count first, then the estates only listed (completed, under way), each
        // group in estate order: officials read the changes they approve without searching for them.
        changes = changes.filter(\.counted) + changes.filter { !$0.counted }

        // Totals per approved year (completed estates count for the year they were approved for).
        var totals: [Revision.Total] = []
        for (t, year) in calendar.enumerated() {
            let inYear = estates.indices.filter { approvedYear[$0] == t || (completed.contains($0) && entryOf[estates[$0].id]?.year == year) }
            // Estates no longer in the data, as the approved plan had them (completed: both sides).
            let gone = approved.absent.filter { $0.year == year }
            guard !inYear.isEmpty || !gone.isEmpty, hasPlan else { continue }
            let revised = estates.indices.filter { revisedYear[$0] == t || (completed.contains($0) && entryOf[estates[$0].id]?.year == year) }
            for (m, name) in Revise.totalNames.enumerated() {
                let goneApproved = gone.reduce(0) { $0 + self.approvedTotals(ofAbsent: $1)[m] }
                let goneDone = gone.filter { $0.state == .completed }.reduce(0) { $0 + self.approvedTotals(ofAbsent: $1)[m] }
                totals.append(.init(
                    year: year, name: name, approved: inYear.reduce(0) { $0 + self.approvedTotals(of: $1)[m] } + goneApproved,
                    // A completed estate was done as approved: the same figure on both sides.
                    revised: revised.reduce(0) { $0 + (completed.contains($1) ? self.approvedTotals(of: $1) : self.totals(of: $1))[m] } + goneDone))
            }
        }
        let hasBuildings = approved.entries.contains { indexOf[$0.id].map { estates[$0].buildings != nil } ?? false }
        var revision = Revision(
            result: result, approved: approved, changes: changes, totals: totals,
            bestValue: best.map { hasPlan ? max($0, outcome.objective ?? $0) : $0 },
            value: hasPlan ? outcome.objective : nil, slack: slack, warnings: warnings, hasBuildings: hasBuildings)
        revision.fewestProven = fewestProven
        return revision
    }
}

extension LinearProgram {
    /// The same columns and rows with another objective.
    func withObjective(_ objective: [Double], maximize: Bool) -> LinearProgram {
        var program = LinearProgram()
        program.maximize = maximize
        for (column, value) in zip(columns, objective) {
            _ = program.addColumn(column.name, integer: column.isInteger, lower: column.lower, upper: column.upper, objective: value)
        }
        for row in rows { program.addRow(row.name, lower: row.lower, upper: row.upper, row.entries.map { ($0.column, $0.value) }) }
        return program
    }
}
