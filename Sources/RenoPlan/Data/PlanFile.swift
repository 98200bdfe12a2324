import Foundation
import SwiftCSV

/// A plan as a file: the one reader behind `evaluate` (``GivenPlan``) and `revise`
/// (``ApprovedPlan``). A `plan.geojson` (any FeatureCollection whose features have an `id` and a
/// `year`) or a CSV `id,year[,state]`; each estate with its year, its state (SPEC §12) and where
/// it is in the file. Every bad line or feature is reported at once.
public struct PlanFile: Sendable {
    /// An estate's state in the plan (SPEC §12).
    public enum State: String, Sendable, CaseIterable {
        /// In the plan, may move or leave if it must (for `revise`, each move counts as a change).
        case approved
        /// Works under way: fixed to its year.
        case started
        /// Done: status `completed`, out of the plan and the budgets.
        case completed
    }

    public struct Entry: Sendable, Equatable {
        public var id: String
        /// Calendar year; nil only for a completed estate given without one.
        public var year: Int?
        public var state: State
        /// Where the line is, for messages: `approved.csv:4` or `plan.geojson: feature #3`.
        public var location: String
    }

    /// Entries in file order (estates with no year and no state are not in the plan and left out).
    public var entries: [Entry]
    /// The file's name.
    public var source: String
    /// SPEC §10: the optional levels done with each estate (by id), from plan.geojson `levels`.
    public var levels: [String: [String]] = [:]
    /// What a plan.geojson says of its estates: cost before pledges, households, and how many
    /// estates shared the estate's cluster.
    public var figures: [String: (costYuan: Double, households: Int, clusterSize: Int)] = [:]

    /// The started and completed estates as the scenario carries them into the analysis.
    public var approvedStates: Scenario.ApprovedStates {
        var states = Scenario.ApprovedStates()
        for entry in entries {
            switch entry.state {
            case .approved: continue
            case .started: states.started[entry.id] = entry.year
            case .completed:
                states.completed.insert(entry.id)
                if let year = entry.year { states.completedYears[entry.id] = year }
            }
            states.sources[entry.id] = entry.location
        }
        return states
    }

    /// One line or feature as the file gives it, before it is checked.
    private struct Line {
        var id: String
        var year: String?
        var state: String?
        /// The key the state came from: `state`, or in a plan.geojson `approved_state` (written
        /// by `revise`) or `status: completed`.
        var stateKey = "state"
        var location: String
        /// The feature's index in a plan.geojson, nil for a CSV line.
        var featureIndex: Int?
    }

    /// Reads a plan.geojson or a CSV (by the extension). A bad state, a year that is not a whole
    /// year, a missing id or an estate listed twice is an error naming the line or feature;
    /// every one of them is reported.
    static func read(_ url: URL) throws -> PlanFile {
        let file = url.lastPathComponent
        var plan = PlanFile(entries: [], source: file)
        let lines: [Result<Line, InputError>]
        if url.pathExtension.lowercased() == "csv" {
            lines = try csvLines(url)
        } else {
            let features = try features(url)
            lines = geoJSONLines(features, file: file)
            plan.readExtras(features)
        }
        var errors: [InputError] = []
        var seen: [String: String] = [:]
        for result in lines {
            do {
                let line = try result.get()
                guard let entry = try entry(line, file: file) else { continue }
                if let earlier = seen[entry.id] {
                    throw error(line, file: file, key: "id", "estate \(entry.id) is listed twice (also at \(earlier))", naming: false)
                }
                seen[entry.id] = entry.location
                plan.entries.append(entry)
            } catch let error as InputError {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors: errors) }
        return plan
    }

    /// The rows of a CSV `id,year[,state]`, each at `file:line`.
    private static func csvLines(_ url: URL) throws -> [Result<Line, InputError>] {
        let file = url.lastPathComponent
        let text = try readTextFile(url)
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw InputError(file: file, problem: "is not valid CSV: \(error)")
        }
        // The header matched case- and space-insensitively.
        var columns: [String: Int] = [:]
        for (index, name) in csv.header.enumerated() {
            let name = name.trimmingCharacters(in: .whitespaces).lowercased()
            if columns[name] == nil { columns[name] = index }
        }
        guard let idColumn = columns["id"], let yearColumn = columns["year"] else {
            throw InputError(file: file, problem: "needs a header line with the columns id and year (and optionally state)")
        }
        let stateColumn = columns["state"]
        return csv.rows.enumerated().map { offset, row in
            let location = "\(file):\(offset + 2)"  // the header is line 1
            guard row.count > max(idColumn, yearColumn) else {
                return .failure(InputError(file: location, problem: "expected id,year[,state]"))
            }
            let id = row[idColumn].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { return .failure(InputError(file: location, key: "id", problem: "the id is empty")) }
            let state = stateColumn.flatMap { $0 < row.count ? row[$0] : nil }
            return .success(Line(id: id, year: row[yearColumn], state: state, location: location))
        }
    }

    private static func features(_ url: URL) throws -> [JSONValue] {
        guard let features = try JSONIO.decodeFile(url)["features"]?.arrayValue else {
            throw InputError(file: url.lastPathComponent, problem: "is neither a plan.geojson FeatureCollection nor a CSV id,year[,state]")
        }
        return features
    }

    /// The features of a plan.geojson, each at `file: feature #i`. A completed estate in a
    /// revised plan keeps its state (`approved_state`, or `status: completed`).
    private static func geoJSONLines(_ features: [JSONValue], file: String) -> [Result<Line, InputError>] {
        features.enumerated().map { index, feature in
            let properties = feature["properties"]
            guard let id = properties?["id"]?.stringValue else {
                return .failure(InputError(file: file, featureIndex: index, key: "id", problem: "id is missing"))
            }
            func failure(_ key: String, _ problem: String) -> Result<Line, InputError> {
                .failure(InputError(file: file, featureIndex: index, featureID: id, key: key, problem: problem))
            }
            var line = Line(id: id, location: "\(file): feature #\(index)", featureIndex: index)
            switch properties?["year"] {
            case .number(let year)?: line.year = year == year.rounded() ? String(Int(year)) : String(year)
            case .null?, nil: break
            case let other?: return failure("year", "year must be a number or null, got \(other.shortDescription)")
            }
            for key in ["state", "approved_state"] where line.state == nil {
                switch properties?[key] {
                case .string(let state)?: (line.state, line.stateKey) = (state, key)
                case .null?, nil: break
                case let other?: return failure(key, "\(key) must be a string, got \(other.shortDescription)")
                }
            }
            if line.state == nil, properties?["status"]?.stringValue == EstateStatus.completed.rawValue {
                (line.state, line.stateKey) = (State.completed.rawValue, "status")
            }
            return .success(line)
        }
    }

    /// The levels and the figures the plan was made with (a renoplan plan.geojson has them all).
    private mutating func readExtras(_ features: [JSONValue]) {
        for feature in features {
            guard let id = feature["properties"]?["id"]?.stringValue, let list = feature["properties"]?["levels"]?.arrayValue else { continue }
            let names = list.compactMap(\.stringValue).filter { $0 != "basic" }
            if !names.isEmpty { levels[id] = names }
        }
        var clusterSizes: [String: Int] = [:]
        for feature in features {
            if let cluster = feature["properties"]?["cluster"]?.stringValue { clusterSizes[cluster, default: 0] += 1 }
        }
        for feature in features {
            let p = feature["properties"]
            guard let id = p?["id"]?.stringValue, let cost = p?["cost_yuan"]?.numberValue, let households = p?["households"]?.numberValue
            else { continue }
            figures[id] = (cost, Int(households), p?["cluster"]?.stringValue.flatMap { clusterSizes[$0] } ?? 1)
        }
    }

    /// The line checked: nil when it has neither year nor state (not in the plan).
    private static func entry(_ line: Line, file: String) throws -> Entry? {
        let stateName = (line.state ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let state: State
        if stateName.isEmpty {
            state = .approved
        } else if let known = State(rawValue: stateName) {
            state = known
        } else {
            let names = State.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(line, file: file, key: line.stateKey, "\(line.stateKey) must be one of \(names), got \"\(line.state ?? "")\"")
        }
        let yearText = (line.year ?? "").trimmingCharacters(in: .whitespaces)
        var year: Int?
        if !yearText.isEmpty {
            guard let value = Int(yearText), (1000...3000).contains(value) else {
                throw error(line, file: file, key: "year", "year must be a whole year such as 2026, got \"\(yearText)\"")
            }
            year = value
        }
        if year == nil && state != .completed {
            if stateName.isEmpty { return nil }  // not in the plan
            throw error(line, file: file, key: "year", "\(state == .approved ? "an" : "a") \(state.rawValue) estate needs its year")
        }
        return Entry(id: line.id, year: year, state: state, location: line.location)
    }

    /// An error at the line: `approved.csv:4: E1: …` (`naming` the estate), or at the feature
    /// `plan.geojson: feature #3 (E1): …`.
    private static func error(_ line: Line, file: String, key: String, _ problem: String, naming: Bool = true) -> InputError {
        guard let index = line.featureIndex else {
            return InputError(file: line.location, key: key, problem: naming ? "\(line.id): \(problem)" : problem)
        }
        return InputError(file: file, featureIndex: index, featureID: line.id, key: key, problem: problem)
    }
}
