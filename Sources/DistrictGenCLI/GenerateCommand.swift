import ArgumentParser
import DistrictGen
import Foundation

/// `renoplan-generate`: writes a synthetic district's four GeoJSON files.
@main
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renoplan-generate",
        abstract: "Generate a synthetic old residential district (estates, facilities, candidate sites, walkways).",
        discussion: """
            Writes estates.geojson, facilities.geojson, sites.geojson and walkways.geojson (the \
            pedestrian network for `distance: network`) into the output folder (created if missing; \
            each file is replaced whole). Coordinates are EPSG:4547 metres \
            around Wuhan; declare `crs: EPSG:4547` in the scenario. The same --estates and --seed \
            always give byte-identical files.

            Example: renoplan-generate --estates 300 --seed 2025 --out geodata/demo
            """
    )

    @Option(help: "Number of estates (1 to 1,000,000).")
    var estates: Int = 300

    @Option(help: "Random seed; the same seed and count give the same district.")
    var seed: UInt64 = 2025

    @Option(help: "Folder to write the GeoJSON files into.")
    var out: String

    func validate() throws {
        guard (1...1_000_000).contains(estates) else {
            throw ValidationError("--estates must be between 1 and 1,000,000 (got \(estates)).")
        }
    }

    func run() throws {
        let district = DistrictGenerator(estates: estates, seed: seed).generate()
        // A DistrictWriteError prints as "Error: cannot write <path>: <reason>" and exits 1.
        try district.write(to: URL(fileURLWithPath: out, isDirectory: true))
        print("wrote \(district.estateCount) estates, \(district.facilityCount) facilities, "
            + "\(district.siteCount) sites, \(district.walkwayCount) walkways to \(out)")
    }
}
