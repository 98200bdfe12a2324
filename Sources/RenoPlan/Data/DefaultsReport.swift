import Foundation

/// Properties left at a default that changes eligibility or score, counted for `validate`
/// ("412 of 500 estates have no safety_grade: taken as B").
enum DefaultsReport {
    static func estates(_ features: [RawFeature], file: String, scenario: Scenario) -> [InputWarning] {
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
        let parts = Concurrent.map((features.count + block - 1) / block, chunk: 1) { part -> [Int] in
            var missing = Array(repeating: 0, count: defaults.count)
            for feature in features[(part * block)..<min(features.count, (part + 1) * block)] {
                for (index, entry) in defaults.enumerated() {
                    switch feature.properties[entry.key] {
                    case nil, .null?: missing[index] += 1
                    case .string(let text)? where PropertyText.isBlank(text): missing[index] += 1
                    default: break
                    }
                }
            }
            return missing
        }
        var missing = Array(repeating: 0, count: defaults.count)
        for part in parts { for index in missing.indices { missing[index] += part[index] } }
        return defaults.indices.compactMap { index in
            guard missing[index] > 0 else { return nil }
            let count = missing[index]
            let of = count == features.count ? "all \(count)" : "\(count) of \(features.count)"
            return InputWarning(
                file: file, featureIndex: nil, featureID: nil,
                problem: "\(of) estate\(features.count == 1 ? "" : "s") \(count == 1 ? "has" : "have") no \(defaults[index].key): \(defaults[index].taken)")
        }
    }
}
