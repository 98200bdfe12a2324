internal import CGEOS
import Foundation

/// Everything wrong with a scenario and its data, collected before failing (`renoplan validate`
/// prints it all; the other commands refuse to run).
public struct InvalidInput: Error, CustomStringConvertible, Sendable {
    public var scenarioErrors: [ScenarioError] = []
    public var inputErrors: [InputError] = []
    public var warnings: [InputWarning] = []
    /// What `validate` reports besides: properties left at defaults that change eligibility or
    /// score, columns carried along unused, a point layer that looks GCJ-02/BD-09 (SPEC §9).
    /// Not written into any output file.
    public var notices: [InputWarning] = []

    public var isEmpty: Bool { scenarioErrors.isEmpty && inputErrors.isEmpty }
    public var count: Int { scenarioErrors.count + inputErrors.count }

    /// One line per problem, scenario first.
    public var messages: [String] { scenarioErrors.map(\.description) + inputErrors.map(\.description) }

    /// Where the problems beyond the first 50 lines are listed: `validate` for a scenario's;
    /// nil (all are said) for those of a plan file, which `validate` does not read.
    public var moreListedBy: String? = "renoplan validate"

    /// The problems as `validate` and every other command print them, scenario first: input
    /// errors of one kind beyond the first few are one line that counts them (``ErrorGroups``).
    public var summary: [String] { summaryLines.map(\.text) }

    private var summaryLines: [ErrorGroups.Line] {
        scenarioErrors.map { ErrorGroups.Line(text: $0.description, problems: 1) } + ErrorGroups.lines(inputErrors)
    }

    public var description: String {
        let lines = summaryLines
        let shown = moreListedBy == nil ? lines[...] : lines.prefix(50)
        let hidden = count - shown.reduce(0) { $0 + $1.problems }
        let more = hidden > 0 ? ["… and \(hidden) more problems (\(moreListedBy!) lists them all)"] : []
        return (shown.map(\.text) + more).joined(separator: "\n")
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
    /// What `validate` reports besides (``InvalidInput/notices``); not written into outputs.
    public let notices: [InputWarning]
    /// The space an approved plan built before the horizon (``Scenario/ApprovedStates/built``),
    /// each with the index of the facility it now is (``addBuiltSpace``).
    public let builtSpace: [(space: Scenario.BuiltSpace, facility: Int)]
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
        warnings: [InputWarning], notices: [InputWarning], builtSpace: [(space: Scenario.BuiltSpace, facility: Int)],
        inputCRS: String, workCRS: String, geos: GEOSContext, proj: ProjContext,
        geometries: (estates: [PreparedGeometry], facilities: [Geometry], sites: [Geometry], walkways: [Geometry]),
        toLonLat: Transformer
    ) {
        self.scenario = scenario
        self.estates = estates
        self.facilities = facilities
        self.sites = sites
        self.walkways = walkways
        self.warnings = warnings
        self.notices = notices
        self.builtSpace = builtSpace
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
        do {
            return try loadLayers(scenario)
        } catch var invalid as InvalidInput {
            // A CSV or Excel layer's problems name the spreadsheet row (feature index + 2, ``SheetLayout``).
            let tabular = Set(
                [scenario.geodata.estates, scenario.geodata.facilities, scenario.geodata.sites, scenario.geodata.walkways]
                    .compactMap { $0 }.filter { [.csv, .xlsx].contains(LayerFormat($0)) }.map(\.lastPathComponent))
            for index in invalid.inputErrors.indices where tabular.contains(invalid.inputErrors[index].file) {
                if invalid.inputErrors[index].row == nil, let feature = invalid.inputErrors[index].featureIndex {
                    invalid.inputErrors[index].row = feature + 2
                }
            }
            throw invalid
        }
    }

    private static func loadLayers(_ scenario: Scenario) throws -> District {
        var problems = InvalidInput()
        let normKinds = Set(scenario.norms.map(\.kind))

        let kinds: [LayerKind] = [.estates, .facilities, .sites, .walkways]
        let sources = kinds.map { scenario.geodata.sources[$0.rawValue] ?? LayerSource() }
        let read = readLayers(scenario, sources: sources, problems: &problems)
        let estateLayer = read[0], facilityLayer = read[1], siteLayer = read[2], walkwayLayer = read[3]
        try Interruption.checkpoint()

        try Interruption.checkpoint()
        var estates = estateLayer.map {
            FeatureDecoder.estates($0.features, file: $0.file, scenario: scenario, errors: &problems.inputErrors)
        } ?? []
        var facilities = facilityLayer.map {
            FeatureDecoder.facilities($0.features, file: $0.file, normKinds: normKinds, errors: &problems.inputErrors)
        } ?? []
        var sites = siteLayer.map { FeatureDecoder.sites($0.features, file: $0.file, errors: &problems.inputErrors) } ?? []
        var walkways = walkwayLayer.map { layer in
            layer.features.map { Walkway(featureIndex: $0.index, id: LayerJoin.idText($0.properties["id"]), shape: $0.shape) }
        } ?? []
        for layer in [estateLayer, facilityLayer, siteLayer].compactMap({ $0 }) {
            problems.inputErrors = InputError.collapsingMissingKeys(problems.inputErrors, file: layer.file, features: layer.features.count)
        }
        if let estateLayer {
            FeatureDecoder.checkUniqueIDs(
                estates.map { ($0.id, $0.featureIndex) }, file: estateLayer.file,
                hint: MultiPartEstates.differing,
                errors: &problems.inputErrors)
            if estateLayer.features.isEmpty && problems.inputErrors.isEmpty {
                problems.inputErrors.append(InputError(file: estateLayer.file, problem: "has no estates" + selectedNone(sources[0], .estates)))
            }
            problems.notices += DefaultsReport.estates(estateLayer.features, file: estateLayer.file, scenario: scenario)
            problems.warnings += UnitCheck.estates(estates, features: estateLayer.features, file: estateLayer.file)
            problems.warnings += EstatePlausibility.warnings(estates, features: estateLayer.features, file: estateLayer.file, scenario: scenario)
        }
        // Kinds the scenario misspelt (its error says so): not the data's errors too.
        var meantKinds = Set<String>()
        if let facilityLayer {
            FeatureDecoder.checkUniqueIDs(facilities.map { ($0.id, $0.featureIndex) }, file: facilityLayer.file, errors: &problems.inputErrors)
            let typos = KindNames.scenarioTypos(facilities, scenario: scenario)
            problems.scenarioErrors += typos.errors
            meantKinds = typos.meant
            let used = Set(scenario.coverage.map(\.kind)).union(normKinds).union(meantKinds)
            var kindErrors: [InputError] = []
            KindNames.check(facilities, used: used, file: facilityLayer.file, errors: &kindErrors)
            problems.inputErrors.insertInFileOrder(kindErrors)
        }
        // A facilities file that could not be read has its own error: no notice of absent kinds on top.
        let facilitiesUnread = scenario.geodata.facilities != nil && facilityLayer == nil
        if !facilitiesUnread, let notice = KindNames.absent(
            facilities, coverage: scenario.coverage.map(\.kind), norms: normKinds, file: facilityLayer?.file)
        {
            problems.notices.append(notice)
        }
        if let siteLayer {
            FeatureDecoder.checkUniqueIDs(sites.map { ($0.id, $0.featureIndex) }, file: siteLayer.file, errors: &problems.inputErrors)
            let used = Set(scenario.coverage.map(\.kind)).union(normKinds).union(meantKinds)
            var kindErrors: [InputError] = []
            KindNames.check(sites, used: used, file: siteLayer.file, errors: &kindErrors)
            problems.inputErrors.insertInFileOrder(kindErrors)
            if let notice = KindNames.idle(sites, norms: normKinds, used: used, file: siteLayer.file) { problems.notices.append(notice) }
        }
        if scenario.distance == .network && scenario.geodata.walkways == nil {
            problems.scenarioErrors.append(
                scenario.error("distance", "network needs geodata.walkways (the pedestrian network)"))
        }
        if let walkwayLayer, walkwayLayer.features.isEmpty, problems.inputErrors.isEmpty {
            problems.inputErrors.append(InputError(file: walkwayLayer.file, problem: "has no walkways" + selectedNone(sources[3], .walkways)))
        }
        problems.scenarioErrors += Eligibility.checkLocks(scenario, estates: estates)

        // Coordinate systems (SPEC §1, §9).
        try Interruption.checkpoint()
        let proj = ProjContext()
        let layerCRS = try layerCRSs(
            scenario, sources: sources, proj: proj, estates: &estates, facilities: &facilities, sites: &sites,
            walkways: &walkways, problems: &problems)
        var scenarioFix: String?  // the crs the estates' error gives the scenario
        func inRange<T>(_ items: [T], _ index: Int, _ file: String?, _ place: (T) -> (Int, String?, Shape)) -> [T] {
            guard let file else { return items }
            var outside = outOfRange(
                items.map(place), kind: kinds[index], file: file, crs: layerCRS[index], own: sources[index].crs,
                columns: (sources[index].x, sources[index].y), errors: &problems.inputErrors)
            if outside.isEmpty {
                // Metres, but not where the CRS puts metres (a zone number in the easting, northing first).
                outside = SurveyCoordinates.check(
                    items.map(place), kind: kinds[index], file: file, crs: layerCRS[index], own: sources[index].crs,
                    source: sources[index], proj: proj, scenarioFix: &scenarioFix, errors: &problems.inputErrors)
            }
            return outside.isEmpty ? items : items.filter { !outside.contains(place($0).0) }
        }
        estates = inRange(estates, 0, estateLayer?.file) { ($0.featureIndex, $0.id, $0.shape) }
        facilities = inRange(facilities, 1, facilityLayer?.file) { ($0.featureIndex, $0.id, $0.shape) }
        sites = inRange(sites, 2, siteLayer?.file) { ($0.featureIndex, $0.id, $0.shape) }
        walkways = inRange(walkways, 3, walkwayLayer?.file) { ($0.featureIndex, $0.id, $0.shape) }
        if problems.isEmpty, let estateLayer {
            // Before the work CRS is chosen from the estates' middle: one stray estate would move it.
            func lonLat(_ shapes: [Shape], _ index: Int) -> [Point2?] {
                let first = shapes.map { $0.allPoints.first ?? Point2(x: .nan, y: .nan) }
                guard layerCRS[index].kind != .geographic else { return first.map { $0.x.isFinite ? $0 : nil } }
                return (try? Transformer(from: layerCRS[index], to: CRS(CRS.lonLatDefinition, in: proj), in: proj))?.forwardEach(first)
                    ?? first.map { _ in nil }
            }
            let estatesLonLat = lonLat(estates.map(\.shape), 0)
            if let spread = LayerPlacement.Spread(estatesLonLat) {
                problems.inputErrors += LayerPlacement.strayEstates(estates, lonLat: estatesLonLat, spread: spread, file: estateLayer.file)
                let others: [(LayerKind, String?, [(index: Int, id: String?)], [Shape])] = [
                    (.facilities, facilityLayer?.file, facilities.map { ($0.featureIndex, $0.id) }, facilities.map(\.shape)),
                    (.sites, siteLayer?.file, sites.map { ($0.featureIndex, $0.id) }, sites.map(\.shape)),
                    (.walkways, walkwayLayer?.file, walkways.map { ($0.featureIndex, $0.id) }, walkways.map(\.shape)),
                ]
                for (offset, (kind, file, items, shapes)) in others.enumerated() {
                    guard let file, let warning = LayerPlacement.strayFeatures(
                        items, lonLat: lonLat(shapes, offset + 1), spread: spread, layer: kind, file: file)
                    else { continue }
                    problems.warnings.append(warning)
                }
            }
        }
        guard problems.isEmpty else { throw problems }

        let inputCRS = layerCRS[0]
        let workCRS: CRS
        do {
            // The estates' centre in lon/lat, asked for only where no work_crs is given.
            func centre() throws -> Point2 {
                let points = estates.flatMap { $0.shape.allPoints }
                let xs = points.map(\.x), ys = points.map(\.y)
                let middle = Point2(x: (xs.min()! + xs.max()!) / 2, y: (ys.min()! + ys.max()!) / 2)
                guard inputCRS.kind == .projected else { return middle }
                return try Transformer(from: inputCRS, to: CRS(CRS.lonLatDefinition, in: proj), in: proj).forward([middle])[0]
            }
            func utm(_ at: Point2) throws -> CRS { try CRS(CRS.utmDefinition(longitude: at.x, latitude: at.y), in: proj) }
            if let definition = scenario.workCRS {
                workCRS = try CRS(definition, in: proj)
            } else if inputCRS.kind == .projected {
                // A projected CRS whose metres are not metres at the district (Web Mercator's are
                // 1/cos φ of them) would stretch every circle and area: the UTM zone instead.
                let at = try centre()
                if let stretch = inputCRS.lengthDistortion(longitude: at.x, latitude: at.y, in: proj),
                    stretch > WorkCRSChoice.largestDistortion
                {
                    workCRS = try utm(at)
                    problems.warnings.append(WorkCRSChoice.warning(input: inputCRS, stretch: stretch, latitude: at.y, work: workCRS))
                } else {
                    workCRS = inputCRS
                }
            } else {
                workCRS = try utm(try centre())
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
            func project<T>(_ items: inout [T], _ shape: WritableKeyPath<T, Shape>, from crs: CRS) throws {
                guard crs != workCRS else { return }
                let forward = try Transformer(from: crs, to: workCRS, in: proj)
                let points = try forward.forward(items.flatMap { $0[keyPath: shape].allPoints })
                var offset = 0
                for index in items.indices {
                    let count = items[index][keyPath: shape].allPoints.count
                    items[index][keyPath: shape] = items[index][keyPath: shape]
                        .replacingPoints(Array(points[offset..<(offset + count)]))
                    offset += count
                }
            }
            try project(&estates, \.shape, from: layerCRS[0])
            try project(&facilities, \.shape, from: layerCRS[1])
            try project(&sites, \.shape, from: layerCRS[2])
            try project(&walkways, \.shape, from: layerCRS[3])
        } catch {
            problems.scenarioErrors.append(scenario.error("crs", "\(error)"))
            throw problems
        }
        if let tolerance = sources[3].snapMeters, let walkwayLayer {
            let snapped = WalkwaySnap.apply(walkways, tolerance: tolerance)
            walkways = snapped.walkways
            if let warning = WalkwaySnap.warning(snapped.report, tolerance: tolerance, file: walkwayLayer.file) {
                problems.warnings.append(warning)
            }
        }

        // GEOS geometries; invalid polygons are repaired with MakeValid and reported.
        try Interruption.checkpoint()
        let geos = GEOSContext()
        /// `orPoint`: the layer also takes a Point (sites), which the fix of a polygon with no
        /// area then mentions.
        func build(_ shape: inout Shape, file: String, index: Int, id: String?, orPoint: Bool = false) -> Geometry? {
            do {
                let geometry = try Geometry(shape, in: geos)
                guard shape.isPolygonal, let reason = try geometry.invalidityReason() else { return geometry }
                let repaired = try geometry.madeValid()
                let repairedShape = try repaired.shape()
                guard repairedShape.isPolygonal, try repaired.area() > 0 else {
                    problems.inputErrors.append(InputError(
                        file: file, featureIndex: index, featureID: id,
                        problem: "invalid polygon (\(reason)) that GEOS cannot make into an area: draw its outline "
                            + "with at least three distinct corners around an area\(orPoint ? ", or give the site as a Point" : "")"))
                    return nil
                }
                problems.warnings.append(InputWarning(
                    file: file, featureIndex: index, featureID: id,
                    problem: "invalid polygon (\(reason)) repaired with GEOS MakeValid",
                    chinese: "多边形无效（\(reason)），已用 GEOS MakeValid 修复"))
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
            if let g = build(&sites[index].shape, file: siteLayer!.file, index: sites[index].featureIndex, id: sites[index].id, orPoint: true) {
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
        if let estateLayer, estateGeometries.count == estates.count {
            OverlapCheck.estates(estates, estateGeometries, file: estateLayer.file, in: geos, errors: &problems.inputErrors)
        }
        if problems.isEmpty, estateGeometries.count == estates.count {
            placementChecks(
                layers: [facilityLayer?.file, siteLayer?.file, walkwayLayer?.file],
                shapes: [facilities.map(\.shape), sites.map(\.shape), walkways.map(\.shape)],
                crs: layerCRS, definitions: kinds.indices.map { declaredCRS(sources[$0], kinds[$0], scenario).definition },
                estates: estateGeometries, toLonLat: toLonLat, in: geos, problems: &problems)
        }
        // revise (SPEC §12): the space the approved plan built before the horizon exists today.
        var builtSpace: [(space: Scenario.BuiltSpace, facility: Int)] = []
        if siteGeometries.count == sites.count, facilityGeometries.count == facilities.count {
            builtSpace = addBuiltSpace(
                scenario.approvedStates.built, wording: Wording(scenario.reportLanguage), siteFile: siteLayer?.file, sites: &sites,
                siteGeometries: &siteGeometries, facilities: &facilities, facilityGeometries: &facilityGeometries, problems: &problems)
        }
        guard problems.isEmpty else { throw problems }
        return District(
            scenario: scenario, estates: estates, facilities: facilities, sites: sites, walkways: walkways,
            warnings: problems.warnings, notices: problems.notices, builtSpace: builtSpace, inputCRS: inputCRS.definition, workCRS: workCRS.definition, geos: geos,
            proj: proj,
            geometries: (estateGeometries, facilityGeometries, siteGeometries, walkwayGeometries), toLonLat: toLonLat)
    }

    /// The features of a layer with a coordinate that cannot be in the layer's CRS (SPEC §1, §9):
    /// lon/lat under a projected CRS, metres under lon/lat. One error per layer, at its first
    /// such feature, with how many there are and the `crs:` that fixes it.
    private static func outOfRange(
        _ items: [(index: Int, id: String?, shape: Shape)], kind: LayerKind, file: String, crs: CRS, own: String?,
        columns: (x: String?, y: String?), errors: inout [InputError]
    ) -> Set<Int> {
        func outside(_ p: Point2) -> Bool {
            switch crs.kind {
            case .geographic: return abs(p.x) > 180 || abs(p.y) > 90
            case .projected: return abs(p.x) < 1000 || abs(p.y) < 1000
            }
        }
        var bad = Set<Int>()
        var ids: [String?] = []
        var first: (index: Int, id: String?, point: Point2)?
        // Every coordinate read the other way round is lon/lat (latitude first).
        var latitudeFirst = true
        // Under a projected CRS: every such coordinate could be lon/lat.
        var lonLatLike = true
        for item in items {
            guard let p = item.shape.allPoints.first(where: outside) else { continue }
            bad.insert(item.index)
            ids.append(item.id)
            if first == nil { first = (item.index, item.id, p) }
            latitudeFirst = latitudeFirst && crs.kind == .geographic
                && item.shape.allPoints.allSatisfy { abs($0.x) <= 90 && abs($0.y) <= 180 }
            lonLatLike = lonLatLike && item.shape.allPoints.allSatisfy { abs($0.x) <= 180 && abs($0.y) <= 90 }
        }
        guard let first else { return bad }
        // Coordinates as the file has them, to 7 decimals (1 cm in degrees): no 3386.1271699999998.
        func text(_ v: Double) -> String { "\((v * 1e7).rounded() / 1e7)" }
        // The ids of all such features when only some are (up to 10): each needs mending.
        let named = ids.count > 1 && bad.count < items.count && ids.allSatisfy { $0 != nil }
            ? ": " + firstOf(ids.map { $0! }, 10) : ""
        let noun = bad.count == 1
            ? ["estates": "estate", "facilities": "facility", "sites": "site", "walkways": "walkway line"][kind.rawValue]!
            : ["estates": "estates", "facilities": "facilities", "sites": "sites", "walkways": "walkway lines"][kind.rawValue]!
        let these = bad.count == 1 ? "this \(noun)" : "these \(noun)"
        let count = bad.count == 1
            ? "" : "; \(bad.count) of the \(items.count) \(noun) have such coordinates\(named.isEmpty ? " (this is the first)" : named)"
        let layerKey = "geodata.\(kind.rawValue)"
        let webMap = "(crs: GCJ-02 or crs: BD-09 if they come from a web map such as Amap/高德 or Baidu/百度)"
        var problem = "coordinate [\(text(first.point.x)), \(text(first.point.y))] "
        if crs.kind == .geographic {
            problem += "is not longitude/latitude\(count). "
            if bad.count < items.count, latitudeFirst {
                problem += "\(bad.count == 1 ? "It looks" : "They look") latitude first, unlike the others: "
                    + "[\(text(first.point.y)), \(text(first.point.x))] is longitude/latitude. Swap x and y of \(these)"
            } else if bad.count < items.count {
                problem += "The layer mixes coordinate systems: bring \(these) into longitude/latitude like the others"
            } else if latitudeFirst {
                problem += "They look latitude first: [\(first.point.y), \(first.point.x)] is longitude/latitude. "
                if let x = columns.x, let y = columns.y, x != y {
                    problem += "The columns are the other way round: map x: \(y) and y: \(x) in \(layerKey)"
                } else {
                    problem += "The file must give longitude first (x east, y north)"
                }
            } else if own != nil {
                problem += "If the data is projected, \(layerKey).crs is wrong: write its CRS there (the EPSG code of its .prj)"
            } else if kind == .estates {
                problem += "If the data is projected, name its CRS in the scenario's crs key (the EPSG code of its .prj)"
            } else {
                problem += "If the data is projected, name its CRS in \(layerKey): add crs: with the EPSG code of its .prj"
            }
        } else {
            problem += "cannot be in \(crs.definition) (metres)\(count). "
            if bad.count < items.count {
                problem += "The layer mixes coordinate systems: bring \(these) into \(crs.definition) like the others"
            } else if !lonLatLike {
                problem += "They are not longitude/latitude either: check the file's unit (kilometres instead of metres?) "
                    + "and its CRS"
            } else if own != nil {
                problem += "They look like longitude/latitude: write crs: EPSG:4326 in \(layerKey) instead of \(own!) \(webMap)"
            } else if kind == .estates {
                problem += "They look like longitude/latitude: write crs: EPSG:4326 in the scenario \(webMap), "
                    + "and give each other layer in metres its own crs in geodata"
            } else {
                problem += "They look like longitude/latitude: add crs: EPSG:4326 to \(layerKey) \(webMap); "
                    + "the scenario's crs stays the estates'"
            }
        }
        errors.append(InputError(file: file, featureIndex: first.index, featureID: first.id, problem: problem))
        return bad
    }

    /// " where geodata.walkways.where says …": what an empty layer's `where` has to do with it.
    private static func selectedNone(_ source: LayerSource, _ kind: LayerKind) -> String {
        source.filter.map { " where geodata.\(kind.rawValue).where says \($0)" } ?? ""
    }

    /// Step 1: reads the four layers (estates, facilities, sites, walkways; nil when not given)
    /// into raw features with §1 property names, checking the names.
    private static func readLayers(_ scenario: Scenario, sources: [LayerSource], problems: inout InvalidInput)
        -> [(file: String, features: [RawFeature])?]
    {
        let kinds: [LayerKind] = [.estates, .facilities, .sites, .walkways]
        // The files are parsed at once, one per core: parsing is the part of reading a file that
        // runs on one core only (the features are then read on all of them). Other formats are
        // read through GDAL/OGR (``OGRLayerReader``).
        let urls: [URL?] = [
            scenario.geodata.estates, scenario.geodata.facilities, scenario.geodata.sites,
            scenario.distance == .network ? scenario.geodata.walkways : nil,
        ]
        let documents = Concurrent.map(kinds.count, chunk: 1) { index -> Result<JSONDocument, InputError>? in
            // A GeoJSON layer with a `where` filter is read through GDAL, which evaluates it.
            guard let url = urls[index], LayerFormat(url) == .geoJSON, sources[index].filter == nil else { return nil }
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
            guard let url = urls[index] else { return nil }
            let kind = kinds[index], source = sources[index]
            let file = LayerFormat.label(url, layer: source.layer)
            var features: [RawFeature]
            var header: [String] = []
            if (source.x != nil || source.y != nil) && ![.csv, .xlsx].contains(LayerFormat(url)) {
                problems.inputErrors.append(InputError(
                    file: file, key: "x",
                    problem: "x and y name the coordinate columns of a CSV or Excel layer; \(file) has geometries of its own: "
                        + "remove x and y from geodata.\(kind.rawValue)"))
                return nil
            }
            if source.x != nil || source.y != nil, kind == .estates || kind == .walkways {
                // A table of points cannot be estates (their boundaries count) or walkways.
                let what = kind == .estates ? "the estates are their boundaries (polygons)" : "walkways are lines"
                let fix = kind == .estates
                    ? "give the boundaries as a polygon layer (Shapefile, GeoPackage, …) and join \(file) to it with "
                        + "table: \(file) and key: (its id column; docs/data.md)"
                    : "give the street centrelines as a line layer"
                problems.inputErrors.append(InputError(
                    file: file, key: "x",
                    problem: "x and y make points, for facilities and sites; \(what): \(fix), and remove x and y from geodata.\(kind.rawValue)"))
                return nil
            }
            if let document = documents[index] {
                var reader = GeoJSONReader(file: file)
                switch document {
                case .success(let document):
                    features = reader.read(document, geometry: kind.geometry)
                    problems.inputErrors += reader.errors
                    let declared = declaredCRS(source, kind, scenario)
                    if let named = document.withRoot({ $0["crs"]?["properties"]?["name"]?.stringValue }),
                        let problem = FileCRSCheck.mismatch(named: named, declared: declared.definition, file: file, kind: kind)
                    {
                        problems.inputErrors.append(InputError(file: file, key: declared.key, problem: problem))
                    }
                case .failure(let error):
                    problems.inputErrors.append(error)
                    return nil
                }
            } else {
                var reader = OGRLayerReader(url: url, source: source, kind: kind)
                reader.declaredCRS = declaredCRS(source, kind, scenario)
                guard let read = reader.readContents(errors: &problems.inputErrors) else { return nil }
                features = read.features
                header = read.columns
                problems.warnings += read.warnings
            }
            if !source.columns.isEmpty || source.table != nil {
                features = LayerJoin.apply(
                    source, to: features, header: header, kind: kind, file: file, scenario: scenario, problems: &problems)
            }
            if kind == .estates { features = MultiPartEstates.merge(features, file: file, warnings: &problems.warnings) }
            if kind != .walkways {
                var errors: [InputError] = [], notices: [InputWarning] = []
                PropertyNames.check(features, layer: kind, file: file, errors: &errors, notices: &notices)
                problems.inputErrors += errors
                problems.notices += notices
            }
            return (file, features)
        }

        // (The parsed documents go with this function: each gives back its arena, a few ms.)
        return (0..<kinds.count).map(layer)
    }

    /// Facilities, sites and walkways far from every estate are an error, lon/lat points that
    /// a web map's shift explains a warning (``LayerPlacement``). `layers`, `shapes`: the three
    /// layers after the estates, in the work CRS; `crs`, `definitions`: all four layers'.
    private static func placementChecks(
        layers: [String?], shapes: [[Shape]], crs: [CRS], definitions: [String], estates: [PreparedGeometry],
        toLonLat: Transformer, in geos: GEOSContext, problems: inout InvalidInput
    ) {
        for (offset, kind) in [LayerKind.facilities, .sites, .walkways].enumerated() {
            guard let file = layers[offset] else { continue }
            let index = offset + 1
            let points = LayerPlacement.sample(shapes[offset])
            if let error = LayerPlacement.far(
                points, layer: kind, file: file, crs: (definitions[index], definitions[0]), estates: estates, in: geos)
            {
                problems.inputErrors.append(error)
                continue
            }
            guard crs[index].kind == .geographic else { continue }
            // Walkways are judged by their streets, not the paths' dead ends at gates.
            let looked = kind == .walkways ? LayerPlacement.sample(LayerPlacement.streets(shapes[offset])) : points
            if let warning = LayerPlacement.notice(
                points: looked, layer: kind, given: ChineseCoordinates.System(name: definitions[index]), file: file,
                estates: estates, toLonLat: toLonLat, in: geos)
            {
                // A warning, not a notice: every command prints it (a plan on shifted points
                // is a plan on wrong coverage), and summary.json records it.
                problems.warnings.append(warning)
            }
        }
    }

    /// The CRS a layer is read in (its own `crs`, else the scenario's, else WGS 84 lon/lat) and
    /// the key that says so.
    private static func declaredCRS(_ source: LayerSource, _ kind: LayerKind, _ scenario: Scenario) -> (definition: String, key: String) {
        (source.crs ?? scenario.crs ?? CRS.lonLatDefinition, source.crs != nil ? "geodata.\(kind.rawValue).crs" : "crs")
    }

    /// Step 2: each layer's CRS (its own `crs`, else the scenario's); GCJ-02 and BD-09 layers are
    /// taken back to WGS 84 lon/lat first.
    private static func layerCRSs(
        _ scenario: Scenario, sources: [LayerSource], proj: ProjContext, estates: inout [Estate],
        facilities: inout [Facility], sites: inout [Site], walkways: inout [Walkway], problems: inout InvalidInput
    ) throws -> [CRS] {
        let kinds: [LayerKind] = [.estates, .facilities, .sites, .walkways]
        var layerCRS: [CRS] = []
        for (index, kind) in kinds.enumerated() {
            let (definition, path) = declaredCRS(sources[index], kind, scenario)
            if let system = ChineseCoordinates.System(name: definition) {
                func unshift(_ shape: Shape) -> Shape {
                    shape.replacingPoints(shape.allPoints.map { ChineseCoordinates.wgs84(from: $0, system) })
                }
                switch kind {
                case .estates: for i in estates.indices { estates[i].shape = unshift(estates[i].shape) }
                case .facilities: for i in facilities.indices { facilities[i].shape = unshift(facilities[i].shape) }
                case .sites: for i in sites.indices { sites[i].shape = unshift(sites[i].shape) }
                case .walkways: for i in walkways.indices { walkways[i].shape = unshift(walkways[i].shape) }
                }
                layerCRS.append(try! CRS(CRS.lonLatDefinition, in: proj))
                continue
            }
            do {
                layerCRS.append(try CRS(definition, in: proj))
            } catch {
                problems.scenarioErrors.append(scenario.error(path, "\(error)"))
                throw problems
            }
        }
        return layerCRS
    }

    /// A shape in the working CRS as WGS 84 lon/lat (RFC 7946 output).
    func lonLat(_ shape: Shape) throws -> Shape {
        try toLonLat.forward(shape)
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
