import Foundation

/// The money a plan leaves, spent (docs/solver.md, *Topping up*).
extension StartingPlan {
    /// `plan` (the model's column values) with the clusters it leaves out tried once more, each
    /// in the first of its years where it still fits: one ``pass(_:spaces:)`` that first builds
    /// the space `plan` builds and places `plan`'s clusters in their years (twice: an extended
    /// cluster fits its year's cap only once the core households are in) and its levels, then
    /// tries every other cluster in the greedy's order (`relaxation`'s, else value per yuan).
    ///
    /// On a city the starting plan leaves money: the one pass builds each cluster's space from
    /// the cheapest sites left as it goes, and the space the LP would build for the same plan
    /// (the tidy) costs less, and the dive ends with its last fractional columns at 0. Row f of
    /// the benchmarks (20,000 estates, 60 s) left 0.6–1.7% of each year's money, and thousands
    /// of estates its reasons said would still fit alone.
    ///
    /// Nil where the pass does not place every one of `plan`'s clusters in its year (its site
    /// plan is greedy and may not give one of them the space the LP gave), or where its plan is
    /// worth no more than `plan`.
    func toppedUp(_ plan: [Double], relaxation: [Double]?) -> [Double]? {
        let program = model.program
        let planned = clusters.indices.compactMap { c -> Try? in
            guard clusters[c].lockedYear == nil, let t = model.clusterColumns[c].firstIndex(where: { plan[$0] > 0.5 }) else { return nil }
            return Try(cluster: c, years: [t])
        }
        let levels = model.levelColumns.filter { plan[$0.column] > 0.5 }
        let order = relaxation ?? [Double](repeating: 0, count: program.columns.count)
        let steps = planned.map(Step.cluster) + planned.map(Step.cluster) + [.levels(levels)]
            + greedyTries(relaxation: order).map(Step.cluster)
        let spaces = model.siteColumns.compactMap { z -> PlanDecisions.Space? in
            guard plan[z.column] > 1e-9 else { return nil }
            return PlanDecisions.Space(site: z.site, norm: z.norm, kind: scenario.norms[z.norm].kind, year: z.year, m2: plan[z.column])
        }
        guard let topped = pass(steps, spaces: spaces),
            planned.allSatisfy({ topped[model.clusterColumns[$0.cluster][$0.years[0]]] > 0.5 }),
            program.objective(of: topped) > program.objective(of: plan) + 1e-9 * max(1, abs(program.objective(of: plan)))
        else { return nil }
        return topped
    }
}
