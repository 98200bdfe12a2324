import Foundation
import Testing

@testable import RenoPlan

/// Each command's `--help` names every file it writes: the lists of ``OutputFiles``, which a
/// run removes from `--out` when it did not write them (README, *What `plan` writes*).
@Suite("Help texts name the files each command writes")
struct CLIHelpTests {
    /// The help text with its lines joined (swift-argument-parser wraps the overview).
    func help(_ command: String) throws -> String {
        let result = try Shell.renoplan([command, "--help"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    @Test func planAndRankNameEveryPlanFile() throws {
        // changes.json is revise's only.
        let files = OutputFiles.plan.subtracting(["changes.json"])
        #expect(files.count == 6)
        for command in ["plan", "rank"] {
            let text = try help(command)
            for file in files.sorted() { #expect(text.contains(file), "\(command) --help does not name \(file): \(text)") }
        }
    }

    @Test func coverageNamesEveryFile() throws {
        let text = try help("coverage")
        for file in OutputFiles.coverage.sorted() { #expect(text.contains(file), "coverage --help does not name \(file): \(text)") }
    }
}
