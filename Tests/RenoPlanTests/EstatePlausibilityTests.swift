import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// One estate's figures that cannot be right (``EstatePlausibility``), and the median checks
/// (``UnitCheck``) naming the file a column came from, on the planners' form of
/// ``PlannerDistrict``: 小区边界.shp joined to 储备库2025.xlsx, whose sheet 储备库 has its
/// header in row 1 and the estates from CD008 (row 2) to CD001 (row 9).
@Suite("Implausible figures of one estate, named where they came from (SPEC §9)")
struct EstatePlausibilityTests {
    typealias Value = GDALFixture.Value
    let data = PlannerDataErrorTests()
    let columns = PlannerDataErrorTests.header.map(\.0)

    /// The warnings `validate` gives with the reserve library's cells changed: `change[id][column]`.
    func warnings(_ change: [String: [String: Value]]) throws -> Validation {
        let folder = TestFolders.fresh("renoplan-plausibility")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PlannerDistrict.writePlannerForm(into: folder)
        let rows = PlannerDataErrorTests.rows().map { row in
            row.values.enumerated().map { column, value in change[row.id]?[columns[column]] ?? value }
        }
        try data.reserve(folder, rows: rows)
        return Validation.check(scenarioAt: url)
    }

    /// CD003 (row 7) with 2,000,000 households on its 39,200 m² (0.0196 m² each), CD007 (row 3)
    /// with a floor area of 0, CD001 (row 9, schedulable) with a cost of 0; CD005's cost of 0 is
    /// no warning: its consent of 0.70 keeps it out of any plan.
    @Test func oneRowEachIsNamedByTheTableRow() throws {
        let found = try warnings([
            "CD003": ["户数": .integer(2_000_000)], "CD007": ["建筑面积": .number(0)],
            "CD001": ["改造估算": .number(0)], "CD005": ["改造估算": .number(0)],
        ])
        #expect(found.errors == [])
        let place = "储备库2025.xlsx, sheet 储备库"
        let expected = [
            "\(place): row 3 (CD007): 建筑面积 (floor_area_m2) is 0: the floor area per household cannot be checked, and a cost "
                + "taken from the floor area (costs.per_m2) is 0 too; give the estate's floor area",
            "\(place): row 7 (CD003): 户数 (households) 2,000,000 on 39,200 m², 0.02 m² per household: homes are tens of m², so "
                + "the households or the floor area is probably mistyped; every resident counted shares the facilities in reach, "
                + "so a wrong count changes its neighbours' access too",
            "\(place): row 9 (CD001): 改造估算 (cost_yuan) is 0 for an estate that can be planned: it would be renovated for "
                + "nothing, before any estate that costs something; if its cost is not known, leave the cell empty (then "
                + "floor_area_m2 × 400 yuan, costs.per_m2)",
        ]
        for line in expected { #expect(found.warnings.contains(line), "\(found.warnings)") }
        #expect(found.warnings.filter { $0.contains("CD005") }.isEmpty)
    }

    /// Two estates with too little floor area per household: one warning counting them, each
    /// named by its row (in the boundaries' order: CD003 before CD004), the table's file named.
    @Test func severalRowsAreOneWarning() throws {
        let found = try warnings(["CD003": ["户数": .integer(5_000)], "CD004": ["建筑面积": .number(900)]])
        // CD003: 39,200 m² / 5,000 = 7.84 m²; CD004: 900 m² / 180 = 5 m².
        #expect(found.warnings.contains(
            "储备库2025.xlsx, sheet 储备库: 2 of 8 estates have under 10 m² of floor area per household (row 7 (CD003): 5,000 on "
                + "39,200 m², 7.8 m² per household; row 6 (CD004): 180 on 900 m², 5.0 m² per household): homes are tens of m², so "
                + "their 户数 (households) or floor area is probably mistyped; every resident counted shares the facilities in reach"),
            "\(found.warnings)")
    }

    /// Costs in 万元 under a name without its unit: the median check names the reserve library
    /// and its column, where the values came from, not the boundaries. Per household, the
    /// medians of 980/420, 1,560/560, 540/180, 730/260, 1,790/640, 1,020/380, 660/220 and
    /// CD002's 21,700 m² × 400 / 310 (no cost given): the fifth of eight, 730/260 = 2.81.
    @Test func theMedianCheckNamesTheTable() throws {
        var change: [String: [String: Value]] = [:]
        for e in PlannerDistrict.estates { if let cost = e.cost { change[e.id] = ["改造估算": .number(cost / 10_000)] } }
        let found = try warnings(change)
        #expect(found.warnings.contains { $0.hasPrefix("储备库2025.xlsx, sheet 储备库: 改造估算 (cost_yuan) is 2.81 yuan per household at the median") },
                "\(found.warnings)")
        #expect(!found.warnings.contains { $0.hasPrefix("小区边界.shp: cost_yuan") })
    }
}
