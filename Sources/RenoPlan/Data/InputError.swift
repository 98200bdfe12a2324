import Foundation

/// A problem in an input file, with where it is: file, feature index and id, key (SPEC §1).
///
/// The description is what a planner reads, e.g.
/// `estates.geojson: feature #12 (E0013): households must be a whole number ≥ 0, got "many"`, or
/// for a value from a joined table
/// `储备库2025.xlsx, sheet 储备库: row 11 (JA0010): 户数 (households) must be a whole number ≥ 0, got "1,2"`.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file's name as the user gave it (last path component).
    public var file: String
    /// The sheet of an .xlsx file, when the problem is in one.
    public var sheet: String?
    /// 0-based index of the feature in the FeatureCollection, when the problem is in one feature.
    public var featureIndex: Int?
    /// The feature's `id` property, when it has a readable one.
    public var featureID: String?
    /// The property or key involved, if any.
    public var key: String?
    /// What is wrong, in words.
    public var problem: String
    /// The row of a table (the row number the spreadsheet shows, row 1 its first; a CSV's line),
    /// when the problem is in a row rather than a feature.
    public var row: Int?
    /// The SPEC §1 key, when the problem is that this required key has no value (set where
    /// the "is required" error is made), so that a key no feature has is said once per layer.
    public var missingKey: String?

    public init(
        file: String, sheet: String? = nil, featureIndex: Int? = nil, featureID: String? = nil, key: String? = nil,
        problem: String, row: Int? = nil
    ) {
        self.file = file
        self.sheet = sheet
        self.featureIndex = featureIndex
        self.featureID = featureID
        self.key = key
        self.problem = problem
        self.row = row
    }

    public var description: String {
        var text = file
        if let sheet { text += ", sheet \(sheet)" }
        if let row {
            text += ": row \(row)"
            if let featureID { text += " (\(featureID))" }
        } else if let featureIndex {
            text += ": feature #\(featureIndex)"
            if let featureID { text += " (\(featureID))" }
        }
        return text + ": " + problem
    }
}

/// A repaired polygon or another problem that does not stop the run.
public struct InputWarning: CustomStringConvertible, Sendable, Equatable {
    public var file: String
    /// The sheet of an .xlsx file, when the warning is about one.
    public var sheet: String? = nil
    public var featureIndex: Int?
    public var featureID: String?
    public var problem: String
    /// The problem in Chinese, for the reports of a Chinese scenario (nil: the English is used).
    public var chinese: String? = nil
    /// The row of a table the warning is about (as the spreadsheet numbers it), in place of a
    /// feature: a value that came from a joined table's row.
    public var row: Int? = nil

    /// In English, as the terminal and summary.json give it.
    public var description: String {
        InputError(file: file, sheet: sheet, featureIndex: featureIndex, featureID: featureID, problem: problem, row: row).description
    }

    /// In the report's language: `小区边界.shp：要素#23（JA0024）：多边形无效……`.
    public func text(_ w: Wording) -> String {
        guard w.isChinese, let chinese else { return description }
        let id = featureID.map { "（\($0)）" } ?? ""
        let place = row.map { "：第\($0)行" + id } ?? featureIndex.map { "：要素#\($0)" + id } ?? ""
        return file + (sheet.map { "（工作表\($0)）" } ?? "") + place + "：" + chinese
    }
}

/// Every problem found while reading the input: validation collects all of them before failing.
public struct InputErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [InputError]
    /// The first 50 lines, errors of one kind beyond the first few counted on one line
    /// (``ErrorGroups``).
    public var description: String {
        let lines = ErrorGroups.lines(errors)
        let shown = lines.prefix(50)
        let hidden = errors.count - shown.reduce(0) { $0 + $1.problems }
        let more = hidden > 0 ? ["… and \(hidden) more problems"] : []
        return (shown.map(\.text) + more).joined(separator: "\n")
    }
}

extension InputError {
    /// One error instead of one per feature where a required key is missing from every feature
    /// of a layer (`built_year is required` 480 times for a buildings layer taken for the
    /// estates): the layer, or its columns, are not what the scenario says.
    static func collapsingMissingKeys(_ errors: [InputError], file: String, features: Int) -> [InputError] {
        guard features > 1 else { return errors }
        func missing(_ error: InputError) -> String? {
            error.file == file && error.featureIndex != nil ? error.missingKey : nil
        }
        var counts: [String: Int] = [:]
        for error in errors { if let key = missing(error) { counts[key, default: 0] += 1 } }
        let everywhere = Set(counts.filter { $0.value == features }.keys)
        guard !everywhere.isEmpty else { return errors }
        var result: [InputError] = []
        var said = Set<String>()
        for error in errors {
            guard let key = missing(error), everywhere.contains(key) else {
                result.append(error)
                continue
            }
            guard said.insert(key).inserted else { continue }
            var once = InputError(
                file: file, key: key,
                problem: "\(error.problem), and none of the \(features) features has it: is this the right layer, or is the "
                    + "column named otherwise (map it in the scenario's geodata: columns)?")
            once.missingKey = key
            result.append(once)
        }
        return result
    }
}

extension Array where Element == InputError {
    /// Adds errors a later pass found at features of a file already read (a site's misspelt
    /// kind, found once the scenario's kinds are known) where they belong in file order: after
    /// that file's errors at the same or an earlier feature, before those at a later one
    /// (docs/data.md: every error keeps its place in file order).
    mutating func insertInFileOrder(_ more: [InputError]) {
        for error in more {
            guard let index = error.featureIndex else {
                append(error)
                continue
            }
            let sameFile = indices.filter { self[$0].file == error.file && self[$0].sheet == error.sheet }
            if let later = sameFile.first(where: { (self[$0].featureIndex ?? -1) > index }) {
                insert(error, at: later)
            } else {
                append(error)
            }
        }
    }
}
