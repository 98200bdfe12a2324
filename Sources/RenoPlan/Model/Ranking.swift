import Foundation

/// The status quo: the reserve library's quantified ranking (储备库量化计分排序), as most districts
/// plan today, for comparison with the optimised plan.
enum Ranking {
    /// Clusters in order of their household-weighted mean score (ties by cluster id), each put in
    /// the earliest horizon year whose budget (with carry-over if the scenario has it), extended
    /// cap and capacity still hold after adding it. Locked clusters take their years first.
    /// Norms are not considered and no site space is added: that is today's practice.
    static func rank(_ analysis: Analysis) -> PlanOutcome {
        let scenario = analysis.scenario
        let clusters = analysis.clusters
        let calendar = scenario.horizon.calendarYears
        let years = calendar.count
        var spend = [Double](repeating: 0, count: years)
        var households = [Int](repeating: 0, count: years)
        var extended = [Int](repeating: 0, count: years)
        var clusterYear = [Int?](repeating: nil, count: clusters.count)

        func add(_ c: Int, _ t: Int) {
            clusterYear[c] = calendar[t]
            spend[t] += clusters[c].netCostYuan
            households[t] += clusters[c].households
            extended[t] += clusters[c].extendedHouseholds
        }
        func fits(_ c: Int, _ t: Int) -> Bool {
            let cluster = clusters[c]
            if scenario.budget.carryOver {
                // Spending in year t uses the money of t and every later cumulative row.
                var spent = 0.0, budget = 0.0
                for u in 0..<years {
                    spent += spend[u] + (u == t ? cluster.netCostYuan : 0)
                    budget += scenario.budgetYuan(year: u)
                    if u >= t && spent > budget + 1e-6 { return false }
                }
            } else if spend[t] + cluster.netCostYuan > scenario.budgetYuan(year: t) + 1e-6 {
                return false
            }
            let h = households[t] + cluster.households
            if Double(extended[t] + cluster.extendedHouseholds) > scenario.eligibility.extendedCap * Double(h) + 1e-9 {
                return false
            }
            if let capacity = scenario.householdsPerYear, h > capacity { return false }
            return true
        }

        for (c, cluster) in clusters.enumerated() {
            if let locked = cluster.lockedYear, let t = calendar.firstIndex(of: locked) { add(c, t) }
        }
        let order = clusters.indices.filter { clusters[$0].lockedYear == nil }.sorted { a, b in
            let (ma, mb) = (meanScore(clusters[a]), meanScore(clusters[b]))
            return ma != mb ? ma > mb : clusters[a].id < clusters[b].id
        }
        for c in order {
            if let t = (0..<years).first(where: { fits(c, $0) }) { add(c, t) }
        }
        let objective = clusters.indices.reduce(0.0) { total, c in
            guard let year = clusterYear[c], let t = calendar.firstIndex(of: year) else { return total }
            return total + pow(scenario.discount, Double(t)) * clusters[c].value
        }
        return PlanOutcome(
            status: .ranked, objective: objective, bound: nil, gap: nil, rootBound: nil, solverSeconds: 0,
            solverReturnCode: "not solved (ranked)", stoppedBy: nil, solverLog: "", clusterYear: clusterYear,
            additions: [], conflicts: [], variables: 0, constraints: 0)
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
