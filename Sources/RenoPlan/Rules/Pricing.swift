import Foundation

/// SPEC §6–§7: what a renovation costs the public purse and what it is worth, written once.
extension Analysis {
    /// Words in the scenario's report language, for reasons and rule clauses.
    var wording: Wording { Wording(scenario.reportLanguage) }

    /// s_c: the linked-renovation saving of a cluster of two or more estates (SPEC §6).
    func linkedSaving(cluster: Int?) -> Double {
        guard let cluster, clusters[cluster].members.count >= 2 else { return 0 }
        return scenario.clustering.linkedSaving
    }

    /// N = (1 − s_c) × Σ max(0, cost − pledges) over the renovated members (SPEC §7).
    func netCostYuan(of renovation: Renovation) -> Double {
        Clustering.netCostYuan(renovation.members, saving: linkedSaving(cluster: renovation.cluster), estates: district.estates)
    }

    /// The public cost of one estate renovated with its cluster.
    func netCostYuan(estate e: Int) -> Double {
        netCostYuan(of: Renovation(cluster: clusterOfEstate[e], members: [e], year: 0))
    }

    /// discount^t × Σ score × households / 100 over the renovated members (SPEC §7 objective).
    func discountedValue(of renovation: Renovation) -> Double {
        pow(scenario.discount, Double(renovation.year))
            * Clustering.value(renovation.members, scores: scores.map(\.score), estates: district.estates)
    }
}

extension Clustering {
    /// (1 − saving) × Σ public cost, summed in member order (the cluster's N_c is this sum).
    static func netCostYuan(_ members: [Int], saving: Double, estates: [Estate]) -> Double {
        (1 - saving) * members.reduce(0) { $0 + estates[$1].publicCostYuan }
    }

    /// Σ score × households / 100, in member order (the cluster's V_c).
    static func value(_ members: [Int], scores: [Double], estates: [Estate]) -> Double {
        members.reduce(0) { $0 + scores[$1] * Double(estates[$1].households) / 100 }
    }
}
