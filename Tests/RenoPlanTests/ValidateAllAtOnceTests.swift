import Foundation
import Testing

@testable import RenoPlan

/// `validate` lists every problem at once: a slip in the scenario no longer hides the data's
/// problems (or the other locks' problems), except where the slip is in a key the data's checks
/// depend on (then their errors could follow from it).
@Suite("validate: the scenario's and the data's problems at once")
struct ValidateAllAtOnceTests {
    /// One estate with a consent of 85 (a percentage: an error of the data), a scenario with
    /// `extra` lines.
    func district(_ extra: String) -> TestDistrict {
        TestDistrict(
            estates: [
                TestGeo.feature(TestGeo.rect(0, 0), [
                    "id": "E1", "built_year": 1995, "households": 100, "floor_area_m2": 7000, "consent": 85,
                ]),
                TestGeo.feature(TestGeo.rect(3000, 0), [
                    "id": "E2", "built_year": 1995, "households": 100, "floor_area_m2": 7000, "consent": 0.9,
                ]),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e7, 1e7]}\n" + extra)
    }

    func errors(_ extra: String) throws -> [String] {
        let district = district(extra)
        defer { try? FileManager.default.removeItem(at: district.folder) }
        return Validation.check(scenarioAt: try district.write()).errors
    }

    static let consent = "estates.geojson: feature #0 (E1): consent must be a share 0..1, got 85 (a percentage? write 85% or 0.85)"

    @Test("A misspelt key and a bad value of the data, in one run")
    func keyTypoAndDataError() throws {
        let found = try errors("capacity: {households_per_yaer: 120}\n")
        #expect(found.count == 2, "\(found)")
        #expect(found.first?.contains("capacity.households_per_yaer: unknown key (did you mean 'households_per_year'?)") == true, "\(found)")
        #expect(found.last == Self.consent)
        // The data alone gives the same error: the scenario's slip changed nothing in it.
        #expect(try errors("capacity: {households_per_year: 120}\n") == [Self.consent])
    }

    @Test("A lock's bad value and a lock on an estate that does not exist, in one run")
    func lockErrorsTogether() throws {
        let found = try errors("locks: {E2: nevr, E9: 2025}\n")
        #expect(found.contains { $0.contains("locks.E2") && $0.contains("did you mean 'never'") }, "\(found)")
        #expect(found.contains { $0.contains("locks.E9") && $0.contains("no estate has id E9") }, "\(found)")
        #expect(found.contains(Self.consent), "\(found)")
    }

    @Test("A slip in a key the data depends on: the data is not checked")
    func slipInADataKey() throws {
        // A misspelt top-level key could be `crs` or `geodata`: the data's errors might follow from it.
        let misspeltTop = try errors("CRS: EPSG:4547\n")
        #expect(misspeltTop.count == 1 && misspeltTop[0].contains("CRS"), "\(misspeltTop)")
        let badHorizon = try errors("eligibility: {core_built_until: nineteen}\n")
        #expect(badHorizon.count == 1 && badHorizon[0].contains("eligibility"), "\(badHorizon)")
    }
}

/// Errors keep file order even where a later pass finds them: a site's misspelt kind (known
/// only once the scenario's kinds are) is listed before a later site's bad area.
@Suite("validate: errors in file order")
struct ErrorFileOrderTests {
    @Test func misspeltKindBeforeALaterSitesBadArea() throws {
        var badArea = TestGeo.site("S2", 600, 0, area: 100, costPerM2: 3000, kinds: ["elderly_care"])
        if case .object(var feature) = badArea, case .object(var properties)? = feature["properties"] {
            properties["area_m2"] = "约800"
            feature["properties"] = .object(properties)
            badArea = .object(feature)
        }
        let district = TestDistrict(
            estates: [TestGeo.feature(TestGeo.rect(0, 0), ["id": "E1", "built_year": 1995, "households": 100, "floor_area_m2": 7000, "consent": 0.9])],
            sites: [
                TestGeo.site("S0", 200, 0, area: 100, costPerM2: 3000, kinds: ["elderly_care"]),
                TestGeo.site("S1", 400, 0, area: 100, costPerM2: 3000, kinds: ["elderly care"]),
                badArea,
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e7]}\n"
                + "norms: [{kind: elderly_care, m2_per_person: 0.1, within: 15}]\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let errors = Validation.check(scenarioAt: try district.write()).errors
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.hasPrefix("sites.geojson: feature #1 (S1): kinds has \"elderly care\"") == true, "\(errors)")
        #expect(errors.last?.hasPrefix("sites.geojson: feature #2 (S2): area_m2") == true, "\(errors)")
    }
}
