/// The plan integer programme of SPEC §7, as sparse rows, with the map from variables back to
/// clusters, sites and years. The rows and their coefficients come from the scenario's rules
/// (``RuleSet``); this type only decides the columns.
struct PlanModel {
    /// One site-kind-year variable z_s,k,t.
    struct SiteColumn {
        var site: Int
        var norm: Int
        var year: Int
        var column: Int
    }

    typealias NormRequirement = FacilityNormRule.Requirement

    let rules: RuleSet
    var program = LinearProgram()
    /// x_c,t column per cluster and horizon year index.
    var clusterColumns: [[Int]] = []
    var siteColumns: [SiteColumn] = []
    /// Estates whose norm the model enforces (attainable and currently short).
    var requirements: [NormRequirement] { rules.normRule?.requirements ?? [] }
    /// Per cluster and year: the z columns of the sites that can serve its requirements.
    var siteColumnsOfCluster: [[[Int]]] = []
    /// One optional-level variable y_e,l,t (SPEC §10).
    struct LevelColumn {
        var estate: Int
        var level: Int
        var year: Int
        var column: Int
    }

    var levelColumns: [LevelColumn] = []
    /// Per cluster: its members' optional levels (all years), as indices into `levelColumns`.
    var levelsOfCluster: [[Int]] = []
    /// The rules' continuous columns (funding allocations), after every other column.
    var auxiliaryColumns: Range<Int> = 0..<0
    /// Per cluster: the auxiliary columns of its members' items; and those of no estate.
    var auxiliaryColumnsOfCluster: [[Int]] = []
    var sharedAuxiliaryColumns: [Int] = []
    /// The rule row (index into `rules.rows`) of each programme row.
    private(set) var ruleRowOfRow: [Int] = []

    /// Builds SPEC §7 for the clusters: x_c,t for every cluster and year, z_s,k,t for the sites
    /// that can help an enforced norm, and every rule's rows over them.
    init(analysis: Analysis, rules: RuleSet? = nil) {
        let rules = rules ?? RuleSet(analysis)
        self.rules = rules
        let scenario = analysis.scenario
        let sites = analysis.district.sites
        let clusters = analysis.clusters
        let coverage = analysis.coverage
        let years = scenario.horizon.years
        let calendar = scenario.horizon.calendarYears
        program.maximize = true

        // Variables x_c,t with objective discount^(t−1) × V_c; locks fix them (§7.1). Names are
        // built from indices only: ids can hold anything a GeoJSON string can, GLPK names cannot.
        var entries = [[(Int, Double)]](repeating: [], count: rules.rows.count)
        for (c, cluster) in clusters.enumerated() {
            var columns: [Int] = []
            for t in 0..<years {
                var lower = 0.0, upper = 1.0
                if let locked = cluster.lockedYear {
                    lower = locked == calendar[t] ? 1 : 0
                    upper = lower
                }
                let renovation = Renovation(cluster: c, members: cluster.members, year: t)
                let column = program.addColumn(
                    "x_c\(c)_t\(t)", integer: true, lower: lower, upper: upper,
                    objective: analysis.discountedValue(of: renovation))
                for (row, value) in rules.coefficients(of: renovation) { entries[row].append((column, value)) }
                columns.append(column)
            }
            clusterColumns.append(columns)
        }

        // Variables z_s,k,t for sites that can help some requirement (§7.5: only kinds they may host).
        let requirements = rules.normRule?.requirements ?? []
        var useful = Set<[Int]>()
        var sitesOfCluster = [Set<Int>](repeating: [], count: clusters.count)
        for requirement in requirements {
            for option in coverage.siteOptions[requirement.norm][requirement.estate] {
                useful.insert([option.site, requirement.norm])
                sitesOfCluster[requirement.cluster].insert(option.site)
            }
        }
        var columnsOfSite: [Int: [[Int]]] = [:]  // site → z columns per year
        for pair in useful.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let (s, k) = (pair[0], pair[1])
            for t in 0..<years {
                let column = program.addColumn("z_s\(s)_k\(k)_t\(t)", integer: false, lower: 0, upper: sites[s].areaM2, objective: 0)
                siteColumns.append(SiteColumn(site: s, norm: k, year: t, column: column))
                columnsOfSite[s, default: Array(repeating: [], count: years)][t].append(column)
                for (row, value) in rules.coefficients(ofSite: s, norm: k, year: t) { entries[row].append((column, value)) }
            }
        }
        siteColumnsOfCluster = sitesOfCluster.map { sites in
            (0..<years).map { t in sites.sorted().flatMap { columnsOfSite[$0]?[t] ?? [] } }
        }

        // SPEC §10: y_e,l,t for each applicable optional level of each estate in a cluster, valued
        // at weight × the estate's basic value, discounted.
        var levelsOfCluster = [[Int]](repeating: [], count: clusters.count)
        if !scenario.levels.isEmpty {
            for e in analysis.district.estates.indices {
                guard let c = analysis.clusterOfEstate[e] else { continue }
                for l in scenario.levels.indices where analysis.levelApplies(l, estate: e) {
                    for t in 0..<years {
                        let column = program.addColumn(
                            "y_e\(e)_l\(l)_t\(t)", integer: true, lower: 0, upper: 1,
                            objective: analysis.discountedValue(level: l, estate: e, year: t))
                        levelsOfCluster[c].append(levelColumns.count)
                        levelColumns.append(LevelColumn(estate: e, level: l, year: t, column: column))
                        for (row, value) in rules.coefficients(ofLevel: l, estate: e, year: t) { entries[row].append((column, value)) }
                    }
                }
            }
        }
        self.levelsOfCluster = levelsOfCluster
        // SPEC §11: the rules' own continuous columns (allocations of money).
        let auxiliary = rules.auxiliaryColumns
        auxiliaryColumns = program.columns.count..<(program.columns.count + auxiliary.count)
        var auxiliaryOfCluster = [[Int]](repeating: [], count: clusters.count)
        for column in auxiliary {
            let index = program.addColumn(column.name, integer: false, lower: 0, upper: column.upper, objective: 0)
            for (row, value) in column.entries { entries[row].append((index, value)) }
            if let e = column.estate, let c = analysis.clusterOfEstate[e] { auxiliaryOfCluster[c].append(index) } else { sharedAuxiliaryColumns.append(index) }
        }
        auxiliaryColumnsOfCluster = auxiliary.isEmpty ? [] : auxiliaryOfCluster

        // Every rule's rows, in rule order; a row with no column constrains nothing and is left out.
        for (index, row) in rules.rows.enumerated() {
            if program.addRow(row.key.solverName, lower: row.lower, upper: row.upper, entries[index]) {
                ruleRowOfRow.append(index)
            }
        }
    }

    /// The rule row key of a programme row; nil for a row added after the model was built (the
    /// rows of `revise` and `alternatives`).
    func ruleKey(ofRow index: Int) -> RowKey? {
        index < ruleRowOfRow.count ? rules.rows[ruleRowOfRow[index]].key : nil
    }

    /// The rule (index into `rules.rules`) that owns a programme row; nil as for ``ruleKey(ofRow:)``.
    func rule(ofRow index: Int) -> Int? {
        index < ruleRowOfRow.count ? rules.owner[ruleRowOfRow[index]].rule : nil
    }

    /// A planner's sentence for a row the locks force to break by `amount` (see
    /// `Infeasibility.explain`).
    func describe(row index: Int, brokenBy amount: Double) -> String {
        let row = program.rows[index]
        let activity = row.upper.map { $0 + amount } ?? (row.lower ?? 0) - amount
        return rules.describe(row: ruleRowOfRow[index], activity: activity)
    }

    /// Neighbourhoods for the large-neighbourhood search, in tiers, in the order they are tried:
    /// first each year on its own (which planned clusters and which reserve clusters fill that
    /// year's budget), then each pair of years with only the clusters planned in them (which of
    /// them goes in which year), each pair again with reserve clusters too, and each triple of
    /// years with only the planned clusters. Each holds the year columns of the unlocked
    /// clusters planned in those years and, where the reserve takes part, of the reserve
    /// clusters (planned in no year) that give the most value per yuan: as many as are planned
    /// there, and at least 30. Given `spaceCost`, a reserve cluster's yuan include the new space
    /// its norms would need beside the incumbent's (``SpaceCost``). GLPK solves sub-problems of
    /// that size to optimality in well under a second; the whole reserve would make them too
    /// slow (see docs/solver.md).
    ///
    /// On a city-sized model the planned clusters of a year set are dealt into stripes of 30,
    /// and a second tier follows the first: for each of `regions` (neighbouring clusters,
    /// ``Regions``) and each year, the region's clusters planned in that year with the region's
    /// own best 30 of the reserve. Without it, all the stripes of a city are offered the same 30
    /// reserve clusters of thousands (docs/solver.md, *Regions*).
    ///
    /// Each neighbourhood also lists the site columns its clusters' norms can use (on a city, in
    /// its years only): the sub-MIP fixes every other column, integer or not, at the incumbent's
    /// value.
    ///
    /// `reserveFirst` (`revise`: the approved clusters) go to the front of the reserve, in
    /// index order, wherever the incumbent leaves them out: bringing one back is what that
    /// objective rewards, whatever its value per yuan.
    func neighbourhoods(
        incumbent: [Double], clusters: [Cluster], spaceCost: SpaceCost? = nil, regions: [[Int]] = [], reserveFirst: Set<Int> = []
    ) -> [[[Int]]] {
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
        var reserve = unlocked.filter { yearOf[$0] == nil }
        if let spaceCost {
            // Value per yuan of the renovation and of the new space it would need beside the plan's.
            reserve = reserve.map { c in
                (cluster: c, ratio: clusters[c].value / max(clusters[c].netCostYuan + spaceCost.extra(cluster: c, plan: incumbent), 1))
            }.sorted { a, b in a.ratio != b.ratio ? a.ratio > b.ratio : a.cluster < b.cluster }.map(\.cluster)
        }
        if !reserveFirst.isEmpty {
            reserve = reserve.filter(reserveFirst.contains).sorted() + reserve.filter { !reserveFirst.contains($0) }
        }
        let stripe = 30
        // On a district-sized model the site columns of every year stay free (space can move to
        // another year); on a city-sized one only those of the neighbourhood's years, or each
        // node's LP holds thousands of them.
        let small = clusterColumns.count * years <= GLPKSolver.largeModelIntegerColumns
        /// The columns of `members` in the years `chosen`, with the site columns their norms can
        /// use and, with levels and funding, their level columns and every allocation.
        func columns(_ members: [Int], in chosen: [Int]) -> [Int] {
            let siteYears = small ? Array(0..<years) : chosen
            let siteColumns = Set(members.flatMap { c in siteYears.flatMap { siteColumnsOfCluster[c][$0] } }).sorted()
            let levels = members.flatMap { levelsOfCluster[$0].map { levelColumns[$0].column } }
            let money = auxiliaryColumnsOfCluster.isEmpty ? [] : members.flatMap { auxiliaryColumnsOfCluster[$0] } + sharedAuxiliaryColumns
            return members.flatMap { c in chosen.map { clusterColumns[c][$0] } } + siteColumns + levels + money
        }
        /// The neighbourhoods of year sets: on a city-sized district a year holds hundreds of
        /// clusters, so the planned ones are dealt into stripes of at most `stripe` (by value per
        /// yuan, so each stripe has a mix), each a neighbourhood of its own with the best of the
        /// reserve.
        func striped(_ sets: [(years: [Int], reserve: Bool)]) -> [[Int]] {
            sets.flatMap { chosen, withReserve -> [[Int]] in
                let planned = unlocked.filter { c in yearOf[c].map(chosen.contains) ?? false }
                let stripes = max(1, (planned.count + stripe - 1) / stripe)
                return (0..<stripes).map { k in
                    let part = stride(from: k, to: planned.count, by: stripes).map { planned[$0] }
                    return columns((part + (withReserve ? Array(reserve.prefix(max(stripe, part.count))) : [])).sorted(), in: chosen)
                }
            }
        }
        let singles = (0..<years).map { [$0] }
        let pairs = (0..<years).flatMap { t in ((t + 1)..<years).map { [t, $0] } }
        let triples = pairs.flatMap { pair in ((pair[1] + 1)..<years).map { pair + [$0] } }
        // Each region's clusters planned in a year, with the region's best reserve (on a city).
        let regional = small ? [] : singles.flatMap { chosen in
            regions.compactMap { region -> [Int]? in
                let inRegion = Set(region)
                let planned = unlocked.filter { c in inRegion.contains(c) && yearOf[c] == chosen[0] }
                let members = (planned + reserve.lazy.filter(inRegion.contains).prefix(stripe)).sorted()
                return members.isEmpty ? nil : columns(members, in: chosen)
            }
        }
        return [striped(singles.map { ($0, true) })] + (small ? [] : [regional])
            + [striped(pairs.map { ($0, false) }), striped(pairs.map { ($0, true) }), striped(triples.map { ($0, false) })]
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
