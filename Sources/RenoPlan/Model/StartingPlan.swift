import Foundation

/// A strong starting plan for the branch-and-cut: the LP relaxation rounded greedily, then
/// improved by local search (insert, swap with the reserve, move between years). GLPK receives it
/// as its first incumbent (`glp_ios_heur_sol`), so the search starts near the optimum and spends
/// its time proving the bound instead of looking for plans.
///
/// Norms are met with a greedy site plan: each planned estate that needs space, in year order,
/// takes it from the cheapest site per unit of access gained. That can cost more than the best
/// site plan, so it only ever makes the starting plan more cautious; the final site plan comes
/// from the exact second-stage LP.
struct StartingPlan {
    let model: PlanModel
    let scenario: Scenario
    let sites: [Site]
    let clusters: [Cluster]
    let years: Int
    /// m² of new space by site, norm and year.
    typealias SitePlan = [FacilityNormRule.SpaceLedger.Key: Double]
    /// Per cluster: indices into `model.requirements`.
    private let requirementsOf: [[Int]]

    init(model: PlanModel, scenario: Scenario, sites: [Site], clusters: [Cluster]) {
        self.model = model
        self.scenario = scenario
        self.sites = sites
        self.clusters = clusters
        years = scenario.horizon.years
        var of = [[Int]](repeating: [], count: clusters.count)
        for (r, requirement) in model.requirements.enumerated() { of[requirement.cluster].append(r) }
        requirementsOf = of
    }

    /// The plan as a column vector for the model, or nil if no feasible plan was found.
    /// - Parameter relaxation: the LP relaxation's column values, which order the greedy start.
    func solve(relaxation: [Double], deadline: Date) -> [Double]? {
        // A city-sized model gets the one-pass greedy: the local search below re-checks the whole
        // plan for every move, which a city's thousands of clusters never finish. So does a model
        // with funding sources: the local search's checks do not allocate money.
        if clusters.count * years > GLPKSolver.largeModelIntegerColumns || model.rules.fundingRule != nil {
            return onePass(relaxation: relaxation)
        }
        var assignment = [Int?](repeating: nil, count: clusters.count)
        for (c, cluster) in clusters.enumerated() {
            if let locked = cluster.lockedYear { assignment[c] = scenario.horizon.calendarYears.firstIndex(of: locked) }
        }
        if !isFeasible(assignment) {
            // The locked clusters alone break a row (an extended cluster alone in its year is
            // above the extended cap until other households join it): the one pass places them
            // and mends the row with others, and the local search goes on from there.
            guard let mended = passAssignment(greedyTries(relaxation: relaxation)) else { return nil }
            assignment = mended
        }

        let free = clusters.indices.filter { clusters[$0].lockedYear == nil }
        let order = greedyOrder(relaxation: relaxation)
        for c in order where Interruption.mayContinue(until: deadline) {
            for t in yearsToTry(c, relaxation: relaxation) where tryAssign(&assignment, c, t) { break }
        }
        improve(&assignment, free: free, deadline: deadline)
        guard let plan = sitePlan(assignment), feasible(assignment, sitePlan: plan) else { return nil }
        return columns(assignment, plan)
    }


    /// One pass over the clusters (most wanted by the LP first, then value per yuan), each put in
    /// the first year — its LP year first — where the rules still hold with the space its norms
    /// need, from the cheapest sites left. Each try costs the cluster's own coefficients
    /// (``RuleActivity``), not the whole plan, so a city of 20,000 estates takes well under a
    /// second. It runs whatever the deadline: a plan at any time limit the LP relaxation fits in.
    /// With funding sources each try must be payable (docs/funding.md, *Large districts*), which
    /// costs more: about 2 CPU-seconds a pass on a city with sources and levels, half of it the
    /// space's coefficients (every estate a site serves), a third the ledger's questions (its
    /// row sums kept as the plan grows, not made again after each addition).
    ///
    /// With optional levels (SPEC §10) a second pass takes each cluster with its levels worth
    /// as much per yuan as its renovation, in the order of what the two together give per yuan,
    /// and the better of the two plans is kept. Neither is better everywhere (docs/solver.md,
    /// *Levels in the greedy fill*): where one budget pays everything, levels worth more per
    /// yuan than the renovations at the margin belong in the plan before those renovations;
    /// where only one source may pay levels and it also pays the works the others may not, the
    /// levels taken early leave renovations unpaid.
    func onePass(relaxation: [Double]) -> [Double]? {
        var passes = [greedyTries(relaxation: relaxation).map(Step.cluster)]
        if !model.levelColumns.isEmpty {
            let worthy = clusters.indices.map(worthyLevels)
            passes.append(greedyTries(relaxation: relaxation, perYuan: bundlePerYuan(worthy)).flatMap { [Step.cluster($0), Step.levels(worthy[$0.cluster])] })
        }
        if let withSpace = valuePerYuanWithSpace() {
            passes.append(greedyTries(relaxation: relaxation, perYuan: withSpace).map(Step.cluster))
        }
        // The passes are independent: on two cores at once (a city with sources and levels:
        // seconds each). The best plan, the first of equals.
        let plans = Concurrent.few(passes.count) { pass(passes[$0]) }
        return plans.compactMap { $0 }.max { model.program.objective(of: $0) < model.program.objective(of: $1) }
    }

    /// Per cluster, where the norms' space is paid from the renovations' money (no funding
    /// sources): its value per yuan of its renovation and of the space its norms would need
    /// were nothing else built (from the cheapest sites within reach, as a pass builds it); 0
    /// where the sites cannot give it. Nil elsewhere.
    ///
    /// Without the relaxation's guidance a pass takes clusters by the value per yuan of their
    /// renovation alone. On a district with few sites for a demanding norm that spends most of
    /// the money on space (the jittered family at 20,000 estates: 69% of the first year's budget
    /// went on 980,000 m² for 122 estates) where clusters that need little space give more.
    private func valuePerYuanWithSpace() -> [Double]? {
        guard let normRule = model.rules.normRule, model.rules.fundingRule == nil else { return nil }
        var ledger = FacilityNormRule.SpaceLedger(sites: sites.count)
        return clusters.indices.map { c in
            defer { ledger.undo() }
            let fill = normRule.spaceNeeded(for: requirementsOf[c], year: 0, ledger: &ledger)
            guard fill.unmet == 0 else { return 0 }
            let space = fill.spaces.reduce(0) { $0 + $1.m2 * sites[$1.site].costPerM2Yuan }
            return clusters[c].value / max(clusters[c].netCostYuan + space, 1)
        }
    }

    /// Per cluster: the value per yuan of its renovation with its `worthy` levels, in the first year.
    private func bundlePerYuan(_ worthy: [[PlanModel.LevelColumn]]) -> [Double] {
        clusters.indices.map { c in
            var value = model.program.columns[model.clusterColumns[c][0]].objective
            var cost = clusters[c].netCostYuan
            for level in worthy[c] where level.year == 0 {
                value += model.program.columns[level.column].objective
                cost += model.rules.analysis.levelCostYuan(level: level.level, estate: level.estate)
            }
            return value / max(cost, 1)
        }
    }

    /// The optional levels of cluster c's members (every year) worth at least as much per yuan
    /// as the cluster's renovation in the same year, most value per yuan first.
    private func worthyLevels(of c: Int) -> [PlanModel.LevelColumn] {
        mostValuePerYuanFirst(model.levelsOfCluster[c].map { model.levelColumns[$0] }.filter { level in
            valuePerYuan(level) >= model.program.columns[model.clusterColumns[c][level.year]].objective / max(clusters[c].netCostYuan, 1)
        })
    }

    /// An optional level's value (discounted to its year) per yuan of its cost.
    private func valuePerYuan(_ level: PlanModel.LevelColumn) -> Double {
        model.program.columns[level.column].objective / max(1, model.rules.analysis.levelCostYuan(level: level.level, estate: level.estate))
    }

    /// `levels`, most value per yuan first (ties by column).
    private func mostValuePerYuanFirst(_ levels: [PlanModel.LevelColumn]) -> [PlanModel.LevelColumn] {
        levels.sorted { (valuePerYuan($1), $0.column) < (valuePerYuan($0), $1.column) }
    }

    /// Every unlocked cluster in the greedy's order, with its years to try; `perYuan` (per
    /// cluster) breaks the LP's ties in place of the renovation's value per yuan.
    func greedyTries(relaxation: [Double], perYuan: [Double]? = nil) -> [Try] {
        greedyOrder(relaxation: relaxation, perYuan: perYuan).map { Try(cluster: $0, years: yearsToTry($0, relaxation: relaxation)) }
    }

    /// A cluster and the years to try it in, in order.
    struct Try {
        var cluster: Int
        var years: [Int]
    }

    /// One step of a pass.
    enum Step {
        /// A cluster, in the first of its years where it fits.
        case cluster(Try)
        /// Optional levels (SPEC §10), each where its estate is planned in its year and it fits
        /// (`revise`: the approved content, before others' clusters and levels take the money).
        case levels([PlanModel.LevelColumn])
    }

    /// One pass: the locked clusters in their years, then `spaces` (a norm's space on a site, in
    /// a year: `revise`'s approved sites), each where the rules, the site's area and the sources
    /// allow it; then `steps`: each cluster put in the first of its years where the rules still
    /// hold with the space its norms need, from the cheapest sites left (a cluster already placed
    /// is skipped), and the levels given; last, the other optional levels of the planned
    /// estates, most value per yuan first. A locked cluster is placed even where it breaks a row
    /// alone, as the model fixes its columns: an extended cluster alone in its year is above the
    /// extended cap until other households join it, and a try that brings a broken row closer
    /// to its bound is taken. With funding sources a try must also be payable
    /// (``FundingRule/take(_:spaces:levels:into:)``), and the plan's money is allocated at the
    /// end as `allocate` would. nil if a locked cluster cannot have the space its norms need or
    /// its money, or if a row is still broken at the end.
    func pass(_ steps: [Step], spaces: [PlanDecisions.Space] = []) -> [Double]? {
        guard let plan = passPlan(steps, spaces: spaces) else { return nil }
        var values = columns(plan.assignment, plan.added)
        for column in plan.levels { values[column] = 1 }
        if let funding = model.rules.fundingRule, let money = plan.money {
            guard let allocation = funding.allocationValues(money) else { return nil }
            for (j, value) in allocation { values[model.auxiliaryColumns.lowerBound + fundingColumnsOffset + j] = value }
        }
        return values
    }

    /// Where the funding rule's allocation columns start among the model's auxiliary columns.
    private var fundingColumnsOffset: Int {
        model.rules.rules.prefix { !($0 is FundingRule) }.reduce(0) { $0 + $1.auxiliaryColumns.count }
    }

    /// ``pass(_:spaces:)``'s clusters by year, without its site plan.
    private func passAssignment(_ tries: [Try]) -> [Int?]? { passPlan(tries.map(Step.cluster))?.assignment }

    private func passPlan(
        _ steps: [Step], spaces: [PlanDecisions.Space] = []
    ) -> (assignment: [Int?], added: SitePlan, money: FundingRule.Ledger?, levels: [Int])? {
        let rules = model.rules
        let funding = rules.fundingRule
        var activity = RuleActivity(rules)
        var ledger = FacilityNormRule.SpaceLedger(sites: sites.count)
        var money = funding?.emptyLedger
        var assignment = [Int?](repeating: nil, count: clusters.count)
        /// Adds cluster c in year t if the rules allow it (with the space it needs), else nothing;
        /// `locked`, whatever the rows say.
        func tryAdd(_ c: Int, _ t: Int, locked: Bool = false) -> Bool {
            let renovation = Renovation(cluster: c, members: clusters[c].members, year: t)
            let (entries, spaces, unmet) = rules.coefficientsWithSpace(of: renovation, requirements: requirementsOf[c], ledger: &ledger)
            guard unmet == 0, locked || activity.allowsMending(entries) else {
                ledger.undo()
                return false
            }
            let added = PlanDecisions.spaces(spaces, year: t, scenario: scenario)
            if let funding {
                if locked {
                    funding.enter([renovation], spaces: added, into: &money!)
                } else if !funding.take([renovation], spaces: added, into: &money!) {
                    ledger.undo()
                    return false
                }
            }
            activity.add(entries)
            ledger.keep()
            assignment[c] = t
            return true
        }
        for (c, cluster) in clusters.enumerated() {
            guard let locked = cluster.lockedYear, let t = scenario.horizon.calendarYears.firstIndex(of: locked) else { continue }
            if !tryAdd(c, t, locked: true) { return nil }
        }
        // Locked clusters the sources cannot pay leave no plan to find.
        if let funding, money!.allocation == nil {
            guard let allocation = funding.allocationValues(money!) else { return nil }
            money!.allocation = allocation
        }
        for space in spaces {
            guard let norm = space.norm, ledger.used[space.site] + space.m2 <= sites[space.site].areaM2 + 1e-9 else { continue }
            let entries = rules.coefficients(of: space)
            guard activity.allows(entries) else { continue }
            if let funding, !funding.take([], spaces: [space], into: &money!) { continue }
            activity.add(entries)
            ledger.add(site: space.site, norm: norm, year: space.year, m2: space.m2)
            ledger.keep()
        }
        var (levels, taken) = ([Int](), Set<Int>())
        /// Adds the optional level if the rules and the sources still allow it, else nothing.
        func tryLevel(_ level: PlanModel.LevelColumn) {
            let entries = rules.coefficients(ofLevel: level.level, estate: level.estate, year: level.year)
            guard !taken.contains(level.column), activity.allows(entries) else { return }
            if let funding {
                let work = PlanDecisions.LevelWork(estate: level.estate, level: level.level, year: level.year)
                guard funding.take([], levels: [work], into: &money!) else { return }
            }
            activity.add(entries)
            levels.append(level.column)
            taken.insert(level.column)
        }
        let analysis = rules.analysis
        func isOffered(_ level: PlanModel.LevelColumn) -> Bool {
            analysis.clusterOfEstate[level.estate].map { assignment[$0] == level.year } ?? false
        }
        for step in steps where !Interruption.isRequested {
            switch step {
            case .cluster(let attempt) where assignment[attempt.cluster] == nil:
                for t in attempt.years where tryAdd(attempt.cluster, t) { break }
            case .cluster: continue
            case .levels(let given):
                for level in given where isOffered(level) { tryLevel(level) }
            }
        }
        // SPEC §10: the optional levels of the planned estates, most value per yuan first, where
        // the rules and the sources still allow them (with levels, much of a plan's value).
        for level in mostValuePerYuanFirst(model.levelColumns.filter(isOffered)) where !Interruption.isRequested { tryLevel(level) }
        guard activity.isWithinBounds else { return nil }
        return (assignment, ledger.added, money, levels)
    }

    /// The unlocked clusters as the greedy tries them: most wanted by the LP relaxation first
    /// (Σ of its year columns), then most value per yuan.
    private func greedyOrder(relaxation: [Double], perYuan: [Double]? = nil) -> [Int] {
        let free = clusters.indices.filter { clusters[$0].lockedYear == nil }
        let weight = free.map { c in model.clusterColumns[c].reduce(0) { $0 + relaxation[$1] } }
        let ratio = perYuan ?? clusters.map(\.valuePerYuan)
        return zip(free, weight).sorted { a, b in
            if abs(a.1 - b.1) > 1e-6 { return a.1 > b.1 }
            return ratio[a.0] > ratio[b.0]
        }.map(\.0)
    }

    /// The years to try a cluster in: the one the LP puts most of it in first, then each in turn.
    private func yearsToTry(_ c: Int, relaxation: [Double]) -> [Int] {
        let columns = model.clusterColumns[c]
        let preferred = columns.indices.max { relaxation[columns[$0]] < relaxation[columns[$1]] }!
        return [preferred] + Array(0..<years)
    }

    private func value(_ c: Int, _ t: Int) -> Double { pow(scenario.discount, Double(t)) * clusters[c].value }

    private func tryAssign(_ assignment: inout [Int?], _ c: Int, _ t: Int) -> Bool {
        let previous = assignment[c]
        assignment[c] = t
        if isFeasible(assignment) { return true }
        assignment[c] = previous
        return false
    }

    private func isFeasible(_ assignment: [Int?]) -> Bool {
        guard let plan = sitePlan(assignment) else { return false }
        return feasible(assignment, sitePlan: plan)
    }

    /// Local search until no move improves or the deadline passes.
    private func improve(_ assignment: inout [Int?], free: [Int], deadline: Date) {
        var improved = true
        while improved && Interruption.mayContinue(until: deadline) {
            improved = false
            // Move a planned cluster to an earlier year (worth more after discounting).
            for c in free where Interruption.mayContinue(until: deadline) {
                guard let t = assignment[c], t > 0 else { continue }
                for u in 0..<t where tryAssign(&assignment, c, u) {
                    improved = true
                    break
                }
            }
            // Insert a reserve cluster, or swap it for a planned one of lower value in that year
            // and then find the displaced cluster another year.
            let reserve = free.filter { assignment[$0] == nil }.sorted { clusters[$0].value > clusters[$1].value }
            for r in reserve where Interruption.mayContinue(until: deadline) {
                if (0..<years).contains(where: { tryAssign(&assignment, r, $0) }) {
                    improved = true
                    continue
                }
                var best: (gain: Double, out: Int, year: Int, then: Int?)?
                for p in free where Interruption.mayContinue(until: deadline) {
                    guard let t = assignment[p], clusters[p].value < clusters[r].value else { continue }
                    var trial = assignment
                    trial[p] = nil
                    trial[r] = t
                    guard isFeasible(trial) else { continue }
                    var gain = value(r, t) - value(p, t)
                    var then: Int?
                    for u in 0..<years {
                        var again = trial
                        again[p] = u
                        if isFeasible(again) {
                            gain += value(p, u)
                            then = u
                            break
                        }
                    }
                    if gain > 1e-9, best == nil || gain > best!.gain { best = (gain, p, t, then) }
                }
                if let best {
                    assignment[best.out] = best.then
                    assignment[r] = best.year
                    improved = true
                }
            }
            // Exchange two planned clusters between years when the more valuable one gains the
            // earlier year.
            for a in free where Interruption.mayContinue(until: deadline) {
                guard let t = assignment[a] else { continue }
                for b in free where b != a && Interruption.mayContinue(until: deadline) {
                    guard let u = assignment[b], u < t, clusters[a].value > clusters[b].value else { continue }
                    var trial = assignment
                    trial[a] = u
                    trial[b] = t
                    if isFeasible(trial) {
                        assignment = trial
                        improved = true
                        break
                    }
                }
            }
        }
    }

    /// m² per (site, norm, year) that meets every planned estate's norm in its own year, or nil:
    /// the norm rule's greedy fill, requirement by requirement in year order.
    private func sitePlan(_ assignment: [Int?]) -> SitePlan? {
        guard let normRule = model.rules.normRule else { return [:] }
        var ledger = FacilityNormRule.SpaceLedger(sites: sites.count)
        var planned: [(year: Int, requirement: Int)] = []
        for (c, year) in assignment.enumerated() {
            guard let year else { continue }
            for r in requirementsOf[c] { planned.append((year, r)) }
        }
        planned.sort { ($0.year, $0.requirement) < ($1.year, $1.requirement) }
        for (year, r) in planned where normRule.spaceNeeded(for: [r], year: year, ledger: &ledger).unmet > 0 {
            return nil
        }
        return ledger.added
    }

    /// Every rule row of the model, with the one tolerance (``RuleRow``).
    private func feasible(_ assignment: [Int?], sitePlan: SitePlan) -> Bool {
        model.program.violations(of: columns(assignment, sitePlan)).isEmpty
    }

    private func columns(_ assignment: [Int?], _ sitePlan: SitePlan) -> [Double] {
        var values = [Double](repeating: 0, count: model.program.columns.count)
        for (c, year) in assignment.enumerated() {
            if let year { values[model.clusterColumns[c][year]] = 1 }
        }
        for z in model.siteColumns { values[z.column] = sitePlan[.init(site: z.site, norm: z.norm, year: z.year)] ?? 0 }
        return values
    }
}
