import Foundation

/// Where an estate's value of a key came from, for a warning about it: the joined table's row
/// (file, sheet, row number, and the column as the table names it: `改造估算 (cost_yuan)`) when
/// the table gave the key, else the geometry file's feature. A check that names the boundary
/// layer for a column of the reserve library sends the planner to the wrong file.
struct KeyPlace: Equatable {
    var file: String
    var sheet: String?
    /// The row the spreadsheet shows, for a value from a table.
    var row: Int?
    /// The feature of the geometry file, for a value from it.
    var featureIndex: Int?
    /// The key as the planner's files name it: `户数 (households)`, or the key.
    var label: String

    /// The key's place in `feature` of the layer `file`.
    init(of key: String, in feature: RawFeature, file: String) {
        if let origin = feature.origin, let row = origin.row, row.keys.contains(key) {
            self.file = row.file
            sheet = row.sheet
            self.row = row.number
            featureIndex = nil
        } else {
            self.file = file
            sheet = nil
            row = nil
            featureIndex = feature.index
        }
        label = feature.origin?.label(key) ?? key
    }

    /// The feature or row, as a list names it: `row 7 (HF0004)`, `feature #3 (E0004)`.
    func item(_ id: String) -> String {
        row.map { "row \($0) (\(id))" } ?? "feature #\(featureIndex ?? 0) (\(id))"
    }

    /// The key's place for the layer as a whole: where the first feature's value came from.
    static func layer(_ key: String, features: [RawFeature], file: String) -> KeyPlace {
        let first = features.first { $0.origin?.row?.keys.contains(key) == true } ?? features.first
        guard let first else {
            return KeyPlace(file: file, sheet: nil, row: nil, featureIndex: nil, label: key)
        }
        var place = KeyPlace(of: key, in: first, file: file)
        place.row = nil
        place.featureIndex = nil
        return place
    }

    private init(file: String, sheet: String?, row: Int?, featureIndex: Int?, label: String) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.featureIndex = featureIndex
        self.label = label
    }
}
