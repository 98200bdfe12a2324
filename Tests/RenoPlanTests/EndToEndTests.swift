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
        let analysis = try Pipeline.analyse(scenario)
        let result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("renoplan-e2e-\(UUID().uuidString)")
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
        #expect(bound >= reported - 1e-6)
        #expect(abs(summary["gap"]!.numberValue! - (bound - reported) / reported) < 1e-6)
        // Quality guard: HiGHS proved the optimum of the straight-line demo's model to be
        // 16,415.51 after 892 s (scripts/check_optimum.py, docs/optimality.md). The issue asks for
        // a plan within 1%.
        if file == "demo.yaml" {
            #expect(reported >= 0.99 * 16_415.51, "objective \(reported) is more than 1% below the proven optimum")
        }
    }
}
