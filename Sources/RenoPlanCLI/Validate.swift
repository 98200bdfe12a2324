import ArgumentParser
import Foundation
import RenoPlan

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario and its data; print every problem and warning at once.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    func run() throws {
        let report = Validation.check(scenarioAt: URL(fileURLWithPath: scenario))
        for warning in report.warnings { print("warning: \(warning)") }
        var standardError = FileHandle.standardError
        for line in report.errorLines { print(line, to: &standardError) }
        if report.errors.isEmpty {
            print("\(scenario): OK (\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"))")
        } else {
            print("\(report.errors.count) problem\(report.errors.count == 1 ? "" : "s") found.", to: &standardError)
            throw Exit.badInput
        }
    }
}
