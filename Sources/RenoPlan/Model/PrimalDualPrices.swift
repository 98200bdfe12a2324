import Dispatch

extension PriceBound {
    /// The bound of a relaxation the clock stopped (docs/solver.md, *Prices from a first-order
    /// method*): the simplex's prices, tightened row by row (``tightened(_:prices:sweeps:enough:)``),
    /// and those of `iterations` of the first-order method (``Dual/primalDualPrices(iterations:)``),
    /// tightened the same way (``Dual/descendedTogether(_:_:sweeps:enough:)``: one that cannot
    /// catch the other stops early); the better of the two bounds, with each one's. Nil where
    /// the simplex's prices give no finite bound.
    static func ofUnfinished(_ problem: OpaquePointer, iterations: Int) -> (bound: Double, simplex: Double, start: Double, firstOrder: Double?)? {
        guard let dual = Dual(problem, prices: nil) else { return nil }
        let start = dual.bound
        var other: Dual?
        if let prices = dual.primalDualPrices(iterations: iterations) {
            var priced = dual
            if priced.reprice(prices) { other = priced }
        }
        // The two descents share nothing: a sweep of each at a time on two cores (on a city,
        // seconds each).
        let simplex: Double, firstOrder: Double?
        if let other {
            (simplex, firstOrder) = Dual.descendedTogether(dual, other)
        } else {
            var descent = dual
            (simplex, firstOrder) = (descent.descended(), nil)
        }
        let bound = min(simplex, firstOrder ?? .infinity)
        return (dual.sense * bound, dual.sense * simplex, dual.sense * start, firstOrder.map { dual.sense * $0 })
    }
}

extension PriceBound.Dual {
    /// Prices for the bound found by a first-order method, the primal–dual hybrid gradient of
    /// Chambolle and Pock as PDLP uses it for large LPs (Applegate et al., 2021), where the
    /// simplex does not finish in the time given: a city with funding sources and levels, whose
    /// relaxation neither GLPK nor HiGHS solves in minutes (docs/solver.md, *Prices from a
    /// first-order method*).
    ///
    /// The LP in this dual's maximum form, max c·x over L ≤ Ax ≤ U, l ≤ x ≤ u, is scaled first:
    /// each column by its upper bound (every column then lies in [0, 1]: yuan of allocation and
    /// square metres of site the same as the 0–1 columns), then rows and columns by the square
    /// roots of their largest entries 15 times (Ruiz's equilibration) and once by the square
    /// roots of their absolute sums (Pock and Chambolle's diagonal preconditioning with α = 1),
    /// which bounds the scaled matrix's norm by 1, so the steps need no estimate of it. Each
    /// iteration moves x along the reduced costs and projects it on its box, then the prices
    /// along the rows' activity at the extrapolated x (2x⁺ − x) and projects them with the rows'
    /// bounds (the proximal step of the support function of [L, U]); the step sizes are
    /// η/ω and ηω with η = 0.95 and ω, the primal weight, the ratio of the norms of the scaled
    /// objective and right-hand sides. Every iteration's prices give a bound (``PriceBound``),
    /// and the best is returned, in the problem's own units.
    ///
    /// A count of iterations, not the clock, ends the method, and every sum is taken in a fixed
    /// order whatever the number of threads, so the prices are the same on any machine.
    func primalDualPrices(iterations: Int) -> [Double]? {
        let rows = rowStart.count - 1, columns = objective.count
        guard rows > 0, columns > 0, iterations > 0 else { return nil }
        // Column scale: the upper bound where finite and positive.
        var columnScale = [Double](repeating: 1, count: columns)
        for j in 0..<columns where columnUpper[j].isFinite && columnUpper[j] > 0 {
            columnScale[j] = columnUpper[j]
        }
        var value = rowValue
        for i in 0..<rows {
            for k in rowStart[i]..<rowStart[i + 1] { value[k] *= columnScale[rowColumn[k]] }
        }
        // Ruiz's equilibration (rows and columns by the square roots of their largest entries,
        // 15 times), then Pock and Chambolle's (by the square roots of their absolute sums).
        var rowFactor = [Double](repeating: 1, count: rows)
        for pass in 0...15 {
            let largest = pass < 15
            var rowSize = [Double](repeating: 0, count: rows)
            var columnSize = [Double](repeating: 0, count: columns)
            for i in 0..<rows {
                for k in rowStart[i]..<rowStart[i + 1] {
                    let a = abs(value[k]), j = rowColumn[k]
                    if largest {
                        rowSize[i] = max(rowSize[i], a)
                        columnSize[j] = max(columnSize[j], a)
                    } else {
                        rowSize[i] += a
                        columnSize[j] += a
                    }
                }
            }
            let rowStep = rowSize.map { $0 > 0 ? 1 / $0.squareRoot() : 1 }
            let columnStep = columnSize.map { $0 > 0 ? 1 / $0.squareRoot() : 1 }
            for i in 0..<rows {
                rowFactor[i] *= rowStep[i]
                for k in rowStart[i]..<rowStart[i + 1] { value[k] *= rowStep[i] * columnStep[rowColumn[k]] }
            }
            for j in 0..<columns { columnScale[j] *= columnStep[j] }
        }
        // The scaled problem: x = columnScale · x̂, rows multiplied by rowFactor.
        let c = (0..<columns).map { objective[$0] * columnScale[$0] }
        let lower = (0..<columns).map { columnLower[$0] / columnScale[$0] }
        let upper = (0..<columns).map { columnUpper[$0] / columnScale[$0] }
        let rowLow = (0..<rows).map { rowLower[$0] * rowFactor[$0] }
        let rowHigh = (0..<rows).map { rowUpper[$0] * rowFactor[$0] }
        // The transpose, for the reduced costs.
        var columnStart = [Int](repeating: 0, count: columns + 1)
        for j in rowColumn { columnStart[j + 1] += 1 }
        for j in 0..<columns { columnStart[j + 1] += columnStart[j] }
        var columnRow = [Int](repeating: 0, count: rowColumn.count)
        var columnValue = [Double](repeating: 0, count: rowColumn.count)
        var next = columnStart
        for i in 0..<rows {
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = rowColumn[k]
                columnRow[next[j]] = i
                columnValue[next[j]] = value[k]
                next[j] += 1
            }
        }
        // The primal weight: ‖c‖ / ‖b‖ over the finite row bounds (1 where either is 0).
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let rightSides = (0..<rows).map { i in
            max(rowLow[i].isFinite ? abs(rowLow[i]) : 0, rowHigh[i].isFinite ? abs(rowHigh[i]) : 0)
        }
        let (objectiveNorm, rightNorm) = (norm(c), norm(rightSides))
        let weight = objectiveNorm > 0 && rightNorm > 0 ? objectiveNorm / rightNorm : 1
        let step = 0.95
        let method = Iterations(
            rowStart: rowStart, rowColumn: rowColumn, value: value,
            columnStart: columnStart, columnRow: columnRow, columnValue: columnValue,
            objective: c, lower: lower, upper: upper, rowLower: rowLow, rowUpper: rowHigh,
            tau: step / weight, sigma: step * weight)
        defer { method.deallocate() }
        var best: (bound: Double, prices: [Double])?
        for iteration in 0...iterations {
            // The bound of the current prices: their rows' terms (summed when they were set)
            // and their reduced costs' (summed in this pass, which also moves x).
            let bound = method.columnPass(moving: iteration < iterations) + method.rowTerms
            if bound.isFinite, bound < best?.bound ?? .infinity { best = (bound, Array(method.y)) }
            guard iteration < iterations else { break }
            method.rowPass()
        }
        guard let best else { return nil }
        // Prices of the original rows: a scaled row is the original times its factor.
        return (0..<rows).map { best.prices[$0] * rowFactor[$0] }
    }

    /// The method's state and its two passes, each over fixed blocks of columns or rows on all
    /// cores: every entry is one thread's sum in the matrix's own order, and the blocks' partial
    /// sums are added in block order, so the threads never change a figure.
    private final class Iterations: @unchecked Sendable {
        static let block = 8_192
        let rowStart: UnsafeMutableBufferPointer<Int>, rowColumn: UnsafeMutableBufferPointer<Int32>
        let value: UnsafeMutableBufferPointer<Double>
        let columnStart: UnsafeMutableBufferPointer<Int>, columnRow: UnsafeMutableBufferPointer<Int32>
        let columnValue: UnsafeMutableBufferPointer<Double>
        let c: UnsafeMutableBufferPointer<Double>, lower: UnsafeMutableBufferPointer<Double>, upper: UnsafeMutableBufferPointer<Double>
        let rowLower: UnsafeMutableBufferPointer<Double>, rowUpper: UnsafeMutableBufferPointer<Double>
        let x: UnsafeMutableBufferPointer<Double>, extrapolated: UnsafeMutableBufferPointer<Double>
        let y: UnsafeMutableBufferPointer<Double>
        let partial: UnsafeMutableBufferPointer<Double>
        let tau: Double, sigma: Double
        /// The rows' terms of the bound at the current prices.
        private(set) var rowTerms = 0.0

        init(
            rowStart: [Int], rowColumn: [Int], value: [Double], columnStart: [Int], columnRow: [Int], columnValue: [Double],
            objective: [Double], lower: [Double], upper: [Double], rowLower: [Double], rowUpper: [Double], tau: Double, sigma: Double
        ) {
            func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
                _ = buffer.initialize(from: array)
                return buffer
            }
            self.rowStart = copy(rowStart)
            self.rowColumn = copy(rowColumn.map { Int32($0) })
            self.value = copy(value)
            self.columnStart = copy(columnStart)
            self.columnRow = copy(columnRow.map { Int32($0) })
            self.columnValue = copy(columnValue)
            c = copy(objective)
            self.lower = copy(lower)
            self.upper = copy(upper)
            self.rowLower = copy(rowLower)
            self.rowUpper = copy(rowUpper)
            x = copy((0..<objective.count).map { min(max(0, lower[$0]), upper[$0]) })
            extrapolated = copy(Array(x))
            y = copy([Double](repeating: 0, count: rowLower.count))
            partial = copy([Double](repeating: 0, count: (max(rowLower.count, objective.count) + Self.block - 1) / Self.block))
            (self.tau, self.sigma) = (tau, sigma)
        }

        func deallocate() {
            for buffer in [value, columnValue, c, lower, upper, rowLower, rowUpper, x, extrapolated, y, partial] { buffer.deallocate() }
            rowStart.deallocate()
            columnStart.deallocate()
            rowColumn.deallocate()
            columnRow.deallocate()
        }

        /// The reduced costs d = c − Aᵀy, the sum of their terms of the bound (returned), and,
        /// if `moving`, x⁺ = proj(x + τd) with the extrapolated point 2x⁺ − x.
        func columnPass(moving: Bool) -> Double {
            blocks(c.count) { range in
                var terms = 0.0
                for j in range {
                    var d = self.c[j]
                    for k in self.columnStart[j]..<self.columnStart[j + 1] { d -= self.columnValue[k] * self.y[Int(self.columnRow[k])] }
                    terms += PriceBound.Dual.term(d, self.lower[j], self.upper[j])
                    if moving {
                        let moved = min(max(self.x[j] + self.tau * d, self.lower[j]), self.upper[j])
                        self.extrapolated[j] = 2 * moved - self.x[j]
                        self.x[j] = moved
                    }
                }
                return terms
            }
        }

        /// The rows' activity at the extrapolated point and the prices' proximal step, written
        /// by cases so that a price is exactly 0 where the activity lies within the row's bounds
        /// (rounding would leave a price pointing to an infinite bound, and no bound); the new
        /// prices' row terms are summed on the way.
        func rowPass() {
            rowTerms = blocks(y.count) { range in
                var terms = 0.0
                for i in range {
                    var activity = 0.0
                    for k in self.rowStart[i]..<self.rowStart[i + 1] { activity += self.value[k] * self.extrapolated[Int(self.rowColumn[k])] }
                    let w = self.y[i] + self.sigma * activity
                    let r = w / self.sigma
                    let price = r < self.rowLower[i] ? w - self.sigma * self.rowLower[i] : r > self.rowUpper[i] ? w - self.sigma * self.rowUpper[i] : 0
                    self.y[i] = price
                    terms += PriceBound.Dual.term(price, self.rowLower[i], self.rowUpper[i])
                }
                return terms
            }
        }

        /// `body` over the fixed blocks of `0..<count` (on all cores where there are several),
        /// its results added in block order.
        private func blocks(_ count: Int, _ body: (Range<Int>) -> Double) -> Double {
            let blocks = (count + Self.block - 1) / Self.block
            let partial = self.partial
            if blocks <= 1 || Concurrent.threads == 1 {
                for b in 0..<blocks { partial[b] = body((b * Self.block)..<min(count, (b + 1) * Self.block)) }
            } else {
                withoutActuallyEscaping(body) { body in
                    let shared = Shared(body)
                    DispatchQueue.concurrentPerform(iterations: blocks) { b in
                        self.partial[b] = shared.body((b * Self.block)..<min(count, (b + 1) * Self.block))
                    }
                }
            }
            return (0..<blocks).reduce(0) { $0 + partial[$1] }
        }

        /// The body the threads share: each writes only its own block, and the caller reads
        /// the results after `concurrentPerform` returns, hence unchecked.
        private final class Shared: @unchecked Sendable {
            let body: (Range<Int>) -> Double
            init(_ body: @escaping (Range<Int>) -> Double) { self.body = body }
        }
    }
}
