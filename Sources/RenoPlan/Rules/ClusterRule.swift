import Foundation

extension RuleName {
    /// SPEC §6: a cluster is renovated in one year or not at all.
    public static let clusterSplit = RuleName("cluster_split")
}

/// SPEC §6–§7.1: each cluster at most once (Σ_t x_c,t ≤ 1) and whole.
struct ClusterRule: PlanRule {
    static let name = RuleName.clusterSplit
    var title: String { analysis.wording.text("片区规则（每个片区至多改造一次）", "the cluster rules (each cluster renovated at most once)") }
    let analysis: Analysis
    let rows: [RuleRow]

    init(_ analysis: Analysis) {
        self.analysis = analysis
        rows = analysis.clusters.indices.map { RuleRow(key: RowKey(rule: Self.name, cluster: $0), lower: nil, upper: 1) }
    }

    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        renovation.cluster.map { [($0, 1.0)] } ?? []
    }

    func describe(row: Int, activity: Double) -> String {
        analysis.wording.text(
            "片区\(analysis.clusters[row].id)被安排在\(Int(activity.rounded()))个年度",
            "cluster \(analysis.clusters[row].id) renovated in \(Int(activity.rounded())) years")
    }

    func subject(of row: Int) -> String? { analysis.clusters[row].id }

    /// A split shows in the members' years; the row would only say "twice".
    var reportsRows: Bool { false }

    func structuralViolations(of plan: PlanDecisions) -> [Violation] {
        let calendar = analysis.scenario.horizon.calendarYears
        let estates = analysis.district.estates
        return analysis.clusters.compactMap { cluster in
            guard Set(cluster.members.map { plan.estateYear[$0] }).count > 1 else { return nil }
            let w = analysis.wording
            let parts = cluster.members.map { e in
                "\(estates[e].id) " + (plan.estateYear[e].map { w.year(calendar[$0]) } ?? w.text("未安排", "not planned"))
            }
            return Violation(rule: Self.name.rawValue, year: nil, id: cluster.id, detail: w.text("片区被拆分：", "split: ") + w.list(parts))
        }
    }
}
