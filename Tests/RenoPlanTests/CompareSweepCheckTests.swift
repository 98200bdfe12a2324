import Foundation
import Testing

@testable import RenoPlan

/// compare and sweep on the edges QA found: two districts sharing estate ids, two folders of one
/// name, factors closer than a label's two decimals, a sweep with no plan, a bad --source.
@Suite("Compare and sweep: identities, labels, exit codes")
struct CompareSweepCheckTests {
    @Test func compareWarnsOfTwoDistrictsAndTellsSameNamedFoldersApart() throws {
        let farm = try ScenarioFarm.make(count: 1, others: 1)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        // The other district: the same ids E1 … E8, other estates (names).
        let otherEstates = farm.folder.appendingPathComponent("other/estates.geojson")
        let text = try String(contentsOf: otherEstates, encoding: .utf8)
        try text.replacingOccurrences(of: "测试E", with: "别区小区E").write(to: otherEstates, atomically: true, encoding: .utf8)
        let a = farm.folder.appendingPathComponent("rk/a"), b = farm.folder.appendingPathComponent("pl/a")
        for (scenario, out) in [(farm.scenarios[0], a), (farm.scenarios[1], b)] {
            let plan = try Shell.renoplan(["plan", scenario.path, "--out", out.path, "-q"])
            #expect(plan.status == 0, "\(plan.transcript)")
        }
        let compare = try Shell.renoplan(["compare", a.path, b.path, "--out", farm.folder.appendingPathComponent("cmp").path])
        #expect(compare.status == 0, "\(compare.transcript)")
        #expect(compare.stderr.contains("warning: A (rk/a) and B (pl/a) look like plans of two districts that use the same estate ids (8 of 8 shared ids another name;"), "\(compare.transcript)")
        let markdown = try String(contentsOf: farm.folder.appendingPathComponent("cmp/compare.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("# rk/a 与 pl/a 的比较") || markdown.hasPrefix("# rk/a compared with pl/a"), "\(markdown.prefix(80))")
        // One district with itself: no warning.
        let same = try Shell.renoplan(["compare", a.path, a.path, "--out", farm.folder.appendingPathComponent("cmp2").path])
        #expect(same.status == 0 && !same.stderr.contains("two districts"), "\(same.transcript)")
        #expect(Comparison.distinctNames(URL(fileURLWithPath: "/x/plan-2025"), URL(fileURLWithPath: "/x/plan-2026")) == ("plan-2025", "plan-2026"))
    }

    @Test func sweepLabelsDifferNoPlanIsNotExitZeroAndABadSourceIsAUsageError() throws {
        let farm = try ScenarioFarm.make(count: 1)
        defer { try? FileManager.default.removeItem(at: farm.folder) }
        let fine = try Shell.renoplan(
            ["sweep", farm.paths[0], "--from", "0", "--to", "0.0001", "--step", "0.0001", "--out", farm.folder.appendingPathComponent("sw").path])
        #expect(fine.status == 0, "\(fine.transcript)")
        #expect(fine.stdout.contains("  × 0.0000") && fine.stdout.contains("  × 0.0001"), "\(fine.transcript)")
        let locked = try BatchCheckTests.infeasibleScenario(in: farm)
        let none = try Shell.renoplan(["sweep", locked.path, "--from", "1", "--to", "2", "--step", "1", "--out", farm.folder.appendingPathComponent("sw2").path])
        #expect(none.status == 3, "every factor infeasible:\n\(none.transcript)")
        #expect(FileManager.default.fileExists(atPath: farm.folder.appendingPathComponent("sw2/sweep.csv").path), "the files are written still")
        let source = try Shell.renoplan(["sweep", farm.paths[0], "--source", "bonds", "--out", farm.folder.appendingPathComponent("sw3").path])
        #expect(source.status == 64 && source.stderr.contains("no funding source is named bonds"), "\(source.transcript)")
    }
}
