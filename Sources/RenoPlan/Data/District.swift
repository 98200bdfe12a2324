internal import CGEOS
import Foundation

/// Everything wrong with a scenario and its data, collected before failing (`renoplan validate`
/// prints it all; the other commands refuse to run).
public struct InvalidInput: Error, CustomStringConvertible, Sendable {
    public var scenarioErrors: [ScenarioError] = []
    public var inputErrors: [InputError] = []
    public var warnings: [InputWarning] = []

    public var isEmpty: Bool { scenarioErrors.isEmpty && inputErrors.isEmpty }
    public var count: Int { scenarioErrors.count + inputErrors.count }

    /// One line per problem, scenario first.
    public var messages: [String] { scenarioErrors.map(\.description) + inputErrors.map(\.description) }

    public var description: String {
        let shown = messages.prefix(50)
        let more = count > 50 ? ["… and \(count - 50) more problems (renoplan validate lists them all)"] : []
        return (shown + more).joined(separator: "\n")
    }
}

/// The district in the working CRS: estates, facilities and sites with their GEOS geometries.
///
/// Holds a GEOS context and a PROJ context of its own: use a `District` on one thread.
public final class District {
    public let scenario: Scenario
    public let estates: [Estate]
    public let facilities: [Facility]
    public let sites: [Site]
    public let walkways: [Walkway]
    /// Repaired polygons and other notes that did not stop the run.
    public let warnings: [InputWarning]
    /// The CRS the input coordinates are in, and the metric one distances are computed in.
    public let inputCRS: String
    public let workCRS: String

    let geos: GEOSContext
    let proj: ProjContext
    let estateGeometries: [PreparedGeometry]
    let facilityGeometries: [Geometry]
    let siteGeometries: [Geometry]
    let walkwayGeometries: [Geometry]
    let toLonLat: Transformer

    private init(
        scenario: Scenario, estates: [Estate], facilities: [Facility], sites: [Site], walkways: [Walkway],
        warnings: [InputWarning], inputCRS: String, workCRS: String, geos: GEOSContext, proj: ProjContext,
        geometries: (estates: [PreparedGeometry], facilities: [Geometry], sites: [Geometry], walkways: [Geometry]),
        toLonLat: Transformer
    ) {
        self.scenario = scenario
        self.estates = estates
        self.facilities = facilities
        self.sites = sites
        self.walkways = walkways
        self.warnings = warnings
        self.inputCRS = inputCRS
        self.workCRS = workCRS
        self.geos = geos
        self.proj = proj
        estateGeometries = geometries.estates
        facilityGeometries = geometries.facilities
        siteGeometries = geometries.sites
        walkwayGeometries = geometries.walkways
        self.toLonLat = toLonLat
    }

    /// Reads and checks every input file of the scenario, projects it and builds GEOS geometries.
    ///
    /// - Throws: ``InvalidInput`` with every problem found (and the warnings so far).
    public static func load(_ scenario: Scenario) throws -> District {
        var problems = InvalidInput()
        let normKinds = Set(scenario.norms.map(\.kind))

        // The files are parsed at once, one per core: parsing is the part of reading a file that
        // runs on one core only (the features are then read on all of them).
        let layers: [(url: URL?, rule: GeometryRule)] = [
            (scenario.geodata.estates, .polygonal), (scenario.geodata.facilities, .point),
            (scenario.geodata.sites, .pointOrPolygon),
            (scenario.distance == .network ? scenario.geodata.walkways : nil, .lineal),
        ]
        let documents = Concurrent.map(layers.count, chunk: 1) { index -> Result<JSONDocument, InputError>? in
            guard let url = layers[index].url else { return nil }
            let file = url.lastPathComponent
            do {
                return GeoJSONReader.parse(try readFile(url), file: file)
            } catch let error as InputError {
                return .failure(error)
            } catch {
                return .failure(InputError(file: file, problem: "\(error)"))
            }
        }

        func layer(_ index: Int) -> (file: String, features: [RawFeature])? {
            guard let url = layers[index].url, let document = documents[index] else { return nil }
            var reader = GeoJSONReader(file: url.lastPathComponent)
            switch document {
            case .success(let document):
                let features = reader.read(document, geometry: layers[index].rule)
                problems.inputErrors += reader.errors
                return (reader.file, features)
            case .failure(let error):
                problems.inputErrors.append(error)
                return nil
            }
        }

        try Interruption.checkpoint()
        let estateLayer = layer(0)
        let facilityLayer = layer(1)
        let siteLayer = layer(2)
        let walkwayLayer = layer(3)
        // jansson takes a while to free large trees (0.1 s for 20,000 estates): another core does it.
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(documents) {} }

        try Interruption.checkpoint()
        var estates = estateLayer.map {
            FeatureDecoder.estates($0.features, file: $0.file, scenario: scenario, errors: &problems.inputErrors)
        } ?? []
        var facilities = facilityLayer.map {
            FeatureDecoder.facilities($0.features, file: $0.file, normKinds: normKinds, errors: &problems.inputErrors)
        } ?? []
        var sites = siteLayer.map { FeatureDecoder.sites($0.features, file: $0.file, errors: &problems.inputErrors) } ?? []
        var walkways = walkwayLayer.map { $0.features.map { Walkway(featureIndex: $0.index, shape: $0.shape) } } ?? []
        if let estateLayer {
            FeatureDecoder.checkUniqueIDs(estates.map { ($0.id, $0.featureIndex) }, file: estateLayer.file, errors: &problems.inputErrors)
            if estateLayer.features.isEmpty && problems.inputErrors.isEmpty {
                problems.inputErrors.append(InputError(file: estateLayer.file, problem: "has no estates"))
            }
        }
        if let facilityLayer {
            FeatureDecoder.checkUniqueIDs(facilities.map { ($0.id, $0.featureIndex) }, file: facilityLayer.file, errors: &problems.inputErrors)
        }
        if let siteLayer {
            FeatureDecoder.checkUniqueIDs(sites.map { ($0.id, $0.featureIndex) }, file: siteLayer.file, errors: &problems.inputErrors)
        }
        if scenario.distance == .network && scenario.geodata.walkways == nil {
            problems.scenarioErrors.append(
                scenario.error("distance", "network needs geodata.walkways (the pedestrian network)"))
        }
        if let walkwayLayer, walkwayLayer.features.isEmpty, problems.inputErrors.isEmpty {
            problems.inputErrors.append(InputError(file: walkwayLayer.file, problem: "has no walkways"))
        }
        problems.scenarioErrors += Eligibility.checkLocks(scenario, estates: estates)

        // Coordinate systems (SPEC §1).
        try Interruption.checkpoint()
        let proj = ProjContext()
        let inputCRS: CRS
        do {
            inputCRS = try CRS(scenario.crs ?? CRS.lonLatDefinition, in: proj)
        } catch {
            problems.scenarioErrors.append(scenario.error("crs", "\(error)"))
            throw problems
        }
        func checkRange(_ file: String?, _ index: Int, _ id: String?, _ shape: Shape) -> Bool {
            guard let file else { return true }
            for p in shape.allPoints {
                switch inputCRS.kind {
                case .geographic where abs(p.x) > 180 || abs(p.y) > 90:
                    problems.inputErrors.append(InputError(
                        file: file, featureIndex: index, featureID: id,
                        problem: "coordinate [\(p.x), \(p.y)] is not longitude/latitude; "
                            + "if the data is projected, name its CRS in the scenario's crs key"))
                    return false
                case .projected where abs(p.x) < 1000 || abs(p.y) < 1000:
                    problems.inputErrors.append(InputError(
                        file: file, featureIndex: index, featureID: id,
                        problem: "coordinate [\(p.x), \(p.y)] cannot be in \(inputCRS.definition) (metres); "
                            + "is it longitude/latitude? then remove crs from the scenario"))
                    return false
                default: continue
                }
            }
            return true
        }
        estates = estates.filter { checkRange(estateLayer?.file, $0.featureIndex, $0.id, $0.shape) }
        facilities = facilities.filter { checkRange(facilityLayer?.file, $0.featureIndex, $0.id, $0.shape) }
        sites = sites.filter { checkRange(siteLayer?.file, $0.featureIndex, $0.id, $0.shape) }
        walkways = walkways.filter { checkRange(walkwayLayer?.file, $0.featureIndex, nil, $0.shape) }
        guard problems.isEmpty else { throw problems }

        let workCRS: CRS
        do {
            if let definition = scenario.workCRS {
                workCRS = try CRS(definition, in: proj)
            } else if inputCRS.kind == .projected {
                workCRS = inputCRS
            } else {
                let points = estates.flatMap { $0.shape.allPoints }
                let xs = points.map(\.x), ys = points.map(\.y)
                workCRS = try CRS(
                    CRS.utmDefinition(
                        longitude: (xs.min()! + xs.max()!) / 2, latitude: (ys.min()! + ys.max()!) / 2), in: proj)
            }
            guard workCRS.kind == .projected else {
                throw ProjectionError(message: "\(workCRS.definition) is not a projected (metric) CRS")
            }
        } catch {
            problems.scenarioErrors.append(scenario.error(scenario.workCRS == nil ? "crs" : "work_crs", "\(error)"))
            throw problems
        }

        // Project everything into the working CRS in one batch per layer.
        let toLonLat: Transformer
        do {
            toLonLat = try Transformer(from: workCRS, to: CRS(CRS.lonLatDefinition, in: proj), in: proj)
            if inputCRS != workCRS {
                let forward = try Transformer(from: inputCRS, to: workCRS, in: proj)
                func project<T>(_ items: inout [T], _ shape: WritableKeyPath<T, Shape>) throws {
                    let points = try forward.forward(items.flatMap { $0[keyPath: shape].allPoints })
                    var offset = 0
                    for index in items.indices {
                        let count = items[index][keyPath: shape].allPoints.count
                        items[index][keyPath: shape] = items[index][keyPath: shape]
                            .replacingPoints(Array(points[offset..<(offset + count)]))
                        offset += count
                    }
                }
                try project(&estates, \.shape)
                try project(&facilities, \.shape)
                try project(&sites, \.shape)
                try project(&walkways, \.shape)
            }
        } catch {
            problems.scenarioErrors.append(scenario.error("crs", "\(error)"))
            throw problems
        }

        // GEOS geometries; invalid polygons are repaired with MakeValid and reported.
        try Interruption.checkpoint()
        let geos = GEOSContext()
        func build(_ shape: inout Shape, file: String, index: Int, id: String?) -> Geometry? {
            do {
                let geometry = try Geometry(shape, in: geos)
                guard shape.isPolygonal, let reason = try geometry.invalidityReason() else { return geometry }
                let repaired = try geometry.madeValid()
                let repairedShape = try repaired.shape()
                guard repairedShape.isPolygonal, try repaired.area() > 0 else {
                    problems.inputErrors.append(InputError(
                        file: file, featureIndex: index, featureID: id,
                        problem: "invalid polygon (\(reason)) that GEOS cannot make into an area"))
                    return nil
                }
                problems.warnings.append(InputWarning(
                    file: file, featureIndex: index, featureID: id,
                    problem: "invalid polygon (\(reason)) repaired with GEOS MakeValid"))
                shape = repairedShape
                return try Geometry(repairedShape, in: geos)
            } catch {
                problems.inputErrors.append(InputError(file: file, featureIndex: index, featureID: id, problem: "\(error)"))
                return nil
            }
        }
        var estateGeometries: [PreparedGeometry] = []
        for index in estates.indices {
            if index % 256 == 0 { try Interruption.checkpoint() }
            if let geometry = build(&estates[index].shape, file: estateLayer!.file, index: estates[index].featureIndex, id: estates[index].id) {
                do {
                    estateGeometries.append(try PreparedGeometry(geometry))
                } catch {
                    problems.inputErrors.append(InputError(file: estateLayer!.file, featureIndex: estates[index].featureIndex, featureID: estates[index].id, problem: "\(error)"))
                }
            }
        }
        var facilityGeometries: [Geometry] = []
        for index in facilities.indices {
            if let g = build(&facilities[index].shape, file: facilityLayer!.file, index: facilities[index].featureIndex, id: facilities[index].id) {
                facilityGeometries.append(g)
            }
        }
        var siteGeometries: [Geometry] = []
        for index in sites.indices {
            if let g = build(&sites[index].shape, file: siteLayer!.file, index: sites[index].featureIndex, id: sites[index].id) {
                siteGeometries.append(g)
            }
        }
        var walkwayGeometries: [Geometry] = []
        for index in walkways.indices {
            if index % 256 == 0 { try Interruption.checkpoint() }
            if let g = build(&walkways[index].shape, file: walkwayLayer!.file, index: walkways[index].featureIndex, id: nil) {
                walkwayGeometries.append(g)
            }
        }
        guard problems.isEmpty else { throw problems }
        return District(
            scenario: scenario, estates: estates, facilities: facilities, sites: sites, walkways: walkways,
            warnings: problems.warnings, inputCRS: inputCRS.definition, workCRS: workCRS.definition, geos: geos,
            proj: proj,
            geometries: (estateGeometries, facilityGeometries, siteGeometries, walkwayGeometries), toLonLat: toLonLat)
    }

    /// A shape in the working CRS as WGS 84 lon/lat (RFC 7946 output).
    func lonLat(_ shape: Shape) throws -> Shape {
        shape.replacingPoints(try toLonLat.forward(shape.allPoints))
    }
}

extension Shape {
    var isPolygonal: Bool {
        switch self {
        case .polygon, .multiPolygon: return true
        default: return false
        }
    }
}
