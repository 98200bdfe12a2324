import Foundation

/// A list of estates out of the plan — the reserve, the ineligible — as the printed reports give
/// it (docs/report.md, *Long lists*): whole up to ``threshold`` estates; a longer one as the
/// estates and households per reason (``WaitingReason``, each estate under the first reason that
/// keeps it out), its first ``shownRows`` rows, and where the whole list is (plan.xlsx's sheet,
/// plan.geojson). A report of 20,000 estates printed on 855 A3 pages, most of them its reserve of
/// 13,486 estates and its 2,038 ineligible ones; the plan's own tables (the estates per year) are
/// always whole.
struct LongList {
    /// More estates than this and the list is summarised. The demo's reserve of 211 estates
    /// prints on 8 A3 pages (about 26 rows a page, the reasons wrapping) and stays whole, as a
    /// district's list does; a city's runs to hundreds of pages, which nobody reads on paper: the
    /// workbook, which sorts and filters, is where a list that long is worked on.
    static let threshold = 300
    /// The rows kept of a summarised list: the reserve's highest scores (it is listed by score),
    /// the ineligible estates' first ids; about two pages.
    static let shownRows = 50

    let status: EstateStatus
    /// District indices, in the reports' order (``PlanResult/estates(_:)``).
    let estates: [Int]

    init(_ result: PlanResult, _ status: EstateStatus) {
        self.status = status
        estates = result.estates(status)
    }

    var isSummarised: Bool { estates.count > Self.threshold }

    /// The estates whose rows the report prints.
    var rows: ArraySlice<Int> { isSummarised ? estates.prefix(Self.shownRows) : estates[...] }

    /// Estates and households per reason, most estates first (then in ``WaitingReason``'s order).
    func countsByReason(_ result: PlanResult) -> [(reason: WaitingReason, estates: Int, households: Int)] {
        var counts: [WaitingReason: (estates: Int, households: Int)] = [:]
        for e in estates {
            let reason = result.estates[e].waiting ?? .other
            counts[reason, default: (0, 0)].estates += 1
            counts[reason, default: (0, 0)].households += result.analysis.district.estates[e].households
        }
        return counts.map { (reason: $0.key, estates: $0.value.estates, households: $0.value.households) }
            .sorted { ($1.estates, $0.reason) < ($0.estates, $1.reason) }
    }

    /// What a summarised list says before its rows: why it is summarised and where the whole list
    /// is, then the counts per reason with their 合计 (the list's length). Empty for a whole list.
    func summaryBlocks(_ result: PlanResult, _ w: Wording) -> [ReportSection.Block] {
        guard isSummarised else { return [] }
        let sheet = PlanWorkbook.sheetName(status, w)
        let count = grouped(estates.count), limit = grouped(Self.threshold), shown = Self.shownRows
        let intro = status == .reserve
            ? w.text(
                "储备小区共\(count)个，多于\(limit)个，本报告按暂缓的原因汇总（每个小区计入使其未能纳入计划的第一条原因），并列出得分最高的\(shown)个。",
                "\(count) estates are in reserve, more than \(limit): this report counts them by why they wait (each under the first reason that keeps it out of the plan) and lists the \(shown) with the highest scores.")
            : w.text(
                "不符合改造条件的小区共\(count)个，多于\(limit)个，本报告按原因汇总，并列出编号最前的\(shown)个。",
                "\(count) estates are ineligible, more than \(limit): this report counts them by reason and lists the first \(shown) by id.")
        let whole = w.text(
            "完整名单及每个小区的全部原因见 plan.xlsx 的“\(sheet)”工作表和 plan.geojson（status 为 \(status.rawValue)）。",
            "The whole list, with every estate's reasons, is in plan.xlsx (sheet \(sheet)) and plan.geojson (status \(status.rawValue)).")
        let counts = countsByReason(result)
        let households = estates.reduce(0) { $0 + result.analysis.district.estates[$1].households }
        return [
            .paragraph(intro + w.text("", " ") + whole),
            .table(
                header: [w.text("原因", "reason"), w.text("小区", "estates"), w.text("户数", "households")],
                numeric: [false, true, true],
                rows: counts.map { [$0.reason.words(w), grouped($0.estates), grouped($0.households)] },
                total: [w.text("合计", "total"), grouped(estates.count), grouped(households)]),
            .paragraph(status == .reserve
                ? w.text("得分最高的\(shown)个储备小区：", "The \(shown) estates in reserve with the highest scores:")
                : w.text("编号最前的\(shown)个：", "The first \(shown) by id:")),
        ]
    }
}
