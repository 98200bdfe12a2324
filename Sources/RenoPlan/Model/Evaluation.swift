import Foundation
import SwiftCSV

/// A plan made elsewhere (by hand, by the ranked list, by another run): which year each estate is
/// renovated in, and the facility space added on sites.
public struct GivenPlan: Sendable {
    public struct SiteSpace: Sendable, Equatable {
        public var siteID: String
        public var kind: String
        public var year: Int
        public var m2: Double
    }

    /// Year by estate id; estates not listed are not planned.
    public var years: [String: Int]
    public var sites: [SiteSpace]
    /// Where it came from, for reports.
    public var source: String

    public init(years: [String: Int], sites: [SiteSpace] = [], source: String) {
        self.years = years
        self.sites = sites
        self.source = source
    }

    /// Reads a `plan.geojson` (with the `sites.geojson` beside it, if any) or a CSV with the
    /// header `id,year` (an empty year means not planned).
    public static func load(from url: URL) throws -> GivenPlan {
        let file = url.lastPathComponent
        if url.pathExtension.lowercased() == "csv" {
            let text = try readTextFile(url)
            let csv: EnumeratedCSV
            do {
                csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
            } catch {
                throw InputError(file: file, problem: "is not valid CSV: \(error)")
            }
            let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let idColumn = header.firstIndex(of: "id"), let yearColumn = header.firstIndex(of: "year") else {
                throw InputError(file: file, problem: "needs a header line with the columns id and year")
            }
            var years: [String: Int] = [:]
            for (index, row) in csv.rows.enumerated() {
                let line = index + 2  // 1-based, after the header
                guard row.count > max(idColumn, yearColumn) else {
                    throw InputError(file: file, problem: "line \(line): expected id,year")
                }
                let id = row[idColumn].trimmingCharacters(in: .whitespaces)
                let year = row[yearColumn].trimmingCharacters(in: .whitespaces)
                if year.isEmpty { continue }
                guard let value = Int(year) else {
                    throw InputError(file: file, key: "year", problem: "line \(line) (\(id)): year must be a whole year or empty, got \"\(year)\"")
                }
                if years[id] != nil { throw InputError(file: file, problem: "line \(line): estate \(id) is listed twice") }
                years[id] = value
            }
            return GivenPlan(years: years, sites: [], source: file)
        }
        let document = try JSONIO.decodeFile(url)
        guard let features = document["features"]?.arrayValue else {
            throw InputError(file: file, problem: "is neither a plan.geojson FeatureCollection nor a CSV")
        }
        var years: [String: Int] = [:]
        for (index, feature) in features.enumerated() {
            guard let id = feature["properties"]?["id"]?.stringValue else {
                throw InputError(file: file, featureIndex: index, key: "id", problem: "id is missing")
            }
            switch feature["properties"]?["year"] {
            case .number(let year)?: years[id] = Int(year)
            case .null?, nil: break
            case let other?:
                throw InputError(file: file, featureIndex: index, featureID: id, key: "year", problem: "year must be a number or null, got \(other.shortDescription)")
            }
        }
        var sites: [SiteSpace] = []
        let sitesURL = url.deletingLastPathComponent().appendingPathComponent("sites.geojson")
        if FileManager.default.fileExists(atPath: sitesURL.path) {
            for (index, feature) in (try JSONIO.decodeFile(sitesURL)["features"]?.arrayValue ?? []).enumerated() {
                let p = feature["properties"]
                guard let id = p?["id"]?.stringValue, let kind = p?["kind"]?.stringValue,
                    let year = p?["year"]?.numberValue, let m2 = p?["m2"]?.numberValue
                else {
                    throw InputError(file: "sites.geojson", featureIndex: index, problem: "needs id, kind, year and m2")
                }
                sites.append(SiteSpace(siteID: id, kind: kind, year: Int(year), m2: m2))
            }
        }
        return GivenPlan(years: years, sites: sites, source: file)
    }
}

/// How a given plan fares against the scenario's rules (SPEC §4, §6, §7): its objective and every
/// rule it breaks.
public struct Evaluation: Sendable {
    public struct Violation: Sendable, Equatable {
        /// budget, extended_cap, capacity, norm, cluster_split, gate, lock or site_area.
        public var rule: String
        public var year: Int?
        /// The estate, cluster or site concerned; nil for a whole year's rule.
        public var id: String?
        public var detail: String
    }

    public var objective: Double
    public var violations: [Violation]
    public var feasible: Bool { violations.isEmpty }
    public var years: [(year: Int, estates: Int, households: Int, spendYuan: Double, budgetYuan: Double)]

    /// Checks `plan` against every rule. Unknown estates, sites or years are input errors.
    public static func evaluate(_ plan: GivenPlan, _ analysis: Analysis) throws -> Evaluation {
        let scenario = analysis.scenario
        let district = analysis.district
        let coverage = analysis.coverage
        let calendar = scenario.horizon.calendarYears
        let indexOf = Dictionary(uniqueKeysWithValues: district.estates.enumerated().map { ($1.id, $0) })
        let siteIndex = Dictionary(uniqueKeysWithValues: district.sites.enumerated().map { ($1.id, $0) })
        var yearOf = [Int?](repeating: nil, count: district.estates.count)
        for (id, year) in plan.years.sorted(by: { $0.key < $1.key }) {
            guard let e = indexOf[id] else {
                throw InputError(file: plan.source, featureID: id, problem: "estate \(id) is not in \(scenario.geodata.estates.lastPathComponent)")
            }
            guard calendar.contains(year) else {
                throw InputError(file: plan.source, featureID: id, key: "year", problem: "estate \(id): \(year) is outside the horizon \(calendar.first!)–\(calendar.last!)")
            }
            yearOf[e] = year
        }
        var violations: [Violation] = []

        // §4 gates and the planner's locks.
        for (e, estate) in district.estates.enumerated() {
            let gate = analysis.gates[e]
            if let year = yearOf[e], !gate.isSchedulable {
                let why = gate.reasons.filter { !$0.hasPrefix("locked to") }.joined(separator: "; ")
                violations.append(Violation(rule: "gate", year: year, id: estate.id, detail: "not schedulable: \(why)"))
            }
            if case .year(let locked)? = gate.lock, yearOf[e] != locked {
                let actual = yearOf[e].map(String.init) ?? "not planned"
                violations.append(Violation(rule: "lock", year: locked, id: estate.id, detail: "locked to \(locked), planned: \(actual)"))
            }
        }
        // §6 clusters: renovated in one year or not at all.
        for cluster in analysis.clusters where Set(cluster.members.map { yearOf[$0] }).count > 1 {
            let parts = cluster.members.map { "\(district.estates[$0].id) \(yearOf[$0].map(String.init) ?? "not planned")" }
            violations.append(Violation(rule: "cluster_split", year: nil, id: cluster.id, detail: "split: " + parts.joined(separator: ", ")))
        }
        // Site space: known sites, allowed kinds, areas.
        var siteUse = [Double](repeating: 0, count: district.sites.count)
        var siteSpend = [Double](repeating: 0, count: calendar.count)
        var added: [(site: Int, norm: Int, year: Int, m2: Double)] = []
        for space in plan.sites {
            guard let s = siteIndex[space.siteID] else {
                throw InputError(file: "sites.geojson", featureID: space.siteID, problem: "site \(space.siteID) is not in the scenario's sites")
            }
            guard let t = calendar.firstIndex(of: space.year) else {
                throw InputError(file: "sites.geojson", featureID: space.siteID, key: "year", problem: "\(space.year) is outside the horizon")
            }
            let site = district.sites[s]
            if !site.mayHost(space.kind) {
                violations.append(Violation(rule: "site_area", year: space.year, id: site.id, detail: "\(space.kind) is not among the kinds the site may host"))
            }
            siteUse[s] += space.m2
            siteSpend[t] += space.m2 * site.costPerM2Yuan
            if let k = scenario.norms.firstIndex(where: { $0.kind == space.kind }) { added.append((s, k, space.year, space.m2)) }
        }
        for (s, site) in district.sites.enumerated() where siteUse[s] > site.areaM2 + 1e-6 {
            violations.append(Violation(rule: "site_area", year: nil, id: site.id, detail: "\(fmt2(siteUse[s])) m² added on a site of \(fmt2(site.areaM2)) m²"))
        }

        // §7.2–7.4 per year.
        var objective = 0.0
        var spend = siteSpend
        var households = [Int](repeating: 0, count: calendar.count)
        var extended = [Int](repeating: 0, count: calendar.count)
        var counts = [Int](repeating: 0, count: calendar.count)
        for (e, estate) in district.estates.enumerated() {
            guard let year = yearOf[e], let t = calendar.firstIndex(of: year) else { continue }
            let saving = analysis.clusterOfEstate[e].map { analysis.clusters[$0].members.count >= 2 ? scenario.clustering.linkedSaving : 0 } ?? 0
            spend[t] += (1 - saving) * estate.publicCostYuan
            households[t] += estate.households
            counts[t] += 1
            if analysis.gates[e].estateClass == .extended { extended[t] += estate.households }
            objective += pow(scenario.discount, Double(t)) * analysis.scores[e].score * Double(estate.households) / 100
        }
        var spentSoFar = 0.0, budgetSoFar = 0.0
        for (t, year) in calendar.enumerated() {
            spentSoFar += spend[t]
            budgetSoFar += scenario.budgetYuan(year: t)
            let (used, limit) = scenario.budget.carryOver ? (spentSoFar, budgetSoFar) : (spend[t], scenario.budgetYuan(year: t))
            if used > limit + 0.5 {
                let what = scenario.budget.carryOver ? "spend up to \(year) is \(money(used)); the budgets up to \(year) are \(money(limit))" : "spend \(money(used)) > budget \(money(limit))"
                violations.append(Violation(rule: "budget", year: year, id: nil, detail: what))
            }
            let cap = scenario.eligibility.extendedCap
            if Double(extended[t]) > cap * Double(households[t]) + 1e-9 {
                violations.append(Violation(rule: "extended_cap", year: year, id: nil, detail: "extended-target households \(grouped(extended[t])) of \(grouped(households[t])) (\(percent1(Double(extended[t]) / Double(households[t])))) > \(percent(cap))"))
            }
            if let capacity = scenario.householdsPerYear, households[t] > capacity {
                violations.append(Violation(rule: "capacity", year: year, id: nil, detail: "\(grouped(households[t])) households > capacity \(grouped(capacity))"))
            }
        }
        // §7.6 norms, in each planned estate's own year.
        for (e, estate) in district.estates.enumerated() {
            guard let year = yearOf[e] else { continue }
            for (k, norm) in scenario.norms.enumerated()
            where coverage.normNeedsSites(norm: k, estate: e, target: norm.m2PerPerson) {
                var access = coverage.access[k][e]
                for option in coverage.siteOptions[k][e] {
                    for a in added where a.site == option.site && a.norm == k && a.year <= year { access += a.m2 * option.perM2 }
                }
                if access < norm.m2PerPerson - 1e-9 {
                    violations.append(Violation(rule: "norm", year: year, id: estate.id, detail: "\(norm.kind) \(fmt(access)) < \(fmt(norm.m2PerPerson)) m²/person in \(year) (attainable: up to \(fmt(coverage.attainable[k][e])))"))
                }
            }
        }
        let order = ["gate", "lock", "cluster_split", "budget", "extended_cap", "capacity", "norm", "site_area"]
        violations.sort { a, b in
            (order.firstIndex(of: a.rule)!, a.year ?? 0, a.id ?? "") < (order.firstIndex(of: b.rule)!, b.year ?? 0, b.id ?? "")
        }
        let years = calendar.enumerated().map { t, year in
            (year, counts[t], households[t], spend[t], scenario.budgetYuan(year: t))
        }
        return Evaluation(objective: objective, violations: violations, years: years)
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
                ["rule": .string(v.rule), "year": v.year.map { .number(Double($0)) } ?? .null,
                 "id": v.id.map { .string($0) } ?? .null, "detail": .string(v.detail)]
            }),
            "years": .array(years.map { y in
                ["year": .number(Double(y.year)), "estates": .number(Double(y.estates)),
                 "households": .number(Double(y.households)), "spend_yuan": .rounded(y.spendYuan, 2),
                 "budget_yuan": .rounded(y.budgetYuan, 2)]
            }),
        ]
        var md = ["# Evaluation of \(plan.source) against \(scenario.name)", ""]
        md.append(feasible ? "**Feasible**: the plan breaks no rule." : "**Not feasible**: \(violations.count) rule\(violations.count == 1 ? " is" : "s are") broken.")
        md.append("")
        md.append("Objective (SPEC §7, Σ discounted score × households ÷ 100): **\(String(format: "%.2f", objective))**.")
        md.append("")
        md.append("| year | estates | households | spend | budget |")
        md.append("|---:|---:|---:|---:|---:|")
        for y in years { md.append("| \(y.year) | \(y.estates) | \(grouped(y.households)) | \(money(y.spendYuan)) | \(money(y.budgetYuan)) |") }
        md.append("")
        if !violations.isEmpty {
            md.append("| rule | year | id | detail |")
            md.append("|---|---:|---|---|")
            for v in violations { md.append("| \(v.rule) | \(v.year.map(String.init) ?? "") | \(v.id ?? "") | \(v.detail) |") }
            md.append("")
        }
        return [
            ("evaluation.json", try JSONIO.encode(json, pretty: true)),
            ("evaluation.md", Data(md.joined(separator: "\n").utf8)),
        ]
    }
}

func fmt2(_ value: Double) -> String { String(format: "%.2f", value) }
