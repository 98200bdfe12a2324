import Testing

@testable import RenoPlan

/// The residual-need cut of one norm row, worked by hand (docs/solver.md, *The bound*).
///
/// An estate lacks h = 0.05 m²/person. Two sites can give it space: a cheap one of 100 m² at
/// 2e-4 m²/person per m² (at most 0.02 of the 0.05), and a dear one of 1,000 m² at 1e-4.
/// Renovated whole, the estate needs ≥ (0.05 − 0.02) / 1e-4 = 300 m² on the dear site however the
/// cheap one is used. Columns: 0 = x (renovated), 1 = z on the cheap site, 2 = z on the dear one.
struct ResidualNeedCutsTests {
    let cuts = ResidualNeedCuts(needs: [
        ResidualNeedCuts.Need(row: 7, renovated: [0], shortfall: 0.05, sites: [
            ResidualNeedCuts.Option(area: 100, perM2: 2e-4, columns: [1]),
            ResidualNeedCuts.Option(area: 1_000, perM2: 1e-4, columns: [2]),
        ])
    ])

    /// Half renovated (x = 0.5) with the cheap site full and 50 m² on the dear one meets the norm
    /// row (0.02 + 0.005 = 0.025 = 0.05 × 0.5) but not the cut: the cheap site is in S (its
    /// area × x = 50 < 100 built), the rest needed is 0.05 − 0.02 = 0.03 per unit of x, and the
    /// dear site gives 0.005 < 0.03 × 0.5. The cut: 1e-4 z_dear − 0.03 x ≥ 0.
    @Test func cutsTheFractionalShortcut() throws {
        let found = cuts.violated(by: [0.5, 100, 50])
        #expect(found.count == 1)
        let cut = try #require(found.first)
        #expect(cut.like == 7 && cut.lower == 0)
        #expect(cut.entries.map(\.column) == [2, 0])
        #expect(abs(cut.entries[0].value - 1e-4) < 1e-15 && abs(cut.entries[1].value + 0.03) < 1e-12)
    }

    /// Points every plan may take are never cut: renovated whole with the cheapest space that
    /// meets the norm (100 m² cheap + 300 m² dear); not renovated at all; and half renovated
    /// with the space a whole renovation needs, half of it (50 + 150).
    @Test func keepsWhatPlansMayDo() {
        #expect(cuts.violated(by: [1, 100, 300]).isEmpty)
        #expect(cuts.violated(by: [0, 0, 0]).isEmpty)
        #expect(cuts.violated(by: [0.5, 50, 150]).isEmpty)
    }

    /// The cut is valid for every integer x and every space the sites can hold that meets the
    /// norm row: checked on a grid of both sites' space.
    @Test func validForEveryPlanOnAGrid() throws {
        let cut = try #require(cuts.violated(by: [0.5, 100, 50]).first)
        for x in [0.0, 1.0] {
            for cheap in stride(from: 0.0, through: 100, by: 5) {
                for dear in stride(from: 0.0, through: 1_000, by: 10) where 2e-4 * cheap + 1e-4 * dear >= 0.05 * x - 1e-12 {
                    let values = [x, cheap, dear]
                    let lhs = cut.entries.reduce(0) { $0 + $1.value * values[$1.column] }
                    #expect(lhs >= cut.lower - 1e-12, "x \(x), cheap \(cheap), dear \(dear)")
                }
            }
        }
    }
}
