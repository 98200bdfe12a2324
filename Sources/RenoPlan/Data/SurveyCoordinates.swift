import Foundation

/// Metres that a layer's projected CRS cannot have produced (SPEC §1, §9): a point PROJ cannot take
/// back to lon/lat, or one that lands far outside the area the CRS is made for. Two slips of
/// Chinese survey data cause most of them, and each has a sure fix:
///
/// - **The zone number in the easting.** Gauss–Krüger eastings are often written with the zone in
///   front (`38510332.76`: zone 38, 10,332.76 m east of its central meridian). EPSG keeps the two
///   forms apart (EPSG:4526 "zone 38" has false easting 38,500,000; EPSG:4547 "CM 114E" has
///   500,000), so the other one of the pair is named. The same in reverse.
/// - **Northing first.** Chinese surveying calls the northing X and the easting Y, so a table's
///   `X`/`Y` columns mapped to `x:`/`y:` give each point with its axes swapped.
///
/// Anything else gets the CRS's area, so that the planner can see that the `crs:` is not the
/// data's. One error per layer, at its first such feature, like ``District``'s check for
/// lon/lat under a projected CRS (which runs first: these are metres, only misplaced ones).
enum SurveyCoordinates {
    /// Degrees a point may lie outside its CRS's area of use: districts just beyond the edge of
    /// a Gauss–Krüger strip are planned in it, and no slip above lands that close.
    static let margin = 3.0

    /// A family of Gauss–Krüger CRSs on one datum: the zones with the zone number in the
    /// easting (`numbered`, its first zone `firstZone`) and the same zones without it (`plain`),
    /// each a run of consecutive EPSG codes.
    struct Family {
        let numbered: Int
        let plain: Int
        let firstZone: Int
        let zones: Int
        let datum: String

        /// The family's zone numbers.
        var zoneNumbers: Range<Int> { firstZone..<firstZone + zones }
        /// Its codes with the zone number in the easting.
        var numberedCodes: Range<Int> { numbered..<numbered + zones }

        func contains(_ code: Int) -> Bool { numberedCodes.contains(code) || (plain..<plain + zones).contains(code) }
    }

    /// CGCS2000, Xi'an 1980 and Beijing 1954, 6-degree zones 13–23 and 3-degree zones 25–45,
    /// as EPSG numbers them (checked against PROJ's database by the tests).
    static let families = [
        Family(numbered: 4491, plain: 4502, firstZone: 13, zones: 11, datum: "CGCS2000"),
        Family(numbered: 4513, plain: 4534, firstZone: 25, zones: 21, datum: "CGCS2000"),
        Family(numbered: 2327, plain: 2338, firstZone: 13, zones: 11, datum: "Xian 1980"),
        Family(numbered: 2349, plain: 2370, firstZone: 25, zones: 21, datum: "Xian 1980"),
        Family(numbered: 21413, plain: 21453, firstZone: 13, zones: 11, datum: "Beijing 1954"),
        Family(numbered: 2401, plain: 2422, firstZone: 25, zones: 21, datum: "Beijing 1954"),
    ]

    /// Checks the first point of each item; returns the indices of the misplaced items and adds
    /// one error for the layer. `own` is the layer's own `crs:` (nil: the scenario's).
    /// `scenarioFix` is the crs the estates' error told the scenario to take (the estates are
    /// checked first): a layer without a crs of its own that needs the same is fixed by it.
    static func check(
        _ items: [(index: Int, id: String?, shape: Shape)], kind: LayerKind, file: String, crs: CRS, own: String?,
        source: LayerSource, proj: ProjContext, scenarioFix: inout String?, errors: inout [InputError]
    ) -> Set<Int> {
        guard crs.kind == .projected, let lonLat = try? CRS(CRS.lonLatDefinition, in: proj),
            let back = try? Transformer(from: crs, to: lonLat, in: proj)
        else { return [] }
        let firsts = items.map { $0.shape.allPoints.first }
        let placed = back.forwardEach(firsts.map { $0 ?? Point2(x: 0, y: 0) })
        // Points PROJ cannot take back at all, and points it places far outside the area.
        var failed: [Int] = [], far: [Int] = []
        for k in items.indices where firsts[k] != nil {
            if placed[k] == nil { failed.append(k) } else if !inside(placed[k], crs.area) { far.append(k) }
        }
        let wholeLayer = failed.count + far.count == items.count
        // A few far-off features of a layer that is otherwise in place are data (a clinic in
        // the next city), not a slip; a point PROJ cannot place at all is always one.
        let bad = wholeLayer ? (failed + far).sorted() : failed
        guard let k = bad.first else { return [] }
        let first = (index: items[k].index, id: items[k].id, point: firsts[k]!)
        let p = first.point
        let nouns = ["estates": ("estate", "estates"), "facilities": ("facility", "facilities"), "sites": ("site", "sites"),
                     "walkways": ("walkway line", "walkway lines")][kind.rawValue]!
        let count = bad.count == 1 ? "" : bad.count == items.count
            ? "; all \(items.count) \(nouns.1) have such coordinates (this is the first)"
            : "; \(bad.count) of the \(items.count) \(nouns.1) have such coordinates (this is the first)"
        let place = crs.area.map { area in
            String(format: "lies outside the area %@ (%@) is made for (%@; longitude %.1f° to %.1f°, latitude %.1f° to %.1f°)",
                   crs.definition, crs.name, area.name.trimmingCharacters(in: CharacterSet(charactersIn: ". ")),
                   area.west, area.east, area.south, area.north)
        } ?? "cannot be placed by \(crs.definition) (\(crs.name))"
        var problem = "coordinate [\(number(p.x)), \(number(p.y))] \(place)\(count). "
        // Where the fix goes: the layer's own crs, the scenario's (the estates'), or a crs of the
        // layer's own (the scenario's stays the estates', which have their own error if wrong too).
        let target = own != nil ? "in geodata.\(kind.rawValue).crs" : kind == .estates ? "in the scenario's crs" : "as geodata.\(kind.rawValue).crs"
        if !wholeLayer {
            let why = zoneNumberFix(p, crs: crs, proj: proj).map { $0.reason + "; " } ?? ""
            problem += "The other \(nouns.1) lie inside it: \(why)correct \(bad.count == 1 ? "this \(nouns.0)'s" : "these \(nouns.1)'") coordinates"
        } else if let fix = zoneNumberFix(p, crs: crs, proj: proj) {
            if kind == .estates && own == nil { scenarioFix = fix.crs.definition }
            let same = kind != .estates && own == nil && scenarioFix == fix.crs.definition
            problem += fix.reason + ": write crs: \(fix.crs.definition) (\(fix.crs.name)) "
                + (same ? "in the scenario's crs, as for the estates" : target)
        } else if let swapped = swappedFix(p, crs: crs, proj: proj) {
            problem += "It looks northing first: [\(number(p.y)), \(number(p.x))] lies inside"
                + (swapped.definition == crs.definition ? "" : " \(swapped.definition) (\(swapped.name))")
                + ". Chinese survey tables call the northing X and the easting Y: "
            if let x = source.x, let y = source.y, x != y {
                problem += "map x: \(y) and y: \(x) in geodata.\(kind.rawValue)"
                    + (swapped.definition == crs.definition ? "" : ", with crs: \(swapped.definition)")
            } else {
                problem += "the file's coordinates must be easting first (x east, y north)"
                    + (swapped.definition == crs.definition ? "" : ", in \(swapped.definition)")
            }
        } else {
            problem += "Write the CRS the data are in \(target) (the EPSG code of its .prj, or the Gauss–Krüger zone of the survey)"
        }
        errors.append(InputError(file: file, featureIndex: first.index, featureID: first.id, problem: problem))
        return Set(bad.map { items[$0].index })
    }

    private static func inside(_ point: Point2?, _ area: CRS.Area?) -> Bool {
        guard let point else { return false }
        guard let area else { return true }
        return point.y >= area.south - margin && point.y <= area.north + margin
            && point.x >= area.west - margin && point.x <= area.east + margin
    }

    /// Whether `point` in `crs` lands inside the CRS's own area.
    private static func fits(_ point: Point2, _ crs: CRS, proj: ProjContext) -> Bool {
        guard let lonLat = try? CRS(CRS.lonLatDefinition, in: proj), let back = try? Transformer(from: crs, to: lonLat, in: proj)
        else { return false }
        return inside(back.forwardEach([point])[0], crs.area)
    }

    /// The Gauss–Krüger zone of the other form (with the zone number in the easting, or without
    /// it) that places `point` where its zone is, and why; on the declared CRS's datum when it is
    /// one of ``families``, else on CGCS2000.
    static func zoneNumberFix(_ point: Point2, crs: CRS, proj: ProjContext) -> (crs: CRS, reason: String)? {
        let code = epsgCode(crs.definition)
        let declared = code.flatMap { code in families.first { $0.contains(code) } }
        let datum = declared?.datum ?? "CGCS2000"
        if point.x >= 1e7 {
            guard let zone = zoneNumber(ofEasting: point.x), let code = numberedZone(zone, datum: datum),
                let candidate = try? CRS(code, in: proj), candidate != crs, fits(point, candidate, proj: proj)
            else { return nil }
            return (candidate, "x = \(number(point.x)) begins with the Gauss–Krüger zone number \(zone), which the eastings of \(crs.definition) do not have")
        }
        guard let family = declared, let code, let plain = plainZone(of: crs.definition),
            let candidate = try? CRS(plain, in: proj), fits(point, candidate, proj: proj)
        else { return nil }
        let zone = family.firstZone + code - family.numbered
        return (candidate, "x = \(number(point.x)) has no zone number in front, which the eastings of \(crs.definition) (zone \(zone)) have")
    }

    /// The zone number an easting begins with (`38510332.76`: 38, the digits before its six
    /// digits of metres), when it is a zone of ``families``.
    static func zoneNumber(ofEasting x: Double) -> Int? {
        guard x >= 1e7, x < 1e8 else { return nil }
        let zone = Int((x / 1e6).rounded(.down))
        return families.contains { $0.zoneNumbers.contains(zone) } ? zone : nil
    }

    /// `EPSG:4526` for zone 38 (the zone with its number in the eastings) on `datum`.
    static func numberedZone(_ zone: Int, datum: String = "CGCS2000") -> String? {
        families.first { $0.datum == datum && $0.zoneNumbers.contains(zone) }
            .map { "EPSG:\($0.numbered + zone - $0.firstZone)" }
    }

    /// `EPSG:4547` for `EPSG:4526`: the same zone without the number in its eastings; nil for
    /// a code that is no numbered zone of ``families``.
    static func plainZone(of definition: String) -> String? {
        guard let code = epsgCode(definition), let family = families.first(where: { $0.numberedCodes.contains(code) }) else { return nil }
        return "EPSG:\(family.plain + code - family.numbered)"
    }

    /// What a table's two coordinate columns hold, from their first values.
    enum TableCoordinates: Equatable {
        case lonLat
        /// Lon/lat with the x column holding the latitudes.
        case latLon
        /// Metres; `northingFirst` when the x column holds northings and the y column eastings;
        /// `zone` when the eastings begin with a zone number.
        case metres(northingFirst: Bool, zone: Int?)
    }

    /// Lon/lat when every pair could be one, lat/lon when every pair the other way round
    /// could; otherwise metres, northing first when the x
    /// values lie where China's northings do (1,000–7,000 km) and the y values cannot be
    /// northings there (under 1,000 km, or with a zone number in front). Nil without values.
    static func classify(x: [Double], y: [Double]) -> TableCoordinates? {
        guard !x.isEmpty, !y.isEmpty else { return nil }
        if x.allSatisfy({ abs($0) <= 180 }) && y.allSatisfy({ abs($0) <= 90 }) { return .lonLat }
        if x.allSatisfy({ abs($0) <= 90 }) && y.allSatisfy({ abs($0) <= 180 }) { return .latLon }
        func northings(_ values: [Double]) -> Bool { values.allSatisfy { (1e6...7e6).contains($0) } }
        func eastings(_ values: [Double]) -> Bool { values.allSatisfy { (0..<1e6).contains($0) || zoneNumber(ofEasting: $0) != nil } }
        let swapped = northings(x) && eastings(y) && !(northings(y) && eastings(x))
        let east = swapped ? y : x
        let zone = zoneNumber(ofEasting: east[0]).flatMap { zone in east.allSatisfy { zoneNumber(ofEasting: $0) == zone } ? zone : nil }
        return .metres(northingFirst: swapped, zone: zone)
    }

    /// The CRS in which `point` with its axes swapped lands inside its area: the declared one,
    /// or the other form of its zone (numbered or not).
    private static func swappedFix(_ point: Point2, crs: CRS, proj: ProjContext) -> CRS? {
        let swapped = Point2(x: point.y, y: point.x)
        if fits(swapped, crs, proj: proj) { return crs }
        return zoneNumberFix(swapped, crs: crs, proj: proj)?.crs
    }

    private static func epsgCode(_ definition: String) -> Int? {
        let upper = definition.uppercased()
        guard upper.hasPrefix("EPSG:") else { return nil }
        return Int(upper.dropFirst(5))
    }

    /// `38510332.76`: the coordinate as the file gives it, without an exponent.
    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }
}
