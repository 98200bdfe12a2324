import Foundation
import Testing

@testable import RenoPlan

/// Tidy starting plans (``GLPKSolver/tidied(_:program:secondary:)``): the space a plan builds comes
/// down to what its renovations need, cheapest and latest first, and nothing else of the plan
/// moves. Worked by hand.
struct TidyPlanTests {
    /// Two clusters in one year of budget 12: A (cost 6, value 6) needs no space; B (cost 4,
    /// value 3.9) needs 2 m² at a site of 1 yuan/m² (area 4). A continuous column w (value 1,
    /// up to A's 1, second-objective cost 5) has an objective of its own, so it must stay.
    static func model(budget: Double = 12) -> (program: LinearProgram, secondary: [Double]) {
        var program = LinearProgram()
        let a = program.addColumn("x_A", integer: true, lower: 0, upper: 1, objective: 6)
        let b = program.addColumn("x_B", integer: true, lower: 0, upper: 1, objective: 3.9)
        let z = program.addColumn("z_site", integer: false, lower: 0, upper: 4, objective: 0)
        let w = program.addColumn("w", integer: false, lower: 0, upper: 1, objective: 1)
        program.addRow("budget", upper: budget, [(a, 6), (b, 4), (z, 1)])
        program.addRow("norm_B", lower: 0, [(z, 1), (b, -2)])
        program.addRow("w_with_A", upper: 0, [(w, 1), (a, -1)])
        return (program, [0, 0, 1, 5])
    }

    /// A with 4 m² no one needs: tidied, the space is 0 and the 6 yuan it held are free again
    /// (enough for B and its 2 m²: 6 + 4 + 2 = 12); A and w (whose value the objective counts)
    /// stay as they were, though w's second-objective cost would have it 0. Dropping the row that
    /// holds the objective would make w 0.
    @Test func spaceNoOneNeedsIsGivenBack() throws {
        let (program, secondary) = Self.model()
        let plan = [1.0, 0, 4, 1]
        #expect(program.isFeasible(plan))
        #expect(!program.isFeasible([1, 1, 4, 1]))  // B cannot join while the 4 m² stay
        let tidied = try GLPKSolver.tidied(plan, program: program, secondary: secondary)
        #expect(tidied.count == 4)
        #expect(tidied[0] == 1 && tidied[1] == 0 && tidied[2] == 0, "\(tidied)")
        // The objective is held to within 1e-9 of itself (the row's slack), so w stays at 1.
        #expect(abs(tidied[3] - 1) < 1e-8, "\(tidied)")
        #expect(abs(program.objective(of: tidied) - program.objective(of: plan)) < 1e-8)
        #expect(program.isFeasible([1, 1, 2, 1]))
    }

    /// B with 4 m² where its norm needs 2: tidied to the 2 m² it needs.
    @Test func spaceComesDownToTheNeed() throws {
        let (program, secondary) = Self.model()
        let tidied = try GLPKSolver.tidied([0, 1, 4, 0], program: program, secondary: secondary)
        #expect(tidied.count == 4)
        #expect(tidied[0] == 0 && tidied[1] == 1 && tidied[3] == 0)
        #expect(abs(tidied[2] - 2) < 1e-9, "\(tidied)")
    }

    /// A plan whose renovations no space makes feasible (A and B with B's 2 m² cost 12 of a
    /// budget of 11) is given back as it is: the LP with its integer columns fixed has no
    /// solution.
    @Test func anInfeasiblePlanIsLeftAlone() throws {
        let (program, secondary) = Self.model(budget: 11)
        let plan = [1.0, 1, 2, 1]
        #expect(!program.isFeasible(plan))
        #expect(try GLPKSolver.tidied(plan, program: program, secondary: secondary) == plan)
    }
}
