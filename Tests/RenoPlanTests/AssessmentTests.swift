import Foundation
import Testing

@testable import RenoPlan

@Suite("Eligibility and gates (SPEC §4)")
struct AssessmentTests {
    static let budget = "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e8]}\n"

    @Test func classes() throws {
        let analysis = try TestDistrict(
            estates: [
                TestGeo.estate("core2000", TestGeo.rect(0, 0), built: 2000),
                TestGeo.estate("ext2001", TestGeo.rect(1000, 0), built: 2001),
                TestGeo.estate("ext2005", TestGeo.rect(2000, 0), built: 2005),
                TestGeo.estate("new2006", TestGeo.rect(3000, 0), built: 2006),
                TestGeo.estate("unsafe2008", TestGeo.rect(4000, 0), built: 2008, extra: ["safety_grade": "C"]),
                TestGeo.estate("incomplete2010", TestGeo.rect(5000, 0), built: 2010, extra: ["complete_units": false]),
            ],
            scenario: Self.budget
        ).analyse()
        let classes = analysis.gates.map(\.estateClass)
        #expect(classes == [.core, .extended, .extended, .ineligible, .core, .core])
        #expect(analysis.gates[3].reasons == ["built 2006, after 2005"])
        #expect(analysis.gates[4].reasons[0].contains("safety grade C"))
    }

    @Test func unsafeNotCoreWhenTurnedOff() throws {
        let analysis = try TestDistrict(
            estates: [TestGeo.estate("unsafe2008", TestGeo.rect(0, 0), built: 2008, extra: ["safety_grade": "D"])],
            scenario: Self.budget + "eligibility: {include_unsafe_after_core: false}\n"
        ).analyse()
        #expect(analysis.gates[0].estateClass == .ineligible)
    }

    @Test func consentAndManagementGates() throws {
        let estates = [
            TestGeo.estate("ok", TestGeo.rect(0, 0)),
            TestGeo.estate("lowConsent", TestGeo.rect(1000, 0), extra: ["consent": 0.79]),
            TestGeo.estate("exactly80", TestGeo.rect(2000, 0), extra: ["consent": 0.8]),
            TestGeo.estate("noManagement", TestGeo.rect(3000, 0), extra: ["management_agreed": false]),
            TestGeo.estate("managementMissing", TestGeo.rect(4000, 0), extra: ["management_agreed": .null]),
            TestGeo.estate("justBelow", TestGeo.rect(5000, 0), extra: ["consent": 0.795]),
        ]
        let strict = try TestDistrict(estates: estates, scenario: Self.budget).plan()
        #expect(strict.analysis.gates.map(\.isSchedulable) == [true, false, true, false, false, false])
        #expect(strict.line("lowConsent").reasons.contains("consent 0.79 < 0.80"))
        // As many decimals as tell the two apart, not "0.80 < 0.80".
        #expect(strict.line("justBelow").reasons.contains("consent 0.795 < 0.800"))
        #expect(strict.line("noManagement").status == .reserve)
        // Budget 1e8 fits all five: the schedulable ones are planned, the gated ones are not.
        #expect(strict.yearByID["ok"] == 2025 && strict.yearByID["exactly80"] == 2025)
        #expect(strict.yearByID["lowConsent"]! == nil && strict.yearByID["noManagement"]! == nil)

        let relaxed = try TestDistrict(
            estates: estates, scenario: Self.budget + "eligibility: {require_management_agreement: false}\n"
        ).analyse()
        #expect(relaxed.gates.map(\.isSchedulable) == [true, false, true, true, true, false])
    }
}
