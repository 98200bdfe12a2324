import CGDAL
import Foundation
import Testing

@testable import RenoPlan

/// A unit a Shapefile's 10-byte column names cut off (改造费用(万元) comes back as 改造费用(,
/// 改造费用万元 as 改造费用万), and the layer's `units:` that declares it (docs/data.md, *Units
/// in a column's name*). Read in yuan, such a column made the plan spend 9.5万元 of 1.2亿.
@Suite("units: the unit a cut column name lost")
struct LayerUnitsTests {
    /// 小区边界.shp (GBK with its .cpg) with every required estate column and the cost in 万元
    /// under `costName` as GDAL cuts it, plus s.yaml with `columns` and `extra` keys.
    func folder(costName: String) throws -> (folder: URL, scenario: (String, String) throws -> URL) {
        let folder = TestFolders.fresh("renoplan-units")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let estates = PlannerDistrict.estates
        try GDALFixture.write(
            folder.appendingPathComponent("小区边界.shp"), driver: "ESRI Shapefile", layer: "小区边界", geometry: wkbPolygon,
            fields: [
                ("code", OFTString), ("built", OFTInteger64), ("hh", OFTInteger64), ("area", OFTReal), ("consent", OFTReal),
                ("mgmt", OFTString), (costName, OFTReal),
            ],
            rows: estates.map { e in
                (GDALFixture.wkt(PlannerDistrict.rect(e.x, e.y)), [
                    .text(e.id), .integer(e.built), .integer(e.households), .number(e.area), .number(e.consent), .text("Y"),
                    e.cost.map { .number($0 / 10_000) } ?? .null,
                ])
            },
            layerOptions: ["ENCODING=CP936"])
        let url = folder.appendingPathComponent("s.yaml")
        return (folder, { columns, extra in
            try """
                geodata:
                  estates:
                    path: 小区边界.shp
                    columns: {code: id, built: built_year, hh: households, area: floor_area_m2, consent: consent, mgmt: management_agreed\(columns)}
                \(extra)
                \(PlannerDistrict.scenarioTail)
                """.write(to: url, atomically: true, encoding: .utf8)
            return url
        })
    }

    /// The name GDAL writes for `name` in a GBK Shapefile.
    func cutName(in folder: URL) throws -> String {
        let data = try DataFolder.inspect(folder)
        return try #require(data.layers.first?.columns.last)
    }

    /// 改造费用(万元) is cut to 改造费用(: mapped without a unit, one error that says the unit
    /// was cut off and how to declare it; with units: {cost_yuan: 万元}, every cost is read ×
    /// 10,000 and validate says so.
    @Test func aBracketCutShortNeedsItsUnit() throws {
        let (folder, scenario) = try folder(costName: "改造费用(万元)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try cutName(in: folder) == "改造费用(")
        let refused = Validation.check(scenarioAt: try scenario(", 改造费用(: cost_yuan", ""))
        #expect(refused.errors == [
            "s.yaml:4: geodata.estates.columns.改造费用(: '改造费用(' ends in '(', the start of a unit cut off (a Shapefile's column "
                + "names are cut at 10 bytes: a name such as 改造费用(万元) comes back so), and cost_yuan would be read in 元 (yuan) "
                + "whatever the unit was: say it with units: {cost_yuan: 万元} (or 元) beside columns",
        ], "\(refused.errors)")

        let url = try scenario(", 改造费用(: cost_yuan}\n    units: {cost_yuan: 万元", "")
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors == [], "\(report.errors)")
        #expect(report.warnings.contains("小区边界.shp: 改造费用( is read in 万元 (units.cost_yuan: 万元): its values are multiplied by 10,000 for cost_yuan"),
                "\(report.warnings)")
        let district = try District.load(Scenario.load(from: url))
        for row in PlannerDistrict.estates {
            let estate = try #require(district.estates.first { $0.id == row.id })
            // 980 (万元) × 10,000 = 9,800,000 yuan; an estate without a cost takes floor area × 400.
            #expect(abs(estate.costYuan - (row.cost ?? row.area * 400)) < 0.01, "\(row.id): \(estate.costYuan)")
        }
    }

    /// 改造费用万元 is cut to 改造费用万: a final 万 after a cost can only be 万元, so it is
    /// read × 10,000 without units (and validate says why); units may still say otherwise.
    @Test func aFinal万IsTenThousand() throws {
        let (folder, scenario) = try folder(costName: "改造费用万元")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try cutName(in: folder) == "改造费用万")
        let url = try scenario(", 改造费用万: cost_yuan", "")
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors == [], "\(report.errors)")
        #expect(report.warnings.contains(
            "小区边界.shp: 改造费用万 is read in 万元 (its name, cut short, ends in '万'): its values are multiplied by 10,000 for cost_yuan"),
                "\(report.warnings)")
        let district = try District.load(Scenario.load(from: url))
        #expect(district.estates.first { $0.id == "CD001" }?.costYuan == 9_800_000)
        // units: {cost_yuan: 元} says the values are yuan after all.
        let yuan = try District.load(Scenario.load(from: try scenario(", 改造费用万: cost_yuan}\n    units: {cost_yuan: 元", "")))
        #expect(yuan.estates.first { $0.id == "CD001" }?.costYuan == 980)
    }

    /// units on a key no `columns` entry maps reads the column of that name; units that name a
    /// key without a unit, a key the layer does not have, or a unit of another kind, are errors
    /// at their line.
    @Test func unitsOfAKeyAndRefusedUnits() throws {
        let (folder, scenario) = try folder(costName: "cost_yuan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let district = try District.load(Scenario.load(from: try scenario("}\n    units: {cost_yuan: 万元", "")))
        #expect(district.estates.first { $0.id == "CD001" }?.costYuan == 9_800_000)

        let refused = Validation.check(scenarioAt: try scenario("}\n    units: {households: 户, cost_yaun: 万元, floor_area_m2: 万元", ""))
        let units = "units may name floor_area_m2, cost_yuan, resident_yuan, utility_yuan, social_yuan, improve_cost_yuan, upgrade_cost_yuan"
        #expect(refused.errors == [
            "s.yaml:5: geodata.estates.units.households: households has no unit to declare; \(units)",
            "s.yaml:5: geodata.estates.units.cost_yaun: cost_yaun is not a property of estates (did you mean 'cost_yuan'?); \(units)",
            "s.yaml:5: geodata.estates.units.floor_area_m2: 万元 is not a unit renoplan knows for floor_area_m2 (in m²); write one of "
                + "m2, ㎡, 平方米, 万m2, 万㎡, 万平方米, 公顷",
        ], "\(refused.errors)")

        // A unit for a key whose column the file does not have.
        let missing = Validation.check(scenarioAt: try scenario("}\n    units: {resident_yuan: 万元", ""))
        #expect(missing.errors.count == 1 && missing.errors[0].hasPrefix(
            "s.yaml:5: geodata.estates.units.resident_yuan: no column gives resident_yuan in 小区边界.shp"), "\(missing.errors)")
    }

    /// What is left of a unit at the end of a cut name, and a declared unit against the one a
    /// whole name says.
    @Test func cutUnitsAndDeclaredUnits() {
        #expect(ColumnNames.cutUnit("改造费用(", key: "cost_yuan") == .lost(left: "("))
        #expect(ColumnNames.cutUnit("费用(万", key: "cost_yuan")?.left == "(万")
        #expect(ColumnNames.conversion(column: "费用(万", key: "cost_yuan").factor == 10_000)
        #expect(ColumnNames.conversion(column: "建筑面积（万", key: "floor_area_m2").factor == 10_000)
        #expect(ColumnNames.conversion(column: "改造费用万", key: "cost_yuan").factor == 10_000)
        // Not a cut: a whole unit, a key without a unit, a name that is only 万.
        #expect(ColumnNames.cutUnit("改造费用(万元)", key: "cost_yuan") == nil)
        #expect(ColumnNames.cutUnit("户数万", key: "households") == nil)
        #expect(ColumnNames.conversion(column: "改造估算（元）", key: "cost_yuan", declared: "万元").refused
            == "'改造估算（元）' says it is in 元, but units.cost_yuan says 万元: remove one of them, or map a column in 万元")
        #expect(ColumnNames.conversion(column: "改造估算（万元）", key: "cost_yuan", declared: "万元").factor == 10_000)
    }
}
