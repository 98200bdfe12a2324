import Foundation

/// The files of `renoplan revise` (SPEC §12): the plan files, `changes.json`, and a section
/// "Changes to the approved plan" in report.md and report.html.
public enum RevisionWriter {
    public static func files(_ revision: Revision) throws -> [(name: String, data: Data)] {
        let changes = ChangeTable(revision)
        var files = try PlanWriter.files(revision.result, sections: [section(revision, changes)], sheets: [changes.sheet])
        files.append(("changes.json", try JSONIO.encode(changesJSON(revision), pretty: true)))
        return files
    }

    /// Writes every file whole or none, and records the seconds as the stage `write` (写出), as
    /// ``PlanWriter/write(_:to:)`` does, so the console's 用时 line accounts for the whole run.
    public static func write(_ revision: Revision, to directory: URL) throws {
        let started = Date()
        try OutputFolder.write(try files(revision), to: directory, replacing: OutputFiles.plan)
        let result = revision.result
        result.analysis.stageSeconds.append((stage: "write", seconds: result.secondsToMake + Date().timeIntervalSince(started)))
    }

    /// A total's name as the report and the terminal say it: `户数` / `households`.
    public static func label(_ total: String, _ w: Wording) -> String {
        let names: [String: (String, String)] = [
            "estates": ("小区数", "estates"), "buildings": ("楼栋数", "buildings"), "households": ("户数", "households"),
            "floor_area_m2": ("建筑面积（平方米）", "floor area (m²)"), "investment_yuan": ("总投资（含各方出资）", "total investment (all sources)"),
        ]
        return names[total].map { w.text($0.0, $0.1) } ?? total
    }

    static func changesJSON(_ revision: Revision) -> JSONValue {
        [
            "approved_plan": .string(revision.approved.source),
            "slack": .number(revision.slack),
            "best_value": .optional(revision.bestValue, 6),
            "value": .optional(revision.value, 6),
            "change_count": .number(Double(revision.changeCount)),
            "fewest_proven": .bool(revision.fewestProven),
            "keep_totals": .bool(revision.result.scenario.revise.keepTotals),
            "changes": .array(revision.changes.map { change in
                [
                    "id": .string(change.id),
                    "approved_year": change.approvedYear.map { .number(Double($0)) } ?? .null,
                    "year": change.year.map { .number(Double($0)) } ?? .null,
                    "change": .string(change.kind.rawValue),
                    "counted": .bool(change.counted),
                    "reason": .string(change.reason),
                ]
            }),
            "totals": .array(revision.totals.map { total in
                [
                    "year": .number(Double(total.year)), "total": .string(total.name),
                    "approved": .rounded(total.approved, 2), "revised": .rounded(total.revised, 2),
                    "shortfall": .rounded(total.shortfall, 2),
                ]
            }),
            "warnings": .array(revision.warnings.map { .string($0) }),
        ]
    }

    /// The changes to the approved plan as one table, in the report language: report.md and
    /// report.html give it in the section on the changes, plan.xlsx as the sheet 调整情况, so the
    /// officials' workbook and the reports list the same changes with the same words.
    struct ChangeTable {
        let header: [String]
        /// Per change: id, name, approved year, revised year (nil: none), change, reason.
        let rows: [(id: String, name: String, approvedYear: Int?, year: Int?, change: String, reason: String)]
        let counted: Int
        /// Listed, not counted: completed estates, and works under way since before the horizon.
        let completed: Int
        let underWay: Int
        let w: Wording

        init(_ revision: Revision) {
            w = Wording(revision.result.scenario.reportLanguage)
            let kinds = ["moved": "调整年度", "dropped": "调出", "added": "新增", "completed": "已完成", "under_way": "续建"]
            // The estate's name beside its id, as the other tables give it (for an id that today's
            // data no longer has, as the approved plan.geojson named it).
            let estates = revision.result.analysis.district.estates
            let names = Dictionary(estates.map { ($0.id, $0.name ?? "") }, uniquingKeysWith: { first, _ in first })
                .merging(revision.approved.approvedNames, uniquingKeysWith: { today, _ in today })
            header = w.isChinese ? ["编号", "小区名称", "原年度", "调整后", "调整", "原因"] : ["estate", "name", "approved", "revised", "change", "reason"]
            let w = self.w
            rows = revision.changes.map { change in
                (change.id, names[change.id] ?? "", change.approvedYear, change.year, w.text(kinds[change.kind.rawValue]!, change.kind.rawValue), change.reason)
            }
            counted = revision.changeCount
            completed = revision.changes.filter { $0.kind == .completed }.count
            underWay = revision.changes.filter { $0.kind == .underWay }.count
        }

        /// The report's table (a year that is not there: –).
        var block: ReportSection.Block {
            .table(
                header: header, numeric: [false, false, true, true, false, false],
                rows: rows.map { [$0.id, $0.name, $0.approvedYear.map(String.init) ?? "–", $0.year.map(String.init) ?? "–", $0.change, $0.reason] })
        }

        /// plan.xlsx's sheet 调整情况: the same rows, years as numbers, and a closing row with the
        /// number of changes (completed estates listed, not counted).
        var sheet: PlanWorkbook.Sheet {
            let year = { (year: Int?) in year.map { PlanWorkbook.Cell.number(Double($0), format: PlanWorkbook.yearFormat) } ?? .text("–") }
            let cells: [[PlanWorkbook.Cell]] = rows.map { [.text($0.id), .text($0.name), year($0.approvedYear), year($0.year), .text($0.change), .text($0.reason)] }
            var uncounted: [(zh: String, en: String)] = []
            if completed > 0 { uncounted.append(("已完成\(completed)个", "\(completed) completed")) }
            if underWay > 0 { uncounted.append(("续建\(underWay)个", "\(underWay) under way")) }
            let total: [PlanWorkbook.Cell] = [.text(w.text(
                "合计：改动\(counted)处" + (uncounted.isEmpty ? "" : "（另有" + uncounted.map(\.zh).joined(separator: "、") + "，不计）"),
                "total: \(counted) change\(counted == 1 ? "" : "s")"
                    + (uncounted.isEmpty ? "" : " (and " + uncounted.map(\.en).joined(separator: ", ") + ", not counted)")))]
                + [PlanWorkbook.Cell](repeating: .blank, count: header.count - 1)
            let wrapped: Set<Int> = [header.count - 1]
            return PlanWorkbook.Sheet(
                name: w.text("调整情况", "Changes"), headers: header, rows: cells, total: total,
                // The closing row's text runs across the empty cells: it sets no width.
                widths: PlanWorkbook.fittedWidths(header, cells, wrapped: wrapped), wrapped: wrapped)
        }
    }

    /// Why a total falls short, as far as the revision knows: not sought (keep_totals off); no
    /// plan makes it up for less than it costs (the fewest changes proven); or none found before
    /// the search stopped on its limit, which says nothing of whether one exists.
    static func shortfallReason(keepTotals: Bool, proven: Bool) -> (zh: String, en: String) {
        if !keepTotals {
            return ("revise.keep_totals已关闭，调整时未要求保持该指标。", "revise.keep_totals is off, so the revision did not try to keep it.")
        }
        let price = ("（revise.keep_totals：每缺一个原计划平均小区的量计为一处改动）", " (revise.keep_totals: one average approved estate's worth short costs one change)")
        if proven {
            return (
                "在预算、能力和价值要求内，没有以更少的改动和其他缺口补足它的计划" + price.0 + "。",
                "within the budgets, capacity and value slack, no plan makes it up at a lower cost in changes and other shortfalls" + price.1 + ".")
        }
        return (
            "求解在其上限内未找到在预算、能力和价值要求内以更少的改动和其他缺口补足它的计划" + price.0 + "；未证明：更长的求解可能找到。",
            "the search found no plan within the budgets, capacity and value slack that makes it up at a lower cost in changes and other shortfalls before it stopped on its limit"
                + price.1 + "; not proven: a longer search may find one.")
    }

    /// The report section, in the report language (report.md and report.html).
    static func section(_ revision: Revision, _ changes: ChangeTable) -> ReportSection {
        let w = Wording(revision.result.scenario.reportLanguage)
        var blocks: [ReportSection.Block] = []
        let done = { ReportSection(id: "changes", title: w.text("对已批准计划的调整", "Changes to the approved plan"), blocks: blocks) }
        guard let best = revision.bestValue, let value = revision.value else {
            blocks.append(.paragraph(w.text("未能形成调整后的计划（见上文）。", "No revised plan could be made (see above).")))
            return done()
        }
        let counted = revision.changeCount
        blocks.append(.paragraph(w.text(
            "已批准计划：\(revision.approved.source)。今日数据下的最优价值为\(String(format: "%.1f", best))；调整后的计划价值\(String(format: "%.1f", value))（允许低于最优值\(w.percent(revision.slack))），"
                + (revision.fewestProven
                    ? "在此范围内改动最少：共\(counted)处改动"
                    : "在此范围内求解在其限额内找到的改动最少的计划：共\(counted)处改动（未证明最少：求解在节点或时间上限处停止，改动更少的计划可能存在。放宽solver.node_limit或--time-limit后重算，可能找到改动更少的计划；但也可能找到更高的最优值，所要求的价值（其\(percent(1 - revision.slack))）随之提高，改动反而可能更多）")
                + "（调出、调整年度或新增各计1处；已完成和续建的小区不计）。",
            "Approved plan: \(revision.approved.source). The best value under today's data is \(String(format: "%.1f", best)); the revised plan is worth \(String(format: "%.1f", value)) (at most \(w.percent(revision.slack)) below the best) and, within that, "
                + (revision.fewestProven
                    ? "changes the fewest estates: \(counted) change\(counted == 1 ? "" : "s")"
                    : "changes the fewest estates the solver found within its limits: \(counted) change\(counted == 1 ? "" : "s") (not proven the fewest: the search stopped on its node or time limit, and a plan with fewer changes may exist. A larger solver.node_limit or --time-limit may find one; it may also find a higher best value, which raises the value the revision must keep (\(percent(1 - revision.slack)) of it) and can take more changes)")
                + " (an estate moved, dropped or added counts 1; completed estates and works under way since before the horizon do not).")))
        if !revision.warnings.isEmpty { blocks.append(.bullets(revision.warnings.map { w.text("注意：", "Note: ") + $0 })) }
        if revision.changes.isEmpty {
            blocks.append(.paragraph(w.text("计划无需调整。", "The approved plan stands unchanged.")))
        } else {
            blocks.append(changes.block)
        }
        if !revision.totals.isEmpty {
            func name(_ total: Revision.Total) -> String { label(total.name, w) }
            // Investment with its unit in every row (the table mixes totals), all in one unit.
            func show(_ total: Revision.Total, _ amount: Double) -> String {
                total.name == "investment_yuan" ? w.tableMoneyWithUnit(amount) : grouped(Int(amount.rounded()))
            }
            let completed = revision.changes.contains { $0.kind == .completed }
            blocks.append(.paragraph(w.text(
                "调整后各年度的小区数、楼栋数、户数、建筑面积、投资额均不得低于原计划（参照河南省的规定；revise.keep_totals\(revision.result.scenario.revise.keepTotals ? "已开启" : "已关闭")）"
                    + (completed ? "；已完成的小区计入其原计划年度（plan.xlsx 的“已完成项目”表），其资金已在原计划中安排，不占调整后的年度预算，所以该年的投资额可以高于今年的预算" : "") + "：",
                "Each approved year's estates, buildings, households, floor area and investment are to stay at least the approved plan's (after Henan's rule; revise.keep_totals is \(revision.result.scenario.revise.keepTotals ? "on" : "off"))"
                    + (completed ? "; completed estates count for their approved year (sheet \"Completed\" of plan.xlsx): their money was spent under the approved plan and takes nothing from the revised budgets, so that year's investment may exceed this year's budget" : "") + ":")))
            blocks.append(.table(
                header: w.isChinese ? ["年度", "指标", "原计划", "调整后", "缺口"] : ["year", "total", "approved", "revised", "shortfall"],
                numeric: [true, false, true, true, true],
                rows: revision.totals.map { total in
                    ["\(total.year)", name(total), show(total, total.approved), show(total, total.revised),
                     total.shortfall > 1e-6 ? show(total, total.shortfall) : "–"]
                }))
            let short = revision.totals.filter { $0.shortfall > 1e-6 * max(1, $0.approved) }
            if short.isEmpty {
                blocks.append(.paragraph(w.text("各项指标均未低于原计划。", "No total falls below the approved plan's.")))
            } else {
                let why = shortfallReason(keepTotals: revision.result.scenario.revise.keepTotals, proven: revision.fewestProven)
                blocks.append(.bullets(short.map { total in
                    w.text(
                        "\(total.year)年\(name(total))比原计划少\(show(total, total.shortfall))：\(why.zh)",
                        "\(total.year) \(name(total)): \(show(total, total.shortfall)) short of the approved \(show(total, total.approved)); \(why.en)")
                }))
            }
            if !revision.hasBuildings {
                blocks.append(.paragraph(w.text("小区数据未给出楼栋数（buildings），楼栋数按0计。", "The estates give no buildings count (buildings), so buildings count 0.")))
            }
        }
        return done()
    }
}
