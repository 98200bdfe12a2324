import Foundation
import RenoPlan

/// The short human summaries the commands print when they finish, in the scenario's
/// `report.language` (SPEC §13).
enum Summary {
    static func text(_ result: PlanResult, folder: String) -> String {
        let outcome = result.outcome
        let w = Wording(result.scenario.reportLanguage)
        var lines: [String] = []
        // A revision's "optimal" is the fewest changes within the slack; its gap includes the slack.
        let revision = outcome.status == .optimal && outcome.revisionSlack != nil
            ? w.text("（在允许的价值让步内改动最少；间隙含让步）", " (fewest changes within the slack; the gap includes it)") : ""
        lines.append("\(result.scenario.name): \(w.solveStatus(outcome.status))\(revision)")
        if let objective = outcome.objective, let bound = outcome.bound {
            // A relative gap is undefined for a plan of value 0 (the empty plan a too short time
            // limit leaves on a city).
            if w.isChinese {
                let gap = outcome.gap.map { String(format: "间隙 %.3f%%", $0 * 100) } ?? "间隙无定义（目标值为0）"
                lines.append(String(format: "  目标值 %.2f，最优界 %.2f，%@（GLPK，%.1f 秒）", objective, bound, gap, outcome.solverSeconds))
            } else {
                let gap = outcome.gap.map { String(format: "gap %.3f%%", $0 * 100) } ?? "gap undefined (objective 0)"
                lines.append(String(format: "  objective %.2f, bound %.2f, %@ (GLPK, %.1f s)", objective, bound, gap, outcome.solverSeconds))
            }
        } else if let objective = outcome.objective {
            // A plan without a bound: a greedy fill, or revise's approved plan held against
            // today's data, where the time limit left no relaxation.
            lines.append(String(
                format: w.text("  目标值 %.2f，没有最优界，间隙未知（GLPK，%.1f 秒）", "  objective %.2f, no bound, gap unknown (GLPK, %.1f s)"),
                objective, outcome.solverSeconds))
        }
        for conflict in outcome.conflicts { lines.append(w.text("  冲突：\(conflict)", "  conflict: \(conflict)")) }
        for year in result.years {
            let share = year.availableYuan > 0 ? year.spendYuan / year.availableYuan * 100 : 0
            if w.isChinese {
                lines.append(String(
                    format: "  %d年：%3d个小区，%6d户，支出 %@ / 可用 %@（%.0f%%）",
                    year.year, year.estates, year.households, w.money(year.spendYuan), w.money(year.availableYuan), share))
            } else {
                lines.append(String(
                    format: "  %d: %3d estates, %6d households, spend %7.1fM of %7.1fM yuan (%.0f%%)",
                    year.year, year.estates, year.households, year.spendYuan / 1e6, year.availableYuan / 1e6, share))
            }
        }
        // The stages' seconds are printed here only: the files must not depend on the machine.
        let stages = result.analysis.stageSeconds.map { String(format: "%@ %.2f", w.stage($0.stage), $0.seconds) }
        if !stages.isEmpty { lines.append(w.text("  用时（秒）：", "  seconds: ") + stages.joined(separator: w.text("，", ", "))) }
        lines.append(w.text(
            "  储备\(result.count(.reserve))个，不符合改造条件\(result.count(.ineligible))个；文件在 \(folder)",
            "  reserve \(result.count(.reserve)), ineligible \(result.count(.ineligible)); files in \(folder)"))
        return lines.joined(separator: "\n")
    }

    static func coverageText(_ analysis: Analysis, folder: String) -> String {
        let w = Wording(analysis.scenario.reportLanguage)
        var lines = [w.text(
            "\(analysis.scenario.name)：已测算\(analysis.district.estates.count)个小区",
            "\(analysis.scenario.name): \(analysis.district.estates.count) estates measured")]
        let total = Double(analysis.district.estates.reduce(0) { $0 + $1.households })
        for (r, rule) in analysis.scenario.coverage.enumerated() {
            let covered = analysis.district.estates.indices.filter { analysis.coverage.covered[$0][r] }
                .reduce(0) { $0 + analysis.district.estates[$1].households }
            let share = Double(covered) / max(total, 1) * 100
            lines.append(w.isChinese
                ? String(format: "  %@ %d分钟步行范围：覆盖 %.1f%% 的户数", w.kind(rule.kind), rule.withinMinutes, share)
                : String(format: "  %@ within %d min: %.1f%% of households", rule.kind, rule.withinMinutes, share))
        }
        lines.append(w.text("  文件在 \(folder)", "  files in \(folder)"))
        return lines.joined(separator: "\n")
    }
}
