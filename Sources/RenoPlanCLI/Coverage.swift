import ArgumentParser
import Foundation
import RenoPlan

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Measure living-circle coverage and facility access; write coverage.geojson and coverage.json.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, help: "Folder for the output files (created if missing).")
    var out: String

    @OptionGroup var output: QuietOption
    var quiet: Bool { output.quiet }

    func run() throws {
        do {
            let analysis = try Pipeline.analyse(scenarioAt: URL(fileURLWithPath: scenario))
            if !quiet { printWarnings(analysis) }
            try OutputFolder.write(try CoverageWriter.files(analysis), to: URL(fileURLWithPath: out))
            if !quiet { print(Summary.coverageText(analysis, folder: out)) }
        } catch {
            throw fail(error)
        }
    }
}
