import Foundation

/// Reads one feature's properties, adding an ``InputError`` naming the key for each problem.
struct PropertyReader {
    let file: String
    let feature: RawFeature
    var errors: [InputError] = []

    init(file: String, feature: RawFeature) {
        self.file = file
        self.feature = feature
    }

    var properties: [String: JSONValue] { feature.properties }

    mutating func fail(_ key: String, _ problem: String) {
        errors.append(
            InputError(file: file, featureIndex: feature.index, featureID: feature.id, key: key, problem: "\(key) \(problem)"))
    }

    private func present(_ key: String) -> JSONValue? {
        guard let value = properties[key], value != .null else { return nil }
        return value
    }

    mutating func string(_ key: String, required: Bool) -> String? {
        guard let value = present(key) else {
            if required { fail(key, "is required (text)") }
            return nil
        }
        guard case .string(let text) = value, !text.isEmpty else {
            fail(key, "must be non-empty text, got \(value.shortDescription)")
            return nil
        }
        return text
    }

    /// A number in `range`; `what` reads like "a share 0..1".
    mutating func number(_ key: String, required: Bool, _ range: ClosedRange<Double>, what: String) -> Double? {
        guard let value = present(key) else {
            if required { fail(key, "is required (\(what))") }
            return nil
        }
        guard case .number(let number) = value, number.isFinite, range.contains(number) else {
            fail(key, "must be \(what), got \(value.shortDescription)")
            return nil
        }
        return number
    }

    mutating func wholeNumber(_ key: String, required: Bool, _ range: ClosedRange<Double>, what: String) -> Int? {
        guard let value = present(key) else {
            if required { fail(key, "is required (\(what))") }
            return nil
        }
        guard case .number(let number) = value, number.isFinite, number == number.rounded(), range.contains(number)
        else {
            fail(key, "must be \(what), got \(value.shortDescription)")
            return nil
        }
        return Int(number)
    }

    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = present(key) else { return fallback }
        guard case .bool(let flag) = value else {
            fail(key, "must be true or false, got \(value.shortDescription)")
            return fallback
        }
        return flag
    }

    mutating func strings(_ key: String, allowed: [String]? = nil) -> [String]? {
        guard let value = present(key) else { return nil }
        guard case .array(let items) = value else {
            fail(key, "must be a list of text, got \(value.shortDescription)")
            return nil
        }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item, !text.isEmpty else {
                fail(key, "must be a list of text, has \(item.shortDescription)")
                return nil
            }
            if let allowed, !allowed.contains(text) {
                fail(key, "has \"\(text)\", which is not one of \(allowed.joined(separator: ", "))")
                return nil
            }
            if !result.contains(text) { result.append(text) }
        }
        return result
    }
}

/// Builds domain values from raw features, one layer at a time.
enum FeatureDecoder {
    static func estates(_ features: [RawFeature], file: String, scenario: Scenario, errors: inout [InputError])
        -> [Estate]
    {
        features.compactMap { feature in
            var p = PropertyReader(file: file, feature: feature)
            let id = p.string("id", required: true)
            let name = p.string("name", required: false)
            let built = p.wholeNumber("built_year", required: true, 1000...3000, what: "a year such as 1988")
            let households = p.wholeNumber("households", required: true, 0...1e9, what: "a whole number ≥ 0")
            let population = p.wholeNumber("population", required: false, 0...1e10, what: "a whole number ≥ 0")
            let floorArea = p.number("floor_area_m2", required: true, 0...1e10, what: "a number of m² ≥ 0")
            let consent = p.number("consent", required: true, 0...1, what: "a share 0..1")
            let management = p.bool("management_agreed", default: false)
            let grade = p.string("safety_grade", required: false) ?? "B"
            if !["A", "B", "C", "D"].contains(grade) { p.fail("safety_grade", "must be one of A, B, C, D, got \"\(grade)\"") }
            let complete = p.bool("complete_units", default: true)
            let hazards = p.strings("hazards", allowed: Scenario.ScoreWeights.hazardNames) ?? []
            let cost = p.number("cost_yuan", required: false, 0...1e13, what: "yuan ≥ 0")
            let resident = p.number("resident_yuan", required: false, 0...1e13, what: "yuan ≥ 0") ?? 0
            let utility = p.number("utility_yuan", required: false, 0...1e13, what: "yuan ≥ 0") ?? 0
            let social = p.number("social_yuan", required: false, 0...1e13, what: "yuan ≥ 0") ?? 0
            let buildings = p.wholeNumber("buildings", required: false, 0...1e9, what: "a whole number ≥ 0")
            errors += p.errors
            guard p.errors.isEmpty, let id, let built, let households, let floorArea, let consent else { return nil }
            let people = population ?? Int((Double(households) * scenario.personsPerHousehold).rounded())
            return Estate(
                id: id, name: name, builtYear: built, households: households, population: people,
                floorAreaM2: floorArea, consent: consent, managementAgreed: management, safetyGrade: grade,
                completeUnits: complete, hazards: hazards, costYuan: cost ?? floorArea * scenario.costPerM2Yuan,
                residentYuan: resident, utilityYuan: utility, socialYuan: social, featureIndex: feature.index,
                shape: feature.shape, buildings: buildings)
        }
    }

    static func facilities(_ features: [RawFeature], file: String, normKinds: Set<String>, errors: inout [InputError])
        -> [Facility]
    {
        features.compactMap { feature in
            var p = PropertyReader(file: file, feature: feature)
            let id = p.string("id", required: true)
            let kind = p.string("kind", required: true)
            let name = p.string("name", required: false)
            let needsCapacity = kind.map(normKinds.contains) ?? false
            let what = needsCapacity ? "m² ≥ 0 (kind \(kind!) has a norm in the scenario)" : "m² ≥ 0"
            let capacity = p.number("capacity_m2", required: needsCapacity, 0...1e9, what: what)
            errors += p.errors
            guard p.errors.isEmpty, let id, let kind else { return nil }
            return Facility(
                id: id, kind: kind, name: name, capacityM2: capacity, featureIndex: feature.index, shape: feature.shape)
        }
    }

    static func sites(_ features: [RawFeature], file: String, errors: inout [InputError]) -> [Site] {
        features.compactMap { feature in
            var p = PropertyReader(file: file, feature: feature)
            let id = p.string("id", required: true)
            var area = p.number("area_m2", required: true, 0...1e9, what: "m² > 0")
            if area == 0 {
                p.fail("area_m2", "must be m² > 0, got 0")
                area = nil
            }
            let cost = p.number("cost_per_m2", required: true, 0...1e9, what: "yuan per m² ≥ 0")
            let kinds = p.strings("kinds")
            errors += p.errors
            guard p.errors.isEmpty, let id, let area, let cost else { return nil }
            return Site(id: id, areaM2: area, costPerM2Yuan: cost, kinds: kinds, featureIndex: feature.index, shape: feature.shape)
        }
    }

    /// Reports every id used by more than one feature, naming both places.
    static func checkUniqueIDs(_ items: [(id: String, index: Int)], file: String, errors: inout [InputError]) {
        var first: [String: Int] = [:]
        for item in items {
            if let earlier = first[item.id] {
                errors.append(
                    InputError(
                        file: file, featureIndex: item.index, featureID: item.id, key: "id",
                        problem: "id \(item.id) is used again (first by feature #\(earlier))"))
            } else {
                first[item.id] = item.index
            }
        }
    }
}
