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

    /// An error about `key`: at the table row when the value came from a joined table (SPEC §9),
    /// else at the feature; the key as the planner's files name it (`户数 (households)`).
    mutating func fail(_ key: String, _ problem: String) {
        errors.append(error(key, problem))
    }

    private func error(_ key: String, _ problem: String) -> InputError {
        let place = KeyPlace(of: key, in: feature, file: file)
        return InputError(
            file: place.file, sheet: place.sheet, featureIndex: place.featureIndex, featureID: feature.id, key: key,
            problem: "\(place.label) \(problem)", row: place.row)
    }

    /// A required `key` is absent: an error marked with ``InputError/missingKey`` (so that a key
    /// no feature has is said once for the layer), unless its absence is reported already (the
    /// feature's table row is missing, or `columns` maps it from a column no file has). `why`
    /// says why, where the key is required only sometimes.
    mutating func required(_ key: String, _ what: String, why: String? = nil) {
        if feature.origin?.absenceReported(key) == true { return }
        let merged = feature.isEmptyBelowValue(key)
            ? "; the cell is empty below a filled one: if it is part of a merged cell, unmerge it and fill the value down "
                + RawFeature.mergedCellReason
            : ""
        var error = self.error(key, "is required (\(what))" + (why.map { " \($0)" } ?? "") + merged)
        error.missingKey = key
        errors.append(error)
    }

    /// The value of `key`, nil when absent, null or an empty (or blank) text cell (SPEC §9).
    private func present(_ key: String) -> JSONValue? {
        guard let value = properties[key], value != .null else { return nil }
        if case .string(let text) = value, PropertyText.isBlank(text) { return nil }
        return value
    }

    /// Text; a whole number (an integer id column of a Shapefile) is read as its digits. An empty
    /// or blank text is no value, as for every key (SPEC §9): a MapInfo or dBase column has no
    /// null, so a GIS export writes "" where a grade or a name was never given.
    mutating func string(_ key: String, required: Bool) -> String? {
        guard let value = present(key) else {
            if required { self.required(key, "text") }
            return nil
        }
        switch value {
        case .string(let text): return text
        case .number(let number) where number.isFinite && number == number.rounded() && abs(number) < 1e15:
            return formatNumber(number)
        default:
            fail(key, "must be text, got \(value.shortDescription)")
            return nil
        }
    }

    /// The feature's `id`, required, without the spaces around it (an Excel cell's `E0003 ` is
    /// E0003, as a joined table's key and a plan's id are read).
    mutating func id() -> String? {
        string("id", required: true).map { $0.trimmedOfSpaces }
    }

    /// A number, also written as text ("193", "1,200", " 0.85 ", "85%").
    /// A number, also written as text, also with its unit in the cell (``PropertyText/number(_:unitFor:)``).
    private func numeric(_ value: JSONValue, key: String) -> Double? {
        switch value {
        case .number(let number): return number
        case .string(let text): return PropertyText.number(text) ?? PropertyText.number(text, unitFor: key)
        default: return nil
        }
    }

    /// A number in `range`; `what` reads like "a share 0..1"; `why` says why it is required
    /// where it is only sometimes. `hint` adds a likely reading of a number out of range (a
    /// percentage for a share).
    mutating func number(
        _ key: String, required: Bool, _ range: ClosedRange<Double>, what: String, why: String? = nil,
        over hint: (Double) -> String = { _ in "" }
    ) -> Double? {
        guard let value = present(key) else {
            if required { self.required(key, what, why: why) }
            return nil
        }
        guard let number = numeric(value, key: key), number.isFinite, range.contains(number) else {
            fail(key, "must be \(what), got \(value.shortDescription)" + (numeric(value, key: key).map(hint) ?? ""))
            return nil
        }
        return number
    }

    /// `unit`: a text may end with it ("1995年" for a year).
    /// `reading` reads a text the plain ways do not (a date for a year).
    mutating func wholeNumber(
        _ key: String, required: Bool, _ range: ClosedRange<Double>, what: String, unit: String? = nil,
        reading: ((String) -> Double?)? = nil
    ) -> Int? {
        guard let original = present(key) else {
            if required { self.required(key, what) }
            return nil
        }
        var value = original
        if let reading, case .string(let text) = value, let number = reading(text) { value = .number(number) }
        if let unit, case .string(let text) = value, text.trimmedOfSpaces.hasSuffix(unit) {
            value = .string(String(text.trimmedOfSpaces.dropLast(unit.count)))
        }
        guard let number = numeric(value, key: key), number.isFinite, number == number.rounded(), range.contains(number)
        else {
            // A whole number above the range is one: say the limit it passed.
            let above = numeric(value, key: key).map { $0.isFinite && $0 == $0.rounded() && $0 > range.upperBound } ?? false
            let limit = above ? " and at most \(ColumnNames.groupedThousands(range.upperBound))" : ""
            fail(key, "must be \(what)\(limit), got \(original.shortDescription)")
            return nil
        }
        return Int(number)
    }

    /// true/false, also 1/0 and the texts of PropertyText.bool (是/否, Y/N, yes/no, true/false).
    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = present(key) else { return fallback }
        switch value {
        case .bool(let flag): return flag
        case .number(1): return true
        case .number(0): return false
        case .string(let text):
            if let flag = PropertyText.bool(text) { return flag }
        default: break
        }
        fail(key, "must be true or false (or 1/0, 是/否, Y/N), got \(value.shortDescription)")
        return fallback
    }

    /// A list of text, also one text separated by `,`, `，`, `、`, `;` or `；` (a table cell).
    /// `synonyms` maps other names of the allowed values (the Chinese ones) to them.
    mutating func strings(_ key: String, allowed: [String]? = nil, synonyms: [String: String] = [:]) -> [String]? {
        guard let value = present(key) else { return nil }
        let items: [JSONValue]
        switch value {
        case .array(let list): items = list
        case .string(let text): items = PropertyText.list(text).map(JSONValue.string)
        default:
            fail(key, "must be a list of text, got \(value.shortDescription)")
            return nil
        }
        var result: [String] = []
        for item in items {
            guard case .string(let given) = item, !given.isEmpty else {
                fail(key, "must be a list of text, has \(item.shortDescription)")
                return nil
            }
            let text = synonyms[given.trimmedOfSpaces] ?? given
            if let allowed, !allowed.contains(text) {
                let other = synonyms.isEmpty ? "" : " (or " + allowed.map { a in
                    ([a] + synonyms.filter { $0.value == a }.keys.sorted()).joined(separator: "/")
                }.joined(separator: ", ") + ")"
                // A phrase (燃气管道老化) naming one of them: said, not guessed (无燃气隐患 names it too).
                let named = synonyms.keys.filter { $0.count >= 2 && given.contains($0) }.sorted()
                let hint = named.isEmpty ? "" : "; it names " + named.map { "\($0) (\(synonyms[$0]!))" }.joined(separator: " and ")
                    + ": if that is the hazard, write \(named.map { synonyms[$0]! }.joined(separator: "、")) or \(named.joined(separator: "、"))"
                fail(key, "has \"\(given)\", which is not one of \(allowed.joined(separator: ", "))\(other)\(hint)")
                return nil
            }
            if !result.contains(text) { result.append(text) }
        }
        return result
    }

    /// Whether the feature gives `key` at all (for counting defaults).
    func has(_ key: String) -> Bool { present(key) != nil }
}

/// How numbers, booleans and lists written as text in a table cell are read (SPEC §9).
enum PropertyText {
    /// A number as a planner writes it: 85, 0.85.
    static func plain(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(format: "%g", number)
    }

    /// Empty or white space only (a blank table cell). Most texts start with a visible ASCII
    /// character, which settles it without walking the text's characters.
    static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, first > 0x20, first < 0x7F { return false }
        return text.allSatisfy(\.isWhitespace)
    }

    /// The year of a date as a reserve library writes a completion date: `1990年6月`,
    /// `1990年6月15日`, `1990-06`, `1990-06-15`, `1990/6/15` (also an Excel date cell as GDAL
    /// gives it, `1990/06/15`), `1990.06`; nil for anything else (a plain year is read as a
    /// number: `1990.5` is no date).
    static func yearOfDate(_ text: String) -> Double? {
        var t = text.trimmedOfSpaces
        if let space = t.firstIndex(of: " ") { t = String(t[..<space]) }  // a time after the date
        let dotted = t.contains(".")
        if t.hasSuffix("日") { t.removeLast() }
        if t.hasSuffix("月") { t.removeLast() }
        let parts = t.split(omittingEmptySubsequences: false) { "年月-/.".contains($0) }.map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            parts[0].count == 4, (1...2).contains(parts[1].count), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        // 1990.06 is June 1990; 1990.6 could be a fraction of a year, and is left to the number's check.
        if dotted && (parts.count != 2 || parts[1].count != 2) { return nil }
        if parts.count == 3, let day = Int(parts[2]), !(1...31).contains(day) || parts[2].count > 2 { return nil }
        return Double(parts[0])
    }

    /// The units a count is written with in a cell, by key.
    static let countUnits: [String: Set<String>] = [
        "households": ["户"], "buildings": ["栋", "幢", "座", "栋楼"], "population": ["人", "口人"],
    ]

    /// A number written with its unit in the cell, as office sheets type them: `420户`, `6栋`,
    /// `29,400㎡`, `2.94万㎡` (29,400 m²), `980万元` or `980万` (9,800,000 yuan) for a key in
    /// that unit's kind (``ColumnNames/unit(ofKey:)``: 元, m², 元/m²) or a count of its own
    /// (``countUnits``); nil for anything else (`约420户`, `420人` for households).
    static func number(_ text: String, unitFor key: String) -> Double? {
        let t = text.trimmedOfSpaces
        guard let split = t.firstIndex(where: { !"0123456789.,-+ ".contains($0) }), split != t.startIndex else { return nil }
        let unit = String(t[split...]).trimmedOfSpaces
        guard let value = number(String(t[..<split])) else { return nil }
        if let keyUnit = ColumnNames.unit(ofKey: key), let written = ColumnNames.unit(unit), written.kind == keyUnit.kind {
            return value * written.factor
        }
        return countUnits[key]?.contains(unit) == true ? value : nil
    }

    /// "193", "1,200", "1,200.5", " 0.85 ", "85%" (= 0.85); nil for anything else.
    static func number(_ text: String) -> Double? {
        var body = text.trimmedOfSpaces
        var scale = 1.0
        if body.hasSuffix("%") {
            body.removeLast()
            body = body.trimmedOfSpaces
            scale = 0.01
        }
        if body.contains(",") {
            // Thousands separators only: 1,200 and 12,345,678.9, not 1,2 or 1,2345.
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
            let head = groups[0].hasPrefix("-") ? groups[0].dropFirst() : groups[0]
            guard (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            body = body.replacingOccurrences(of: ",", with: "")
        }
        guard !body.isEmpty, body.allSatisfy({ "0123456789.-+eE".contains($0) }), let value = Double(body) else {
            return nil
        }
        return value * scale
    }

    /// A longitude or latitude in degrees as survey tables and GPS devices write it:
    /// `114°18′30.5″`, `114°18'30.5"`, `114度18分30.5秒`, `30°36.17′`, `114.3083°`, with the
    /// hemisphere before or after it (`E114°18′30.5″`, `30°36′10.2″N`, `东经114°18′30.5″`; W, S,
    /// 西经 and 南纬 are negative). Nil without a degree sign (a plain number is ``number(_:)``'s),
    /// with minutes or seconds of 60 or more, or with anything else in the text.
    static func degrees(_ text: String) -> Double? {
        var body = Substring(text.trimmedOfSpaces)
        var sign = 1.0
        let hemispheres: [(String, Double)] = [
            ("东经", 1), ("北纬", 1), ("西经", -1), ("南纬", -1), ("E", 1), ("N", 1), ("W", -1), ("S", -1),
        ]
        if let (mark, s) = hemispheres.first(where: { body.uppercased().hasPrefix($0.0) }) {
            body = body.dropFirst(mark.count)
            sign = s
        } else if let (mark, s) = hemispheres.first(where: { body.uppercased().hasSuffix($0.0) }) {
            body = body.dropLast(mark.count)
            sign = s
        }
        // Numbers, each followed by its unit (the last unit may be left out; '' for seconds).
        let units: [(marks: Set<Character>, divisor: Double)] = [
            (["°", "˚", "º", "度"], 1), (["′", "'", "’", "＇", "分"], 60), (["″", "\"", "”", "＂", "秒"], 3600),
        ]
        var value = 0.0, unit = 0
        var rest = body.trimmedOfSpaces[...]
        while !rest.isEmpty {
            let digits = rest.prefix { "0123456789.".contains($0) }
            guard unit < units.count, let number = Double(digits), unit == 0 || number < 60 else { return nil }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            if unit == 2, rest.hasPrefix("''") {
                rest = rest.dropFirst(2)
            } else if let mark = rest.first, units[unit].marks.contains(mark) {
                rest = rest.dropFirst()
            } else if !rest.isEmpty {
                return nil
            }
            value += number / units[unit].divisor
            unit += 1
            rest = rest.drop { $0 == " " }
        }
        guard unit > 0, body.contains(where: units[0].marks.contains) else { return nil }
        return sign * value
    }

    static func bool(_ text: String) -> Bool? {
        switch text.trimmedOfSpaces.lowercased() {
        case "true", "t", "yes", "y", "1", "是", "有", "√": return true
        case "false", "f", "no", "n", "0", "否", "无", "×": return false
        default: return nil
        }
    }

    /// The items of a list written in one cell. Besides the separators, the two forms a GIS
    /// export gives a list it cannot store as one: GDAL's `(2:gas,fire)` (ogr2ogr from GeoJSON to
    /// a GeoPackage, Shapefile or MapInfo column) and a JSON array `["gas","fire"]` (QGIS); read
    /// as plain text they gave the items `(2:gas` and `fire)`, and a site's kinds lost one.
    static func list(_ text: String) -> [String] {
        var body = Substring(text.trimmedOfSpaces)
        var quoted = false
        if body.hasPrefix("("), body.hasSuffix(")"), let colon = body.firstIndex(of: ":"),
            let count = Int(body[body.index(after: body.startIndex)..<colon])
        {
            let items = body[body.index(after: colon)..<body.index(before: body.endIndex)]
            if count == 0 && items.isEmpty { return [] }
            if items.split(separator: ",", omittingEmptySubsequences: false).count == count { body = items }
        } else if body.hasPrefix("["), body.hasSuffix("]") {
            if case .array(let items)? = try? JSONIO.decode(Data(body.utf8)), items.allSatisfy({ $0.stringValue != nil }) {
                return items.flatMap { list($0.stringValue!) }
            }
            body = body.dropFirst().dropLast()
            quoted = true
        }
        return body.split(whereSeparator: { ",，、;；".contains($0) })
            .map { item in
                let trimmed = item.trimmedOfSpaces
                return quoted && trimmed.count >= 2 && trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"")
                    ? String(trimmed.dropFirst().dropLast()) : trimmed
            }
            .filter { !$0.isEmpty }
    }
}

/// Builds domain values from raw features, one layer at a time, on all cores.
enum FeatureDecoder {
    /// `read` for every feature on all cores (``Concurrent``); the values and the errors come back
    /// in feature order, as if read one after the other.
    private static func decode<T>(
        _ features: [RawFeature], file: String, errors: inout [InputError], _ read: (inout PropertyReader) -> T?
    ) -> [T] {
        let results = Concurrent.map(features.count, chunk: 512) { index -> (value: T?, errors: [InputError]) in
            var reader = PropertyReader(file: file, feature: features[index])
            let value = read(&reader)
            return (reader.errors.isEmpty ? value : nil, reader.errors)
        }
        var values: [T] = []
        values.reserveCapacity(results.count)
        for result in results {
            errors += result.errors
            if let value = result.value { values.append(value) }
        }
        return values
    }

    /// The hazards' Chinese names, as a reserve library writes them (docs/data.md).
    static let hazardSynonyms: [String: String] = [
        "燃气": "gas", "消防": "fire", "结构": "structure", "房屋结构": "structure", "排水": "drainage",
        "供水": "water", "供电": "power", "电力": "power", "供暖": "heating", "供热": "heating", "采暖": "heating",
        "通信": "telecom", "弱电": "telecom",
    ]

    /// The estate keys of the optional levels: whether each applies, and its own cost.
    private static let levelKeys = Scenario.levelNames.map { (level: $0, cost: "\($0)_cost_yuan") }

    static func estates(_ features: [RawFeature], file: String, scenario: Scenario, errors: inout [InputError])
        -> [Estate]
    {
        decode(features, file: file, errors: &errors) { p in
            let feature = p.feature
            let id = p.id()
            let name = p.string("name", required: false)
            let built = p.wholeNumber(
                "built_year", required: true, 1000...3000, what: "a year such as 1988", unit: "年", reading: PropertyText.yearOfDate)
            // A year after the plan's first is an estate not built yet, which no plan renovates:
            // most often digits swapped (2031 for 2013), which would leave it out in silence.
            if let built, built > scenario.horizon.start {
                p.fail("built_year", "is \(built), after the plan's first year \(scenario.horizon.start): an estate not yet built "
                    + "cannot be renovated; correct the year (digits swapped?) or leave the estate out")
            }
            let households = p.wholeNumber("households", required: true, 0...1e9, what: "a whole number ≥ 0")
            let population = p.wholeNumber("population", required: false, 0...1e10, what: "a whole number ≥ 0")
            let floorArea = p.number("floor_area_m2", required: true, 0...1e10, what: "a number of m² ≥ 0")
            let consent = p.number("consent", required: true, 0...1, what: "a share 0..1", over: { value in
                (2...100).contains(value) ? " (a percentage? write \(PropertyText.plain(value))% or \(PropertyText.plain(value / 100)))" : ""
            })
            let management = p.bool("management_agreed", default: false)
            // "C级" is how an appraisal writes grade C.
            let given = p.string("safety_grade", required: false)?.trimmedOfSpaces
            let grade = given.map { $0.hasSuffix("级") ? String($0.dropLast()) : $0 }?.uppercased() ?? "B"
            if !["A", "B", "C", "D"].contains(grade) { p.fail("safety_grade", "must be one of A, B, C, D (or A级 … D级), got \"\(given ?? grade)\"") }
            let complete = p.bool("complete_units", default: true)
            let hazards = p.strings("hazards", allowed: Scenario.ScoreWeights.hazardNames, synonyms: Self.hazardSynonyms) ?? []
            let cost = p.number("cost_yuan", required: false, 0...1e13, what: "yuan ≥ 0")
            let resident = p.number("resident_yuan", required: false, 0...1e13, what: "yuan ≥ 0") ?? 0
            let utility = p.number("utility_yuan", required: false, 0...1e13, what: "yuan ≥ 0") ?? 0
            let social = p.number("social_yuan", required: false, 0...1e13, what: "yuan ≥ 0") ?? 0
            // SPEC §10: optional levels, whether they apply and what they cost.
            var levelCost: [String: Double] = [:]
            var notApplicable: Set<String> = []
            for (level, costKey) in levelKeys {
                let applies = p.bool(level, default: true)
                let cost = p.number(costKey, required: false, 0...1e13, what: "yuan ≥ 0")
                if !applies { notApplicable.insert(level) }
                if let cost {
                    if applies { levelCost[level] = cost } else {
                        p.fail(costKey, "gives a cost for a level the estate marks as not applicable (\(level): false); remove one of them")
                    }
                }
            }
            let buildings = p.wholeNumber("buildings", required: false, 0...1e9, what: "a whole number ≥ 0")
            guard p.errors.isEmpty, let id, let built, let households, let floorArea, let consent else { return nil }
            let people = population ?? Int((Double(households) * scenario.personsPerHousehold).rounded())
            var estate = Estate(
                id: id, name: name, builtYear: built, households: households, population: people,
                floorAreaM2: floorArea, consent: consent, managementAgreed: management, safetyGrade: grade,
                completeUnits: complete, hazards: hazards, costYuan: cost ?? floorArea * scenario.costPerM2Yuan,
                residentYuan: resident, utilityYuan: utility, socialYuan: social, featureIndex: feature.index,
                shape: feature.shape, buildings: buildings)
            estate.levelCostYuan = levelCost
            estate.levelsNotApplicable = notApplicable
            return estate
        }
    }

    static func facilities(_ features: [RawFeature], file: String, normKinds: Set<String>, errors: inout [InputError])
        -> [Facility]
    {
        decode(features, file: file, errors: &errors) { p in
            let feature = p.feature
            let id = p.id()
            let kind = p.string("kind", required: true)
            let name = p.string("name", required: false)
            // SPEC §7: a norm's access counts each facility's space.
            let capacity = p.number(
                "capacity_m2", required: kind.map(normKinds.contains) ?? false, 0...1e9, what: "m² ≥ 0",
                why: kind.map { "for kind \($0), which has a norm in the scenario" })
            guard p.errors.isEmpty, let id, let kind else { return nil }
            return Facility(
                id: id, kind: kind, name: name, capacityM2: capacity, featureIndex: feature.index, shape: feature.shape)
        }
    }

    static func sites(_ features: [RawFeature], file: String, errors: inout [InputError]) -> [Site] {
        decode(features, file: file, errors: &errors) { p in
            let feature = p.feature
            let id = p.id()
            var area = p.number("area_m2", required: true, 0...1e9, what: "m² > 0")
            if area == 0 {
                p.fail("area_m2", "must be m² > 0, got 0")
                area = nil
            }
            let cost = p.number("cost_per_m2", required: true, 0...1e9, what: "yuan per m² ≥ 0")
            let kinds = p.strings("kinds")
            guard p.errors.isEmpty, let id, let area, let cost else { return nil }
            return Site(id: id, areaM2: area, costPerM2Yuan: cost, kinds: kinds, featureIndex: feature.index, shape: feature.shape)
        }
    }

    /// Reports every id used by more than one feature, naming both places (and `hint`).
    static func checkUniqueIDs(_ items: [(id: String, index: Int)], file: String, hint: String = "", errors: inout [InputError]) {
        var first: [String: Int] = [:]
        // Ids that differ only in case (E0003, e0003): one estate mistyped, or two no one can tell apart.
        var folded: [String: (id: String, index: Int)] = [:]
        for item in items {
            if let earlier = first[item.id] {
                errors.append(
                    InputError(
                        file: file, featureIndex: item.index, featureID: item.id, key: "id",
                        problem: "id \(item.id) is used again (first by feature #\(earlier))\(hint)"))
            } else if let other = folded[item.id.lowercased()] {
                errors.append(
                    InputError(
                        file: file, featureIndex: item.index, featureID: item.id, key: "id",
                        problem: "id \(item.id) differs from \(other.id) (feature #\(other.index)) only in case: a mistyped id, or "
                            + "two features no plan or lock could tell apart; write the one id alike, or give the other its own"))
            } else {
                first[item.id] = item.index
                folded[item.id.lowercased()] = (item.id, item.index)
            }
        }
    }
}
