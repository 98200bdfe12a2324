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

    /// Checks the scenario file, then every data file it names: where the scenario has errors
    /// too, with its other keys, so that one slip in it does not hide the data's problems.
    public static func check(scenarioAt url: URL) -> Validation {
        let scenario: Scenario
        do {
            scenario = try Scenario.load(from: url)
        } catch let errors as ScenarioErrors {
            let own = errors.errors.map(\.description)
            guard let readSoFar = errors.readSoFar, errors.errors.allSatisfy(leavesTheDataAlone) else {
                return Validation(errors: own, warnings: [])
            }
            // The data's errors only: its warnings may come of the defaults taken for the keys in
            // error (a misspelt capacity would warn of clusters that never fit).
            let data = check(readSoFar)
            return Validation(errors: own + data.errors, warnings: [], errorLines: own + data.errorLines)
        } catch {
            return Validation(errors: ["\(error)"], warnings: [])
        }
        return check(scenario)
    }

    /// Keys whose errors leave the data's checks as they are: the money, the rules' settings, the
    /// locks (a lock in error is left out, the others checked against the data). An error in any
    /// other key (the layers, their CRS, the distance, the horizon the locks' years are checked
    /// against, who is eligible) or in a key not known at all (a misspelt `geodata` or `crs`)
    /// could change which data is read or what its checks mean, so the data is then not checked.
    static let keysTheDataLeavesAlone: Set<String> = [
        "name", "persons_per_household", "budget", "capacity", "circles", "coverage", "norms", "clustering", "score", "objective",
        "locks", "costs", "solver", "report", "levels", "funding", "revise",
    ]

    static func leavesTheDataAlone(_ error: ScenarioError) -> Bool {
        guard let path = error.path, path.contains(where: { $0 == "." || $0 == "[" }),
            let top = path.split(whereSeparator: { $0 == "." || $0 == "[" }).first
        else { return false }
        return keysTheDataLeavesAlone.contains(String(top))
    }

    /// Checks every data file a scenario that could be read names.
    static func check(_ scenario: Scenario) -> Validation {
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
