import Foundation

/// The formats a `geodata` layer may be in, from its extension (SPEC §9).
enum LayerFormat: Equatable {
    case geoJSON, shapefile, geoPackage, fileGDB, csv, xlsx, other

    init(_ url: URL) {
        switch url.pathExtension.lowercased() {
        case "geojson", "json": self = .geoJSON
        case "shp", "dbf": self = .shapefile
        case "gpkg": self = .geoPackage
        case "gdb": self = .fileGDB
        case "csv", "txt": self = .csv
        case "xlsx", "xls": self = .xlsx
        default: self = .other
        }
    }

    /// How errors and warnings name a layer's file: a layer chosen in a GeoPackage or FileGDB
    /// (which hold many) is named with it, `现状.gpkg (layer 小区)`, so that a planner knows
    /// which one to open; every other file by its name.
    static func label(_ url: URL, layer: String?) -> String {
        guard let layer, [.geoPackage, .fileGDB].contains(LayerFormat(url)) else { return url.lastPathComponent }
        return "\(url.lastPathComponent) (layer \(layer))"
    }
}

/// Where a feature's properties came from after `columns` and `table` (SPEC §9), so that an
/// error names the table row and the column as the planner wrote it, and an absence already
/// reported is not reported again for every feature.
struct PropertyOrigin {
    /// The source column of each SPEC §1 key that `columns` renamed (`households` → `户数`), as
    /// the geometry file names it.
    var sourceNames: [String: String] = [:]
    /// Names (after `columns`, not SPEC §1 keys) the geometry file gave the feature that its
    /// table row gave too, and so replaced: a near-miss name in both files is said at each.
    var replaced: Set<String> = []
    /// The table row joined to the feature.
    var row: TableRow?
    /// The feature has no table row (the table could not be read or joined, or has no row for
    /// its key): that one error stands for every property the row would have given.
    var unjoined = false
    /// Keys mapped from a column that no file has: that error stands for their absence.
    var unmapped: Set<String> = []

    struct TableRow {
        var file: String
        var sheet: String?
        /// The row number the spreadsheet shows.
        var number: Int
        /// The keys the table's columns give (after `columns`).
        var keys: Set<String>
        /// The table's source column of each key `columns` renamed from one of its columns
        /// (`XQBM: id, 小区编号: id`: 小区编号 for id).
        var sourceNames: [String: String] = [:]
    }

    /// The key as the planner's files name it: `户数 (households)`, or the key itself; as the
    /// table names it where the value came from the table's row.
    func label(_ key: String) -> String {
        let name = row.map { $0.keys.contains(key) ? $0.sourceNames[key] : sourceNames[key] } ?? sourceNames[key]
        return name.map { "\($0) (\(key))" } ?? key
    }

    /// Whether an absent `key` has been reported already.
    func absenceReported(_ key: String) -> Bool { unjoined || unmapped.contains(key) }
}

/// A layer's `columns` renaming and `table` join (SPEC §9).
enum LayerJoin {
    /// Renames the properties after `columns`, then joins the table rows by `key`: a feature
    /// without a row and a row without a feature are errors naming the key. A `columns` source
    /// that neither file has is a scenario error with the nearest column; a table that cannot be
    /// read or joined at all is one error, not one per feature. `columns` may map one column of
    /// each file to the key (`XQBM: id` in the geometry file, `小区编号: id` in the table); two
    /// of one file are a scenario error.
    /// `header`: the file's own column names, where it has them (a layer GDAL reads); they
    /// count even when every row was refused (a CSV whose every coordinate is bad has columns).
    static func apply(
        _ source: LayerSource, to features: [RawFeature], header: [String] = [], kind: LayerKind, file: String, scenario: Scenario,
        problems: inout InvalidInput
    ) -> [RawFeature] {
        // The geometry file's columns, in the order the features first have them, then the rest
        // of its header.
        var geometryColumns: [String] = []
        var seen = Set<String>()
        for feature in features {
            for name in feature.properties.keys.sorted() where seen.insert(name).inserted { geometryColumns.append(name) }
        }
        for name in header where seen.insert(name).inserted { geometryColumns.append(name) }
        var origin = PropertyOrigin()
        // A key mapped from a column of each file is named here as the geometry file names it.
        for mapping in source.columns where mapping.source != mapping.key {
            if origin.sourceNames[mapping.key] == nil || seen.contains(mapping.source) { origin.sourceNames[mapping.key] = mapping.source }
        }
        let factors = unitFactors(source)
        var features = features.map { feature -> RawFeature in
            var feature = feature
            feature.properties = renamed(feature.properties, source, factors: factors)
            feature.id = idText(feature.properties["id"])
            feature.origin = origin
            return feature
        }
        func mark(_ change: (inout PropertyOrigin) -> Void) {
            for index in features.indices { change(&features[index].origin!) }
        }
        guard let tableURL = source.table else {
            let unmapped = checkColumns(
                source, kind: kind, columns: geometryColumns, files: file, scenario: scenario, problems: &problems)
            if !unmapped.isEmpty { mark { $0.unmapped = unmapped } }
            return features
        }
        let tableFile = tableURL.lastPathComponent
        let key = source.key.map(source.renamed) ?? "id"
        let label = source.key ?? key  // as the planner's files name it
        // The columns `columns` maps to the key: one, or one of each file.
        let keyColumns = source.columns.filter { $0.key == key }.map(\.source)
        var tableSource = LayerSource()
        tableSource.layer = source.sheet
        tableSource.encoding = source.encoding
        // The key as the table names it (`key: id` with `小区编号: id` is the column 小区编号;
        // with `XQBM: id, 小区编号: id`, the one the geometry file does not have).
        tableSource.key = source.key.map { _ in keyColumns.first { !seen.contains($0) } ?? keyColumns.first ?? label }
        let reader = OGRLayerReader(url: tableURL, source: tableSource, kind: kind, table: true)
        guard let table = reader.readContents(errors: &problems.inputErrors) else {
            mark { $0.unjoined = true }
            return features
        }
        problems.warnings += table.warnings
        let sheet = LayerFormat(tableURL) == .xlsx ? table.layerName : nil
        let place = tableFile + (sheet.map { ", sheet \($0)" } ?? "")
        // A 单位：万元 line above the header: the unit of its money columns that name none.
        var tableFactors = factors
        if let title = table.moneyUnit {
            for (column, factor) in titleUnitFactors(source, unit: title.unit, columns: table.columns) {
                tableFactors[column] = factor
                problems.notices.append(InputWarning(
                    file: tableFile, sheet: sheet, featureIndex: nil, featureID: nil,
                    problem: "\(column) is read in \(title.unit) (单位：\(title.unit) above the header, row \(title.row)): its values "
                        + "are multiplied by \(ColumnNames.groupedThousands(factor)) for \(source.renamed(column)); if the column is "
                        + "in yuan, say so with units: {\(source.renamed(column)): 元} or in its name (\(column)（元）)"))
            }
        }
        func tableError(_ problem: String, key: String?, row: Int? = nil, id: String? = nil) {
            problems.inputErrors.append(InputError(file: tableFile, sheet: sheet, featureID: id, key: key, problem: problem, row: row))
        }
        // The table's columns win over the geometry file's of the same name.
        let tableColumns = Set(table.columns)
        var unmapped = checkColumns(
            source, kind: kind, columns: geometryColumns + table.columns.filter { !seen.contains($0) },
            files: "\(file) or \(place)", holder: { tableColumns.contains($0) ? place : file }, scenario: scenario,
            problems: &problems)
        let mappedTwice = checkMappedTwice(
            source, kind: kind, files: [(file, seen), (place, Set(table.columns))], scenario: scenario, problems: &problems)
        unmapped.formUnion(mappedTwice)
        if !unmapped.isEmpty { mark { $0.unmapped = unmapped } }
        // The key as each file names it, where `columns` maps a column of each to it.
        func keyName(in columns: [String]) -> String {
            keyColumns.count > 1 ? keyColumns.first(where: columns.contains) ?? label : label
        }
        let tableLabel = keyName(in: table.columns), geometryLabel = keyName(in: geometryColumns)
        // Which of a file's two key columns to join by is that error's to settle.
        guard !mappedTwice.contains(key) else {
            mark { $0.unjoined = true }
            return features
        }
        guard !table.columns.isEmpty, !table.features.isEmpty else {
            tableError(
                table.columns.isEmpty ? "is empty" : "has a header row (\(table.columns.joined(separator: ", "))) but no rows",
                key: nil)
            mark { $0.unjoined = true }
            return features
        }
        // A key column missing altogether is one error, not one per row, with the other file's
        // column of the same codes where there is one (looked for only then).
        let tableRows = table.features.map(\.properties)
        func hasKey(
            _ columns: [String], in file: String, sheet: String?, codes: @autoclosure () -> (file: String, column: String, keys: Set<String>)?,
            rows: @autoclosure () -> [[String: JSONValue]], renamed: (String) -> String, isTable: Bool
        ) -> Bool {
            guard !columns.contains(where: { source.renamed($0) == key }) else { return true }
            // A name near the key's is the likelier slip; else the column of the other file's codes.
            let missing = "has no column \(label) to join by (geodata.\(kind.rawValue).key"
            let near = ColumnNames.nearest(label, in: columns)
            let problem: String
            if near == nil,
                let same = sameCodes(kind: kind, source: source, columns: columns, rows: rows(), renamed: renamed, other: codes(), isTable: isTable)
            {
                problem = missing + "), but " + same
            } else {
                let hint = near.map { "; did you mean '\($0)'?" } ?? ""
                problem = missing + hint + "); its columns: " + (columns.isEmpty ? "none" : columns.joined(separator: ", "))
            }
            problems.inputErrors.append(InputError(file: file, sheet: sheet, key: label, problem: problem))
            return false
        }
        let geometryKeyColumn = geometryColumns.first { source.renamed($0) == key }
        let tableKeyColumn = table.columns.first { source.renamed($0) == key }
        guard hasKey(table.columns, in: tableFile, sheet: sheet,
                     codes: geometryKeyColumn.map { column in (file, column, Set(features.compactMap { idText($0.properties[key]) })) },
                     rows: tableRows, renamed: { $0 }, isTable: true),
              hasKey(geometryColumns, in: file, sheet: nil,
                     codes: tableKeyColumn.map { column in (place, column, Set(tableRows.compactMap { idText($0[column]) })) },
                     rows: features.map(\.properties), renamed: source.renamed, isTable: false)
        else {
            mark { $0.unjoined = true }
            return features
        }
        let tableKeys = Set(table.columns.map(source.renamed))
        // The table's own names of the keys it gives under another name.
        var tableSourceNames: [String: String] = [:]
        for mapping in source.columns where mapping.source != mapping.key && table.columns.contains(mapping.source) {
            tableSourceNames[mapping.key] = tableSourceNames[mapping.key] ?? mapping.source
        }
        var byKey: [String: (row: Int, properties: [String: JSONValue], emptyBelowValue: Set<String>)] = [:]
        var order: [String] = []
        for row in table.features {
            let properties = renamed(row.properties, source, factors: tableFactors)
            let rowNumber = row.index + 2  // the row as the spreadsheet numbers it
            guard let value = idText(properties[key]) else {
                tableError("\(tableLabel) is empty: the row cannot be joined", key: key, row: rowNumber)
                continue
            }
            if let earlier = byKey[value] {
                tableError("\(tableLabel) \(value) is used again (first by row \(earlier.row))", key: key, row: rowNumber, id: value)
                continue
            }
            byKey[value] = (rowNumber, properties, row.emptyBelowValue)
            order.append(value)
        }
        // A layer with no features: that is said once where the layer is read ("has no
        // estates"), not once for every row of the table.
        guard !features.isEmpty else { return features }
        let featureKeys = features.map { idText($0.properties[key]) }
        // Not one key in common: one error for the pair, with what each side's keys look like.
        if !byKey.isEmpty, featureKeys.allSatisfy({ $0.map { byKey[$0] == nil } ?? true }),
            let example = featureKeys.compactMap({ $0 }).first
        {
            tableError(noMatch(tableLabel, file: file, featureKey: example, featureKeys: featureKeys.compactMap { $0 }, rowKeys: order,
                               place: place, kind: kind), key: key)
            mark { $0.unjoined = true }
            return features
        }
        let layerKeys = Set(kind.keys)
        var joined = Set<String>()
        for index in features.indices {
            guard let value = featureKeys[index] else {
                problems.inputErrors.append(InputError(
                    file: file, featureIndex: features[index].index, key: key,
                    problem: "\(geometryLabel) is empty: the feature cannot be joined to \(place)"))
                features[index].origin!.unjoined = true
                continue
            }
            guard let row = byKey[value] else {
                problems.inputErrors.append(InputError(
                    file: file, featureIndex: features[index].index, featureID: features[index].id, key: key,
                    problem: "no row of \(place) has \(tableLabel) \(value)"))
                features[index].origin!.unjoined = true
                continue
            }
            joined.insert(value)
            for (name, cell) in row.properties {
                // A column of both files that renoplan does not read: its near-miss check is said at each.
                if !layerKeys.contains(name), features[index].properties[name] != nil { features[index].origin!.replaced.insert(name) }
                features[index].properties[name] = cell
            }
            features[index].emptyBelowValue.formUnion(row.emptyBelowValue)
            features[index].id = idText(features[index].properties["id"])
            features[index].origin!.row = .init(
                file: tableFile, sheet: sheet, number: row.row, keys: tableKeys, sourceNames: tableSourceNames)
        }
        for value in order where !joined.contains(value) {
            tableError("no feature of \(file) has \(geometryLabel) \(value)", key: key, row: byKey[value]!.row, id: value)
        }
        return features
    }

    /// Where one file has no column to join by: its column that holds the other file's codes,
    /// and how to join the two (`columns: {XQBM: id, 小区编号: id}, key: id`); nil when no
    /// column has one of them. `rows`: the file's rows, their names `renamed` as `columns`
    /// renames them; `other`: the other file, its key column and its codes.
    static func sameCodes(
        kind: LayerKind, source: LayerSource, columns: [String], rows: [[String: JSONValue]], renamed: (String) -> String,
        other: (file: String, column: String, keys: Set<String>)?, isTable: Bool
    ) -> String? {
        guard let other, !other.keys.isEmpty else { return nil }
        var best: (column: String, count: Int)?
        for column in columns {
            let name = renamed(column)
            let count = rows.reduce(0) { $0 + (idText($1[name]).map(other.keys.contains) == true ? 1 : 0) }
            if count > (best?.count ?? 0) { best = (column, count) }
        }
        guard let best else { return nil }
        // The property either column is mapped to already, else id.
        let property = [best.column, other.column].lazy.compactMap { name in
            source.columns.first { $0.source == name && $0.key != name }?.key
        }.first ?? "id"
        // A column already named as the property needs no mapping (`id: id`).
        let mapped = (isTable ? [other.column, best.column] : [best.column, other.column])
            .filter { $0 != property }.map { "\($0): \(property)" }.joined(separator: ", ")
        return "its column \(best.column) has the codes of \(other.column) in \(other.file) (in \(best.count) of its \(rows.count) "
            + "\(isTable ? "rows" : "features")): where the two files name the key differently, map both columns to one "
            + "property and join by it: columns: {\(mapped)} and key: \(property)"
    }

    /// `columns` may map one column of each file to one property (`XQBM: id` in the geometry
    /// file, `小区编号: id` in the table); two columns of one file are a scenario error at the
    /// second, and the keys so mapped come back (that error stands for their absence).
    static func checkMappedTwice(
        _ source: LayerSource, kind: LayerKind, files: [(name: String, columns: Set<String>)], scenario: Scenario,
        problems: inout InvalidInput
    ) -> Set<String> {
        var unread = Set<String>()
        var looked = Set<String>()
        for key in source.columns.map(\.key) where looked.insert(key).inserted {
            let names = source.columns.filter { $0.key == key }.map(\.source)
            guard names.count > 1 else { continue }
            for file in files {
                let both = names.filter(file.columns.contains)
                guard both.count > 1 else { continue }
                unread.insert(key)
                problems.scenarioErrors.append(scenario.error(
                    "geodata.\(kind.rawValue).columns.\(both[1])",
                    "\(both[0]) and \(both[1]) are both mapped to \(key), and both are columns of \(file.name): map only one of "
                        + "them (two columns may give one property only when one is the geometry file's and the other the "
                        + "table's, as when the two files name the join key differently)"))
            }
        }
        return unread
    }

    /// The error for a table none of whose keys is a feature's: leading zeros lost (Excel turns
    /// the text 0001 into the number 1), or keys of another form altogether.
    static func noMatch(
        _ label: String, file: String, featureKey: String, featureKeys: [String], rowKeys: [String], place: String,
        kind: LayerKind
    ) -> String {
        func unpadded(_ key: String) -> String {
            let stripped = key.drop { $0 == "0" }
            return stripped.isEmpty ? "0" : String(stripped)
        }
        let rowsByUnpadded = Dictionary(rowKeys.map { (unpadded($0), $0) }, uniquingKeysWith: { first, _ in first })
        let head = "no row matches a feature of \(file) by \(label) (\(rowKeys.count) rows, \(featureKeys.count) features)"
        if let pair = featureKeys.lazy.compactMap({ key in rowsByUnpadded[unpadded(key)].map { (key, $0) } }).first {
            return head + ": the keys differ only by leading zeros (\(file) has \(pair.0), the table has \(pair.1)), "
                + "as when Excel stores a code typed into a number cell: store \(label) as text in Excel (format the "
                + "column as Text/文本, then type or paste the codes again) or write the codes the same way in both files"
        }
        return head + ": \(file) has keys such as \(featureKey), the table has keys such as \(rowKeys[0]); check that "
            + "geodata.\(kind.rawValue).key names the same code in both, written the same way"
    }

    /// Every `columns` source that `columns` (the files' column names, joined) does not have
    /// is a scenario error at `geodata.<layer>.columns.<source>`, with the nearest column and
    /// what its unit means; the keys left unread come back. `files` names where a column was
    /// looked for; `holder`, the one file that has a column (for the notice of its unit).
    static func checkColumns(
        _ source: LayerSource, kind: LayerKind, columns: [String], files: String, holder: ((String) -> String)? = nil,
        scenario: Scenario, problems: inout InvalidInput
    ) -> Set<String> {
        let present = Set(columns)
        var unmapped = Set<String>()
        // A column in a unit of another kind is refused, as is one whose name lost its unit to a
        // cut (改造费用( ) without a declared unit; one in a larger unit of the key's kind is
        // converted, and validate says so.
        for mapping in source.columns where present.contains(mapping.source) && (mapping.source != mapping.key || source.units[mapping.key] != nil) {
            let conversion = ColumnNames.conversion(column: mapping.source, key: mapping.key, declared: source.units[mapping.key])
            let path = source.units[mapping.key] != nil && conversion.unit != nil
                ? "geodata.\(kind.rawValue).units.\(mapping.key)" : "geodata.\(kind.rawValue).columns.\(mapping.source)"
            if let refused = conversion.refused ?? conversion.lostUnit {
                unmapped.insert(mapping.key)
                problems.scenarioErrors.append(scenario.error(path, refused))
            } else if let unit = conversion.readIn, conversion.factor != 1 {
                let how = conversion.unit != nil && conversion.declared == nil ? "" : " (\(conversion.source))"
                problems.notices.append(InputWarning(
                    file: holder?(mapping.source) ?? files, featureIndex: nil, featureID: nil,
                    problem: "\(mapping.source) is read in \(unit.text)\(how): its values are multiplied by \(ColumnNames.groupedThousands(conversion.factor)) for \(mapping.key)"))
            }
        }
        for mapping in source.columns where !present.contains(mapping.source) {
            // A mapping whose key the files have under its own name loses nothing.
            if present.contains(mapping.key) && mapping.source != mapping.key { continue }
            unmapped.insert(mapping.key)
            if mapping.source == mapping.key {
                // The entry `units` made for a key no mapping names: the files have no such column.
                let near = ColumnNames.nearest(mapping.key, in: columns).map { " (did you mean '\($0)'?)" } ?? ""
                problems.scenarioErrors.append(scenario.error(
                    "geodata.\(kind.rawValue).units.\(mapping.key)",
                    "no column gives \(mapping.key) in \(files)\(near): map its column in columns, e.g. {改造费用(: \(mapping.key)}; "
                        + "the columns there: \(columns.joined(separator: ", "))"))
                continue
            }
            var problem = "no column \"\(mapping.source)\" in \(files)"
            if let near = ColumnNames.nearest(mapping.source, in: columns) {
                problem += " (did you mean '\(near)'?); \(mapping.key) would not be read"
                if let note = ColumnNames.unitNote(mapped: mapping.source, column: near, key: mapping.key) {
                    problem += ". " + note
                }
            } else {
                problem += "; \(mapping.key) would not be read. The columns there: \(columns.joined(separator: ", "))"
            }
            problems.scenarioErrors.append(scenario.error("geodata.\(kind.rawValue).columns.\(mapping.source)", problem))
        }
        return unmapped
    }

    /// The mapped columns whose name gives a unit of their key's kind other than the key's own
    /// (`改造估算（万元）` → `cost_yuan`: 10,000; cut short, `改造费用万`), or whose key `units:`
    /// gives one, once per layer.
    static func unitFactors(_ source: LayerSource) -> [String: Double] {
        var factors: [String: Double] = [:]
        for mapping in source.columns where mapping.source != mapping.key || source.units[mapping.key] != nil {
            let factor = ColumnNames.conversion(column: mapping.source, key: mapping.key, declared: source.units[mapping.key]).factor
            if factor != 1 { factors[mapping.source] = factor }
        }
        return factors
    }

    /// The money columns of a table mapped to a key in yuan that carry no unit of their own — none
    /// in their name (whole or cut short), none declared in `units:`, and not named as the key
    /// itself (`cost_yuan` says yuan) — with the multiplier of the unit a line above the header
    /// gives (`单位：万元`: 10,000); none for a unit of 元.
    static func titleUnitFactors(_ source: LayerSource, unit: String, columns: [String]) -> [String: Double] {
        guard let title = ColumnNames.unit(unit), title.kind == "元", title.factor != 1 else { return [:] }
        var factors: [String: Double] = [:]
        for mapping in source.columns where columns.contains(mapping.source) && mapping.source != mapping.key {
            guard ColumnNames.unit(ofKey: mapping.key)?.kind == "元", source.units[mapping.key] == nil else { continue }
            let conversion = ColumnNames.conversion(column: mapping.source, key: mapping.key)
            guard conversion.written == nil, conversion.cut == nil else { continue }
            factors[mapping.source] = title.factor
        }
        return factors
    }

    /// The properties under their SPEC §1 keys. A mapped column in `factors` is read in its
    /// unit: its numbers are multiplied into the key's (× 10,000); a value that is no number is
    /// left for the key's own check to refuse.
    static func renamed(_ properties: [String: JSONValue], _ source: LayerSource, factors: [String: Double]) -> [String: JSONValue] {
        guard !source.columns.isEmpty else { return properties }
        var result: [String: JSONValue] = [:]
        for (name, value) in properties {
            let target = source.renamed(name)
            // A mapped column wins over one that already had the key's name.
            guard target != name || result[target] == nil else { continue }
            result[target] = factors[name].map { scaled(value, by: $0) } ?? value
        }
        return result
    }

    private static func scaled(_ value: JSONValue, by factor: Double) -> JSONValue {
        switch value {
        case .number(let number): return .number(number * factor)
        case .string(let text): return PropertyText.number(text).map { .number($0 * factor) } ?? value
        default: return value
        }
    }

    /// An id or key as text: text as it is, a whole number as its digits.
    static func idText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            let trimmed = text.trimmedOfSpaces
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number)? where number.isFinite && number == number.rounded() && abs(number) < 1e15:
            return formatNumber(number)
        default: return nil
        }
    }
}
