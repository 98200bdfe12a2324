import Testing

@testable import RenoPlan

/// The neighbourhood searches on a city (docs/solver.md, *Regions*): the city cut into regions,
/// the order of the tiers, and a city's searches giving the same plan on one core or two.
struct CityNeighbourhoodsTests {
    /// Eight clusters on two rows 10 m apart, 1 m apart along each row. The rows are further apart
    /// than the row is long, so the first cut separates them; each row is then cut along x.
    @Test func regionsHalveTheLongerSide() {
        let points = (0..<8).map { Point2(x: Double($0 % 4), y: $0 < 4 ? 0 : 10) }
        #expect(Regions.split(points, size: 4) == [[0, 1, 2, 3], [4, 5, 6, 7]])
        #expect(Regions.split(points, size: 2) == [[0, 1], [2, 3], [4, 5], [6, 7]])
        #expect(Regions.split(points, size: 8) == [Array(0..<8)])
        #expect(Regions.split([], size: 2).isEmpty)
    }

    /// Every cluster is in exactly one region of at most `size` (and, halving, at least half of
    /// it), seven of them on the same spot.
    @Test func regionsPartitionTheClusters() {
        let points = (0..<7).map { _ in Point2(x: 5, y: 5) } + (0..<30).map { Point2(x: Double($0 * 7 % 11), y: Double($0 * 5 % 13)) }
        let regions = Regions.split(points, size: 4)
        #expect(regions.flatMap { $0 }.sorted() == Array(points.indices))
        #expect(regions.allSatisfy { $0.count <= 4 && $0.count >= 2 })
    }

    /// One tier: the plain round. Three neighbourhoods; nothing, better, then nothing three times
    /// in a row ends it (five asked).
    @Test func oneTierIsTheRound() {
        var rounds = NeighbourhoodRounds(tiers: 1, backToFirst: false)
        var asked: [Int] = []
        for found in [false, true, false, false, false, false] {
            guard !rounds.tierIsDone(count: 3) else { break }
            asked.append(rounds.turn % 3)
            rounds.asked(foundBetter: found)
        }
        #expect(asked == [0, 1, 2, 0, 1])
        #expect(rounds.tierIsDone(count: 3))
        rounds.leaveTier()
        #expect(rounds.isOver)
    }

    /// Three tiers, back to the first: tier 0 (2 neighbourhoods) finds nothing, tier 1 (3) finds
    /// a better plan in its first and is left after one pass, back to tier 0; tier 0 and tier 1
    /// then find nothing, so on to tier 2, which finds nothing: over. Without going back, tier 1
    /// would go on until three in a row find nothing and then move on to tier 2.
    @Test func tiersGoBackToTheFirstAfterABetterPlan() {
        let counts = [2, 3, 2]
        func run(backToFirst: Bool, answers: [Bool]) -> [String] {
            var rounds = NeighbourhoodRounds(tiers: 3, backToFirst: backToFirst)
            var answers = answers[...]
            var asked: [String] = []
            while !rounds.isOver {
                let count = counts[rounds.tier]
                if rounds.tierIsDone(count: count) {
                    rounds.leaveTier()
                    continue
                }
                asked.append("\(rounds.tier).\(rounds.turn % count)")
                rounds.asked(foundBetter: answers.popFirst() ?? false)
            }
            return asked
        }
        #expect(run(backToFirst: true, answers: [false, false, true]) == ["0.0", "0.1", "1.0", "1.1", "1.2", "0.0", "0.1", "1.0", "1.1", "1.2", "2.0", "2.1"])
        #expect(run(backToFirst: false, answers: [false, false, true]) == ["0.0", "0.1", "1.0", "1.1", "1.2", "1.0", "2.0", "2.1"])
    }

    /// A city-sized model (488 single-estate clusters over five years: above the 2,000 integer
    /// columns where the searches go by tiers and regions) with the searches' work limited: the
    /// search goes by tiers, back to the first after a later one found a better plan, through
    /// the regions' tier, and gives the same plan one search at a time or two.
    @Test func cityTiersGiveTheSamePlanOnOneCoreOrTwo() throws {
        let district = try GeneratedDistrict(estates: 800, seed: 5)
        defer { district.remove() }
        let scenarioURL = try district.scenario(
            "horizon: {start: 2025, years: 5}\nbudget: {annual_yuan: 3e8}\nclustering: {max_households: 1}\n"
                + "solver: {time_limit_s: 600, node_limit: 1}\n",
            name: "city tiers")
        let analysis = try Pipeline.analyse(scenarioAt: scenarioURL)
        #expect(analysis.clusters.count * 5 > GLPKSolver.largeModelIntegerColumns)
        var options = SolveOptions()
        options.limits = Scenario.SearchLimits(nodes: 1, work: nil, neighbourhoodWork: 1.5e6)
        // The main search's root (cuts, by-year columns) is not what this test is about.
        options.residualNeedCuts = false
        options.byYearColumns = false
        options.pairedNeighbourhoods = false
        let single = try Pipeline.solve(analysis, options: options)
        options.pairedNeighbourhoods = true
        let paired = try Pipeline.solve(analysis, options: options)
        let tiers = single.solverLog.split(separator: "\n").compactMap { line in
            line.contains("neighbourhood searches: tier ") ? Int(line.split(separator: " ").last!) : nil
        }
        // Tier 1 (the regions) and 2 were searched, and the search went back to tier 0 after one.
        #expect(tiers.contains(1) && tiers.contains(2), "\(single.solverLog)")
        #expect(zip(tiers, tiers.dropFirst()).contains { $0.0 > 0 && $0.1 == 0 }, "\(tiers)")
        #expect(single.solverLog.contains(" columns found objective"))
        #expect(paired.columnValues == single.columnValues)
        #expect(paired.objective == single.objective)
    }
}
