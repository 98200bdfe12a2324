import Foundation

/// What a cluster left out of a plan would cost in new facility space if it joined it: the
/// cheapest space, on the sites its norm rows can use, beyond what the plan already builds there
/// (docs/solver.md, *Which reserve clusters a neighbourhood takes*).
///
/// A cluster's value per yuan counts only its own renovation. Where its estates fall short of a
/// norm, renovating it also means building space, unless the plan's space nearby already covers
/// them. Ranked by value per yuan alone, the reserve clusters offered to the neighbourhood
/// searches were, on norm-heavy districts, those whose space would cost the most; the plan
/// kept renovating such estates and building their space where the optimum renovates estates
/// that need none.
struct SpaceCost {
    /// One site a norm row can use (its area, m²/person per m² and the columns of its space up
    /// to the row's year, as the cuts read them) and what a m² there costs.
    struct Option {
        var site: ResidualNeedCuts.Option
        var costPerM2: Double
        var perM2: Double { site.perM2 }
    }

    /// One norm row of the horizon's last year: what the estate lacks (m²/person) and its sites.
    struct Need {
        var shortfall: Double
        var options: [Option]
    }

    /// Per cluster: its estates' norm rows of the last year, each with its sites cheapest
    /// m²/person first.
    private let needsOfCluster: [[Need]]

    init(needsOfCluster: [[Need]]) {
        self.needsOfCluster = needsOfCluster.map { needs in
            needs.map { need in
                Need(shortfall: need.shortfall, options: need.options.sorted { $0.costPerM2 / $0.perM2 < $1.costPerM2 / $1.perM2 })
            }
        }
    }

    /// The model's norm rows of the last year, from `needs` (the model's norm rows as
    /// ``ResidualNeedCuts`` reads them back), with each site's cost per m².
    init(model: PlanModel, needs rows: [ResidualNeedCuts.Need], sites: [Site]) {
        var clusterOfColumn: [Int: Int] = [:]
        for (c, columns) in model.clusterColumns.enumerated() { if let last = columns.last { clusterOfColumn[last] = c } }
        var siteOfColumn: [Int: Int] = [:]
        for z in model.siteColumns { siteOfColumn[z.column] = z.site }
        var needs = [[Need]](repeating: [], count: model.clusterColumns.count)
        for need in rows {
            // The last year's row holds every renovation column of the cluster and every year's space.
            guard let c = need.renovated.lazy.compactMap({ clusterOfColumn[$0] }).first else { continue }
            let options = need.sites.compactMap { option -> Option? in
                guard let s = option.columns.first.flatMap({ siteOfColumn[$0] }) else { return nil }
                return Option(site: option, costPerM2: sites[s].costPerM2Yuan)
            }
            needs[c].append(Need(shortfall: need.shortfall, options: options))
        }
        self.init(needsOfCluster: needs)
    }

    /// The yuan of new space cluster `c` would need beyond the space `plan` builds; infinity if
    /// the sites' areas left cannot give it.
    func extra(cluster c: Int, plan: [Double]) -> Double {
        var total = 0.0
        for need in needsOfCluster[c] {
            let built = need.options.map { option in option.site.columns.reduce(0) { $0 + plan[$1] } }
            var missing = need.shortfall - zip(need.options, built).reduce(0) { $0 + $1.0.perM2 * $1.1 }
            for (option, space) in zip(need.options, built) where missing > 1e-12 {
                let gain = min(missing, max(0, option.site.area - space) * option.perM2)
                total += gain / option.perM2 * option.costPerM2
                missing -= gain
            }
            if missing > 1e-9 * need.shortfall { return .infinity }
        }
        return total
    }
}
