import ArgumentParser
import Foundation
import RenoPlan

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Measure living-circle coverage and facility access; write coverage.geojson, coverage.json and circles.geojson.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Leave out circles.geojson (each estate's living-circle areas as polygons): on a city with walking distance it is most of the time and a file of 150 MB. An earlier run's circles.geojson is removed.")
    var noCircles = false

    func validate() throws { try output.keepInputs(of: scenario, OutputFiles.coverage) }

    func run() throws {
        Signals.install()
        do {
            let analysis = try Pipeline.analyse(scenarioAt: URL(fileURLWithPath: scenario))
            if !output.quiet { printWarnings(analysis) }
            let files = try CoverageWriter.files(analysis, circles: !noCircles)
            try Interruption.checkpoint()
            try OutputFolder.write(files, to: output.url, replacing: OutputFiles.coverage)
            if !output.quiet { print(Summary.coverageText(analysis, folder: output.out)) }
        } catch {
            throw output.fail(error, clearing: OutputFiles.coverage)
        }
    }
}
