import Foundation

/// `report.html`: the plan as one page people open in a browser or print on A3 landscape — a map
/// of the estates coloured by planned year with the planned estates labelled, the existing
/// facilities by kind and the sites; the budget used each year, coverage before and after, the
/// new facility space, the planned estates and the reserve with reasons. Worded in the scenario's
/// `report.language` (SPEC §13).
///
/// The page is self-contained (inline `<style>` and `<svg>` only: no scripts, fonts, images or
/// links), so it can be mailed or archived with the plan and still open years later. It is also
/// deterministic: everything is visited in index or sorted order and coordinates are rounded to
/// 0.1 px, so the same plan gives byte-identical HTML.
enum HTMLReport {
    /// Renders the whole page.
    ///
    /// - Throws: ``GeometryError`` when GEOS cannot union a cluster's estates for its outline.
    /// - Complexity: O(estates × vertices) plus one GEOS union per planned cluster, and
    ///   O(labels²) to place the map's labels.
    /// `sections`: what a command adds before the closing sections (revise: the changes to the
    /// approved plan).
    static func html(_ result: PlanResult, sections: [ReportSection] = []) throws -> String {
        let scenario = result.scenario
        let calendar = scenario.horizon.calendarYears
        let w = Wording(scenario.reportLanguage)
        var page = ""
        page += "<!DOCTYPE html>\n<html lang=\"\(w.text("zh-CN", "en"))\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(escape(Report.title(scenario)))</title>\n"
        let map = MapContents(result)
        page += "<style>\n\(stylesheet(years: calendar.count, kinds: facilityKinds(result), map: map.frame))</style>\n</head>\n<body>\n"
        page += header(result, w)
        page += try mapSection(result, w, map)
        page += budgetSection(result, w)
        page += ContentAndFundingReport.sections(result, w).map(\.html).joined()
        page += coverageSection(result, w)
        page += normsSection(result, w)
        page += plannedSection(result, w)
        page += reserveSection(result, w)
        page += sections.map(\.html).joined()
        page += otherSections(result, w)
        page += "</body>\n</html>\n"
        return page
    }

    // MARK: - Sections

    /// Title, GLPK's status line (the wording of `report.md`) and the counts per status.
    private static func header(_ result: PlanResult, _ w: Wording) -> String {
        let analysis = result.analysis
        let scenario = result.scenario
        let calendar = scenario.horizon.calendarYears
        var out = "<header>\n"
        // The title says what the plan is once (as <title> and report.md do); sections are short.
        out += "<h1>\(escape(Report.title(scenario)))</h1>\n"
        out += "<p class=\"status\">\(inlineMarkdown(Report.statusLine(result.outcome, w)))</p>\n"
        out += "<ul class=\"counts\">\n"
        out += "<li><span class=\"swatch y0\"></span>" + w.text("\(scenario.horizon.start)年实施<b>\(result.count(.implement))</b>个", "<b>\(result.count(.implement))</b> implement in \(scenario.horizon.start)") + "</li>\n"
        out += "<li><span class=\"swatch y\(min(1, calendar.count - 1))\"></span>" + w.text("后续年度实施<b>\(result.count(.prepare))</b>个", "<b>\(result.count(.prepare))</b> prepare for later years") + "</li>\n"
        out += "<li><span class=\"swatch rs\"></span>" + w.text("储备<b>\(result.count(.reserve))</b>个", "<b>\(result.count(.reserve))</b> reserve") + "</li>\n"
        out += "<li><span class=\"swatch ie\"></span>" + w.text("不符合改造条件<b>\(result.count(.ineligible))</b>个", "<b>\(result.count(.ineligible))</b> ineligible") + "</li>\n"
        if result.count(.completed) > 0 {
            out += "<li><span class=\"swatch cp\"></span>" + w.text("已完成<b>\(result.count(.completed))</b>个", "<b>\(result.count(.completed))</b> completed") + "</li>\n"
        }
        if result.count(.underWay) > 0 {
            out += "<li><span class=\"swatch uw\"></span>" + w.text("续建<b>\(result.count(.underWay))</b>个", "<b>\(result.count(.underWay))</b> under way") + "</li>\n"
        }
        out += "<li>" + w.text("共<b>\(analysis.district.estates.count)</b>个小区，可排期小区组成<b>\(analysis.clusters.count)</b>个片区", "<b>\(analysis.district.estates.count)</b> estates, <b>\(analysis.clusters.count)</b> clusters of schedulable estates") + "</li>\n"
        out += "</ul>\n"
        if !result.outcome.conflicts.isEmpty {
            out += "<div class=\"conflicts\"><h2>\(w.text("无法形成计划的原因", "Why no plan is possible"))</h2>\n<ul>\n"
            for conflict in result.outcome.conflicts { out += "<li>\(escape(conflict))</li>\n" }
            out += "</ul>\n<p>\(w.text("请调整锁定、预算或实施能力，使这些条件能够同时成立，然后重新运行。", "Change the locks, budgets or capacity so these can hold, then run again."))</p></div>\n"
        }
        out += "</header>\n"
        return out
    }

    /// The estates coloured by planned year or status, planned clusters outlined, existing
    /// facilities by kind, candidate sites and the sites with new space; planned estates labelled
    /// where a label fits without overlapping another; an HTML legend above it.
    private static func mapSection(_ result: PlanResult, _ w: Wording, _ map: MapContents) throws -> String {
        let frame = map.frame
        let analysis = result.analysis
        let district = analysis.district
        let calendar = result.scenario.horizon.calendarYears
        let newSites = sitesWithNewSpace(result, w)
        let newSiteIndices = Set(result.outcome.additions.map(\.site))
        let kinds = facilityKinds(result)
        func inFrame(_ x: Double, _ y: Double) -> Bool { x >= 2 && y >= 2 && x <= frame.width - 2 && y <= frame.contentBottom }

        var svg = "<svg class=\"map\" viewBox=\"0 0 \(px(frame.width)) \(px(frame.height))\" width=\"\(px(frame.width))\" height=\"\(px(frame.height))\" role=\"img\" aria-label=\"\(w.text("各小区计划改造年度图", "Map of the estates by planned year"))\">\n"
        svg += "<rect class=\"frame\" x=\"0.5\" y=\"0.5\" width=\"\(px(frame.width - 1))\" height=\"\(px(frame.height - 1))\"/>\n"

        // The walking network the distances were measured on (distance: network), under the
        // estates: one path of all its lines, each point rounded to the map's pixels.
        let walkways = result.scenario.distance == .network ? district.walkways : []
        if !walkways.isEmpty {
            svg += "<g class=\"walkways\"><path d=\"\(walkways.map { frame.linePath($0.lines) }.joined())\"/></g>\n"
        }

        // Estates, in index order; the colour class says the year or the status.
        svg += "<g class=\"estates\">\n"
        for (e, estate) in district.estates.enumerated() {
            let line = result.estates[e]
            let css = colourClass(line, calendar: calendar)
            var tooltip = estate.id
            if let name = estate.name, !name.isEmpty { tooltip += " \(name)" }
            tooltip += " — \(result.shownStatus(of: e, w))"
            if let year = line.year { tooltip += " \(year)" }
            if !line.reasons.isEmpty { tooltip += " — " + w.clauses(line.reasons) }
            svg += "<path class=\"\(css)\" d=\"\(frame.path(estate.shape))\"><title>\(escape(tooltip))</title></path>\n"
        }
        svg += "</g>\n"

        // Planned clusters of two or more estates renovated together (片区联动), as one outline.
        svg += "<g class=\"clusters\">\n"
        let closing = result.scenario.clustering.adjacencyM / 2
        for (c, cluster) in analysis.clusters.enumerated() where cluster.members.count >= 2 {
            guard let year = result.outcome.clusterYear[c] else { continue }
            let shape = try outline(cluster, in: district, closing: closing)
            let tooltip = w.text(
                "片区 \(cluster.id) — \(year)年 — \(cluster.members.count)个小区，\(w.households(cluster.households))，\(w.money(cluster.netCostYuan))",
                "cluster \(cluster.id) — \(year) — \(cluster.members.count) estates, \(grouped(cluster.households)) households, \(money(cluster.netCostYuan))")
            svg += "<path d=\"\(frame.path(shape))\"><title>\(escape(tooltip))</title></path>\n"
        }
        svg += "</g>\n"

        // Existing facilities: one symbol and colour per kind (class fk0, fk1, … in kind order).
        // Labels keep off the north arrow and the scale bar.
        var placer = LabelPlacer(width: frame.width, height: frame.height, fontPx: frame.labelPx)
        let (north, northBox) = northArrow(frame, w)
        let (scale, scaleBox) = scaleBar(frame, w)
        placer.block(northBox)
        placer.block(scaleBox)
        svg += "<g class=\"facilities\">\n"
        for f in map.facilities {
            let facility = district.facilities[f]
            guard let k = kinds.firstIndex(of: facility.kind) else { continue }
            let at = anchorPoint(facility.shape)
            let x = frame.x(at.x), y = frame.y(at.y)
            guard inFrame(x, y) else { continue }
            var tooltip = "\(facility.id) \(w.kind(facility.kind))"
            if let name = facility.name, !name.isEmpty { tooltip += " \(name)" }
            if let capacity = facility.capacityM2 { tooltip += " — \(w.area(capacity))" }
            svg += "<path class=\"fk\(k)\" d=\"\(kindSymbol(k, x: x, y: y, size: 3.5))\"><title>\(escape(tooltip))</title></path>\n"
        }
        svg += "</g>\n"

        // Candidate sites without new space: hollow triangles.
        svg += "<g class=\"candidates\">\n"
        for s in map.candidates {
            let site = district.sites[s]
            let at = anchorPoint(site.shape)
            let x = frame.x(at.x), y = frame.y(at.y)
            guard inFrame(x, y) else { continue }
            let tooltip = w.text("\(site.id) 候选用地，\(w.area(site.areaM2))，未新建", "\(site.id) candidate site, \(grouped(Int(site.areaM2.rounded()))) m², not used")
            svg += "<path d=\"\(triangle(x, y, size: 4.5))\"><title>\(escape(tooltip))</title></path>\n"
        }
        svg += "</g>\n"

        // New facility space: the triangles, which every label keeps off.
        svg += "<g class=\"sites\">\n"
        for site in newSites {
            let x = frame.x(site.at.x), y = frame.y(site.at.y)
            svg += "<path d=\"\(triangle(x, y, size: 7))\"><title>\(escape(site.tooltip))</title></path>\n"
            placer.block(centreX: x, centreY: y, halfSize: 7)
        }
        svg += "</g>\n"

        // The labels, in one pass (docs/report.md, *The map*): the planned estates first, largest
        // (by households) first, then the sites with new space, the most new space first; each
        // only where it overlaps no label or marker placed before. The map is of the estates, and
        // an estate's name is what an official knows it by; a site's id points to the norms'
        // tables, which list every site. What gets no label is counted in the note.
        let planned = district.estates.indices.filter { result.estates[$0].year != nil }
            .sorted { (-district.estates[$0].households, district.estates[$0].id) < (-district.estates[$1].households, district.estates[$1].id) }
        var estateLabels = ""
        var unlabelled = 0
        for e in planned {
            let estate = district.estates[e]
            let at = anchorPoint(estate.shape)
            let x = frame.x(at.x), y = frame.y(at.y)
            var extent = Bounds()
            extent.add(estate.shape.allPoints)
            let halfWidth = (extent.maxX - extent.minX) * frame.scale / 2, halfHeight = (extent.maxY - extent.minY) * frame.scale / 2
            var texts = [estate.id]
            if let name = estate.name, !name.isEmpty, name != estate.id { texts.insert(name, at: 0) }
            var placed = false
            for text in texts {
                guard let spot = placer.placeIfFree(text, atX: x, y: y, halfWidth: halfWidth, halfHeight: halfHeight) else { continue }
                estateLabels += "<text x=\"\(px(spot.x))\" y=\"\(px(spot.y))\" text-anchor=\"\(spot.anchor)\">\(escape(text))</text>\n"
                placed = true
                break
            }
            if !placed { unlabelled += 1 }
        }
        var siteLabels = ""
        var unlabelledSites = 0
        for site in newSites.sorted(by: { (-$0.m2, $0.label) < (-$1.m2, $1.label) }) {
            guard let spot = placer.place(site.label, nearX: frame.x(site.at.x), y: frame.y(site.at.y)) else {
                unlabelledSites += 1
                continue
            }
            siteLabels += "<text x=\"\(px(spot.x))\" y=\"\(px(spot.y))\" text-anchor=\"\(spot.anchor)\">\(escape(site.label))</text>\n"
        }
        svg += "<g class=\"labels\">\n\(siteLabels)</g>\n"
        svg += "<g class=\"estate-labels\">\n\(estateLabels)</g>\n"
        svg += scale + north
        svg += "</svg>\n"

        var legend = "<ul class=\"legend\">\n"
        for (t, year) in calendar.enumerated() {
            let count = result.estates.filter { $0.year == year }.count
            let word = w.text(t == 0 ? "本年度实施" : "后续年度实施", t == 0 ? "implement" : "prepare")
            legend += "<li><span class=\"swatch y\(t)\"></span>\(w.text("\(year)年", "\(year)")) \(word) (\(count))</li>\n"
        }
        legend += "<li><span class=\"swatch rs\"></span>\(w.status(.reserve)) (\(result.count(.reserve)))</li>\n"
        legend += "<li><span class=\"swatch ie\"></span>\(w.status(.ineligible)) (\(result.count(.ineligible)))</li>\n"
        for status in [EstateStatus.completed, .underWay] where result.count(status) > 0 {
            legend += "<li><span class=\"swatch \(status == .completed ? "cp" : "uw")\"></span>\(w.status(status)) (\(result.count(status)))</li>\n"
        }
        legend += "<li><span class=\"swatch outline\"></span>\(w.text("片区联动改造", "cluster renovated together"))</li>\n"
        if !walkways.isEmpty {
            legend += "<li><span class=\"swatch walkway\"></span>\(w.text("步行路网（测算步行距离）", "walkways (walking distances)"))</li>\n"
        }
        if !newSites.isEmpty {
            legend += "<li><svg class=\"icon\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\"><path class=\"site-icon\" d=\"M7,1L13,12.5L1,12.5Z\"/></svg>\(w.text("新建设施用房（\(newSites.count)处用地）", "new facility space (\(newSites.count) sites)"))</li>\n"
        }
        // The legend counts what the map draws; what lies beyond every living circle is in the note.
        let candidates = map.candidates.count
        if candidates > 0 {
            legend += "<li><svg class=\"icon\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\"><path class=\"candidate-icon\" d=\"M7,2.5L11.5,11L2.5,11Z\"/></svg>\(w.text("未使用的候选用地（\(candidates)处）", "candidate site not used (\(candidates))"))</li>\n"
        }
        for (k, kind) in kinds.enumerated() {
            let count = map.facilities.filter { district.facilities[$0].kind == kind }.count
            guard count > 0 else { continue }
            legend += "<li><svg class=\"icon\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\"><path class=\"fk\(k)\" d=\"\(kindSymbol(k, x: 7, y: 7, size: 5))\"/></svg>\(escape(w.text("现有\(w.kind(kind))", "existing \(kind)"))) (\(count))</li>\n"
        }
        legend += "</ul>\n"

        var note = w.text(
            "图中标注计划改造小区的名称（放不下时标编号）",
            "Planned estates are labelled by name (by id where the name does not fit)")
        if unlabelled > 0 {
            note += w.text("；另有\(unlabelled)个计划小区因位置重叠未标注，见下文各年度表格", "; \(unlabelled) more \(unlabelled == 1 ? "is" : "are") not labelled where labels would overlap: see the tables per year")
        }
        if unlabelledSites > 0 {
            note += w.text(
                "；新建设施用房的用地标注编号，另有\(unlabelledSites)处因位置重叠未标注，见下文新增设施用房表",
                "; sites with new space are labelled by id, \(unlabelledSites) of them not where labels would overlap: see the tables of new space under the norms")
        }
        // Facilities and candidate sites beyond the largest living circle: counted, not drawn.
        let farFacilities = kinds.compactMap { kind -> (kind: String, count: Int)? in
            let count = district.facilities.filter { $0.kind == kind }.count - map.facilities.filter { district.facilities[$0].kind == kind }.count
            return count > 0 ? (kind, count) : nil
        }
        let farSites = district.sites.count - newSiteIndices.count - map.candidates.count
        if !farFacilities.isEmpty || farSites > 0 {
            let parts = farFacilities.map { w.text("\(w.kind($0.kind))\($0.count)处", "\($0.count) \($0.kind)") }
                + (farSites > 0 ? [w.text("候选用地\(farSites)处", "\(farSites) candidate site\(farSites == 1 ? "" : "s")")] : [])
            note += w.text(
                "；另有\(w.list(parts))距各小区均超过\(w.meters(map.reachMeters))（最大生活圈半径），不在图中，也不计入图例",
                "; farther than \(w.meters(map.reachMeters)) (the largest living circle) from every estate, not drawn and not counted in the legend: \(w.list(parts))")
        }
        note += w.text(
            "。鼠标悬停可查看小区、片区、设施和用地的详情。坐标系 \(escape(district.workCRS))，单位米，上北下南。",
            ". Hover over an estate, a cluster outline, a facility or a site for its details. Drawn in \(escape(district.workCRS)) metres, north up.")
        return "<section id=\"map\">\n<h2>\(w.text("计划图", "Map"))</h2>\n<div class=\"sheet\">\n\(legend)\(svg)</div>\n"
            + "<p class=\"note\">\(note)</p>\n</section>\n"
    }

    /// Spend per year (renovation and new facility space stacked) against the money available.
    private static func budgetSection(_ result: PlanResult, _ w: Wording) -> String {
        let years = result.years
        let carry = result.scenario.budget.carryOver
        let limitWord = carry ? w.text("可用资金", "available") : w.text("预算", "budget")
        let svg = budgetChart(years, limitWord: limitWord, w)

        var out = "<section id=\"budget\">\n<h2>\(w.text("各年度预算使用", "Budget use per year"))</h2>\n"
        out += "<ul class=\"legend\"><li><span class=\"swatch renovation\"></span>\(w.text("改造（财政资金净额）", "renovation (net public money)"))</li>"
        out += "<li><span class=\"swatch site-spend\"></span>\(w.text("新增设施用房", "new facility space"))</li>"
        out += "<li><span class=\"swatch limit\"></span>\(carry ? w.text("可用资金（当年预算加以前年度结余）", "money available (budget plus what earlier years left)") : w.text("预算", "budget"))</li></ul>\n"
        out += svg
        out += YearTable(result).block(w).html
        out += "<p class=\"note\">\(escape(YearTable.note(result.scenario, w)))</p>\n"
        out += "</section>\n"
        return out
    }

    /// The spending chart: per year, renovation and new facility space stacked against the money
    /// available; above each bar what was spent of it, under the axis the year.
    ///
    /// The amounts are worded as in the console summary (``Wording/money(_:)``: `2.97亿元 /
    /// 3.50亿元`), one unit for every bar, not rounded to whole 亿 for the chart; the share beside
    /// them (99.8%) tells what is left where the two read alike.
    ///
    /// The labels never collide: every amount label is written in the same form, the fullest of
    /// (a) `spent / available · share` on one line, (b) the amounts and the share on two lines,
    /// (c) spent, `/ available` and the share on three, (d) the share alone, (e) none, whose
    /// widest line fits within its year's slot; the top margin holds its lines above the highest
    /// bar. Year labels are thinned to every k-th year when they are
    /// wider than a slot. Text widths are estimated as ``LabelPlacer/textWidth(_:size:)`` does.
    static func budgetChart(_ years: [PlanResult.YearLine], limitWord: String, _ w: Wording) -> String {
        let width = 900.0, height = 300.0, font = 11.0, lineHeight = 13.0
        let left = 64.0, right = 16.0, bottom = 34.0
        let slot = (width - left - right) / Double(max(years.count, 1))
        func fits(_ line: String, in room: Double) -> Bool { LabelPlacer.textWidth(line, size: font) <= room }
        // The amount labels' lines per year, in the fullest form that fits every year's slot.
        let amounts = years.map { year -> (spent: String, available: String, share: String?) in
            let (spent, available) = (w.money(year.spendYuan), w.money(year.availableYuan))
            return (spent, w.text("/ ", "of ") + available, year.availableYuan > 0 ? w.percent(year.spendYuan / year.availableYuan) : nil)
        }
        let forms: [((spent: String, available: String, share: String?)) -> [String]] = [
            { ["\($0.spent) \($0.available)" + ($0.share.map { " · " + $0 } ?? "")] },
            { ["\($0.spent) \($0.available)"] + ($0.share.map { [$0] } ?? []) },
            { [$0.spent, $0.available] + ($0.share.map { [$0] } ?? []) },
            { $0.share.map { [$0] } ?? [] },
        ]
        let lines = forms.lazy.map { form in amounts.map(form) }
            .first { all in all.allSatisfy { $0.allSatisfy { fits($0, in: slot - 6) } } } ?? amounts.map { _ in [] }
        let labelLines = Double(lines.map(\.count).max() ?? 0)
        // Room above the ceiling for the tallest label: its lines, 6 px above the bar, ascent.
        let top = max(16, 6 + font + lineHeight * max(labelLines - 1, 0) + 4)
        let plotHeight = height - top - bottom
        let largest = years.map { max($0.spendYuan, $0.availableYuan, $0.budgetYuan) }.max() ?? 0
        let ticks = niceTicks(upTo: largest > 0 ? largest : 1)
        let ceiling = ticks.last ?? 1
        func y(_ yuan: Double) -> Double { top + plotHeight * (1 - yuan / ceiling) }
        // Every k-th year's label, k the fewest slots the widest year label needs.
        let yearWidth = years.map { LabelPlacer.textWidth(w.year($0.year), size: font) }.max() ?? 0
        let yearStep = max(1, Int(((yearWidth + 6) / slot).rounded(.up)))

        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(px(width)) \(px(height))\" width=\"\(px(width))\" height=\"\(px(height))\" role=\"img\" aria-label=\"\(w.text("各年度预算使用", "Budget use per year"))\">\n"
        for tick in ticks {
            svg += "<line class=\"grid\" x1=\"\(px(left))\" y1=\"\(px(y(tick)))\" x2=\"\(px(width - right))\" y2=\"\(px(y(tick)))\"/>"
            svg += "<text class=\"axis\" x=\"\(px(left - 6))\" y=\"\(px(y(tick) + 4))\" text-anchor=\"end\">\(shortYuan(tick, w))</text>\n"
        }
        let barWidth = min(90, slot * 0.55)
        for (t, year) in years.enumerated() {
            let x0 = left + slot * Double(t) + (slot - barWidth) / 2
            let renovationTop = y(year.renovationYuan), spendTop = y(year.spendYuan)
            let tooltip = w.text(
                "\(year.year)年：改造\(w.money(year.renovationYuan))，新增设施用房\(w.money(year.siteYuan))（\(w.area(year.siteM2))），\(limitWord)\(w.money(year.availableYuan))",
                "\(year.year): renovation \(money(year.renovationYuan)), new facility space \(money(year.siteYuan)) (\(grouped(Int(year.siteM2.rounded()))) m²), \(limitWord) \(money(year.availableYuan))")
            svg += "<g><title>\(escape(tooltip))</title>"
            svg += "<rect class=\"renovation\" x=\"\(px(x0))\" y=\"\(px(renovationTop))\" width=\"\(px(barWidth))\" height=\"\(px(y(0) - renovationTop))\"/>"
            svg += "<rect class=\"site-spend\" x=\"\(px(x0))\" y=\"\(px(spendTop))\" width=\"\(px(barWidth))\" height=\"\(px(renovationTop - spendTop))\"/>"
            svg += "</g>\n"
            let limitY = y(year.availableYuan)
            svg += "<line class=\"limit\" x1=\"\(px(x0 - 10))\" y1=\"\(px(limitY))\" x2=\"\(px(x0 + barWidth + 10))\" y2=\"\(px(limitY))\"/>\n"
            // The label's last line 6 px above the bar or its limit line, whichever is higher.
            let lastBaseline = min(limitY, spendTop) - 6
            for (i, line) in lines[t].enumerated() {
                let baseline = lastBaseline - lineHeight * Double(lines[t].count - 1 - i)
                svg += "<text class=\"value\" x=\"\(px(x0 + barWidth / 2))\" y=\"\(px(baseline))\" text-anchor=\"middle\">\(escape(line))</text>\n"
            }
            if t % yearStep == 0 {
                svg += "<text class=\"axis\" x=\"\(px(x0 + barWidth / 2))\" y=\"\(px(height - bottom + 18))\" text-anchor=\"middle\">\(w.year(year.year))</text>\n"
            }
        }
        svg += "<line class=\"baseline\" x1=\"\(px(left))\" y1=\"\(px(y(0)))\" x2=\"\(px(width - right))\" y2=\"\(px(y(0)))\"/>\n"
        svg += "</svg>\n"
        return svg
    }

    /// Share of households covered per coverage rule, before and after the plan, as paired bars.
    private static func coverageSection(_ result: PlanResult, _ w: Wording) -> String {
        let scenario = result.scenario
        let shares = result.coverageShares
        var out = "<section id=\"coverage\">\n<h2>\(w.text("生活圈设施覆盖（按户数占比）", "Living-circle coverage (share of households)"))</h2>\n"
        guard !shares.isEmpty else { return out + "<p>\(w.text("情景未设置覆盖规则。", "The scenario sets no coverage rules."))</p>\n</section>\n" }
        out += "<ul class=\"legend\"><li><span class=\"swatch before\"></span>\(w.text("改造前", "before"))</li><li><span class=\"swatch after\"></span>\(w.text("改造后", "after the plan"))</li></ul>\n"
        let width = 900.0, labelWidth = 250.0, right = 70.0, rowHeight = 46.0, top = 8.0
        let height = top + rowHeight * Double(shares.count) + 22
        let barSpan = width - labelWidth - right
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(px(width)) \(px(height))\" width=\"\(px(width))\" height=\"\(px(height))\" role=\"img\" aria-label=\"\(w.text("改造前后的设施覆盖", "Coverage before and after"))\">\n"
        for share in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let x = labelWidth + barSpan * share
            svg += "<line class=\"grid\" x1=\"\(px(x))\" y1=\"\(px(top))\" x2=\"\(px(x))\" y2=\"\(px(height - 20))\"/>"
            svg += "<text class=\"axis\" x=\"\(px(x))\" y=\"\(px(height - 6))\" text-anchor=\"middle\">\(percent0(share))</text>\n"
        }
        for (r, share) in shares.enumerated() {
            let rule = scenario.coverage[r]
            let y0 = top + rowHeight * Double(r)
            let label = "\(w.kind(share.kind)) · \(w.minutes(rule.withinMinutes)) (\(w.meters(scenario.meters(rule.withinMinutes))))"
            svg += "<text class=\"label\" x=\"\(px(labelWidth - 10))\" y=\"\(px(y0 + 22))\" text-anchor=\"end\">\(escape(label))</text>\n"
            for (offset, value, css) in [(4.0, share.before, "before"), (20.0, share.after, "after")] {
                svg += "<rect class=\"\(css)\" x=\"\(px(labelWidth))\" y=\"\(px(y0 + offset))\" width=\"\(px(barSpan * value))\" height=\"14\"/>"
                svg += "<text class=\"value\" x=\"\(px(labelWidth + barSpan * value + 5))\" y=\"\(px(y0 + offset + 11))\">\(percent1(value))</text>\n"
            }
        }
        svg += "</svg>\n"
        return out + svg + "</section>\n"
    }

    /// Per norm (``NormReport``, as report.md says it): how many estates fall short before and
    /// after, the new m² per site, and the estates where the norm is not attainable.
    private static func normsSection(_ result: PlanResult, _ w: Wording) -> String {
        let scenario = result.scenario
        var out = "<section id=\"norms\">\n<h2>\(w.text("设施配建标准与新增用房", "Facility norms and new space"))</h2>\n"
        if scenario.norms.isEmpty { out += "<p>\(w.text("情景未设置配建标准。", "The scenario sets no facility norms."))</p>\n" }
        for (k, norm) in scenario.norms.enumerated() {
            out += "<h3>\(escape(NormReport.title(norm, scenario, w)))</h3>\n"
            out += NormReport.blocks(result, norm: k, w).map(\.html).joined()
        }
        out += "</section>\n"
        return out
    }

    /// The planned estates, one table per year.
    private static func plannedSection(_ result: PlanResult, _ w: Wording) -> String {
        let analysis = result.analysis
        let district = analysis.district
        var out = "<section id=\"planned\">\n<h2>\(w.text("各年度小区", "Planned estates per year"))</h2>\n"
        for (t, year) in result.years.enumerated() {
            let heading = w.text(
                "\(year.year)年（\(t == 0 ? "本年度实施" : "后续年度实施")）：\(year.estates)个小区，\(year.clusters)个片区，\(w.households(year.households))，支出\(w.money(year.spendYuan))（可用\(w.money(year.availableYuan))）",
                "\(year.year) (\(t == 0 ? "implement" : "prepare")): \(year.estates) estates in \(year.clusters) clusters, \(grouped(year.households)) households, spend \(money(year.spendYuan)) of \(money(year.availableYuan))")
            out += "<h3><span class=\"swatch y\(t)\"></span>\(heading)</h3>\n"
            let planned = district.estates.indices.filter { result.estates[$0].year == year.year }
                .sorted { district.estates[$0].id < district.estates[$1].id }
            guard !planned.isEmpty else {
                out += "<p>\(w.text("本年度无计划改造小区。", "No estates."))</p>\n"
                continue
            }
            out += "<table class=\"planned\">\n<thead><tr>" + w.text(
                "<th>编号</th><th>小区名称</th><th>片区</th><th>类别</th><th class=\"num\">户数</th><th class=\"num\">得分</th><th class=\"num\">净投资\(w.moneyUnit)</th>",
                "<th>estate</th><th>name</th><th>cluster</th><th>class</th><th class=\"num\">households</th><th class=\"num\">score</th><th class=\"num\">net cost\(w.moneyUnit)</th>") + "</tr></thead>\n<tbody>\n"
            for e in planned {
                let estate = district.estates[e]
                let cluster = analysis.clusterOfEstate[e].map { analysis.clusters[$0].id } ?? ""
                out += "<tr><td>\(escape(estate.id))</td><td class=\"name\">\(escape(result.shownName(of: e, w)))</td><td>\(escape(cluster))</td><td>\(w.estateClass(analysis.gates[e].estateClass))</td><td class=\"num\">\(grouped(estate.households))</td><td class=\"num\">\(String(format: "%.1f", analysis.scores[e].score))</td><td class=\"num\">\(w.tableMoney(result.estates[e].netCostYuan))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "</section>\n"
        return out
    }

    /// The reserve, highest score first, with every reason.
    private static func reserveSection(_ result: PlanResult, _ w: Wording) -> String {
        let analysis = result.analysis
        let district = analysis.district
        let reserve = LongList(result, .reserve)
        var out = "<section id=\"reserve\">\n<h2>\(w.text("储备：暂缓的原因（\(reserve.estates.count)个）", "Reserve: why these estates wait (\(reserve.estates.count))"))</h2>\n"
        guard !reserve.estates.isEmpty else { return out + "<p>\(w.text("没有储备小区。", "No estate is in reserve."))</p>\n</section>\n" }
        // A long list (a city's) as counts per reason and its first rows (docs/report.md, *Long lists*).
        out += reserve.summaryBlocks(result, w).map(\.html).joined()
        out += "<table class=\"reasons\">\n<thead><tr>" + w.text(
            "<th>编号</th><th>小区名称</th><th class=\"num\">得分</th><th class=\"num\">户数</th><th>原因</th>",
            "<th>estate</th><th>name</th><th class=\"num\">score</th><th class=\"num\">households</th><th>reasons</th>") + "</tr></thead>\n<tbody>\n"
        for e in reserve.rows {
            let estate = district.estates[e]
            out += "<tr><td>\(escape(estate.id))</td><td class=\"name\">\(escape(estate.name ?? ""))</td><td class=\"num\">\(String(format: "%.1f", analysis.scores[e].score))</td><td class=\"num\">\(grouped(estate.households))</td><td>\(reasonList(result.estates[e].reasons))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
        return out
    }

    /// Ineligible estates and input warnings (folded away on screen: long and rarely read), and
    /// how the plan was made.
    private static func otherSections(_ result: PlanResult, _ w: Wording) -> String {
        let analysis = result.analysis
        let district = analysis.district
        let scenario = result.scenario
        let outcome = result.outcome
        var out = ""
        let ineligible = LongList(result, .ineligible)
        // Folded on screen; on paper a closed <details> prints closed, so the same content is
        // there a second time, unfolded, for print only.
        func folded(_ title: String, _ content: String) -> String {
            "<details class=\"fold\">\n<summary>\(title)</summary>\n\(content)</details>\n"
                + "<div class=\"unfolded\">\n<h3>\(title)</h3>\n\(content)</div>\n"
        }
        if !ineligible.estates.isEmpty {
            var table = ineligible.summaryBlocks(result, w).map(\.html).joined() + "<table class=\"reasons\">\n<thead><tr>" + w.text(
                "<th>编号</th><th>小区名称</th><th class=\"num\">建成年代</th><th class=\"num\">户数</th><th>原因</th>",
                "<th>estate</th><th>name</th><th class=\"num\">built</th><th class=\"num\">households</th><th>reasons</th>") + "</tr></thead>\n<tbody>\n"
            for e in ineligible.rows {
                let estate = district.estates[e]
                table += "<tr><td>\(escape(estate.id))</td><td class=\"name\">\(escape(estate.name ?? ""))</td><td class=\"num\">\(estate.builtYear)</td><td class=\"num\">\(grouped(estate.households))</td><td>\(reasonList(result.estates[e].reasons))</td></tr>\n"
            }
            table += "</tbody>\n</table>\n"
            out += "<section id=\"ineligible\">\n"
                + folded(w.text("不符合改造条件的小区（\(ineligible.estates.count)个）", "Ineligible estates (\(ineligible.estates.count))"), table) + "</section>\n"
        }
        if !analysis.warnings.isEmpty {
            let list = "<ul>\n" + analysis.warnings.map { "<li>\(escape($0.text(w)))</li>\n" }.joined() + "</ul>\n"
            out += "<section id=\"warnings\">\n"
                + folded(w.text("输入数据提示（\(analysis.warnings.count)条）", "Input warnings (\(analysis.warnings.count))"), list) + "</section>\n"
        }
        out += "<footer>\n<p>"
        if outcome.status == .ranked {
            out += w.text("按得分排序，即现行储备库的做法（renoplan rank），未经优化。", "Ranked by score, as a reserve library is today (renoplan rank), not optimised. ")
        } else {
            out += w.text(
                "使用 GLPK \(escape(GLPKSolver.version)) 分支切割法求解：\(grouped(outcome.variables))个变量，\(grouped(outcome.constraints))个约束。",
                "Solved with GLPK \(escape(GLPKSolver.version)) branch-and-cut: \(grouped(outcome.variables)) variables, \(grouped(outcome.constraints)) constraints. ")
        }
        out += escape(Report.distanceWords(scenario, district, w)) + w.text("", " ")
        out += w.text(
            "情景文件 \(escape(scenario.file.lastPathComponent))。本报告中的每个数字都可以由 plan.geojson、sites.geojson 和情景文件重新算出。",
            "Scenario file \(escape(scenario.file.lastPathComponent)). Every figure here can be recomputed from plan.geojson, sites.geojson and the scenario.")
        out += "</p>\n</footer>\n"
        return out
    }

    // MARK: - Map pieces

    /// What the map draws and its frame (docs/report.md, *The map*): the estates, the sites with
    /// new space, and the existing facilities and candidate sites within the largest living
    /// circle (``Scenario/maxReachMeters``, the largest walking distance a coverage rule or norm
    /// asks about) of an estate, in a straight line to the estate's bounding box, which no
    /// walking distance undercuts. The frame holds them all, so the legend's counts are what is
    /// drawn. Those farther off serve no estate and would shrink the district: the note under
    /// the map counts them.
    private struct MapContents {
        var frame: MapFrame
        /// Facilities drawn, by index.
        var facilities: [Int]
        /// Candidate sites without new space drawn, by index.
        var candidates: [Int]
        var reachMeters: Double

        /// - Complexity: O(estates × vertices) for the extent, and O(estates) for each facility
        ///   or site outside it.
        init(_ result: PlanResult) {
            let district = result.analysis.district
            reachMeters = result.scenario.maxReachMeters
            let boxes = district.estates.map { estate in
                var box = Bounds()
                box.add(estate.shape.allPoints)
                return box
            }
            var extent = Bounds()
            for box in boxes { extent.add(box) }
            let reach = reachMeters
            func near(_ point: Point2) -> Bool {
                extent.contains(point) || (extent.distance(to: point) <= reach && boxes.contains { $0.distance(to: point) <= reach })
            }
            let newSites = Set(result.outcome.additions.map(\.site))
            facilities = district.facilities.indices.filter { near(HTMLReport.anchorPoint(district.facilities[$0].shape)) }
            candidates = district.sites.indices.filter { !newSites.contains($0) && near(HTMLReport.anchorPoint(district.sites[$0].shape)) }
            var bounds = extent
            for f in facilities { bounds.add([HTMLReport.anchorPoint(district.facilities[f].shape)]) }
            for s in candidates + newSites.sorted() { bounds.add([HTMLReport.anchorPoint(district.sites[s].shape)]) }
            frame = MapFrame(bounds, maxWidth: 1100, maxHeight: 1100, padding: 18, arrowMM: 8)
        }
    }

    /// A site that receives new space, where to draw it and what to say about it.
    private struct NewSite {
        var at: Point2
        var label: String
        var tooltip: String
        /// All the new space on the site, m² (the larger is labelled first).
        var m2: Double
    }

    /// Sites with space added, in site index order, each with its additions in year order.
    private static func sitesWithNewSpace(_ result: PlanResult, _ w: Wording) -> [NewSite] {
        let district = result.analysis.district
        let additions = result.outcome.additions
        return Set(additions.map(\.site)).sorted().map { s in
            let site = district.sites[s]
            let parts = additions.filter { $0.site == s }.sorted { ($0.year, $0.kind) < ($1.year, $1.kind) }
                .map { w.text("\($0.year)年新建\(w.kind($0.kind))\(w.area($0.m2))（\(w.money($0.costYuan))）", "\($0.kind) \(grouped(Int($0.m2.rounded()))) m² in \($0.year) (\(money($0.costYuan)))") }
            return NewSite(
                at: anchorPoint(site.shape), label: site.id,
                tooltip: w.text("\(site.id) — 新增设施用房：", "\(site.id) — new facility space: ") + parts.joined(separator: "; "),
                m2: additions.filter { $0.site == s }.reduce(0) { $0 + $1.m2 })
        }
    }

    /// The kinds of the district's existing facilities, sorted: their index gives the symbol and
    /// colour class (`fk0`, `fk1`, …).
    static func facilityKinds(_ result: PlanResult) -> [String] {
        Set(result.analysis.district.facilities.map(\.kind)).sorted()
    }

    /// SVG path of kind `k`'s symbol centred at (x, y): circle, square, diamond, then a cross,
    /// repeating (colours tell the repeats apart).
    static func kindSymbol(_ k: Int, x: Double, y: Double, size r: Double) -> String {
        switch k % 4 {
        case 0: return "M\(px(x - r)),\(px(y))a\(px(r)),\(px(r)) 0 1,0 \(px(2 * r)),0a\(px(r)),\(px(r)) 0 1,0 \(px(-2 * r)),0Z"
        case 1:
            let h = r * 0.88
            return "M\(px(x - h)),\(px(y - h))H\(px(x + h))V\(px(y + h))H\(px(x - h))Z"
        case 2:
            let d = r * 1.25
            return "M\(px(x)),\(px(y - d))L\(px(x + d)),\(px(y))L\(px(x)),\(px(y + d))L\(px(x - d)),\(px(y))Z"
        default:
            let a = r * 0.4, b = r * 1.1
            return "M\(px(x - a)),\(px(y - b))H\(px(x + a))V\(px(y - a))H\(px(x + b))V\(px(y + a))H\(px(x + a))V\(px(y + b))H\(px(x - a))V\(px(y + a))H\(px(x - b))V\(px(y - a))H\(px(x - a))Z"
        }
    }

    /// A triangle pointing up, centred near (x, y): a site.
    private static func triangle(_ x: Double, _ y: Double, size: Double) -> String {
        "M\(px(x)),\(px(y - size))L\(px(x + size * 6 / 7)),\(px(y + size * 4.5 / 7))L\(px(x - size * 6 / 7)),\(px(y + size * 4.5 / 7))Z"
    }

    /// The point a site's triangle is drawn at: the point itself, or a polygon's centroid.
    private static func anchorPoint(_ shape: Shape) -> Point2 {
        switch shape {
        case .point(let p): return p
        case .polygon(let rings): return centroid(rings[0])
        case .multiPolygon(let polygons): return centroid(polygons[0][0])
        case .lineString(let line): return line[line.count / 2]
        case .multiLineString(let lines): return lines[0][lines[0].count / 2]
        }
    }

    /// Area centroid of a closed ring (shoelace), or the mean of its points when it has no area.
    private static func centroid(_ ring: Ring) -> Point2 {
        var area = 0.0, cx = 0.0, cy = 0.0
        // Relative to the first point: projected coordinates are large and products lose digits.
        let origin = ring[0]
        for i in 0..<(ring.count - 1) {
            let a = Point2(x: ring[i].x - origin.x, y: ring[i].y - origin.y)
            let b = Point2(x: ring[i + 1].x - origin.x, y: ring[i + 1].y - origin.y)
            let cross = a.x * b.y - b.x * a.y
            area += cross
            cx += (a.x + b.x) * cross
            cy += (a.y + b.y) * cross
        }
        guard abs(area) > 1e-9 else {
            let n = Double(ring.count)
            return Point2(x: ring.reduce(0) { $0 + $1.x } / n, y: ring.reduce(0) { $0 + $1.y } / n)
        }
        return Point2(x: origin.x + cx / (3 * area), y: origin.y + cy / (3 * area))
    }

    /// One outline for a cluster: the GEOS union of its estates, closed by half the adjacency
    /// distance so estates across a lane (clustered because they lie within `adjacency_m`) read as
    /// one area instead of separate pieces.
    private static func outline(_ cluster: Cluster, in district: District, closing: Double) throws -> Shape {
        do {
            var parts = cluster.members.map { district.estateGeometries[$0].geometry }
            // Pairwise rounds: GEOS unions balanced inputs faster than one growing polygon.
            while parts.count > 1 {
                var next: [Geometry] = []
                for i in stride(from: 0, to: parts.count, by: 2) {
                    next.append(i + 1 < parts.count ? try parts[i].union(with: parts[i + 1]) : parts[i])
                }
                parts = next
            }
            var merged = parts[0]
            if closing > 0 { merged = try merged.buffer(closing).buffer(-closing) }
            return try merged.shape()
        } catch let error as GeometryError {
            throw GeometryError(operation: "\(error.operation) (outline of cluster \(cluster.id))", message: error.message)
        }
    }

    /// The estate's colour class: its year's, the reserve's or ineligible grey, completed's pale
    /// blue or under way's blue (an approved plan's finished and continuing works, `renoplan revise`).
    private static func colourClass(_ line: PlanResult.EstateLine, calendar: [Int]) -> String {
        if line.status == .ineligible { return "ie" }
        if line.status == .completed { return "cp" }
        if line.status == .underWay { return "uw" }
        if let year = line.year, let t = calendar.firstIndex(of: year) { return "y\(t)" }
        return "rs"
    }

    /// A scale bar of a round length about a fifth of the map's width, in the strip below the
    /// map on the left, and the box it takes (labels keep off it).
    private static func scaleBar(_ frame: MapFrame, _ w: Wording) -> (svg: String, box: LabelPlacer.Box) {
        let target = (frame.width - 2 * frame.padding) / frame.scale / 5
        let meters = [10.0, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000]
            .last { $0 <= target } ?? 10
        let length = meters * frame.scale
        let x = frame.padding, y = frame.height - MapFrame.stripMargin / 2
        let text = meters >= 1000 ? w.text("\(formatNumber(meters / 1000))千米", "\(formatNumber(meters / 1000)) km") : w.text("\(Int(meters))米", "\(Int(meters)) m")
        var out = "<g class=\"scale\"><path d=\"M\(px(x)),\(px(y - 5))V\(px(y))H\(px(x + length))V\(px(y - 5))\"/>"
        out += "<text x=\"\(px(x + length / 2))\" y=\"\(px(y - 8))\" text-anchor=\"middle\">\(text)</text></g>\n"
        let half = max(length, LabelPlacer.textWidth(text, size: frame.labelPx)) / 2
        let box = LabelPlacer.Box(minX: x + length / 2 - half - 2, minY: y - 8 - frame.labelPx * 1.1, maxX: x + length / 2 + half + 2, maxY: y + 2)
        return (out, box)
    }

    /// A north arrow in the strip below the map on the right: a split arrowhead (one half dark,
    /// one light) filling the strip's height (8 mm on A3) with 北 / N beside it; and the box it
    /// takes (labels keep off it).
    private static func northArrow(_ frame: MapFrame, _ w: Wording) -> (svg: String, box: LabelPlacer.Box) {
        let letter = frame.fontPx(printing: 11)
        let base = frame.height - MapFrame.stripMargin / 2, height = frame.strip - MapFrame.stripMargin
        let tip = base - height, notch = base - height * 0.28
        let half = height * 0.32
        let cx = frame.width - frame.padding - half
        let letterX = cx - half - 3
        let box = LabelPlacer.Box(minX: letterX - letter - 2, minY: tip - 2, maxX: cx + half + 2, maxY: base + 2)
        var out = "<g class=\"north\" role=\"img\" aria-label=\"\(w.text("指北针", "north arrow"))\">"
        out += "<path class=\"dark\" d=\"M\(px(cx)),\(px(tip))L\(px(cx - half)),\(px(base))L\(px(cx)),\(px(notch))Z\"/>"
        out += "<path class=\"light\" d=\"M\(px(cx)),\(px(tip))L\(px(cx + half)),\(px(base))L\(px(cx)),\(px(notch))Z\"/>"
        out += "<text x=\"\(px(letterX))\" y=\"\(px(tip + height / 2 + letter * 0.35))\" text-anchor=\"end\">\(w.text("北", "N"))</text></g>\n"
        return (out, box)
    }

    // MARK: - Style

    /// The stylesheet, with one fill class per horizon year (`y0`, `y1`, …) and per facility kind
    /// (`fk0`, `fk1`, …), the map's label sizes (legible on A3: ``MapFrame/labelPx``), and the
    /// print layout: A3 landscape, the map sheet (legend beside the map, the map within
    /// ``MapFrame/printBox``) on a page of its own, table rows never split and table heads
    /// repeated on every page.
    private static func stylesheet(years: Int, kinds: [String], map: MapFrame) -> String {
        let label = px(map.labelPx), box = MapFrame.printBox
        var css = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 14px; line-height: 1.45; color: #222; background: #fff; max-width: 940px; margin: 24px auto; padding: 0 16px; }
            h1 { font-size: 24px; margin: 0 0 2px; }
            h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            .status { background: #f4f6f8; border-left: 4px solid #5a7fa8; padding: 8px 12px; margin: 8px 0; }
            .conflicts { background: #fdf0ef; border-left: 4px solid #c0392b; padding: 4px 12px; }
            .counts, .legend { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
            .counts li, .legend li { display: flex; align-items: center; gap: 6px; }
            .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid rgba(0,0,0,.25); border-radius: 2px; flex: none; }
            h3 .swatch { vertical-align: -2px; margin-right: 6px; }
            .swatch.outline { border: 2.5px solid #1a1a1a; background: transparent; }
            .swatch.limit { height: 0; border: 0; border-top: 2.5px solid #1a1a1a; }
            svg { max-width: 100%; height: auto; display: block; }
            svg text { font-family: inherit; font-size: 12px; fill: #222; }
            svg.icon { display: inline; }
            .map .frame { fill: #fafbfc; stroke: #ccc; }
            .estates path { stroke: #fff; stroke-width: .6; fill-rule: evenodd; }
            .walkways path { fill: none; stroke: #a3abb4; stroke-width: 1.4; stroke-linejoin: round; stroke-linecap: round; }
            .swatch.walkway { height: 0; border: 0; border-top: 2px solid #a3abb4; }
            .clusters path { fill: none; stroke: #1a1a1a; stroke-width: 2; stroke-linejoin: round; fill-rule: evenodd; }
            .sites path, .site-icon { fill: #f28e2b; stroke: #222; stroke-width: 1; stroke-linejoin: round; }
            .candidates path, .candidate-icon { fill: #fff; stroke: #8a8a8a; stroke-width: 1; stroke-linejoin: round; }
            .facilities path { stroke: #fff; stroke-width: .7; }
            .labels text { font-size: \(label)px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
            .estate-labels text { font-size: \(label)px; font-weight: 500; fill: #111; paint-order: stroke; stroke: #fff; stroke-width: 2.5px; stroke-linejoin: round; }
            .scale path { fill: none; stroke: #222; stroke-width: 1.5; }
            .scale text { font-size: \(label)px; paint-order: stroke; stroke: #fff; stroke-width: 2.5px; stroke-linejoin: round; }
            .north path { stroke: #222; stroke-width: 1; stroke-linejoin: round; }
            .north .dark { fill: #222; } .north .light { fill: #fff; }
            .north text { font-size: \(px(map.fontPx(printing: 11)))px; font-weight: 700; }
            .chart .grid { stroke: #e4e4e4; }
            .chart .baseline { stroke: #888; }
            .chart .limit { stroke: #1a1a1a; stroke-width: 2.5; }
            .chart .axis { fill: #555; font-size: 11px; }
            .chart .value { font-size: 11px; }
            .renovation { fill: #5b84b1; background: #5b84b1; }
            .site-spend { fill: #f28e2b; background: #f28e2b; }
            .before { fill: #bdbdbd; background: #bdbdbd; }
            .after { fill: #3a8f5c; background: #3a8f5c; }
            .rs { fill: #d9d9d9; background: #d9d9d9; }
            .ie { fill: #707070; background: #707070; }
            .cp { fill: #9ecae1; background: #9ecae1; }
            .uw { fill: #4292c6; background: #4292c6; }
            table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
            th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
            th { background: #f4f6f8; font-weight: 600; }
            /* A header wraps (new facility space cost (M yuan)) so the column is as wide as its numbers;
               Chinese between words and before its unit (新增设施用房费用 / （万元）), not within 小区. */
            th.num { white-space: normal; word-break: keep-all; }
            /* A wide table scrolls within the page on a narrow screen rather than run off it. */
            .scroll { overflow-x: auto; }
            td.name { white-space: nowrap; }
            table.wide { font-size: 12.5px; }
            table.wide th, table.wide td { padding: 3px 5px; }
            table.planned { table-layout: fixed; }
            table.planned th { box-sizing: border-box; }
            table.planned th:nth-child(1) { width: 11%; } table.planned th:nth-child(2) { width: 25%; }
            table.planned th:nth-child(3) { width: 10%; } table.planned th:nth-child(4) { width: 11%; }
            table.planned th:nth-child(5) { width: 14%; } table.planned th:nth-child(6) { width: 11%; }
            table.planned th:nth-child(7) { width: 18%; }
            table.compact { width: auto; min-width: 360px; }
            tfoot td { font-weight: 600; border-top: 1px solid #bbb; }
            .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            table.reasons td:last-child { font-size: 12.5px; color: #333; }
            .note { color: #666; font-size: 12.5px; }
            details summary { cursor: pointer; font-weight: 600; margin: 18px 0 6px; }
            footer { margin-top: 32px; color: #666; font-size: 12.5px; border-top: 1px solid #ddd; }
            @page { size: A3 landscape; margin: 12mm; }
            .unfolded { display: none; }
            @media print {
              body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
              /* Page 1 is the map sheet: title block, legend and map; everything else follows. */
              header .status { margin: 4px 0; padding: 4px 10px; }
              #map { break-after: page; }
              #map h2 { margin-top: 10px; }
              /* The legend beside the map, so the map gets the page's height (labels print at 9 pt). */
              #map .sheet { display: flex; gap: 6mm; align-items: flex-start; }
              #map .sheet .legend { flex-direction: column; flex-wrap: nowrap; flex: none; width: 80mm; margin: 0; }
              svg.map { flex: none; width: auto; height: auto; max-width: \(formatNumber(box.widthMM))mm; max-height: \(formatNumber(box.heightMM))mm; margin: 0; }
              section { break-inside: auto; }
              h2, h3 { break-after: avoid; }
              svg.chart { break-inside: avoid; }
              table { break-inside: auto; }
              .scroll { overflow: visible; }
              thead { display: table-header-group; }
              /* The 合计 row once, at the end: a footer group repeats on every page, where it reads as a subtotal. */
              tfoot { display: table-row-group; }
              /* Folded sections print unfolded (a closed <details> prints closed). */
              details.fold { display: none; }
              .unfolded { display: block; }
              tr, td, th { break-inside: avoid; }
              details > summary { list-style: none; }
              .note { color: #444; }
            }

            """
        for t in 0..<years {
            let colour = yearColour(t, of: years)
            css += ".y\(t) { fill: \(colour); background: \(colour); }\n"
        }
        for k in kinds.indices {
            css += ".fk\(k) { fill: \(kindColour(k)); }\n"
        }
        return css
    }

    /// Facility kinds have no order: Tableau-10 colours that stand apart from the viridis years
    /// and the greys, repeating after ten kinds (with a different symbol, see `kindSymbol`).
    static func kindColour(_ k: Int) -> String {
        let palette = ["#d62728", "#1f77b4", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#2ca02c", "#ff7f0e", "#7f7f7f"]
        return palette[k % palette.count]
    }

    /// Horizon years are ordered, so their colours are too: a viridis ramp from dark (this year's
    /// `implement`) to light (the last year), distinct from the reserve's greys.
    static func yearColour(_ t: Int, of count: Int) -> String {
        let stops: [(Double, Double, Double)] = [
            (0x44, 0x01, 0x54), (0x3b, 0x52, 0x8b), (0x21, 0x91, 0x8c), (0x5e, 0xc9, 0x62), (0xfd, 0xe7, 0x25),
        ]
        // Stay off the near-black and pale-yellow ends.
        let position = count > 1 ? 0.08 + 0.84 * Double(t) / Double(count - 1) : 0.3
        let scaled = position * Double(stops.count - 1)
        let i = min(Int(scaled), stops.count - 2)
        let f = scaled - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func channel(_ x: Double, _ y: Double) -> String {
            let hex = String(Int((x + (y - x) * f).rounded()), radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
    }

    // MARK: - Text

    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        // Most text has nothing to escape (a city's map has 20,000 tooltips).
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `report.md`'s status line as HTML: escaped, `**bold**` and `` `code` `` kept.
    static func inlineMarkdown(_ text: String) -> String {
        func wrap(_ text: String, _ marker: String, _ tag: String) -> String {
            text.components(separatedBy: marker).enumerated()
                .map { i, part in i % 2 == 1 ? "<\(tag)>\(part)</\(tag)>" : part }.joined()
        }
        return wrap(wrap(escape(text), "**", "strong"), "`", "code")
    }

    /// Reasons, one per line.
    private static func reasonList(_ reasons: [String]) -> String {
        reasons.map(escape).joined(separator: "<br>")
    }

    /// Pixels rounded to 0.1, without a trailing `.0` or a negative zero.
    static func px(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        if tenths == 0 { return "0" }
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        // What "%.1f" prints for tenths / 10, in integers (a city's map has millions of these).
        guard abs(tenths) < 1e15 else { return String(format: "%.1f", tenths / 10) }
        let whole = Int(abs(tenths))
        return (tenths < 0 ? "-" : "") + String(whole / 10) + "." + String(whole % 10)
    }

    /// Axis labels: 350M, 1.5k, 20; in Chinese 3.5亿, 5,000万, 20.
    private static func shortYuan(_ yuan: Double, _ w: Wording) -> String {
        func trim(_ value: Double) -> String {
            let text = String(format: "%.1f", value)
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        if w.isChinese {
            if abs(yuan) >= 1e8 { return trim(yuan / 1e8) + "亿" }
            if abs(yuan) >= 1e4 { return grouped(Int((yuan / 1e4).rounded())) + "万" }
            return trim(yuan)
        }
        if abs(yuan) >= 1e6 { return trim(yuan / 1e6) + "M" }
        if abs(yuan) >= 1e3 { return trim(yuan / 1e3) + "k" }
        return trim(yuan)
    }

    private static func percent0(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }

    /// Round tick values from 0 to at least `maximum`: steps of 1, 2 or 5 × 10ⁿ, about 5 of them.
    static func niceTicks(upTo maximum: Double) -> [Double] {
        let rough = maximum / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        // A hair of tolerance: 400,000,000.3 yuan should not add a whole empty step.
        let count = Int((maximum / step - 1e-6).rounded(.up))
        return (0...max(count, 1)).map { Double($0) * step }
    }
}

// MARK: - Geometry on the page

/// The extent of what the map shows, in working-CRS metres.
private struct Bounds {
    var minX = Double.infinity, minY = Double.infinity
    var maxX = -Double.infinity, maxY = -Double.infinity

    mutating func add(_ points: [Point2]) {
        for p in points {
            minX = min(minX, p.x)
            minY = min(minY, p.y)
            maxX = max(maxX, p.x)
            maxY = max(maxY, p.y)
        }
    }

    mutating func add(_ other: Bounds) {
        guard other.minX <= other.maxX else { return }
        add([Point2(x: other.minX, y: other.minY), Point2(x: other.maxX, y: other.maxY)])
    }

    func contains(_ p: Point2) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }

    /// Straight-line distance from `p` to the box (0 inside it; infinite for an empty box).
    func distance(to p: Point2) -> Double {
        guard minX <= maxX else { return .infinity }
        return hypot(max(minX - p.x, 0, p.x - maxX), max(minY - p.y, 0, p.y - maxY))
    }
}

/// Working-CRS metres to SVG pixels: one scale for both axes (so shapes keep their proportions),
/// y flipped so north is up.
private struct MapFrame {
    let minX: Double
    let maxY: Double
    let scale: Double
    let padding: Double
    /// A strip below the map, in place of the bottom padding, for the scale bar and the north
    /// arrow, so they hide no estate.
    let strip: Double
    let width: Double
    let height: Double

    /// The frame for `bounds`, within `maxWidth` × `maxHeight` px, with a strip below the map
    /// for the north arrow (`arrowMM` tall on A3, see ``printMMPerPx``) and the scale bar.
    init(_ bounds: Bounds, maxWidth: Double, maxHeight: Double, padding: Double, arrowMM: Double) {
        let plain = MapFrame(bounds, maxWidth: maxWidth, maxHeight: maxHeight, padding: padding, strip: padding)
        self.init(bounds, maxWidth: maxWidth, maxHeight: maxHeight, padding: padding,
                  strip: max(padding, (arrowMM / plain.printMMPerPx).rounded(.up) + Self.stripMargin))
    }

    /// Above and below the arrow in the strip, px.
    static let stripMargin = 14.0

    private init(_ bounds: Bounds, maxWidth: Double, maxHeight: Double, padding: Double, strip: Double) {
        let valid = bounds.minX <= bounds.maxX
        minX = valid ? bounds.minX : 0
        maxY = valid ? bounds.maxY : 0
        // At least 1 m each way, so a single point or a line still has a scale.
        let spanX = valid ? max(bounds.maxX - bounds.minX, 1) : 1
        let spanY = valid ? max(bounds.maxY - bounds.minY, 1) : 1
        scale = min((maxWidth - 2 * padding) / spanX, (maxHeight - padding - strip) / spanY)
        self.padding = padding
        self.strip = strip
        width = (spanX * scale + 2 * padding).rounded()
        height = (spanY * scale + padding + strip).rounded()
    }

    /// The bottom of the map's drawing, above the strip.
    var contentBottom: Double { height - strip }

    /// The largest box the print stylesheet gives the map on A3 landscape, in mm: the page
    /// (420 × 297 mm) less its 12 mm margins, the legend column beside the map (80 mm and a 6 mm
    /// gap) and the title block above it.
    static let printBox = (widthMM: 300.0, heightMM: 220.0)

    /// Millimetres on paper per px of the map: the SVG shrinks to fit ``printBox`` and is never
    /// enlarged, so a px is at most a CSS px (25.4/96 mm).
    var printMMPerPx: Double { min(25.4 / 96, Self.printBox.widthMM / width, Self.printBox.heightMM / height) }

    /// The font size in px (rounded up to 0.1 px) that prints at `points` (1 pt = 25.4/72 mm).
    func fontPx(printing points: Double) -> Double { (points * 25.4 / 72 / printMMPerPx * 10).rounded(.up) / 10 }

    /// Map labels (estates, sites, the scale bar): 9 pt on A3 paper.
    var labelPx: Double { fontPx(printing: 9) }

    func x(_ value: Double) -> Double { padding + (value - minX) * scale }
    func y(_ value: Double) -> Double { padding + (maxY - value) * scale }

    /// SVG path data for polygons (holes drawn even-odd); other shapes draw nothing.
    func path(_ shape: Shape) -> String {
        switch shape {
        case .polygon(let rings): return rings.map(ring).joined()
        case .multiPolygon(let polygons): return polygons.flatMap { $0.map(ring) }.joined()
        default: return ""
        }
    }

    /// SVG path data for lines, `M x,y x,y …` each, to the whole pixel (a hairline under the
    /// estates needs no more; 20,000 estates' network is then 1.6 MB of a 17 MB report, 3 MB at tenths):
    /// points that round to the previous one are dropped, and so is a line that rounds to one.
    func linePath(_ lines: [Ring]) -> String {
        lines.map { line in
            var parts: [String] = []
            for p in line {
                let text = String(Int(x(p.x).rounded())) + "," + String(Int(y(p.y).rounded()))
                if text != parts.last { parts.append(text) }
            }
            return parts.count < 2 ? "" : "M" + parts.joined(separator: " ")
        }.joined()
    }

    /// `M x,y x,y … Z`: points that round to the previous one are dropped, and so is the closing
    /// point, which `Z` draws.
    private func ring(_ points: Ring) -> String {
        var parts: [String] = []
        var last = ""
        for p in points.dropLast() {
            let text = HTMLReport.px(x(p.x)) + "," + HTMLReport.px(y(p.y))
            if text != last { parts.append(text) }
            last = text
        }
        return parts.isEmpty ? "" : "M" + parts.joined(separator: " ") + "Z"
    }
}

/// Places map labels next to their points, trying a few positions and taking the first that
/// overlaps no label or marker placed before (deterministic: points are visited in order).
private struct LabelPlacer {
    struct Box {
        var minX, minY, maxX, maxY: Double
        func overlaps(_ other: Box) -> Bool {
            minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
        }
    }

    let width: Double
    let height: Double
    /// The labels' font size in px.
    let fontPx: Double
    private var taken: [Box] = []

    init(width: Double, height: Double, fontPx: Double) {
        self.width = width
        self.height = height
        self.fontPx = fontPx
    }

    /// Keeps labels off a marker.
    mutating func block(centreX x: Double, centreY y: Double, halfSize: Double) {
        taken.append(Box(minX: x - halfSize, minY: y - halfSize, maxX: x + halfSize, maxY: y + halfSize))
    }

    /// Keeps labels off a box (the north arrow, the scale bar).
    mutating func block(_ box: Box) { taken.append(box) }

    /// A coordinate as the SVG writes it (``HTMLReport/px(_:)``: to 0.1 px), so that labels
    /// apart here are apart as drawn.
    static func drawn(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// Width of `text` at `size` px: CJK characters are square (one em), others about 0.6 em.
    static func textWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.6) }
    }

    /// Where to write `text` (``fontPx``) for an area centred at (x, y) and extending `halfWidth`
    /// and `halfHeight` px each way: inside it when the text fits there, else below, above, right
    /// or left of it, where it overlaps no label or marker placed before and stays on the map; nil
    /// where no such place is found.
    mutating func placeIfFree(
        _ text: String, atX x: Double, y: Double, halfWidth: Double, halfHeight: Double
    ) -> (x: Double, y: Double, anchor: String)? {
        let size = fontPx
        let w = Self.textWidth(text, size: size) + 2, h = size * 1.1
        // The baseline sits 0.35 em below the middle of the text; descenders reach 0.2 em below it.
        let middle = size * 0.35, descent = size * 0.2
        var candidates: [(Double, Double, String)] = []
        // Inside the area when it is wide and tall enough to keep its colour visible around the text.
        if w <= 2 * halfWidth - 4 && h <= 2 * halfHeight - 4 { candidates.append((x, y + middle, "middle")) }
        candidates += [
            (x, y + halfHeight + size, "middle"), (x, y - halfHeight - 3, "middle"),
            (x + halfWidth + 2, y + middle, "start"), (x - halfWidth - 2, y + middle, "end"),
        ]
        return firstFree(candidates, width: w, height: h, descent: descent)
    }

    /// The first of `candidates` (baseline x, baseline y, anchor) where a text box `width` ×
    /// `height` px, as drawn (to 0.1 px), stays on the map and overlaps no label or marker placed
    /// before; it is then taken. nil where none is free.
    private mutating func firstFree(
        _ candidates: [(Double, Double, String)], width w: Double, height h: Double, descent: Double
    ) -> (x: Double, y: Double, anchor: String)? {
        for (x, y, anchor) in candidates {
            let (bx, baseline) = (Self.drawn(x), Self.drawn(y))
            let minX = anchor == "middle" ? bx - w / 2 : anchor == "end" ? bx - w : bx
            let b = Box(minX: minX, minY: baseline + descent - h, maxX: minX + w, maxY: baseline + descent)
            guard b.minX >= 0, b.maxX <= width, b.minY >= 0, b.maxY <= height else { continue }
            if taken.contains(where: { $0.overlaps(b) }) { continue }
            taken.append(b)
            return (bx, baseline, anchor)
        }
        return nil
    }

    /// Where to write `text` (``fontPx``, bold) for a marker at (x, y): right, left, above or
    /// below it, then on a diagonal, the first place that overlaps no label or marker placed
    /// before and stays on the map; nil where there is none (the label is left out, as an
    /// estate's is).
    mutating func place(_ text: String, nearX x: Double, y: Double) -> (x: Double, y: Double, anchor: String)? {
        let size = fontPx
        // Bold text is about a tenth wider.
        let w = Self.textWidth(text, size: size) * 1.1 + 2, h = size * 1.1
        let middle = size * 0.35, descent = size * 0.2
        // (baseline x, baseline y, anchor) candidates: right, left, above, below, then diagonals.
        let candidates: [(Double, Double, String)] = [
            (x + 8, y + middle, "start"), (x - 8, y + middle, "end"), (x, y - 9, "middle"), (x, y + 8 + size, "middle"),
            (x + 7, y - 8, "start"), (x - 7, y - 8, "end"), (x + 7, y + 6 + size, "start"), (x - 7, y + 6 + size, "end"),
        ]
        return firstFree(candidates, width: w, height: h, descent: descent)
    }
}
