import Foundation

/// A plan made elsewhere (by hand, by the ranked list, by another run): which year each estate is
/// renovated in, and the facility space added on sites.
public struct GivenPlan: Sendable {
    public struct SiteSpace: Sendable, Equatable {
        public var siteID: String
        public var kind: String
        public var year: Int
        public var m2: Double
        /// The feature's index in its sites.geojson, for messages.
        public var featureIndex: Int? = nil

        /// The space of the `sites.geojson` beside a plan.geojson (`id`, `kind`, `year`, `m2` per
        /// feature); nil for a CSV plan or when there is no such file.
        static func read(besidePlan url: URL) throws -> [SiteSpace]? {
            let sitesURL = url.deletingLastPathComponent().appendingPathComponent("sites.geojson")
            guard url.pathExtension.lowercased() != "csv", FileManager.default.fileExists(atPath: sitesURL.path) else { return nil }
            let features = try JSONIO.decodeFile(sitesURL)["features"]?.arrayValue ?? []
            // A plan kept in the data folder (an office's workbook) has the district's candidate
            // sites beside it, not a plan's space: no feature of those has a year and m².
            func isSpace(_ feature: JSONValue) -> Bool { feature["properties"]?["year"] != nil && feature["properties"]?["m2"] != nil }
            if !features.isEmpty, !features.contains(where: isSpace) { return nil }
            return try features.enumerated().map { index, feature in
                let p = feature["properties"]
                guard let id = p?["id"]?.stringValue, let kind = p?["kind"]?.stringValue,
                    let year = p?["year"]?.numberValue, let m2 = p?["m2"]?.numberValue
                else {
                    throw InputError(file: "sites.geojson", featureIndex: index, problem: "needs id, kind, year and m2")
                }
                return SiteSpace(siteID: id, kind: kind, year: Int(year), m2: m2, featureIndex: index)
            }
        }
    }

    /// Year by estate id; estates not listed are not planned.
    public var years: [String: Int]
    public var sites: [SiteSpace]
    /// Where it came from, for reports.
    public var source: String
    /// SPEC §10: the optional levels done with each estate (by id), from plan.geojson `levels`.
    public var levels: [String: [String]] = [:]
    /// Where each estate is in the file (`plan.csv:4`, `plan.geojson: feature #3`) and its
    /// place in file order, for errors.
    public var places: [String: (order: Int, text: String)] = [:]
    /// The plan's works under way and done (a CSV's `state`, a revised plan.geojson's
    /// `approved_state`, written by `revise`): evaluated as `revise` planned them.
    public var approvedStates = Scenario.ApprovedStates()
    /// How the file was read, for the terminal (a CSV in GB18030).
    public var notes: [String] = []

    public init(years: [String: Int], sites: [SiteSpace] = [], source: String) {
        self.years = years
        self.sites = sites
        self.source = source
    }

    /// Reads a `plan.geojson` (with the `sites.geojson` beside it, if any) or a CSV with the
    /// header `id,year[,state]` (an empty year means not planned), as ``PlanFile`` reads them.
    /// A completed estate is out of the plan.
    public static func load(from url: URL) throws -> GivenPlan {
        let file = try PlanFile.readWhole(url)
        return GivenPlan(file, entries: file.entries, sites: try SiteSpace.read(besidePlan: url) ?? [])
    }

    /// The plan of `file` with `entries` (those it holds in today's data) and the space of the
    /// `sites.geojson` read beside it.
    init(_ file: PlanFile, entries: [PlanFile.Entry], sites: [SiteSpace]) {
        var plan = GivenPlan(years: [:], source: file.source)
        for entry in entries where entry.state != .completed {
            plan.years[entry.id] = entry.year
            plan.places[entry.id] = (entry.order, entry.location)
        }
        plan.levels = file.levels
        plan.approvedStates = PlanFile.states(of: entries)
        plan.notes = file.notes
        plan.sites = sites
        self = plan
    }
}

/// How a given plan fares against the scenario's rules (SPEC §4, §6, §7): its objective and every
/// rule it breaks, as the same ``RuleSet`` the solver's model is built from sees it.
public struct Evaluation: Sendable {
    public typealias Violation = RenoPlan.Violation

    public var objective: Double
    public var violations: [Violation]
    public var feasible: Bool { violations.isEmpty }
    public var years: [(year: Int, estates: Int, households: Int, spendYuan: Double, budgetYuan: Double)]
    /// The `norm` violations by estate and norm, in order of their first year, then id.
    public var normShortfalls: [EstateShortfall] = []

    /// One estate short of one norm: the rule is checked every year from the renovation year on,
    /// so a plan that never builds the space repeats it each year; here it is said once.
    public struct EstateShortfall: Sendable {
        public var id: String
        public var name: String
        /// The first and last years it falls short, and in how many years.
        public var firstYear: Int
        public var lastYear: Int
        public var years: Int
        /// The figures of its first year.
        public var shortfall: Violation.NormShortfall
    }

    /// The violations of every rule but the facility norms, which ``normShortfalls`` groups.
    public var otherViolations: [Violation] { violations.filter { $0.rule != RuleName.norm.rawValue } }

    /// The norm violations by estate and norm.
    static func normShortfalls(_ violations: [Violation], _ analysis: Analysis) -> [EstateShortfall] {
        let names = Dictionary(analysis.district.estates.map { ($0.id, $0.name ?? "") }, uniquingKeysWith: { first, _ in first })
        var grouped: [String: EstateShortfall] = [:]
        var order: [String] = []
        for v in violations where v.rule == RuleName.norm.rawValue {
            guard let id = v.id, let year = v.year, let figures = v.shortfall else { continue }
            let key = id + "\u{0}" + figures.kind
            if var known = grouped[key] {
                if year < known.firstYear { (known.firstYear, known.shortfall) = (year, figures) }
                known.lastYear = max(known.lastYear, year)
                known.years += 1
                grouped[key] = known
            } else {
                grouped[key] = EstateShortfall(id: id, name: names[id] ?? "", firstYear: year, lastYear: year, years: 1, shortfall: figures)
                order.append(key)
            }
        }
        return order.map { grouped[$0]! }.sorted { ($0.firstYear, $0.id, $0.shortfall.kind) < ($1.firstYear, $1.id, $1.shortfall.kind) }
    }

    /// When a plan with norm violations gives no new facility space at all (a CSV has no sites;
    /// a plan.geojson without its sites.geojson), its norm violations assume nothing is built:
    /// the words that say so, or nil.
    public func noSpaceNote(_ plan: GivenPlan, _ w: Wording) -> String? {
        guard plan.sites.isEmpty, !normShortfalls.isEmpty else { return nil }
        let csv = plan.source.lowercased().hasSuffix(".csv")
        return w.text(
            "\(plan.source)没有给出任何新增设施用房（\(csv ? "CSV计划不含用地" : "旁边没有sites.geojson，或其中没有用房")），所以配建标准的不足都是按不新增任何设施计算的。要连同新增设施检查一个计划，请给出它的plan.geojson（同一文件夹中的sites.geojson一并读入）。",
            "\(plan.source) gives no new facility space at all (\(csv ? "a CSV plan has no sites" : "no sites.geojson beside it, or none in it")), so the norm violations assume nothing is built. To evaluate a plan with its new space, give its plan.geojson (the sites.geojson in the same folder is read with it).")
    }

    /// `renoplan evaluate`: the scenario's district, analysed with the plan's started and
    /// completed estates where it is a revised plan (`approved_state`), and the plan judged on it.
    /// Every bad line of the plan is an error, said in file order: those ``PlanFile`` cannot
    /// read, years outside the horizon, and estates not in today's data (a plan is judged whole:
    /// an estate that cannot be found cannot be judged; docs/cycle.md). As `revise` reads an
    /// approved plan, a started estate of a year before the horizon is under way (续建, not
    /// judged), and the space of sites.geojson built before it exists.
    public static func evaluate(scenarioAt scenarioURL: URL, planAt planURL: URL) throws
        -> (evaluation: Evaluation, plan: GivenPlan, analysis: Analysis)
    {
        let held = try PlanFile.hold(planAt: planURL, scenarioAt: scenarioURL, absentIsError: true)
        guard held.checked.problems.isEmpty else {
            // A plan file's problems, all of them: `validate` does not read plans.
            var invalid = InvalidInput(inputErrors: held.checked.problems.map(\.error))
            invalid.moreListedBy = nil
            throw invalid
        }
        var plan = GivenPlan(held.file, entries: held.checked.entries, sites: held.sites ?? [])
        // As the analysis saw them: works under way and the space built before the horizon are
        // not the plan's to judge.
        plan.approvedStates = held.scenario.approvedStates
        for id in plan.approvedStates.underWay.keys { plan.years[id] = nil }
        plan.sites.removeAll { $0.year < held.scenario.horizon.start }
        return (try evaluate(plan, held.analysis), plan, held.analysis)
    }

    /// Checks `plan` against every rule. Unknown estates, sites or years are input errors.
    public static func evaluate(_ plan: GivenPlan, _ analysis: Analysis) throws -> Evaluation {
        try evaluate(decisions(of: plan, analysis), analysis)
    }

    /// Checks a plan made by renoplan (any command) against every rule.
    public static func evaluate(_ plan: Plan, _ analysis: Analysis) -> Evaluation {
        evaluate(PlanDecisions(plan, analysis: analysis), analysis)
    }

    static func evaluate(_ decisions: PlanDecisions, _ analysis: Analysis) -> Evaluation {
        let scenario = analysis.scenario
        let calendar = scenario.horizon.calendarYears
        let rules = RuleSet(analysis, checking: decisions)
        let violations = rules.violations(of: decisions)
        var objective = 0.0
        var spend = [Double](repeating: 0, count: calendar.count)
        var households = [Int](repeating: 0, count: calendar.count)
        var counts = [Int](repeating: 0, count: calendar.count)
        for renovation in decisions.renovations {
            let t = renovation.year
            objective += analysis.discountedValue(of: renovation)
            spend[t] += analysis.netCostYuan(of: renovation)
            households[t] += renovation.members.reduce(0) { $0 + analysis.district.estates[$1].households }
            counts[t] += renovation.members.count
        }
        for space in decisions.spaces { spend[space.year] += space.m2 * analysis.district.sites[space.site].costPerM2Yuan }
        for work in decisions.levels {
            objective += analysis.discountedValue(level: work.level, estate: work.estate, year: work.year)
            spend[work.year] += analysis.levelCostYuan(level: work.level, estate: work.estate)
        }
        let years = calendar.enumerated().map { t, year in
            (year, counts[t], households[t], spend[t], scenario.budgetYuan(year: t))
        }
        return Evaluation(objective: objective, violations: violations, years: years, normShortfalls: normShortfalls(violations, analysis))
    }

    /// Resolves a given plan's ids and years against the district.
    private static func decisions(of plan: GivenPlan, _ analysis: Analysis) throws -> PlanDecisions {
        let scenario = analysis.scenario
        let district = analysis.district
        let calendar = scenario.horizon.calendarYears
        let indexOf = Dictionary(district.estates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let siteIndex = Dictionary(district.sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var yearOf = [Int?](repeating: nil, count: district.estates.count)
        var errors: [InputError] = []
        func place(_ id: String) -> String { plan.places[id]?.text ?? plan.source }
        for (id, year) in plan.years.sorted(by: { (plan.places[$0.key]?.order ?? 0, $0.key) < (plan.places[$1.key]?.order ?? 0, $1.key) }) {
            // As PlanFile.checked says it for a plan read from a file.
            guard calendar.contains(year) else {
                errors.append(InputError(file: place(id), key: "year", problem: "\(id): " + PlanFile.outsideHorizon(year, calendar)))
                continue
            }
            guard let e = indexOf[id] else {
                let near = PlanFile.meant(id, in: district.estates.map(\.id), listed: Set(plan.years.keys))
                errors.append(InputError(
                    file: place(id), key: "id", problem: PlanFile.notInData(id, estatesFile: scenario.geodata.estates.lastPathComponent, meant: near)))
                continue
            }
            yearOf[e] = year
        }
        guard errors.isEmpty else { throw InputErrors(errors: errors) }
        let spaces = try plan.sites.map { space in
            guard let s = siteIndex[space.siteID] else {
                throw InputError(file: "sites.geojson", featureID: space.siteID, problem: "site \(space.siteID) is not in the scenario's sites")
            }
            guard let t = calendar.firstIndex(of: space.year) else {
                throw InputError(file: "sites.geojson", featureID: space.siteID, key: "year", problem: "\(space.year) is outside the horizon")
            }
            return PlanDecisions.Space(
                site: s, norm: scenario.norms.firstIndex { $0.kind == space.kind }, kind: space.kind, year: t, m2: space.m2)
        }
        var decisions = PlanDecisions(estateYear: yearOf, spaces: spaces, analysis: analysis)
        // SPEC §10: levels by name; a level the scenario does not define is an input error.
        for (id, names) in plan.levels.sorted(by: { $0.key < $1.key }) {
            guard let e = indexOf[id], let year = yearOf[e], let t = calendar.firstIndex(of: year) else { continue }
            for name in names {
                guard let l = scenario.levels.firstIndex(where: { $0.name == name }) else {
                    throw InputError(file: plan.source, featureID: id, key: "levels", problem: "estate \(id): level \(name) is not among the scenario's levels (\(scenario.levels.map(\.name).joined(separator: ", ")))")
                }
                decisions.levels.append(.init(estate: e, level: l, year: t))
            }
        }
        return decisions
    }

    /// `evaluation.json` and `evaluation.md`.
    public func files(scenario: Scenario, plan: GivenPlan) throws -> [(name: String, data: Data)] {
        var byRule: [String: JSONValue] = [:]
        for violation in violations { byRule[violation.rule] = .number((byRule[violation.rule]?.numberValue ?? 0) + 1) }
        let json: JSONValue = [
            "scenario": .string(scenario.name),
            "plan": .string(plan.source),
            "objective": .rounded(objective, 6),
            "feasible": .bool(feasible),
            "violation_counts": .object(byRule),
            "violations": .array(violations.map { v in
                var entry: [String: JSONValue] = [
                    "rule": .string(v.rule), "year": v.year.map { .number(Double($0)) } ?? .null,
                    "id": v.id.map { .string($0) } ?? .null, "detail": .string(v.detail)]
                // A norm's figures, m² per person (the detail says them in words).
                if let f = v.shortfall {
                    entry["kind"] = .string(f.kind)
                    entry["reached_m2_per_person"] = .rounded(f.reached, 6)
                    entry["norm_m2_per_person"] = .number(f.required)
                    entry["attainable_m2_per_person"] = .rounded(f.attainable, 6)
                }
                return .object(entry)
            }),
            // The norm violations by estate (each estate's first year), and whether the plan gave
            // any new space (if not, they assume nothing is built).
            "norm_by_estate": .array(normShortfalls.map { n in
                ["id": .string(n.id), "kind": .string(n.shortfall.kind), "first_year": .number(Double(n.firstYear)),
                 "last_year": .number(Double(n.lastYear)), "years": .number(Double(n.years)),
                 "reached_m2_per_person": .rounded(n.shortfall.reached, 6), "norm_m2_per_person": .number(n.shortfall.required),
                 "shortfall_m2_per_person": .rounded(n.shortfall.required - n.shortfall.reached, 6),
                 "attainable_m2_per_person": .rounded(n.shortfall.attainable, 6)]
            }),
            "site_space_given": .bool(!plan.sites.isEmpty),
            "years": .array(years.map { y in
                ["year": .number(Double(y.year)), "estates": .number(Double(y.estates)),
                 "households": .number(Double(y.households)), "spend_yuan": .rounded(y.spendYuan, 2),
                 "budget_yuan": .rounded(y.budgetYuan, 2)]
            }),
        ]
        // In the scenario's report language, like the violations' details (SPEC §13).
        let w = Wording(scenario.reportLanguage)
        var md = [w.text("# \(plan.source) 检查结果（情景：\(scenario.name)）", "# Evaluation of \(plan.source) against \(scenario.name)"), ""]
        let others = otherViolations
        let normCount = violations.count - others.count
        md.append(feasible
            ? w.text("**可行**：计划不违反任何规则。", "**Feasible**: the plan breaks no rule.")
            : w.text(
                "**不可行**：违反规则\(violations.count)处。",
                "**Not feasible**: \(violations.count) violation\(violations.count == 1 ? "" : "s") of the rules.")
                // The other rules first: a norm violation repeats every year from the renovation
                // year on and would bury them.
                + (normCount == 0 ? "" : w.text(
                    "其中设施配建标准\(normCount)处（\(normShortfalls.count)个小区，自改造年度起逐年计），其他规则\(others.count)处。",
                    " Of them \(normCount) are facility norms (\(normShortfalls.count) estate\(normShortfalls.count == 1 ? "" : "s"), counted every year from the renovation year on) and \(others.count) other rules.")))
        md.append("")
        if let note = noSpaceNote(plan, w) {
            md.append(w.text("**注意**：", "**Note**: ") + note)
            md.append("")
        }
        md.append(w.text(
            "目标值（Σ 折减后的得分 × 户数 ÷ 100）：**\(String(format: "%.2f", objective))**。",
            "Objective (Σ discounted score × households ÷ 100): **\(String(format: "%.2f", objective))**."))
        md.append("")
        md.append(w.text("| 年度 | 小区 | 户数 | 支出 | 预算 |", "| year | estates | households | spend | budget |"))
        md.append("|---:|---:|---:|---:|---:|")
        for y in years { md.append("| \(y.year) | \(y.estates) | \(grouped(y.households)) | \(w.money(y.spendYuan)) | \(w.money(y.budgetYuan)) |") }
        md.append("")
        if !others.isEmpty {
            md.append(w.text("## 违反的规则（配建标准除外）", "## Rules broken (other than facility norms)"))
            md.append("")
            md.append(w.text("| 规则 | 年度 | 编号 | 说明 |", "| rule | year | id | detail |"))
            md.append("|---|---:|---|---|")
            for v in others { md.append("| \(v.rule) | \(v.year.map(String.init) ?? "") | \(v.id ?? "") | \(v.detail) |") }
            md.append("")
        }
        if !normShortfalls.isEmpty {
            md.append(w.text("## 设施配建标准（norm）：按小区", "## Facility norms (norm), by estate"))
            md.append("")
            md.append(w.text(
                "每个小区自改造年度起、直到达标，每年计1处；这里每个小区列一行：首个不达标年度的人均面积及缺口（平方米/人）。evaluation.json 的 violations 逐年列出。",
                "A norm is counted once a year from the estate's renovation year until it is met; here each estate is one row, with its first year's figures (m² per person). evaluation.json's violations list every year."))
            md.append("")
            md.append(w.text(
                "| 编号 | 小区名称 | 设施 | 年度 | 当年人均 | 标准 | 缺口 | 最多可达 |",
                "| id | name | kind | years | reached | norm | short by | attainable |"))
            md.append("|---|---|---|---|---:|---:|---:|---:|")
            for n in normShortfalls {
                let f = n.shortfall
                let years = n.firstYear == n.lastYear ? "\(n.firstYear)" : "\(n.firstYear)–\(n.lastYear)"
                md.append("| \(n.id) | \(n.name) | \(w.kind(f.kind)) | \(years) | \(fmt(f.reached, below: f.required, fixed: true)) | \(String(format: "%.3f", f.required)) | \(String(format: "%.3f", f.required - f.reached)) | \(fmt(f.attainable, below: f.required, fixed: true)) |")
            }
            md.append("")
        }
        return [
            ("evaluation.json", try JSONIO.encode(json, pretty: true)),
            ("evaluation.md", Data(md.joined(separator: "\n").utf8)),
        ]
    }
}

func fmt2(_ value: Double) -> String { String(format: "%.2f", value) }
