import Foundation
import Testing

@testable import RenoPlan

@Suite("Coverage and accessibility (SPEC §3)")
struct CoverageTests {
    /// Estate A is the square [0,100]²; B is [2000,2100]×[0,100].
    /// Elderly care at (350, 50): 250 m east of A's edge, 1,650 m west of B.
    /// A kindergarten inside A at (50, 50): distance 0.
    /// A clinic at (400, 500): from A's corner (100, 100), √(300² + 400²) = 500 m.
    @Test func distancesAndCoverage() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0)),
                TestGeo.estate("B", TestGeo.rect(2000, 0)),
            ],
            facilities: [
                TestGeo.facility("F1", "elderly_care", 350, 50, capacity: 100),
                TestGeo.facility("F2", "kindergarten", 50, 50),
                TestGeo.facility("F3", "clinic", 400, 500),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n")
        let analysis = try district.analyse()
        let coverage = analysis.coverage
        let a = analysis.index("A"), b = analysis.index("B")
        #expect(abs(coverage.nearestMeters[a]["elderly_care"]! - 250) < 1e-9)
        #expect(coverage.nearestMeters[a]["kindergarten"] == 0)
        #expect(abs(coverage.nearestMeters[a]["clinic"]! - 500) < 1e-9)
        // Default rules: elderly_care 15 min (1000 m), clinic 15 min, kindergarten 5 min (300 m).
        #expect(coverage.covered[a] == [true, true, true])
        // B: elderly 1,650 m, clinic √(1600² + 400²) ≈ 1,649 m, kindergarten 1,900 m: nothing in
        // reach, and nothing within the 1,500 m search radius for nearest distances.
        #expect(coverage.covered[b] == [false, false, false])
        #expect(coverage.nearestMeters[b].isEmpty)
    }

    /// 2SFCA: A (1,000 people) at [0,100]², B (3,000 people) at [300,400]×[0,100], C (2,000
    /// people) at [3000,3100]×[0,100]. Elderly care F (200 m²) at (200, 50) is 100 m from A and B
    /// and far from C, so D_F = 4,000 and A and B each get 200/4,000 = 0.05 m²/person. G (60 m²)
    /// inside C serves only C: 60/2,000 = 0.03.
    @Test func twoStepFloatingCatchment() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), extra: ["population": 1000]),
                TestGeo.estate("B", TestGeo.rect(300, 0), extra: ["population": 3000]),
                TestGeo.estate("C", TestGeo.rect(3000, 0), extra: ["population": 2000]),
            ],
            facilities: [
                TestGeo.facility("F", "elderly_care", 200, 50, capacity: 200),
                TestGeo.facility("G", "elderly_care", 3050, 50, capacity: 60),
            ],
            sites: [TestGeo.site("S", 200, 300, area: 500, costPerM2: 3000)],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n")
        let analysis = try district.analyse()
        let access = analysis.coverage.access[0]
        #expect(abs(access[analysis.index("A")] - 0.05) < 1e-12)
        #expect(abs(access[analysis.index("B")] - 0.05) < 1e-12)
        #expect(abs(access[analysis.index("C")] - 0.03) < 1e-12)
        // Site S at (200, 300) reaches A and B (well within 1 km), not C: D_S = 4,000, so using its
        // 500 m² lifts A and B by 500/4,000 = 0.125 → attainable 0.175. C can reach only 0.03.
        #expect(abs(analysis.coverage.siteDemand[0][0] - 4000) < 1e-9)
        #expect(abs(analysis.coverage.attainable[0][analysis.index("A")] - 0.175) < 1e-12)
        #expect(abs(analysis.coverage.attainable[0][analysis.index("C")] - 0.03) < 1e-12)
        // Population defaults to households × 2.62 rounded half away from zero: 100 × 2.62 = 262.
        let defaults = try TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0), households: 15, extra: [:])],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\npersons_per_household: 2.5\n"
        ).analyse()
        #expect(defaults.district.estates[0].population == 38)  // 37.5 rounds away from zero
    }

    /// SPEC §5 by hand: built 1985, start 2025 → age 40/40 = 1; hazards gas + drainage →
    /// (3 + 2)/17; consent 0.9 → (0.9 − 0.8)/0.2 = 0.5; pledges 250,000 of 1,000,000 → 0.25;
    /// no coverage rules or norms → service gap 0.
    /// score = 100 × (0.3 × 1 + 0.3 × 5/17 + 0.2 × 0 + 0.1 × 0.5 + 0.1 × 0.25) / 1.0.
    @Test func scoreByHand() throws {
        let analysis = try TestDistrict(
            estates: [
                TestGeo.estate(
                    "A", TestGeo.rect(0, 0),
                    extra: ["hazards": ["gas", "drainage"], "resident_yuan": 150_000, "social_yuan": 100_000])
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\ncoverage: []\nnorms: []\n"
        ).analyse()
        let expected = 100 * (0.3 + 0.3 * 5 / 17 + 0.1 * 0.5 + 0.1 * 0.25)
        #expect(abs(analysis.scores[0].score - expected) < 1e-9)
        #expect(abs(analysis.scores[0].hazard - 5.0 / 17) < 1e-12)
    }
}
