import Foundation

extension RuleName {
    /// SPEC §7.4: households renovated per year within the organisational capacity.
    public static let capacity = RuleName("capacity")
}

/// SPEC §7.4: Σ H_c x_c,t ≤ capacity, per year (only with `capacity.households_per_year`).
struct CapacityRule: PlanRule {
    static let name = RuleName.capacity
    var title: String { analysis.wording.text("年度组织实施能力", "the yearly capacity") }
    let analysis: Analysis
    let rows: [RuleRow]

    init(_ analysis: Analysis) {
        self.analysis = analysis
        let capacity = analysis.scenario.householdsPerYear
        rows = capacity.map { limit in
            (0..<analysis.scenario.horizon.years).map { RuleRow(key: RowKey(rule: Self.name, year: $0), lower: nil, upper: Double(limit)) }
        } ?? []
    }

    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        guard !rows.isEmpty else { return [] }
        let estates = analysis.district.estates
        return [(renovation.year, Double(renovation.members.reduce(0) { $0 + estates[$1].households }))]
    }

    func describe(row: Int, activity: Double) -> String {
        let year = analysis.scenario.horizon.calendarYears[row]
        // Households up (an LP's 4,133.3 are 4,134 whole households, as validate counts them).
        let (count, limit) = (grouped(Int((activity - 1e-6).rounded(.up))), grouped(Int(rows[row].upper ?? 0)))
        return analysis.wording.text(
            "\(year)年：\(count)户，超过年度组织实施能力\(limit)户",
            "\(year): \(count) households, above the capacity of \(limit)")
    }
}
