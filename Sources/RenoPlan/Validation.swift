import Foundation

/// What `renoplan validate` reports: every error and warning for a scenario and its data.
public struct Validation: Sendable {
    /// Every error, one per problem.
    public var errors: [String]
    public var warnings: [String]
    /// The errors as `validate` prints them: of one kind beyond the first few, one line that
    /// counts the rest (``InvalidInput/summary``), so that 5,000 estates with the same slip do
    /// not hide every other problem.
    public var errorLines: [String]

    init(errors: [String], warnings: [String], errorLines: [String]? = nil) {
        self.errors = errors
        self.warnings = warnings
        self.errorLines = errorLines ?? errors
    }

    /// Checks the scenario file, then (if it can be read) every data file it names.
    public static func check(scenarioAt url: URL) -> Validation {
        let scenario: Scenario
        do {
            scenario = try Scenario.load(from: url)
        } catch let errors as ScenarioErrors {
            return Validation(errors: errors.errors.map(\.description), warnings: [])
        } catch {
            return Validation(errors: ["\(error)"], warnings: [])
        }
        do {
            // The whole analysis: clusters too (locks that split one, clusters that never fit).
            // In English, as validate speaks: the rules' clauses in its warnings are the report
            // language's otherwise (`even alone in a year it breaks, e.g. 2025年资金：…`).
            var english = scenario
            english.reportLanguage = .en
            let analysis = try Pipeline.analyse(english)
            let notes = (analysis.warnings + analysis.district.notices).map(\.description)
            return Validation(errors: [], warnings: notes + ClusterFit.warnings(analysis))
        } catch let invalid as InvalidInput {
            return Validation(
                errors: invalid.messages, warnings: (invalid.warnings + invalid.notices).map(\.description), errorLines: invalid.summary)
        } catch {
            return Validation(errors: ["\(error)"], warnings: [])
        }
    }
}
