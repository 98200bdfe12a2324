import Foundation
import Testing

@testable import RenoPlan

/// A budget that buys nothing in some or all years, where no unit explains it: one warning, and
/// the plan still runs (``BudgetCheck``; the errors for 万元 and 亿元 are in the bad-input corpus).
/// The district is the corpus's: E0001 and E0002 one cluster of 2.0M yuan, E0003 alone 1.0M.
@Suite("A budget that buys nothing is said once (SPEC §2)")
struct BudgetCheckTests {
    func validate(budget: String) throws -> Validation {
        let folder = TestFolders.fresh("renoplan-budget")
        defer { try? FileManager.default.removeItem(at: folder) }
        let badCase = BadInputCase(name: "budget", scenario: BadFixture.scenario(replacing: [8: budget]), status: 0, expected: [])
        return Validation.check(scenarioAt: try badCase.write(into: folder))
    }

    /// 2026's 300 yuan buys nothing; × 10,000 it would (3M: above 1M, within every cluster's 3M).
    @Test func oneYearBelowTheCheapestEstate() throws {
        let found = try validate(budget: "budget: {annual_yuan: [5e6, 300]}")
        #expect(found.errors == [])
        #expect(found.warnings.contains(
            "scenario.yaml:8: budget.annual_yuan: the money of 2026 (300 yuan) is less than the cheapest estate that can be "
                + "planned costs (E0003: 1.0M yuan of public money, after pledges): nothing can be planned in that year; if that "
                + "amount is in 万元, write 3000000"), "\(found.warnings)")
    }

    /// 500,000 yuan a year buys nothing, and × 10,000 (5,000M) is far beyond the 3M all the
    /// clusters cost: no unit explains it, so a warning, once, and no cluster named for it.
    @Test func everyYearBelowWithNoUnitToBlame() throws {
        let found = try validate(budget: "budget: {annual_yuan: [500000, 500000]}")
        #expect(found.errors == [])
        #expect(found.warnings.contains(
            "scenario.yaml:8: budget.annual_yuan: every year's money (500,000 yuan) is less than the cheapest estate that can "
                + "be planned costs (E0003: 1.0M yuan of public money, after pledges): the plan will be empty"), "\(found.warnings)")
        #expect(!found.warnings.contains { $0.contains("can never be planned") }, "\(found.warnings)")
    }

    /// With carry_over, a year may spend what earlier years left: 600,000 then 500,000 buys
    /// E0003 (1.0M) in 2026, not in 2025.
    @Test func carryOverCountsWhatEarlierYearsLeft() throws {
        let found = try validate(budget: "budget: {annual_yuan: [600000, 500000], carry_over: true}")
        #expect(found.warnings.contains(
            "scenario.yaml:8: budget.annual_yuan: the money of 2025 (with carry_over, what earlier years left included) "
                + "(600,000 yuan) is less than the cheapest estate that can be planned costs (E0003: 1.0M yuan of public money, "
                + "after pledges): nothing can be planned in that year"), "\(found.warnings)")
    }

    /// `sweep` checks the budget the planner typed, once, and not the ones it scales: a budget in
    /// 万元 is bad input (exit 2) whatever the factors; a good budget scaled down to nothing is a
    /// point of the curve (exit 0; the corpus's 5M a year × 0.1 = 500,000 buys nothing).
    @Test func sweepChecksTheBudgetAsTyped() throws {
        let folder = TestFolders.fresh("renoplan-budget-sweep")
        defer { try? FileManager.default.removeItem(at: folder) }
        let typed = try BadInputCase(
            name: "wan", scenario: BadFixture.scenario(replacing: [8: "budget: {annual_yuan: [300, 250]}"]), expected: []
        ).write(into: folder.appendingPathComponent("wan"))
        let wan = try Shell.renoplan(["sweep", typed.path, "--from", "1", "--to", "2", "--step", "1", "--out", folder.appendingPathComponent("o1").path])
        #expect(wan.status == 2, "\(wan.transcript)")
        #expect(wan.stderr.contains("budget.annual_yuan: every year's money (300 yuan, 250 yuan)"), "\(wan.transcript)")
        let good = try BadInputCase(name: "good", scenario: BadFixture.scenario("solver: {time_limit_s: 5}\n"), expected: [])
            .write(into: folder.appendingPathComponent("good"))
        let scaled = try Shell.renoplan(["sweep", good.path, "--from", "0.1", "--to", "1", "--step", "0.9", "--out", folder.appendingPathComponent("o2").path])
        #expect(scaled.status == 0, "\(scaled.transcript)")
    }

    /// Small amounts keep their fraction: 1.5 yuan is not "2 yuan".
    @Test func smallAmountsAreSaidAsTheyAre() {
        #expect(money(1.5) == "1.5 yuan")
        #expect(money(0.03) == "0.03 yuan")
        #expect(money(2) == "2 yuan")
        #expect(money(150.4) == "150 yuan")
        #expect(money(2_100_000) == "2.1M yuan")
    }
}
