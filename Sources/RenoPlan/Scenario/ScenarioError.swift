import Foundation

/// A problem in the scenario file: the file, the key's path (`eligibility.consent_min`) and line.
public struct ScenarioError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var path: String?
    public var line: Int?
    public var problem: String

    public init(file: String, path: String? = nil, line: Int? = nil, problem: String) {
        self.file = file
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let path, !path.isEmpty { text += ": \(path)" }
        return text + ": " + problem
    }
}

/// Every problem found in a scenario file.
public struct ScenarioErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [ScenarioError]
    /// The scenario as far as it could be read (each key in error left at its default), for
    /// `validate` to check the data as well (``Validation/check(scenarioAt:)``); nil where the
    /// file could not be read or lacks what a scenario needs.
    var readSoFar: Scenario?
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
