import Foundation

/// SPEC §6–§7: what a renovation costs the public purse and what it is worth, written once.
extension Analysis {
    /// Words in the scenario's report language, for reasons and rule clauses.
    public var wording: Wording { Wording(scenario.reportLanguage) }

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

    /// SPEC §10: the public cost of optional level `level` of estate `e`: its own cost (or floor
    /// area × the level's rate), less what is left of the estate's pledges after the basic works
    /// and the levels before it, less the linked saving.
    func levelCostYuan(level: Int, estate e: Int) -> Double {
        let estate = district.estates[e]
        var pledges = max(0, estate.pledgedYuan - estate.costYuan)
        var cost = 0.0
        for l in 0...level {
            let spec = scenario.levels[l]
            let gross = estate.levelCostYuan[spec.name] ?? estate.floorAreaM2 * spec.perM2Yuan
            let applicable = !estate.levelsNotApplicable.contains(spec.name)
            let paid = applicable ? min(pledges, gross) : 0
            if l == level { cost = gross - paid }
            pledges -= paid
        }
        return (1 - linkedSaving(cluster: clusterOfEstate[e])) * cost
    }

    /// Whether optional level `level` applies to estate `e` (its `improve`/`upgrade` property).
    func levelApplies(_ level: Int, estate e: Int) -> Bool {
        !district.estates[e].levelsNotApplicable.contains(scenario.levels[level].name)
    }

    /// SPEC §10: the value of a level done in horizon year t: discount^t × weight × score × H / 100.
    func discountedValue(level: Int, estate e: Int, year t: Int) -> Double {
        pow(scenario.discount, Double(t)) * scenario.levels[level].weight
            * Clustering.value([e], estates: district.estates) { scores[$0].score }
    }

    /// discount^t × Σ score × households / 100 over the renovated members (SPEC §7 objective).
    func discountedValue(of renovation: Renovation) -> Double {
        pow(scenario.discount, Double(renovation.year))
            * Clustering.value(renovation.members, estates: district.estates) { scores[$0].score }
    }
}

extension Clustering {
    /// (1 − saving) × Σ public cost, summed in member order (the cluster's N_c is this sum).
    static func netCostYuan(_ members: [Int], saving: Double, estates: [Estate]) -> Double {
        (1 - saving) * members.reduce(0) { $0 + estates[$1].publicCostYuan }
    }

    /// Σ score × households / 100, in member order (the cluster's V_c).
    static func value(_ members: [Int], estates: [Estate], score: (Int) -> Double) -> Double {
        members.reduce(0) { $0 + score($1) * Double(estates[$1].households) / 100 }
    }
}
