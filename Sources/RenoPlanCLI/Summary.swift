import Foundation
import RenoPlan

/// The short human summaries the commands print when they finish.
enum Summary {
    static func text(_ result: PlanResult, folder: String) -> String {
        let outcome = result.outcome
        var lines: [String] = []
        lines.append("\(result.scenario.name): \(outcome.status.rawValue)")
        if let objective = outcome.objective, let bound = outcome.bound {
            // A relative gap is undefined for a plan of value 0 (the empty plan a too short time
            // limit leaves on a city).
            let gap = outcome.gap.map { String(format: "gap %.3f%%", $0 * 100) } ?? "gap undefined (objective 0)"
            lines.append(String(format: "  objective %.2f, bound %.2f, %@ (GLPK, %.1f s)", objective, bound, gap, outcome.solverSeconds))
        }
        for conflict in outcome.conflicts { lines.append("  conflict: \(conflict)") }
        for year in result.years {
            let share = year.availableYuan > 0 ? year.spendYuan / year.availableYuan * 100 : 0
            lines.append(String(
                format: "  %d: %3d estates, %6d households, spend %7.1fM of %7.1fM yuan (%.0f%%)",
                year.year, year.estates, year.households, year.spendYuan / 1e6, year.availableYuan / 1e6, share))
        }
        lines.append("  reserve \(result.count(.reserve)), ineligible \(result.count(.ineligible)); files in \(folder)")
        return lines.joined(separator: "\n")
    }

    static func coverageText(_ analysis: Analysis, folder: String) -> String {
        var lines = ["\(analysis.scenario.name): \(analysis.district.estates.count) estates measured"]
        let total = Double(analysis.district.estates.reduce(0) { $0 + $1.households })
        for (r, rule) in analysis.scenario.coverage.enumerated() {
            let covered = analysis.district.estates.indices.filter { analysis.coverage.covered[$0][r] }
                .reduce(0) { $0 + analysis.district.estates[$1].households }
            lines.append(String(format: "  %@ within %d min: %.1f%% of households", rule.kind, rule.withinMinutes, Double(covered) / max(total, 1) * 100))
        }
        lines.append("  files in \(folder)")
        return lines.joined(separator: "\n")
    }
}
