import Foundation

/// What `renoplan validate` reports: every error and warning for a scenario and its data.
public struct Validation: Sendable {
    public var errors: [String]
    public var warnings: [String]

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
            let analysis = try Pipeline.analyse(scenario)
            let notes = (analysis.warnings + analysis.district.notices).map(\.description)
            return Validation(errors: [], warnings: notes + ClusterFit.warnings(analysis))
        } catch let invalid as InvalidInput {
            return Validation(errors: invalid.messages, warnings: (invalid.warnings + invalid.notices).map(\.description))
        } catch {
            return Validation(errors: ["\(error)"], warnings: [])
        }
    }
}
