import Foundation

/// Generates a synthetic old residential district (老旧小区) of any size, deterministically.
///
/// The district is a street grid of superblocks around easting 512000, northing 3385000 in
/// CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547, metres; about 114.12°E 30.59°N, Wuhan).
/// Each block holds 2–6 estates (rectangles, L-shapes, a few two-part compounds and courtyards) that
/// share walls or stand a few metres apart, and some land with no housing. Estates carry every
/// property of SPEC §1; facilities and candidate sites are spread unevenly and calibrated so that
/// elderly care averages about 0.06 m² per person against the 0.1 m² norm, with sites for about
/// 0.08 m² per person more. A pedestrian network (walkways) follows the street centrelines, with
/// gates into every estate and paths to every facility and site; a railway along one street between
/// two rows of blocks cuts the district in two, crossed only by two or three bridges.
///
/// The same `estates` and `seed` give byte-identical files on every machine: the generator uses its
/// own xoshiro256** streams and only correctly rounded arithmetic.
///
/// ```swift
/// let district = DistrictGenerator(estates: 300, seed: 2025).generate()
/// try district.write(to: URL(fileURLWithPath: "geodata/demo"))
/// ```
public struct DistrictGenerator: Sendable {
    /// The number of estates the district will have, exactly.
    public let estates: Int
    /// The seed; every other choice follows from it and `estates`.
    public let seed: UInt64

    /// Creates a generator for a district of `estates` estates (≥ 0).
    public init(estates: Int, seed: UInt64 = 2025) {
        precondition(estates >= 0, "a district cannot have a negative number of estates")
        self.estates = estates
        self.seed = seed
    }

    /// Builds the district and encodes its four GeoJSON files.
    ///
    /// - Complexity: O(estates) time and memory; about a second for 20,000 estates in a release build.
    public func generate() -> GeneratedDistrict {
        // Independent streams per stage: adding a facility kind never moves an estate.
        var layoutRNG = Xoshiro256StarStar(seed: seed, stream: 1)
        var estateRNG = Xoshiro256StarStar(seed: seed, stream: 2)
        var facilityRNG = Xoshiro256StarStar(seed: seed, stream: 3)
        var siteRNG = Xoshiro256StarStar(seed: seed, stream: 4)
        var walkwayRNG = Xoshiro256StarStar(seed: seed, stream: 5)

        let layout = LayoutBuilder.build(estates: estates, rng: &layoutRNG)
        let idWidth = max(4, String(estates).count)
        var estateFeatures: [Feature<EstateProperties>] = []
        estateFeatures.reserveCapacity(layout.estates.count)
        var households = 0
        for (index, estate) in layout.estates.enumerated() {
            let properties = EstateAttributes.draw(
                id: "E" + zeroPadded(index + 1, width: idWidth),
                footprintM2: estate.footprint.areaM2,
                block: layout.blocks[estate.blockIndex],
                rng: &estateRNG
            )
            households += properties.households
            estateFeatures.append(Feature(geometry: Geometry(estate.footprint), properties: properties))
        }
        let population = Double(households) * EstateAttributes.personsPerHousehold

        let facilities = ServicePlanner.facilities(layout: layout, estateCount: estates, population: population,
                                                   seed: seed, rng: &facilityRNG)
        let sites = ServicePlanner.sites(layout: layout, estateCount: estates, population: population,
                                         seed: seed, rng: &siteRNG)

        let facilityFeatures = facilities.map { Feature(geometry: .point($0.location), properties: $0.properties) }
        let siteFeatures = sites.map { site -> Feature<SiteProperties> in
            switch site.shape {
            case .point(let p): return Feature(geometry: .point(p), properties: site.properties)
            case .polygon(let polygon): return Feature(geometry: .polygon(polygon), properties: site.properties)
            }
        }
        let network = WalkwayPlanner.build(layout: layout, facilities: facilities, sites: sites, rng: &walkwayRNG)
        let walkwayFeatures = network.lines.map {
            Feature(geometry: .lineString($0.points), properties: WalkwayProperties(kind: $0.kind))
        }
        return GeneratedDistrict(
            estates: GeoJSONWriter.featureCollection(estateFeatures),
            facilities: GeoJSONWriter.featureCollection(facilityFeatures),
            sites: GeoJSONWriter.featureCollection(siteFeatures),
            walkways: GeoJSONWriter.featureCollection(walkwayFeatures),
            estateCount: estateFeatures.count,
            facilityCount: facilityFeatures.count,
            siteCount: siteFeatures.count,
            walkwayCount: walkwayFeatures.count
        )
    }
}

/// The four GeoJSON FeatureCollections of a generated district, as UTF-8 bytes.
public struct GeneratedDistrict: Sendable {
    /// `estates.geojson`: Polygon and MultiPolygon estates with the properties of SPEC §1.
    public let estates: Data
    /// `facilities.geojson`: Point facilities (elderly_care, day_care, clinic, kindergarten, market, fitness).
    public let facilities: Data
    /// `sites.geojson`: Point and Polygon candidate sites for new facility space.
    public let sites: Data
    /// `walkways.geojson`: the pedestrian network (SPEC §1 walkways) as LineStrings with a `kind`
    /// property: `street` centrelines split at every junction, `bridge`s over the railway, `gate`s
    /// into the estates and `path`s to the facilities and sites. Lines meet only at shared vertices.
    public let walkways: Data
    /// Feature counts of the files.
    public let estateCount: Int, facilityCount: Int, siteCount: Int
    /// The number of walkway features (lines) in `walkways`.
    public let walkwayCount: Int

    /// The file names `write(to:)` uses, in the order it writes them.
    public static let fileNames = ["estates.geojson", "facilities.geojson", "sites.geojson", "walkways.geojson"]

    /// Writes `estates.geojson`, `facilities.geojson`, `sites.geojson` and `walkways.geojson` into
    /// `directory`, creating it (and its parents) if needed.
    ///
    /// Each file is written whole or not at all: the bytes go to a temporary file in the same folder,
    /// which is then renamed over the target (an atomic replace on POSIX file systems). A reader
    /// never sees half a file, though after a failure some files may be new and others old.
    ///
    /// - Throws: `DistrictWriteError` naming the file and the system's reason.
    public func write(to directory: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw DistrictWriteError(path: directory.path, reason: "it exists and is not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DistrictWriteError(path: directory.path, reason: error.localizedDescription)
        }
        for (name, data) in zip(Self.fileNames, [estates, facilities, sites, walkways]) {
            try Self.replaceAtomically(directory.appendingPathComponent(name), with: data)
        }
    }

    private static func replaceAtomically(_ target: URL, with data: Data) throws {
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DistrictWriteError(path: target.path, reason: error.localizedDescription)
        }
        // rename(2) replaces the target in one step; FileManager.moveItem refuses an existing target.
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw DistrictWriteError(path: target.path, reason: reason)
        }
    }
}

/// A generated file could not be written.
public struct DistrictWriteError: Error, CustomStringConvertible, Sendable {
    /// The file or folder that could not be written.
    public let path: String
    /// What the system reported.
    public let reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}
