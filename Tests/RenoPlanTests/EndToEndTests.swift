import Foundation
import Testing

@testable import RenoPlan

/// Plans the demo district and re-checks every constraint of SPEC §7 from the written files
/// alone (plan.geojson, sites.geojson, summary.json, the scenario and the input files), never
/// from the planner's internal state.
@Suite("End to end: the demo district")
struct EndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func readJSON(_ url: URL) throws -> JSONValue { try JSONIO.decode(Data(contentsOf: url)) }

    @Test(arguments: ["demo.yaml", "demo-network.yaml"])
    func demoPlanHoldsEveryRule(_ file: String) throws {
        let scenarioURL = Self.root.appendingPathComponent("scenarios").appendingPathComponent(file)
        let scenario = try Scenario.load(from: scenarioURL)
        let out = TestFolders.fresh("renoplan-e2e")
        defer { try? FileManager.default.removeItem(at: out) }
        // The straight-line demo is also planned by the CLI at the same time, for the determinism
        // check below. Both get a generous time limit, so that only the node limit ends the search
        // however busy the machine is.
        let timeLimit: Double? = file == "demo.yaml" ? 600 : nil
        let twin = out.appendingPathComponent("cli")
        let cli = file == "demo.yaml" ? try DemoTwin.start(scenarioURL, out: twin.appendingPathComponent("plan")) : nil
        let analysis = try Pipeline.analyse(scenario)
        let result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis, options: SolveOptions(timeLimitSeconds: timeLimit)))
        try PlanWriter.write(result, to: out)

        let plan = try readJSON(out.appendingPathComponent("plan.geojson"))["features"]!.arrayValue!
        let sites = try readJSON(out.appendingPathComponent("sites.geojson"))["features"]!.arrayValue!
        let summary = try readJSON(out.appendingPathComponent("summary.json"))
        let inputEstates = try readJSON(scenario.geodata.estates)["features"]!.arrayValue!
        let inputSites = try readJSON(scenario.geodata.sites!)["features"]!.arrayValue!
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)

        let status = summary["status"]!.stringValue!
        #expect(status == "optimal" || status == "feasible")
        #expect(plan.count == inputEstates.count)
        #expect(report.contains("## 年度计划"))  // report.language defaults to zh (SPEC §13)

        let years = scenario.horizon.calendarYears
        let input = Dictionary(uniqueKeysWithValues: inputEstates.map { ($0["properties"]!["id"]!.stringValue!, $0["properties"]!) })
        var planned: [String: Int] = [:]
        var byCluster: [String: Set<Int?>] = [:]
        var objective = 0.0
        var spend = [Double](repeating: 0, count: years.count)
        var households = [Int](repeating: 0, count: years.count)
        var extended = [Int](repeating: 0, count: years.count)
        for feature in plan {
            let p = feature["properties"]!
            let id = p["id"]!.stringValue!
            let year = p["year"]!.numberValue.map { Int($0) }
            if let cluster = p["cluster"]!.stringValue { byCluster[cluster, default: []].insert(year) }
            // Geometry is lon/lat (RFC 7946) around Wuhan.
            let ring = feature["geometry"]!["coordinates"]!
            var position = ring
            while case .array(let items) = position, case .array = items[0] { position = items[0] }
            let lon = position.arrayValue![0].numberValue!, lat = position.arrayValue![1].numberValue!
            #expect(lon > 113 && lon < 116 && lat > 29 && lat < 32)
            guard let year else {
                #expect(["reserve", "ineligible"].contains(p["status"]!.stringValue!))
                continue
            }
            let t = years.firstIndex(of: year)!
            planned[id] = year
            #expect(p["status"]!.stringValue! == (t == 0 ? "implement" : "prepare"))
            // §4 gates, from the input file and the scenario.
            let source = input[id]!
            #expect(source["consent"]!.numberValue! >= scenario.eligibility.consentMin)
            #expect(source["management_agreed"] == .bool(true))
            #expect(p["class"]!.stringValue! != "ineligible")
            let hh = Int(p["households"]!.numberValue!)
            spend[t] += p["net_cost_yuan"]!.numberValue!
            households[t] += hh
            if p["class"]!.stringValue! == "extended" { extended[t] += hh }
            objective += pow(scenario.discount, Double(t)) * p["score"]!.numberValue! * Double(hh) / 100
        }
        #expect(!planned.isEmpty)
        // §7.1 / §6: a cluster is renovated in one year or not at all.
        for (cluster, yearsSeen) in byCluster { #expect(yearsSeen.count == 1, "cluster \(cluster) split over \(yearsSeen)") }

        // §7.5 site areas and §7.2 site spending per year.
        let siteArea = Dictionary(uniqueKeysWithValues: inputSites.map { ($0["properties"]!["id"]!.stringValue!, $0["properties"]!["area_m2"]!.numberValue!) })
        var used: [String: Double] = [:]
        for feature in sites {
            let p = feature["properties"]!
            let t = years.firstIndex(of: Int(p["year"]!.numberValue!))!
            spend[t] += p["cost_yuan"]!.numberValue!
            used[p["id"]!.stringValue!, default: 0] += p["m2"]!.numberValue!
            #expect(abs(p["cost_yuan"]!.numberValue! - p["m2"]!.numberValue! * p["cost_per_m2"]!.numberValue!) < 1)
        }
        for (id, m2) in used { #expect(m2 <= siteArea[id]! + 0.01, "site \(id) over its area") }

        // §7.2 budget (with or without carry-over), §7.3 cap, §7.4 capacity; summary matches.
        var cumulativeSpend = 0.0, cumulativeBudget = 0.0
        let summaryYears = summary["years"]!.arrayValue!
        for t in years.indices {
            cumulativeSpend += spend[t]
            cumulativeBudget += scenario.budgetYuan(year: t)
            if scenario.budget.carryOver {
                #expect(cumulativeSpend <= cumulativeBudget + 1)
            } else {
                #expect(spend[t] <= scenario.budgetYuan(year: t) + 1)
            }
            #expect(Double(extended[t]) <= scenario.eligibility.extendedCap * Double(households[t]) + 1e-6)
            if let capacity = scenario.householdsPerYear { #expect(households[t] <= capacity) }
            #expect(Int(summaryYears[t]["households"]!.numberValue!) == households[t])
            #expect(abs(summaryYears[t]["spend_yuan"]!.numberValue! - spend[t]) < 1)
        }
        // The budget binds in the demo: not everything eligible fits.
        #expect(plan.contains { $0["properties"]!["status"]!.stringValue! == "reserve" && $0["properties"]!["cluster"] != .null })

        // §7.6 norms, in each estate's own year: access + Σ m²/demand of the space built by then
        // on sites that serve it.
        for feature in plan {
            let p = feature["properties"]!
            guard let year = p["year"]!.numberValue.map({ Int($0) }) else { continue }
            let id = p["id"]!.stringValue!
            for norm in scenario.norms where p["norm_enforced"]![norm.kind] == .bool(true) {
                var access = p["access"]![norm.kind]!.numberValue!
                for site in sites {
                    let s = site["properties"]!
                    guard s["kind"]!.stringValue! == norm.kind, Int(s["year"]!.numberValue!) <= year,
                        s["serves"]!.arrayValue!.contains(.string(id))
                    else { continue }
                    access += s["m2"]!.numberValue! / s["demand_persons"]!.numberValue!
                }
                #expect(access >= norm.m2PerPerson - 1e-4, "estate \(id) misses the \(norm.kind) norm in \(year): \(access)")
            }
        }

        // The objective recomputes from the files (scores are rounded to 4 decimals there).
        let reported = summary["objective"]!.numberValue!
        #expect(abs(objective - reported) <= 1e-5 * max(1, reported))
        // Status, bound and gap are GLPK's; the gap is (bound − objective) / objective.
        let bound = summary["bound"]!.numberValue!
        #expect(abs(summary["gap"]!.numberValue! - (bound - reported) / reported) < 1e-6)
        // Quality guard: HiGHS proved the optimum of the straight-line demo's model (locks holding
        // their cluster, SPEC §12) to be 16,267.17 after 460 s (docs/optimality.md). The issue asks
        // for a plan within 1%.
        if file == "demo.yaml" {
            #expect(reported >= 0.99 * 16_267.17, "objective \(reported) is more than 1% below the proven optimum")
            // HiGHS's optimum lies in [16,267.17, 16,267.19] (its objective and best bound): GLPK's
            // bound must not be below it (a bound that cuts off the optimum is wrong), and no plan can
            // be worth more than it.
            #expect(bound >= 16_267.165, "bound \(bound) is below the proven optimum 16,267.17")
            #expect(reported <= 16_267.19, "objective \(reported) is above the proven optimum")
            // Every summary figure, recomputed from the input files and the rules.
            try IndependentCheck.verify(scenario: scenario, out: out)
            // Determinism: the CLI's run of the same scenario wrote the same files.
            try DemoTwin.expectSameFiles(out, cli!, twin.appendingPathComponent("plan"))
            // compare on two different plans: rank (today's practice) against this plan.
            let ranked = twin.appendingPathComponent("rank")
            try PlanWriter.write(PlanResult(analysis: analysis, outcome: Pipeline.rank(analysis)), to: ranked)
            try DemoTwin.expectComparison(ranked, out, in: twin.appendingPathComponent("compare"))
        }
    }
}

/// The demo planned by the CLI beside the in-process plan, and `compare` checked on two plans.
enum DemoTwin {
    static func start(_ scenario: URL, out: URL) throws -> Process {
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["plan", scenario.path, "--out", out.path, "-q", "--time-limit", "600"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func expectSameFiles(_ first: URL, _ process: Process, _ second: URL) throws {
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the CLI's demo plan failed")
        // `first` also holds the twin's own folder.
        try DeterminismTests.expectSameFiles(first, second, except: ["cli"])
        let a = try JSONIO.decode(Data(contentsOf: first.appendingPathComponent("summary.json")))
        #expect(a["solver"]?["stopped_by"]?.stringValue == "node limit", "a time limit ended the search: the check proves nothing")
    }

    /// Runs `compare A B` (the library's files) and checks every change and per-year count against
    /// the two plan.geojson files read here.
    static func expectComparison(_ a: URL, _ b: URL, in folder: URL) throws {
        try OutputFolder.write(try Comparison.files(a, b), to: folder, replacing: OutputFiles.compare)
        func estates(_ url: URL) throws -> [String: JSONValue] {
            let features = try JSONIO.decode(Data(contentsOf: url.appendingPathComponent("plan.geojson")))["features"]!.arrayValue!
            return Dictionary(uniqueKeysWithValues: features.map { ($0["properties"]!["id"]!.stringValue!, $0["properties"]!) })
        }
        let left = try estates(a), right = try estates(b)
        #expect(Set(left.keys) == Set(right.keys))
        let changed = left.keys.filter { left[$0]!["year"] != right[$0]!["year"] }.sorted()
        #expect(!changed.isEmpty, "rank and plan should differ on the demo")
        let json = try JSONIO.decode(Data(contentsOf: folder.appendingPathComponent("compare.json")))
        let changes = json["changes"]!.arrayValue!
        #expect(changes.map { $0["id"]!.stringValue! } == changed)
        for change in changes {
            let id = change["id"]!.stringValue!
            #expect(change["a_year"] == left[id]!["year"] && change["b_year"] == right[id]!["year"], "\(id)")
        }
        let map = try JSONIO.decode(Data(contentsOf: folder.appendingPathComponent("compare.geojson")))["features"]!.arrayValue!
        #expect(map.count == changed.count)
        for feature in map {
            let p = feature["properties"]!
            let expected = p["a_year"] == .null ? "added" : p["b_year"] == .null ? "removed" : "moved"
            #expect(p["change"]?.stringValue == expected)
        }
        for row in json["years"]!.arrayValue! {
            let year = row["year"]!
            for (side, plan) in [("a", left), ("b", right)] {
                let planned = plan.values.filter { $0["year"] == year }
                let households = planned.reduce(0.0) { $0 + $1["households"]!.numberValue! }
                let extended = planned.filter { $0["class"]?.stringValue == "extended" }.reduce(0.0) { $0 + $1["households"]!.numberValue! }
                #expect(row[side]!["estates"]!.numberValue == Double(planned.count), "\(side) \(year)")
                #expect(row[side]!["households"]!.numberValue == households, "\(side) \(year)")
                #expect(abs(row[side]!["extended_share"]!.numberValue! - (households > 0 ? extended / households : 0)) < 1e-6)
            }
        }
        // compare.md gives, per year, the planned estates of each plan meeting the demo's
        // elderly-care norm (0.1 m² per person in their year), last in the row.
        let markdown = try String(contentsOf: folder.appendingPathComponent("compare.md"), encoding: .utf8)
        for row in json["years"]!.arrayValue! {
            let year = row["year"]!
            let meeting = [left, right].map { plan in
                plan.values.filter { $0["year"] == year && ($0["access_in_year"]?["elderly_care"]?.numberValue ?? 0) >= 0.1 - 1e-9 }.count
            }
            let line = markdown.split(separator: "\n").first { $0.hasPrefix("| \(Int(year.numberValue!)) |") }
            #expect(line?.hasSuffix("| \(grouped(meeting[0])) | \(grouped(meeting[1])) |") == true, "\(year): \(meeting) in \(line ?? "none")")
        }
        // A is the ranked list (today's practice), which does not hold the norm: beside the value
        // sentence compare.md says how many of its planned estates fall short of it in their year
        // where the norm is attainable (`norm_enforced`), which B holds them to; the demo's plan
        // is worth less than the ranked list, and that is the norm's price.
        let plannedA = left.values.filter { $0["year"]?.numberValue != nil }
        let shortA = plannedA.filter {
            $0["norm_enforced"]?["elderly_care"] == .bool(true) && ($0["access_in_year"]?["elderly_care"]?.numberValue ?? 0) < 0.1 - 1e-9
        }
        #expect(!shortA.isEmpty, "the ranked demo plan should leave estates short of the norm")
        let value = markdown.split(separator: "\n").first { $0.hasPrefix("B的价值比A") }.map(String.init) ?? ""
        #expect(value.contains(
            "A按得分排序（现行做法），不执行设施配建标准：其计划改造的\(grouped(plannedA.count))个小区中，有\(grouped(shortA.count))个在改造当年未达到养老服务设施标准（0.10平方米/人），而这些小区本可达标，B要求其达标"),
            "\(value)")
        if value.hasPrefix("B的价值比A低") { #expect(value.hasSuffix("B的价值较低，是满足配建标准的代价。"), "\(value)") }
    }
}
