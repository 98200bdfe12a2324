import Foundation

extension RuleName {
    /// SPEC §7.6: facility norms (e.g. 0.1 m² elderly care per person) met in the renovation year.
    public static let norm = RuleName("norm")
}

/// SPEC §3, §7.6: an estate short of an attainable norm meets it in its renovation year:
/// A_e + Σ_{s, t' ≤ t} z_s,k,t' / D_s ≥ norm when x_c,t = 1. Written, for every year t, as
///
///     Σ_{s, u ≤ t} z_s,k,u / D_s − (norm − A_e) Σ_{t' ≤ t} x_c,t' ≥ 0
///
/// rather than the SPEC's Σ z / D_s − norm x_c,t ≥ −A_e. Both admit the same integer plans (a
/// cluster is renovated in one year at most, and space once built stays, so an estate renovated
/// by year t has its space by year t), but the LP relaxation of the SPEC's form is weak in two
/// ways: a fractional x below A_e / norm needs no space at all, and a cluster spread over several
/// years in fractions needs only the largest fraction of the space. This form closes both, so the
/// bound the solver reports is tighter (docs/solver.md, *The bound*).
struct FacilityNormRule: PlanRule {
    /// An estate (in a cluster) short of an attainable norm: the model enforces it.
    struct Requirement: Sendable {
        var estate: Int
        var norm: Int
        var cluster: Int
    }

    static let name = RuleName.norm
    var title: String { analysis.wording.text("配建指标", "the facility norms") }
    let analysis: Analysis
    let requirements: [Requirement]
    let rows: [RuleRow]
    private let years: Int
    /// Requirement indices of each estate.
    private let requirementsOfEstate: [Int: [Int]]
    /// Per norm and site: (requirement, m²/person per m²) for the requirements the site can serve.
    private let servedBy: [[Int: [(requirement: Int, perM2: Double)]]]

    init(_ analysis: Analysis) {
        self.analysis = analysis
        let scenario = analysis.scenario
        let coverage = analysis.coverage
        years = scenario.horizon.years
        var requirements: [Requirement] = []
        for (k, norm) in scenario.norms.enumerated() {
            for e in analysis.district.estates.indices {
                guard let c = analysis.clusterOfEstate[e], coverage.normNeedsSites(norm: k, estate: e, target: norm.m2PerPerson) else { continue }
                requirements.append(Requirement(estate: e, norm: k, cluster: c))
            }
        }
        self.requirements = requirements
        var rows: [RuleRow] = []
        var ofEstate: [Int: [Int]] = [:]
        var servedBy = [[Int: [(requirement: Int, perM2: Double)]]](repeating: [:], count: scenario.norms.count)
        for (r, requirement) in requirements.enumerated() {
            ofEstate[requirement.estate, default: []].append(r)
            for option in coverage.siteOptions[requirement.norm][requirement.estate] {
                servedBy[requirement.norm][option.site, default: []].append((r, option.perM2))
            }
            for t in 0..<years {
                rows.append(RuleRow(
                    key: RowKey(rule: Self.name, year: t, estate: requirement.estate, norm: requirement.norm),
                    lower: 0, upper: nil))
            }
        }
        self.rows = rows
        requirementsOfEstate = ofEstate
        self.servedBy = servedBy
    }

    private func row(_ requirement: Int, year t: Int) -> Int { requirement * years + t }

    /// m²/person the requirement's estate lacks before any space is built: norm − A_e.
    private func shortfall(_ r: Int) -> Double {
        let requirement = requirements[r]
        return analysis.scenario.norms[requirement.norm].m2PerPerson - analysis.coverage.access[requirement.norm][requirement.estate]
    }

    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        renovation.members.flatMap { e in
            (requirementsOfEstate[e] ?? []).flatMap { r in
                (renovation.year..<years).map { t in (row(r, year: t), -shortfall(r)) }
            }
        }
    }

    /// Space built in year u counts for every later year's row.
    func coefficients(ofSite site: Int, norm: Int?, year u: Int) -> [(row: Int, value: Double)] {
        guard let norm, let served = servedBy[norm][site] else { return [] }
        // One array, not one per estate served (hundreds per site on a city; every try of the
        // greedy fill and of the reasons that builds space asks for them).
        var result: [(row: Int, value: Double)] = []
        result.reserveCapacity(served.count * (years - u))
        for (requirement, perM2) in served {
            for t in u..<years { result.append((row(requirement, year: t), perM2)) }
        }
        return result
    }

    /// The row is violated only in or after the estate's renovation year (Σ x = 1), where the
    /// activity is A_e + space − norm: what the estate reaches is activity + norm.
    func shortfall(row: Int, activity: Double) -> Violation.NormShortfall? {
        let requirement = requirements[row / years]
        let norm = analysis.scenario.norms[requirement.norm]
        return Violation.NormShortfall(
            kind: norm.kind, reached: activity + norm.m2PerPerson, required: norm.m2PerPerson,
            attainable: analysis.coverage.attainable[requirement.norm][requirement.estate])
    }

    func describe(row: Int, activity: Double) -> String {
        let requirement = requirements[row / years]
        let year = analysis.scenario.horizon.calendarYears[row % years]
        let norm = analysis.scenario.norms[requirement.norm]
        let figures = shortfall(row: row, activity: activity)!
        let (reached, attainable) = (figures.reached, figures.attainable)
        let estate = analysis.district.estates[requirement.estate].id
        let w = analysis.wording
        return w.text(
            "小区\(estate)：\(year)年\(w.kind(norm.kind))人均\(fmt(reached, below: norm.m2PerPerson))平方米，低于标准\(fmt(norm.m2PerPerson))平方米（最多可达\(fmt(attainable, below: norm.m2PerPerson))）",
            "estate \(estate): \(norm.kind) \(fmt(reached, below: norm.m2PerPerson)) < \(fmt(norm.m2PerPerson)) m²/person in \(year) (attainable: up to \(fmt(attainable, below: norm.m2PerPerson)))")
    }

    func subject(of row: Int) -> String? { analysis.district.estates[requirements[row / years].estate].id }
}

extension FacilityNormRule {
    /// Space already added, for ``spaceNeeded(for:year:ledger:)``: m² by site, norm and year,
    /// and m² used per site.
    struct SpaceLedger {
        /// A site's space for a norm in a year (a key, not an array: looked up for every option
        /// of every try of the greedy fill).
        struct Key: Hashable {
            var site: Int
            var norm: Int
            var year: Int
        }

        var added: [Key: Double] = [:]
        var used: [Double]
        /// What each ``add(site:norm:year:m2:)`` since the last ``keep()`` replaced, oldest first,
        /// so that ``undo()`` puts the ledger back exactly, without a copy of it per try.
        private var replaced: [(key: Key, added: Double?, used: Double)] = []

        init(sites: Int) { used = [Double](repeating: 0, count: sites) }

        init(_ additions: [SiteAddition], sites: Int, calendar: [Int]) {
            self.init(sites: sites)
            for a in additions {
                guard let t = calendar.firstIndex(of: a.year) else { continue }
                add(site: a.site, norm: a.norm, year: t, m2: a.m2)
            }
            keep()
        }

        mutating func add(site: Int, norm: Int, year: Int, m2: Double) {
            let key = Key(site: site, norm: norm, year: year)
            replaced.append((key, added[key], used[site]))
            added[key, default: 0] += m2
            used[site] += m2
        }

        /// The additions so far stay: a later ``undo()`` goes back to here.
        mutating func keep() { replaced.removeAll(keepingCapacity: true) }

        /// Takes back every addition since the last ``keep()``.
        mutating func undo() {
            for change in replaced.reversed() {
                added[change.key] = change.added
                used[change.key.site] = change.used
            }
            replaced.removeAll(keepingCapacity: true)
        }
    }

    /// The space the requirements in `requirementIndices` still need in year `t`, given what is
    /// already built, taken from the cheapest site per unit of access gained (the greedy site
    /// plan of the starting plan and of the reasons); `unmet` is m²/person no site can give.
    func spaceNeeded(
        for requirementIndices: [Int], year t: Int, ledger: inout SpaceLedger
    ) -> (spaces: [(site: Int, norm: Int, m2: Double)], unmet: Double) {
        let sites = analysis.district.sites
        let coverage = analysis.coverage
        var spaces: [(site: Int, norm: Int, m2: Double)] = []
        var unmet = 0.0
        for r in requirementIndices {
            let requirement = requirements[r]
            let k = requirement.norm
            let options = coverage.siteOptions[k][requirement.estate]
            var need = analysis.scenario.norms[k].m2PerPerson - coverage.access[k][requirement.estate]
            for option in options {
                for u in 0...t { need -= option.perM2 * (ledger.added[SpaceLedger.Key(site: option.site, norm: k, year: u)] ?? 0) }
            }
            var candidates = options.filter { ledger.used[$0.site] < sites[$0.site].areaM2 - 1e-9 }
            candidates.sort { sites[$0.site].costPerM2Yuan / $0.perM2 < sites[$1.site].costPerM2Yuan / $1.perM2 }
            for option in candidates where need > 1e-12 {
                let amount = min(sites[option.site].areaM2 - ledger.used[option.site], need / option.perM2)
                ledger.add(site: option.site, norm: k, year: t, m2: amount)
                spaces.append((option.site, k, amount))
                need -= amount * option.perM2
            }
            if need > 1e-9 { unmet = max(unmet, need) }
        }
        return (spaces, unmet)
    }

    /// Requirement indices of a cluster's members.
    func requirements(ofMembers members: [Int]) -> [Int] {
        members.flatMap { requirementsOfEstate[$0] ?? [] }
    }
}
