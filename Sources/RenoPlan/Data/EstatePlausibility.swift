import Foundation

/// One estate's figures that cannot be right although its column's are (``UnitCheck`` looks at
/// the median, so one mistyped row passes it):
///
/// - **households on too little floor area**: under ``UnitCheck/implausibleSquareMetresPerHousehold``
///   (10 m²) per household, the bound the median check uses. 2,000,000 households typed for 200
///   on 36,553 m² is 0.018 m² each, and its 5.2 million residents then share every facility in
///   reach, so every neighbour's access collapses and the whole plan changes;
/// - **a floor area of 0**: its floor area per household cannot be checked, and a cost taken from
///   it (`costs.per_m2`) is 0;
/// - **a cost of 0** given for a schedulable estate: a renovation for nothing, planned before
///   any estate that costs something.
///
/// Warnings, not errors: each figure may be true of some estate (an estate being demolished, a
/// renovation paid for by others), and only the planner can tell which of two figures is
/// mistyped. Each check is one warning: naming the file (a joined table's, with its sheet,
/// where the table gave the value), the row or feature, the id and the key for one estate, and
/// counting them and naming the first five for more. None where the median check already
/// says the whole column is in another unit.
enum EstatePlausibility {
    /// One check: which estates break it, and the words for them.
    struct Check {
        /// The key whose place a warning names.
        var key: String
        /// What one estate's figures say, or nil when they are plausible.
        var finding: (Estate, RawFeature) -> String?
        /// The problem for one estate: its finding, then this.
        var one: (_ finding: String, _ label: String) -> String
        /// The problem for several: how many, the list of `item: finding`, then this.
        var several: (_ count: Int, _ total: Int, _ list: String, _ label: String) -> String
        var chinese: (_ count: Int, _ list: String) -> String
    }

    static func warnings(_ estates: [Estate], features: [RawFeature], file: String, scenario: Scenario) -> [InputWarning] {
        let byIndex = Dictionary(features.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        let gates = Eligibility.gates(estates, scenario)
        let schedulable = Set(estates.indices.filter { gates[$0].isSchedulable }.map { estates[$0].featureIndex })
        let areasInAnotherUnit = (UnitCheck.median(estates, { $0.floorAreaM2 }) ?? .infinity) < UnitCheck.implausibleSquareMetresPerHousehold
        var checks = [floorAreaZero]
        if !areasInAnotherUnit { checks.append(crowded) }
        checks.append(freeRenovation(schedulable: schedulable, perM2: scenario.costPerM2Yuan))
        return checks.compactMap { check in
            warning(check, estates: estates, features: byIndex, file: file)
        }
    }

    static func warning(_ check: Check, estates: [Estate], features: [Int: RawFeature], file: String) -> InputWarning? {
        var found: [(estate: Estate, place: KeyPlace, finding: String)] = []
        for estate in estates {
            guard let feature = features[estate.featureIndex], let finding = check.finding(estate, feature) else { continue }
            found.append((estate, KeyPlace(of: check.key, in: feature, file: file), finding))
        }
        guard let first = found.first else { return nil }
        if found.count == 1 {
            return InputWarning(
                file: first.place.file, sheet: first.place.sheet, featureIndex: first.place.featureIndex, featureID: first.estate.id,
                problem: check.one(first.finding, first.place.label), chinese: check.chinese(1, first.finding), row: first.place.row)
        }
        let list = firstOf(found.map { "\($0.place.item($0.estate.id)): \($0.finding)" }, 5, separator: "; ")
        return InputWarning(
            file: first.place.file, sheet: first.place.sheet, featureIndex: nil, featureID: nil,
            problem: check.several(found.count, estates.count, list, first.place.label), chinese: check.chinese(found.count, list))
    }

    /// Under 10 m² of floor area per household.
    static var crowded: Check { Check(
        key: "households",
        finding: { estate, feature in
            guard estate.households > 0, estate.floorAreaM2 > 0 else { return nil }
            let perHousehold = estate.floorAreaM2 / Double(estate.households)
            guard perHousehold < UnitCheck.implausibleSquareMetresPerHousehold else { return nil }
            return "\(grouped(estate.households)) on \(area(estate.floorAreaM2)) m², \(significant(perHousehold)) m² per household"
        },
        one: { finding, label in
            "\(label) \(finding): homes are tens of m², so the households or the floor area is probably mistyped; "
                + "every resident counted shares the facilities in reach, so a wrong count changes its neighbours' access too"
        },
        several: { count, total, list, label in
            "\(count) of \(total) estates have under 10 m² of floor area per household (\(list)): homes are tens of m², so "
                + "their \(label) or floor area is probably mistyped; every resident counted shares the facilities in reach"
        },
        chinese: { count, list in
            "\(count)个小区户均建筑面积不足10平方米（\(list)）：户数或建筑面积很可能填错；多算的居民会分摊周边设施，影响相邻小区的可达性"
        }) }

    /// A floor area of 0.
    static var floorAreaZero: Check { Check(
        key: "floor_area_m2",
        finding: { estate, _ in estate.floorAreaM2 == 0 ? "0 m²" : nil },
        one: { _, label in
            "\(label) is 0: the floor area per household cannot be checked, and a cost taken from the floor area "
                + "(costs.per_m2) is 0 too; give the estate's floor area"
        },
        several: { count, total, list, label in
            "\(count) of \(total) estates have \(label) 0 (\(list)): their floor area per household cannot be checked, and a "
                + "cost taken from the floor area (costs.per_m2) is 0 too; give their floor areas"
        },
        chinese: { count, list in "\(count)个小区建筑面积为0（\(list)）：无法核对户均面积，按面积估算的改造费用也为0；请填写建筑面积" }) }

    /// A cost of 0 given for a schedulable estate.
    static func freeRenovation(schedulable: Set<Int>, perM2: Double) -> Check {
        Check(
            key: "cost_yuan",
            finding: { estate, feature in
                estate.costYuan == 0 && feature.properties["cost_yuan"] != nil && schedulable.contains(estate.featureIndex) ? "0 yuan" : nil
            },
            one: { _, label in
                "\(label) is 0 for an estate that can be planned: it would be renovated for nothing, before any estate that costs "
                    + "something; if its cost is not known, leave the cell empty (then floor_area_m2 × \(formatNumber(perM2)) yuan, costs.per_m2)"
            },
            several: { count, total, list, label in
                "\(count) of \(total) estates that can be planned have \(label) 0 (\(list)): they would be renovated for nothing, "
                    + "before any estate that costs something; where a cost is not known, leave the cell empty (then floor_area_m2 × "
                    + "\(formatNumber(perM2)) yuan, costs.per_m2)"
            },
            chinese: { count, list in
                "\(count)个可纳入计划的小区改造费用为0（\(list)）：将被视为无需投入而优先纳入；如费用未知，请留空（按建筑面积×\(formatNumber(perM2))元估算）"
            })
    }

    /// 36,552.9: a floor area as typed, to a tenth of a m².
    static func area(_ m2: Double) -> String { Wording.decimal(m2, places: m2 == m2.rounded() ? 0 : 1) }

    /// Two significant digits, for a small ratio: 0.018, 4.2.
    static func significant(_ value: Double) -> String {
        value >= 1 ? String(format: "%.1f", value) : String(format: "%.2g", value)
    }
}
