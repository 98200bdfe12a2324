import Foundation

/// An inequality Σ value × column ≥ `lower` that every plan meets, found because a point of the
/// LP relaxation breaks it. `like` is the programme row it was derived from: the solver gives
/// the cut that row's scale.
struct LinearCut {
    var entries: [(column: Int, value: Double)]
    var lower: Double
    var like: Int
}

/// Residual-need cuts on the norm rows (docs/solver.md, *The bound*).
///
/// A norm row says that an estate renovated by year T has, by then, the space it lacks:
///
///     Σ_s q_s Z_s ≥ h X        (Z_s = Σ_{u ≤ T} z_s,k,u; X = Σ_{t ≤ T} x_c,t; q_s = 1 / D_s)
///
/// and each site holds at most its area: Z_s ≤ A_s. For any set S of the estate's sites,
///
///     Σ_{s ∉ S} q_s Z_s ≥ (h − Σ_{s ∈ S} q_s A_s) X
///
/// holds for every plan: with X = 0 the right side is 0; with X = 1 the sites in S give at most
/// Σ_S q_s A_s, so the others must give the rest. The LP relaxation does not know this: with X a
/// fraction f it needs only f × h, which the cheapest nearby site may hold on its own, while the
/// whole renovation needs dearer sites too. That fractional shortcut, taken by several clusters
/// at once around the same cheap sites, is most of the gap between the relaxation and the best
/// plan on models with norms (on the 400-estate family, 40–45% of it is closed at the root).
///
/// The most violated cut of a row puts a site in S when A_s X < Z_s (it then counts A_s X on the
/// right rather than Z_s on the left), so one pass over the rows finds it.
struct ResidualNeedCuts {
    struct Option {
        var area: Double
        var perM2: Double
        var columns: [Int]
    }

    /// One norm row: its programme row, the estate's renovation columns up to its year, the
    /// m²/person it lacks, and the sites that can give it space (with their columns up to its year).
    struct Need {
        var row: Int
        var renovated: [Int]
        var shortfall: Double
        var sites: [Option]
    }

    let needs: [Need]

    init(needs: [Need]) { self.needs = needs }

    /// The model's norm rows, read back from the programme: the renovation columns are those with
    /// a negative coefficient (−shortfall), the site columns those with a positive one (m²/person
    /// per m²), grouped by site.
    init(model: PlanModel, sites: [Site]) {
        var siteOfColumn: [Int: Int] = [:]
        for z in model.siteColumns { siteOfColumn[z.column] = z.site }
        var needs: [Need] = []
        for (index, row) in model.program.rows.enumerated() where model.ruleKey(ofRow: index)?.rule == .norm {
            var renovated: [Int] = []
            var shortfall = 0.0
            var smallest = Double.infinity
            var bySite: [Int: (perM2: Double, columns: [Int])] = [:]
            for (column, value) in row.entries {
                if value < 0 {
                    renovated.append(column)
                    shortfall = max(shortfall, -value)
                    smallest = min(smallest, -value)
                } else if let s = siteOfColumn[column] {
                    bySite[s, default: (value, [])].columns.append(column)
                }
            }
            // The cuts read one shortfall for all the row's renovation columns (at most one of
            // them is 1 in a plan); a row whose columns lack different amounts is left alone.
            guard shortfall > 0, !renovated.isEmpty, shortfall - smallest <= 1e-12 * shortfall else { continue }
            let options = bySite.keys.sorted().map { s in Option(area: sites[s].areaM2, perM2: bySite[s]!.perM2, columns: bySite[s]!.columns) }
            needs.append(Need(row: index, renovated: renovated, shortfall: shortfall, sites: options))
        }
        self.init(needs: needs)
    }

    /// The most violated cut of each norm row the point breaks, by more than a millionth of the
    /// row's shortfall.
    func violated(by values: [Double]) -> [LinearCut] {
        needs.compactMap { need -> LinearCut? in
            let renovated = need.renovated.reduce(0) { $0 + values[$1] }
            guard renovated > 1e-6 else { return nil }
            var residual = need.shortfall
            var given = 0.0
            var kept: [Option] = []
            for site in need.sites {
                let space = site.columns.reduce(0) { $0 + values[$1] }
                if site.area * renovated < space {
                    residual -= site.perM2 * site.area
                } else {
                    given += site.perM2 * space
                    kept.append(site)
                }
            }
            let tolerance = 1e-6 * need.shortfall
            guard residual > tolerance, given < residual * renovated - tolerance, kept.count < need.sites.count else { return nil }
            let entries = kept.flatMap { site in site.columns.map { (column: $0, value: site.perM2) } }
                + need.renovated.map { (column: $0, value: -residual) }
            return LinearCut(entries: entries, lower: 0, like: need.row)
        }
    }
}
