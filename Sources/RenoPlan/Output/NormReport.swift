import Foundation

/// What the reports say about each facility norm (SPEC §3, §7 row 6), written once for report.md
/// and report.html: how many estates fall short before and after the plan, the new space per
/// site and year with its 合计, and the schedulable estates for which the norm is not attainable
/// and so not enforced ("where conditions permit", 在有条件的地方) — by id, name, access now and
/// the most the sites in reach could give.
enum NormReport {
    /// The norm's heading: `配建标准：养老服务设施，1,000米范围内人均0.10平方米`.
    static func title(_ norm: Scenario.NormRule, _ scenario: Scenario, _ w: Wording) -> String {
        let meters = scenario.meters(norm.withinMinutes)
        return w.text(
            "配建标准：\(w.kind(norm.kind))，\(w.meters(meters))范围内人均\(fmt(norm.m2PerPerson))平方米",
            "Norm: \(norm.kind), \(fmt(norm.m2PerPerson)) m² per person within \(w.meters(meters))")
    }

    /// The paragraphs and tables on norm `k`.
    static func blocks(_ result: PlanResult, norm k: Int, _ w: Wording) -> [ReportSection.Block] {
        let analysis = result.analysis
        let district = analysis.district
        let norm = result.scenario.norms[k]
        let access = analysis.coverage.access[k]
        let shortBefore = district.estates.indices.filter { access[$0] < norm.m2PerPerson - 1e-12 }.count
        let shortAfter = district.estates.indices.filter { result.estates[$0].accessAfter[k] < norm.m2PerPerson - 1e-9 }.count
        var blocks: [ReportSection.Block] = [.paragraph(w.text(
            "改造前有\(shortBefore)个小区未达标，改造后\(shortAfter)个。",
            "\(shortBefore) estates short of the norm before the plan, \(shortAfter) after it."))]

        let additions = result.outcome.additions.filter { $0.norm == k }
            .sorted { ($0.year, district.sites[$0.site].id) < ($1.year, district.sites[$1.site].id) }
        if additions.isEmpty {
            blocks.append(.paragraph(w.text("本项标准未新建设施用房。", "No new space is built for this norm.")))
        } else {
            // Said only where it happened: space built before the first planned renovation it
            // can serve.
            let ahead = additions.filter { a in
                let served = result.estates.indices.compactMap { e -> Int? in
                    guard let year = result.estates[e].year, year >= a.year,
                        analysis.coverage.siteOptions[k][e].contains(where: { $0.site == a.site })
                    else { return nil }
                    return year
                }
                return served.min().map { $0 > a.year } ?? false
            }
            if !ahead.isEmpty {
                let sites = Set(additions.map(\.site)).count
                blocks.append(.paragraph(w.text(
                    "某一年新建的设施用房服务于当年及以后改造的小区；下表\(additions.count)项建设（\(sites)处用地，同一用地可分年建设）中有\(ahead.count)项在所服务小区改造之前、资金有余的年度建设，以用足当年预算。",
                    "Space built in a year serves the estates renovated that year and later: \(ahead.count) of the \(additions.count) additions below (on \(sites) sites; a site may be built on in several years) are built ahead of the renovations they serve, in a year with money to spare, so that year's budget is used fully.")))
            }
            blocks.append(.table(
                header: [w.text("用地", "site"), w.text("年度", "year"), w.text("新增面积（平方米）", "new m²"), w.text("费用", "cost") + w.moneyUnit],
                numeric: [false, true, true, true],
                rows: additions.map { [district.sites[$0.site].id, "\($0.year)", grouped(Int($0.m2.rounded())), w.tableMoney($0.costYuan)] },
                total: [w.text("合计", "total"), "", grouped(Int(additions.reduce(0) { $0 + $1.m2 }.rounded())),
                        w.tableMoney(additions.reduce(0) { $0 + $1.costYuan })]))
        }

        let notAttainable = district.estates.indices.filter { e in
            analysis.clusterOfEstate[e] != nil && access[e] < norm.m2PerPerson - 1e-12 && !result.estates[e].normEnforced[k]
        }
        if !notAttainable.isEmpty {
            blocks.append(.paragraph(w.text(
                "有\(notAttainable.count)个可排期小区无法达标，因此不作强制要求（政策：“在有条件的地方”）：其步行范围内的用地无法把它们提升到标准。",
                "Not attainable, so not enforced (policy: 'where conditions permit', 在有条件的地方) for \(notAttainable.count) schedulable estates: the sites in reach cannot lift them to the norm.")))
            blocks.append(.table(
                header: w.isChinese ? ["编号", "小区名称", "现状人均（平方米/人）", "最多可达（平方米/人）"] : ["estate", "name", "access now (m²/person)", "at most (m²/person)"],
                numeric: [false, false, true, true],
                rows: notAttainable.map { e in
                    [district.estates[e].id, district.estates[e].name ?? "",
                     fmt(access[e], below: norm.m2PerPerson, fixed: true), fmt(analysis.coverage.attainable[k][e], below: norm.m2PerPerson, fixed: true)]
                }))
        }
        return blocks
    }
}
