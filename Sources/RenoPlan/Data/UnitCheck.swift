import Foundation

/// Estate figures that cannot be in the unit they are read in: a column in 万元 or 万㎡ mapped
/// from a name that does not say so is 10,000 times too small, and nothing else would say so.
///
/// - **Costs**: a reserve library's 改造估算 in 万元, mapped to `cost_yuan`, makes every estate
///   10,000 times too cheap, and the plan renovates the whole district for a few thousand yuan.
///   Old-estate renovation costs hundreds to tens of thousands of yuan per household; a median
///   below 100 yuan per household is a unit, not a price.
/// - **Floor areas**: 建筑面积 in 万㎡ mapped to `floor_area_m2` gives homes of a fraction of a
///   square metre (and, where the cost is not given, a cost of floor area × `costs.per_m2` as
///   small). Homes in old estates are 30–150 m²; a median below 10 m² per household is a unit.
enum UnitCheck {
    /// Below this median of yuan per household the costs are taken for 万元.
    static let implausibleYuanPerHousehold = 100.0
    /// Below this median of m² per household the floor areas are taken for 万㎡.
    static let implausibleSquareMetresPerHousehold = 10.0

    /// The warnings for the estates read from `features` of the layer `file`; each names the
    /// file (and sheet) its column came from, a joined table's where the table gave it.
    static func estates(_ estates: [Estate], features: [RawFeature] = [], file: String) -> [InputWarning] {
        var warnings: [InputWarning] = []
        if let median = median(estates, { $0.costYuan }), median < implausibleYuanPerHousehold {
            let place = KeyPlace.layer("cost_yuan", features: features, file: file)
            warnings.append(InputWarning(
                file: place.file, sheet: place.sheet, featureIndex: nil, featureID: nil,
                problem: "\(place.label) is \(String(format: "%.2f", median)) yuan per household at the median: renovation costs "
                    + "thousands of yuan per household, so the costs are probably in 万元; name the unit in the column "
                    + "(改造估算（万元）) and renoplan converts them, or give them in yuan",
                chinese: "cost_yuan的中位数为每户\(String(format: "%.2f", median))元：老旧小区改造每户通常需数千元以上，估算很可能以万元为单位；"
                    + "请在列名中写明单位（改造估算（万元）），renoplan会自动换算，或改用元"))
        }
        if let median = median(estates, { $0.floorAreaM2 }), median < implausibleSquareMetresPerHousehold {
            let place = KeyPlace.layer("floor_area_m2", features: features, file: file)
            warnings.append(InputWarning(
                file: place.file, sheet: place.sheet, featureIndex: nil, featureID: nil,
                problem: "\(place.label) is \(String(format: "%.4f", median)) m² per household at the median: homes are tens of "
                    + "square metres, so the floor areas are probably in 万㎡; name the unit in the column (建筑面积（万㎡）) and "
                    + "renoplan converts them, or give them in m²",
                chinese: "floor_area_m2的中位数为每户\(String(format: "%.4f", median))平方米：住房每户通常有数十平方米，建筑面积很可能以万平方米为单位；"
                    + "请在列名中写明单位（建筑面积（万㎡）），renoplan会自动换算，或改用平方米"))
        }
        // Pledges above the cost: the public cost is 0 (SPEC §7), which a pledge typed with a
        // digit too many, or in yuan where the cost is in 万元, makes it without a word.
        let over = estates.filter { $0.pledgedYuan > $0.costYuan * (1 + 1e-9) }
        if let first = over.first {
            let named = firstOf(over.map(\.id), 5)
            warnings.append(InputWarning(
                file: file, featureIndex: nil, featureID: nil,
                problem: "\(over.count) of \(estates.count) estates have pledges (resident_yuan + utility_yuan + social_yuan) "
                    + "above their cost (\(named); \(first.id): \(yuanMillions(first.pledgedYuan)) pledged, cost "
                    + "\(yuanMillions(first.costYuan))): their public cost is taken as 0; check the pledges' units and digits",
                chinese: "\(over.count)个小区的出资（居民、管线单位、社会资本）超过改造费用（\(named)）：其财政投入按0计；请核对出资的单位和数字"))
        }
        return warnings
    }

    /// The median per household of `figure` over the estates with households.
    static func median(_ estates: [Estate], _ figure: (Estate) -> Double) -> Double? {
        let perHousehold = estates.compactMap { $0.households > 0 ? figure($0) / Double($0.households) : nil }.sorted()
        return perHousehold.isEmpty ? nil : perHousehold[perHousehold.count / 2]
    }
}
