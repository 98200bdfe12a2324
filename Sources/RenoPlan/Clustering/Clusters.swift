import Foundation

/// Adjacent estates renovated together (片区联动改造), SPEC §6.
public struct Cluster: Sendable, Equatable {
    /// `C001`, numbered in order of each cluster's smallest estate id.
    public var id: String
    /// Estate indices in the district, sorted by estate id.
    public var members: [Int]
    /// H_c: households.
    public var households: Int
    /// X_c: households of extended-class members.
    public var extendedHouseholds: Int
    /// V_c = Σ score × households / 100.
    public var value: Double
    /// N_c = (1 − s_c) × Σ max(0, cost − pledges).
    public var netCostYuan: Double
    /// The year the planner locked this cluster to (a lock on one member locks the cluster), if any.
    public var lockedYear: Int?

    /// V_c per yuan of N_c (a cluster that costs nothing counts as costing 1 yuan).
    var valuePerYuan: Double { value / max(netCostYuan, 1) }
}

enum Clustering {
    /// Groups schedulable estates whose polygons lie within `adjacency_m` (GEOS STRtree and
    /// prepared distance), splits components above `max_households`, and computes each cluster's
    /// H, X, V and N. Deterministic: ordering is by estate id throughout.
    static func clusters(
        _ district: District, gates: [Gate], scores: [Double]
    ) throws -> [Cluster] {
        let scenario = district.scenario
        let rules = scenario.clustering
        let estates = district.estates
        let schedulable = estates.indices.filter { gates[$0].isSchedulable }
        // Locked estates join clusters like the others (SPEC §12): the lock then holds the cluster.
        let free = schedulable

        // Neighbour graph over schedulable estates.
        var neighbors = [Int: [Int]]()
        let geometries = free.map { district.estateGeometries[$0].geometry }
        let tree = try STRtree(geometries, in: district.geos)
        let d = rules.adjacencyM
        for (i, e) in free.enumerated() {
            let box = try geometries[i].extent()
            for j in try tree.query(minX: box.minX - d, minY: box.minY - d, maxX: box.maxX + d, maxY: box.maxY + d)
            where j > i {
                if try district.estateGeometries[e].distance(to: geometries[j]) <= d {
                    neighbors[e, default: []].append(free[j])
                    neighbors[free[j], default: []].append(e)
                }
            }
        }
        let byID: (Int, Int) -> Bool = { estates[$0].id < estates[$1].id }
        for key in neighbors.keys { neighbors[key]!.sort(by: byID) }

        // Connected components, each split into connected parts of at most max_households.
        var assigned = Set<Int>()
        var groups: [[Int]] = []
        for start in free.sorted(by: byID) where !assigned.contains(start) {
            var component: [Int] = []
            var queue = [start]
            var seen: Set<Int> = [start]
            while let next = queue.popLast() {
                component.append(next)
                for n in neighbors[next] ?? [] where seen.insert(n).inserted { queue.append(n) }
            }
            component.sort(by: byID)
            groups += split(component, neighbors: neighbors, estates: estates, limit: rules.maxHouseholds, byID: byID)
            assigned.formUnion(component)
        }
        groups.sort { byID($0[0], $1[0]) }
        try checkLocks(groups, district: district, gates: gates)

        let width = max(3, String(groups.count).count)
        return groups.enumerated().map { number, members in
            let saving = members.count >= 2 ? rules.linkedSaving : 0
            let lockedYear = members.lazy.compactMap { e -> Int? in
                if case .year(let year)? = gates[e].lock { return year } else { return nil }
            }.first
            return Cluster(
                id: "C" + String(repeating: "0", count: max(0, width - String(number + 1).count)) + String(number + 1),
                members: members,
                households: members.reduce(0) { $0 + estates[$1].households },
                extendedHouseholds: members.reduce(0) { $0 + (gates[$1].estateClass == .extended ? estates[$1].households : 0) },
                value: value(members, estates: estates) { scores[$0] },
                netCostYuan: netCostYuan(members, saving: saving, estates: estates),
                lockedYear: lockedYear)
        }
    }

    /// SPEC §12: a lock applies to its estate's whole cluster, so two members locked to different
    /// years split the cluster: an error naming both estates, at the second one's lock line.
    private static func checkLocks(_ groups: [[Int]], district: District, gates: [Gate]) throws {
        let scenario = district.scenario
        let lines = Dictionary(scenario.locks.map { ($0.estateID, $0.line) }, uniquingKeysWith: { first, _ in first })
        var problems = InvalidInput()
        for members in groups {
            var first: (estate: Int, year: Int)?
            for e in members {
                guard case .year(let year)? = gates[e].lock else { continue }
                guard let (other, otherYear) = first else { first = (e, year); continue }
                guard year != otherYear else { continue }
                let (a, b) = (district.estates[other].id, district.estates[e].id)
                let names = members.map { district.estates[$0].id }.joined(separator: ", ")
                // A started estate of `revise`'s approved plan is locked by that file's line.
                let started = scenario.approvedStates.sources
                let whereA = started[a] ?? "line \(lines[a].flatMap { $0 }.map(String.init) ?? "?")"
                problems.scenarioErrors.append(ScenarioError(
                    file: started[b] ?? scenario.file.lastPathComponent, path: started[b] == nil ? "locks.\(b)" : nil,
                    line: started[b] == nil ? lines[b] ?? nil : nil,
                    problem: "\(b) is \(started[b] == nil ? "locked to" : "started in") \(year) but \(a) (\(whereA)) "
                        + "is \(started[a] == nil ? "locked to" : "started in") \(otherYear), and they are renovated together in one cluster (\(names); "
                        + "estates within clustering.adjacency_m \(String(format: "%g", scenario.clustering.adjacencyM)) m): lock them to one year, "
                        + "or lower clustering.adjacency_m"))
            }
        }
        if !problems.isEmpty { throw problems }
    }

    /// Splits a component greedily: from the smallest unassigned id, grow through neighbours (in
    /// id order) while the household total stays within the limit. Every part is connected; an
    /// estate above the limit stands alone.
    private static func split(
        _ component: [Int], neighbors: [Int: [Int]], estates: [Estate], limit: Int, byID: (Int, Int) -> Bool
    ) -> [[Int]] {
        let total = component.reduce(0) { $0 + estates[$1].households }
        if total <= limit { return [component] }
        var remaining = Set(component)
        var parts: [[Int]] = []
        for seed in component where remaining.contains(seed) {
            remaining.remove(seed)
            var part = [seed]
            var households = estates[seed].households
            if households < limit {
                while true {
                    let frontier = Set(part.flatMap { neighbors[$0] ?? [] }).filter {
                        remaining.contains($0) && households + estates[$0].households <= limit
                    }
                    guard let next = frontier.min(by: byID) else { break }
                    remaining.remove(next)
                    part.append(next)
                    households += estates[next].households
                }
            }
            parts.append(part.sorted(by: byID))
        }
        return parts
    }
}
