import Foundation

/// `renoplan sweep`: the plan re-solved with every year's budget scaled, so a district can see what
/// each extra 10 million buys.
public enum BudgetSweep {
    public struct Point: Sendable {
        public var factor: Double
        public var budgetYuan: Double
        public var status: SolveStatus
        public var objective: Double?
        public var bound: Double?
        public var gap: Double?
        public var estates: Int
        public var households: Int
        public var spendYuan: Double
    }

    /// Factors from `from` to `to` in `step`s (inclusive, rounded to 6 decimals).
    ///
    /// - Precondition: finite numbers; check ``pointCount(from:to:step:)`` first, since each
    ///   factor is a solve.
    public static func factors(from: Double, to: Double, step: Double) -> [Double] {
        guard step > 0, to >= from else { return [from] }
        let count = Int(pointCount(from: from, to: to, step: step)) - 1
        return (0...count).map { roundTo(from + Double($0) * step, 6) }
    }

    /// How many factors ``factors(from:to:step:)`` gives, as a `Double`, so that a huge count can be
    /// refused rather than overflow.
    public static func pointCount(from: Double, to: Double, step: Double) -> Double {
        guard step > 0, to >= from else { return 1 }
        return ((to - from) / step + 1e-9).rounded(.down) + 1
    }

    /// Solves the scenario once per factor.
    ///
    /// - Parameter source: with funding sources (SPEC §11), the one source to scale (nil: all of
    ///   them); an unknown name is an input error with "did you mean".
    public static func run(
        _ scenario: Scenario, factors: [Double], source: String? = nil, options: SolveOptions = SolveOptions(),
        progress: ((Point) -> Void)? = nil
    ) throws -> [Point] {
        if let source { try checkSource(source, in: scenario) }
        return try Interruption.scoped { try points(scenario, factors: factors, source: source, options: options, progress: progress) }
    }

    /// Throws when `scenario` has no funding source named `source` (with "did you mean"); the
    /// CLI calls it before solving, to report a bad `--source` as a command-line error.
    public static func checkSource(_ source: String, in scenario: Scenario) throws {
        let names = scenario.funding?.map(\.name) ?? []
        guard names.contains(source) else {
            let hint = closest(source, in: names).map { " (did you mean '\($0)'?)" } ?? ""
            let known = names.isEmpty ? "the scenario has no funding sources" : "its sources are \(names.joined(separator: ", "))"
            throw InputError(file: scenario.file.lastPathComponent, key: "--source", problem: "no funding source is named \(source)\(hint); \(known)")
        }
    }

    /// The scenario with its money scaled: every year's budget, every funding source, or one source.
    static func scaled(_ scenario: Scenario, by factor: Double, source: String?) -> Scenario {
        var scaled = scenario
        if let sources = scenario.funding {
            scaled.funding = sources.map { s in
                var s = s
                if source == nil || s.name == source { s.annualYuan = s.annualYuan.map { $0 * factor } }
                return s
            }
            let years = scenario.horizon.years
            scaled.budget.annualYuan = (0..<years).map { t in scaled.funding!.reduce(0) { $0 + $1.annualYuan[t] } }
        } else {
            scaled.budget.annualYuan = scenario.budget.annualYuan.map { $0 * factor }
        }
        return scaled
    }

    private static func points(
        _ scenario: Scenario, factors: [Double], source: String?, options: SolveOptions, progress: ((Point) -> Void)?
    ) throws -> [Point] {
        var checked = false
        return try factors.map { factor in
            try Interruption.checkpoint()
            let scaled = Self.scaled(scenario, by: factor, source: source)
            // The scaled budgets are renoplan's; the one the planner typed is checked once
            // (clusters do not depend on the budget): in 万元, it is bad input, whatever the factors.
            let analysis = try Pipeline.analyse(scaled, checkingBudget: false)
            if !checked, let error = BudgetCheck.check(scenario, clusters: analysis.clusters, estates: analysis.district.estates)?.error {
                throw InvalidInput(scenarioErrors: [error], warnings: analysis.warnings, notices: analysis.district.notices)
            }
            checked = true
            let result = PlanResult(analysis: analysis, outcome: try Pipeline.solve(analysis, options: options))
            let point = Point(
                factor: factor, budgetYuan: scaled.budget.annualYuan.reduce(0, +), status: result.outcome.status,
                objective: result.outcome.objective, bound: result.outcome.bound, gap: result.outcome.gap,
                estates: result.years.reduce(0) { $0 + $1.estates },
                households: result.years.reduce(0) { $0 + $1.households },
                spendYuan: result.years.reduce(0) { $0 + $1.spendYuan })
            progress?(point)
            return point
        }
    }

    /// `sweep.csv` and `sweep.svg`.
    public static func files(_ points: [Point], scenario: Scenario) -> [(name: String, data: Data)] {
        var csv = "factor,budget_yuan,status,objective,bound,gap,estates,households,spend_yuan\n"
        for p in points {
            let cells = [
                formatNumber(p.factor), String(format: "%.0f", p.budgetYuan), p.status.rawValue,
                p.objective.map { String(format: "%.4f", $0) } ?? "", p.bound.map { String(format: "%.4f", $0) } ?? "",
                p.gap.map { String(format: "%.6f", $0) } ?? "", String(p.estates), String(p.households),
                String(format: "%.0f", p.spendYuan),
            ]
            csv += cells.joined(separator: ",") + "\n"
        }
        return [("sweep.csv", Data(csv.utf8)), ("sweep.svg", Data(svg(points, title: scenario.name, Wording(scenario.reportLanguage)).utf8))]
    }

    /// The smallest of 1, 2, 2.5 or 5 × 10ᵏ at or above `value`, so axis ticks are round numbers.
    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, (log10(value)).rounded(.down))
        return [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= value - 1e-9 } ?? 10 * power
    }

    /// Two line charts over the total budget: the objective (value) and households renovated, in
    /// the report language (budgets in 亿元 or million yuan).
    static func svg(_ points: [Point], title: String, _ w: Wording) -> String {
        let width = 720.0, panel = 260.0, left = 80.0, right = 30.0, top = 50.0, gapBetween = 70.0
        let xs = points.map { $0.budgetYuan / 1e6 }
        let (xMin, xMax) = (xs.min() ?? 0, max(xs.max() ?? 1, (xs.min() ?? 0) + 1))
        func x(_ value: Double) -> Double { left + (value - xMin) / (xMax - xMin) * (width - left - right) }
        func esc(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(top + 2 * panel + gapBetween + 50))\" font-family=\"'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(f(left))\" y=\"24\" font-size=\"15\" font-weight=\"bold\">\(esc(title))\(w.text("：增加预算能带来什么", ": what more budget buys"))</text>",
        ]
        let series: [(String, String, [Double])] = [
            (w.text("目标值（计划的价值）", "Objective (value of the plan)"), "#1f77b4", points.map { $0.objective ?? 0 }),
            (w.text("改造户数", "Households renovated"), "#d62728", points.map { Double($0.households) }),
        ]
        for (index, (label, colour, values)) in series.enumerated() {
            let y0 = top + Double(index) * (panel + gapBetween)
            let vMax = niceCeiling(max(values.max() ?? 1, 1))
            func y(_ v: Double) -> Double { y0 + panel - v / vMax * panel }
            out.append("<text x=\"\(f(left))\" y=\"\(f(y0 - 8))\" font-weight=\"bold\">\(esc(label))</text>")
            out.append("<line x1=\"\(f(left))\" y1=\"\(f(y0 + panel))\" x2=\"\(f(width - right))\" y2=\"\(f(y0 + panel))\" stroke=\"black\"/>")
            out.append("<line x1=\"\(f(left))\" y1=\"\(f(y0))\" x2=\"\(f(left))\" y2=\"\(f(y0 + panel))\" stroke=\"black\"/>")
            for tick in 0...4 {
                let v = vMax * Double(tick) / 4
                out.append("<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(grouped(Int(v.rounded())))</text>")
                out.append("<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(v)))\" stroke=\"#dddddd\"/>")
            }
            for p in points {
                out.append("<text x=\"\(f(x(p.budgetYuan / 1e6)))\" y=\"\(f(y0 + panel + 16))\" text-anchor=\"middle\">\(w.isChinese ? formatNumber((p.budgetYuan / 1e6).rounded() / 100) : String(Int((p.budgetYuan / 1e6).rounded())))</text>")
            }
            let path = zip(xs, values).map { "\(f(x($0))),\(f(y($1)))" }.joined(separator: " ")
            out.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>")
            for (xv, v) in zip(xs, values) {
                out.append("<circle cx=\"\(f(x(xv)))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"\(colour)\"/>")
            }
            out.append("<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(y0 + panel + 34))\" text-anchor=\"middle\">\(w.text("规划期总预算（亿元）", "total budget over the horizon, million yuan"))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
