import Foundation

/// Renovation costs that cannot be in yuan: a reserve library's 改造估算 in 万元, mapped to
/// `cost_yuan` from a column whose name does not say so, makes every estate 10,000 times too
/// cheap, and the plan renovates the whole district for a few thousand yuan without a word.
/// Old-estate renovation costs hundreds to tens of thousands of yuan per household; a median
/// below 100 yuan per household is a unit, not a price.
enum CostCheck {
    /// Below this median of yuan per household the costs are taken for 万元.
    static let implausibleYuanPerHousehold = 100.0

    static func estates(_ estates: [Estate], file: String) -> InputWarning? {
        let perHousehold = estates.filter { $0.households > 0 }.map { $0.costYuan / Double($0.households) }.sorted()
        guard !perHousehold.isEmpty else { return nil }
        let median = perHousehold[perHousehold.count / 2]
        guard median < implausibleYuanPerHousehold else { return nil }
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "cost_yuan is \(String(format: "%.2f", median)) yuan per household at the median: renovation costs "
                + "thousands of yuan per household, so the costs are probably in 万元; name the unit in the column "
                + "(改造估算（万元）) and renoplan converts them, or give them in yuan",
            chinese: "cost_yuan的中位数为每户\(String(format: "%.2f", median))元：老旧小区改造每户通常需数千元以上，估算很可能以万元为单位；"
                + "请在列名中写明单位（改造估算（万元）），renoplan会自动换算，或改用元")
    }
}
