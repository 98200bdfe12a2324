import Foundation

/// Properties left at a default that changes eligibility or score, counted for `validate`
/// ("412 of 500 estates have no safety_grade: taken as B").
enum DefaultsReport {
    static func estates(_ features: [RawFeature], file: String, scenario: Scenario) -> [InputWarning] {
        let required = ["built_year", "households", "floor_area_m2", "consent"]
        var defaults: [(key: String, taken: String)] = [
            ("safety_grade", "taken as B"),
            ("complete_units", "taken as true (no unsafe-after-core promotion)"),
            ("hazards", "taken as none (hazard score 0)"),
            ("cost_yuan", "taken as floor_area_m2 × \(formatNumber(scenario.costPerM2Yuan)) yuan"),
        ]
        if scenario.eligibility.requireManagementAgreement {
            defaults.insert(("management_agreed", "taken as false: not schedulable"), at: 0)
        }
        let block = 2048
        // Per default: how many features lack it, and how many of those have an empty cell below
        // a filled one in its sheet column (a merged cell read in its first row only) in a row
        // where a required cell is empty below a filled one too. An optional cell left empty is
        // an absent value (no hazards); only beside a required one missing the same way does it
        // point to merged cells.
        let parts = Concurrent.map((features.count + block - 1) / block, chunk: 1) { part -> [(Int, Int)] in
            var missing = Array(repeating: (0, 0), count: defaults.count)
            for feature in features[(part * block)..<min(features.count, (part + 1) * block)] {
                // A feature whose table row is missing (or the table unusable) has that said
                // already: its defaults are not counted again.
                for (index, entry) in defaults.enumerated() where feature.origin?.absenceReported(entry.key) != true {
                    switch feature.properties[entry.key] {
                    case nil, .null?: break
                    case .string(let text)? where PropertyText.isBlank(text): break
                    default: continue
                    }
                    missing[index].0 += 1
                    if feature.isEmptyBelowValue(entry.key), required.contains(where: feature.isEmptyBelowValue) { missing[index].1 += 1 }
                }
            }
            return missing
        }
        var missing = Array(repeating: 0, count: defaults.count), merged = missing
        for part in parts {
            for index in missing.indices {
                missing[index] += part[index].0
                merged[index] += part[index].1
            }
        }
        return defaults.indices.compactMap { index in
            guard missing[index] > 0 else { return nil }
            let count = missing[index]
            let of = count == features.count ? "all \(count)" : "\(count) of \(features.count)"
            return InputWarning(
                file: file, featureIndex: nil, featureID: nil,
                problem: "\(of) estate\(features.count == 1 ? "" : "s") \(count == 1 ? "has" : "have") no \(defaults[index].key): \(defaults[index].taken)"
                    + (merged[index] == 0 ? "" : "; " + (merged[index] == count
                        ? (count == 1 ? "it is" : "all of them are") : "\(merged[index]) of them \(merged[index] == 1 ? "is" : "are")")
                        + " empty below a filled cell of the sheet: if merged cells, unmerge them and fill the values down "
                        + RawFeature.mergedCellReason))
        }
    }
}
