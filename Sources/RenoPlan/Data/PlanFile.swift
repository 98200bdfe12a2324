import CoreFoundation
import Foundation
import SwiftCSV

/// A plan as a file: the one reader behind `evaluate` (``GivenPlan``) and `revise`
/// (``ApprovedPlan``). A `plan.geojson` (any FeatureCollection whose features have an `id` and a
/// `year`) or a CSV `id,year[,state]` as an office's Excel saves it (docs/cycle.md); each estate
/// with its year, its state (SPEC §12) and where it is in the file. Every bad line or feature is
/// reported at once, with those that do not fit today's scenario (``checked(horizon:estateIDs:estatesFile:absentIsError:)``),
/// in file order.
public struct PlanFile: Sendable {
    /// An estate's state in the plan (SPEC §12).
    public enum State: String, Sendable, CaseIterable {
        /// In the plan, may move or leave if it must (for `revise`, each move counts as a change).
        case approved
        /// Works under way: fixed to its year.
        case started
        /// Done: status `completed`, out of the plan and the budgets.
        case completed

        /// The Chinese words an office's sheet uses for each state (docs/cycle.md).
        static let chinese: [(word: String, state: State)] = [
            ("已批准", .approved), ("批准", .approved), ("已批复", .approved), ("批复", .approved), ("计划", .approved), ("待实施", .approved), ("未开工", .approved),
            ("已开工", .started), ("开工", .started), ("开工中", .started), ("在建", .started), ("续建", .started), ("施工中", .started),
            ("已完成", .completed), ("完成", .completed), ("已竣工", .completed), ("竣工", .completed), ("完工", .completed),
            ("已完工", .completed),
        ]

        /// English words an office's sheet uses for a state besides its own name.
        static let english: [(word: String, state: State)] = [
            ("planned", .approved), ("started", .started), ("under way", .started), ("underway", .started),
            ("in progress", .started), ("ongoing", .started), ("complete", .completed), ("done", .completed),
            ("finished", .completed),
        ]

        /// The state a cell names (trimmed; English in any case, or a word of ``chinese``); nil
        /// if it names none. An empty cell is `approved`.
        static func named(_ text: String) -> State? {
            let name = text.trimmedOfSpaces.lowercased()
            if name.isEmpty { return .approved }
            return State(rawValue: name) ?? (chinese + english).first { $0.word == name }?.state
        }

        /// Words that are deliberately no state, and no slip of one either: 新开工 names a
        /// year's planned new starts, which may not have started (docs/cycle.md).
        static let notStates: Set<String> = ["新开工"]

        /// What a misspelt cell was meant to be, for "did you mean": the state's name for an
        /// English slip (`startd` → `'started'`), the word with its state for a Chinese one
        /// (`已开公` → `'已开工' (started)`).
        static func meant(_ text: String) -> String? {
            let trimmed = text.trimmedOfSpaces
            if trimmed.unicodeScalars.contains(where: { !$0.isASCII }) { return meantChinese(trimmed) }
            let words = allCases.map(\.rawValue) + english.map(\.word)
            guard let near = closest(trimmed.lowercased(), in: words),
                editDistance(Array(trimmed.lowercased()), Array(near)) <= 2
            else { return nil }
            return "'\((named(near) ?? .approved).rawValue)'"
        }

        /// A Chinese word one character from one of ``chinese``: a character slipped (已开公),
        /// left out or added (施工 for 施工中). Two or three characters leave no room for more:
        /// 施工 is two edits from 已完工 too. A word that contains the cell or is contained in it
        /// (施工, 施工中) comes before one with a character replaced (施工, 竣工); where the
        /// nearest words are of two states, both are said.
        static func meantChinese(_ text: String) -> String? {
            guard text.count >= 2, !notStates.contains(text) else { return nil }
            let near = chinese.filter { editDistance(Array(text), Array($0.word)) == 1 }
            let inside = near.filter { $0.word.contains(text) || text.contains($0.word) }
            let nearest = inside.isEmpty ? near : inside
            var said: [(word: String, state: State)] = []
            for candidate in nearest where !said.contains(where: { $0.state == candidate.state }) { said.append(candidate) }
            guard !said.isEmpty else { return nil }
            return said.map { "'\($0.word)' (\($0.state.rawValue))" }.joined(separator: " or ")
        }

        /// What a status renoplan writes in its plan.xlsx's 状态 column (or plan.geojson's
        /// `status`), in either language, says about the approved plan, so that a plan.xlsx, or
        /// a CSV saved from one of its sheets, is read as the plan it is: 本年度实施 and 后续年度实施
        /// (implement, prepare) are approved, 在建（已开工） and 续建 started, 已完成 completed;
        /// 储备 and 不符合改造条件 (reserve, ineligible) are not in the plan (nil).
        static let written: [String: State?] = {
            var words: [String: State?] = [:]
            for language in [ReportLanguage.zh, .en] {
                let w = Wording(language)
                for status in EstateStatus.allCases {
                    let state: State? = switch status {
                    case .implement, .prepare: .approved
                    case .underWay: .started
                    case .completed: .completed
                    case .reserve, .ineligible: nil
                    }
                    words[w.status(status).lowercased()] = state
                }
                words[w.status(.implement, started: true).lowercased()] = .started
            }
            return words
        }()

        /// `approved (已批准/批准/…), started (…) or completed (…)`, for messages.
        static var accepted: String {
            allCases.map { state in "\(state.rawValue) (\(chinese.filter { $0.state == state }.map(\.word).joined(separator: "/")))" }
                .joined(separator: ", ")
        }
    }

    public struct Entry: Sendable, Equatable {
        public var id: String
        /// Calendar year; nil only for a completed estate given without one.
        public var year: Int?
        public var state: State
        /// Where the line is, for messages: `approved.csv:4` or `plan.geojson: feature #3`.
        public var location: String
        /// Its place in the file (the CSV row or the feature, from 0), so that problems found at
        /// different steps are said in file order.
        public var order: Int = 0
        /// The feature's index in a plan.geojson; nil for a CSV line.
        public var featureIndex: Int?

        /// Whether its year fits `horizon`, the one check of a plan's years against the horizon:
        /// a completed estate's any year; a started one's a year of the horizon or before it
        /// (under way, 续建: ``isUnderWay(horizonStart:)``); an approved one's a year of the
        /// horizon.
        public func fits(_ horizon: [Int]) -> Bool {
            switch state {
            case .completed: true
            case .started: isUnderWay(horizonStart: horizon.first!) || year.map(horizon.contains) == true
            case .approved: year.map(horizon.contains) == true
            }
        }
    }

    /// A line or feature that cannot be read, or does not fit the scenario, at its place in the file.
    public struct Problem: Sendable {
        public var order: Int
        public var error: InputError
    }

    /// Entries read well, in file order (estates with no year and no state are not in the plan
    /// and left out).
    public var entries: [Entry]
    /// The lines or features that could not be read (a bad state or year, an estate listed
    /// twice), in file order.
    public var problems: [Problem] = []
    /// What the planner should know of how the file was read (a CSV in GB18030), for the terminal.
    public var notes: [String] = []
    /// The file's name.
    public var source: String
    /// SPEC §10: the optional levels done with each estate (by id), from plan.geojson `levels`.
    public var levels: [String: [String]] = [:]
    /// What a plan.geojson says of its estates: cost before pledges, households, and how many
    /// estates shared the estate's cluster.
    public var figures: [String: (costYuan: Double, households: Int, clusterSize: Int)] = [:]
    /// The estates' names as a plan.geojson (or a sheet with a name column) gives them (for an
    /// estate today's data no longer has).
    public var names: [String: String] = [:]
    /// The households a sheet gives (a plan.geojson's are in ``figures``).
    var sheetHouseholds: [String: Int] = [:]
    /// The ids of a plan.geojson's features in file order, those not in the plan included (the
    /// reserve): the estates whose names and households say whose plan it is.
    var featureIDs: [String] = []

    /// The started and completed estates as the scenario carries them into the analysis.
    public var approvedStates: Scenario.ApprovedStates { Self.states(of: entries) }

    /// The started and completed estates of `entries`.
    static func states(of entries: [Entry]) -> Scenario.ApprovedStates {
        var states = Scenario.ApprovedStates()
        for entry in entries {
            switch entry.state {
            case .approved: continue
            case .started: states.started[entry.id] = entry.year
            case .completed:
                states.completed.insert(entry.id)
                if let year = entry.year { states.completedYears[entry.id] = year }
            }
            states.sources[entry.id] = entry.location
        }
        return states
    }

    /// The started and completed estates whose years fit `horizon` (``Entry/fits(_:)``), as seen
    /// from it (``Scenario/ApprovedStates/rolled(toHorizonStart:spaces:)``): a started estate of a
    /// year before it is under way, and the facility space of `spaces` (the plan's sites.geojson)
    /// built before it exists. One whose year does not fit is an error said by
    /// ``checked(horizon:estateIDs:estatesFile:absentIsError:)``, and must not lock a cluster to a
    /// year the model does not have.
    public func approvedStates(within horizon: [Int], spaces: [GivenPlan.SiteSpace] = []) -> Scenario.ApprovedStates {
        Self.states(of: entries.filter { $0.fits(horizon) }).rolled(toHorizonStart: horizon.first!, spaces: spaces)
    }

    /// One line or feature as the file gives it, before it is checked.
    private struct Line {
        var id: String
        var year: String?
        var state: String?
        /// A sheet's name and households cells, where it has such columns (renoplan's plan.xlsx,
        /// an office's list): they say whose plan it is (``identityCheck(estates:estatesFile:scenario:summary:_:)``).
        var name: String? = nil
        var households: String? = nil
        /// The key the state came from: `state`, or in a plan.geojson `approved_state` (written
        /// by `revise`) or `status: completed`.
        var stateKey = "state"
        var location: String
        var order: Int
        /// The feature's index in a plan.geojson, nil for a CSV line.
        var featureIndex: Int?
    }

    /// Reads a plan.geojson, a CSV, a workbook or a GIS layer of the plan (by the extension).
    /// Lines that cannot be read (a bad state, a year that is not a whole year, a missing id, an
    /// estate listed twice) are collected in ``problems``; only a file that cannot be read at all
    /// throws.
    public static func read(_ url: URL) throws -> PlanFile {
        let file = url.lastPathComponent
        var plan = PlanFile(entries: [], source: file)
        let lines: [(order: Int, line: Result<Line, InputError>)]
        if ["et", "ods"].contains(url.pathExtension.lowercased()) {
            throw InputError(
                file: file,
                problem: "an .\(url.pathExtension) spreadsheet (WPS or OpenDocument) is not read as a plan: save it as an Excel Workbook (.xlsx) or as CSV "
                    + "UTF-8 (Excel/WPS: 另存为), with the columns 编号, 年度 and 状态 (or id, year, state), or give the plan.geojson "
                    + "of the run it came from")
        }
        if ["xlsx", "xls"].contains(url.pathExtension.lowercased()) {
            lines = try workbookLines(url)
        } else if url.pathExtension.lowercased() == "csv" {
            let (text, note) = try csvText(url)
            if let note { plan.notes.append(note) }
            lines = try csvLines(text, file: file)
        } else {
            let features = LayerFormat(url) == .geoJSON ? try features(url) : try gisFeatures(url)
            lines = geoJSONLines(features, file: file)
            plan.readExtras(features)
        }
        var seen: [String: String] = [:]
        for (order, result) in lines {
            do {
                let line = try result.get()
                if line.featureIndex == nil, plan.names[line.id] == nil, plan.sheetHouseholds[line.id] == nil {
                    // A sheet's row, in the plan or not (the reserve): what it says of the estate.
                    plan.featureIDs.append(line.id)
                    if let name = line.name, !name.isEmpty { plan.names[line.id] = name }
                    if let households = line.households.flatMap({ PropertyText.number($0) }), households >= 0, households < 1e9 {
                        plan.sheetHouseholds[line.id] = Int(households.rounded())
                    }
                }
                guard let entry = try entry(line, file: file) else { continue }
                if let earlier = seen[entry.id] {
                    throw error(line, file: file, key: "id", "estate \(entry.id) is listed twice (also at \(earlier))", naming: false)
                }
                seen[entry.id] = entry.location
                plan.entries.append(entry)
            } catch let error as InputError {
                plan.problems.append(Problem(order: order, error: error))
            }
        }
        return plan
    }

    /// Reads the file and throws every line that cannot be read (for a plan not held against a
    /// scenario).
    static func readWhole(_ url: URL) throws -> PlanFile {
        let plan = try read(url)
        guard plan.problems.isEmpty else { throw InputErrors(errors: plan.problems.map(\.error)) }
        return plan
    }

    // MARK: - Against today's scenario

    /// The file held against today's scenario (SPEC §12).
    public struct Checked: Sendable {
        /// The entries whose estate is in today's data and whose year fits the horizon.
        public var entries: [Entry]
        /// Entries whose estate is not in today's data and whose id is like none of its ids
        /// (demolished, merged, removed from the reserve); only when absent estates are not errors.
        public var absent: [Entry]
        /// Every problem, the file's own and the scenario's, in file order.
        public var problems: [Problem]
    }

    /// Every problem of the file in file order: its own (``problems``), years that do not fit
    /// `horizon` (``Entry/fits(_:)``: outside it, for approved estates and started ones after
    /// it), and, with `estateIDs`, ids that are not in today's data.
    /// Such an id is an error naming the id it was probably meant as (``meant(_:in:listed:)``);
    /// otherwise it is an error only if `absentIsError`, or if no estate of the file is in the
    /// data (then the data is probably not the plan's).
    public func checked(horizon: [Int], estateIDs: [String]? = nil, estatesFile: String = "", absentIsError: Bool = true) -> Checked {
        var result = Checked(entries: [], absent: [], problems: problems)
        let known = estateIDs.map(Set.init)
        let listed = Set(entries.map(\.id))
        var outside: [(entry: Entry, year: Int)] = []
        for entry in entries {
            if !entry.fits(horizon), let year = entry.year {
                outside.append((entry, year))
                continue
            }
            guard let known, let estateIDs, !known.contains(entry.id) else {
                result.entries.append(entry)
                continue
            }
            let near = Self.meant(entry.id, in: estateIDs, listed: listed)
            if entry.state == .started, !entry.isUnderWay(horizonStart: horizon.first!), near.isEmpty {
                // Works under way in a horizon year hold their year's money: they cannot leave the
                // plan because the data lost the estate.
                result.problems.append(Problem(order: entry.order, error: Self.error(
                    at: entry, file: source, key: "id",
                    Self.notInData(entry.id, estatesFile: estatesFile, meant: near)
                        + ", but its works are under way (started): works under way cannot leave the plan; put the estate back in "
                        + "\(estatesFile), or mark it completed if its works are done", naming: false)))
            } else if absentIsError || !near.isEmpty {
                result.problems.append(Problem(order: entry.order, error: Self.error(
                    at: entry, file: source, key: "id", Self.notInData(entry.id, estatesFile: estatesFile, meant: near), naming: false)))
            } else {
                result.absent.append(entry)
            }
        }
        result.problems += Self.outsideHorizon(outside, horizon: horizon, file: source)
        if !result.absent.isEmpty, !entries.contains(where: { known?.contains($0.id) == true }) {
            result.problems.append(Problem(order: -1, error: InputError(
                file: source, key: "id",
                problem: "none of its \(entries.count) estates is in \(estatesFile): is the scenario's geodata.estates the data this plan was made with?")))
            result.absent = []
        }
        result.problems = Self.inFileOrder(result.problems)
        return result
    }

    /// A plan file held against today's scenario: what `evaluate`, `revise` and `alternatives
    /// --approved` read first (``hold(planAt:scenarioAt:absentIsError:)``).
    struct Held {
        let file: PlanFile
        /// Today's scenario with the file's started and completed estates, rolled to its horizon.
        let scenario: Scenario
        /// The space of the sites.geojson beside a plan.geojson; nil for a CSV or when there is none.
        let sites: [GivenPlan.SiteSpace]?
        let analysis: Analysis
        /// The file's entries in today's data; its problems, the lock conflicts included, in file order.
        let checked: Checked
        /// What the planner should know of the file against today's data (a few estates renamed
        /// or recounted since), in the scenario's language.
        var warnings: [String] = []
    }

    /// Reads the plan at `url` and today's scenario, analyses the scenario with the plan's
    /// started and completed estates and the space built before the horizon, and checks the plan
    /// against it (``checked(horizon:estateIDs:estatesFile:absentIsError:)``). A started estate
    /// the scenario locks to another year is a problem too: works under way hold their year.
    /// Problems are returned, not thrown (the caller may add warnings); if the data itself has
    /// problems, the file's that need no data are thrown with them.
    static func hold(planAt url: URL, scenarioAt scenarioURL: URL, absentIsError: Bool) throws -> Held {
        var scenario = try Scenario.load(from: scenarioURL)
        let file = try read(url)
        let calendar = scenario.horizon.calendarYears
        let locks = Dictionary(scenario.locks.map { ($0.estateID, $0) }, uniquingKeysWith: { first, _ in first })
        var lockProblems: [Problem] = []
        for entry in file.entries where entry.state == .started {
            if let year = entry.year, calendar.contains(year), let lock = locks[entry.id], lock.target != .year(year) {
                lockProblems.append(Problem(order: entry.order, error: InputError(
                    file: entry.location,
                    problem: "\(entry.id) is started in \(year) but the scenario's locks.\(entry.id) (line \(lock.line.map(String.init) ?? "?")) says otherwise: remove that lock")))
            }
        }
        let sites = try GivenPlan.SiteSpace.read(besidePlan: url)
        scenario.approvedStates = file.approvedStates(within: calendar, spaces: sites ?? [])
        let analysis = try file.analyse(scenario, extra: lockProblems)
        var checked = file.checked(
            horizon: calendar, estateIDs: analysis.district.estates.map(\.id), estatesFile: scenario.geodata.estates.lastPathComponent,
            absentIsError: absentIsError)
        // Another district's plan matches today's ids (E0001, … in every generated district) but
        // not its names and households: said before the problems that follow from it.
        let summary = url.deletingLastPathComponent().appendingPathComponent("summary.json")
        let identity = file.identityCheck(
            estates: Dictionary(analysis.district.estates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            estatesFile: scenario.geodata.estates.lastPathComponent, scenario: scenario,
            summary: FileManager.default.fileExists(atPath: summary.path) ? summary : nil, analysis.wording)
        checked.problems = inFileOrder(checked.problems + lockProblems + (identity.error.map { [Problem(order: -1, error: $0)] } ?? []))
        return Held(
            file: file, scenario: scenario, sites: sites, analysis: analysis, checked: checked, warnings: identity.warning.map { [$0] } ?? [])
    }

    /// A plan's year outside the scenario's horizon, in words, with the fix for its side: a year
    /// before it is history (its works done or under way, or the horizon starts too late); a
    /// year after it needs a longer horizon, or the line is not for this plan.
    /// The estates whose years lie outside `horizon`: each at its line, or, beyond three on one
    /// side of the horizon, said once for that side, with the years and the first estates (a
    /// plan of other years gives every line the same error).
    static func outsideHorizon(_ outside: [(entry: Entry, year: Int)], horizon: [Int], file: String) -> [Problem] {
        [outside.filter { $0.year < horizon[0] }, outside.filter { $0.year > horizon.last! }].flatMap { side -> [Problem] in
            guard side.count > 3, let first = side.first else {
                return side.map { Problem(order: $0.entry.order, error: error(at: $0.entry, file: file, key: "year", outsideHorizon($0.year, horizon))) }
            }
            let years = Set(side.map(\.year)).sorted()
            let span = years.count == 1 ? "\(years[0])" : "\(years.first!)–\(years.last!)"
            let shown = side.prefix(3).map { "\($0.entry.id) at \($0.entry.location)" }.joined(separator: ", ")
            let extreme = first.year < horizon[0] ? years.first! : years.last!
            let problem = "\(side.count) estates have years (\(span)) outside the horizon "
                + outsideHorizon(extreme, horizon).replacingOccurrences(of: "\(extreme) is outside the horizon ", with: "")
                + "; the first: \(shown)"
            return [Problem(order: first.entry.order, error: InputError(file: file, key: "year", problem: problem))]
        }
    }

    static func outsideHorizon(_ year: Int, _ horizon: [Int]) -> String {
        let (first, last) = (horizon.first!, horizon.last!)
        let fix = year < first
            ? "mark finished works completed and works still under way started; start the scenario's horizon at the year being revised"
            : "it lies after \(last): lengthen the scenario's horizon.years to \(year - first + 1), with a budget for each year, "
                + "or take the line out of the plan"
        return "\(year) is outside the horizon \(first)–\(last) (\(fix))"
    }

    /// A plan's estate that today's data does not have, in words, with the ids it was probably meant as.
    static func notInData(_ id: String, estatesFile: String, meant: [String]) -> String {
        "no estate has id \(id) in \(estatesFile)" + (meant.isEmpty ? "" : " (did you mean \(meant.joined(separator: " or "))?)")
    }

    /// Analyses `scenario` (with this file's started and completed estates); if the data has
    /// problems, this file's (those that need no data, and `extra`) are said with them.
    func analyse(_ scenario: Scenario, extra: [Problem] = []) throws -> Analysis {
        do {
            return try Pipeline.analyse(scenario)
        } catch var invalid as InvalidInput {
            let own = checked(horizon: scenario.horizon.calendarYears).problems + extra
            invalid.inputErrors += Self.inFileOrder(own).map(\.error)
            throw invalid
        }
    }

    /// Problems sorted by their place in the file, those at one place as they came.
    static func inFileOrder(_ problems: [Problem]) -> [Problem] {
        problems.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element)
    }

    /// The ids of today's data `id` (not among them) was probably meant as, none if it is
    /// probably an estate that is gone: an id equal to it but for case, spaces, full-width
    /// characters or O/0 and I/l/1; else the only id ending in it or it ending in (`0279` for
    /// `E0279`, leading characters lost); else the only id one edit away. Ids listed elsewhere in
    /// the plan are not candidates. (In a numbered series, E0278, E0270 and E0289 are all one
    /// edit from a gone E0279: none of them is the one meant.)
    ///
    /// - Complexity: O(n·k²) for n ids of about k characters.
    static func meant(_ id: String, in ids: [String], listed: Set<String>) -> [String] {
        let candidates = ids.filter { !listed.contains($0) }
        let folded = fold(id)
        let same = candidates.filter { fold($0) == folded }
        if !same.isEmpty { return same }
        if id.count >= 2 {
            let ends = candidates.filter { $0.hasSuffix(id) || ($0.count >= 2 && id.hasSuffix($0)) }
            if ends.count == 1 { return ends }
        }
        let lower = Array(id.lowercased())
        let near = candidates.filter {
            abs($0.count - id.count) <= 1 && editDistance(lower, Array($0.lowercased())) == 1
        }
        return near.count == 1 ? near : []
    }

    /// Lower case, without spaces, full-width forms as ASCII, O as 0 and I, L as 1.
    private static func fold(_ id: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in id.lowercased().unicodeScalars {
            // Full-width ASCII (U+FF01…U+FF5E, as a Chinese input method types it) is ASCII.
            let ascii = (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
            switch ascii {
            case " ", "\u{3000}": continue
            case "o", "O": scalars.append("0")
            case "i", "l", "I", "L": scalars.append("1")
            default: scalars.append(ascii)
            }
        }
        return String(scalars)
    }

    // MARK: - Reading

    /// A CSV's text: UTF-8 (SwiftCSV drops a byte-order mark), else GB18030 (GBK is a part of
    /// it), which Excel and WPS on a Chinese Windows write for "CSV (逗号分隔)", said in a note.
    private static func csvText(_ url: URL) throws -> (text: String, note: String?) {
        let data = try readFile(url)
        if let text = String(data: data, encoding: .utf8) { return (text, nil) }
        let gb18030 = String.Encoding(
            rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
        let file = url.lastPathComponent
        guard let text = String(data: data, encoding: gb18030) else {
            throw InputError(
                file: file, problem: "is neither UTF-8 nor GB18030/GBK text: save it as CSV UTF-8 (Excel: 另存为 → CSV UTF-8)")
        }
        return (text, "\(file) is not UTF-8: read as GB18030 (GBK), the encoding of a CSV saved by Excel on a Chinese Windows")
    }

    /// Header names of the columns, as renoplan writes them and as an office's sheet does,
    /// compared after ``ScenarioStarter/normalise(_:)`` (case, spaces, underscores and a unit
    /// in brackets aside). The id column takes the estates layer's names for it.
    static let columnNames: [(key: String, names: [String])] = [
        ("id", ["id"] + (ScenarioStarter.synonyms[.estates]?["id"] ?? [])),
        ("year", ["year", "年度", "年份", "计划年度", "实施年度", "改造年度", "计划年份", "实施年份", "改造年份"]),
        // `status`: the column of renoplan's own English plan.xlsx (状态 of its Chinese one).
        ("state", ["state", "status", "状态", "实施状态", "项目状态", "改造状态", "进展", "进度"]),
    ]

    /// The rows of a CSV `id,year[,state]` (other columns, a title line above the header, blank
    /// rows and rows of empty cells are passed over), each at `file:line`.
    private static func csvLines(_ text: String, file: String) throws -> [(order: Int, line: Result<Line, InputError>)] {
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw InputError(file: file, problem: "is not valid CSV: \(error)")
        }
        let rows = [csv.header] + csv.rows
        guard let lines = try tableLines(rows, location: { "\(file):\($0)" }, order: 0) else {
            throw InputError(
                file: file,
                problem: "needs a header line naming an id and a year column, found \"\(csv.header.joined(separator: ","))\"\(nearMissHint(rows)); \(acceptedNames)")
        }
        return lines
    }

    /// The rows of every sheet of an .xlsx workbook that has an id and a year column (renoplan's
    /// plan.xlsx: one sheet per year and the reserve; an office's: one sheet), each at
    /// `file, sheet S: row N`. Sheets without such a header (a summary, notes) are passed over.
    private static func workbookLines(_ url: URL) throws -> [(order: Int, line: Result<Line, InputError>)] {
        let file = url.lastPathComponent
        let (sheets, reason) = SheetLayout.sheets(url)
        guard let sheets else {
            throw InputError(file: file, problem: "cannot be read as an Excel workbook\(reason.isEmpty ? "" : ": \(reason)"): save it again from Excel or WPS as an Excel Workbook (.xlsx)")
        }
        var lines: [(order: Int, line: Result<Line, InputError>)] = []
        var read = false
        for (index, sheet) in sheets.enumerated() {
            guard let found = try tableLines(sheet.rows, location: { "\(file), sheet \(sheet.name): row \($0)" }, order: index * 10_000_000)
            else { continue }
            read = true
            lines += found
        }
        guard read else {
            let headers = sheets.map { "\($0.name): \"\(($0.rows.first { $0.contains { !$0.isEmpty } } ?? []).filter { !$0.isEmpty }.joined(separator: ","))\"" }
            throw InputError(
                file: file,
                problem: "has no sheet with a header naming an id and a year column (its sheets and first rows: \(headers.joined(separator: "; "))); \(acceptedNames)")
        }
        return lines
    }

    /// The header names accepted, for the error that finds none.
    private static var acceptedNames: String {
        let accepted = columnNames.map { "\($0.key)\($0.key == "state" ? " (optional)" : ""): \($0.names.joined(separator: ", "))" }
        return "the names accepted (case, spaces and a unit in brackets aside) are, for \(accepted.joined(separator: "; for "))"
    }

    /// The lines of a table's rows (a CSV's or a sheet's, row 1 first) below the first of its
    /// first five rows naming an id and a year column (sheets often carry a title line or two
    /// above it), each at `location(row number)`, in `order` + row; nil when no row names both.
    /// A header without a state column but with a column almost named as one (`stat`) throws:
    /// every state would be read as approved, and started works would move (docs/data.md,
    /// near-miss property name).
    private static func tableLines(_ rows: [[String]], location: (Int) -> String, order: Int) throws -> [(order: Int, line: Result<Line, InputError>)]? {
        var found: (line: Int, columns: [String: Int])?
        for (index, row) in rows.prefix(5).enumerated() {
            let columns = headerColumns(row)
            if columns["id"] != nil, columns["year"] != nil {
                found = (index, columns)
                break
            }
        }
        guard let (headerLine, columns) = found, let idColumn = columns["id"], let yearColumn = columns["year"] else { return nil }
        if let miss = nearMisses(rows[headerLine], found: columns).first {
            throw InputError(file: location(headerLine + 1), key: miss.cell, problem: nearMissProblem(miss, column: true))
        }
        let stateColumn = columns["state"]
        let identity = identityColumns(rows[headerLine])
        return rows.enumerated().dropFirst(headerLine + 1).compactMap { offset, row in
            func cell(_ column: Int?) -> String? {
                column.flatMap { $0 < row.count ? row[$0].trimmedOfSpaces : nil }
            }
            // A blank line or a row of empty cells (an Excel export's last rows) is no line.
            guard row.contains(where: { !$0.trimmedOfSpaces.isEmpty }) else { return nil }
            let at = location(offset + 1)
            guard let id = cell(idColumn), !id.isEmpty else {
                // A row with neither id, year nor state plans nothing: a 合计 row, the site space
                // and spending rows under each year of renoplan's plan.xlsx, a note.
                if SheetLayout.kind(row, key: idColumn) != .data || (cell(yearColumn) ?? "").isEmpty && (cell(stateColumn) ?? "").isEmpty {
                    return nil
                }
                return (order + offset, .failure(InputError(file: at, key: "id", problem: "the id is empty")))
            }
            return (order + offset, .success(Line(
                id: id, year: cell(yearColumn), state: cell(stateColumn), name: cell(identity.name),
                households: cell(identity.households), location: at, order: order + offset)))
        }
    }

    /// The cells of a header line that name no column renoplan reads but are near a name of a
    /// column the header lacks (``PropertyNames/nearMiss(_:keys:)``, as for estate properties:
    /// `stat` for `state`, `yaer` for `year`), each with the name meant.
    static func nearMisses(_ header: [String], found: [String: Int]) -> [(cell: String, name: String)] {
        var misses: [(cell: String, name: String)] = []
        for (column, cell) in header.enumerated() where !found.values.contains(column) {
            let text = cell.trimmedOfSpaces
            guard !text.isEmpty else { continue }
            for (key, names) in columnNames where found[key] == nil {
                let normal = names.map(ScenarioStarter.normalise)
                if let near = PropertyNames.nearMiss(ScenarioStarter.normalise(text), keys: normal) {
                    misses.append((text, names[normal.firstIndex(of: near.key)!]))
                    break
                }
            }
        }
        return misses
    }

    /// `stat is not a column renoplan reads (did you mean 'state'?)`, with what would go wrong.
    static func nearMissProblem(_ miss: (cell: String, name: String), column: Bool) -> String {
        let key = miss.name == "approved_state" ? "state" : columnNames.first { $0.names.contains(miss.name) }?.key ?? miss.name
        let consequence = switch (key, column) {
        case ("state", true): "every row's state would be taken as approved, so works started or completed would be planned again"
        case ("state", false): "its state would be taken as approved"
        case ("year", false): "its year would be taken as absent (not in the plan)"
        default: "the \(key) would not be read"
        }
        return "\(miss.cell) is not a \(column ? "column" : "property") renoplan reads (did you mean '\(miss.name)'?); \(consequence): "
            + "rename the \(column ? "column" : "property") to \(miss.name)"
    }

    /// For the error that finds no header: the near misses of the first of the first five rows
    /// that has any, as ` (did you mean 'year' for 'yaer'?)`; empty when none has.
    private static func nearMissHint(_ rows: [[String]]) -> String {
        for row in rows.prefix(5) {
            let misses = nearMisses(row, found: headerColumns(row))
            if !misses.isEmpty {
                return " (did you mean " + misses.map { "'\($0.name)' for '\($0.cell)'" }.joined(separator: ", ") + "?)"
            }
        }
        return ""
    }

    /// The column of each key in a header line, the first that matches in the order of the
    /// names (`id` before `编号`), empty when none does.
    /// The name and households columns of a header line, where it has them (renoplan's plan.xlsx
    /// heads them 小区名称 / estate name and 户数 / households), by the estates layer's names.
    private static func identityColumns(_ header: [String]) -> (name: Int?, households: Int?) {
        let normal = header.map(ScenarioStarter.normalise)
        func column(_ key: String, _ extra: [String]) -> Int? {
            (extra + [key] + (ScenarioStarter.synonyms[.estates]?[key] ?? [])).lazy.compactMap { normal.firstIndex(of: ScenarioStarter.normalise($0)) }.first
        }
        return (column("name", ["estate name"]), column("households", []))
    }

    private static func headerColumns(_ header: [String]) -> [String: Int] {
        let normal = header.map(ScenarioStarter.normalise)
        var columns: [String: Int] = [:]
        for (key, names) in columnNames {
            for name in names.map(ScenarioStarter.normalise) {
                if let column = normal.firstIndex(of: name), !columns.values.contains(column) {
                    columns[key] = column
                    break
                }
            }
        }
        return columns
    }

    private static func features(_ url: URL) throws -> [JSONValue] {
        guard let features = try JSONIO.decodeFile(url)["features"]?.arrayValue else {
            throw InputError(file: url.lastPathComponent, problem: "is neither a plan.geojson FeatureCollection nor a CSV id,year[,state]")
        }
        return features
    }

    /// A plan kept as a GIS layer (the plan.geojson saved as a Shapefile or GeoPackage after
    /// editing in QGIS or ArcGIS), read through GDAL as plan.geojson's features: the attribute
    /// table only; a list GDAL wrote as text (`levels`) is a list
    /// again, and a Shapefile's cut names (`approved_s`) are read as the names they were cut from.
    private static func gisFeatures(_ url: URL) throws -> [JSONValue] {
        var errors: [InputError] = []
        guard let contents = OGRLayerReader(url: url, source: LayerSource(), kind: .estates, table: true).readContents(errors: &errors)
        else { throw InputErrors(errors: errors) }
        return contents.features.map { feature in
            var properties = feature.properties
            // A Shapefile cuts column names to 10 characters: approved_state is approved_s.
            for key in ["approved_state", "households"] where properties[key] == nil {
                if let cut = properties[String(key.prefix(10))] { properties[key] = cut }
            }
            if case .string(let text)? = properties["levels"] { properties["levels"] = .array(PropertyText.list(text).map(JSONValue.string)) }
            return ["properties": .object(properties)]
        }
    }

    /// The features of a plan.geojson, each at `file: feature #i`. A completed estate in a
    /// revised plan keeps its state (`approved_state`, or `status: completed`).
    private static func geoJSONLines(_ features: [JSONValue], file: String) -> [(order: Int, line: Result<Line, InputError>)] {
        features.enumerated().map { index, feature in
            let properties = feature["properties"]
            guard let id = LayerJoin.idText(properties?["id"]) else {
                return (index, .failure(InputError(file: file, featureIndex: index, key: "id", problem: "id is missing")))
            }
            func failure(_ key: String, _ problem: String) -> (Int, Result<Line, InputError>) {
                (index, .failure(InputError(file: file, featureIndex: index, featureID: id, key: key, problem: problem)))
            }
            // A misspelt year or state (`stat`) would be read as absent: the estate approved, or
            // not in the plan (docs/data.md, near-miss property name).
            let read = ["year", "state", "approved_state"]
            for name in (properties?.objectValue?.keys.sorted() ?? []) where !read.contains(name) {
                if let near = PropertyNames.nearMiss(name, keys: read), properties?[near.key] == nil {
                    return failure(name, nearMissProblem((name, near.key), column: false))
                }
            }
            var line = Line(id: id, location: "\(file): feature #\(index)", order: index, featureIndex: index)
            switch properties?["year"] {
            case .number(let year)?: line.year = year == year.rounded() ? String(Int(year)) : String(year)
            case .null?, nil: break
            case let other?: return failure("year", "year must be a number or null, got \(other.shortDescription)")
            }
            for key in ["state", "approved_state"] where line.state == nil {
                switch properties?[key] {
                case .string(let state)?: (line.state, line.stateKey) = (state, key)
                case .null?, nil: break
                case let other?: return failure(key, "\(key) must be a string, got \(other.shortDescription)")
                }
            }
            if line.state == nil, properties?["status"]?.stringValue == EstateStatus.completed.rawValue {
                (line.state, line.stateKey) = (State.completed.rawValue, "status")
            }
            return (index, .success(line))
        }
    }

    /// The levels and the figures the plan was made with (a renoplan plan.geojson has them all).
    private mutating func readExtras(_ features: [JSONValue]) {
        for feature in features {
            guard let id = LayerJoin.idText(feature["properties"]?["id"]), let list = feature["properties"]?["levels"]?.arrayValue else { continue }
            let names = list.compactMap(\.stringValue).filter { $0 != "basic" }
            if !names.isEmpty { levels[id] = names }
        }
        var clusterSizes: [String: Int] = [:]
        for feature in features {
            if let cluster = feature["properties"]?["cluster"]?.stringValue { clusterSizes[cluster, default: 0] += 1 }
        }
        for feature in features {
            guard let id = LayerJoin.idText(feature["properties"]?["id"]) else { continue }
            featureIDs.append(id)
            if let name = feature["properties"]?["name"]?.stringValue { names[id] = name }
        }
        for feature in features {
            let p = feature["properties"]
            guard let id = LayerJoin.idText(p?["id"]), let cost = p?["cost_yuan"]?.numberValue, let households = p?["households"]?.numberValue
            else { continue }
            figures[id] = (cost, Int(households), p?["cluster"]?.stringValue.flatMap { clusterSizes[$0] } ?? 1)
        }
    }

    /// A year as an office's sheet writes it: `2026`, `2026年`, `2026年度`, `2026.0` (a whole number saved
    /// as a decimal), spaces around; nil for anything else (`2026.5`, `20x5`).
    static func year(_ text: String) -> Int? {
        var text = text.trimmedOfSpaces
        for suffix in ["年度", "年"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmedOfSpaces
            break
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), parts.dropFirst().allSatisfy({ $0.allSatisfy { $0 == "0" } })
        else { return nil }
        return Int(whole)
    }

    /// The line checked: nil when it has neither year nor state (not in the plan).
    private static func entry(_ line: Line, file: String) throws -> Entry? {
        let stateText = (line.state ?? "").trimmedOfSpaces
        let yearGiven = !(line.year ?? "").trimmedOfSpaces.isEmpty
        if let written = State.written[stateText.lowercased()], written == nil {
            // 储备 or 不符合改造条件 in a plan.xlsx: not in the plan, as its empty year says.
            guard !yearGiven else {
                throw error(line, file: file, key: line.stateKey, "\"\(stateText)\" says the estate is not in the plan, yet its year is \(line.year!.trimmedOfSpaces)")
            }
            return nil
        }
        guard let state = State.written[stateText.lowercased()].flatMap({ $0 }) ?? State.named(stateText) else {
            let hint = State.meant(stateText).map { " (did you mean \($0)?)" } ?? ""
            throw error(line, file: file, key: line.stateKey, "\(line.stateKey) must be one of \(State.accepted), got \"\(line.state ?? "")\"\(hint)")
        }
        let yearText = (line.year ?? "").trimmedOfSpaces
        var year: Int?
        if !yearText.isEmpty {
            guard let value = Self.year(yearText), (1000...3000).contains(value) else {
                throw error(line, file: file, key: "year", "year must be a whole year such as 2026 (or 2026年), got \"\(yearText)\"")
            }
            year = value
        }
        if year == nil && state != .completed {
            if stateText.isEmpty { return nil }  // not in the plan
            throw error(line, file: file, key: "year", "\(state == .approved ? "an" : "a") \(state.rawValue) estate needs its year")
        }
        return Entry(id: line.id, year: year, state: state, location: line.location, order: line.order, featureIndex: line.featureIndex)
    }

    /// An error at the line: `approved.csv:4: E1: …` (`naming` the estate), or at the feature
    /// `plan.geojson: feature #3 (E1): …`.
    private static func error(_ line: Line, file: String, key: String, _ problem: String, naming: Bool = true) -> InputError {
        error(id: line.id, location: line.location, featureIndex: line.featureIndex, file: file, key: key, problem, naming: naming)
    }

    static func error(at entry: Entry, file: String, key: String, _ problem: String, naming: Bool = true) -> InputError {
        error(id: entry.id, location: entry.location, featureIndex: entry.featureIndex, file: file, key: key, problem, naming: naming)
    }

    private static func error(
        id: String, location: String, featureIndex: Int?, file: String, key: String, _ problem: String, naming: Bool
    ) -> InputError {
        guard let featureIndex else {
            return InputError(file: location, key: key, problem: naming ? "\(id): \(problem)" : problem)
        }
        return InputError(file: file, featureIndex: featureIndex, featureID: id, key: key, problem: problem)
    }
}
