import Foundation

/// An approved plan as `renoplan revise` reads it (SPEC §12): an earlier `plan.geojson` or a CSV
/// `id,year[,state]`, each estate approved (the default), started or completed.
public struct ApprovedPlan: Sendable {
    public enum State: String, Sendable, CaseIterable {
        /// In the approved plan, may move or leave if it must (each move counts as a change).
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
    /// Each year's budget when the plan was approved, from the `summary.json` in the plan's
    /// folder, if any (to say "2026 budget cut by 40.0M yuan").
    public var budgets: [Int: Double] = [:]
    /// What a plan.geojson says of its estates when it was approved: cost before pledges,
    /// households, and how many estates shared the estate's cluster (a linked saving applied when
    /// two or more did). The totals check compares against these, not today's data.
    public var approvedFigures: [String: (costYuan: Double, households: Int, clusterSize: Int)] = [:]

    /// Reads a plan.geojson (with its summary.json, if any) or a CSV; a bad state, a year that is
    /// not a whole year or an estate listed twice is an error naming the line.
    public static func load(from url: URL) throws -> ApprovedPlan {
        let file = url.lastPathComponent
        var entries: [Entry] = []
        var seen: [String: String] = [:]
        func add(_ id: String, _ yearText: String?, _ stateText: String?, at location: String, featureIndex: Int?) throws {
            func error(_ key: String?, _ problem: String) -> InputError {
                featureIndex == nil
                    ? InputError(file: location, key: key, problem: problem)
                    : InputError(file: file, featureIndex: featureIndex, featureID: id, key: key, problem: problem)
            }
            let stateName = (stateText ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let state: State
            if stateName.isEmpty {
                state = .approved
            } else if let known = State(rawValue: stateName) {
                state = known
            } else {
                let names = State.allCases.map(\.rawValue).joined(separator: ", ")
                throw error("state", "\(id): state must be one of \(names), got \"\(stateText ?? "")\"")
            }
            let yearName = (yearText ?? "").trimmingCharacters(in: .whitespaces)
            var year: Int?
            if !yearName.isEmpty {
                guard let value = Int(yearName), (1000...3000).contains(value) else {
                    throw error("year", "\(id): year must be a whole year such as 2026, got \"\(yearName)\"")
                }
                year = value
            }
            if year == nil && state != .completed {
                if stateName.isEmpty { return }  // not in the plan
                throw error("year", "\(id): a \(state.rawValue) estate needs its year")
            }
            if let earlier = seen[id] { throw error("id", "estate \(id) is listed twice (also at \(earlier))") }
            seen[id] = location
            entries.append(Entry(id: id, year: year, state: state, location: location))
        }

        if url.pathExtension.lowercased() == "csv" {
            let table = try PlanTable.read(url, required: ["id", "year"], usage: "id and year (and optionally state)")
            let (idColumn, yearColumn, stateColumn) = (table.columns["id"]!, table.columns["year"]!, table.columns["state"])
            // Every bad line at once.
            var errors: [InputError] = []
            for (line, row) in table.rows {
                let location = "\(file):\(line)"
                guard row.count > max(idColumn, yearColumn) else {
                    errors.append(InputError(file: location, problem: "expected id,year[,state]"))
                    continue
                }
                let id = row[idColumn].trimmingCharacters(in: .whitespaces)
                guard !id.isEmpty else {
                    errors.append(InputError(file: location, key: "id", problem: "the id is empty"))
                    continue
                }
                let state = stateColumn.flatMap { $0 < row.count ? row[$0] : nil }
                do {
                    try add(id, row[yearColumn], state, at: location, featureIndex: nil)
                } catch let error as InputError {
                    errors.append(error)
                }
            }
            guard errors.isEmpty else { throw InputErrors(errors: errors) }
            var plan = ApprovedPlan(entries: entries, source: file)
            plan.readBudgets(beside: url)
            return plan
        }

        let document = try JSONIO.decodeFile(url)
        guard let features = document["features"]?.arrayValue else {
            throw InputError(file: file, problem: "is neither a plan.geojson FeatureCollection nor a CSV id,year[,state]")
        }
        for (index, feature) in features.enumerated() {
            let properties = feature["properties"]
            guard let id = properties?["id"]?.stringValue else {
                throw InputError(file: file, featureIndex: index, key: "id", problem: "id is missing")
            }
            var yearText: String?
            switch properties?["year"] {
            case .number(let year)?: yearText = year == year.rounded() ? String(Int(year)) : String(year)
            case .null?, nil: yearText = nil
            case let other?:
                throw InputError(file: file, featureIndex: index, featureID: id, key: "year", problem: "year must be a number or null, got \(other.shortDescription)")
            }
            var stateText: String?
            switch properties?["state"] {
            case .string(let state)?: stateText = state
            case .null?, nil: stateText = nil
            case let other?:
                throw InputError(file: file, featureIndex: index, featureID: id, key: "state", problem: "state must be a string, got \(other.shortDescription)")
            }
            // A completed estate in an earlier revision's output keeps its state.
            if stateText == nil, properties?["status"]?.stringValue == EstateStatus.completed.rawValue { stateText = "completed" }
            try add(id, yearText, stateText, at: "\(file): feature #\(index)", featureIndex: index)
        }
        var plan = ApprovedPlan(entries: entries, source: file)
        // The figures the plan was approved with (a renoplan plan.geojson has them all).
        var clusterSizes: [String: Int] = [:]
        for feature in features {
            if let cluster = feature["properties"]?["cluster"]?.stringValue { clusterSizes[cluster, default: 0] += 1 }
        }
        for feature in features {
            let p = feature["properties"]
            guard let id = p?["id"]?.stringValue, let cost = p?["cost_yuan"]?.numberValue, let households = p?["households"]?.numberValue
            else { continue }
            plan.approvedFigures[id] = (cost, Int(households), p?["cluster"]?.stringValue.flatMap { clusterSizes[$0] } ?? 1)
        }
        plan.readBudgets(beside: url)
        return plan
    }

    /// The budgets of the `summary.json` in the plan's folder, if there is one.
    private mutating func readBudgets(beside url: URL) {
        let summaryURL = url.deletingLastPathComponent().appendingPathComponent("summary.json")
        guard FileManager.default.fileExists(atPath: summaryURL.path), let summary = try? JSONIO.decodeFile(summaryURL) else { return }
        for year in summary["years"]?.arrayValue ?? [] {
            if let y = year["year"]?.numberValue, let budget = year["budget_yuan"]?.numberValue { budgets[Int(y)] = budget }
        }
    }

    /// The started and completed estates as the scenario carries them into the analysis.
    var states: Scenario.ApprovedStates {
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
}
