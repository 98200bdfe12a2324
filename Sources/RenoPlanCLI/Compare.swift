import ArgumentParser
import Foundation
import RenoPlan

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two output folders of plan or rank: compare.json, compare.md, compare.geojson.")

    @Argument(help: "The first output folder (A).")
    var a: String

    @Argument(help: "The second output folder (B).")
    var b: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        do {
            let (left, right) = (URL(fileURLWithPath: a), URL(fileURLWithPath: b))
            let files = try Comparison.files(left, right)
            if !output.quiet, let warning = PlanFile.otherDistrictWarning(left, right, names: Comparison.distinctNames(left, right)) {
                var standardError = FileHandle.standardError
                print("warning: \(warning)", to: &standardError)
            }
            try OutputFolder.write(files, to: output.url, replacing: OutputFiles.compare)
            if !output.quiet, let markdown = files.first(where: { $0.name == "compare.md" }) {
                // The head of compare.md: the two plans, the value sentence and the per-year table
                // (the estates that change year follow in the file).
                let blocks = String(decoding: markdown.data, as: UTF8.self).components(separatedBy: "\n\n")
                print(blocks.prefix(4).joined(separator: "\n\n"))
            }
        } catch {
            throw output.fail(error, clearing: OutputFiles.compare)
        }
    }
}
