import Foundation

/// The status quo: the reserve library's quantified ranking (储备库量化计分排序), as most districts
/// plan today, for comparison with the optimised plan.
enum Ranking {
    /// Clusters in order of their household-weighted mean score (ties by cluster id), each put in
    /// the earliest horizon year where it breaks none of the rules' rows (budget with carry-over
    /// if the scenario has it, extended cap, capacity) given the clusters already placed. Locked
    /// clusters take their years first. Norms are not considered, no site space is added and no
    /// optional level is chosen: that is today's practice. With funding sources, each cluster
    /// must also be payable by the sources that may pay it (the same funding rule as the model).
    static func rank(_ analysis: Analysis) -> PlanOutcome {
        let scenario = analysis.scenario
        let clusters = analysis.clusters
        let calendar = scenario.horizon.calendarYears
        let rules = RuleSet(analysis, norms: false)
        var activity = RuleActivity(rules)
        var clusterYear = [Int?](repeating: nil, count: clusters.count)
        var objective = 0.0

        func entries(_ c: Int, _ t: Int) -> [(row: Int, value: Double)] {
            rules.coefficients(of: Renovation(cluster: c, members: clusters[c].members, year: t))
        }
        // SPEC §11: with funding sources, a cluster fits only if its works can still be paid by
        // the sources that may pay them (the allocation LP of the plan so far, the part of it the
        // cluster enters: ``FundingRule/Ledger``).
        let funding = rules.fundingRule
        var ledger = funding?.emptyLedger
        func renovation(_ c: Int, _ t: Int) -> Renovation { Renovation(cluster: c, members: clusters[c].members, year: t) }
        /// Places cluster c in year t if it fits.
        func place(_ c: Int, _ t: Int) -> Bool {
            let added = entries(c, t)
            guard activity.allows(added) else { return false }
            if let funding, !funding.take([renovation(c, t)], into: &ledger!) { return false }
            clusterYear[c] = calendar[t]
            activity.add(added)
            return true
        }
        // Locked clusters take their years whatever they cost.
        for (c, cluster) in clusters.enumerated() {
            guard let locked = cluster.lockedYear, let t = calendar.firstIndex(of: locked) else { continue }
            clusterYear[c] = calendar[t]
            activity.add(entries(c, t))
            if let funding { funding.enter([renovation(c, t)], into: &ledger!) }
        }
        let order = clusters.indices.filter { clusters[$0].lockedYear == nil }.sorted { a, b in
            let (ma, mb) = (meanScore(clusters[a]), meanScore(clusters[b]))
            return ma != mb ? ma > mb : clusters[a].id < clusters[b].id
        }
        for c in order {
            _ = calendar.indices.first { place(c, $0) }
        }
        for (c, year) in clusterYear.enumerated() {
            guard let year, let t = calendar.firstIndex(of: year) else { continue }
            objective += analysis.discountedValue(of: Renovation(cluster: c, members: clusters[c].members, year: t))
        }
        var outcome = PlanOutcome(
            status: .ranked, objective: objective, bound: nil, gap: nil, rootBound: nil, solverSeconds: 0,
            solverReturnCode: "not solved (ranked)", stoppedBy: nil, solverLog: "", clusterYear: clusterYear,
            additions: [], conflicts: [], variables: 0, constraints: 0)
        outcome.funding = Pipeline.fundingAllocation(outcome, analysis, rules: rules)
        return outcome
    }

    /// Household-weighted mean score: Σ score × households / Σ households = 100 V_c / H_c.
    static func meanScore(_ cluster: Cluster) -> Double {
        cluster.households > 0 ? 100 * cluster.value / Double(cluster.households) : 0
    }
}

extension Pipeline {
    /// The status-quo ranked plan (`renoplan rank`), for comparison with ``solve(_:options:)``.
    public static func rank(_ analysis: Analysis) -> PlanOutcome { Ranking.rank(analysis) }
}
