import Foundation

/// A plan read for people and files: each estate's status, year and reasons, and per-year totals.
public struct PlanResult {
    public struct EstateLine {
        public var status: EstateStatus
        public var year: Int?
        public var netCostYuan: Double
        /// Per norm: access after all the plan's new space.
        public var accessAfter: [Double]
        /// Per norm: access in the estate's renovation year (new space of that year and before).
        public var accessInYear: [Double?]
        /// Per coverage rule: covered after the plan (facilities or new space in reach).
        public var coveredAfter: [Bool]
        /// Per norm: enforced by the model for this estate.
        public var normEnforced: [Bool]
        public var reasons: [String]
        /// What keeps it out of the plan, as a kind the reports count (reserve and ineligible
        /// estates; nil for the others).
        var waiting: WaitingReason?
        /// SPEC §10: the content done (`basic` and the optional levels chosen), empty unless planned.
        public var levels: [String] = []
        /// SPEC §10: public cost of each content level done.
        public var costByLevel: [(level: String, yuan: Double)] = []
        /// SPEC §11: money by source (scenario order), nil without funding sources.
        public var funding: [Double]?
    }

    public struct YearLine: Sendable {
        public var year: Int
        public var estates: Int
        public var clusters: Int
        public var households: Int
        public var extendedHouseholds: Int
        public var renovationYuan: Double
        public var siteYuan: Double
        public var siteM2: Double
        public var budgetYuan: Double
        /// With carry-over: this year's budget plus what earlier years left; else the budget.
        public var availableYuan: Double
        /// Σ discount^(t−1) V_c of the year's clusters.
        public var value: Double
        /// SPEC §10: per optional level, estates doing it and its public cost.
        public var levels: [(level: String, estates: Int, yuan: Double)] = []
        /// SPEC §11: per source, spent and available (with that source's carry-over).
        public var funding: [(source: String, spentYuan: Double, availableYuan: Double)] = []
        public var spendYuan: Double { renovationYuan + siteYuan }
    }

    public let analysis: Analysis
    public let outcome: PlanOutcome
    public private(set) var estates: [EstateLine]
    public let years: [YearLine]

    public var scenario: Scenario { analysis.scenario }

    /// Share of households covered per coverage rule, before and after the plan.
    public var coverageShares: [(kind: String, before: Double, after: Double)] {
        let all = analysis.district.estates
        let total = Double(all.reduce(0) { $0 + $1.households })
        return scenario.coverage.enumerated().map { r, rule in
            var before = 0.0, after = 0.0
            for (e, estate) in all.enumerated() {
                if analysis.coverage.covered[e][r] { before += Double(estate.households) }
                if estates[e].coveredAfter[r] { after += Double(estate.households) }
            }
            return (rule.kind, total > 0 ? before / total : 0, total > 0 ? after / total : 0)
        }
    }

    /// Estate e's status as people read it (plan.xlsx, the map's tooltips): its works under way
    /// when the approved plan says `started`.
    /// An estate's name as the reports' year tables give it: marked `（在建）`/` (started)` when
    /// its works are under way in its year (`revise`), so the paper copy says so.
    public func shownName(of e: Int, _ w: Wording) -> String {
        let estate = analysis.district.estates[e]
        let started = scenario.approvedStates.started[estate.id] != nil
        return (estate.name ?? "") + (started ? w.text("（在建）", " (started)") : "")
    }

    public func shownStatus(of e: Int, _ w: Wording) -> String {
        w.status(estates[e].status, started: scenario.approvedStates.started[analysis.district.estates[e].id] != nil)
    }

    public func count(_ status: EstateStatus) -> Int { estates.filter { $0.status == status }.count }

    /// The estates (district indices) of `status` in the order the reports and plan.xlsx list
    /// them: the reserve by score, highest first; any other status by id. Ties by id.
    public func estates(_ status: EstateStatus) -> [Int] {
        let district = analysis.district
        let chosen = estates.indices.filter { estates[$0].status == status }
        guard status == .reserve else { return chosen.sorted { district.estates[$0].id < district.estates[$1].id } }
        let scores = analysis.scores
        return chosen.sorted { (-scores[$0].score, district.estates[$0].id) < (-scores[$1].score, district.estates[$1].id) }
    }

    /// Wall-clock seconds this value took to make (statuses, totals, every estate's reasons):
    /// part of the console's 写出 (write) stage, which ``PlanWriter/write(_:to:)`` records.
    private(set) var secondsToMake: Double

    public init(analysis: Analysis, outcome: PlanOutcome) {
        let started = Date()
        self.analysis = analysis
        self.outcome = outcome
        let scenario = analysis.scenario
        let district = analysis.district
        let coverage = analysis.coverage
        let calendar = scenario.horizon.calendarYears

        // Access per norm after all additions, and per year for the renovation-year check.
        let siteGainByYear = Self.siteGains(outcome.additions, norms: scenario.norms.count, sites: district.sites.count, years: calendar)
        // Estates a coverage kind reaches through new space built on a site.
        let newlyCovered: [Set<Int>] = scenario.coverage.enumerated().map { r, rule in
            Set(outcome.additions.filter { $0.kind == rule.kind }.flatMap { coverage.siteCoverage[r][$0.site] })
        }
        var lines: [EstateLine] = []
        for e in district.estates.indices {
            let cluster = analysis.clusterOfEstate[e]
            let year = cluster.flatMap { outcome.clusterYear[$0] }
            var accessAfter: [Double] = []
            var accessInYear: [Double?] = []
            var enforced: [Bool] = []
            for (k, norm) in scenario.norms.enumerated() {
                var after = coverage.access[k][e]
                var inYear = coverage.access[k][e]
                for option in coverage.siteOptions[k][e] {
                    let gains = siteGainByYear[k][option.site]
                    after += option.perM2 * (gains.last ?? 0)
                    if let year, let t = calendar.firstIndex(of: year) { inYear += option.perM2 * gains[t] }
                }
                accessAfter.append(after)
                accessInYear.append(year == nil ? nil : inYear)
                enforced.append(cluster != nil && coverage.normNeedsSites(norm: k, estate: e, target: norm.m2PerPerson))
            }
            let coveredAfter = scenario.coverage.indices.map { r in coverage.covered[e][r] || newlyCovered[r].contains(e) }
            // SPEC §10: basic and the chosen levels, each at its public cost.
            var costByLevel: [(level: String, yuan: Double)] = []
            if year != nil, !scenario.levels.isEmpty {
                costByLevel.append(("basic", analysis.netCostYuan(estate: e)))
                for l in outcome.estateLevels.indices.contains(e) ? outcome.estateLevels[e] : [] {
                    costByLevel.append((scenario.levels[l].name, analysis.levelCostYuan(level: l, estate: e)))
                }
            }
            let status: EstateStatus
            switch (analysis.gates[e].estateClass, year) {
            case _ where analysis.gates[e].isCompleted: status = .completed
            case _ where analysis.gates[e].isUnderWay: status = .underWay
            case (.ineligible, nil): status = .ineligible
            case (_, let y?) where y == calendar[0]: status = .implement
            case (_, .some): status = .prepare
            case (_, nil): status = .reserve
            }
            lines.append(EstateLine(
                status: status, year: year,
                netCostYuan: analysis.netCostYuan(estate: e) + costByLevel.dropFirst().reduce(0) { $0 + $1.yuan },
                accessAfter: accessAfter, accessInYear: accessInYear, coveredAfter: coveredAfter,
                normEnforced: enforced, reasons: []))
            lines[e].levels = year == nil ? [] : (scenario.levels.isEmpty ? [] : costByLevel.map(\.level))
            lines[e].costByLevel = costByLevel
            lines[e].funding = year == nil ? nil : outcome.funding?.estates[e]
        }

        // Per-year totals.
        var yearLines: [YearLine] = []
        var carried = 0.0
        for (t, year) in calendar.enumerated() {
            let planned = analysis.clusters.indices.filter { outcome.clusterYear[$0] == year }
            let added = outcome.additions.filter { $0.year == year }
            let budget = scenario.budgetYuan(year: t)
            let available = scenario.budget.carryOver ? budget + carried : budget
            var line = YearLine(
                year: year, estates: planned.reduce(0) { $0 + analysis.clusters[$1].members.count },
                clusters: planned.count, households: planned.reduce(0) { $0 + analysis.clusters[$1].households },
                extendedHouseholds: planned.reduce(0) { $0 + analysis.clusters[$1].extendedHouseholds },
                renovationYuan: planned.reduce(0) { $0 + analysis.clusters[$1].netCostYuan },
                siteYuan: added.reduce(0) { $0 + $1.costYuan }, siteM2: added.reduce(0) { $0 + $1.m2 },
                budgetYuan: budget, availableYuan: available,
                value: planned.reduce(0) { $0 + pow(scenario.discount, Double(t)) * analysis.clusters[$1].value })
            line.availableYuan = available
            carried = scenario.budget.carryOver ? max(0, available - line.spendYuan) : 0
            // SPEC §10: the optional levels done this year, their cost and value.
            for (l, level) in scenario.levels.enumerated() {
                let doing = lines.indices.filter { lines[$0].year == year && outcome.estateLevels.indices.contains($0) && outcome.estateLevels[$0].contains(l) }
                let cost = doing.reduce(0) { $0 + analysis.levelCostYuan(level: l, estate: $1) }
                line.levels.append((level.name, doing.count, cost))
                line.renovationYuan += cost
                line.value += doing.reduce(0) { $0 + analysis.discountedValue(level: l, estate: $1, year: t) }
            }
            yearLines.append(line)
        }
        // SPEC §11: each source's spending and what it had (its own carry-over).
        if let sources = scenario.funding, let allocation = outcome.funding {
            for (s, source) in sources.enumerated() {
                var left = 0.0
                for t in calendar.indices {
                    let available = source.annualYuan[t] + (source.carryOver ? left : 0)
                    let spent = allocation.spent[s][t]
                    yearLines[t].funding.append((source.name, spent, available))
                    left = max(0, available - spent)
                }
            }
            for t in calendar.indices {
                yearLines[t].availableYuan = yearLines[t].funding.reduce(0) { $0 + $1.availableYuan }
            }
        }
        years = yearLines
        estates = lines
        secondsToMake = 0
        estates = Reasons.explain(self)
        secondsToMake = Date().timeIntervalSince(started)
    }

    /// SPEC §10: a year's renovation by content level — `basic` (every estate planned that year,
    /// its basic works' public cost) and then each optional level — whose costs add up to the
    /// year's `renovationYuan`. Empty without levels.
    public func content(of year: YearLine) -> [(level: String, estates: Int, yuan: Double)] {
        guard !scenario.levels.isEmpty else { return [] }
        let planned = estates.filter { $0.year == year.year }
        let basic = planned.reduce(0) { $0 + ($1.costByLevel.first { $0.level == "basic" }?.yuan ?? 0) }
        return [(level: "basic", estates: planned.count, yuan: basic)] + year.levels
    }

    /// gains[k][s][t]: m² of norm kind k added at site s in years up to and including t.
    private static func siteGains(_ additions: [SiteAddition], norms: Int, sites: Int, years: [Int]) -> [[[Double]]] {
        var gains = Array(repeating: Array(repeating: Array(repeating: 0.0, count: years.count), count: sites), count: norms)
        for addition in additions {
            guard let start = years.firstIndex(of: addition.year) else { continue }
            for t in start..<years.count { gains[addition.norm][addition.site][t] += addition.m2 }
        }
        return gains
    }
}
