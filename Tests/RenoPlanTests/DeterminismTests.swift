import Foundation
import Testing

@testable import RenoPlan

/// The same scenario planned twice through the CLI gives the same files, byte for byte (issue 6).
@Suite("Determinism through the CLI")
struct DeterminismTests {
    /// Eight estates in EPSG:4547 metres, two horizon years:
    /// - E1, E2, E3 stand 10 m apart in a row: one cluster of 300 households;
    /// - E4 … E6 stand alone, E7 is built 2003 (extended target), E8 lacks consent (reserve);
    /// - elderly care F1 has 30 m² for some 2,000 people within 1,000 m (0.015 m²/person), so the
    ///   0.1 m²/person norm is met only by adding space on site S1 (400 m² at 3,000 yuan/m²);
    /// - each estate costs 1M yuan; 3.5M a year does not fit everything, so the choice matters.
    static func district() -> TestDistrict {
        TestDistrict(
            estates: [
                TestGeo.estate("E1", TestGeo.rect(0, 0), households: 120, built: 1982),
                TestGeo.estate("E2", TestGeo.rect(110, 0), households: 90, built: 1988),
                TestGeo.estate("E3", TestGeo.rect(220, 0), households: 90, built: 1991),
                TestGeo.estate("E4", TestGeo.rect(0, 300), households: 100, built: 1979, extra: ["hazards": ["gas", "fire"]]),
                TestGeo.estate("E5", TestGeo.rect(400, 300), households: 110, built: 1995, extra: ["resident_yuan": 200_000]),
                TestGeo.estate("E6", TestGeo.rect(800, 0), households: 80, built: 1998),
                TestGeo.estate("E7", TestGeo.rect(800, 300), households: 60, built: 2003),
                TestGeo.estate("E8", TestGeo.rect(1200, 0), households: 100, built: 1985, extra: ["consent": 0.6]),
            ],
            facilities: [
                TestGeo.facility("F1", "elderly_care", 150, 200, capacity: 30),
                TestGeo.facility("F2", "clinic", 500, 200),
                TestGeo.facility("F3", "kindergarten", 50, 200),
            ],
            sites: [
                TestGeo.site("S1", 300, 150, area: 400, costPerM2: 3000, kinds: ["elderly_care"]),
                TestGeo.site("S2", 1500, 800, area: 50, costPerM2: 9000),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [3.5e6, 3.5e6]}\n"
                + "clustering: {linked_saving: 0.05}\nsolver: {time_limit_s: 20}\n")
    }

    /// `-q` is accepted by every command that prints a summary, and silences it.
    @Test func quietOnEveryCommand() throws {
        let district = Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let scenario = try district.write()
        let folder = district.folder
        let logs = folder.appendingPathComponent("logs")
        let plan = folder.appendingPathComponent("plan")
        let rank = folder.appendingPathComponent("rank")
        for (arguments, output) in [
            (["plan", scenario.path, "--out", plan.path], "plan.geojson"),
            (["rank", scenario.path, "--out", rank.path], "plan.geojson"),
            (["evaluate", scenario.path, rank.appendingPathComponent("plan.geojson").path, "--out", folder.appendingPathComponent("evaluate").path], "evaluation.json"),
            (["compare", rank.path, plan.path, "--out", folder.appendingPathComponent("compare").path], "compare.json"),
            (["coverage", scenario.path, "--out", folder.appendingPathComponent("coverage").path], "coverage.geojson"),
            (["sweep", scenario.path, "--from", "1", "--to", "1", "--out", folder.appendingPathComponent("sweep").path], "sweep.csv"),
            (["batch", scenario.path, "--out", folder.appendingPathComponent("batch").path], "batch.json"),
        ] {
            let loud = try CLIRunner.run(arguments, logs: logs)
            try #require(loud.status == 0, "\(arguments[0]):\n\(loud.transcript)")
            #expect(!loud.stdout.isEmpty, "\(arguments[0]) printed no summary")
            let quiet = try CLIRunner.run(arguments + ["-q"], logs: logs)
            #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(arguments[0]) -q:\n\(quiet.transcript)")
            let written = URL(fileURLWithPath: arguments[arguments.firstIndex(of: "--out")! + 1]).appendingPathComponent(output)
            #expect(FileManager.default.fileExists(atPath: written.path), "\(arguments[0]) -q wrote no \(output)")
        }
    }

    @Test func samePlanTwiceGivesTheSameBytes() throws {
        let district = Self.district()
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let scenario = try district.write()
        let first = district.folder.appendingPathComponent("out-a")
        let second = district.folder.appendingPathComponent("out-b")
        let runA = try CLIRunner.plan(scenario, out: first, logs: district.folder.appendingPathComponent("logs-a"))
        let runB = try CLIRunner.plan(scenario, out: second, logs: district.folder.appendingPathComponent("logs-b"))
        try #require(runA.status == 0 && !runA.crashed, "first plan failed:\n\(runA.transcript)")
        try #require(runB.status == 0 && !runB.crashed, "second plan failed:\n\(runB.transcript)")

        // Every file, byte for byte: no output carries a timing.
        try Self.expectSameFiles(first, second)

        // The scenario is not trivial: a cluster, a norm met on a site, both years used.
        let plan = try JSONIO.decode(try Data(contentsOf: first.appendingPathComponent("plan.geojson")))
        let properties = (plan["features"]?.arrayValue ?? []).compactMap { $0["properties"] }
        #expect(properties.count == 8)
        let years = Set(properties.compactMap { $0["year"]?.numberValue })
        #expect(years == [2025, 2026], "both years should hold renovations, got \(years.sorted())")
        var clusterSizes: [String: Int] = [:]
        for p in properties where p["year"]?.numberValue != nil {
            if let cluster = p["cluster"]?.stringValue { clusterSizes[cluster, default: 0] += 1 }
        }
        #expect(clusterSizes.values.contains { $0 >= 2 }, "a planned cluster should hold several estates: \(clusterSizes)")
        #expect(properties.first { $0["id"]?.stringValue == "E8" }?["status"]?.stringValue == "reserve")
        let sites = try JSONIO.decode(try Data(contentsOf: first.appendingPathComponent("sites.geojson")))
        let additions = sites["features"]?.arrayValue ?? []
        #expect(additions.contains { $0["properties"]?["kind"]?.stringValue == "elderly_care" && ($0["properties"]?["m2"]?.numberValue ?? 0) > 0 },
                "the elderly-care norm should be met by new space on a site")
    }

    /// Every file of folder `a` is in `b` with the same bytes, and `b` has no other
    /// (`except`: files that record the run itself, such as batch's run.json with its seconds).
    static func expectSameFiles(_ a: URL, _ b: URL, except: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        func files(_ folder: URL) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !except.contains($0) }.sorted()
        }
        let names = try files(a)
        #expect(!names.isEmpty, "\(a.path) is empty", sourceLocation: sourceLocation)
        #expect(try files(b) == names, "\(a.lastPathComponent) and \(b.lastPathComponent) hold different files", sourceLocation: sourceLocation)
        for name in names {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            let y = try Data(contentsOf: b.appendingPathComponent(name))
            #expect(x == y, "\(name) differs between \(a.path) and \(b.path)", sourceLocation: sourceLocation)
        }
    }
}
