import Foundation

/// One feature of a FeatureCollection as read from the file: its place, properties and shape
/// (still in the input CRS).
struct RawFeature {
    var index: Int
    var id: String?
    var properties: [String: JSONValue]
    var shape: Shape
    /// Where the properties came from when a layer has `columns` or a `table` (SPEC §9), so that
    /// an error names the table row and the column as the planner wrote it.
    var origin: PropertyOrigin? = nil
    /// A spreadsheet row's columns that are empty below a filled cell (in a row above), as the
    /// rows of a cell merged down over several rows read (GDAL gives its value to the first
    /// row only): an error about such a required key says so.
    var emptyBelowValue: Set<String> = []

    /// Whether `key`'s cell (in the column the planner's file names it by) is empty below a
    /// filled one.
    func isEmptyBelowValue(_ key: String) -> Bool { emptyBelowValue.contains(origin?.sourceNames[key] ?? key) }

    /// Why a merged cell reads so, said after the fix.
    static let mergedCellReason = "(a merged cell's value is read in its first row only)"
}

/// The geometry types a layer accepts.
struct GeometryRule {
    var allowed: Set<String>
    var description: String
    /// What to do with a geometry of another type, where there is an obvious fix.
    var fix: String? = nil

    static let polygonal = GeometryRule(allowed: ["Polygon", "MultiPolygon"], description: "Polygon or MultiPolygon")
    /// Facilities are points (SPEC §1); a park or a campus drawn as its outline is a point too.
    static let point = GeometryRule(
        allowed: ["Point"], description: "Point",
        fix: "give the facility as a point: its entrance, or the centroid of its outline (QGIS: Vector ▸ Geometry Tools ▸ Centroids)")

    /// "geometry must be Point, got Polygon: give the facility as a point …"
    func refusal(got: String) -> String {
        "geometry must be \(description), got \(got)" + (fix.map { ": \($0)" } ?? "")
    }
    static let pointOrPolygon = GeometryRule(allowed: ["Point", "Polygon"], description: "Point or Polygon")
    static let lineal = GeometryRule(allowed: ["LineString", "MultiLineString"], description: "LineString or MultiLineString")
}

/// Reads a GeoJSON FeatureCollection (RFC 7946) feature by feature, collecting every problem with
/// the feature's index, id and key. Features are read on all cores (``Concurrent``), in place in
/// the parsed document: only properties are copied into ``JSONValue``s.
struct GeoJSONReader {
    let file: String
    var errors: [InputError] = []

    init(file: String) { self.file = file }

    /// Parses the bytes of a file (the slow, single-threaded part, so callers can parse several
    /// files at once), or says why they are not JSON.
    static func parse(_ data: Data, file: String) -> Result<JSONDocument, InputError> {
        do {
            return .success(try JSONDocument(parsing: data))
        } catch {
            return .failure(InputError(file: file, problem: "is not valid JSON: \(error)"))
        }
    }

    /// Reads the features of `data`. Features with a broken geometry are left out (and reported).
    mutating func read(_ data: Data, geometry rule: GeometryRule) -> [RawFeature] {
        switch Self.parse(data, file: file) {
        case .success(let document): return read(document, geometry: rule)
        case .failure(let error):
            errors.append(error)
            return []
        }
    }

    /// Reads the features of a parsed document.
    mutating func read(_ document: JSONDocument, geometry rule: GeometryRule) -> [RawFeature] {
        let file = self.file
        let outcome: Result<[Result<RawFeature, InputError>], InputError> = document.withRoot { root in
            guard root["type"]?.stringValue == "FeatureCollection" else {
                return .failure(InputError(file: file, key: "type", problem: "must be a GeoJSON FeatureCollection"))
            }
            guard let features = root["features"], let count = features.arrayCount else {
                return .failure(InputError(file: file, key: "features", problem: "has no \"features\" list"))
            }
            return .success(Concurrent.map(count) { index in
                Self.readFeature(features[item: index], index: index, rule: rule, file: file)
            })
        }
        switch outcome {
        case .failure(let error):
            errors.append(error)
            return []
        case .success(let features):
            var result: [RawFeature] = []
            result.reserveCapacity(features.count)
            for feature in features {
                switch feature {
                case .success(let raw): result.append(raw)
                case .failure(let error): errors.append(error)
                }
            }
            return result
        }
    }

    private static func readFeature(_ feature: JSONNode, index: Int, rule: GeometryRule, file: String)
        -> Result<RawFeature, InputError>
    {
        func fail(_ id: String?, _ problem: String) -> Result<RawFeature, InputError> {
            .failure(InputError(file: file, featureIndex: index, featureID: id, problem: problem))
        }
        guard feature["type"]?.stringValue == "Feature" else {
            return fail(nil, "is not a GeoJSON Feature (\"type\": \"Feature\")")
        }
        let properties: [String: JSONValue]
        switch feature["properties"] {
        case let members? where members.isObject: properties = members.value.objectValue!
        case let null? where null.isNull: properties = [:]
        case nil: properties = [:]
        default: return fail(nil, "\"properties\" must be an object")
        }
        let id = LayerJoin.idText(properties["id"])
        guard let geometry = feature["geometry"], !geometry.isNull else {
            return fail(id, "has no geometry (expected \(rule.description))")
        }
        guard let type = geometry["type"]?.stringValue, rule.allowed.contains(type) else {
            let got = geometry["type"]?.stringValue ?? "none"
            return fail(id, rule.refusal(got: got))
        }
        guard let coordinates = geometry["coordinates"] else {
            return fail(id, "\(type) has no coordinates")
        }
        do {
            let shape = try parseShape(type, coordinates)
            return .success(RawFeature(index: index, id: id, properties: properties, shape: shape))
        } catch let problem as ShapeProblem {
            return fail(id, "\(type) \(problem.text)")
        } catch {
            return fail(id, "\(error)")
        }
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
            var warnings: [InputWarning] = []
            let parts = MultiPartEstates.merge(features, file: file, warnings: &warnings)
            let estates = FeatureDecoder.estates(parts, file: file, scenario: scenario, errors: &errors)
            FeatureDecoder.checkUniqueIDs(
                estates.map { ($0.id, $0.featureIndex) }, file: file, hint: MultiPartEstates.differing, errors: &errors)
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
func parseShape(_ type: String, _ coordinates: JSONNode) throws -> Shape {
    func items(_ value: JSONNode) -> [JSONNode]? {
        value.arrayCount.map { count in (0..<count).map { value[item: $0] } }
    }
    func position(_ value: JSONNode) throws -> Point2 {
        guard let count = value.arrayCount, count >= 2, let x = value[item: 0].numberValue,
            let y = value[item: 1].numberValue
        else {
            throw ShapeProblem(text: "has a position that is not [x, y] numbers: \(value.shortDescription)")
        }
        guard x.isFinite, y.isFinite, abs(x) < 1e9, abs(y) < 1e9 else {
            throw ShapeProblem(text: "has a coordinate that is not a finite number of sensible size: [\(x), \(y)]")
        }
        return Point2(x: x, y: y)
    }
    func line(_ value: JSONNode, minimum: Int) throws -> Ring {
        guard let count = value.arrayCount else { throw ShapeProblem(text: "coordinates are not nested as expected") }
        let points = try (0..<count).map { try position(value[item: $0]) }
        guard points.count >= minimum else {
            throw ShapeProblem(text: "has a line or ring with \(points.count) positions (needs at least \(minimum))")
        }
        return points
    }
    func polygon(_ value: JSONNode) throws -> PolygonRings {
        guard let rings = items(value), !rings.isEmpty else {
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
    func list(_ value: JSONNode) throws -> [JSONNode] {
        guard let items = items(value) else { throw ShapeProblem(text: "coordinates are not nested as expected") }
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
