import Foundation

/// The plan integer programme of SPEC §7, as sparse rows, with the map from variables back to
/// clusters, sites and years.
struct PlanModel {
    /// One site-kind-year variable z_s,k,t.
    struct SiteColumn {
        var site: Int
        var norm: Int
        var year: Int
        var column: Int
    }

    /// One norm row: estate e's access to norm kind k must reach the norm if renovated in year t.
    struct NormRequirement {
        var estate: Int
        var norm: Int
        var cluster: Int
    }

    var program = LinearProgram()
    /// x_c,t column per cluster and horizon year index.
    var clusterColumns: [[Int]] = []
    var siteColumns: [SiteColumn] = []
    /// Estates whose norm the model enforces (attainable and currently short).
    var requirements: [NormRequirement] = []
    /// The requirement behind each norm row, by row name.
    var normRows: [String: NormRequirement] = [:]
    /// Per cluster and year: the z columns of the sites that can serve its requirements.
    var siteColumnsOfCluster: [[[Int]]] = []

    /// Builds SPEC §7 rows 1–6 for the clusters.
    init(scenario: Scenario, sites: [Site], coverage: Coverage, clusters: [Cluster]) {
        let years = scenario.horizon.years
        let calendar = scenario.horizon.calendarYears
        program.maximize = true

        // Variables x_c,t with objective discount^(t−1) × V_c; locks fix them (§7.1).
        for cluster in clusters {
            var columns: [Int] = []
            for t in 0..<years {
                let weight = pow(scenario.discount, Double(t)) * cluster.value
                var lower = 0.0, upper = 1.0
                if let locked = cluster.lockedYear {
                    lower = locked == calendar[t] ? 1 : 0
                    upper = lower
                }
                columns.append(program.addColumn("x_\(cluster.id)_\(calendar[t])", integer: true, lower: lower, upper: upper, objective: weight))
            }
            clusterColumns.append(columns)
            program.addRow("once_\(cluster.id)", upper: 1, columns.map { ($0, 1.0) })
        }

        // Norm requirements: estates short of an attainable norm (SPEC §3, §7.6).
        var clusterOf: [Int: Int] = [:]
        for (c, cluster) in clusters.enumerated() { for e in cluster.members { clusterOf[e] = c } }
        for (k, norm) in scenario.norms.enumerated() {
            for (e, c) in clusterOf.sorted(by: { $0.key < $1.key })
            where coverage.normNeedsSites(norm: k, estate: e, target: norm.m2PerPerson) {
                requirements.append(NormRequirement(estate: e, norm: k, cluster: c))
            }
        }

        // Variables z_s,k,t for sites that can help some requirement (§7.5: only kinds they may host).
        var useful = Set<[Int]>()
        for requirement in requirements {
            for option in coverage.siteOptions[requirement.norm][requirement.estate] {
                useful.insert([option.site, requirement.norm])
            }
        }
        var siteColumnIndex: [[Int]: Int] = [:]
        for pair in useful.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let (s, k) = (pair[0], pair[1])
            for t in 0..<years {
                let column = program.addColumn(
                    "z_\(sites[s].id)_\(scenario.norms[k].kind)_\(calendar[t])", integer: false, lower: 0,
                    upper: sites[s].areaM2, objective: 0)
                siteColumns.append(SiteColumn(site: s, norm: k, year: t, column: column))
                siteColumnIndex[[s, k, t]] = column
            }
        }

        var sitesOfCluster = [Set<Int>](repeating: [], count: clusters.count)
        for requirement in requirements {
            for option in coverage.siteOptions[requirement.norm][requirement.estate] {
                sitesOfCluster[requirement.cluster].insert(option.site)
            }
        }
        var columnsOfSite: [Int: [[Int]]] = [:]  // site → z columns per year
        for z in siteColumns {
            columnsOfSite[z.site, default: Array(repeating: [], count: years)][z.year].append(z.column)
        }
        siteColumnsOfCluster = sitesOfCluster.map { sites in
            (0..<years).map { t in sites.sorted().flatMap { columnsOfSite[$0]?[t] ?? [] } }
        }

        // §7.2 budget, per year or cumulative with carry-over.
        for t in 0..<years {
            let span = scenario.budget.carryOver ? Array(0...t) : [t]
            var entries: [(Int, Double)] = []
            for (c, cluster) in clusters.enumerated() {
                for u in span { entries.append((clusterColumns[c][u], cluster.netCostYuan)) }
            }
            for z in siteColumns where span.contains(z.year) {
                entries.append((z.column, sites[z.site].costPerM2Yuan))
            }
            let limit = span.reduce(0) { $0 + scenario.budgetYuan(year: $1) }
            program.addRow("budget_\(calendar[t])", upper: limit, entries)
        }

        // §7.3 extended cap: Σ X_c x ≤ cap × Σ H_c x, i.e. Σ (X_c − cap H_c) x ≤ 0.
        let cap = scenario.eligibility.extendedCap
        if clusters.contains(where: { $0.extendedHouseholds > 0 }) {
            for t in 0..<years {
                let entries = clusters.enumerated().map { c, cluster in
                    (clusterColumns[c][t], Double(cluster.extendedHouseholds) - cap * Double(cluster.households))
                }
                program.addRow("extended_cap_\(calendar[t])", upper: 0, entries)
            }
        }

        // §7.4 organisational capacity.
        if let capacity = scenario.householdsPerYear {
            for t in 0..<years {
                let entries = clusters.enumerated().map { c, cluster in (clusterColumns[c][t], Double(cluster.households)) }
                program.addRow("capacity_\(calendar[t])", upper: Double(capacity), entries)
            }
        }

        // §7.5 site area over all kinds and years.
        for s in Set(siteColumns.map(\.site)).sorted() {
            let entries = siteColumns.filter { $0.site == s }.map { ($0.column, 1.0) }
            program.addRow("site_area_\(sites[s].id)", upper: sites[s].areaM2, entries)
        }

        // §7.6 norms: A + Σ_{s, t' ≤ t} z / D_s ≥ norm × x_c,t, i.e. Σ z / D_s − norm x ≥ −A.
        for requirement in requirements {
            let norm = scenario.norms[requirement.norm]
            let access = coverage.access[requirement.norm][requirement.estate]
            for t in 0..<years {
                var entries: [(Int, Double)] = [(clusterColumns[requirement.cluster][t], -norm.m2PerPerson)]
                for option in coverage.siteOptions[requirement.norm][requirement.estate] {
                    for u in 0...t {
                        if let column = siteColumnIndex[[option.site, requirement.norm, u]] {
                            entries.append((column, option.perM2))
                        }
                    }
                }
                let name = "norm_\(norm.kind)_e\(requirement.estate)_\(calendar[t])"
                normRows[name] = requirement
                program.addRow(name, lower: -access, entries)
            }
        }
    }

    /// A planner's sentence for a row the locks force to break by `amount` (see
    /// `Infeasibility.explain`).
    func describe(row: LinearProgram.Row, brokenBy amount: Double, analysis: Analysis) -> String? {
        let scenario = analysis.scenario
        let parts = row.name.split(separator: "_")
        guard let last = parts.last, let year = Int(last) else {
            if row.name.hasPrefix("site_area_") {
                let id = String(row.name.dropFirst("site_area_".count))
                return "the locked estates' norms need \(grouped(Int((row.upper! + amount).rounded()))) m² at site \(id), which has \(grouped(Int(row.upper!.rounded()))) m²"
            }
            return nil
        }
        let limit = row.upper ?? row.lower ?? 0
        switch true {
        case row.name.hasPrefix("budget_"):
            let span = scenario.budget.carryOver ? "the budgets up to \(year) are" : "the \(year) budget is"
            return "locks in \(year)\(scenario.budget.carryOver ? " and before" : "") need \(yuanMillions(limit + amount)); \(span) \(yuanMillions(limit))"
        case row.name.hasPrefix("capacity_"):
            return "locks in \(year) need capacity for \(grouped(Int((limit + amount).rounded()))) households; capacity is \(grouped(Int(limit)))"
        case row.name.hasPrefix("extended_cap_"):
            return "locks in \(year) put too many extended-target households in the year for the \(percent(scenario.eligibility.extendedCap)) cap: about \(grouped(Int((amount / scenario.eligibility.extendedCap).rounded(.up)))) more core households would be needed, which the budget cannot also pay for"
        case row.name.hasPrefix("norm_"):
            guard let requirement = normRows[row.name] else { return nil }
            let estate = analysis.district.estates[requirement.estate]
            let norm = scenario.norms[requirement.norm]
            return "estate \(estate.id) (locked to \(year)) cannot meet its \(norm.kind) norm in \(year): \(fmt(norm.m2PerPerson - amount)) of \(fmt(norm.m2PerPerson)) m²/person within what the budget and sites allow"
        default:
            return nil
        }
    }

    /// Neighbourhoods for the large-neighbourhood search, in the order they are tried: first each
    /// year on its own (which planned clusters and which reserve clusters fill that year's
    /// budget), then each pair of years with only the clusters planned in them (which of them
    /// goes in which year), each pair again with reserve clusters too, and each triple of years
    /// with only the planned clusters. Each holds the year columns of the unlocked clusters
    /// planned in those years and, where the reserve takes part, of the reserve clusters
    /// (planned in no year) that give the most value per yuan: as many as are planned there,
    /// and at least 30. GLPK solves sub-problems of that size to optimality
    /// in well under a second; the whole reserve would make them too slow (see docs/solver.md).
    /// Each neighbourhood also lists the site columns its clusters' norms can use (on a city, in
    /// its years only): the sub-MIP fixes every other column, integer or not, at the incumbent's
    /// value.
    func neighbourhoods(incumbent: [Double], clusters: [Cluster]) -> [[Int]] {
        let years = clusterColumns.first?.count ?? 0
        guard years > 0 else { return [] }
        let yearOf: [Int?] = clusterColumns.map { columns in columns.firstIndex { incumbent[$0] > 0.5 } }
        // Unlocked clusters, most value per yuan first (ties by index).
        let unlocked = clusterColumns.indices.filter { c in
            program.columns[clusterColumns[c][0]].lower != program.columns[clusterColumns[c][0]].upper
        }.sorted { a, b in
            let (ra, rb) = (clusters[a].valuePerYuan, clusters[b].valuePerYuan)
            return ra != rb ? ra > rb : a < b
        }
        let reserve = unlocked.filter { yearOf[$0] == nil }
        // Each year with the reserve; each pair of years with only the clusters planned in them;
        // each pair with the reserve; each triple with only the planned clusters.
        var sets: [(years: [Int], reserve: Bool)] = (0..<years).map { ([$0], true) }
        let pairs = (0..<years).flatMap { t in ((t + 1)..<years).map { [t, $0] } }
        sets += pairs.map { ($0, false) }
        sets += pairs.map { ($0, true) }
        sets += pairs.flatMap { pair in ((pair[1] + 1)..<years).map { (pair + [$0], false) } }
        // On a city-sized district a year holds hundreds of clusters: the planned ones are dealt
        // into stripes of at most `stripe` (by value per yuan, so each stripe has a mix), each a
        // neighbourhood of its own with the best of the reserve.
        let stripe = 30
        // On a district-sized model the site columns of every year stay free (space can move to
        // another year); on a city-sized one only those of the neighbourhood's years, or each
        // node's LP holds thousands of them.
        let small = clusterColumns.count * years <= GLPKSolver.largeModelIntegerColumns
        return sets.flatMap { chosen, withReserve -> [[Int]] in
            let planned = unlocked.filter { c in yearOf[c].map(chosen.contains) ?? false }
            let stripes = max(1, (planned.count + stripe - 1) / stripe)
            return (0..<stripes).map { k in
                let part = stride(from: k, to: planned.count, by: stripes).map { planned[$0] }
                let members = (part + (withReserve ? Array(reserve.prefix(max(stripe, part.count))) : [])).sorted()
                // With the site columns these clusters' norms can use; every other column is fixed.
                let siteYears = small ? Array(0..<years) : chosen
                let siteColumns = Set(members.flatMap { c in siteYears.flatMap { siteColumnsOfCluster[c][$0] } }).sorted()
                return members.flatMap { c in chosen.map { clusterColumns[c][$0] } } + siteColumns
            }
        }
    }

    /// The second-stage objective: least money on new space for the plan chosen. Space costs the
    /// same in every year, so a tiny premium on earlier years breaks the tie towards building
    /// just in time, in the year a renovation needs it, rather than wherever a budget has slack.
    func siteCostObjective(sites: [Site]) -> [Double] {
        var objective = [Double](repeating: 0, count: program.columns.count)
        let years = clusterColumns.first?.count ?? 1
        for z in siteColumns {
            objective[z.column] = sites[z.site].costPerM2Yuan * (1 + 1e-6 * Double(years - 1 - z.year))
        }
        return objective
    }
}
