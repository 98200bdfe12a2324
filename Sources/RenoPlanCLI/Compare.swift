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

    @Option(name: .long, help: "Folder for the output files (created if missing).")
    var out: String

    @OptionGroup var output: QuietOption
    var quiet: Bool { output.quiet }

    func run() throws {
        do {
            let files = try Comparison.files(URL(fileURLWithPath: a), URL(fileURLWithPath: b))
            try OutputFolder.write(files, to: URL(fileURLWithPath: out))
            if !quiet, let markdown = files.first(where: { $0.name == "compare.md" }) {
                print(String(decoding: markdown.data, as: UTF8.self).split(separator: "\n").prefix(8).joined(separator: "\n"))
            }
        } catch {
            throw fail(error)
        }
    }
}
