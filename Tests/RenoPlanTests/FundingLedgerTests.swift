import Foundation
import Testing

@testable import RenoPlan

/// SPEC §11: the question "could the sources pay the plan with this cluster added?", asked of the
/// part of the allocation LP the cluster enters (``FundingRule/Ledger``), gets the answer the whole
/// allocation LP of the plan with the cluster gives (``FundingRule/structuralViolations(of:)``),
/// and the warm LPs of the reasons (``FundingRule/Explanations``) the same as a fresh one.
@Suite("Funding ledger")
struct FundingLedgerTests {
    /// A generated district with the demo's three sources, tight enough that most tries fail;
    /// `carry`: the local budget carries over, so its rows join every year.
    @Test(arguments: [(41, false), (42, true)])
    func aTryAnswersAsTheWholeAllocation(seed: Int, carry: Bool) throws {
        let district = try GeneratedDistrict(estates: 150, seed: UInt64(seed))
        defer { district.remove() }
        let url = try scenario(district, carry: carry, central: "[basic]", more: "solver: {time_limit_s: 30, node_limit: 100}\n")
        let analysis = try Pipeline.analyse(scenarioAt: url)
        let outcome = try Pipeline.solve(analysis)
        #expect(outcome.status.hasPlan)
        let rules = RuleSet(analysis, norms: true)
        let funding = try #require(rules.fundingRule)
        let plan = Plan(clusterYear: outcome.clusterYear, additions: outcome.additions, estateLevels: outcome.estateLevels, analysis: analysis)
        let solved = PlanDecisions(plan, analysis: analysis)
        #expect(funding.structuralViolations(of: solved).isEmpty, "the solver's plan is payable")
        // The solver's plan leaves no room; half of it (every other renovation) leaves some.
        var half = solved
        half.renovations = solved.renovations.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let site = try #require(analysis.district.sites.indices.first)

        var (payable, unpayable) = (0, 0)
        var (alonePayable, aloneUnpayable) = (0, 0)
        for base in [solved, half] {
            let ledger = funding.ledger(base)
            // The reasons' ledgers keep an allocation, so a try it pays as it is needs no LP.
            let (kept, empty) = (funding.withAllocation(ledger), funding.withAllocation(funding.emptyLedger))
            #expect(kept.allocation != nil && empty.allocation == [:])
            // The reasons' explanations from warm LPs (one per component, kept across tries).
            let explanations = FundingRule.Explanations(funding, ledger: kept)
            defer { explanations.close() }
            let planned = Set(base.renovations.compactMap(\.cluster))
            for (c, cluster) in analysis.clusters.enumerated() where !planned.contains(c) && cluster.lockedYear == nil {
                for t in 0..<3 {
                    let renovation = Renovation(cluster: c, members: cluster.members, year: t)
                    // Every other try with new space in its year, as the reasons add what norms need.
                    let spaces = c % 2 == 0 ? [PlanDecisions.Space(site: site, norm: nil, kind: "elderly_care", year: t, m2: 300)] : []
                    var whole = base
                    whole.renovations.append(renovation)
                    whole.spaces += spaces
                    let expected = funding.structuralViolations(of: whole)
                    let found = funding.violations(adding: [renovation], spaces: spaces, to: ledger, payable: true)
                    #expect(found.isEmpty == expected.isEmpty, "cluster \(cluster.id) in year \(t): \(found) against \(expected)")
                    // The same broken rows (years and subjects); only a tie between equally short
                    // rows could name another, and these districts have none.
                    #expect(found.map { "\($0.year ?? 0) \($0.id ?? "")" } == expected.map { "\($0.year ?? 0) \($0.id ?? "")" })
                    if expected.isEmpty { payable += 1 } else { unpayable += 1 }
                    // Warm, the same rows broken by the same amounts as a fresh elastic LP says.
                    let warm = explanations.violations(adding: [renovation], spaces: spaces).map(\.detail)
                    #expect(warm == funding.violations(adding: [renovation], spaces: spaces, to: kept, payable: true, unpayable: true).map(\.detail))
                    #expect(warm.isEmpty == expected.isEmpty)
                    #expect(funding.pays(adding: [renovation], spaces: spaces, to: kept, payable: true) == expected.isEmpty)
                    // Alone in an empty plan (the reasons' second question).
                    var alone = base
                    (alone.renovations, alone.spaces, alone.levels) = ([renovation], spaces, [])
                    let aloneExpected = funding.structuralViolations(of: alone).isEmpty
                    #expect(funding.pays(adding: [renovation], spaces: spaces, to: empty, payable: true) == aloneExpected)
                    if aloneExpected { alonePayable += 1 } else { aloneUnpayable += 1 }
                    // The fill's question (rank, the greedy start): the same answer, and the
                    // allocation the ledger keeps pays the plan with the cluster.
                    var grown = ledger
                    #expect(funding.take([renovation], spaces: spaces, into: &grown) == funding.admits(whole))
                    if let allocation = grown.allocation, grown.constant != ledger.constant {
                        #expect(broken(funding, grown.constant, allocation).isEmpty, "\(broken(funding, grown.constant, allocation))")
                    }
                }
            }
        }
        // Both answers occur, so the comparison means something.
        #expect(payable > 0 && unpayable > 0, "\(payable) payable, \(unpayable) not")
        #expect(alonePayable > 0, "\(alonePayable) payable alone, \(aloneUnpayable) not")
    }

    /// The fill's ledger keeps its sums of rows (``FundingRule/RowSum``) as its plan grows, a few
    /// rows and columns per addition: after every addition, payable or not, they are the sums
    /// made afresh from all the plan's columns. Renovations first, some with new space, then
    /// levels of estates already planned, which the capped source may pay too (so that their
    /// columns share the estates' cap rows with the basic works').
    @Test(arguments: [(41, false), (42, true)])
    func keptSumsAreThoseMadeAfresh(seed: Int, carry: Bool) throws {
        let district = try GeneratedDistrict(estates: 150, seed: UInt64(seed))
        defer { district.remove() }
        let url = try scenario(district, carry: carry, central: "[basic, improve]")
        let analysis = try Pipeline.analyse(scenarioAt: url)
        let funding = try #require(RuleSet(analysis, norms: true).fundingRule)
        let site = try #require(analysis.district.sites.indices.first)
        var ledger = funding.emptyLedger
        funding.prepare(&ledger)
        var (taken, refused, entered, compared) = (0, 0, 0, 0)
        func check(_ step: String) {
            for t in 0..<3 {
                let (kept, fresh) = (ledger.sums[t]!, funding.sums(ledger, year: t))
                #expect(kept.count == fresh.count)
                for (a, b) in zip(kept, fresh) {
                    #expect(a.amount == b.amount && a.valid == b.valid, "\(step), year \(t)")
                    guard b.valid else { continue }
                    #expect(a.chosen == b.chosen, "\(step), year \(t): rows \(a.chosen.sorted()) against \(b.chosen.sorted())")
                    #expect(abs(a.needed - b.needed) <= 1e-9 * max(1, b.available), "\(step), year \(t): \(a.needed) against \(b.needed)")
                    compared += a.chosen.count > a.amount.count ? 1 : 0
                }
            }
        }
        var planned: [(estate: Int, year: Int)] = []
        for (c, cluster) in analysis.clusters.enumerated() where cluster.lockedYear == nil {
            let t = c % 3
            let renovation = Renovation(cluster: c, members: cluster.members, year: t)
            let spaces = c % 3 == 0 ? [PlanDecisions.Space(site: site, norm: nil, kind: "elderly_care", year: t, m2: 200)] : []
            if c % 7 == 6 {
                // As a locked cluster is: in the plan whether the sources can pay it or not.
                funding.enter([renovation], spaces: spaces, into: &ledger)
                entered += 1
            } else if funding.take([renovation], spaces: spaces, into: &ledger) {
                taken += 1
            } else {
                refused += 1
                continue
            }
            planned += cluster.members.map { ($0, t) }
            check("cluster \(cluster.id) in year \(t)")
        }
        for (e, t) in planned where analysis.levelApplies(0, estate: e) {
            let work = PlanDecisions.LevelWork(estate: e, level: 0, year: t)
            if funding.take([], levels: [work], into: &ledger) { taken += 1 } else { refused += 1 }
            check("level of estate \(analysis.district.estates[e].id) in year \(t)")
        }
        #expect(taken > 0 && refused > 0 && entered > 0, "\(taken) taken, \(refused) refused, \(entered) entered")
        #expect(compared > 0, "sums with rows beside the amount rows")
    }

    /// The demo's three sources, tight; `central`: what the capped central subsidy covers.
    func scenario(_ district: GeneratedDistrict, carry: Bool, central: String, more: String = "") throws -> URL {
        try district.scenario(
            """
            horizon: {start: 2025, years: 3}
            funding:
              - {source: central_subsidy, annual_yuan: [3e7, 3e7, 3e7], covers: \(central), only_core: true, per_household_yuan: 15000}
              - {source: special_bonds, annual_yuan: [2e6, 2e6, 2e6], covers: [sites]}
              - {source: local_budget, annual_yuan: [2.5e7, 2.5e7, 3e7], covers: [basic, improve, upgrade, sites], carry_over: \(carry)}
            levels:
              improve: {per_m2: 150, weight: 0.45}
            \(more)
            """, name: "ledger")
    }

    /// The rows an allocation breaks (by more than GLPK's tolerance) given the plan's constants.
    func broken(_ funding: FundingRule, _ constant: [Double], _ allocation: [Int: Double]) -> [Int] {
        var activity = constant
        for (j, value) in allocation {
            #expect(value >= -1e-9 && value <= funding.auxiliaryColumns[j].upper + 1e-6)
            for (row, a) in funding.auxiliaryColumns[j].entries { activity[row] += a * value }
        }
        return funding.rows.indices.filter { activity[$0] > (funding.rows[$0].upper ?? .infinity) + 1e-7 * funding.rows[$0].scale }
    }
}
