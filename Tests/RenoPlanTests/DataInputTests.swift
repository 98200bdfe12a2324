import Foundation
import Testing

@testable import RenoPlan

// Issue 12: planners' data read correctly (numbers and booleans as text, empty names) or refused
// clearly (near-miss names and kinds, one polygon under two ids); validate's counted defaults.

@Suite("Property text and names (SPEC §9)")
struct PropertyTextTests {
    @Test func numbersWrittenAsText() {
        #expect(PropertyText.number("193") == 193)
        #expect(PropertyText.number(" 1,200 ") == 1200)
        #expect(PropertyText.number("12,345,678.5") == 12_345_678.5)
        #expect(PropertyText.number("0.85") == 0.85)
        #expect(PropertyText.number("85%") == 0.85)
        #expect(PropertyText.number("-3") == -3)
        // Not thousands separators, not numbers.
        #expect(PropertyText.number("1,2") == nil)
        #expect(PropertyText.number("1,2345") == nil)
        #expect(PropertyText.number("many") == nil)
        #expect(PropertyText.number("") == nil)
        #expect(PropertyText.number("nan") == nil)
    }

    @Test func booleansWrittenAsText() {
        for text in ["1", "true", "TRUE", "是", "Y", "y", "yes"] { #expect(PropertyText.bool(text) == true, "\(text)") }
        for text in ["0", "false", "False", "否", "N", "no"] { #expect(PropertyText.bool(text) == false, "\(text)") }
        #expect(PropertyText.bool("maybe") == nil)
        #expect(PropertyText.bool("2") == nil)
    }

    @Test func listsWrittenAsText() {
        #expect(PropertyText.list("gas、fire") == ["gas", "fire"])
        #expect(PropertyText.list("gas, fire;water，power") == ["gas", "fire", "water", "power"])
        #expect(PropertyText.list(" ") == [])
        // Lists a GIS export wrote as text: GDAL's form (ogr2ogr into a GeoPackage or a
        // Shapefile) and a JSON array (QGIS).
        #expect(PropertyText.list("(2:gas,fire)") == ["gas", "fire"])
        #expect(PropertyText.list("(0:)") == [])
        #expect(PropertyText.list("(1:elderly_care)") == ["elderly_care"])
        #expect(PropertyText.list("[\"gas\", \"fire\"]") == ["gas", "fire"])
        #expect(PropertyText.list("[]") == [])
        #expect(PropertyText.list("[\"燃气、消防\", \"排水\"]") == ["燃气", "消防", "排水"])
        #expect(PropertyText.list("['gas', 'fire']") == ["'gas'", "'fire'"])
        // Not those forms: read by the separators as before.
        #expect(PropertyText.list("(3:gas,fire)") == ["(3:gas", "fire)"])
    }

    @Test func nearMissNames() {
        let keys = LayerKind.estates.keys
        #expect(PropertyNames.nearMiss("cost_yaun", keys: keys)! == ("cost_yuan", false))
        #expect(PropertyNames.nearMiss("hazard", keys: keys)! == ("hazards", false))
        #expect(PropertyNames.nearMiss("Households", keys: keys)! == ("households", false))
        #expect(PropertyNames.nearMiss("Floor Area M2", keys: keys)! == ("floor_area_m2", false))
        #expect(PropertyNames.nearMiss("floor_area", keys: keys)! == ("floor_area_m2", true))
        #expect(PropertyNames.nearMiss("management", keys: keys)! == ("management_agreed", true))
        #expect(PropertyNames.nearMiss("resident_y", keys: keys)! == ("resident_yuan", true))
        #expect(PropertyNames.nearMiss("SAFETY_GRA", keys: keys)! == ("safety_grade", true))
        #expect(PropertyNames.nearMiss("ID", keys: keys)! == ("id", false))
        // Unrelated columns are carried along: short names are not "two edits from id".
        for name in ["district", "x", "y", "fid", "lat", "street", "remark", "街道"] {
            #expect(PropertyNames.nearMiss(name, keys: keys) == nil, "\(name)")
        }
        #expect(PropertyNames.nearMiss("kind", keys: LayerKind.sites.keys)! == ("kinds", false))
        #expect(PropertyNames.nearMiss("kinds", keys: LayerKind.facilities.keys)! == ("kind", false))
        // Two neighbouring letters swapped are one edit, as a typist counts them.
        #expect(PropertyNames.nearMiss("knid", keys: LayerKind.facilities.keys)! == ("kind", false))
        #expect(PropertyNames.nearMiss("cosnent", keys: keys)! == ("consent", false))
    }

    @Test func editDistanceCountsSwaps() {
        #expect(editDistance(Array("knid"), Array("kind")) == 1)
        #expect(editDistance(Array("kidn"), Array("kind")) == 1)
        #expect(editDistance(Array("ca"), Array("abc")) == 3)  // the restricted distance: no edit of a swapped pair
        #expect(editDistance(Array("cost_yaun"), Array("cost_yuan")) == 1)
        #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(editDistance(Array(""), Array("abc")) == 3)
        #expect(editDistance(Array("abc"), Array("abc")) == 0)
    }

    @Test func nearMissKinds() {
        let used: Set<String> = ["elderly_care", "clinic", "kindergarten"]
        #expect(KindNames.nearMiss("Kindergarten", used: used) == "kindergarten")
        #expect(KindNames.nearMiss("kindergarden", used: used) == "kindergarten")
        #expect(KindNames.nearMiss("Elderly Care", used: used) == "elderly_care")
        #expect(KindNames.nearMiss("养老服务", used: used) == "elderly_care")
        #expect(KindNames.nearMiss("幼儿园", used: used) == "kindergarten")
        #expect(KindNames.nearMiss("park", used: used) == nil)
        #expect(KindNames.nearMiss("公园", used: used) == nil)  // park: not used by this scenario
        #expect(KindNames.nearMiss("clinic", used: used) == nil)
    }
}

@Suite("Planners' values read as meant (SPEC §9)")
struct PlannerValuesTests {
    /// E0002 written as a QGIS join or an Excel sheet gives it; every value checked by hand.
    @Test func textNumbersBooleansListsAndEmptyNames() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("E0001", TestGeo.rect(0, 0)),
                TestGeo.feature(TestGeo.rect(300, 0), [
                    "id": "E0002", "name": "", "built_year": "1988", "households": "193", "floor_area_m2": "1,200",
                    "consent": "85%", "management_agreed": "是", "complete_units": "N", "hazards": "gas、fire",
                    "safety_grade": "c", "cost_yuan": " 7,620,000 ", "resident_yuan": "", "buildings": 3,
                ]),
            ],
            facilities: [TestGeo.facility("F1", "elderly_care", 100, 150, capacity: 20)],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let loaded = try District.load(Scenario.load(from: district.write()))
        let e = try #require(loaded.estates.first { $0.id == "E0002" })
        #expect(e.name == nil)
        #expect(e.builtYear == 1988)
        #expect(e.households == 193)
        #expect(e.floorAreaM2 == 1200)
        #expect(abs(e.consent - 0.85) < 1e-12)
        #expect(e.managementAgreed)
        #expect(!e.completeUnits)
        #expect(e.hazards == ["gas", "fire"])
        #expect(e.safetyGrade == "C")
        #expect(e.costYuan == 7_620_000)
        #expect(e.residentYuan == 0)
        #expect(e.population == Int((193 * 2.62).rounded()))
    }

    /// A reserve library's Chinese ways of writing values: 建成年代 "1995年", 安全等级 "C级",
    /// 隐患 "燃气、消防、采暖". A consent of 85 is refused, with the percentage it probably is;
    /// a hazard that is not one is refused with the names accepted.
    @Test func chineseWaysOfWritingValues() throws {
        func district(_ consent: JSONValue, hazards: String) -> TestDistrict {
            TestDistrict(
                estates: [
                    TestGeo.feature(TestGeo.rect(0, 0), [
                        "id": "E1", "built_year": "1995年", "households": 100, "floor_area_m2": 7000,
                        "consent": consent, "safety_grade": "C级", "hazards": .string(hazards),
                    ]),
                ],
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        }
        let good = district(0.9, hazards: "燃气、消防、采暖")
        defer { try? FileManager.default.removeItem(at: good.folder) }
        let e = try #require(try District.load(Scenario.load(from: good.write())).estates.first)
        #expect(e.builtYear == 1995)
        #expect(e.safetyGrade == "C")
        #expect(e.hazards == ["gas", "fire", "heating"])

        let bad = district(85, hazards: "燃气、漏水")
        defer { try? FileManager.default.removeItem(at: bad.folder) }
        #expect(Validation.check(scenarioAt: try bad.write()).errors == [
            "estates.geojson: feature #0 (E1): consent must be a share 0..1, got 85 (a percentage? write 85% or 0.85)",
            "estates.geojson: feature #0 (E1): hazards has \"漏水\", which is not one of gas, fire, structure, drainage, water, "
                + "power, heating, telecom (or gas/燃气, fire/消防, structure/房屋结构/结构, drainage/排水, water/供水, power/供电/电力, "
                + "heating/供暖/供热/采暖, telecom/弱电/通信)",
        ])
    }

    /// Coordinates in degrees, minutes and seconds, as survey tables and GPS devices write them:
    /// the values worked out by hand (114°18′30.5″ = 114 + 18/60 + 30.5/3600).
    @Test func degreesMinutesSeconds() {
        let exact = 114 + 18.0 / 60 + 30.5 / 3600
        for text in ["114°18′30.5″", "114°18'30.5\"", "114度18分30.5秒", "E114°18′30.5″", "114°18′30.5″E", "东经114°18′30.5″",
                     " 114° 18′ 30.5″ ", "114°18'30.5''", "114°18＇30.5＂"] {
            #expect(PropertyText.degrees(text).map { abs($0 - exact) < 1e-12 } == true, "\(text)")
        }
        #expect(PropertyText.degrees("30°36.5′N") == 30 + 36.5 / 60)
        #expect(PropertyText.degrees("114.3083°") == 114.3083)
        #expect(PropertyText.degrees("S33°52′") == -(33 + 52.0 / 60))
        #expect(PropertyText.degrees("西经73°58′") == -(73 + 58.0 / 60))
        for text in ["114", "114.3", "114°61′", "114°18′75″", "18′30″", "114°18′30″5", "约114°", "114°18′30.5″W2", "°"] {
            #expect(PropertyText.degrees(text) == nil, "\(text)")
        }
    }

    /// A facility table whose 经度/纬度 are in degrees, minutes and seconds gives the points the
    /// same table gives in decimal degrees, to the 0.05″ each second is rounded to: 1.55 m of
    /// latitude and 1.33 m of longitude at 30.65°N, so at most 2.04 m apart.
    @Test func facilityTableInDegreesMinutesSeconds() throws {
        let folder = TestFolders.fresh("renoplan-dms")
        defer { try? FileManager.default.removeItem(at: folder) }
        let decimal = try PlannerDistrict.writeGeoJSON(into: folder)
        func dms(_ value: Double, _ positive: String) -> String {
            let seconds = (value * 36_000).rounded() / 10  // tenths of a second
            let d = Int(seconds / 3600), m = Int((seconds - Double(d) * 3600) / 60)
            return String(format: "%@%d°%02d′%04.1f″", positive, d, m, seconds - Double(d) * 3600 - Double(m) * 60)
        }
        var csv = "编号,类型,面积,经度,纬度\n"
        for f in PlannerDistrict.facilities {
            let p = PlannerDistrict.lonLat(f.2, f.3)
            csv += "\(f.0),\(f.1),\(f.4.map { String($0) } ?? ""),\(dms(p.x, "E")),\(dms(p.y, ""))\n"
        }
        try csv.write(to: folder.appendingPathComponent("设施.csv"), atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("dms.yaml")
        try String(contentsOf: decimal, encoding: .utf8)
            .replacingOccurrences(of: "facilities: facilities.geojson", with: "facilities: {path: 设施.csv, x: 经度, y: 纬度, columns: {编号: id, 类型: kind, 面积: capacity_m2}}")
            .write(to: scenario, atomically: true, encoding: .utf8)
        let fromDMS = try District.load(Scenario.load(from: scenario))
        let fromDecimal = try District.load(Scenario.load(from: decimal))
        #expect(fromDMS.facilities.map(\.id) == fromDecimal.facilities.map(\.id))
        #expect(fromDMS.facilities.count == PlannerDistrict.facilities.count)
        for (a, b) in zip(fromDMS.facilityGeometries, fromDecimal.facilityGeometries) {
            let apart = try a.distance(to: b)
            #expect(apart < 2.04, "\(apart) m\n\(csv)")
        }
    }

    /// A completion date where the year is asked for (建成年代 as an office writes it, or an
    /// Excel date cell as GDAL gives it): its year. A fraction of a year or a month 13 is no date.
    @Test func builtYearFromADate() throws {
        for (text, year) in [("1990年6月", 1990.0), ("1990年6月15日", 1990), ("1990-06", 1990), ("1990-06-15", 1990),
                             ("1990/6/15", 1990), ("1990/06/15 00:00:00", 1990), ("1990.06", 1990)] {
            #expect(PropertyText.yearOfDate(text) == year, "\(text)")
        }
        for text in ["1990.6", "1990.5", "1990-13", "90年代", "1990", "1990年", "1990-06-40", "19900-06"] {
            #expect(PropertyText.yearOfDate(text) == nil, "\(text)")
        }
        let district = TestDistrict(
            estates: [
                TestGeo.feature(TestGeo.rect(0, 0), [
                    "id": "E1", "built_year": "1996年10月", "households": 100, "floor_area_m2": 7000, "consent": 0.9,
                ]),
                TestGeo.feature(TestGeo.rect(300, 0), [
                    "id": "E2", "built_year": "1990.6", "households": 100, "floor_area_m2": 7000, "consent": 0.9,
                ]),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        #expect(Validation.check(scenarioAt: try district.write()).errors == [
            "estates.geojson: feature #1 (E2): built_year must be a year such as 1988, got \"1990.6\""
        ])
        let fixed = TestDistrict(
            estates: [
                TestGeo.feature(TestGeo.rect(0, 0), [
                    "id": "E1", "built_year": "1996年10月", "households": 100, "floor_area_m2": 7000, "consent": 0.9,
                ]),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: fixed.folder) }
        #expect(try District.load(Scenario.load(from: fixed.write())).estates.first?.builtYear == 1996)
    }

    /// A hazard written as a phrase of the reserve library (燃气管道老化) is refused, not guessed
    /// (无燃气隐患 names 燃气 too), and the error says which hazard it names.
    @Test func hazardPhrasesNameTheHazard() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0), extra: ["hazards": "燃气管道老化、消防"])],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let errors = Validation.check(scenarioAt: try district.write()).errors
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("estates.geojson: feature #0 (E1): hazards has \"燃气管道老化\", which is not one of gas, fire,") == true)
        #expect(errors.first?.hasSuffix("; it names 燃气 (gas): if that is the hazard, write gas or 燃气") == true, "\(errors)")
    }

    /// Numbers typed with their unit in the cell, as office sheets have them: read in that unit
    /// where it is the key's kind or count; anything else stays an error.
    @Test func numbersWithTheirUnitInTheCell() throws {
        #expect(PropertyText.number("420户", unitFor: "households") == 420)
        #expect(PropertyText.number(" 1,200 户", unitFor: "households") == 1_200)
        #expect(PropertyText.number("6栋", unitFor: "buildings") == 6)
        #expect(PropertyText.number("29,400㎡", unitFor: "floor_area_m2") == 29_400)
        #expect(abs(PropertyText.number("2.94万㎡", unitFor: "floor_area_m2")! - 29_400) < 1e-6)
        #expect(PropertyText.number("980万元", unitFor: "cost_yuan") == 9_800_000)
        #expect(PropertyText.number("980万", unitFor: "cost_yuan") == 9_800_000)
        #expect(PropertyText.number("4500元/㎡", unitFor: "cost_per_m2") == 4_500)
        for (text, key) in [("420人", "households"), ("约420户", "households"), ("980万元", "floor_area_m2"), ("0.9户", "consent"),
                            ("户", "households"), ("420户", "cost_yuan")] {
            #expect(PropertyText.number(text, unitFor: key) == nil, "\(text) for \(key)")
        }
        let district = TestDistrict(
            estates: [
                TestGeo.feature(TestGeo.rect(0, 0), [
                    "id": "E1", "built_year": 1990, "households": "420户", "floor_area_m2": "2.94万㎡", "consent": 0.9,
                    "cost_yuan": "980万元", "buildings": "6栋",
                ]),
                TestGeo.feature(TestGeo.rect(300, 0), [
                    "id": "E2", "built_year": 1990, "households": "420.5户", "floor_area_m2": 7000, "consent": 0.9,
                ]),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        #expect(Validation.check(scenarioAt: try district.write()).errors == [
            "estates.geojson: feature #1 (E2): households must be a whole number ≥ 0, got \"420.5户\""
        ])
        let good = TestDistrict(estates: [district.estates[0]], scenario: district.scenario)
        defer { try? FileManager.default.removeItem(at: good.folder) }
        let e = try #require(try District.load(Scenario.load(from: good.write())).estates.first)
        #expect(e.households == 420 && abs(e.floorAreaM2 - 29_400) < 1e-6 && e.costYuan == 9_800_000 && e.buildings == 6)
    }

    /// The default coverage asks for elderly care, clinics and kindergartens; the data has only
    /// elderly care: validate says the other two would count every estate uncovered.
    @Test func coverageKindsWithoutFacilitiesAreNamed() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0))],
            facilities: [TestGeo.facility("F1", "elderly_care", 100, 150, capacity: 20)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.warnings.filter { $0.contains("no facility of kind") } == [
            "facilities.geojson: no facility of kind clinic, kindergarten, which the scenario's coverage or norms ask for: every "
                + "estate counts as not covered by them (a norm is met only by new space on sites); if the data has them under "
                + "another name, write that kind in the scenario or the data"
        ])
    }

    /// A kind the scenario misspelt (or wrote in Chinese) while the facilities have the right one:
    /// an error at the scenario's entry, not at the facilities, and not a notice that would let
    /// the plan build new space beside the existing facilities it ignores.
    @Test func scenarioKindsNearTheFacilitiesKindsAreErrors() throws {
        func errors(_ rules: String) throws -> [String] {
            let district = TestDistrict(
                estates: [TestGeo.estate("E1", TestGeo.rect(0, 0))],
                facilities: [
                    TestGeo.facility("F1", "elderly_care", 100, 150, capacity: 20), TestGeo.facility("F2", "clinic", 100, 150),
                    TestGeo.facility("F3", "clinic", 120, 150),
                ],
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n" + rules)
            defer { try? FileManager.default.removeItem(at: district.folder) }
            return Validation.check(scenarioAt: try district.write()).errors
        }
        #expect(try errors("coverage: [{kind: clinc, within: 15}]\nnorms: []\n") == [
            "scenario.yaml:6: coverage[0].kind: no facility is of kind clinc, and 2 are of kind clinic (did you mean 'clinic'?): "
                + "write clinic"
        ])
        #expect(try errors("coverage: [{kind: 卫生服务站, within: 15}]\nnorms: []\n") == [
            "scenario.yaml:6: coverage[0].kind: no facility is of kind 卫生服务站, and 2 are of kind clinic (did you mean "
                + "'clinic'?): write clinic"
        ])
        #expect(try errors("coverage: []\nnorms: [{kind: elderly_cares, m2_per_person: 0.1, within: 15}]\n") == [
            "scenario.yaml:7: norms[0].kind: no facility is of kind elderly_cares, and 1 is of kind elderly_care (did you mean "
                + "'elderly_care'?): write elderly_care"
        ])
        #expect(try errors("coverage: [{kind: clinic, within: 15}]\nnorms: []\n") == [])
    }

    /// A site whose kinds are all unknown (spaceport) can host nothing: a notice names it. A
    /// site for a common kind no norm uses (kindergarten), or one with no kinds, is not named.
    @Test func sitesOfUnknownKindsAreNamed() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0))],
            sites: [
                TestGeo.site("S1", 50, 150, area: 100, costPerM2: 1000, kinds: ["spaceport"]),
                TestGeo.site("S2", 80, 150, area: 100, costPerM2: 1000, kinds: ["kindergarten"]),
                TestGeo.site("S3", 110, 150, area: 100, costPerM2: 1000),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.warnings.filter { $0.contains("host nothing") } == [
            "sites.geojson: 1 of 3 sites list only kinds the scenario uses nowhere and renoplan does not know (S1: spaceport): "
                + "they can host nothing; the norms' kinds: elderly_care"
        ])
    }

    /// Pledges above the cost (a digit too many): the public cost would be 0 without a word.
    /// E1 pledges 9e9 against 1e6; E2 exactly its cost (no warning: the cost is covered).
    @Test func pledgesAboveTheCostAreNamed() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("E1", TestGeo.rect(0, 0), cost: 1e6, extra: ["resident_yuan": 9e9]),
                TestGeo.estate("E2", TestGeo.rect(300, 0), cost: 1e6, extra: ["social_yuan": 6e5, "utility_yuan": 4e5]),
                TestGeo.estate("E3", TestGeo.rect(600, 0), cost: 1e6),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.warnings.filter { $0.contains("pledges") } == [
            "estates.geojson: 1 of 3 estates have pledges (resident_yuan + utility_yuan + social_yuan) above their cost (E1; E1: "
                + "9000.0M yuan pledged, cost 1.0M yuan): their public cost is taken as 0; check the pledges' units and digits"
        ])
    }

    /// Costs in 万元 given as yuan: 100 households for 659.4 "yuan" is 6.59 yuan a household at the
    /// median, which every command warns about; 10,000 yuan a household passes.
    @Test func costsInTenThousandYuanAreNoticed() throws {
        func warnings(_ costs: [Double]) throws -> [String] {
            let district = TestDistrict(
                estates: costs.enumerated().map { i, cost in TestGeo.estate("E\(i)", TestGeo.rect(Double(i) * 300, 0), cost: cost) },
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
            defer { try? FileManager.default.removeItem(at: district.folder) }
            return try district.analyse().warnings.map(\.description).filter { $0.contains("per household") }
        }
        #expect(try warnings([659.4, 420, 1_000]) == [
            "estates.geojson: cost_yuan is 6.59 yuan per household at the median: renovation costs thousands of yuan per "
                + "household, so the costs are probably in 万元; name the unit in the column (改造估算（万元）) and renoplan "
                + "converts them, or give them in yuan"
        ])
        #expect(try warnings([6.594e6, 4.2e6, 1e6]).isEmpty)
    }

    /// Floor areas in 万㎡ (100 households, 0.7 of a 万㎡, 0.0070 m² each; the median of
    /// 0.0070, 0.0070 and 70 is 0.0070) are noticed; in m² (70 m² each) they are not.
    @Test func floorAreasInTenThousandSquareMetresAreNoticed() throws {
        func warnings(_ areas: [Double]) throws -> [String] {
            let district = TestDistrict(
                estates: areas.enumerated().map { i, area in
                    TestGeo.estate("E\(i)", TestGeo.rect(Double(i) * 300, 0), households: 100, extra: ["floor_area_m2": .number(area)])
                },
                scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
            defer { try? FileManager.default.removeItem(at: district.folder) }
            return try district.analyse().warnings.map(\.description).filter { $0.contains("floor_area_m2 is") }
        }
        #expect(try warnings([0.7, 0.7, 7_000]) == [
            "estates.geojson: floor_area_m2 is 0.0070 m² per household at the median: homes are tens of square metres, so the "
                + "floor areas are probably in 万㎡; name the unit in the column (建筑面积（万㎡）) and renoplan converts them, or "
                + "give them in m²"
        ])
        #expect(try warnings([7_000, 6_500, 9_000]).isEmpty)
    }

    /// A required key no feature has is one error for the layer, not one per feature; a key
    /// only some lack is still named at each of them.
    /// An empty text is no value for every key (docs/data.md): MapInfo and dBase columns have
    /// no null, so a GIS export writes "" where a grade was never given. Before, "" was read as
    /// a grade and refused ("must be non-empty text") while the count of defaults took it as
    /// absent; now the default applies, and an empty id is a missing id.
    @Test func emptyTextIsNoValueForTextKeysToo() throws {
        let district = TestDistrict(
            estates: (0..<3).map { i in
                TestGeo.feature(TestGeo.rect(Double(i) * 300, 0), [
                    "id": .string(i == 2 ? " " : "E\(i)"), "built_year": 1990, "households": 100, "floor_area_m2": 7000,
                    "consent": 0.9, "safety_grade": i == 0 ? "" : "C", "name": "",
                ])
            },
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        #expect(Validation.check(scenarioAt: try district.write()).errors == [
            "estates.geojson: feature #2: id is required (text)"
        ])
        var estates = district.estates
        estates.removeLast()
        let readable = TestDistrict(estates: estates, scenario: district.scenario)
        defer { try? FileManager.default.removeItem(at: readable.folder) }
        let read = try District.load(Scenario.load(from: try readable.write()))
        #expect(read.estates.map(\.safetyGrade) == ["B", "C"])
        #expect(read.estates.allSatisfy { $0.name == nil })
    }

    @Test func aKeyNoFeatureHasIsOneError() throws {
        let district = TestDistrict(
            estates: (0..<4).map { i in
                TestGeo.feature(TestGeo.rect(Double(i) * 300, 0), [
                    "id": .string("E\(i)"), "households": 100, "floor_area_m2": 7000,
                    "consent": i == 2 ? .null : 0.9,
                ])
            },
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        #expect(Validation.check(scenarioAt: try district.write()).errors == [
            "estates.geojson: built_year is required (a year such as 1988), and none of the 4 features has it: is this the right "
                + "layer, or is the column named otherwise (map it in the scenario's geodata: columns)?",
            "estates.geojson: feature #2 (E2): consent is required (a share 0..1)",
        ])
    }

    /// The same for a key `columns` renames (`户数: households`): the column is there, so its
    /// absence is not reported by the mapping, but no feature has a value in it. Each feature's
    /// error names it `户数 (households)`; the layer still gets one error, not three.
    @Test func aRenamedKeyNoFeatureHasIsOneError() throws {
        let district = TestDistrict(
            estates: (0..<3).map { i in
                TestGeo.feature(TestGeo.rect(Double(i) * 300, 0), [
                    "id": .string("E\(i)"), "户数": "", "built_year": 1990, "floor_area_m2": 7000, "consent": 0.9,
                ])
            },
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let url = try district.write()
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "estates: estates.geojson", with: "estates: {path: estates.geojson, columns: {户数: households}}")
            .write(to: url, atomically: true, encoding: .utf8)
        #expect(Validation.check(scenarioAt: url).errors == [
            "estates.geojson: 户数 (households) is required (a whole number ≥ 0), and none of the 3 features has it: is this the "
                + "right layer, or is the column named otherwise (map it in the scenario's geodata: columns)?"
        ])
    }

    @Test func validateCountsDefaultsAndListsUnusedColumnsOnce() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("E0001", TestGeo.rect(0, 0), extra: ["street": "东街", "remark": "x"]),
                TestGeo.estate("E0002", TestGeo.rect(300, 0), extra: ["street": "西街", "safety_grade": "A"]),
                TestGeo.estate("E0003", TestGeo.rect(600, 0), extra: ["street": "西街"]),
            ],
            facilities: [TestGeo.facility("F1", "elderly_care", 100, 150, capacity: 20)],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 1e7]}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.errors.isEmpty, "\(report.errors)")
        // TestGeo gives management_agreed, cost_yuan and no safety_grade, complete_units or hazards.
        #expect(report.warnings.contains("estates.geojson: 2 of 3 estates have no safety_grade: taken as B"), "\(report.warnings)")
        #expect(report.warnings.contains(
            "estates.geojson: all 3 estates have no complete_units: taken as true (no unsafe-after-core promotion)"))
        #expect(!report.warnings.contains { $0.contains("no cost_yuan") || $0.contains("no management_agreed") })
        let unused = report.warnings.filter { $0.contains("carried along") }
        #expect(unused == ["estates.geojson: 2 properties are carried along and not used: \"remark\", \"street\""])
    }

    /// The GeoJSON path's plan is the same whether properties are numbers or numbers as text.
    @Test func textNumbersPlanLikeNumbers() throws {
        func estates(asText: Bool) -> [JSONValue] {
            (0..<4).map { i in
                let households = 100 + 37 * i
                let value: (Double) -> JSONValue = { asText ? .string(formatNumber($0)) : .number($0) }
                return TestGeo.feature(TestGeo.rect(Double(i) * 300, 0), [
                    "id": .string("E\(i)"), "built_year": value(Double(1980 + i)), "households": value(Double(households)),
                    "floor_area_m2": value(Double(households * 70)), "consent": value(0.9),
                    "management_agreed": asText ? "Y" : true,
                ])
            }
        }
        var years: [[String: Int?]] = []
        for asText in [false, true] {
            let district = TestDistrict(
                estates: estates(asText: asText), facilities: [TestGeo.facility("F1", "elderly_care", 100, 150, capacity: 20)],
                scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [5e6, 5e6]}\nsolver: {time_limit_s: 10}\n")
            defer { try? FileManager.default.removeItem(at: district.folder) }
            years.append(try district.plan().yearByID)
        }
        #expect(years[0] == years[1])
        #expect(years[0].values.contains { $0 != nil })
    }
}
