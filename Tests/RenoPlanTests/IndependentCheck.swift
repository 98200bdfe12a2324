import Foundation
import Testing

@testable import RenoPlan

/// Recomputes every figure of a plan's summary.json from the INPUT files and the SPEC's rules
/// (§3 coverage and 2SFCA, §4 classes and statuses, §5 scores, §6 clusters and net costs),
/// with geometry done here by hand: planar distances between points, polygons and
/// multipolygons in the scenario's projected CRS (0 when one touches or holds the other). Nothing of
/// the library's District, Coverage, Eligibility, Clustering, PlanResult or Reasons is used; the
/// library only made the plan, and the plan's own decisions (each estate's year, each site's m² and
/// year, and the cluster ids for clusters larger than `max_households`, whose split is the
/// planner's choice) are read back from plan.geojson / sites.geojson.
///
/// Distances within a millimetre of a threshold would make "covered" or "neighbour" depend on
/// rounding: the check fails rather than guess, so the data must avoid them (the demo does).
enum IndependentCheck {
    typealias P = (x: Double, y: Double)
    /// Polygons, each a list of rings (exterior first), or a single point as one one-point ring.
    typealias Shape = [[[P]]]

    static func shape(_ geometry: JSONValue) -> Shape {
        func point(_ v: JSONValue) -> P { (v.arrayValue![0].numberValue!, v.arrayValue![1].numberValue!) }
        func rings(_ v: JSONValue) -> [[P]] { v.arrayValue!.map { $0.arrayValue!.map(point) } }
        let coordinates = geometry["coordinates"]!
        switch geometry["type"]!.stringValue! {
        case "Point": return [[[point(coordinates)]]]
        case "Polygon": return [rings(coordinates)]
        case "MultiPolygon": return coordinates.arrayValue!.map(rings)
        default: fatalError("unexpected geometry \(geometry["type"]!)")
        }
    }

    static func inside(_ p: P, _ polygon: [[P]]) -> Bool {
        var crossings = 0
        for ring in polygon {
            for i in 0..<(ring.count - 1) {
                let a = ring[i], b = ring[i + 1]
                if (a.y > p.y) != (b.y > p.y), p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) { crossings += 1 }
            }
        }
        return crossings % 2 == 1
    }

    static func segmentDistance(_ p: P, _ a: P, _ b: P) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        let t = length2 == 0 ? 0 : max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
        return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
    }

    static func crosses(_ a: P, _ b: P, _ c: P, _ d: P) -> Bool {
        func orient(_ p: P, _ q: P, _ r: P) -> Double { (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x) }
        let d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d)
        return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0))
    }

    /// Segments of a shape (a point gives one zero-length segment).
    static func segments(_ s: Shape) -> [(P, P)] {
        s.flatMap { $0.flatMap { ring in ring.count == 1 ? [(ring[0], ring[0])] : (0..<(ring.count - 1)).map { (ring[$0], ring[$0 + 1]) } } }
    }

    static func distance(_ a: Shape, _ b: Shape) -> Double {
        let pa = segments(a), pb = segments(b)
        for polygon in b where polygon[0].count > 1 { if pa.contains(where: { inside($0.0, polygon) }) { return 0 } }
        for polygon in a where polygon[0].count > 1 { if pb.contains(where: { inside($0.0, polygon) }) { return 0 } }
        var best = Double.infinity
        for (a0, a1) in pa {
            for (b0, b1) in pb {
                if crosses(a0, a1, b0, b1) { return 0 }
                best = min(best, segmentDistance(a0, b0, b1), segmentDistance(a1, b0, b1),
                           segmentDistance(b0, a0, a1), segmentDistance(b1, a0, a1))
            }
        }
        return best
    }

    static func box(_ s: Shape) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        let points = s.flatMap { $0.flatMap { $0 } }
        return (points.map(\.x).min()!, points.map(\.y).min()!, points.map(\.x).max()!, points.map(\.y).max()!)
    }

    static func boxGap(_ a: Shape, _ b: Shape) -> Double {
        let p = box(a), q = box(b)
        return hypot(max(0, max(p.minX - q.maxX, q.minX - p.maxX)), max(0, max(p.minY - q.maxY, q.minY - p.maxY)))
    }

    static func read(_ url: URL) throws -> [JSONValue] { try JSONIO.decode(Data(contentsOf: url))["features"]!.arrayValue! }

    /// Checks summary.json (and the per-estate class, status and score of plan.geojson) in `out`
    /// against figures recomputed from the scenario's input files.
    static func verify(scenario: Scenario, out: URL) throws {
        precondition(scenario.distance == .euclidean, "the independent check measures straight lines only")
        let inputEstates = try read(scenario.geodata.estates)
        let inputFacilities = try scenario.geodata.facilities.map(read) ?? []
        let inputSites = try scenario.geodata.sites.map(read) ?? []
        let plan = try read(out.appendingPathComponent("plan.geojson"))
        let built = try read(out.appendingPathComponent("sites.geojson"))
        let summary = try JSONIO.decode(Data(contentsOf: out.appendingPathComponent("summary.json")))
        let calendar = scenario.horizon.calendarYears
        var borderline: [String] = []
        func near(_ d: Double, _ limit: Double, _ what: String) -> Bool {
            if abs(d - limit) < 1e-3 { borderline.append(what) }
            return d <= limit
        }

        // Inputs.
        let ids = inputEstates.map { $0["properties"]!["id"]!.stringValue! }
        let props = inputEstates.map { $0["properties"]! }
        let shapes = inputEstates.map { shape($0["geometry"]!) }
        let n = ids.count
        let households = props.map { Int($0["households"]!.numberValue!) }
        let population = props.indices.map { e in
            props[e]["population"]?.numberValue ?? (Double(households[e]) * scenario.personsPerHousehold).rounded()
        }
        let cost = props.map { $0["cost_yuan"]?.numberValue ?? $0["floor_area_m2"]!.numberValue! * scenario.costPerM2Yuan }
        let pledges = props.map { p in ["resident_yuan", "utility_yuan", "social_yuan"].reduce(0.0) { $0 + (p[$1]?.numberValue ?? 0) } }
        let facilityKind = inputFacilities.map { $0["properties"]!["kind"]!.stringValue! }
        let facilityCapacity = inputFacilities.map { $0["properties"]!["capacity_m2"]?.numberValue ?? 0 }
        let facilityShape = inputFacilities.map { shape($0["geometry"]!) }
        let siteIDs = inputSites.map { $0["properties"]!["id"]!.stringValue! }
        let siteShape = inputSites.map { shape($0["geometry"]!) }
        let siteCost = inputSites.map { $0["properties"]!["cost_per_m2"]!.numberValue! }
        let siteArea = inputSites.map { $0["properties"]!["area_m2"]!.numberValue! }
        let siteKinds = inputSites.map { $0["properties"]!["kinds"]?.arrayValue?.map { $0.stringValue! } }
        let reach = scenario.maxReachMeters
        let facilityDistance = (0..<n).map { e in
            facilityShape.map { boxGap(shapes[e], $0) > reach + 1 ? Double.infinity : distance(shapes[e], $0) }
        }
        let siteDistance = (0..<n).map { e in
            siteShape.map { boxGap(shapes[e], $0) > reach + 1 ? Double.infinity : distance(shapes[e], $0) }
        }

        // The plan's decisions.
        let planByID = Dictionary(uniqueKeysWithValues: plan.map { ($0["properties"]!["id"]!.stringValue!, $0["properties"]!) })
        #expect(planByID.count == n)
        let year: [Int?] = ids.map { planByID[$0]!["year"]!.numberValue.map { Int($0) } }
        struct Addition { var site: Int; var kind: String; var year: Int; var m2: Double }
        let additions = built.map { f -> Addition in
            let p = f["properties"]!
            return Addition(site: siteIDs.firstIndex(of: p["id"]!.stringValue!)!, kind: p["kind"]!.stringValue!,
                            year: Int(p["year"]!.numberValue!), m2: p["m2"]!.numberValue!)
        }

        // §4 classes and schedulability.
        let rules = scenario.eligibility
        let estateClass: [String] = props.map { p in
            let builtYear = Int(p["built_year"]!.numberValue!)
            let unsafe = ["C", "D"].contains(p["safety_grade"]?.stringValue ?? "B") || p["complete_units"] == .bool(false)
            if builtYear <= rules.coreBuiltUntil || (rules.includeUnsafeAfterCore && unsafe) { return "core" }
            return builtYear <= rules.extendedBuiltUntil ? "extended" : "ineligible"
        }
        let lockedNever = Set(scenario.locks.filter { $0.target == .never }.map(\.estateID))
        let schedulable = (0..<n).map { e in
            estateClass[e] != "ineligible" && props[e]["consent"]!.numberValue! >= rules.consentMin
                && (!rules.requireManagementAgreement || props[e]["management_agreed"] == .bool(true)) && !lockedNever.contains(ids[e])
        }

        // §3 coverage and 2SFCA access.
        var coveredBefore = [[Bool]](repeating: [], count: n), coveredAfter = [[Bool]](repeating: [], count: n)
        for (r, rule) in scenario.coverage.enumerated() {
            let limit = scenario.meters(rule.withinMinutes)
            for e in 0..<n {
                let before = facilityDistance[e].indices.contains {
                    facilityKind[$0] == rule.kind && near(facilityDistance[e][$0], limit, "\(ids[e]) coverage \(r)")
                }
                let after = before || additions.contains { $0.kind == rule.kind && near(siteDistance[e][$0.site], limit, "\(ids[e]) site coverage") }
                coveredBefore[e].append(before)
                coveredAfter[e].append(after)
            }
        }
        var access = [[Double]](), accessAfter = [[Double]](), attainable = [[Double]]()
        for norm in scenario.norms {
            let limit = scenario.meters(norm.withinMinutes)
            let facilityDemand = inputFacilities.indices.map { f in
                (0..<n).reduce(0.0) { $0 + (near(facilityDistance[$1][f], limit, "demand") ? population[$1] : 0) }
            }
            let siteDemand = inputSites.indices.map { s in
                (0..<n).reduce(0.0) { $0 + (near(siteDistance[$1][s], limit, "site demand") ? population[$1] : 0) }
            }
            var a = [Double](), after = [Double](), best = [Double]()
            for e in 0..<n {
                var value = 0.0
                for f in inputFacilities.indices where facilityKind[f] == norm.kind && facilityDistance[e][f] <= limit && facilityDemand[f] > 0 {
                    value += facilityCapacity[f] / facilityDemand[f]
                }
                a.append(value)
                var most = value, planned = value
                for s in inputSites.indices where siteDistance[e][s] <= limit && siteDemand[s] > 0 {
                    if siteKinds[s]?.contains(norm.kind) ?? true { most += siteArea[s] / siteDemand[s] }
                    for addition in additions where addition.site == s && addition.kind == norm.kind { planned += addition.m2 / siteDemand[s] }
                }
                best.append(most)
                after.append(planned)
            }
            access.append(a)
            accessAfter.append(after)
            attainable.append(best)
        }

        // §5 scores.
        let weights = scenario.score.weights
        let hazardTotal = scenario.score.hazardWeights.values.reduce(0, +)
        let score = (0..<n).map { e -> Double in
            let p = props[e]
            func clamp(_ v: Double) -> Double { max(0, min(1, v)) }
            let age = clamp(Double(scenario.horizon.start - Int(p["built_year"]!.numberValue!)) / 40)
            let hazards = p["hazards"]?.arrayValue?.map { $0.stringValue! } ?? []
            let hazard = clamp(hazards.reduce(0) { $0 + (scenario.score.hazardWeights[$1] ?? 0) } / hazardTotal)
            var gaps = coveredBefore[e].map { $0 ? 0.0 : 1.0 }
            for (k, norm) in scenario.norms.enumerated() { gaps.append(max(0, norm.m2PerPerson - access[k][e]) / norm.m2PerPerson) }
            let gap = gaps.isEmpty ? 0 : gaps.reduce(0, +) / Double(gaps.count)
            let consent = clamp((p["consent"]!.numberValue! - rules.consentMin) / (1 - rules.consentMin))
            let cofunding = cost[e] > 0 ? clamp(pledges[e] / cost[e]) : 0
            let terms = ["age": age, "hazard": hazard, "service_gap": gap, "consent": consent, "cofunding": cofunding]
            let total = weights.values.reduce(0, +)
            return 100 * terms.reduce(0) { $0 + (weights[$1.key] ?? 0) * $1.value } / total
        }

        // §6, §12 clusters: components of the neighbour graph of schedulable estates (a lock on one
        // estate holds its whole cluster, so locked estates join clusters like the others).
        var parent = Array(0..<n)
        func root(_ i: Int) -> Int { var i = i; while parent[i] != i { i = parent[i] }; return i }
        let free = (0..<n).filter { schedulable[$0] }
        for (i, a) in free.enumerated() {
            for b in free[(i + 1)...] where boxGap(shapes[a], shapes[b]) <= scenario.clustering.adjacencyM + 1 {
                if near(distance(shapes[a], shapes[b]), scenario.clustering.adjacencyM, "\(ids[a])–\(ids[b]) adjacency") {
                    parent[root(a)] = root(b)
                }
            }
        }
        var components: [Int: [Int]] = [:]
        for e in free { components[root(e), default: []].append(e) }
        var clusterOf = [Int?](repeating: nil, count: n)
        var clusterMembers: [[Int]] = []
        for members in components.values.sorted(by: { $0[0] < $1[0] }) {
            let planIDs = Set(members.map { planByID[ids[$0]]!["cluster"]!.stringValue ?? "-" })
            if members.reduce(0, { $0 + households[$1] }) <= scenario.clustering.maxHouseholds {
                #expect(planIDs.count == 1, "estates \(members.map { ids[$0] }) form one cluster, the plan has \(planIDs.sorted())")
                // and no other estate shares that cluster id
                let sharing = plan.filter { planIDs.contains($0["properties"]!["cluster"]!.stringValue ?? "?") }.count
                #expect(sharing == members.count, "cluster \(planIDs.sorted()) holds estates outside the component \(members.map { ids[$0] })")
                for e in members { clusterOf[e] = clusterMembers.count }
                clusterMembers.append(members)
            } else {
                // Split by the planner: trust its parts, but they must stay inside the component.
                for id in planIDs.sorted() {
                    let part = members.filter { planByID[ids[$0]]!["cluster"]!.stringValue == id }
                    #expect(part.reduce(0) { $0 + households[$1] } <= scenario.clustering.maxHouseholds || part.count == 1)
                    for e in part { clusterOf[e] = clusterMembers.count }
                    clusterMembers.append(part)
                }
                let sharing = plan.filter { planIDs.contains($0["properties"]!["cluster"]!.stringValue ?? "?") }.count
                #expect(sharing == members.count)
            }
        }
        for e in 0..<n {
            #expect((clusterOf[e] != nil) == (planByID[ids[e]]!["cluster"]! != .null), "\(ids[e]): schedulable is \(schedulable[e])")
        }
        #expect(summary["clusters"]!.numberValue! == Double(clusterMembers.count))
        #expect(summary["estates"]!.numberValue! == Double(n))

        // A cluster is planned in one year; an estate's year is its cluster's.
        func clusterYear(_ c: Int) -> Int? { year[clusterMembers[c][0]] }
        for members in clusterMembers { #expect(Set(members.map { year[$0] }).count == 1) }
        for e in 0..<n where clusterOf[e] == nil { #expect(year[e] == nil, "\(ids[e]) is not schedulable but planned") }

        // Per estate: class, status, score.
        var statuses: [String: Int] = ["implement": 0, "prepare": 0, "reserve": 0, "ineligible": 0]
        for e in 0..<n {
            let status = estateClass[e] == "ineligible" ? "ineligible" : year[e] == nil ? "reserve" : year[e] == calendar[0] ? "implement" : "prepare"
            statuses[status, default: 0] += 1
            let p = planByID[ids[e]]!
            #expect(p["class"]!.stringValue == estateClass[e], "\(ids[e]) class")
            #expect(p["status"]!.stringValue == status, "\(ids[e]) status")
            #expect(abs(p["score"]!.numberValue! - score[e]) < 1e-4, "\(ids[e]) score \(p["score"]!) vs \(score[e])")
        }
        for (status, count) in statuses { #expect(summary["statuses"]![status]?.numberValue == Double(count), "\(status)") }

        // Per year.
        let years = summary["years"]!.arrayValue!
        #expect(years.count == calendar.count)
        for (t, y) in calendar.enumerated() {
            let planned = clusterMembers.indices.filter { clusterYear($0) == y }
            let estates = planned.flatMap { clusterMembers[$0] }
            let renovation = planned.reduce(0.0) { total, c in
                let saving = clusterMembers[c].count >= 2 ? scenario.clustering.linkedSaving : 0
                return total + (1 - saving) * clusterMembers[c].reduce(0.0) { $0 + max(0, cost[$1] - pledges[$1]) }
            }
            let added = additions.filter { $0.year == y }
            let siteYuan = added.reduce(0.0) { $0 + $1.m2 * siteCost[$1.site] }
            let value = estates.reduce(0.0) { $0 + pow(scenario.discount, Double(t)) * score[$1] * Double(households[$1]) / 100 }
            let line = years[t]
            func figure(_ key: String) -> Double { line[key]!.numberValue! }
            #expect(figure("year") == Double(y))
            #expect(figure("estates") == Double(estates.count))
            #expect(figure("clusters") == Double(planned.count))
            #expect(figure("households") == Double(estates.reduce(0) { $0 + households[$1] }))
            #expect(figure("extended_households") == Double(estates.filter { estateClass[$0] == "extended" }.reduce(0) { $0 + households[$1] }))
            #expect(abs(figure("renovation_yuan") - renovation) < 0.02, "\(y) renovation \(figure("renovation_yuan")) vs \(renovation)")
            #expect(abs(figure("site_yuan") - siteYuan) < 1, "\(y) site yuan \(figure("site_yuan")) vs \(siteYuan)")
            #expect(abs(figure("site_m2") - added.reduce(0) { $0 + $1.m2 }) < 0.01)
            #expect(abs(figure("spend_yuan") - renovation - siteYuan) < 1)
            #expect(figure("budget_yuan") == scenario.budgetYuan(year: t))
            #expect(abs(figure("value") - value) < 1e-3 * max(1, value), "\(y) value \(figure("value")) vs \(value)")
        }

        // Coverage shares.
        let total = Double(households.reduce(0, +))
        for (r, rule) in scenario.coverage.enumerated() {
            let before = (0..<n).filter { coveredBefore[$0][r] }.reduce(0) { $0 + households[$1] }
            let after = (0..<n).filter { coveredAfter[$0][r] }.reduce(0) { $0 + households[$1] }
            #expect(abs(summary["coverage"]![rule.kind]!["before"]!.numberValue! - Double(before) / total) < 1e-6, "\(rule.kind) before")
            #expect(abs(summary["coverage"]![rule.kind]!["after"]!.numberValue! - Double(after) / total) < 1e-6, "\(rule.kind) after")
        }

        // Norms.
        for (k, norm) in scenario.norms.enumerated() {
            let target = norm.m2PerPerson
            let short = (0..<n).filter { access[k][$0] < target - 1e-9 }
            let line = summary["norms"]![norm.kind]!
            #expect(line["estates_short_before"]!.numberValue == Double(short.count))
            #expect(line["estates_short_after"]!.numberValue == Double((0..<n).filter { accessAfter[k][$0] < target - 1e-9 }.count))
            #expect(line["schedulable_not_attainable"]!.numberValue
                == Double(short.filter { clusterOf[$0] != nil && attainable[k][$0] < target - 1e-9 }.count))
            #expect(line["enforced"]!.numberValue
                == Double(short.filter { clusterOf[$0] != nil && attainable[k][$0] >= target - 1e-9 }.count))
            #expect(abs(line["new_m2"]!.numberValue! - additions.filter { $0.kind == norm.kind }.reduce(0) { $0 + $1.m2 }) < 0.01)
            // §7.6 in each planned estate's own year, from the recomputed access and demands.
            let limit = scenario.meters(norm.withinMinutes)
            for e in 0..<n where clusterOf[e] != nil && access[k][e] < target - 1e-9 && attainable[k][e] >= target - 1e-9 {
                guard let y = year[e] else { continue }
                var value = access[k][e]
                for addition in additions where addition.kind == norm.kind && addition.year <= y && siteDistance[e][addition.site] <= limit {
                    let demand = (0..<n).reduce(0.0) { $0 + (siteDistance[$1][addition.site] <= limit ? population[$1] : 0) }
                    value += addition.m2 / demand
                }
                #expect(value >= target - 1e-6, "\(ids[e]) misses the \(norm.kind) norm in \(y): \(value)")
            }
        }
        #expect(borderline.isEmpty, "distances within 1 mm of a threshold: \(borderline.prefix(5))")
    }
}
