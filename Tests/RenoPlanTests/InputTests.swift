import Foundation
import Testing

@testable import RenoPlan

/// Loading and validation (SPEC §1, §2): every problem named by file, feature and key.
@Suite("Input validation")
struct InputTests {
    static let minimal = "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n"

    func problems(_ district: TestDistrict) throws -> InvalidInput {
        #expect(throws: InvalidInput.self, "expected invalid input") { try district.analyse() } ?? InvalidInput()
    }

    /// A whole number beyond what renoplan takes says the limit: `2000000000` households is a
    /// whole number ≥ 0, so the message must not say only that.
    @Test func aWholeNumberAboveTheLimitSaysTheLimit() throws {
        let invalid = try problems(TestDistrict(
            estates: [
                TestGeo.estate("E0001", TestGeo.rect(0, 0), households: 2_000_000_000, extra: ["floor_area_m2": 70_000]),
                TestGeo.estate("E0002", TestGeo.rect(200, 0), extra: ["buildings": "1000000001"]),
            ],
            facilities: [TestGeo.facility("F1", "elderly_care", 0, 0, capacity: 10)],
            scenario: Self.minimal))
        #expect(invalid.messages == [
            "estates.geojson: feature #0 (E0001): households must be a whole number ≥ 0 and at most 1,000,000,000, got 2000000000",
            "estates.geojson: feature #1 (E0002): buildings must be a whole number ≥ 0 and at most 1,000,000,000, got \"1000000001\"",
        ])
    }

    @Test func featureErrorsNameFileFeatureAndKey() throws {
        var bad = TestGeo.estate("E0002", TestGeo.rect(200, 0))
        if case .object(var feature) = bad, case .object(var properties)? = feature["properties"] {
            properties["households"] = "many"
            properties["consent"] = 1.2
            feature["properties"] = .object(properties)
            bad = .object(feature)
        }
        let invalid = try problems(TestDistrict(
            estates: [
                TestGeo.estate("E0001", TestGeo.rect(0, 0)),
                bad,
                TestGeo.estate("E0001", TestGeo.rect(400, 0), households: 120),
                TestGeo.feature(TestGeo.pointGeometry(0, 0), ["id": "E0004"]),
            ],
            facilities: [TestGeo.facility("F1", "elderly_care", 0, 0)],
            scenario: Self.minimal))
        let messages = invalid.messages
        #expect(messages.contains("estates.geojson: feature #1 (E0002): households must be a whole number ≥ 0, got \"many\""))
        #expect(messages.contains("estates.geojson: feature #1 (E0002): consent must be a share 0..1, got 1.2"))
        #expect(messages.contains("estates.geojson: feature #2 (E0001): id E0001 is used again (first by feature #0)" + MultiPartEstates.differing))
        #expect(messages.contains("estates.geojson: feature #3 (E0004): geometry must be Polygon or MultiPolygon, got Point"))
        #expect(messages.contains(
            "facilities.geojson: feature #0 (F1): capacity_m2 is required (m² ≥ 0) for kind elderly_care, which has a norm in the scenario"))
        #expect(invalid.count == 5)
    }

    /// Properties are read on all cores in chunks of 512 features: problems anywhere in a
    /// large file come back in feature order, each naming its feature, as if read one by one.
    @Test func problemsOfALargeFileComeInFeatureOrder() throws {
        let bad: [Int: (key: String, value: JSONValue)] = [
            3: ("consent", 1.5), 700: ("households", "many"), 701: ("built_year", 12), 2_999: ("consent", "yes"),
        ]
        let estates = (0..<3_000).map { i -> JSONValue in
            var estate = TestGeo.estate(String(format: "E%05d", i), TestGeo.rect(Double(i % 60) * 200, Double(i / 60) * 200))
            if let (key, value) = bad[i], case .object(var feature) = estate, case .object(var properties)? = feature["properties"] {
                properties[key] = value
                feature["properties"] = .object(properties)
                estate = .object(feature)
            }
            return estate
        }
        let data = try JSONIO.encode(.object(["type": "FeatureCollection", "features": .array(estates)]))
        let scenario = try Scenario.parse(
            "geodata: {estates: e.geojson}\n" + Self.minimal, file: URL(fileURLWithPath: "/data/s.yaml"))
        let found = GeoJSONCheck.problems(in: data, layer: .estates, file: "e.geojson", scenario: scenario)
        #expect(found.map(\.featureIndex) == [3, 700, 701, 2_999])
        #expect(found.map(\.featureID) == ["E00003", "E00700", "E00701", "E02999"])
        #expect(found.map(\.key) == ["consent", "households", "built_year", "consent"])
    }

    /// Errors of one kind (same file and key, the same problem but for the value and the
    /// feature) beyond five are one line that counts them, where the fifth is; every other
    /// error keeps its place in file order, and `validate` prints what every command prints.
    /// Consent in percent (85 … 96) in twelve estates, 1.7 in seven, "yes" in one, households
    /// "many" in one: four kinds, and the percentages are one kind although each hint differs.
    @Test func errorsOfOneKindAreCountedAfterFiveExamples() throws {
        let estates = (0..<20).map { i -> JSONValue in
            var extra: [String: JSONValue] = [:]
            switch i {
            case 0..<12: extra["consent"] = .number(Double(85 + i))
            case 12..<19: extra["consent"] = 1.7
            default: extra["consent"] = "yes"
            }
            if i == 3 { extra["households"] = "many" }
            return TestGeo.estate(String(format: "E%02d", i + 1), TestGeo.rect(Double(i) * 200, 0), extra: extra)
        }
        let district = TestDistrict(estates: estates, scenario: Self.minimal)
        let report = Validation.check(scenarioAt: try district.write())
        func percent(_ i: Int) -> String {
            String(format: "estates.geojson: feature #%d (E%02d): consent must be a share 0..1, got %d (a percentage? write %d%% or 0.%d)",
                i, i + 1, 85 + i, 85 + i, 85 + i)
        }
        func share(_ i: Int) -> String {
            String(format: "estates.geojson: feature #%d (E%02d): consent must be a share 0..1, got 1.7", i, i + 1)
        }
        let expected = [
            percent(0), percent(1), percent(2),
            "estates.geojson: feature #3 (E04): households must be a whole number ≥ 0, got \"many\"",
            percent(3), percent(4),
            "estates.geojson: … and 7 more features with the same error but for the value (features #5 (E06) to #11 (E12)): "
                + "consent must be a share 0..1, got … (a percentage? write …% or …)",
            share(12), share(13), share(14), share(15), share(16),
            "estates.geojson: … and 2 more features with the same error (features #17 (E18) to #18 (E19)): "
                + "consent must be a share 0..1, got 1.7",
        ]
        #expect(Array(report.errorLines.dropLast()) == expected, "\(report.errorLines)")
        #expect(report.errorLines.last?.hasPrefix("estates.geojson: feature #19 (E20): consent ") == true)
        // Every error is still there one by one, and the other commands print the same lines.
        #expect(report.errors.count == 21)
        let invalid = try problems(district)
        #expect(invalid.description == report.errorLines.joined(separator: "\n"))
    }

    /// Only the feature's values are masked: an error differing in anything else (the words, a
    /// name with digits, an EPSG code, the key, the file, feature or row) is another kind.
    @Test func errorsOfDifferentProblemsAreNeverOneKind() {
        func kind(_ problem: String, file: String = "e.geojson", key: String? = "k", id: String? = "E1", row: Int? = nil)
            -> ErrorGroups.Kind
        {
            ErrorGroups.masked(InputError(file: file, featureIndex: row == nil ? 0 : nil, featureID: id, key: key, problem: problem, row: row)).kind
        }
        #expect(kind("k must be a share 0..1, got 1.7") == kind("k must be a share 0..1, got 0"))
        #expect(kind("k must be a number, got \"many\"") == kind("k must be a number, got \"1,2\""))
        #expect(kind("id E1 is used again (first by feature #0)") == kind("id E7 is used again (first by feature #4)", id: "E7"))
        #expect(kind("k must be a share 0..1, got 1.7") != kind("k must be a share 0..1, got 85 (a percentage? write 85% or 0.85)"))
        #expect(kind("cost_per_m2 is wrong") != kind("cost_per_m3 is wrong"))
        #expect(kind("read as EPSG:4547") != kind("read as EPSG:4326"))
        #expect(kind("k must be a share 0..1, got 1.7") != kind("k must be a share 0..1, got 1.7", key: "j"))
        #expect(kind("k must be a share 0..1, got 1.7") != kind("k must be a share 0..1, got 1.7", file: "f.geojson"))
        #expect(kind("k must be a share 0..1, got 1.7") != kind("k must be a share 0..1, got 1.7", row: 3))
        #expect(kind("k must be a whole number, got 1.7") != kind("k must be a share 0..1, got 1.7"))
    }

    /// The 50-line cut of what every command but validate prints still counts the problems it
    /// leaves out, including those a counted line stands for.
    @Test func theFiftyLineCutCountsProblems() {
        var invalid = InvalidInput()
        for i in 0..<60 {
            invalid.inputErrors.append(InputError(file: "e.geojson", featureIndex: i, featureID: "E\(i)", key: "key\(i)", problem: "key\(i) is wrong"))
        }
        for i in 0..<10 {
            invalid.inputErrors.append(InputError(file: "e.geojson", featureIndex: 60 + i, key: "consent", problem: "consent must be a share 0..1, got 1.7"))
        }
        let lines = invalid.description.components(separatedBy: "\n")
        #expect(lines.count == 51)
        #expect(lines.last == "… and 20 more problems (renoplan validate lists them all)")
        invalid.moreListedBy = nil
        #expect(invalid.description.components(separatedBy: "\n").count == 60 + 6)
    }

    @Test func geometryProblems() throws {
        let unclosed: JSONValue = [
            "type": "Polygon",
            "coordinates": [[TestGeo.point(0, 0), TestGeo.point(100, 0), TestGeo.point(100, 100), TestGeo.point(0, 100)]],
        ]
        let lonLat: JSONValue = ["type": "Polygon", "coordinates": [[[114, 30], [114.001, 30], [114.001, 30.001], [114, 30]]]]
        let invalid = try problems(TestDistrict(
            estates: [TestGeo.estate("U", unclosed), TestGeo.estate("L", lonLat)], scenario: Self.minimal))
        #expect(invalid.messages.contains("estates.geojson: feature #0 (U): Polygon ring 0 is not closed (its first and last positions differ)"))
        #expect(invalid.messages.contains { $0.hasPrefix("estates.geojson: feature #1 (L): coordinate [114.0, 30.0] cannot be in EPSG:4547") })
    }

    /// A bow-tie polygon is repaired with GEOS MakeValid and reported as a warning.
    @Test func selfIntersectionIsRepairedWithAWarning() throws {
        let bowTie: JSONValue = [
            "type": "Polygon",
            "coordinates": [[TestGeo.point(0, 0), TestGeo.point(100, 100), TestGeo.point(100, 0), TestGeo.point(0, 100), TestGeo.point(0, 0)]],
        ]
        let analysis = try TestDistrict(estates: [TestGeo.estate("B", bowTie)], scenario: Self.minimal).analyse()
        #expect(analysis.district.warnings.count == 1)
        #expect(analysis.district.warnings[0].description.hasPrefix("estates.geojson: feature #0 (B): invalid polygon (Self-intersection"))
        if case .multiPolygon(let parts) = analysis.district.estates[0].shape {
            #expect(parts.count == 2)
        } else {
            Issue.record("expected the bow tie to become two triangles")
        }
    }

    @Test func missingFileAndFolder() throws {
        let district = TestDistrict(estates: [TestGeo.estate("A", TestGeo.rect(0, 0))], scenario: Self.minimal)
        let url = try district.write()
        try FileManager.default.removeItem(at: district.folder.appendingPathComponent("facilities.geojson"))
        try FileManager.default.removeItem(at: district.folder.appendingPathComponent("sites.geojson"))
        try FileManager.default.createDirectory(
            at: district.folder.appendingPathComponent("sites.geojson"), withIntermediateDirectories: true)
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors.contains { $0.hasPrefix("facilities.geojson: file not found") })
        #expect(report.errors.contains { $0.hasPrefix("sites.geojson: is a folder, not a file") })
        // The default coverage asks for kinds; a file that was not read is not reported as lacking them.
        #expect(!report.warnings.contains { $0.contains("no facility of kind") })
        // The file beside it that was probably meant: two edits, or another extension.
        try FileManager.default.moveItem(
            at: district.folder.appendingPathComponent("estates.geojson"), to: district.folder.appendingPathComponent("Estate.geojson"))
        try FileManager.default.removeItem(at: district.folder.appendingPathComponent("sites.geojson"))
        try Data("{}".utf8).write(to: district.folder.appendingPathComponent("sites.json"))
        let again = Validation.check(scenarioAt: url).errors
        #expect(again.contains { $0.hasPrefix("estates.geojson: file not found: ") && $0.hasSuffix("(did you mean Estate.geojson, beside it?)") }, "\(again)")
        #expect(again.contains { $0.hasPrefix("sites.geojson: file not found: ") && $0.hasSuffix("(did you mean sites.json, beside it?)") }, "\(again)")
    }

    /// An id with spaces around it is the id (an Excel cell's `E3 ` is E3, as a lock says it);
    /// two ids that differ only in case are an error.
    @Test func idsAreTrimmedAndMayNotDifferOnlyInCase() throws {
        let good = TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0)), TestGeo.estate(" E3 ", TestGeo.rect(300, 0))],
            scenario: Self.minimal + "locks: {E3: never}\n")
        defer { try? FileManager.default.removeItem(at: good.folder) }
        #expect(Validation.check(scenarioAt: try good.write()).errors.isEmpty)
        #expect(try good.analyse().district.estates.map(\.id) == ["E1", "E3"])
        let bad = TestDistrict(
            estates: [TestGeo.estate("E1", TestGeo.rect(0, 0)), TestGeo.estate("e1", TestGeo.rect(300, 0))], scenario: Self.minimal)
        defer { try? FileManager.default.removeItem(at: bad.folder) }
        #expect(Validation.check(scenarioAt: try bad.write()).errors == [
            "estates.geojson: feature #1 (e1): id e1 differs from E1 (feature #0) only in case: a mistyped id, or two features no "
                + "plan or lock could tell apart; write the one id alike, or give the other its own"
        ])
    }

    /// A lock's id typed with O for 0, or in lower case: the id meant is named.
    @Test func lockIDsNearAnEstatesAreNamed() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("E0001", TestGeo.rect(0, 0)), TestGeo.estate("E0002", TestGeo.rect(300, 0))],
            scenario: Self.minimal + "locks: {E0O01: 2025, e0002: 2025, E0009: never}\n")
        defer { try? FileManager.default.removeItem(at: district.folder) }
        let errors = Validation.check(scenarioAt: try district.write()).errors
        #expect(errors.contains { $0.hasSuffix("locks.E0O01: no estate has id E0O01 (did you mean 'E0001'?)") }, "\(errors)")
        #expect(errors.contains { $0.hasSuffix("locks.e0002: no estate has id e0002 (did you mean 'E0002'?)") }, "\(errors)")
        #expect(errors.contains { $0.hasSuffix("locks.E0009: no estate has id E0009") }, "\(errors)")
    }

    /// A UTF-8 byte order mark is read past (RFC 8259); UTF-16 and GBK files are told to be
    /// saved as UTF-8.
    @Test func jsonEncodings() throws {
        let text = #"{"type": "FeatureCollection", "features": []}"#
        #expect(try JSONDocument(parsing: Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)).withRoot { $0["type"]?.stringValue } == "FeatureCollection")
        let utf16 = Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
        let refused = #expect(throws: JSONSyntaxError.self) { try JSONDocument(parsing: utf16) }
        #expect(refused?.description == "the file is UTF-16 text: save it as UTF-8 (GeoJSON is UTF-8)")
        let gbk = Data(#"{"name": ""#.utf8) + Data([0xD0, 0xA1, 0xC7, 0xF8]) + Data(#""}"#.utf8)  // 小区 in GBK
        do {
            _ = try JSONDocument(parsing: gbk)
            Issue.record("GBK text parsed")
        } catch let error as JSONSyntaxError {
            #expect(error.description.hasSuffix("; the file is not UTF-8 (GBK?): save it as UTF-8 (GeoJSON is UTF-8)"), "\(error)")
        }
    }

    @Test func truncatedJSON() throws {
        let district = TestDistrict(estates: [TestGeo.estate("A", TestGeo.rect(0, 0))], scenario: Self.minimal)
        let url = try district.write()
        try Data("{\"type\": \"FeatureCollection\", \"features\": [".utf8)
            .write(to: district.folder.appendingPathComponent("estates.geojson"))
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors.count == 1)
        #expect(report.errors[0].hasPrefix("estates.geojson: is not valid JSON"))
    }
}

@Suite("Scenario file (SPEC §2)")
struct ScenarioTests {
    func errors(_ yaml: String) -> [String] {
        do {
            _ = try Scenario.parse(yaml, file: URL(fileURLWithPath: "/tmp/s.yaml"))
            return []
        } catch let errors as ScenarioErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    static let base = "geodata: {estates: e.geojson}\nhorizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e8, 1.2e8]}\n"

    @Test func defaults() throws {
        let scenario = try Scenario.parse(Self.base, file: URL(fileURLWithPath: "/data/s.yaml"))
        #expect(scenario.geodata.estates.path == "/data/e.geojson")
        #expect(scenario.budget.annualYuan == [1e8, 1.2e8])
        #expect(scenario.eligibility.extendedCap == 0.15 && scenario.eligibility.consentMin == 0.8)
        #expect(scenario.circles == [5: 300, 10: 500, 15: 1000])
        #expect(scenario.norms == [.init(kind: "elderly_care", m2PerPerson: 0.1, withinMinutes: 15)])
        #expect(scenario.solver.timeLimitS == 60 && scenario.discount == 0.85)
        // The main search's work scales with the time limit: 1.2 million × 0.5 a second of it;
        // the neighbourhood searches' 3.2 million a second.
        #expect(scenario.solver.nodeLimit == .scaled)
        #expect(scenario.solver.limits(timeLimitSeconds: 60) == .init(nodes: nil, work: 36e6, neighbourhoodWork: 192e6))
        #expect(scenario.solver.limits(timeLimitSeconds: 10) == .init(nodes: nil, work: 6e6, neighbourhoodWork: 32e6))
        #expect(
            scenario.solver.limits(timeLimitSeconds: 0.01) == .init(nodes: nil, work: 1e5, neighbourhoodWork: 1e5),
            "at least 100,000")
    }

    @Test func nodeLimitForms() throws {
        func limit(_ text: String) throws -> Scenario.SolverSettings {
            try Scenario.parse(Self.base + "solver: {time_limit_s: 30, node_limit: \(text)}\n", file: URL(fileURLWithPath: "/data/s.yaml")).solver
        }
        #expect(try limit("scaled").limits(timeLimitSeconds: 30) == .init(nodes: nil, work: 18e6, neighbourhoodWork: 96e6))
        #expect(try limit("1500").limits(timeLimitSeconds: 30) == .init(nodes: 1_500, work: nil))
        #expect(try limit("null").limits(timeLimitSeconds: 30) == .init(nodes: nil, work: nil))
        #expect(errors(Self.base + "solver: {node_limit: sclaed}\n") == [
            "s.yaml:4: solver.node_limit: must be a whole number of nodes, `scaled` or null, got \"sclaed\""
        ])
        #expect(errors(Self.base + "solver: {node_limit: 0}\n") == [
            "s.yaml:4: solver.node_limit: must be a whole number in 1..2147483647, got 0"
        ])
    }

    @Test func unknownKeyNamesItsPathAndLine() {
        let found = errors(Self.base + "eligibility:\n  consent_mni: 0.7\n")
        #expect(found == ["s.yaml:5: eligibility.consent_mni: unknown key (did you mean 'consent_min'?)"])
        // A misspelt required key: one error, not also "horizon.years: is required"; another
        // required key that is really missing is still named.
        #expect(errors("geodata: {estates: e.geojson}\nhorizon: {start: 2025, year: 3}\nbudget: {annual_yuan: [1]}\n") == [
            "s.yaml:2: horizon.year: unknown key (did you mean 'years'?)"
        ])
        #expect(errors("geodata: {estates: e.geojson}\nhorizon: {strat: 2025}\nbudget: {annual_yuan: [1]}\n") == [
            "s.yaml:2: horizon.strat: unknown key (did you mean 'start'?)", "s.yaml:2: horizon.years: is required",
        ])
    }

    /// A key in other case is the key meant, said first: `CRS` is three edits from `crs`, and
    /// other keys' slips are counted case aside (`Horizon.strat`).
    @Test func aKeyInAnotherCaseGetsItsHint() {
        #expect(errors(Self.base + "CRS: EPSG:4548\n") == ["s.yaml:4: CRS: unknown key (did you mean 'crs'?)"])
        #expect(errors(Self.base + "Work_CRS: EPSG:4548\n") == ["s.yaml:4: Work_CRS: unknown key (did you mean 'work_crs'?)"])
        #expect(errors(Self.base + "eligibility: {Consent_Mni: 0.7}\n") == [
            "s.yaml:4: eligibility.Consent_Mni: unknown key (did you mean 'consent_min'?)"
        ])
    }

    /// A bare number as a CRS is its EPSG code, in the scenario's `crs`, `work_crs` and a layer's
    /// own `crs`, quoted or not; anything else is left as written.
    @Test func aBareNumberCRSIsAnEPSGCode() throws {
        let scenario = try Scenario.parse(
            "geodata: {estates: {path: e.geojson, crs: '4549'}}\nhorizon: {start: 2025, years: 2}\n"
                + "budget: {annual_yuan: [1e8, 1.2e8]}\ncrs: 4548\nwork_crs: \" 32650 \"\n",
            file: URL(fileURLWithPath: "/data/s.yaml"))
        #expect(scenario.crs == "EPSG:4548")
        #expect(scenario.workCRS == "EPSG:32650")
        #expect(scenario.geodata.sources["estates"]?.crs == "EPSG:4549")
        #expect(CRS.definition("EPSG:4547") == "EPSG:4547")
        #expect(CRS.definition("GCJ-02") == "GCJ-02")
        #expect(CRS.definition("+proj=tmerc +lon_0=114.3") == "+proj=tmerc +lon_0=114.3")
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        let found = errors(Self.base + "locks: {E1: 2025\nsolver: {}\n")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("s.yaml:"))
        #expect(found[0].contains("YAML syntax error"))
        let line = Int(found[0].split(separator: ":")[1])
        #expect(line == 5 || line == 6)
    }

    @Test func rangesAndLengths() {
        let found = errors(
            "geodata: {estates: e.geojson}\nhorizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e8]}\n"
                + "eligibility: {extended_cap: 1.5}\nnorms: [{kind: elderly_care, m2_per_person: 0.1, within: 20}]\n")
        #expect(found.contains("s.yaml:3: budget.annual_yuan: has 1 amounts but the horizon has 2 years"))
        #expect(found.contains("s.yaml:4: eligibility.extended_cap: must be a share in 0..1, got 1.5"))
        #expect(found.contains("s.yaml:5: norms[0].within: 20 is not a tier in circles (5, 10, 15)"))
    }

    /// Nested aliases as a mapping key made Yams hash an exponentially large tree (found by the
    /// fuzzer's helper); anchors and aliases are refused before Yams parses anything.
    @Test func anchorsAndAliasesAreRefusedQuickly() throws {
        let hang = try String(
            contentsOf: EndToEndTests.root.appendingPathComponent("Fuzz/corpus/scenario/regress-hang-alias-key"), encoding: .utf8)
        let started = Date()
        let found = errors(hang)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(found.count == 1 && found[0].contains("YAML anchors and aliases (& and *) are not allowed in a scenario"))
        #expect(errors(Self.base + "name: &n demo\nobjective: {discount: *n}\n") == [
            "s.yaml:4: YAML anchors and aliases (& and *) are not allowed in a scenario"
        ])
        // Ampersands and asterisks inside names, quotes and comments are fine.
        #expect(errors(Self.base + "name: \"R&D *district*\"  # a & b *c\n").isEmpty)
        #expect(errors(Self.base + "name: R&D district\n").isEmpty)
        #expect(errors(Self.base + "name: Fengtai &Daxing *2026*, [x] {y}\n").isEmpty)
        #expect(errors(Self.base + "name: 'it''s &a' # *b\n").isEmpty)
        #expect(errors(Self.base + "name: |\n  &a block\n  *b scalar\n").isEmpty)
        #expect(errors(Self.base + "name: >-\n    *folded\n").isEmpty)
        // Every place a token can start.
        // (After a block scalar, whose indented lines are text.)
        for (text, line) in [("- &a 1\n", 4), ("? *a\n: 1\n", 4), ("[x, *a]\n", 4), ("{k: &a v}\n", 4),
                             ("k:\n  - [1,\n    {a: *b}]\n", 6), ("*a : 1\n", 4), ("  - &a 1\n", nil)] {
            #expect(anchorOrAliasLine("name: x\nk2: |\n  text\n" + text) == line, "\(text)")
        }
    }

    /// "Did you mean" where the typo is more than two edits: words swapped, a key's first word;
    /// `nevr` for never; a key twice in one mapping at its line.
    @Test func nearMissesInTheScenario() {
        let head = "geodata: {estates: e.geojson}\nhorizon: {start: 2025, years: 2}\n"
        #expect(errors(head + "budget: {annual: [1e8, 1.2e8]}\n").contains("s.yaml:3: budget.annual: unknown key (did you mean 'annual_yuan'?)"))
        #expect(errors(Self.base + "eligibility: {min_consent: 0.8}\n")
            == ["s.yaml:4: eligibility.min_consent: unknown key (did you mean 'consent_min'?)"])
        #expect(errors(Self.base + "capacity: {households: 500}\n")
            == ["s.yaml:4: capacity.households: unknown key (did you mean 'households_per_year'?)"])
        #expect(errors(Self.base + "locks: {E1: nevr}\n") == ["s.yaml:4: locks.E1: must be a year or never, got nevr (did you mean 'never'?)"])
        #expect(errors(Self.base + "name: a\nname: b\n") == ["s.yaml:4: duplicate keys: name (a key given twice in one mapping: keep one)"])
    }

    /// An encoding iconv does not know, or one on a GeoJSON file (always UTF-8), is an error at
    /// its line; cp936 on a Shapefile is read.
    @Test func layerEncodings() {
        let tail = "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e8, 1.2e8]}\n"
        #expect(errors("geodata:\n  estates: {path: e.shp, encoding: cp9999}\n" + tail) == [
            "s.yaml:2: geodata.estates.encoding: cp9999 is not an encoding (iconv does not know it): e.g. cp936, GBK, GB18030, Big5, UTF-8"
        ])
        #expect(errors("geodata:\n  estates: {path: e.geojson, encoding: GBK}\n" + tail) == [
            "s.yaml:2: geodata.estates.encoding: a GeoJSON file is UTF-8 (RFC 7946): encoding is for Shapefile, CSV and Excel layers "
                + "and joined tables; remove it"
        ])
        #expect(errors("geodata:\n  estates: {path: e.shp, encoding: cp936}\n" + tail).isEmpty)
    }

    @Test func duplicateNormNamesItsOwnEntry() {
        let found = errors(Self.base + "norms:\n  - {kind: a, m2_per_person: 0.1, within: 15}\n  - {kind: b, m2_per_person: -1, within: 15}\n  - {kind: a, m2_per_person: 0.2, within: 15}\n")
        #expect(found.contains("s.yaml:7: norms[2].kind: kind a has two norms"))
        // Two coverage entries for one kind: the last one would win in silence.
        #expect(errors(Self.base + "coverage:\n  - {kind: a, within: 15}\n  - {kind: b, within: 10}\n  - {kind: a, within: 5}\n") == [
            "s.yaml:7: coverage[2].kind: kind a is already in coverage[0] (within 15); one entry per kind: keep the one you mean"
        ])
        // Circles whose radii fall as the minutes grow: two radii swapped.
        #expect(errors(Self.base + "circles:\n  5: 1000\n  10: 500\n  15: 1500\n") == [
            "s.yaml:6: circles.10: 10 minutes reach 500 m, less than 5 minutes' 1000 m: a longer walk reaches farther; are two "
                + "radii swapped?"
        ])
        let tiers = errors(Self.base + "coverage:\n  - {kind: a}\n  - {kind: b, within: 20}\n")
        #expect(tiers.contains { $0.hasPrefix("s.yaml:6: coverage[1].within: 20 is not a tier in circles") }, "\(tiers)")
        // A broken circles table is one problem, not one more per coverage rule.
        let broken = errors(Self.base + "circles: {5: x}\n")
        #expect(broken.count == 1 && !broken[0].contains("is not a tier"), "\(broken)")
    }

    @Test func requiredKeys() {
        let found = errors("name: x\n")
        #expect(found.contains { $0.contains("geodata: is required") })
        #expect(found.contains { $0.contains("horizon: is required") })
        #expect(found.contains { $0.contains("budget: is required") })
    }

    @Test func lockErrors() throws {
        let district = TestDistrict(
            estates: [
                TestGeo.estate("E1", TestGeo.rect(0, 0)),
                TestGeo.estate("E2", TestGeo.rect(1000, 0), extra: ["consent": 0.5]),
            ],
            scenario: "horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: [1e6, 1e6]}\nlocks:\n  E1: 2030\n  E2: 2025\n  E9: never\n")
        let report = Validation.check(scenarioAt: try district.write())
        #expect(report.errors.contains("scenario.yaml:7: locks.E1: 2030 is outside the horizon 2025–2026"))
        #expect(report.errors.contains("scenario.yaml:8: locks.E2: estate cannot be locked to 2025: it is not schedulable (consent 0.50 < 0.80)"))
        #expect(report.errors.contains("scenario.yaml:9: locks.E9: no estate has id E9"))
    }
}
