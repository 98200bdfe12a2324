import ArgumentParser
import Foundation
import RenoPlan

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look at a folder of planners' files and write a starting scenario to check.",
        discussion: """
            Opens every GeoJSON, Shapefile, GeoPackage, FileGDB, CSV and XLSX file in the folder, \
            guesses which is estates, facilities, sites and walkways and the columns: mapping \
            (Chinese headers such as 小区名称, 户数, 建成年代 included), and writes a commented \
            scenario. It never overwrites a file. See docs/data.md.
            """)

    @Argument(help: "The folder with the data files.")
    var folder: String

    @Option(name: .shortAndLong, help: "The scenario to write (default: FOLDER/scenario.yaml).")
    var output: String?

    func run() throws {
        let folderURL = URL(fileURLWithPath: folder, isDirectory: true)
        var isDirectory: ObjCBool = false
        var standardError = FileHandle.standardError
        guard FileManager.default.fileExists(atPath: folderURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            print("\(folder): not a folder", to: &standardError)
            throw Exit.badInput
        }
        // A bare file name goes into the folder (`--output plan-2026.yaml`, as docs/data.md shows).
        let outputURL = output.map { $0.contains("/") ? URL(fileURLWithPath: $0) : folderURL.appendingPathComponent($0) }
            ?? folderURL.appendingPathComponent("scenario.yaml")
        guard outputURL.deletingLastPathComponent().standardizedFileURL.path == folderURL.standardizedFileURL.path else {
            print("\(outputURL.path): the scenario must be written into \(folder) (its paths are relative to it)", to: &standardError)
            throw Exit.badInput
        }
        guard !FileManager.default.fileExists(atPath: outputURL.path) else {
            print("\(outputURL.path): exists already; init does not overwrite it (remove it, or give --output)", to: &standardError)
            throw Exit.badInput
        }
        let data = try DataFolder.inspect(folderURL)
        guard !data.layers.isEmpty else {
            print("\(folder): no data file found (GeoJSON, Shapefile, GeoPackage, FileGDB, CSV or XLSX): nothing to start from", to: &standardError)
            throw Exit.badInput
        }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date()) + 1
        let text = ScenarioStarter.scenario(for: data, name: folderURL.lastPathComponent, year: year)
        try text.write(to: outputURL, atomically: true, encoding: .utf8)
        print("wrote \(outputURL.path): \(data.layers.count) layer\(data.layers.count == 1 ? "" : "s") found; check it, then run renoplan validate \(outputURL.path)")
        // The guesses a planner cannot see from the columns alone (also in the scenario's comments).
        for note in ScenarioStarter.notes(for: data) { print(note) }
    }
}
