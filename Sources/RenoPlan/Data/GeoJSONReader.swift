import Foundation

/// One feature of a FeatureCollection as read from the file: its place, properties and shape
/// (still in the input CRS).
struct RawFeature {
    var index: Int
    var id: String?
    var properties: [String: JSONValue]
    var shape: Shape
}

/// The geometry types a layer accepts.
struct GeometryRule {
    var allowed: Set<String>
    var description: String

    static let polygonal = GeometryRule(allowed: ["Polygon", "MultiPolygon"], description: "Polygon or MultiPolygon")
    static let point = GeometryRule(allowed: ["Point"], description: "Point")
    static let pointOrPolygon = GeometryRule(allowed: ["Point", "Polygon"], description: "Point or Polygon")
    static let lineal = GeometryRule(allowed: ["LineString", "MultiLineString"], description: "LineString or MultiLineString")
}

/// Reads a GeoJSON FeatureCollection (RFC 7946) feature by feature, collecting every problem with
/// the feature's index, id and key.
struct GeoJSONReader {
    let file: String
    var errors: [InputError] = []

    init(file: String) { self.file = file }

    /// Reads the features of `data`. Features with a broken geometry are left out (and reported).
    mutating func read(_ data: Data, geometry rule: GeometryRule) -> [RawFeature] {
        let document: JSONValue
        do {
            document = try JSONIO.decode(data)
        } catch {
            errors.append(InputError(file: file, problem: "is not valid JSON: \(JSONIO.problem(in: data, error))"))
            return []
        }
        guard document["type"]?.stringValue == "FeatureCollection" else {
            errors.append(InputError(file: file, key: "type", problem: "must be a GeoJSON FeatureCollection"))
            return []
        }
        guard let features = document["features"]?.arrayValue else {
            errors.append(InputError(file: file, key: "features", problem: "has no \"features\" list"))
            return []
        }
        var result: [RawFeature] = []
        result.reserveCapacity(features.count)
        for (index, feature) in features.enumerated() {
            if let raw = readFeature(feature, index: index, rule: rule) { result.append(raw) }
        }
        return result
    }

    private mutating func readFeature(_ feature: JSONValue, index: Int, rule: GeometryRule) -> RawFeature? {
        guard feature["type"]?.stringValue == "Feature" else {
            fail(index, nil, "is not a GeoJSON Feature (\"type\": \"Feature\")")
            return nil
        }
        let properties: [String: JSONValue]
        switch feature["properties"] {
        case .object(let members)?: properties = members
        case .null?, nil: properties = [:]
        default:
            fail(index, nil, "\"properties\" must be an object")
            return nil
        }
        let id = properties["id"]?.stringValue
        guard let geometry = feature["geometry"], geometry != .null else {
            fail(index, id, "has no geometry (expected \(rule.description))")
            return nil
        }
        guard let type = geometry["type"]?.stringValue, rule.allowed.contains(type) else {
            let got = geometry["type"]?.stringValue ?? "none"
            fail(index, id, "geometry must be \(rule.description), got \(got)")
            return nil
        }
        guard let coordinates = geometry["coordinates"] else {
            fail(index, id, "\(type) has no coordinates")
            return nil
        }
        do {
            let shape = try parseShape(type, coordinates)
            return RawFeature(index: index, id: id, properties: properties, shape: shape)
        } catch let problem as ShapeProblem {
            fail(index, id, "\(type) \(problem.text)")
            return nil
        } catch {
            fail(index, id, "\(error)")
            return nil
        }
    }

    mutating func fail(_ index: Int, _ id: String?, _ problem: String, key: String? = nil) {
        errors.append(InputError(file: file, featureIndex: index, featureID: id, key: key, problem: problem))
    }
}

struct ShapeProblem: Error {
    var text: String
}

/// The checks `District.load` makes on a GeoJSON file's bytes before projecting it: structure,
/// geometry types, coordinates and every property of SPEC §1. Returns the problems found, for
/// tools (and the fuzz targets in `Fuzz/`) that have bytes rather than files.
public enum GeoJSONCheck {
    public enum Layer: Sendable { case estates, facilities, sites, walkways }

    public static func problems(in data: Data, layer: Layer, file: String, scenario: Scenario) -> [InputError] {
        var reader = GeoJSONReader(file: file)
        let rule: GeometryRule
        switch layer {
        case .estates: rule = .polygonal
        case .facilities: rule = .point
        case .sites: rule = .pointOrPolygon
        case .walkways: rule = .lineal
        }
        let features = reader.read(data, geometry: rule)
        var errors = reader.errors
        switch layer {
        case .estates:
            let estates = FeatureDecoder.estates(features, file: file, scenario: scenario, errors: &errors)
            FeatureDecoder.checkUniqueIDs(estates.map { ($0.id, $0.featureIndex) }, file: file, errors: &errors)
        case .facilities:
            _ = FeatureDecoder.facilities(features, file: file, normKinds: Set(scenario.norms.map(\.kind)), errors: &errors)
        case .sites:
            _ = FeatureDecoder.sites(features, file: file, errors: &errors)
        case .walkways:
            break
        }
        return errors
    }
}

/// Turns GeoJSON coordinates into a ``Shape``, checking nesting, numbers and closed rings.
func parseShape(_ type: String, _ coordinates: JSONValue) throws -> Shape {
    func position(_ value: JSONValue) throws -> Point2 {
        guard let items = value.arrayValue, items.count >= 2, let x = items[0].numberValue,
            let y = items[1].numberValue
        else {
            throw ShapeProblem(text: "has a position that is not [x, y] numbers: \(value.shortDescription)")
        }
        guard x.isFinite, y.isFinite, abs(x) < 1e9, abs(y) < 1e9 else {
            throw ShapeProblem(text: "has a coordinate that is not a finite number of sensible size: [\(x), \(y)]")
        }
        return Point2(x: x, y: y)
    }
    func line(_ value: JSONValue, minimum: Int) throws -> Ring {
        guard let items = value.arrayValue else { throw ShapeProblem(text: "coordinates are not nested as expected") }
        let points = try items.map(position)
        guard points.count >= minimum else {
            throw ShapeProblem(text: "has a line or ring with \(points.count) positions (needs at least \(minimum))")
        }
        return points
    }
    func polygon(_ value: JSONValue) throws -> PolygonRings {
        guard let rings = value.arrayValue, !rings.isEmpty else {
            throw ShapeProblem(text: "has no rings")
        }
        return try rings.enumerated().map { index, ringValue in
            let ring = try line(ringValue, minimum: 4)
            guard ring.first == ring.last else {
                throw ShapeProblem(text: "ring \(index) is not closed (its first and last positions differ)")
            }
            return ring
        }
    }
    func list(_ value: JSONValue) throws -> [JSONValue] {
        guard let items = value.arrayValue else { throw ShapeProblem(text: "coordinates are not nested as expected") }
        return items
    }
    switch type {
    case "Point": return .point(try position(coordinates))
    case "Polygon": return .polygon(try polygon(coordinates))
    case "MultiPolygon":
        let parts = try list(coordinates).map(polygon)
        guard !parts.isEmpty else { throw ShapeProblem(text: "has no polygons") }
        return .multiPolygon(parts)
    case "LineString": return .lineString(try line(coordinates, minimum: 2))
    case "MultiLineString":
        let parts = try list(coordinates).map { try line($0, minimum: 2) }
        guard !parts.isEmpty else { throw ShapeProblem(text: "has no lines") }
        return .multiLineString(parts)
    default: throw ShapeProblem(text: "is not supported")
    }
}
