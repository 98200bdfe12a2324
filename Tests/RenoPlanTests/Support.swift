import DistrictGen
import Foundation
import Testing

@testable import RenoPlan

/// Small districts built in code, in CGCS2000 / 3-degree GK CM 114E (EPSG:4547) metres, with every
/// coordinate an offset from (x0, y0) so distances can be checked on paper.
enum TestGeo {
    static let x0 = 500_000.0
    static let y0 = 3_380_000.0

    /// An axis-aligned rectangle from (x, y) of the given size, offsets in metres.
    static func rect(_ x: Double, _ y: Double, _ w: Double = 100, _ h: Double = 100) -> JSONValue {
        let ring: [JSONValue] = [
            point(x, y), point(x + w, y), point(x + w, y + h), point(x, y + h), point(x, y),
        ]
        return ["type": "Polygon", "coordinates": [.array(ring)]]
    }

    static func point(_ x: Double, _ y: Double) -> JSONValue { [.number(x0 + x), .number(y0 + y)] }

    static func pointGeometry(_ x: Double, _ y: Double) -> JSONValue { ["type": "Point", "coordinates": point(x, y)] }

    static func feature(_ geometry: JSONValue, _ properties: [String: JSONValue]) -> JSONValue {
        ["type": "Feature", "geometry": geometry, "properties": .object(properties)]
    }

    /// An estate with sensible defaults: built 1985, consent 0.9, management agreed, cost given.
    static func estate(
        _ id: String, _ geometry: JSONValue, households: Int = 100, built: Int = 1985, cost: Double = 1_000_000,
        extra: [String: JSONValue] = [:]
    ) -> JSONValue {
        var properties: [String: JSONValue] = [
            "id": .string(id), "name": .string("测试\(id)"), "built_year": .number(Double(built)),
            "households": .number(Double(households)), "floor_area_m2": .number(Double(households) * 70),
            "consent": 0.9, "management_agreed": true, "cost_yuan": .number(cost),
        ]
        for (key, value) in extra { properties[key] = value }
        return feature(geometry, properties)
    }

    /// A walkway through the given offsets.
    static func line(_ points: [(Double, Double)]) -> JSONValue {
        feature(["type": "LineString", "coordinates": .array(points.map { point($0.0, $0.1) })], ["kind": "path"])
    }

    static func facility(_ id: String, _ kind: String, _ x: Double, _ y: Double, capacity: Double? = nil) -> JSONValue {
        var properties: [String: JSONValue] = ["id": .string(id), "kind": .string(kind)]
        if let capacity { properties["capacity_m2"] = .number(capacity) }
        return feature(pointGeometry(x, y), properties)
    }

    static func site(_ id: String, _ x: Double, _ y: Double, area: Double, costPerM2: Double, kinds: [String]? = nil)
        -> JSONValue
    {
        var properties: [String: JSONValue] = [
            "id": .string(id), "area_m2": .number(area), "cost_per_m2": .number(costPerM2),
        ]
        if let kinds { properties["kinds"] = .array(kinds.map { .string($0) }) }
        return feature(pointGeometry(x, y), properties)
    }
}

/// A scenario and its data files in a fresh temporary folder.
struct TestDistrict {
    var estates: [JSONValue]
    var facilities: [JSONValue] = []
    var sites: [JSONValue] = []
    var walkways: [JSONValue] = []
    /// YAML lines added to the scenario (after the defaults below, which they may not repeat).
    var scenario: String
    /// The `crs:` line; nil for lon/lat data.
    var crs: String? = "EPSG:4547"
    /// `geodata.walkways.snap_m`, when given.
    var walkwaysSnap: Double?

    let folder: URL = TestFolders.fresh("renoplan-tests")

    init(estates: [JSONValue], facilities: [JSONValue] = [], sites: [JSONValue] = [], scenario: String) {
        self.estates = estates
        self.facilities = facilities
        self.sites = sites
        self.scenario = scenario
    }

    /// Writes the files and returns the scenario file's URL.
    func write() throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func collection(_ features: [JSONValue]) throws -> Data {
            try JSONIO.encode(["type": "FeatureCollection", "features": .array(features)])
        }
        try collection(estates).write(to: folder.appendingPathComponent("estates.geojson"))
        try collection(facilities).write(to: folder.appendingPathComponent("facilities.geojson"))
        try collection(sites).write(to: folder.appendingPathComponent("sites.geojson"))
        try collection(walkways).write(to: folder.appendingPathComponent("walkways.geojson"))
        var text = "name: test\n"
        let walkwayLayer = walkwaysSnap.map { "{path: walkways.geojson, snap_m: \($0)}" } ?? "walkways.geojson"
        text += "geodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson, walkways: \(walkwayLayer)}\n"
        if let crs { text += "crs: \(crs)\n" }
        text += scenario
        // Reasons and rule clauses are compared in English unless a test asks for a language.
        if !scenario.contains("report:") { text += "report: {language: en}\n" }
        let url = folder.appendingPathComponent("scenario.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func analyse() throws -> Analysis { try Pipeline.analyse(scenarioAt: try write()) }

    func plan() throws -> PlanResult {
        let analysis = try analyse()
        return PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
    }
}

extension PlanResult {
    /// Planned year by estate id.
    var yearByID: [String: Int?] {
        Dictionary(uniqueKeysWithValues: zip(analysis.district.estates.map(\.id), estates.map(\.year)))
    }

    func line(_ id: String) -> EstateLine {
        estates[analysis.district.estates.firstIndex { $0.id == id }!]
    }
}

extension Analysis {
    func index(_ id: String) -> Int { district.estates.firstIndex { $0.id == id }! }
}

/// Scores that depend on age only (weight 1), so V_c = households × age is easy to compute.
let ageOnlyScore = "score: {weights: {age: 1, hazard: 0, service_gap: 0, consent: 0, cofunding: 0}}\n"

/// A generated district (DistrictGen, a fixed seed) in a fresh temporary folder, and scenarios
/// over its estates, facilities and sites (EPSG:4547). Remove the folder with `remove()`.
struct GeneratedDistrict {
    let folder = TestFolders.fresh("renoplan-generated")

    init(estates: Int, seed: UInt64) throws {
        try DistrictGenerator(estates: estates, seed: seed).generate().write(to: folder)
    }

    /// Writes a scenario named `name` whose keys after geodata and crs are `yaml`; `walking`:
    /// with the walkways and `distance: network`.
    func scenario(_ yaml: String, name: String, file: String = "scenario.yaml", walking: Bool = false) throws -> URL {
        let url = folder.appendingPathComponent(file)
        let walkways = walking ? ", walkways: walkways.geojson" : ""
        let text = "name: \(name)\ngeodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson\(walkways)}\n"
            + "crs: EPSG:4547\n" + (walking ? "distance: network\n" : "") + yaml
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

extension JSONValue {
    /// The same GeoJSON (a FeatureCollection, a feature or a geometry) with every position
    /// replaced by `move` of it.
    func movingPositions(_ move: (Point2) -> Point2) -> JSONValue {
        switch self {
        case .array(let items) where items.count >= 2 && items.allSatisfy({ $0.numberValue != nil }):
            let p = move(Point2(x: items[0].numberValue!, y: items[1].numberValue!))
            return .array([.number(p.x), .number(p.y)] + items.dropFirst(2))
        case .array(let items): return .array(items.map { $0.movingPositions(move) })
        case .object(var members):
            for key in ["features", "geometry", "coordinates", "geometries"] {
                if let member = members[key] { members[key] = member.movingPositions(move) }
            }
            return .object(members)
        default: return self
        }
    }
}

extension Revision {
    /// Changes plus each approved year's shortfalls, n_t / T per unit (n_t: estates approved for
    /// t, T: the approved figure): what the fewest-changes solve minimises (docs/cycle.md),
    /// computed from the revision's own counts and totals.
    var penalty: Double {
        let estates = Dictionary(totals.filter { $0.name == "estates" }.map { ($0.year, $0.approved) }, uniquingKeysWith: { a, _ in a })
        return Double(changeCount) + totals.reduce(0) { $0 + ($1.approved > 0 ? (estates[$1.year] ?? 0) / $1.approved * $1.shortfall : 0) }
    }
}
