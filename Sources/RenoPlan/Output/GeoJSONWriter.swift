import Foundation

/// Builds GeoJSON (RFC 7946) values: lon/lat coordinates rounded to 7 decimals (about 1 cm),
/// exterior rings counter-clockwise and holes clockwise.
enum GeoJSONWriter {
    static func featureCollection(_ features: [JSONValue]) -> JSONValue {
        ["type": "FeatureCollection", "features": .array(features)]
    }

    static func feature(_ shape: Shape, _ properties: [String: JSONValue]) -> JSONValue {
        ["type": "Feature", "geometry": geometry(shape), "properties": .object(properties)]
    }

    static func geometry(_ shape: Shape) -> JSONValue {
        switch shape {
        case .point(let p): return ["type": "Point", "coordinates": position(p)]
        case .polygon(let rings): return ["type": "Polygon", "coordinates": polygon(rings)]
        case .multiPolygon(let parts): return ["type": "MultiPolygon", "coordinates": .array(parts.map(polygon))]
        case .lineString(let line): return ["type": "LineString", "coordinates": .array(line.map(position))]
        case .multiLineString(let lines):
            return ["type": "MultiLineString", "coordinates": .array(lines.map { .array($0.map(position)) })]
        }
    }

    private static func position(_ p: Point2) -> JSONValue { [.rounded(p.x, 7), .rounded(p.y, 7)] }

    private static func polygon(_ rings: PolygonRings) -> JSONValue {
        .array(rings.enumerated().map { index, ring in
            let counterClockwise = signedArea(ring) > 0
            let wanted = index == 0  // exterior counter-clockwise, holes clockwise
            return .array((counterClockwise == wanted ? ring : ring.reversed()).map(position))
        })
    }

    /// Shoelace formula: positive for counter-clockwise rings.
    private static func signedArea(_ ring: Ring) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) { sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return sum / 2
    }
}

/// Writes a set of output files so that each is complete or absent: every file is rendered in
/// memory first, then written to a temporary name in the same folder and renamed into place.
public enum OutputFolder {
    public static func write(_ files: [(name: String, data: Data)], to directory: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError(file: directory.lastPathComponent, problem: "the output path exists and is not a folder: \(directory.path)")
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: directory.lastPathComponent, problem: "cannot create the output folder: \(error.localizedDescription)")
        }
        var staged: [(URL, URL)] = []
        do {
            for file in files {
                let final = directory.appendingPathComponent(file.name)
                let temporary = directory.appendingPathComponent(".\(file.name).\(ProcessInfo.processInfo.processIdentifier).tmp")
                try file.data.write(to: temporary)
                staged.append((temporary, final))
            }
            for (temporary, final) in staged {
                if rename(temporary.path, final.path) != 0 {
                    throw InputError(file: final.lastPathComponent, problem: "cannot move into place: \(String(cString: strerror(errno)))")
                }
            }
        } catch {
            for (temporary, _) in staged { try? manager.removeItem(at: temporary) }
            throw error
        }
    }
}
