import Foundation
import Testing

@testable import RenoPlan

@Suite("Coordinates (SPEC §1)")
struct ProjectionTests {
    /// Replaces every [x, y] position in a GeoJSON value through PROJ.
    static func transform(_ value: JSONValue, _ transformer: Transformer) throws -> JSONValue {
        switch value {
        case .array(let items):
            if items.count == 2, let x = items[0].numberValue, let y = items[1].numberValue {
                let p = try transformer.forward([Point2(x: x, y: y)])[0]
                return [.number(p.x), .number(p.y)]
            }
            return .array(try items.map { try transform($0, transformer) })
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members {
                result[key] = key == "properties" ? member : try transform(member, transformer)
            }
            return .object(result)
        default:
            return value
        }
    }

    /// A bare number is read as its EPSG code: 4548 is CGCS2000's 3° Gauss–Krüger zone at
    /// 117°E, not the Antarctic map sheet "WGS 84 / SCAR IMW ST45-48" whose name PROJ's search
    /// finds the digits in.
    @Test func aBareNumberIsAnEPSGCode() throws {
        let context = ProjContext()
        let crs = try CRS("4548", in: context)
        #expect(crs.definition == "EPSG:4548")
        #expect(crs.name == "CGCS2000 / 3-degree Gauss-Kruger CM 117E")
        #expect(crs.kind == .projected)
    }

    /// A district in EPSG:4547 and its twin in lon/lat (converted with PROJ, then worked in the
    /// UTM zone PROJ picks) give the same plan. Distances differ by the two projections' scale
    /// (< 0.1%), so the district keeps every distance well away from the thresholds.
    @Test func lonLatTwinGivesTheSamePlan() throws {
        let estates = [
            TestGeo.estate("A", TestGeo.rect(0, 0), households: 300, cost: 3e6),
            TestGeo.estate("B", TestGeo.rect(110, 0), households: 250, cost: 2e6),
            TestGeo.estate("C", TestGeo.rect(600, 0), households: 400, cost: 4e6),
            TestGeo.estate("D", TestGeo.rect(1500, 0), households: 350, cost: 3.5e6, extra: ["consent": 0.85]),
            TestGeo.estate("E", TestGeo.rect(3000, 0), households: 80, built: 2003, cost: 1e6),
            TestGeo.estate("F", TestGeo.rect(3300, 0), households: 500, built: 1978, cost: 5e6),
        ]
        let facilities = [
            TestGeo.facility("F1", "elderly_care", 300, 300, capacity: 40),
            TestGeo.facility("F2", "clinic", 1550, 400),
            TestGeo.facility("F3", "kindergarten", 3150, 50),
        ]
        let sites = [TestGeo.site("S1", 800, 400, area: 200, costPerM2: 3000)]
        let scenario = "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [8e6, 7e6]}\n"
        let projected = try TestDistrict(estates: estates, facilities: facilities, sites: sites, scenario: scenario).plan()

        let proj = ProjContext()
        let toLonLat = try Transformer(
            from: CRS("EPSG:4547", in: proj), to: CRS(CRS.lonLatDefinition, in: proj), in: proj)
        var twin = TestDistrict(
            estates: try estates.map { try Self.transform($0, toLonLat) },
            facilities: try facilities.map { try Self.transform($0, toLonLat) },
            sites: try sites.map { try Self.transform($0, toLonLat) }, scenario: scenario)
        twin.crs = nil
        let lonLat = try twin.plan()

        #expect(lonLat.analysis.district.workCRS == "EPSG:32650")  // 114°E is in UTM zone 50
        #expect(projected.yearByID == lonLat.yearByID)
        #expect(projected.yearByID.values.contains { $0 != nil })
        #expect(abs(projected.outcome.objective! - lonLat.outcome.objective!) < 1e-6)
        #expect(projected.outcome.additions.map(\.year) == lonLat.outcome.additions.map(\.year))
        let a = projected.analysis.coverage.access[0], b = lonLat.analysis.coverage.access[0]
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 })
        // The output geometry is lon/lat in both: the first corner of A is the same point to 1e-7°.
        let first = try projected.analysis.district.lonLat(projected.analysis.district.estates[0].shape).allPoints[0]
        let second = try lonLat.analysis.district.lonLat(lonLat.analysis.district.estates[0].shape).allPoints[0]
        #expect(abs(first.x - second.x) < 1e-7 && abs(first.y - second.y) < 1e-7)
        #expect(abs(first.x - 114.0) < 0.01 && abs(first.y - 30.54) < 0.01)
    }

    @Test func unknownCRSIsAScenarioError() throws {
        var district = TestDistrict(estates: [TestGeo.estate("A", TestGeo.rect(0, 0))], scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n")
        district.crs = "EPSG:999999"
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.errors.count == 1)
        #expect(report.errors[0] == "scenario.yaml:3: crs: unknown coordinate system 'EPSG:999999': proj_create: crs not found")
    }
}
