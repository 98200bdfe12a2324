import ArgumentParser
import DistrictGen
import Foundation
import RenoPlan

/// Generates districts with the seeded generator and prints the seconds of each pipeline stage,
/// so speed is measured, not guessed, with the CPU seconds of the fastest run (all threads) and the
/// process's peak memory. Results are recorded in docs/benchmarks.md; scripts/bench_issue15.py runs
/// this and the references for every row of issue 15.
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

    @Option(help: "Generator seed.")
    var seed: UInt64 = 2025

    @Option(help: "JSON of the best plans known, by \"estates/seed/distance\" (objective and source).")
    var bestKnown = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("best-known.json").path

    func run() throws {
        let known = try loadBestKnown()
        print("estates  facilities  sites  walkways  distance    load_s  coverage_s  clustering_s  total_s  cpu_s  peak_mb")
        var solves: [String] = []
        for size in estates.split(separator: ",").compactMap({ Int($0) }) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                seed == 2025 ? "renoplan-bench-\(size)" : "renoplan-bench-\(size)-\(seed)")
            let district = DistrictGenerator(estates: size, seed: seed).generate()
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
            var bestCPU = 0.0
            var bestStages: [(stage: String, seconds: Double)] = []
            for _ in 0..<max(1, repetitions) {
                best = nil  // the previous run's analysis is freed before the next one is measured
                let started = Date()
                let cpuBefore = cpuSeconds()
                let analysis = try Pipeline.analyse(scenarioAt: scenarioURL)
                let total = Date().timeIntervalSince(started)
                if total < bestTotal {
                    bestTotal = total
                    bestCPU = cpuSeconds() - cpuBefore
                    bestStages = analysis.stageSeconds
                }
                best = analysis
            }
            let analysis = best!
            let stage = Dictionary(bestStages.map { ($0.stage, $0.seconds) }, uniquingKeysWith: { a, _ in a })
            var line = String(
                format: "%7d  %10d  %5d  %8d  ", size, district.facilityCount, district.siteCount, district.walkwayCount)
            line += distance.padding(toLength: 9, withPad: " ", startingAt: 0)
            line += String(
                format: "  %6.2f  %10.2f  %12.2f  %7.2f", stage["load"] ?? 0, stage["coverage"] ?? 0,
                stage["clustering"] ?? 0, bestTotal)
            line += String(format: "  %5.2f  %7.0f", bestCPU, peakMegabytes())
            print(line)
            if solve {
                let outcome = try Pipeline.solve(analysis)
                let best = known["\(size)/\(seed)/\(distance)"]
                solves.append(solveLine(size: size, outcome: outcome, best: best, scenario: scenarioURL.path))
            }
        }
        guard solve else { return }
        print("")
        print("estates  columns  rows  dive_s  dive_obj  start_s  start_obj  solve_s  status  objective  bound  gap  best_known  below_best")
        for line in solves { print(line) }
    }

    /// One line per solve: when the LP dive and the starting plan (dive + neighbourhood searches)
    /// were done and what they reached, then GLPK's final status, objective, bound and gap, and
    /// how far the plan is below the best plan known for this district.
    func solveLine(size: Int, outcome: PlanOutcome, best: Double?, scenario: String) -> String {
        let dive = outcome.milestones.first { $0.stage == "LP dive" }
        let start = outcome.milestones.last { $0.stage != "main search" }
        func figure(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "-" }
        var fields = [
            "\(size)", "\(outcome.variables)", "\(outcome.constraints)",
            figure(dive?.elapsedSeconds, "%.1f"), figure(dive?.objective, "%.2f"),
            figure(outcome.mainSearchStartedAt, "%.1f"), figure(start?.objective, "%.2f"),
            String(format: "%.1f", outcome.solverSeconds), outcome.status.rawValue,
            figure(outcome.objective, "%.2f"), figure(outcome.bound, "%.2f"), figure(outcome.gap.map { $0 * 100 }, "%.2f%%"),
            figure(best, "%.2f"),
        ]
        if let best, let objective = outcome.objective {
            fields.append(String(format: "%.3f%%", (best - objective) / best * 100))
        } else {
            fields.append("-")
        }
        return fields.joined(separator: "  ") + "   (\(scenario))"
    }

    /// User + system CPU seconds of this process so far (all threads).
    func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The process's peak resident memory so far (including the generated district it holds).
    func peakMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    func loadBestKnown() throws -> [String: Double] {
        guard FileManager.default.fileExists(atPath: bestKnown) else { return [:] }
        struct Entry: Decodable { var objective: Double }
        let entries = try JSONDecoder().decode([String: Entry].self, from: Data(contentsOf: URL(fileURLWithPath: bestKnown)))
        return entries.mapValues(\.objective)
    }
}
