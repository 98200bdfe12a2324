import Foundation
import Yams

extension Scenario {
    /// Reads a scenario file (SPEC §2). Unknown keys, wrong types and out-of-range values are all
    /// collected and thrown together as ``ScenarioErrors``; a YAML syntax error names its line.
    public static func load(from url: URL) throws -> Scenario {
        let text: String
        do {
            text = try readTextFile(url)
        } catch let error as InputError {
            throw ScenarioErrors(errors: [ScenarioError(file: error.file, problem: error.problem)])
        }
        return try parse(text, file: url)
    }

    /// Parses scenario text; `file` is where relative paths are resolved from.
    ///
    /// - Throws: ``ScenarioErrors`` with every problem found.
    public static func parse(_ text: String, file: URL) throws -> Scenario {
        let fileName = file.lastPathComponent
        // Anchors and aliases have no use in a scenario, and Yams hashes alias-expanded mapping
        // keys: a few hundred bytes of nested aliases take hours (found by fuzzing; the input is in
        // Fuzz/corpus/scenario/regress-hang-alias-key). Refuse them before Yams sees the text.
        if let line = anchorOrAliasLine(text) {
            throw ScenarioErrors(errors: [ScenarioError(
                file: fileName, line: line, problem: "YAML anchors and aliases (& and *) are not allowed in a scenario")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioErrors(errors: [yamlSyntaxError(error, file: fileName)])
        } catch {
            throw ScenarioErrors(errors: [ScenarioError(file: fileName, problem: "not valid YAML: \(error)")])
        }
        guard let root else {
            throw ScenarioErrors(errors: [ScenarioError(file: fileName, problem: "the file is empty")])
        }
        let reader = NodeReader(file: fileName)
        let scenario = reader.readScenario(root, file: file)
        guard let scenario, reader.errors.isEmpty else { throw ScenarioErrors(errors: reader.errors, readSoFar: scenario) }
        return scenario
    }

    private static func yamlSyntaxError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            return ScenarioError(file: file, line: mark.line, problem: "YAML syntax error: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // The line of the first such key (Yams gives no other): the rest are in the same mapping.
            return ScenarioError(
                file: file, line: context.mark.line > 0 ? context.mark.line : nil,
                problem: "duplicate keys: \(duplicates.sorted().joined(separator: ", ")) (a key given twice in one mapping: keep one)")
        default:
            return ScenarioError(file: file, problem: "YAML error: \(error)")
        }
    }
}

/// The first line with a YAML anchor (`&name`) or alias (`*name`), found by a small lexical scan:
/// in YAML a plain scalar cannot begin with `&` or `*`, so one that starts a token (at a line's
/// start, after `- `, `? `, `: `, or after `[`, `{`, `,` inside flow brackets) is always an anchor
/// or an alias. Quoted scalars, comments, block scalars (`|`, `>`) and `&`/`*` inside a plain
/// scalar (`R&D`, `Fengtai & Daxing`, `a *b`) are skipped.
func anchorOrAliasLine(_ text: String) -> Int? {
    guard text.contains("&") || text.contains("*") else { return nil }
    let blank: Set<Character> = [" ", "\t", "\r"]
    var flowDepth = 0
    var blockScalarIndent: Int?  // inside a block scalar: lines indented deeper than this are text
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let characters = Array(line)
        let indent = characters.prefix { $0 == " " }.count
        if let parent = blockScalarIndent {
            if indent > parent || characters.allSatisfy(blank.contains) { continue }
            blockScalarIndent = nil
        }
        var quote: Character?
        var tokenStart = true
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next: Character = index + 1 < characters.count ? characters[index + 1] : " "
            index += 1
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if blank.contains(character) { continue }
            if character == "#", index == 1 || blank.contains(characters[index - 2]) { break }
            if tokenStart {
                switch character {
                case "&", "*":
                    if !blank.contains(next), !",[]{}".contains(next) { return number + 1 }
                    tokenStart = false
                case "\"", "'":
                    quote = character
                    tokenStart = false
                case "|", ">":
                    blockScalarIndent = indent
                    index = characters.count
                case "-" where blank.contains(next), "?" where blank.contains(next), ":" where blank.contains(next):
                    break  // a sequence entry, key or value indicator: the next token starts after it
                case "[", "{":
                    flowDepth += 1
                case "]", "}":
                    flowDepth = max(0, flowDepth - 1)
                    tokenStart = false
                default:
                    tokenStart = false
                }
            } else if character == ":", blank.contains(next) || (flowDepth > 0 && ",[]{}".contains(next)) {
                tokenStart = true
            } else if flowDepth > 0, character == "," {
                tokenStart = true
            } else if flowDepth > 0, character == "]" || character == "}" {
                flowDepth -= 1
            }
        }
    }
    return nil
}

/// Reads a file as UTF-8 text, with a planner-readable error for a missing file or a folder.
func readTextFile(_ url: URL) throws -> String {
    let data = try readFile(url)
    guard let text = String(data: data, encoding: .utf8) else {
        throw InputError(file: url.lastPathComponent, problem: "is not UTF-8 text")
    }
    return text
}

/// "file not found: PATH", with the file beside it that was probably meant: a name within two
/// edits (case aside), or the same name with another extension (`estates.json` for
/// `estates.geojson`); or that the folder itself is not there.
func fileNotFound(_ url: URL) -> String {
    let folder = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        return "file not found: \(url.path) (there is no folder \(folder.path))"
    }
    let name = url.lastPathComponent.lowercased(), stem = url.deletingPathExtension().lastPathComponent.lowercased()
    let beside = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    let meant = beside.filter { editDistance(Array($0.lowercased()), Array(name)) <= 2 }
        + beside.filter { ($0 as NSString).deletingPathExtension.lowercased() == stem && $0.lowercased() != name }
    guard let first = meant.first else { return "file not found: \(url.path)" }
    return "file not found: \(url.path) (did you mean \(first), beside it?)"
}

/// Reads a whole file, refusing folders and missing files with a clear message naming the path.
func readFile(_ url: URL) throws -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
        throw InputError(file: url.lastPathComponent, problem: fileNotFound(url))
    }
    if isDirectory.boolValue {
        throw InputError(file: url.lastPathComponent, problem: "is a folder, not a file: \(url.path)")
    }
    do {
        return try Data(contentsOf: url)
    } catch {
        throw InputError(file: url.lastPathComponent, problem: "cannot be read: \(error.localizedDescription)")
    }
}

/// Walks the YAML node tree, checking each key against the schema and collecting errors with
/// their key path and line.
final class NodeReader {
    let file: String
    var errors: [ScenarioError] = []
    /// Line of every key seen, by its path.
    /// Key paths a misspelt key was probably meant as (its "did you mean").
    var suggested = Set<String>()
    var keyLines: [String: Int] = [:]

    init(file: String) { self.file = file }

    func fail(_ path: String, _ node: Node?, _ problem: String) {
        // A required key that a misspelt one was taken for ("did you mean 'years'?") is not
        // missing twice over: the one error says it.
        if problem.hasPrefix("is required"), suggested.contains(path) { return }
        errors.append(ScenarioError(file: file, path: path, line: node?.mark?.line, problem: problem))
    }

    /// A mapping's entries by key, reporting keys outside `allowed` as unknown.
    func mapping(_ node: Node, _ path: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            fail(path, node, "must be a mapping of keys (\(allowed.joined(separator: ", ")))")
            return nil
        }
        var entries: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if let line = keyNode.mark?.line { keyLines[keyPath] = line }
            if !allowed.contains(key) {
                let meant = closest(key, in: allowed)
                if let meant { suggested.insert(path.isEmpty ? meant : "\(path).\(meant)") }
                fail(keyPath, keyNode, "unknown key" + (meant.map { " (did you mean '\($0)'?)" } ?? ""))
            } else {
                entries[key] = value
            }
        }
        return entries
    }

    func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    func string(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            fail(path, node, "must be text")
            return nil
        }
        return scalar.string
    }

    /// A CRS as PROJ is given it: a bare number (`4548`) is an EPSG code (``CRS/definition(_:)``),
    /// not a name for PROJ to search (which took 4548 for WGS 84 / SCAR IMW ST45-48).
    func crs(_ node: Node, _ path: String) -> String? {
        string(node, path).map(CRS.definition)
    }

    /// A number: plain YAML scalars such as `1.2e8`, `120_000_000` or `0.85`.
    func number(_ node: Node, _ path: String, _ range: ClosedRange<Double>? = nil, what: String = "a number")
        -> Double?
    {
        guard case .scalar(let scalar) = node, scalar.style == .plain,
            let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")), value.isFinite
        else {
            fail(path, node, "must be \(what), got \(describe(node))")
            return nil
        }
        if let range, !range.contains(value) {
            fail(path, node, "must be \(what) in \(formatNumber(range.lowerBound))..\(formatNumber(range.upperBound)), got \(formatNumber(value))")
            return nil
        }
        return value
    }

    func integer(_ node: Node, _ path: String, _ range: ClosedRange<Int>) -> Int? {
        guard let value = number(node, path, what: "a whole number"), value == value.rounded(),
            abs(value) < 1e15
        else {
            if errors.last?.path != path { fail(path, node, "must be a whole number, got \(describe(node))") }
            return nil
        }
        guard range.contains(Int(value)) else {
            fail(path, node, "must be a whole number in \(range.lowerBound)..\(range.upperBound), got \(Int(value))")
            return nil
        }
        return Int(value)
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            switch scalar.string {
            case "true", "True", "TRUE", "yes": return true
            case "false", "False", "FALSE", "no": return false
            default: break
            }
        }
        fail(path, node, "must be true or false, got \(describe(node))")
        return nil
    }

    func sequence(_ node: Node, _ path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            fail(path, node, "must be a list")
            return nil
        }
        return Array(sequence)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func readScenario(_ root: Node, file url: URL) -> Scenario? {
        let folder = url.deletingLastPathComponent()
        let topKeys = [
            "name", "geodata", "crs", "work_crs", "persons_per_household", "horizon", "budget", "capacity",
            "eligibility", "distance", "circles", "coverage", "norms", "clustering", "score", "objective", "locks",
            "costs", "solver", "report", "levels", "funding", "revise",
        ]
        guard let top = mapping(root, "", allowed: topKeys) else { return nil }

        // Required: geodata.estates, horizon, budget.
        var estatesURL: URL?
        var facilities: URL?, sites: URL?, walkways: URL?
        var sources: [String: LayerSource] = [:]
        if let node = top["geodata"],
            let geodata = mapping(node, "geodata", allowed: ["estates", "facilities", "sites", "walkways"])
        {
            func path(_ key: String) -> URL? {
                guard let value = geodata[key], !isNull(value) else { return nil }
                if case .mapping = value {  // SPEC §9: {path, layer, crs, encoding, table, …}
                    let (url, source) = layerSource(value, layer: key, folder: folder)
                    if let source { sources[key] = source }
                    return url
                }
                return string(value, "geodata.\(key)").map { URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL }
            }
            estatesURL = path("estates")
            facilities = path("facilities")
            sites = path("sites")
            walkways = path("walkways")
            if geodata["estates"] == nil { fail("geodata.estates", node, "is required") }
        } else if top["geodata"] == nil {
            fail("geodata", root, "is required (at least geodata.estates)")
        }

        var horizon: Scenario.Horizon?
        if let node = top["horizon"], let entries = mapping(node, "horizon", allowed: ["start", "years"]) {
            let start = entries["start"].flatMap { integer($0, "horizon.start", 1900...2200) }
            let years = entries["years"].flatMap { integer($0, "horizon.years", 1...50) }
            if entries["start"] == nil { fail("horizon.start", node, "is required") }
            if entries["years"] == nil { fail("horizon.years", node, "is required") }
            if let start, let years { horizon = Scenario.Horizon(start: start, years: years) }
        } else if top["horizon"] == nil {
            fail("horizon", root, "is required, e.g. {start: 2025, years: 4}")
        }

        var budget: Scenario.Budget?
        if let node = top["budget"], let entries = mapping(node, "budget", allowed: ["annual_yuan", "carry_over"]) {
            var annual: [Double]?
            if let list = entries["annual_yuan"] {
                if case .sequence = list {
                    let items = sequence(list, "budget.annual_yuan") ?? []
                    let values = items.enumerated().map {
                        number($1, "budget.annual_yuan[\($0)]", 0...1e15, what: "an amount of yuan ≥ 0")
                    }
                    if values.allSatisfy({ $0 != nil }) { annual = values.map { $0! } }
                    if let horizon, items.count != horizon.years {
                        fail("budget.annual_yuan", list, "has \(items.count) amounts but the horizon has \(horizon.years) years")
                        annual = nil
                    }
                } else if let single = number(list, "budget.annual_yuan", 0...1e15, what: "an amount of yuan ≥ 0 or a list of them") {
                    annual = Array(repeating: single, count: horizon?.years ?? 1)
                }
            } else {
                fail("budget.annual_yuan", node, "is required: one amount per horizon year")
            }
            let carry = entries["carry_over"].flatMap { bool($0, "budget.carry_over") } ?? false
            if let annual { budget = Scenario.Budget(annualYuan: annual, carryOver: carry) }
        } else if top["budget"] == nil, top["funding"] == nil {
            fail("budget", root, "is required, e.g. {annual_yuan: [1.2e8, 1.2e8]} (or funding sources, SPEC §11)")
        }

        // The optional sections are read even when a required one is missing, so every problem
        // shows at once; the placeholders never leave this function.
        var scenario = Scenario(
            file: url, name: url.deletingPathExtension().lastPathComponent,
            geodata: .init(estates: estatesURL ?? url, facilities: facilities, sites: sites, walkways: walkways, sources: sources),
            horizon: horizon ?? .init(start: 2000, years: 1), budget: budget ?? .init(annualYuan: [0]))
        readOptional(top, into: &scenario)
        if let node = top["levels"] { readLevels(node, into: &scenario) }
        if let node = top["funding"], horizon != nil {
            readFunding(node, into: &scenario, budgetGiven: top["budget"] != nil)
        }
        scenario.keyLines = keyLines
        guard estatesURL != nil, horizon != nil, budget != nil || scenario.funding != nil else { return nil }
        return scenario
    }

    func readOptional(_ top: [String: Node], into s: inout Scenario) {
        if let node = top["name"], let value = string(node, "name") { s.name = value }
        if let node = top["crs"], !isNull(node) { s.crs = crs(node, "crs") }
        if let node = top["work_crs"], !isNull(node) { s.workCRS = crs(node, "work_crs") }
        if let node = top["persons_per_household"],
            let value = number(node, "persons_per_household", 0.1...20, what: "a number of persons")
        {
            s.personsPerHousehold = value
        }
        if let node = top["capacity"], let entries = mapping(node, "capacity", allowed: ["households_per_year"]),
            let value = entries["households_per_year"], !isNull(value)
        {
            s.householdsPerYear = integer(value, "capacity.households_per_year", 0...Int(Int32.max))
        }
        if let node = top["eligibility"] { readEligibility(node, into: &s.eligibility) }
        if let node = top["distance"], let value = string(node, "distance") {
            if let kind = Scenario.DistanceKind(rawValue: value) {
                s.distance = kind
            } else {
                fail("distance", node, "must be euclidean or network, got \"\(value)\"")
            }
        }
        if let node = top["report"] { readReport(node, into: &s) }
        let errorsBeforeCircles = errors.count
        if let node = top["circles"] { readCircles(node, into: &s) }
        // With a broken circles table, "not a tier in circles" below would only repeat the problem.
        let circlesBroken = errors.count > errorsBeforeCircles
        // Rules keep their place in the file, so a later message names the right entry even after
        // an invalid one was dropped.
        // Without the key, the SPEC's defaults are checked against the circles.
        var coverageRead = s.coverage.enumerated().map { (index: $0.offset, rule: $0.element, node: Node?.none) }
        var normsRead = s.norms.enumerated().map { (index: $0.offset, rule: $0.element, node: Node?.none) }
        if let node = top["coverage"], let items = sequence(node, "coverage") {
            coverageRead = items.enumerated().compactMap { index, item in
                let path = "coverage[\(index)]"
                guard let entries = mapping(item, path, allowed: ["kind", "within"]) else { return nil }
                let kind = required(entries, "kind", path, item).flatMap { string($0, "\(path).kind") }
                let within = required(entries, "within", path, item).flatMap { integer($0, "\(path).within", 0...1000) }
                guard let kind, let within else { return nil }
                return (index, Scenario.CoverageRule(kind: kind, withinMinutes: within), item)
            }
            s.coverage = coverageRead.map(\.rule)
            var first: [String: (index: Int, within: Int)] = [:]
            for (index, rule, item) in coverageRead {
                if let earlier = first[rule.kind] {
                    fail("coverage[\(index)].kind", item, "kind \(rule.kind) is already in coverage[\(earlier.index)] (within "
                        + "\(earlier.within)); one entry per kind: keep the one you mean")
                } else {
                    first[rule.kind] = (index, rule.withinMinutes)
                }
            }
        }
        if let node = top["norms"], let items = sequence(node, "norms") {
            normsRead = items.enumerated().compactMap { index, item in
                let path = "norms[\(index)]"
                guard let entries = mapping(item, path, allowed: ["kind", "m2_per_person", "within"]) else { return nil }
                let kind = required(entries, "kind", path, item).flatMap { string($0, "\(path).kind") }
                let norm = required(entries, "m2_per_person", path, item).flatMap {
                    number($0, "\(path).m2_per_person", 0.000001...1000, what: "m² per person > 0")
                }
                let within = required(entries, "within", path, item).flatMap { integer($0, "\(path).within", 0...1000) }
                guard let kind, let norm, let within else { return nil }
                return (index, Scenario.NormRule(kind: kind, m2PerPerson: norm, withinMinutes: within), item)
            }
            s.norms = normsRead.map(\.rule)
            var seen = Set<String>()
            for (index, norm, item) in normsRead where !seen.insert(norm.kind).inserted {
                fail("norms[\(index)].kind", item, "kind \(norm.kind) has two norms")
            }
        }
        for (index, rule, item) in coverageRead where !circlesBroken && s.circles[rule.withinMinutes] == nil {
            let source = top["coverage"] == nil ? " (the default coverage; give coverage: to change it)" : ""
            fail("coverage[\(index)].within", item, "\(rule.withinMinutes) is not a tier in circles (\(tiers(s)))\(source)")
        }
        for (index, rule, item) in normsRead where !circlesBroken && s.circles[rule.withinMinutes] == nil {
            let source = top["norms"] == nil ? " (the default norms; give norms: to change them)" : ""
            fail("norms[\(index)].within", item, "\(rule.withinMinutes) is not a tier in circles (\(tiers(s)))\(source)")
        }
        if let node = top["clustering"] { readClustering(node, into: &s.clustering) }
        if let node = top["score"] { readScore(node, into: &s.score) }
        if let node = top["objective"], let entries = mapping(node, "objective", allowed: ["discount"]),
            let value = entries["discount"], let discount = number(value, "objective.discount", 0.000001...1, what: "a factor")
        {
            s.discount = discount
        }
        if let node = top["locks"], !isNull(node) { s.locks = readLocks(node) }
        // SPEC §12: revise.keep_totals.
        if let node = top["revise"], let entries = mapping(node, "revise", allowed: ["keep_totals"]),
            let value = entries["keep_totals"], let keep = bool(value, "revise.keep_totals")
        {
            s.revise.keepTotals = keep
        }
        if let node = top["costs"], let entries = mapping(node, "costs", allowed: ["per_m2"]),
            let value = entries["per_m2"], let cost = number(value, "costs.per_m2", 0...1e7, what: "yuan per m² ≥ 0")
        {
            s.costPerM2Yuan = cost
        }
        if let node = top["solver"], let entries = mapping(node, "solver", allowed: ["time_limit_s", "mip_gap", "node_limit"]) {
            if let value = entries["time_limit_s"],
                let limit = number(value, "solver.time_limit_s", Scenario.SolverSettings.timeLimitRange, what: "seconds > 0")
            {
                s.solver.timeLimitS = limit
            }
            if let value = entries["mip_gap"], let gap = number(value, "solver.mip_gap", 0...1, what: "a share") {
                s.solver.mipGap = gap
            }
            if let value = entries["node_limit"] {
                if isNull(value) {
                    s.solver.nodeLimit = .unlimited
                } else if case .scalar(let scalar) = value, scalar.string == "scaled" {
                    s.solver.nodeLimit = .scaled
                } else if case .scalar(let scalar) = value, Double(scalar.string.replacingOccurrences(of: "_", with: "")) == nil {
                    fail("solver.node_limit", value, "must be a whole number of nodes, `scaled` or null, got \(describe(value))")
                } else if let n = integer(value, "solver.node_limit", 1...Int(Int32.max)) {
                    s.solver.nodeLimit = .nodes(n)
                }
            }
        }
    }

    func required(_ entries: [String: Node], _ key: String, _ path: String, _ node: Node) -> Node? {
        if let value = entries[key] { return value }
        fail("\(path).\(key)", node, "is required")
        return nil
    }

    func tiers(_ s: Scenario) -> String { s.circles.keys.sorted().map(String.init).joined(separator: ", ") }

    /// SPEC §13: `report: {language: zh | en}`.
    func readReport(_ node: Node, into s: inout Scenario) {
        guard let entries = mapping(node, "report", allowed: ["language"]) else { return }
        if let v = entries["language"], let value = string(v, "report.language") {
            if let language = ReportLanguage(rawValue: value) {
                s.reportLanguage = language
            } else {
                let names = ReportLanguage.allCases.map(\.rawValue)
                // "cn" is one edit from "en": name the language people mean before guessing by spelling.
                let lower = value.lowercased()
                let meant: String? =
                    ["cn", "chinese", "zh-cn", "zh_cn", "zh-hans", "中文", "汉语", "简体中文"].contains(lower) ? "zh"
                    : ["english", "en-us", "en_us", "en-gb", "英文", "英语"].contains(lower) ? "en"
                    : closest(lower, in: names)
                let hint = meant.map { " (did you mean '\($0)'?)" } ?? ""
                fail("report.language", v, "must be \(names.joined(separator: " or ")), got \"\(value)\"\(hint)")
            }
        }
    }

    func readEligibility(_ node: Node, into e: inout Scenario.Eligibility) {
        let keys = [
            "core_built_until", "extended_built_until", "extended_cap", "include_unsafe_after_core", "consent_min",
            "require_management_agreement",
        ]
        guard let entries = mapping(node, "eligibility", allowed: keys) else { return }
        if let v = entries["core_built_until"], let year = integer(v, "eligibility.core_built_until", 1800...2200) {
            e.coreBuiltUntil = year
        }
        if let v = entries["extended_built_until"],
            let year = integer(v, "eligibility.extended_built_until", 1800...2200)
        {
            e.extendedBuiltUntil = year
        }
        if let v = entries["extended_cap"], let cap = number(v, "eligibility.extended_cap", 0...1, what: "a share") {
            e.extendedCap = cap
        }
        if let v = entries["include_unsafe_after_core"], let flag = bool(v, "eligibility.include_unsafe_after_core") {
            e.includeUnsafeAfterCore = flag
        }
        if let v = entries["consent_min"], let share = number(v, "eligibility.consent_min", 0...1, what: "a share") {
            e.consentMin = share
        }
        if let v = entries["require_management_agreement"],
            let flag = bool(v, "eligibility.require_management_agreement")
        {
            e.requireManagementAgreement = flag
        }
        if e.extendedBuiltUntil < e.coreBuiltUntil {
            fail("eligibility.extended_built_until", entries["extended_built_until"] ?? node,
                 "must not be before core_built_until (\(e.coreBuiltUntil))")
        }
    }

    func readCircles(_ node: Node, into s: inout Scenario) {
        guard case .mapping(let mapping) = node else {
            fail("circles", node, "must map minutes to metres, e.g. {5: 300, 10: 500, 15: 1000}")
            return
        }
        var circles: [Int: Double] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard let minutes = Int(key), minutes > 0 else {
                fail("circles.\(key)", keyNode, "must be a whole number of minutes")
                continue
            }
            if let metres = number(value, "circles.\(key)", 0.001...100_000, what: "metres > 0") {
                circles[minutes] = metres
            }
        }
        // A longer walk reaches farther: {5: 1000, 10: 500} is two radii swapped.
        func format(_ metres: Double) -> String { metres == metres.rounded() ? "\(Int(metres))" : "\(metres)" }
        let tiers = circles.keys.sorted()
        for (shorter, longer) in zip(tiers, tiers.dropFirst()) where circles[longer]! < circles[shorter]! {
            let keyNode = mapping.first { $0.key.string == "\(longer)" }?.key
            fail("circles.\(longer)", keyNode, "\(longer) minutes reach \(format(circles[longer]!)) m, less than \(shorter) minutes' "
                + "\(format(circles[shorter]!)) m: a longer walk reaches farther; are two radii swapped?")
        }
        s.circles = circles
    }

    func readClustering(_ node: Node, into c: inout Scenario.ClusteringRules) {
        guard let entries = mapping(node, "clustering", allowed: ["adjacency_m", "max_households", "linked_saving"])
        else { return }
        if let v = entries["adjacency_m"], let m = number(v, "clustering.adjacency_m", 0...10_000, what: "metres ≥ 0") {
            c.adjacencyM = m
        }
        if let v = entries["max_households"], let h = integer(v, "clustering.max_households", 1...Int(Int32.max)) {
            c.maxHouseholds = h
        }
        if let v = entries["linked_saving"], let share = number(v, "clustering.linked_saving", 0...1, what: "a share") {
            c.linkedSaving = share
        }
    }

    func readScore(_ node: Node, into w: inout Scenario.ScoreWeights) {
        guard let entries = mapping(node, "score", allowed: ["weights", "hazard_weights"]) else { return }
        if let v = entries["weights"],
            let weights = mapping(v, "score.weights", allowed: Scenario.ScoreWeights.indicatorNames)
        {
            for (key, value) in weights {
                if let weight = number(value, "score.weights.\(key)", 0...1e6, what: "a weight ≥ 0") {
                    w.weights[key] = weight
                }
            }
            if w.weights.values.reduce(0, +) <= 0 { fail("score.weights", v, "must not all be 0") }
        }
        if let v = entries["hazard_weights"],
            let weights = mapping(v, "score.hazard_weights", allowed: Scenario.ScoreWeights.hazardNames)
        {
            for (key, value) in weights {
                if let weight = number(value, "score.hazard_weights.\(key)", 0...1e6, what: "a weight ≥ 0") {
                    w.hazardWeights[key] = weight
                }
            }
        }
    }

    func readLocks(_ node: Node) -> [Scenario.Lock] {
        guard case .mapping(let mapping) = node else {
            fail("locks", node, "must map estate ids to a year or never, e.g. {E0012: 2025, E0044: never}")
            return []
        }
        var locks: [Scenario.Lock] = []
        for (keyNode, value) in mapping {
            let id = keyNode.string ?? ""
            let path = "locks.\(id)"
            if case .scalar(let scalar) = value, scalar.string == "never" {
                locks.append(.init(estateID: id, target: .never, line: value.mark?.line))
            } else if case .scalar(let scalar) = value, Int(scalar.string) == nil,
                editDistance(Array(scalar.string.lowercased()), Array("never")) <= 2
            {
                fail(path, value, "must be a year or never, got \(scalar.string) (did you mean 'never'?)")
            } else if let year = integer(value, path, 1800...2200) {
                locks.append(.init(estateID: id, target: .year(year), line: value.mark?.line))
            }
        }
        return locks
    }
}

/// The allowed key nearest to a typo, for "did you mean" hints: the one equal but for case
/// (`CRS` for `crs`); else the nearest within two edits, case aside (``editDistance(_:_:)``);
/// else the one with the same words in another order (`min_consent` for `consent_min`); else
/// the only one of which it is a whole word (`annual` for `annual_yuan`, `households` for
/// `households_per_year`).
func closest(_ word: String, in candidates: [String]) -> String? {
    let lower = word.lowercased()
    if let same = candidates.first(where: { $0 != word && $0.lowercased() == lower }) { return same }
    let scored = candidates.map { ($0, editDistance(Array(lower), Array($0.lowercased()))) }.filter { $0.1 <= 2 }
    if let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) })?.0 { return best }
    let words = lower.split(separator: "_")
    if words.count > 1, let same = candidates.first(where: { $0.split(separator: "_").sorted() == words.sorted() }) { return same }
    guard lower.count >= 4, words.count == 1 else { return nil }
    let containing = candidates.filter { $0.split(separator: "_").contains(Substring(lower)) }
    return containing.count == 1 ? containing[0] : nil
}
