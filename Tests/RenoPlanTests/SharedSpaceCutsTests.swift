import Testing

@testable import RenoPlan

/// The shared-space cuts of norm rows whose estates draw on the same sites, worked by hand
/// (docs/solver.md, *The bound*).
///
/// Three sites, each giving 1e-4 m²/person per m²: site 1 of 1,000 m² (at most 0.1), sites 2 and
/// 3 of 100 m² (at most 0.01 each). Estate A (cluster columns 0) lacks 0.08 m²/person and can use
/// sites 1 and 2; estate B (cluster column 1) lacks 0.03 and can use sites 1 and 3. Columns:
/// 0 = X_A, 1 = X_B, 2, 3, 4 = the space built on sites 1, 2, 3.
struct SharedSpaceCutsTests {
    let cuts = SharedSpaceCuts(needs: [
        ResidualNeedCuts.Need(row: 5, renovated: [0], shortfall: 0.08, sites: [
            ResidualNeedCuts.Option(area: 1_000, perM2: 1e-4, columns: [2]),
            ResidualNeedCuts.Option(area: 100, perM2: 1e-4, columns: [3]),
        ]),
        ResidualNeedCuts.Need(row: 6, renovated: [1], shortfall: 0.03, sites: [
            ResidualNeedCuts.Option(area: 1_000, perM2: 1e-4, columns: [2]),
            ResidualNeedCuts.Option(area: 100, perM2: 1e-4, columns: [4]),
        ]),
    ])

    /// B renovated whole, A half, 300 m² on site 1 and 100 m² on site 2 meets both norm rows
    /// (A: 0.03 + 0.01 = 0.04 = 0.08 × 0.5; B: 0.03 = 0.03 × 1). But a plan that renovates A at
    /// all needs 0.08 from sites 1 and 2, and a plan that renovates B 0.03 from sites 1 and 3.
    /// Three cuts, by hand:
    /// - on A's sites {1, 2}: B can get at most 0.01 from site 3, so it needs r_B = 0.02 from
    ///   them; r_A = 0.08. Every plan: 1e-4 (Z1 + Z2) ≥ 0.02 X_B + 0.06 X_A; the point gives
    ///   0.04 < 0.02 + 0.03.
    /// - on site 1 alone (site 2 counted at its area, since 100 × X_A = 50 < 100 built): r_A =
    ///   0.07, r_B = 0.02, so 1e-4 Z1 ≥ 0.02 X_B + 0.05 X_A; the point gives 0.03 < 0.045.
    /// - on B's sites {1, 3}: r_B = 0.03, r_A = 0.08 − 0.01 = 0.07, so 1e-4 (Z1 + Z3) ≥ 0.03 X_B +
    ///   0.04 X_A; the point gives 0.03 < 0.05.
    @Test func cutsSpaceTheNeediestEstateWouldNeed() throws {
        let found = cuts.violated(by: [0.5, 1, 300, 100, 0])
        #expect(found.count == 3)
        let expected: [(like: Int, entries: [Int: Double])] = [
            (5, [2: 1e-4, 3: 1e-4, 1: -0.02, 0: -0.06]),
            (5, [2: 1e-4, 1: -0.02, 0: -0.05]),
            (6, [2: 1e-4, 4: 1e-4, 1: -0.03, 0: -0.04]),
        ]
        for (cut, want) in zip(found, expected) {
            #expect(cut.like == want.like && cut.lower == 0)
            #expect(cut.entries.count == want.entries.count)
            for (column, value) in cut.entries {
                let expected = try #require(want.entries[column], "column \(column)")
                #expect(abs(value - expected) < 1e-12, "column \(column): \(value), expected \(expected)")
            }
        }
    }

    /// Points every plan may take are never cut: both renovated with the space A needs; only B,
    /// with only its own need on site 1; neither.
    @Test func keepsWhatPlansMayDo() {
        #expect(cuts.violated(by: [1, 1, 700, 100, 0]).isEmpty)
        #expect(cuts.violated(by: [0, 1, 300, 0, 0]).isEmpty)
        #expect(cuts.violated(by: [0, 0, 0, 0, 0]).isEmpty)
    }

    /// Each cut holds for every plan: both X 0 or 1, and every space the sites can hold that
    /// meets both norm rows, on a grid.
    @Test func validForEveryPlanOnAGrid() {
        let found = cuts.violated(by: [0.5, 1, 300, 100, 0])
        #expect(!found.isEmpty)
        for a in [0.0, 1.0] {
            for b in [0.0, 1.0] {
                for z1 in stride(from: 0.0, through: 1_000, by: 25) {
                    for z2 in stride(from: 0.0, through: 100, by: 10) {
                        for z3 in stride(from: 0.0, through: 100, by: 10)
                        where 1e-4 * (z1 + z2) >= 0.08 * a - 1e-12 && 1e-4 * (z1 + z3) >= 0.03 * b - 1e-12 {
                            let values = [a, b, z1, z2, z3]
                            for cut in found {
                                let lhs = cut.entries.reduce(0) { $0 + $1.value * values[$1.column] }
                                #expect(lhs >= cut.lower - 1e-12, "A \(a), B \(b), sites \(z1) \(z2) \(z3)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// A site that gives a member more per m² than the anchor's coefficient counts is counted at
    /// its area for that member, never at the anchor's coefficient (the cut would not hold).
    @Test func aSiteWorthMoreToAMemberIsCountedAtItsArea() throws {
        let cuts = SharedSpaceCuts(needs: [
            ResidualNeedCuts.Need(row: 0, renovated: [0], shortfall: 0.05, sites: [
                ResidualNeedCuts.Option(area: 1_000, perM2: 1e-4, columns: [2])
            ]),
            ResidualNeedCuts.Need(row: 1, renovated: [1], shortfall: 0.03, sites: [
                ResidualNeedCuts.Option(area: 1_000, perM2: 2e-4, columns: [2])
            ]),
        ])
        // As the anchor, A's coefficient 1e-4 is less than B's 2e-4: B's 0.03 minus the 0.2 the
        // site could give it leaves nothing, so B is no member and there is no cut on A's row.
        // As the anchor, B's row counts 2e-4 per m², more than A's: A is a member with r = 0.05,
        // B with 0.03, and the cut 2e-4 Z ≥ 0.03 X_B + 0.02 X_A holds for every plan (A
        // renovated needs Z ≥ 500, so 2e-4 Z ≥ 0.1). X_A = 0.1, X_B = 1 and Z = 150 meet both
        // rows (0.015 ≥ 0.005, 0.03 ≥ 0.03) but not the cut (0.03 < 0.032).
        let found = cuts.violated(by: [0.1, 1, 150])
        #expect(found.count == 1)
        let cut = try #require(found.first)
        #expect(cut.like == 1)
        let entries = Dictionary(uniqueKeysWithValues: cut.entries.map { ($0.column, $0.value) })
        #expect(entries.count == 3)
        #expect(abs(entries[2, default: 0] - 2e-4) < 1e-15)
        #expect(abs(entries[1, default: 0] + 0.03) < 1e-12 && abs(entries[0, default: 0] + 0.02) < 1e-12)
    }
}
