import Foundation
import Testing

@testable import RenoPlan

// Issue 6, part 1: a corpus of bad inputs run through the real `renoplan plan` executable.
//
// Each case writes a tiny district (three estates, two facilities, one site; EPSG:4547 metres
// around TestGeo's origin) into a folder of its own, breaks one thing, runs
// `renoplan plan scenario.yaml --out DIR` and checks what a district planner sees: exit status 2,
// a stderr line naming the file and the feature (index and id) or the scenario's line and key
// path, and no output at all.

/// Runs the built `renoplan` executable as a subprocess.
enum CLIRunner {
    struct Run: Sendable {
        var status: Int32
        /// The process died of a signal (a crash), `status` is then the signal number.
        var crashed: Bool
        var stdout: String
        var stderr: String

        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

        /// Everything the run printed, for failure messages.
        var transcript: String { "exit \(status)\(crashed ? " (signal)" : "")\n--- stderr:\n\(stderr)--- stdout:\n\(stdout)" }
    }

    struct NotFound: Error, CustomStringConvertible {
        var description: String
    }

    /// `swift test` builds every product, so `renoplan` sits beside the test bundle.
    static func executable() throws -> URL {
        let manager = FileManager.default
        if let given = ProcessInfo.processInfo.environment["RENOPLAN_EXECUTABLE"], !given.isEmpty {
            return URL(fileURLWithPath: given)
        }
        var folders = [
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        folders += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        var looked: [String] = []
        for start in folders {
            var folder = start.standardizedFileURL
            for _ in 0..<4 {  // the folder itself, then up from inside an .xctest bundle
                let candidate = folder.appendingPathComponent("renoplan")
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    manager.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                if !looked.contains(folder.path) { looked.append(folder.path) }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw NotFound(
            description: "the renoplan executable was not found beside the test bundle (looked in "
                + looked.joined(separator: ", ")
                + "); run the tests with `swift test`, which builds it, or set RENOPLAN_EXECUTABLE")
    }

    /// Runs `renoplan ARGUMENTS`; stdout and stderr go to files in `logs` (no pipe can fill up).
    static func run(_ arguments: [String], logs: URL, timeout: TimeInterval = 60) throws -> Run {
        let manager = FileManager.default
        try manager.createDirectory(at: logs, withIntermediateDirectories: true)
        let outURL = logs.appendingPathComponent("stdout.txt")
        let errURL = logs.appendingPathComponent("stderr.txt")
        _ = manager.createFile(atPath: outURL.path, contents: nil)
        _ = manager.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("renoplan \(arguments.joined(separator: " ")) ran longer than \(Int(timeout)) s and was stopped")
        }
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }

    /// `renoplan plan SCENARIO --out OUT`.
    static func plan(_ scenario: URL, out: URL, logs: URL) throws -> Run {
        try run(["plan", scenario.path, "--out", out.path], logs: logs)
    }

    /// What a Swift error dump or a crash looks like on stderr; a planner should never see it.
    static let dumpMarkers = [
        "DecodingError", "Context(", "codingPath", "underlyingError", "Fatal error", "Stack dump", "Swift/",
        "ProjectionError(", "GeometryError(", "InputError(", "ScenarioError(", "Error Domain=",
    ]
}

/// A stderr line the planner must see.
enum ExpectedLine: Sendable, CustomStringConvertible {
    /// A line equal to this.
    case line(String)
    /// A line starting with `prefix` that also contains each of `containing` and, when `anyOf` is
    /// not empty, at least one of `anyOf` (both compared without regard to case).
    case prefix(String, containing: [String] = [], anyOf: [String] = [])

    func matches(_ line: String) -> Bool {
        switch self {
        case .line(let expected): return line == expected
        case .prefix(let prefix, let parts, let alternatives):
            let lower = line.lowercased()
            return line.hasPrefix(prefix) && parts.allSatisfy { lower.contains($0.lowercased()) }
                && (alternatives.isEmpty || alternatives.contains { lower.contains($0.lowercased()) })
        }
    }

    var description: String {
        switch self {
        case .line(let expected): return "the line `\(expected)`"
        case .prefix(let prefix, let parts, let alternatives):
            return "a line starting `\(prefix)`"
                + (parts.isEmpty ? "" : " containing " + parts.map { "`\($0)`" }.joined(separator: " and "))
                + (alternatives.isEmpty ? "" : " and one of " + alternatives.map { "`\($0)`" }.joined(separator: ", "))
        }
    }
}

/// The tiny district every bad-input case starts from.
enum BadFixture {
    /// An estate as TestGeo makes it, with properties set or removed.
    static func estate(_ id: String, _ geometry: JSONValue, set: [String: JSONValue] = [:], remove: [String] = [])
        -> JSONValue
    {
        guard case .object(var feature) = TestGeo.estate(id, geometry), case .object(var properties)? = feature["properties"]
        else { return .null }
        for (key, value) in set { properties[key] = value }
        for key in remove { properties.removeValue(forKey: key) }
        feature["properties"] = .object(properties)
        return .object(feature)
    }

    /// E0001 and E0002 are 10 m apart (one cluster), E0003 stands alone.
    static let estates: [JSONValue] = [
        estate("E0001", TestGeo.rect(0, 0)),
        estate("E0002", TestGeo.rect(110, 0)),
        estate("E0003", TestGeo.rect(600, 0)),
    ]

    /// The estates with feature #1 (E0002) replaced.
    static func estates(second feature: JSONValue) -> [JSONValue] { [estates[0], feature, estates[2]] }

    /// E0002 with its properties changed.
    static func estates(secondSetting set: [String: JSONValue] = [:], removing remove: [String] = []) -> [JSONValue] {
        estates(second: estate("E0002", TestGeo.rect(110, 0), set: set, remove: remove))
    }

    /// E0002 with another geometry.
    static func estates(secondShape geometry: JSONValue) -> [JSONValue] {
        estates(second: estate("E0002", geometry))
    }

    static let facilities: [JSONValue] = [
        TestGeo.facility("F1", "elderly_care", 150, 150, capacity: 20),
        TestGeo.facility("F2", "clinic", 300, 50),
    ]

    static let sites: [JSONValue] = [
        TestGeo.site("S1", 250, 50, area: 200, costPerM2: 5000, kinds: ["elderly_care"])
    ]

    /// The scenario, eight lines; `extra` starts at line 9. `replacing` swaps (or with nil drops)
    /// whole lines, 1-based.
    ///
    ///     1 name: bad input
    ///     2 geodata:
    ///     3   estates: estates.geojson
    ///     4   facilities: facilities.geojson
    ///     5   sites: sites.geojson
    ///     6 crs: EPSG:4547
    ///     7 horizon: {start: 2025, years: 2}
    ///     8 budget: {annual_yuan: [5e6, 5e6]}
    static func scenario(_ extra: String = "", replacing: [Int: String?] = [:]) -> String {
        var lines: [String?] = [
            "name: bad input",
            "geodata:",
            "  estates: estates.geojson",
            "  facilities: facilities.geojson",
            "  sites: sites.geojson",
            "crs: EPSG:4547",
            "horizon: {start: 2025, years: 2}",
            "budget: {annual_yuan: [5e6, 5e6]}",
        ]
        for (number, replacement) in replacing { lines[number - 1] = replacement }
        return lines.compactMap { $0 }.map { $0 + "\n" }.joined() + extra
    }

    static func collection(_ features: [JSONValue]) -> JSONValue {
        ["type": "FeatureCollection", "features": .array(features)]
    }

    /// Pretty-printed GeoJSON text (one member per line, so a JSON error can name a useful line),
    /// with every string value `"<<token>>"` replaced by the raw text `token`: that is how `NaN`
    /// and `1e400`, which JSON cannot hold, get into a file.
    static func rawText(_ features: [JSONValue]) -> String {
        let data = (try? JSONIO.encode(collection(features), pretty: true)) ?? Data()
        var text = String(decoding: data, as: UTF8.self)
        while let start = text.range(of: "\"<<"), let end = text.range(of: ">>\"", range: start.upperBound..<text.endIndex) {
            let token = String(text[start.upperBound..<end.lowerBound])
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: token)
        }
        return text
    }
}

/// One broken input and what the planner must be told about it.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    var name: String
    var estates: [JSONValue] = BadFixture.estates
    var facilities: [JSONValue] = BadFixture.facilities
    var sites: [JSONValue] = BadFixture.sites
    var walkways: [JSONValue]? = nil
    /// Files written verbatim instead of the layers above.
    var raw: [String: String] = [:]
    /// Names created as (empty) folders instead of files.
    var folders: [String] = []
    var scenario: String = BadFixture.scenario()
    /// Run with this file (relative to the case's folder) instead of scenario.yaml.
    var scenarioPath: String = "scenario.yaml"
    var status: Int32 = 2
    var expected: [ExpectedLine]

    var testDescription: String { name }

    /// Writes the case into `folder` and returns the scenario path to run.
    func write(into folder: URL) throws -> URL {
        let manager = FileManager.default
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [String: Data] = [
            "estates.geojson": try JSONIO.encode(BadFixture.collection(estates)),
            "facilities.geojson": try JSONIO.encode(BadFixture.collection(facilities)),
            "sites.geojson": try JSONIO.encode(BadFixture.collection(sites)),
            "scenario.yaml": Data(scenario.utf8),
        ]
        if let walkways { files["walkways.geojson"] = try JSONIO.encode(BadFixture.collection(walkways)) }
        for (name, text) in raw { files[name] = Data(text.utf8) }
        for name in folders { files.removeValue(forKey: name) }
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        for name in folders {
            try manager.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        return folder.appendingPathComponent(scenarioPath)
    }
}

/// A polygon from offsets, as written (no closing added).
private func badPolygon(_ points: [(Double, Double)]) -> JSONValue {
    ["type": "Polygon", "coordinates": [.array(points.map { TestGeo.point($0.0, $0.1) })]]
}

/// A square of 0.001° in lon/lat from (lon, lat), e.g. near Wuhan (114° E, 30° N).
private func lonLatSquare(_ lon: Double, _ lat: Double) -> JSONValue {
    let d = 0.001
    let ring: [JSONValue] = [[.number(lon), .number(lat)], [.number(lon + d), .number(lat)], [.number(lon + d), .number(lat + d)],
                             [.number(lon), .number(lat + d)], [.number(lon), .number(lat)]]
    return ["type": "Polygon", "coordinates": [.array(ring)]]
}

private let hazardList = "gas, fire, structure, drainage, water, power, heating, telecom"
private let hazardNames = "gas/燃气, fire/消防, structure/房屋结构/结构, drainage/排水, water/供水, power/供电/电力, heating/供暖/供热/采暖, telecom/弱电/通信"

private let corpus: [BadInputCase] = [
    // --- JSON that cannot be read -------------------------------------------------------------
    BadInputCase(
        name: "truncated JSON",
        raw: ["estates.geojson": String(BadFixture.rawText(BadFixture.estates).prefix(700))],
        // Why the file cannot be read: it ends in the middle (JSONSerialization says "Unexpected
        // end of file during JSON parse."), not just "the given data was not valid JSON".
        expected: [.prefix("estates.geojson: is not valid JSON", containing: ["end of"])]),
    BadInputCase(
        name: "NaN in a number",
        raw: ["estates.geojson": BadFixture.rawText(BadFixture.estates(secondSetting: ["consent": "<<NaN>>"]))],
        // Where the bad value is: the file is pretty-printed, so a line (or at least the character
        // offset, as JSONSerialization gives it) lets the planner find it.
        expected: [.prefix("estates.geojson: is not valid JSON", anyOf: ["line", "character", "column"])]),
    BadInputCase(
        name: "a key twice in one object",
        raw: ["estates.geojson": BadFixture.rawText(BadFixture.estates(secondSetting: ["consent": "<<DUPLICATE>>"]))
            .replacingOccurrences(of: "DUPLICATE", with: "0.9, \"households\": 5")],
        // Which of the two values was meant cannot be guessed: refused, with the key and line.
        expected: [.prefix("estates.geojson: is not valid JSON", containing: ["duplicate", "households", "line"])]),
    BadInputCase(
        name: "non-finite coordinate 1e400",
        raw: ["estates.geojson": BadFixture.rawText(BadFixture.estates(secondShape: [
            "type": "Polygon",
            "coordinates": [[["<<1e400>>", .number(TestGeo.y0)], TestGeo.point(210, 0), TestGeo.point(210, 100), TestGeo.point(110, 100), ["<<1e400>>", .number(TestGeo.y0)]]],
        ]))],
        // The number that cannot be held, named as written ("Number 1e400 is not representable").
        expected: [.prefix("estates.geojson: ", containing: ["1e400"])]),

    // --- wrong types ---------------------------------------------------------------------------
    BadInputCase(
        name: "households \"many\"",
        estates: BadFixture.estates(secondSetting: ["households": "many"]),
        expected: [.line("estates.geojson: feature #1 (E0002): households must be a whole number ≥ 0, got \"many\"")]),
    BadInputCase(
        name: "consent as text that is no number",
        // "0.9" (a number written as text, SPEC §9) is read; "ninety" is not a number.
        estates: BadFixture.estates(secondSetting: ["consent": "ninety"]),
        expected: [.line("estates.geojson: feature #1 (E0002): consent must be a share 0..1, got \"ninety\"")]),
    BadInputCase(
        name: "management_agreed as the number 2",
        // 1/0 are booleans (SPEC §9); 2 is not.
        estates: BadFixture.estates(secondSetting: ["management_agreed": 2]),
        expected: [.line("estates.geojson: feature #1 (E0002): management_agreed must be true or false (or 1/0, 是/否, Y/N), got 2")]),
    BadInputCase(
        name: "hazards a number",
        // A text such as "gas、fire" is a list (a table cell, SPEC §9); a number is not.
        estates: BadFixture.estates(secondSetting: ["hazards": 5]),
        expected: [.line("estates.geojson: feature #1 (E0002): hazards must be a list of text, got 5")]),
    BadInputCase(
        name: "unknown hazard name",
        estates: BadFixture.estates(secondSetting: ["hazards": ["gas", "asbestos"]]),
        expected: [.line("estates.geojson: feature #1 (E0002): hazards has \"asbestos\", which is not one of \(hazardList) (or \(hazardNames))")]),
    BadInputCase(
        name: "built_year after the plan's first year",
        // 2031 for 2013: an estate not yet built would drop out as ineligible in silence.
        estates: BadFixture.estates(secondSetting: ["built_year": 2031]),
        expected: [.line(
            "estates.geojson: feature #1 (E0002): built_year is 2031, after the plan's first year 2025: an estate not yet built "
                + "cannot be renovated; correct the year (digits swapped?) or leave the estate out")]),
    BadInputCase(
        name: "safety_grade outside A..D",
        estates: BadFixture.estates(secondSetting: ["safety_grade": "E"]),
        expected: [.line("estates.geojson: feature #1 (E0002): safety_grade must be one of A, B, C, D (or A级 … D级), got \"E\"")]),

    // --- missing required keys -----------------------------------------------------------------
    BadInputCase(
        name: "missing id",
        estates: BadFixture.estates(removing: ["id"]),
        expected: [.line("estates.geojson: feature #1: id is required (text)")]),
    BadInputCase(
        name: "missing built_year",
        estates: BadFixture.estates(removing: ["built_year"]),
        expected: [.line("estates.geojson: feature #1 (E0002): built_year is required (a year such as 1988)")]),
    BadInputCase(
        name: "missing households",
        estates: BadFixture.estates(removing: ["households"]),
        expected: [.line("estates.geojson: feature #1 (E0002): households is required (a whole number ≥ 0)")]),
    BadInputCase(
        name: "missing floor_area_m2",
        estates: BadFixture.estates(removing: ["floor_area_m2"]),
        expected: [.line("estates.geojson: feature #1 (E0002): floor_area_m2 is required (a number of m² ≥ 0)")]),
    BadInputCase(
        name: "missing consent",
        estates: BadFixture.estates(removing: ["consent"]),
        expected: [.line("estates.geojson: feature #1 (E0002): consent is required (a share 0..1)")]),
    BadInputCase(
        name: "duplicate ids",
        estates: BadFixture.estates + [BadFixture.estate("E0001", TestGeo.rect(900, 0), set: ["households": 120])],
        expected: [.line("estates.geojson: feature #3 (E0001): id E0001 is used again (first by feature #0)" + MultiPartEstates.differing)]),

    // --- geometry ------------------------------------------------------------------------------
    BadInputCase(
        name: "Point estate",
        estates: BadFixture.estates(secondShape: TestGeo.pointGeometry(150, 50)),
        expected: [.line("estates.geojson: feature #1 (E0002): geometry must be Polygon or MultiPolygon, got Point")]),
    BadInputCase(
        name: "Polygon facility",
        facilities: [TestGeo.feature(TestGeo.rect(150, 150, 20, 20), ["id": "F1", "kind": "elderly_care", "capacity_m2": 20]), BadFixture.facilities[1]],
        expected: [.line(
            "facilities.geojson: feature #0 (F1): geometry must be Point, got Polygon: give the facility as a point: its entrance, "
                + "or the centroid of its outline (QGIS: Vector ▸ Geometry Tools ▸ Centroids)")]),
    BadInputCase(
        name: "estate without geometry",
        estates: BadFixture.estates(second: {
            guard case .object(var feature) = BadFixture.estates[1] else { return .null }
            feature["geometry"] = .null
            return .object(feature)
        }()),
        expected: [.line("estates.geojson: feature #1 (E0002): has no geometry (expected Polygon or MultiPolygon)")]),
    BadInputCase(
        name: "unclosed ring",
        estates: BadFixture.estates(secondShape: badPolygon([(110, 0), (210, 0), (210, 100), (110, 100)])),
        expected: [.line("estates.geojson: feature #1 (E0002): Polygon ring 0 is not closed (its first and last positions differ)")]),
    BadInputCase(
        name: "ring with too few positions",
        estates: BadFixture.estates(secondShape: badPolygon([(110, 0), (210, 0), (110, 0)])),
        expected: [.prefix("estates.geojson: feature #1 (E0002): Polygon ", containing: ["3 positions", "at least 4"])]),
    BadInputCase(
        name: "huge coordinate 1e12",
        estates: BadFixture.estates(secondShape: [
            "type": "Polygon",
            "coordinates": [[[1e12, .number(TestGeo.y0)], TestGeo.point(210, 0), TestGeo.point(210, 100), [1e12, .number(TestGeo.y0)]]],
        ]),
        expected: [.prefix("estates.geojson: feature #1 (E0002): ", containing: ["coordinate", "1000000000000"])]),

    // --- coordinate systems --------------------------------------------------------------------
    BadInputCase(
        name: "lon/lat under crs EPSG:4547",
        estates: BadFixture.estates(secondShape: lonLatSquare(114, 30)),
        expected: [.prefix("estates.geojson: feature #1 (E0002): coordinate [114.0, 30.0] cannot be in EPSG:4547")]),
    BadInputCase(
        name: "projected metres without crs",
        scenario: BadFixture.scenario(replacing: [6: nil]),
        expected: [
            .prefix("estates.geojson: feature #0 (E0001): coordinate [500000.0, 3380000.0] is not longitude/latitude", containing: ["crs"])
        ]),
    BadInputCase(
        name: "unknown crs EPSG:999999",
        scenario: BadFixture.scenario(replacing: [6: "crs: EPSG:999999"]),
        // Like every scenario error: the line of the key the planner has to change.
        expected: [.prefix("scenario.yaml:6: crs: unknown coordinate system 'EPSG:999999'")]),

    // --- whole files ---------------------------------------------------------------------------
    BadInputCase(
        name: "empty estates file",
        estates: [],
        expected: [.line("estates.geojson: has no estates")]),
    BadInputCase(
        name: "estates file is not a FeatureCollection",
        raw: ["estates.geojson": "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": null}\n"],
        expected: [.line("estates.geojson: must be a GeoJSON FeatureCollection")]),
    BadInputCase(
        name: "missing facilities file",
        scenario: BadFixture.scenario(replacing: [4: "  facilities: nowhere/facilities.geojson"]),
        expected: [.prefix("facilities.geojson: file not found: ", containing: ["nowhere/facilities.geojson"])]),
    BadInputCase(
        name: "a folder instead of the sites file",
        folders: ["sites.geojson"],
        expected: [.prefix("sites.geojson: is a folder, not a file")]),
    BadInputCase(
        name: "missing scenario file",
        scenarioPath: "no-such-scenario.yaml",
        expected: [.prefix("no-such-scenario.yaml: file not found")]),

    // --- facilities, sites, walkways -----------------------------------------------------------
    BadInputCase(
        name: "elderly_care facility without capacity_m2",
        facilities: [TestGeo.facility("F1", "elderly_care", 150, 150), BadFixture.facilities[1]],
        expected: [.prefix("facilities.geojson: feature #0 (F1): capacity_m2 is required", containing: ["elderly_care"])]),
    BadInputCase(
        // As OpenStreetMap has some parking places: a ring whose corners lie on one line.
        name: "site polygon without an area",
        sites: [TestGeo.feature(
            ["type": "Polygon", "coordinates": [[TestGeo.point(250, 50), TestGeo.point(250, 50), TestGeo.point(260, 40), TestGeo.point(250, 50)]]],
            ["id": "S1", "area_m2": 200, "cost_per_m2": 5000])],
        expected: [.prefix("sites.geojson: feature #0 (S1): invalid polygon (", containing: [
            "that GEOS cannot make into an area: draw its outline with at least three distinct corners around an area, or give the site as a Point",
        ])]),
    BadInputCase(
        name: "site with zero area",
        sites: [TestGeo.site("S1", 250, 50, area: 0, costPerM2: 5000)],
        expected: [.line("sites.geojson: feature #0 (S1): area_m2 must be m² > 0, got 0")]),
    BadInputCase(
        name: "distance: network without walkways",
        scenario: BadFixture.scenario("distance: network\n"),
        // The line of `distance: network`, which is what asks for the walkways.
        expected: [.prefix("scenario.yaml:9: distance: network needs geodata.walkways")]),
    BadInputCase(
        name: "walkway that is a Polygon",
        walkways: [TestGeo.feature(TestGeo.rect(0, 200, 500, 5), ["kind": "path"])],
        scenario: BadFixture.scenario("distance: network\n", replacing: [5: "  sites: sites.geojson\n  walkways: walkways.geojson"]),
        expected: [.line("walkways.geojson: feature #0: geometry must be LineString or MultiLineString, got Polygon")]),

    // --- the scenario file ---------------------------------------------------------------------
    BadInputCase(
        name: "unknown scenario key with a hint",
        scenario: BadFixture.scenario("eligibility:\n  consent_mni: 0.7\n"),
        expected: [.line("scenario.yaml:10: eligibility.consent_mni: unknown key (did you mean 'consent_min'?)")]),
    BadInputCase(
        name: "unknown top-level key with a hint",
        scenario: BadFixture.scenario("solvr: {time_limit_s: 5}\n"),
        expected: [.line("scenario.yaml:9: solvr: unknown key (did you mean 'solver'?)")]),
    // Every year's money below the cheapest estate (E0003 alone, 1.0M yuan; E0001 and E0002 are
    // one cluster of 2.0M), and the amounts plausible × 10,000 (3M and 2.5M: above 1M, within
    // the 3M of every cluster) or × 100,000,000: typed in 万元 or 亿元, an empty plan for sure.
    BadInputCase(
        name: "budget typed in 万元",
        scenario: BadFixture.scenario(replacing: [8: "budget: {annual_yuan: [300, 250]}"]),
        expected: [.line("scenario.yaml:8: budget.annual_yuan: every year's money (300 yuan, 250 yuan) is less than the "
            + "cheapest estate that can be planned costs (E0003: 1.0M yuan of public money, after pledges): nothing could be "
            + "planned in any year; the amounts are probably in 万元: write annual_yuan: [3000000, 2500000]")]),
    BadInputCase(
        name: "budget typed in 亿元",
        scenario: BadFixture.scenario(replacing: [8: "budget: {annual_yuan: [0.03, 0.02]}"]),
        expected: [.line("scenario.yaml:8: budget.annual_yuan: every year's money (0.03 yuan, 0.02 yuan) is less than the "
            + "cheapest estate that can be planned costs (E0003: 1.0M yuan of public money, after pledges): nothing could be "
            + "planned in any year; the amounts are probably in 亿元: write annual_yuan: [3000000, 2000000]")]),
    BadInputCase(
        name: "scenario key in another case",
        scenario: BadFixture.scenario(replacing: [6: "CRS: EPSG:4547"]),
        expected: [.line("scenario.yaml:6: CRS: unknown key (did you mean 'crs'?)")]),
    BadInputCase(
        name: "YAML syntax error",
        scenario: BadFixture.scenario("eligibility: {consent_min: 0.7]\nsolver: {time_limit_s: 5}\n"),
        expected: [.prefix("scenario.yaml:9: YAML syntax error")]),
    BadInputCase(
        name: "missing horizon",
        scenario: BadFixture.scenario(replacing: [7: nil]),
        expected: [.prefix("scenario.yaml:1: horizon: is required")]),
    BadInputCase(
        name: "lock naming an unknown estate",
        scenario: BadFixture.scenario("locks:\n  E0001: 2025\n  E0099: 2026\n"),
        expected: [.line("scenario.yaml:11: locks.E0099: no estate has id E0099")]),
    BadInputCase(
        name: "lock to a year outside the horizon",
        scenario: BadFixture.scenario("locks: {E0001: 2030}\n"),
        expected: [.line("scenario.yaml:9: locks.E0001: 2030 is outside the horizon 2025–2026")]),
    BadInputCase(
        name: "lock on an estate that is not schedulable",
        estates: [BadFixture.estates[0], BadFixture.estates[1], BadFixture.estate("E0003", TestGeo.rect(600, 0), set: ["consent": 0.5])],
        scenario: BadFixture.scenario("locks: {E0003: 2025}\n"),
        expected: [.line("scenario.yaml:9: locks.E0003: estate cannot be locked to 2025: it is not schedulable (consent 0.50 < 0.80)")]),
    BadInputCase(
        name: "budget list of the wrong length",
        scenario: BadFixture.scenario(replacing: [8: "budget: {annual_yuan: [5e6, 5e6, 5e6]}"]),
        expected: [.line("scenario.yaml:8: budget.annual_yuan: has 3 amounts but the horizon has 2 years")]),
    BadInputCase(
        name: "extended_cap 1.5",
        scenario: BadFixture.scenario("eligibility: {extended_cap: 1.5}\n"),
        expected: [.line("scenario.yaml:9: eligibility.extended_cap: must be a share in 0..1, got 1.5")]),
    BadInputCase(
        name: "consent_min -0.1",
        scenario: BadFixture.scenario("eligibility: {consent_min: -0.1}\n"),
        expected: [.line("scenario.yaml:9: eligibility.consent_min: must be a share in 0..1, got -0.1")]),
    BadInputCase(
        name: "linked_saving 2",
        scenario: BadFixture.scenario("clustering:\n  adjacency_m: 20\n  linked_saving: 2\n"),
        expected: [.line("scenario.yaml:11: clustering.linked_saving: must be a share in 0..1, got 2")]),

    // --- several problems: every one is listed -------------------------------------------------
    BadInputCase(
        name: "three problems in three places",
        estates: BadFixture.estates(secondSetting: ["households": "many"]),
        sites: [TestGeo.site("S1", 250, 50, area: 0, costPerM2: 5000)],
        scenario: BadFixture.scenario("locks: {E0099: 2025}\n"),
        expected: [
            .line("scenario.yaml:9: locks.E0099: no estate has id E0099"),
            .line("estates.geojson: feature #1 (E0002): households must be a whole number ≥ 0, got \"many\""),
            .line("sites.geojson: feature #0 (S1): area_m2 must be m² > 0, got 0"),
            .line("3 problems found; nothing was written."),
        ]),
    // --- nothing misread in silence (issue 12, SPEC §9) -----------------------------------------
    BadInputCase(
        name: "cost_yaun: a misspelt key",
        estates: BadFixture.estates(secondSetting: ["cost_yaun": 7.62e6], removing: ["cost_yuan"]),
        expected: [.prefix("estates.geojson: feature #1 (E0002): cost_yaun is not a property renoplan reads (did you mean 'cost_yuan'?)",
                           containing: ["1 of 3 features have it", "columns: {cost_yaun: cost_yuan}"])]),
    BadInputCase(
        name: "hazard for hazards",
        estates: BadFixture.estates(secondSetting: ["hazard": ["gas"]]),
        expected: [.prefix("estates.geojson: feature #1 (E0002): hazard is not a property renoplan reads (did you mean 'hazards'?)")]),
    BadInputCase(
        name: "Households: a key but for case",
        estates: BadFixture.estates(secondSetting: ["Households": 100], removing: ["households"]),
        expected: [.prefix("estates.geojson: feature #1 (E0002): Households is not a property renoplan reads (did you mean 'households'?)")]),
    BadInputCase(
        name: "floor area m2: a key but for spaces",
        estates: BadFixture.estates(secondSetting: ["floor area m2": 7000], removing: ["floor_area_m2"]),
        expected: [.prefix("estates.geojson: feature #1 (E0002): floor area m2 is not a property renoplan reads (did you mean 'floor_area_m2'?)")]),
    BadInputCase(
        name: "floor_area: a Shapefile's 10-character cut",
        estates: BadFixture.estates(secondSetting: ["floor_area": 7000], removing: ["floor_area_m2"]),
        expected: [.line("estates.geojson: feature #1 (E0002): floor_area looks like a Shapefile's 10-character cut of floor_area_m2 "
                         + "(1 of 3 features have it); map it in the scenario's geodata.estates: columns: {floor_area: floor_area_m2}")]),
    BadInputCase(
        name: "management: a Shapefile's 10-character cut",
        estates: BadFixture.estates(secondSetting: ["management": true], removing: ["management_agreed"]),
        expected: [.prefix("estates.geojson: feature #1 (E0002): management looks like a Shapefile's 10-character cut of management_agreed",
                           containing: ["columns: {management: management_agreed}"])]),
    BadInputCase(
        name: "resident_y: a Shapefile's 10-character cut",
        estates: BadFixture.estates(secondSetting: ["resident_y": 1000]),
        expected: [.prefix("estates.geojson: feature #1 (E0002): resident_y looks like a Shapefile's 10-character cut of resident_yuan",
                           containing: ["columns: {resident_y: resident_yuan}"])]),
    BadInputCase(
        name: "facility kind Kindergarten",
        facilities: BadFixture.facilities + [TestGeo.facility("F3", "Kindergarten", 100, 150)],
        expected: [.prefix("facilities.geojson: feature #2 (F3): kind \"Kindergarten\" is used by no coverage or norms entry",
                           containing: ["did you mean 'kindergarten'?"])]),
    BadInputCase(
        name: "facility kind 养老服务",
        facilities: BadFixture.facilities + [TestGeo.facility("F3", "养老服务", 100, 150, capacity: 30)],
        expected: [.line("facilities.geojson: feature #2 (F3): kind \"养老服务\" is used by no coverage or norms entry (did you mean 'elderly_care'? the scenario uses that); 1 facility has it and would be carried along unused: write elderly_care")]),
    BadInputCase(
        name: "one polygon under two ids",
        estates: BadFixture.estates + [BadFixture.estate("E0004", TestGeo.rect(120, 10))],
        // E0004 (100 × 100 at 120, 10) covers 90 × 90 = 81% of E0002 (100 × 100 at 110, 0).
        expected: [.line("estates.geojson: feature #3 (E0004): estate E0004 overlaps estate E0002 (feature #1) by 81% of the smaller "
                         + "polygon: is it the same estate under two ids? It would be planned and paid twice; keep one")]),
    BadInputCase(
        name: "columns mapping to a key that does not exist",
        scenario: BadFixture.scenario(replacing: [3: "  estates: {path: estates.geojson, columns: {户数: houshold}}"]),
        expected: [.prefix("scenario.yaml:3: geodata.estates.columns.户数: houshold is not a property of estates (did you mean 'households'?)")]),
    BadInputCase(
        name: "CSV point layer without x/y",
        raw: ["facilities.csv": "id,kind,lng,lat\nF1,clinic,114.0,30.0\n"],
        scenario: BadFixture.scenario(replacing: [4: "  facilities: facilities.csv"]),
        expected: [.line("facilities.csv: is a table: name its coordinate columns in geodata.facilities: x: …, y: … (its columns: id, kind, lng, lat)")]),
    BadInputCase(
        name: "CSV x column misspelt",
        raw: ["facilities.csv": "id,kind,longitude,latitude\nF1,clinic,114.0,30.0\n"],
        scenario: BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.csv, x: longtitude, y: latitude}"]),
        expected: [.line("facilities.csv: has no column \"longtitude\" for geodata.facilities.x (did you mean 'longitude'?); its columns: id, kind, longitude, latitude")]),
    BadInputCase(
        name: "table join: a feature without a row and a row without a feature",
        estates: BadFixture.estates.map { feature in
            guard case .object(var f) = feature, let id = f["properties"]?["id"] else { return feature }
            f["properties"] = ["id": id]
            return .object(f)
        },
        raw: ["储备库.csv": "小区编号,建成年代,户数,建筑面积,同意率\nE0001,1985,100,7000,0.9\nE0003,1985,100,7000,0.9\nE0099,1990,50,3000,0.95\n"],
        scenario: BadFixture.scenario(replacing: [3: "  estates: {path: estates.geojson, table: 储备库.csv, key: 小区编号, columns: {小区编号: id, 建成年代: built_year, 户数: households, 建筑面积: floor_area_m2, 同意率: consent}}"]),
        expected: [
            .line("estates.geojson: feature #1 (E0002): no row of 储备库.csv has 小区编号 E0002"),
            .line("储备库.csv: row 4 (E0099): no feature of estates.geojson has 小区编号 E0099"),
        ]),
    BadInputCase(
        name: "unknown crs on one layer",
        scenario: BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.geojson, crs: EPSG:999999}"]),
        expected: [.prefix("scenario.yaml:4: geodata.facilities.crs: unknown coordinate system 'EPSG:999999'")]),
    BadInputCase(
        name: "CSV point layer: a bad cell names its spreadsheet row",
        raw: ["facilities.csv": "id,kind,capacity_m2,x,y\nF1,elderly_care,20,500150,3380150\nF2,elderly_care,lots,500300,3380050\n"],
        scenario: BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.csv, x: x, y: y}"]),
        expected: [.line("facilities.csv: row 3 (F2): capacity_m2 must be m² ≥ 0, got \"lots\"")]),
    BadInputCase(
        name: "table join by a column the table does not have",
        raw: ["储备库.csv": "小区代码,建成年代\nE0001,1985\n"],
        scenario: BadFixture.scenario(replacing: [3: "  estates: {path: estates.geojson, table: 储备库.csv, key: 小区编号, columns: {小区编号: id}}"]),
        expected: [.line("储备库.csv: has no column 小区编号 to join by (geodata.estates.key; did you mean '小区代码'?); its columns: 小区代码, 建成年代")]),
    BadInputCase(
        name: "x and y on a layer with geometries",
        scenario: BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.geojson, x: lng, y: lat}"]),
        expected: [.prefix("facilities.geojson: x and y name the coordinate columns of a CSV or Excel layer")]),
    BadInputCase(
        name: "site kinds with Elderly_Care",
        sites: [TestGeo.site("S1", 250, 50, area: 200, costPerM2: 5000, kinds: ["Elderly_Care"])],
        expected: [.line("sites.geojson: feature #0 (S1): kinds has \"Elderly_Care\", which is used by no coverage or norms entry (did you mean 'elderly_care'?): the site could not host it")]),
]

@Suite("Bad input through the CLI (issue 6)")
struct BadInputTests {
    static let cases = corpus

    @Test("bad input: exit 2, a message naming the place, nothing written", arguments: Self.cases)
    func badInput(_ badCase: BadInputCase) throws {
        let folder = TestFolders.fresh("renoplan-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try badCase.write(into: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLIRunner.plan(scenario, out: out, logs: folder.appendingPathComponent("logs"))

        #expect(!run.crashed, "renoplan crashed:\n\(run.transcript)")
        #expect(run.status == badCase.status, "exit status \(run.status), expected \(badCase.status):\n\(run.transcript)")
        let lines = run.stderrLines
        for expected in badCase.expected {
            #expect(lines.contains(where: expected.matches), "stderr lacks \(expected):\n\(run.transcript)")
        }
        let dumps = CLIRunner.dumpMarkers.filter { run.stderr.contains($0) }
        #expect(dumps.isEmpty, "stderr shows a Swift error dump (\(dumps.joined(separator: ", "))):\n\(run.transcript)")
        #expect(noOutput(out), "output was written to \(out.path):\n\(run.transcript)")
    }

    /// A rerun on bad input leaves no earlier plan in the folder looking current: the plan
    /// family's files go, with a line saying so; another command's file and the user's stay.
    @Test func aRerunOnBadInputRemovesTheEarlierPlan() throws {
        let folder = TestFolders.fresh("renoplan-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = BadInputCase(
            name: "good", scenario: BadFixture.scenario("solver: {time_limit_s: 10}\n"), status: 0, expected: [])
        let scenario = try good.write(into: folder)
        let out = folder.appendingPathComponent("out")
        let logs = folder.appendingPathComponent("logs")
        let first = try CLIRunner.plan(scenario, out: out, logs: logs)
        #expect(first.status == 0, "\(first.transcript)")
        let kept = ["evaluation.json", "notes.txt"]
        for name in kept { try Data("x".utf8).write(to: out.appendingPathComponent(name)) }
        let written = Set(try FileManager.default.contentsOfDirectory(atPath: out.path)).subtracting(kept)
        #expect(written.isSuperset(of: ["plan.geojson", "summary.json", "report.md"]))

        let bad = BadInputCase(name: "bad", estates: BadFixture.estates(secondSetting: ["households": "many"]), expected: [])
        _ = try bad.write(into: folder)
        let second = try CLIRunner.plan(scenario, out: out, logs: logs)
        #expect(second.status == 2, "\(second.transcript)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == Set(kept))
        let said = "The earlier run's \(written.sorted().joined(separator: ", ")) in \(out.path) were removed: they were made from other input."
        #expect(second.stderrLines.contains(said), "\(second.transcript)")
    }

    /// The --out folder does not exist, or is empty (not even a temporary file left behind).
    func noOutput(_ out: URL) -> Bool {
        guard FileManager.default.fileExists(atPath: out.path) else { return true }
        return ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty
    }

    @Test("the corpus has at least 25 cases with distinct names")
    func corpusSize() {
        #expect(Self.cases.count >= 25)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }

    /// A bow tie is repaired with GEOS MakeValid: a warning names the feature, the plan runs.
    @Test func selfIntersectionIsRepairedAndThePlanRuns() throws {
        let bowTie = badPolygon([(110, 0), (210, 100), (210, 0), (110, 100), (110, 0)])
        let badCase = BadInputCase(
            name: "bow tie", estates: BadFixture.estates(secondShape: bowTie),
            scenario: BadFixture.scenario("solver: {time_limit_s: 10}\n"), status: 0, expected: [])
        let folder = TestFolders.fresh("renoplan-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try badCase.write(into: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLIRunner.plan(scenario, out: out, logs: folder.appendingPathComponent("logs"))

        #expect(run.status == 0 && !run.crashed, "expected success:\n\(run.transcript)")
        let warning = ExpectedLine.prefix(
            "warning: estates.geojson: feature #1 (E0002): invalid polygon (Self-intersection",
            containing: ["repaired with GEOS MakeValid"])
        #expect(run.stderrLines.contains(where: warning.matches), "stderr lacks \(warning):\n\(run.transcript)")
        #expect(!run.stderrLines.contains { !$0.hasPrefix("warning: ") }, "stderr has more than warnings:\n\(run.transcript)")

        let planURL = out.appendingPathComponent("plan.geojson")
        #expect(FileManager.default.fileExists(atPath: planURL.path), "plan.geojson was not written:\n\(run.transcript)")
        guard let data = try? Data(contentsOf: planURL) else { return }
        let plan = try JSONIO.decode(data)
        let features = plan["features"]?.arrayValue ?? []
        #expect(features.count == 3)
        let repaired = features.first { $0["properties"]?["id"]?.stringValue == "E0002" }
        #expect(repaired?["geometry"]?["type"]?.stringValue == "MultiPolygon", "the bow tie should be two triangles")
    }
}

/// Coordinates that cannot be in a layer's CRS: one error per layer, with the count and the
/// `crs:` that fixes that layer (never advice that would break the estates).
@Suite("Coordinates outside the layer's CRS")
struct CoordinateRangeTests {
    func errors(_ badCase: BadInputCase) throws -> [String] {
        let folder = TestFolders.fresh("renoplan-range")
        defer { try? FileManager.default.removeItem(at: folder) }
        return Validation.check(scenarioAt: try badCase.write(into: folder)).errors
    }

    /// Facility points scraped as lon/lat (beside the estates), the scenario's crs the estates' EPSG:4547 (metres).
    @Test func lonLatFacilitiesUnderAProjectedScenario() throws {
        let csv = "id,kind,lng,lat\nF1,clinic,114.0003,30.5403\nF2,clinic,114.0008,30.5406\n"
        func scenario(_ crs: String) -> String {
            BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.csv, x: lng, y: lat\(crs)}"])
        }
        let refused = try errors(BadInputCase(name: "lon/lat CSV", raw: ["facilities.csv": csv], scenario: scenario(""), expected: []))
        #expect(refused == [
            "facilities.csv: row 2 (F1): coordinate [114.0003, 30.5403] cannot be in EPSG:4547 (metres); 2 of the 2 facilities "
                + "have such coordinates (this is the first). They look like longitude/latitude: add crs: EPSG:4326 to "
                + "geodata.facilities (crs: GCJ-02 or crs: BD-09 if they come from a web map such as Amap/高德 or Baidu/百度); "
                + "the scenario's crs stays the estates'"
        ])
        // The advice, followed, is enough.
        let read = try errors(BadInputCase(
            name: "lon/lat CSV with crs", raw: ["facilities.csv": csv + ""], scenario: scenario(", crs: EPSG:4326"), expected: []))
        #expect(read == [])
    }

    /// Lon/lat columns mapped the wrong way round (x: lat, y: lng): the error says so and gives
    /// the mapping, which then validates.
    @Test func latitudeFirstColumns() throws {
        let csv = "id,kind,lng,lat\nF1,clinic,114.0003,30.5403\nF2,clinic,114.0008,30.5406\n"
        func scenario(_ x: String, _ y: String) -> String {
            BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.csv, x: \(x), y: \(y), crs: EPSG:4326}"])
        }
        let refused = try errors(BadInputCase(name: "lat first", raw: ["facilities.csv": csv], scenario: scenario("lat", "lng"), expected: []))
        #expect(refused == [
            "facilities.csv: row 2 (F1): coordinate [30.5403, 114.0003] is not longitude/latitude; 2 of the 2 facilities have such "
                + "coordinates (this is the first). They look latitude first: [114.0003, 30.5403] is longitude/latitude. The columns are "
                + "the other way round: map x: lng and y: lat in geodata.facilities"
        ])
        #expect(try errors(BadInputCase(name: "lng first", raw: ["facilities.csv": csv], scenario: scenario("lng", "lat"), expected: [])) == [])
        #expect(SurveyCoordinates.classify(x: [30.6, 30.61], y: [114.3, 114.31]) == .latLon)
        #expect(SurveyCoordinates.classify(x: [114.3, 114.31], y: [30.6, 30.61]) == .lonLat)
    }

    /// Some rows latitude first among lon/lat rows: every such row is named, and the fix is to
    /// swap them. Kilometres under a metric CRS are not taken for lon/lat.
    @Test func someRowsLatitudeFirstAndKilometres() throws {
        let csv = "id,kind,lng,lat\nF1,clinic,114.0003,30.5403\nF2,clinic,30.5406,114.0008\nF3,clinic,114.0009,30.5409\n"
            + "F4,clinic,30.541,114.001\n"
        let scenario = BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.csv, x: lng, y: lat, crs: EPSG:4326}"])
        #expect(try errors(BadInputCase(name: "two rows swapped", raw: ["facilities.csv": csv], scenario: scenario, expected: [])) == [
            "facilities.csv: row 3 (F2): coordinate [30.5406, 114.0008] is not longitude/latitude; 2 of the 4 facilities have "
                + "such coordinates: F2, F4. They look latitude first, unlike the others: [114.0008, 30.5406] is "
                + "longitude/latitude. Swap x and y of these facilities"
        ])
        let kilometres = "id,kind,x,y\nF1,clinic,500.1,3380.2\nF2,clinic,500.3,3380.4\n"
        let metric = BadFixture.scenario(replacing: [4: "  facilities: {path: facilities.csv, x: x, y: y}"])
        #expect(try errors(BadInputCase(name: "kilometres", raw: ["facilities.csv": kilometres], scenario: metric, expected: [])) == [
            "facilities.csv: row 2 (F1): coordinate [500.1, 3380.2] cannot be in EPSG:4547 (metres); 2 of the 2 facilities "
                + "have such coordinates (this is the first). They are not longitude/latitude either: check the file's unit "
                + "(kilometres instead of metres?) and its CRS"
        ])
    }

    /// Walkways drawn in lon/lat under a projected scenario: the error names the walkway by its
    /// index and id, as it does an estate or a facility.
    @Test func lonLatWalkwaysNameTheirID() throws {
        func line(_ id: String, _ coordinates: String) -> String {
            #"{"type": "Feature", "properties": {"id": "\#(id)"}, "geometry": {"type": "LineString", "coordinates": \#(coordinates)}}"#
        }
        let walkways = #"{"type": "FeatureCollection", "features": ["#
            + line("W1", "[[114.3, 30.6], [114.31, 30.6]]") + ", " + line("W2", "[[114.3, 30.61], [114.31, 30.61]]") + "]}"
        let errors = try errors(BadInputCase(
            name: "lon/lat walkways", raw: ["walkways.geojson": walkways],
            scenario: BadFixture.scenario(
                "distance: network\n", replacing: [5: "  sites: sites.geojson\n  walkways: walkways.geojson"]),
            expected: []))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("walkways.geojson: feature #0 (W1): coordinate [114.3, 30.6] cannot be in EPSG:4547") == true, "\(errors)")
    }

    /// One estate of three in lon/lat: the layer mixes systems.
    @Test func oneEstateInLonLat() throws {
        let errors = try errors(BadInputCase(
            name: "one estate lon/lat", estates: BadFixture.estates(secondShape: lonLatSquare(114, 30)), expected: []))
        #expect(errors == [
            "estates.geojson: feature #1 (E0002): coordinate [114.0, 30.0] cannot be in EPSG:4547 (metres). The layer "
                + "mixes coordinate systems: bring this estate into EPSG:4547 like the others"
        ])
    }
}
