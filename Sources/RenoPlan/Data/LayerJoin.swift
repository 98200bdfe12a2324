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
}

/// A layer's `columns` renaming and `table` join (SPEC §9).
enum LayerJoin {
    /// Renames the properties after `columns`, then joins the table rows by `key`: a feature
    /// without a row and a row without a feature are errors naming the key.
    static func apply(
        _ source: LayerSource, to features: [RawFeature], kind: LayerKind, file: String, errors: inout [InputError]
    ) -> [RawFeature] {
        var features = features.map { feature -> RawFeature in
            var feature = feature
            feature.properties = renamed(feature.properties, source)
            feature.id = idText(feature.properties["id"])
            return feature
        }
        guard let tableURL = source.table else { return features }
        let tableFile = tableURL.lastPathComponent
        var tableSource = LayerSource()
        tableSource.layer = source.sheet
        tableSource.encoding = source.encoding
        let reader = OGRLayerReader(url: tableURL, source: tableSource, kind: kind, table: true)
        guard let rows = reader.read(errors: &errors) else { return features }
        let key = source.key.map(source.renamed) ?? "id"
        let label = source.key ?? key  // as the planner's files name it
        // A key column missing altogether is one error, not one per row.
        func missingColumn(_ rows: [RawFeature], in file: String) -> Bool {
            guard !rows.isEmpty, !rows.contains(where: { renamed($0.properties, source)[key] != nil }) else { return false }
            let columns = Set(rows.flatMap { $0.properties.keys }).sorted()
            let hint = closest(label, in: columns).map { " (did you mean '\($0)'?)" } ?? ""
            errors.append(InputError(
                file: file, key: label,
                problem: "has no column \(label) to join by\(hint); its columns: \(columns.joined(separator: ", "))"))
            return true
        }
        if missingColumn(rows, in: tableFile) { return features }
        if missingColumn(features, in: file) { return features }
        var byKey: [String: (row: Int, properties: [String: JSONValue])] = [:]
        var order: [String] = []
        for row in rows {
            let properties = renamed(row.properties, source)
            let rowNumber = row.index + 2  // the header is row 1
            guard let value = idText(properties[key]) else {
                errors.append(InputError(file: tableFile, key: key, problem: "\(label) is empty: the row cannot be joined", row: rowNumber))
                continue
            }
            if let earlier = byKey[value] {
                errors.append(InputError(
                    file: tableFile, featureID: value, key: key,
                    problem: "\(label) \(value) is used again (first by row \(earlier.row))", row: rowNumber))
                continue
            }
            byKey[value] = (rowNumber, properties)
            order.append(value)
        }
        var joined = Set<String>()
        for index in features.indices {
            guard let value = idText(features[index].properties[key]) else {
                errors.append(InputError(
                    file: file, featureIndex: features[index].index, key: key,
                    problem: "\(label) is empty: the feature cannot be joined to \(tableFile)"))
                continue
            }
            guard let row = byKey[value] else {
                errors.append(InputError(
                    file: file, featureIndex: features[index].index, featureID: features[index].id, key: key,
                    problem: "no row of \(tableFile) has \(label) \(value)"))
                continue
            }
            joined.insert(value)
            for (name, cell) in row.properties { features[index].properties[name] = cell }
            features[index].id = idText(features[index].properties["id"])
        }
        for value in order where !joined.contains(value) {
            errors.append(InputError(
                file: tableFile, featureID: value, key: key, problem: "no feature of \(file) has \(label) \(value)",
                row: byKey[value]!.row))
        }
        return features
    }

    static func renamed(_ properties: [String: JSONValue], _ source: LayerSource) -> [String: JSONValue] {
        guard !source.columns.isEmpty else { return properties }
        var result: [String: JSONValue] = [:]
        for (name, value) in properties {
            let target = source.renamed(name)
            // A mapped column wins over one that already had the key's name.
            if target != name || result[target] == nil { result[target] = value }
        }
        return result
    }

    /// An id or key as text: text as it is, a whole number as its digits.
    static func idText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number)? where number.isFinite && number == number.rounded() && abs(number) < 1e15:
            return formatNumber(number)
        default: return nil
        }
    }
}
