import ArgumentParser
import DistrictGen
import Foundation
import RenoPlan

/// Generates districts with the seeded generator and prints the seconds of each pipeline stage,
/// so speed is measured, not guessed. Results are recorded in docs/benchmarks.md.
@main
struct RenoPlanBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "RenoPlanBench",
        abstract: "Time renoplan's stages on generated districts.")

    @Option(help: "District sizes (estates), comma-separated.")
    var estates = "300,5000"

    @Option(help: "euclidean or network.")
    var distance = "network"

    @Flag(help: "Also solve the plan model (slow on big districts).")
    var solve = false

    @Option(help: "Solver time limit in seconds when --solve is given.")
    var timeLimit = 60.0

    @Option(name: .customLong("repeat"), help: "Repetitions per size (the fastest is reported).")
    var repetitions = 3

    func run() throws {
        print("estates  facilities  sites  walkways  distance    load_s  coverage_s  clustering_s  total_s\(solve ? "  solve_s  status  objective  gap" : "")")
        for size in estates.split(separator: ",").compactMap({ Int($0) }) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("renoplan-bench-\(size)")
            let district = DistrictGenerator(estates: size, seed: 2025).generate()
            try district.write(to: folder)
            let budget = Double(size) * 1.2e6  // about a third of what the schedulable estates need
            let yaml = """
                name: bench \(size)
                geodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson, walkways: walkways.geojson}
                crs: EPSG:4547
                horizon: {start: 2025, years: 4}
                budget: {annual_yuan: [\(budget), \(budget), \(budget), \(budget)]}
                distance: \(distance)
                solver: {time_limit_s: \(timeLimit)}

                """
            let scenarioURL = folder.appendingPathComponent("scenario.yaml")
            try yaml.write(to: scenarioURL, atomically: true, encoding: .utf8)
            var best: Analysis?
            var bestTotal = Double.infinity
            for _ in 0..<max(1, repetitions) {
                let started = Date()
                let analysis = try Pipeline.analyse(scenarioAt: scenarioURL)
                let total = Date().timeIntervalSince(started)
                if total < bestTotal {
                    bestTotal = total
                    best = analysis
                }
            }
            let analysis = best!
            let stage = Dictionary(analysis.stageSeconds.map { ($0.stage, $0.seconds) }, uniquingKeysWith: { a, _ in a })
            var line = String(
                format: "%7d  %10d  %5d  %8d  ", size, district.facilityCount, district.siteCount, district.walkwayCount)
            line += distance.padding(toLength: 9, withPad: " ", startingAt: 0)
            line += String(
                format: "  %6.2f  %10.2f  %12.2f  %7.2f", stage["load"] ?? 0, stage["coverage"] ?? 0,
                stage["clustering"] ?? 0, bestTotal)
            if solve {
                let outcome = try Pipeline.solve(analysis)
                line += String(format: "  %7.1f  ", outcome.solverSeconds) + outcome.status.rawValue
                line += String(format: "  %.2f  %.4f", outcome.objective ?? .nan, outcome.gap ?? .nan)
            }
            print(line)
        }
    }
}
