import Foundation

/// Source column names that are almost a SPEC §1 key (SPEC §9): a misspelt key must never fall
/// back to a default in silence.
enum PropertyNames {
    /// The key `name` was probably meant to be, and whether it is a Shapefile's 10-character cut
    /// of it; nil when `name` is a key or unlike every key.
    ///
    /// Near means: equal but for case, spaces, hyphens or underscores (`Households`,
    /// `floor area m2`); the first ten characters of a longer key (`floor_area`, `management`); or
    /// within two edits of a key of six characters or more (`cost_yaun`), one edit of a key of four
    /// or five (`kind` for `kinds`).
    static func nearMiss(_ name: String, keys: [String]) -> (key: String, cut: Bool)? {
        if keys.contains(name) { return nil }
        let squashed = squash(name)
        if let key = keys.first(where: { squash($0) == squashed }) { return (key, false) }
        let lower = name.lowercased()
        if let key = keys.first(where: { $0.count > 10 && lower == String($0.prefix(10)) }) { return (key, true) }
        var best: (key: String, distance: Int)?
        for key in keys {
            let limit = key.count >= 6 ? 2 : key.count >= 4 ? 1 : 0
            guard limit > 0, abs(key.count - lower.count) <= limit else { continue }
            let distance = editDistance(Array(lower), Array(key))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (key, distance) }
        }
        return best.map { ($0.key, false) }
    }

    static func squash(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "_" && $0 != " " && $0 != "-" && $0 != "\u{3000}" })
    }

    /// How many features have each property name (null or blank values included), counted on
    /// all cores in blocks of 2,048 features.
    static func nameCounts(_ features: [RawFeature]) -> [String: Int] {
        let block = 2048
        let parts = Concurrent.map((features.count + block - 1) / block, chunk: 1) { part -> [String: Int] in
            var counts: [String: Int] = [:]
            for feature in features[(part * block)..<min(features.count, (part + 1) * block)] {
                for name in feature.properties.keys { counts[name, default: 0] += 1 }
            }
            return counts
        }
        var total: [String: Int] = [:]
        for part in parts { total.merge(part, uniquingKeysWith: +) }
        return total
    }

    /// Checks the property names of a layer's features: a near-miss name is an error (once per
    /// name, at the first feature that has it, with the count); names neither read nor near are
    /// listed in one notice. A name a joined table's column gives (after `columns`) is said at
    /// the table, once for the column, and listed in the table's own notice; a name both files
    /// have, at each.
    static func check(
        _ features: [RawFeature], layer: LayerKind, file: String, errors: inout [InputError],
        notices: inout [InputWarning]
    ) {
        let counts = nameCounts(features)
        let keys = layer.keys
        // The table joined to the features, if any (every joined feature has the same columns).
        let table = features.lazy.compactMap { $0.origin?.row }.first
        var unused: [String] = [], unusedInTable: [String] = []
        for name in counts.keys.sorted() where !keys.contains(name) {
            let near = nearMiss(name, keys: keys)
            if let table, table.keys.contains(name) {
                // Read where the feature lacks the key; otherwise it reads the key and carries the other along.
                let lacking = near.map { near in
                    features.contains { $0.origin?.row?.keys.contains(name) == true && $0.properties[near.key] == nil }
                } ?? false
                if let (key, cut) = near, lacking {
                    errors.append(InputError(
                        file: table.file, sheet: table.sheet, key: name,
                        problem: "column " + nearMissProblem(name, key: key, cut: cut, share: nil, layer: layer)))
                } else {
                    unusedInTable.append(name)
                }
                // The geometry file's own column of the name, where it has one, is said below.
                guard features.contains(where: { $0.origin?.replaced.contains(name) == true || ($0.origin?.row == nil && $0.properties[name] != nil) })
                else { continue }
            }
            // A feature has the name from its own file unless its table row gave it.
            func fromFile(_ feature: RawFeature) -> Bool {
                guard feature.properties[name] != nil else { return false }
                guard let row = feature.origin?.row, row.keys.contains(name) else { return true }
                return feature.origin!.replaced.contains(name)
            }
            // Reported at the first feature that has the near name but not the key itself (a
            // feature with both reads the key and carries the other along).
            guard let (key, cut) = near,
                let place = features.first(where: { fromFile($0) && $0.properties[key] == nil })
            else {
                unused.append(name)
                continue
            }
            let count = table?.keys.contains(name) == true ? features.count(where: fromFile) : counts[name]!
            let share = count == features.count ? "every feature has it" : "\(count) of \(features.count) features have it"
            errors.append(InputError(
                file: file, featureIndex: place.index, featureID: place.id, key: name,
                problem: nearMissProblem(name, key: key, cut: cut, share: share, layer: layer)))
        }
        if !unused.isEmpty {
            notices.append(InputWarning(
                file: file, featureIndex: nil, featureID: nil,
                problem: "\(unused.count) propert\(unused.count == 1 ? "y is" : "ies are") carried along and not used: \(quoted(unused))"))
        }
        if let table, !unusedInTable.isEmpty {
            notices.append(InputWarning(
                file: table.file, sheet: table.sheet, featureIndex: nil, featureID: nil,
                problem: "\(unusedInTable.count) column\(unusedInTable.count == 1 ? " is" : "s are") carried along and not used: "
                    + quoted(unusedInTable)))
        }
    }

    private static func quoted(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// The words for a near-miss `name` of `key`; `share`: how many features have it (nil for
    /// a table's column, which every row has).
    private static func nearMissProblem(_ name: String, key: String, cut: Bool, share: String?, layer: LayerKind) -> String {
        let how = share.map { " (\($0))" } ?? ""
        if cut {
            return "\(name) looks like a Shapefile's 10-character cut of \(key)\(how); "
                + "map it in the scenario's geodata.\(layer.rawValue): columns: {\(name): \(key)}"
        }
        return "\(name) is not a property renoplan reads (did you mean '\(key)'?); "
            + "\(key) would be taken as absent\(how): rename the \(share == nil ? "column" : "property"), "
            + "or map it in geodata.\(layer.rawValue): columns: {\(name): \(key)}"
    }
}

/// Facility kinds that are meant to be a kind the scenario uses but for case, spelling or
/// language (`Kindergarten`, `养老服务`): such a facility would be carried along unused (SPEC §9).
enum KindNames {
    /// Common Chinese names of the kinds (as POI exports and surveys write them).
    static let chinese: [String: String] = [
        "养老服务": "elderly_care", "养老": "elderly_care", "养老院": "elderly_care", "养老机构": "elderly_care",
        "养老服务设施": "elderly_care", "敬老院": "elderly_care", "养老服务中心": "elderly_care",
        "日间照料": "day_care", "日间照料中心": "day_care", "社区日间照料中心": "day_care",
        "卫生服务站": "clinic", "社区卫生服务站": "clinic", "社区卫生服务中心": "clinic", "卫生站": "clinic",
        "诊所": "clinic", "卫生服务中心": "clinic", "医疗": "clinic",
        "幼儿园": "kindergarten", "托儿所": "childcare", "托育": "childcare", "托育机构": "childcare",
        "小学": "primary_school", "菜市场": "market", "农贸市场": "market", "市场": "market", "超市": "supermarket",
        "健身": "fitness", "健身场地": "fitness", "公园": "park", "绿地": "park",
        "社区服务中心": "community_service", "社区服务站": "community_service", "便民服务": "community_service",
        "快递": "post_parcel", "邮政": "post_parcel", "快递点": "post_parcel", "公交站": "bus_stop",
    ]

    /// The common kinds (those ``chinese`` names): a scenario's kind among them is taken as
    /// right, and a site's as known.
    static let common = Set(chinese.values)

    /// The used kind `kind` was probably meant to be; nil when it is used itself or unlike one.
    static func nearMiss(_ kind: String, used: Set<String>) -> String? {
        if used.contains(kind) { return nil }
        if let key = chinese[kind.trimmedOfSpaces], used.contains(key) { return key }
        return PropertyNames.nearMiss(kind, keys: used.sorted()).map(\.key)
    }

    /// The scenario's own misspelt kinds: a `coverage` or `norms` kind, not one of the common
    /// kinds, that no facility has, where the facilities have a kind it is near (`clinc` when 39 facilities are `clinic`, or
    /// 卫生服务站 for `clinic`). Otherwise coverage of it would be 0 and a norm would be met by
    /// building, with only the "no facility of kind" notice to say so. One error at the
    /// scenario's entry; `meant`, the facility kinds so claimed, are then not errors of the data.
    static func scenarioTypos(_ facilities: [Facility], scenario: Scenario) -> (errors: [ScenarioError], meant: Set<String>) {
        var counts: [String: Int] = [:]
        for facility in facilities { counts[facility.kind, default: 0] += 1 }
        let present = Set(counts.keys)
        var errors: [ScenarioError] = []
        var meant = Set<String>()
        let entries = scenario.coverage.enumerated().map { ("coverage[\($0.offset)].kind", $0.element.kind) }
            + scenario.norms.enumerated().map { ("norms[\($0.offset)].kind", $0.element.kind) }
        // A common kind the scenario names (kindergarten) is right; the data's near one (Kindergarten) is its typo.
        for (path, kind) in entries where !present.contains(kind) && !common.contains(kind) {
            guard let near = nearMiss(kind, used: present) ?? present.sorted().first(where: { nearMiss($0, used: [kind]) != nil })
            else { continue }
            meant.insert(near)
            errors.append(scenario.error(path, "no facility is of kind \(kind), and \(counts[near]!) "
                + "\(counts[near]! == 1 ? "is" : "are") of kind \(near) (did you mean '\(near)'?): write \(near)"))
        }
        return (errors, meant)
    }

    /// One error per near-miss kind, at its first facility, with the count.
    static func check(_ facilities: [Facility], used: Set<String>, file: String, errors: inout [InputError]) {
        var first: [String: (facility: Facility, count: Int)] = [:]
        var order: [String] = []
        for facility in facilities where !used.contains(facility.kind) {
            if let seen = first[facility.kind] {
                first[facility.kind] = (seen.facility, seen.count + 1)
            } else {
                first[facility.kind] = (facility, 1)
                order.append(facility.kind)
            }
        }
        for kind in order {
            guard let meant = nearMiss(kind, used: used), let (facility, count) = first[kind] else { continue }
            errors.append(InputError(
                file: file, featureIndex: facility.featureIndex, featureID: facility.id, key: "kind",
                problem: "kind \"\(kind)\" is used by no coverage or norms entry (did you mean '\(meant)'? the scenario uses that); "
                    + "\(count) facilit\(count == 1 ? "y has" : "ies have") it and would be carried along unused: write \(meant)"))
        }
    }

    /// The kinds the scenario's `coverage` and `norms` ask for that no facility has: every
    /// estate counts as uncovered for them (and, for a norm, only new space on sites serves it).
    /// One notice for the layer; nil when every kind is there.
    static func absent(
        _ facilities: [Facility], coverage: [String], norms: Set<String>, file: String?
    ) -> InputWarning? {
        let present = Set(facilities.map(\.kind))
        var missing: [String] = []
        for kind in coverage + norms.sorted() where !present.contains(kind) && !missing.contains(kind) { missing.append(kind) }
        guard !missing.isEmpty else { return nil }
        let list = missing.joined(separator: ", ")
        return InputWarning(
            file: file ?? "geodata.facilities", featureIndex: nil, featureID: nil,
            problem: "no facility of kind \(list), which the scenario's coverage or norms ask for: every estate counts as "
                + "not covered by \(missing.count == 1 ? "it" : "them") (a norm is met only by new space on sites); "
                + "if the data has them under another name, write that kind in the scenario or the data",
            chinese: "没有\(list)类设施，而情景的覆盖或配建标准要用到：所有小区都按未覆盖计（配建标准只能靠在候选地块新建用房满足）；"
                + "如果数据里用了别的名称，请在情景或数据中统一写法")
    }

    /// Sites whose `kinds` are all unknown: used by no `coverage` or `norms` entry, none of the
    /// common kinds, and near none in use (that is an error of its own), as `spaceport` or a
    /// kind typed in a language of its own. Such a site can host nothing. One notice naming up
    /// to five; none when the scenario has no norms (no site hosts anything then).
    static func idle(_ sites: [Site], norms: Set<String>, used: Set<String>, file: String) -> InputWarning? {
        guard !norms.isEmpty else { return nil }
        let idle = sites.filter { site in
            guard let kinds = site.kinds, !kinds.isEmpty else { return false }
            return kinds.allSatisfy { !used.contains($0) && !common.contains($0) && nearMiss($0, used: used) == nil }
        }
        guard !idle.isEmpty else { return nil }
        let named = firstOf(idle.map { "\($0.id): \(($0.kinds ?? []).joined(separator: ", "))" }, 5, separator: "; ")
        return InputWarning(
            file: file, featureIndex: nil, featureID: nil,
            problem: "\(idle.count) of \(sites.count) sites list only kinds the scenario uses nowhere and renoplan does not know "
                + "(\(named)): they can host nothing; the norms' kinds: \(norms.sorted().joined(separator: ", "))",
            chinese: "\(idle.count)个候选用地的kinds只有情景中未用、也不是常见类别的名称（\(named)）：不能新增任何设施用房；"
                + "配建标准的类别：\(norms.sorted().joined(separator: "、"))")
    }

    /// A site's `kinds` entry that is a used kind but for case or spelling: the site could host
    /// nothing of that kind. One error per site.
    static func check(_ sites: [Site], used: Set<String>, file: String, errors: inout [InputError]) {
        for site in sites {
            for kind in site.kinds ?? [] {
                guard let meant = nearMiss(kind, used: used) else { continue }
                errors.append(InputError(
                    file: file, featureIndex: site.featureIndex, featureID: site.id, key: "kinds",
                    problem: "kinds has \"\(kind)\", which is used by no coverage or norms entry (did you mean '\(meant)'?): "
                        + "the site could not host it"))
                break
            }
        }
    }
}

/// Column names as planners write them (SPEC §9): the column a misspelt `columns:`, `key:`,
/// `x:`, `y:` or `sheet:` name was meant to be, and what a unit in a column's name means.
enum ColumnNames {
    /// The name without a trailing unit in brackets (`改造估算（万元）` → `改造估算`, `万元`;
    /// `面积(m2)` → `面积`, `m2`), trimmed.
    static func splitUnit(_ name: String) -> (name: String, unit: String?) {
        let trimmed = name.trimmedOfSpaces
        guard let last = trimmed.last, "）)】]".contains(last),
            let open = trimmed.lastIndex(where: { "（(【[".contains($0) }), open != trimmed.startIndex
        else { return (trimmed, nil) }
        let unit = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            .trimmedOfSpaces
        let bare = trimmed[..<open].trimmedOfSpaces
        return unit.isEmpty ? (bare, nil) : (bare, unit)
    }

    /// The candidate `name` was probably meant to be, nil when none is near:
    /// 1. equal but for case, spaces (also full-width), hyphens or underscores (`户 数`, `户数`);
    /// 2. equal so once a trailing unit in brackets is removed from either (`改造估算（元）`,
    ///    `改造估算（万元）`, `改造估算`) — a hint only: the unit may differ (``unitNote``);
    /// 3. one contains the other (`储备库2025`, `储备库`; `长效管理机制`, `长效管理`), the shorter
    ///    having two characters or more;
    /// 4. within two edits for names of four characters or more, one edit for two or three.
    /// Ties go to the first candidate.
    ///
    /// - Complexity: O(n·k²) for n candidates of about k characters.
    static func nearest(_ name: String, in candidates: [String]) -> String? {
        guard !candidates.contains(name) else { return nil }
        let squashed = PropertyNames.squash(name)
        if let match = candidates.first(where: { PropertyNames.squash($0) == squashed }) { return match }
        let bare = PropertyNames.squash(splitUnit(name).name)
        if let match = candidates.first(where: { PropertyNames.squash(splitUnit($0).name) == bare }) { return match }
        let containing = candidates.filter { candidate in
            let other = PropertyNames.squash(splitUnit(candidate).name)
            return min(other.count, bare.count) >= 2 && (other.contains(bare) || bare.contains(other))
        }
        if let match = containing.min(by: { abs($0.count - name.count) < abs($1.count - name.count) }) { return match }
        let limit = name.count >= 4 ? 2 : name.count >= 2 ? 1 : 0
        var best: (name: String, distance: Int)?
        for candidate in candidates where abs(candidate.count - name.count) <= limit {
            let distance = editDistance(Array(name.lowercased()), Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// A unit and its size in the base unit of its kind (元, m², 元/m²).
    struct Unit: Equatable {
        var kind: String
        var factor: Double
        var text: String
    }

    static func unit(_ text: String) -> Unit? {
        let t = text.lowercased().replacingOccurrences(of: " ", with: "")
        switch t {
        case "元", "yuan", "rmb", "人民币": return Unit(kind: "元", factor: 1, text: text)
        case "千元": return Unit(kind: "元", factor: 1_000, text: text)
        case "万元", "万": return Unit(kind: "元", factor: 10_000, text: text)
        case "亿元", "亿": return Unit(kind: "元", factor: 100_000_000, text: text)
        case "m2", "m²", "㎡", "平方米", "平米", "sqm": return Unit(kind: "m²", factor: 1, text: text)
        case "万m2", "万m²", "万㎡", "万平方米", "万平米", "公顷", "ha", "hm2", "hm²": return Unit(kind: "m²", factor: 10_000, text: text)
        case "元/m2", "元/m²", "元/㎡", "元/平方米", "元/平米", "元每平方米": return Unit(kind: "元/m²", factor: 1, text: text)
        case "万元/m2", "万元/m²", "万元/㎡", "万元/平方米", "万元/平米": return Unit(kind: "元/m²", factor: 10_000, text: text)
        default: return nil
        }
    }

    /// The units a planner may declare for a key of this kind (`units:`, docs/data.md), as
    /// they are written in the error that lists them.
    static func declarable(kind: String) -> [String] {
        switch kind {
        case "元": return ["元", "千元", "万元", "亿元"]
        case "m²": return ["m2", "㎡", "平方米", "万m2", "万㎡", "万平方米", "公顷"]
        case "元/m²": return ["元/m2", "元/㎡", "元/平方米", "万元/m2", "万元/㎡", "万元/平方米"]
        default: return []
        }
    }

    /// What is left of a unit at the end of a column's name cut short, as a Shapefile's
    /// 10-byte names cut it: `改造费用(万元)` becomes `改造费用(` (GBK, the 万 no longer fits)
    /// or `费用(万元` (the bracket is not closed); `改造费用万元` becomes `改造费用万`.
    enum CutUnit: Equatable {
        /// The unit can be told from what is left: `(万`, `(万元` or a final 万 after a cost
        /// or an area is 万元 or 万m², whatever the rest was.
        case known(Unit, left: String)
        /// It cannot: `改造费用(` may have been in 元 or in 万元.
        case lost(left: String)

        var left: String {
            switch self {
            case .known(_, let left), .lost(let left): return left
            }
        }
    }

    /// The cut unit at the end of `column` for `key` (a key with a unit), nil when the name is
    /// not cut so: a bracket opened and not closed, or a final 万 after a name of two
    /// characters or more for a key in 元 or m².
    static func cutUnit(_ column: String, key: String) -> CutUnit? {
        guard let keyUnit = unit(ofKey: key) else { return nil }
        let trimmed = column.trimmedOfSpaces
        if let open = trimmed.lastIndex(where: { "（(【[".contains($0) }), !trimmed[open...].contains(where: { "）)】]".contains($0) }),
            open != trimmed.startIndex
        {
            let left = String(trimmed[open...])
            let fragment = trimmed[trimmed.index(after: open)...].trimmedOfSpaces.lowercased()
            // Every unit of the key's kind that begins so; one factor among them tells the unit.
            let candidates = declarable(kind: keyUnit.kind).compactMap { unit($0) }
                .filter { !fragment.isEmpty && $0.text.lowercased().hasPrefix(fragment) }
            if let first = candidates.first, candidates.allSatisfy({ $0.factor == first.factor }) {
                return .known(first, left: left)
            }
            return .lost(left: left)
        }
        if trimmed.count >= 3, trimmed.hasSuffix("万"), ["元", "m²"].contains(keyUnit.kind) {
            return .known(unit(keyUnit.kind == "元" ? "万元" : "万m2")!, left: "万")
        }
        return nil
    }

    /// The unit a SPEC §1 key is in (`cost_yuan` in 元, `floor_area_m2` in m²).
    static func unit(ofKey key: String) -> Unit? {
        if key == "cost_per_m2" { return Unit(kind: "元/m²", factor: 1, text: "元/m²") }
        if key.hasSuffix("_yuan") { return Unit(kind: "元", factor: 1, text: "元 (yuan)") }
        if key.hasSuffix("_m2") { return Unit(kind: "m²", factor: 1, text: "m²") }
        return nil
    }

    /// What a column's name says of its unit against its key's: how the column is read into
    /// the key (``LayerJoin``, `init`) and what the planner must check before mapping it
    /// (``unitNote(mapped:column:key:)``).
    struct Conversion {
        var column: String
        var key: String
        /// The key's unit; nil for a key that has none (nothing is converted).
        var keyUnit: Unit?
        /// The unit in brackets at the end of the column's name, as written, known or not.
        var written: String?
        /// That unit, when renoplan knows it and the key has a unit.
        var unit: Unit?
        /// The unit the layer's `units:` declares for the key (checked by the scenario loader).
        var declared: Unit?
        /// The unit at the end of the name cut short (a Shapefile's 10 bytes), where no whole
        /// unit is written.
        var cut: CutUnit?

        /// The unit the column is read in: the declared one, else the one its name says, whole
        /// or cut (`改造费用万`: 万元).
        var readIn: Unit? {
            if let declared { return declared }
            if let unit { return unit }
            if case .known(let unit, _)? = cut { return unit }
            return nil
        }

        /// The multiplier into the key's unit: 10,000 from 万元 to yuan; 1 without a known unit,
        /// in the key's own, or where refused.
        var factor: Double { refused == nil && lostUnit == nil ? readIn?.factor ?? 1 : 1 }

        /// Why the column cannot be read into the key: its unit is of another kind
        /// (`面积（万元）` into `floor_area_m2`), or `units:` declares another than its name
        /// says; nil if it can.
        var refused: String? {
            if let unit, let declared, unit.factor != declared.factor || unit.kind != declared.kind {
                return "'\(column)' says it is in \(unit.text), but units.\(key) says \(declared.text): "
                    + "remove one of them, or map a column in \(declared.text)"
            }
            guard let unit, let keyUnit, unit.kind != keyUnit.kind else { return nil }
            return "'\(column)' is in \(unit.text), which is not a unit of \(key) (\(keyUnit.text)): map a column in \(keyUnit.text)"
        }

        /// Why the column cannot be read without a declared unit: its name was cut where its
        /// unit was (`改造费用(`); nil otherwise.
        var lostUnit: String? {
            guard declared == nil, case .lost(let left)? = cut, let keyUnit else { return nil }
            let units = ColumnNames.declarable(kind: keyUnit.kind)
            let larger = units.first { $0.hasPrefix("万") } ?? units[0]
            return "'\(column)' ends in '\(left)', the start of a unit cut off (a Shapefile's column names are cut at 10 bytes: "
                + "a name such as \(splitUnit(String(column.dropLast(left.count))).name)(万元) comes back so), and \(key) would be read in "
                + "\(keyUnit.text) whatever the unit was: say it with units: {\(key): \(larger)} (or \(units[0])) beside columns"
        }

        /// How the unit came to be known, for the notice: "units: 万元", "its name ends in 万".
        var source: String {
            if let declared { return "units.\(key): \(declared.text)" }
            if unit != nil { return "its name" }
            return "its name, cut short, ends in '\(cut?.left ?? "")'"
        }
    }

    /// How a column whose name gives a unit (`改造估算（万元）`, or cut short: `改造费用万`) is
    /// read into `key`, with the unit `declared` by the layer's `units:`.
    static func conversion(column: String, key: String, declared: String? = nil) -> Conversion {
        let keyUnit = unit(ofKey: key)
        let written = splitUnit(column).unit
        let known = keyUnit == nil ? nil : written.flatMap { unit($0) }
        return Conversion(
            column: column, key: key, keyUnit: keyUnit, written: written, unit: known, declared: declared.flatMap { unit($0) },
            cut: written == nil ? cutUnit(column, key: key) : nil)
    }

    /// What the planner must check before mapping `column` to `key` instead of `mapped`: a unit
    /// in its name that is not the key's (万元 for yuan: 10,000 times; of another kind:
    /// refused), or no unit where the mapping named one. Never a reason to take the column
    /// silently.
    static func unitNote(mapped: String, column: String, key: String) -> String? {
        let found = conversion(column: column, key: key)
        guard let keyUnit = found.keyUnit else { return nil }
        if let refused = found.refused { return refused }
        if let lost = found.lostUnit { return lost }
        if let unit = found.readIn {
            guard found.factor != 1 else { return nil }
            let factor = formatNumber(found.factor).count > 3 ? groupedThousands(found.factor) : formatNumber(found.factor)
            return "'\(column)' is in \(unit.text): mapped by its name as written, its values are read in \(unit.text) "
                + "and multiplied by \(factor) for \(key) (1 \(unit.text) = \(factor) \(keyUnit.kind))"
        }
        if found.written == nil, conversion(column: mapped, key: key).written != nil || keyUnit.kind == "元" {
            let larger = keyUnit.kind == "m²" ? "万m²" : keyUnit.kind == "元/m²" ? "万元/m²" : "万元"
            return "'\(column)' names no unit: check that it is in \(keyUnit.text), as \(key) is "
                + "(a column in \(larger) would make every value 10,000 times too small)"
        }
        return nil
    }

    /// 10000 → "10,000".
    static func groupedThousands(_ value: Double) -> String {
        let digits = Array(formatNumber(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return result
    }
}
