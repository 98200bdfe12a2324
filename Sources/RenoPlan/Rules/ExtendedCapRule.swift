import Foundation

extension RuleName {
    /// SPEC §7.3: extended-target households at most `extended_cap` of each year's households.
    public static let extendedCap = RuleName("extended_cap")
}

/// SPEC §7.3: Σ X_c x ≤ cap × Σ H_c x, i.e. Σ (X_c − cap H_c) x ≤ 0, per year.
struct ExtendedCapRule: PlanRule {
    static let name = RuleName.extendedCap
    var title: String { analysis.wording.text("扩展纳入比例上限（\(percent(analysis.scenario.eligibility.extendedCap))）", "the \(percent(analysis.scenario.eligibility.extendedCap)) cap on extended-target households") }
    let analysis: Analysis
    let rows: [RuleRow]
    private let cap: Double

    init(_ analysis: Analysis) {
        self.analysis = analysis
        cap = analysis.scenario.eligibility.extendedCap
        rows = (0..<analysis.scenario.horizon.years).map { RuleRow(key: RowKey(rule: Self.name, year: $0), lower: nil, upper: 0) }
    }

    /// (H, X) of the members.
    private func households(_ members: [Int]) -> (all: Int, extended: Int) {
        let estates = analysis.district.estates
        return members.reduce((0, 0)) { sum, e in
            (sum.0 + estates[e].households, sum.1 + (analysis.gates[e].estateClass == .extended ? estates[e].households : 0))
        }
    }

    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        let (all, extended) = households(renovation.members)
        return [(renovation.year, Double(extended) - cap * Double(all))]
    }

    func describe(row: Int, activity: Double) -> String {
        // activity = X − cap H; with H unknown here, say how many core households would restore it.
        let year = analysis.scenario.horizon.calendarYears[row]
        let more = Int((activity / cap).rounded(.up))
        return analysis.wording.text(
            "\(year)年：扩展纳入户数超过\(percent(cap))的上限（约需再增加\(grouped(more))户重点改造对象）",
            "\(year): extended-target households above the \(percent(cap)) cap (about \(grouped(more)) more core households would be needed)")
    }
}
