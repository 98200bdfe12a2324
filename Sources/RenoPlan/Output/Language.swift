import Foundation

/// The language of the reports people read (`report.md`, `report.html`, `plan.xlsx`, the console
/// summary): scenario key `report.language` (SPEC §13), Chinese by default.
public enum ReportLanguage: String, Sendable, CaseIterable {
    /// Chinese: amounts in 万元/亿元, kind names such as 养老服务设施.
    case zh
    /// English: amounts in yuan ("3.2M yuan"), kinds by their keys.
    case en
}

/// Words, units and amounts in one report language: the one place a figure is worded, so every
/// report (and the reasons, once they are structured) says it the same way.
///
/// Rules (docs/report.md, "Wording"):
/// - Money in Chinese: below 1亿元 in 万元 with one decimal and thousands separators
///   (`4,520.0万元`, `0.5万元`); from 1亿元 up in 亿元 with two decimals (`1.50亿元`). In English
///   as before: `3.2M yuan` from a million up, else whole yuan (`450,000 yuan`). That is for
///   text; in a table every amount is in the column's unit, with the same decimals:
///   `35,000.0` under （万元）, `350.00` under (M yuan) (``tableMoney(_:)``).
/// - Shares: a percentage with one decimal (`3.7%`, `100.0%`); the solver's gap with two.
/// - Households `1,234户`, areas `1,234平方米`, per-person figures `0.10平方米/人` (two to three
///   decimals, as `m²/person` in English).
/// - Kinds by their Chinese name where known, else the raw key as given (`market` → 农贸市场,
///   `sauna` → `sauna`).
public struct Wording: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    public var isChinese: Bool { language == .zh }

    /// Picks the Chinese or the English text.
    public func text(_ zh: @autoclosure () -> String, _ en: @autoclosure () -> String) -> String {
        isChinese ? zh() : en()
    }

    // MARK: - Amounts and units

    /// An amount of money with its unit: `4,520.0万元` / `1.50亿元`; `3.2M yuan` / `450,000 yuan`.
    public func money(_ yuan: Double) -> String {
        guard isChinese else { return RenoPlan.money(yuan) }
        if abs(yuan) >= 1e8 { return String(format: "%.2f亿元", yuan / 1e8) }
        return Self.wan(yuan) + "万元"
    }

    /// The unit of a table's money column, for its header: `（万元）` / ` (M yuan)`. Every cell of
    /// such a column is ``tableMoney(_:)``: one unit and one number of decimals per table.
    public var moneyUnit: String { text("（万元）", " (M yuan)") }

    /// An amount in a table cell under ``moneyUnit``: 万元 with one decimal (`35,000.0`), or
    /// million yuan with two (`350.00`), thousands grouped, whatever its size.
    public func tableMoney(_ yuan: Double) -> String {
        isChinese ? Self.wan(yuan) : Self.decimal(yuan / 1e6, places: 2)
    }

    /// An amount with its unit as a table shows it (``tableMoney(_:)``), for a cell in a column
    /// of mixed figures: `35,000.0万元` / `350.00M yuan`.
    public func tableMoneyWithUnit(_ yuan: Double) -> String {
        tableMoney(yuan) + text("万元", "M yuan")
    }

    /// A number with `places` decimals and its whole part grouped: `1,234.50`.
    static func decimal(_ value: Double, places: Int) -> String {
        let text = String(format: "%.\(places)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        // -0.00 would print as "-0.00".
        let sign = value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + grouped(Int(parts[0])!) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Clauses of one statement (an estate's reasons): `a；b` / `a; b`.
    public func clauses(_ items: [String]) -> String { items.joined(separator: text("；", "; ")) }

    /// Two amounts said side by side ("needed … available"): where the usual rounding would show
    /// them equal (1.60亿元 and 1.60亿元, 238,000 yuan apart), both in finer units (16,023.8万元).
    public func money(_ a: Double, beside b: Double) -> (String, String) {
        guard money(a) == money(b), a != b else { return (money(a), money(b)) }
        if isChinese { return (Self.wan(a) + "万元", Self.wan(b) + "万元") }
        return ("\(grouped(Int(a.rounded()))) yuan", "\(grouped(Int(b.rounded()))) yuan")
    }

    /// Yuan as 万元 without the unit, one decimal, thousands grouped: 45,200,000 → `4,520.0`.
    /// Table cells under a "(万元)" header use this.
    public static func wan(_ yuan: Double) -> String {
        let tenths = (yuan / 1e3).rounded()
        // -0.0 would print as "-0.0".
        let sign = tenths < 0 ? "-" : ""
        let whole = Int(abs(tenths)) / 10, tenth = Int(abs(tenths)) % 10
        return "\(sign)\(grouped(whole)).\(tenth)"
    }

    /// Households: `1,234户` / `1,234 households`.
    public func households(_ count: Int) -> String {
        text("\(grouped(count))户", "\(grouped(count)) households")
    }

    /// Estates: `12个小区` / `12 estates`.
    public func estates(_ count: Int) -> String {
        text("\(count)个小区", "\(count) estates")
    }

    /// Floor area, rounded to whole square metres: `1,234平方米` / `1,234 m²`.
    public func area(_ m2: Double) -> String {
        text("\(grouped(Int(m2.rounded())))平方米", "\(grouped(Int(m2.rounded()))) m²")
    }

    /// A per-person norm or access figure: `0.10平方米/人` / `0.10 m²/person`.
    public func perPerson(_ m2: Double) -> String {
        text("\(fmt(m2))平方米/人", "\(fmt(m2)) m²/person")
    }

    /// A walking distance: `1,000米` / `1,000 m`.
    public func meters(_ m: Double) -> String {
        text("\(grouped(Int(m.rounded())))米", "\(grouped(Int(m.rounded()))) m")
    }

    /// A walking time: `15分钟` / `15 min`.
    public func minutes(_ minutes: Int) -> String {
        text("\(minutes)分钟", "\(minutes) min")
    }

    /// A calendar year on its own: `2026年` / `2026`.
    public func year(_ year: Int) -> String {
        text("\(year)年", "\(year)")
    }

    /// A span of years: `2026–2028年` / `2026–2028`; one year alone when they are equal.
    public func years(_ first: Int, _ last: Int) -> String {
        let span = first == last ? "\(first)" : "\(first)–\(last)"
        return text(span + "年", span)
    }

    // MARK: - Names

    /// Chinese names of the facility kinds renoplan's districts and the SPEC use (完整居住社区
    /// 建设标准 wording); unknown kinds keep their key.
    public static let chineseKindNames: [String: String] = [
        "elderly_care": "养老服务设施",
        "day_care": "日间照料中心",
        "elderly_day_care": "日间照料中心",
        "clinic": "卫生服务站",
        "health_station": "卫生服务站",
        "kindergarten": "幼儿园",
        "childcare": "托育服务设施",
        "nursery": "托育服务设施",
        "market": "农贸市场",
        "fitness": "健身场地",
        "sports": "体育健身设施",
        "canteen": "社区食堂",
        "community_centre": "社区综合服务站",
        "community_center": "社区综合服务站",
        "convenience_store": "便利店",
        "primary_school": "小学",
        "middle_school": "中学",
        "school": "学校",
        "park": "公园绿地",
        "parking": "停车场",
        "charging": "充电设施",
        "public_toilet": "公共厕所",
        "pharmacy": "药店",
        "library": "图书室",
        "property_management": "物业管理用房",
    ]

    /// A facility kind as people name it: `养老服务设施` for `elderly_care`; the key itself in
    /// English or when no Chinese name is known.
    public func kind(_ key: String) -> String {
        guard isChinese else { return key }
        return Self.chineseKindNames[key] ?? key
    }

    /// An estate's status in the plan (实施一批、谋划一批、储备一批). A `started` estate of an
    /// approved plan (`revise`, `alternatives --approved`) is under way, whatever its year:
    /// 在建（已开工）, not 本年度实施 or 后续年度实施.
    public func status(_ status: EstateStatus, started: Bool = false) -> String {
        if started, status == .implement || status == .prepare { return text("在建（已开工）", "started") }
        switch (language, status) {
        case (.zh, .implement): return "本年度实施"
        case (.zh, .prepare): return "后续年度实施"
        case (.zh, .reserve): return "储备"
        case (.zh, .ineligible): return "不符合改造条件"
        case (.zh, .completed): return "已完成"
        case (.zh, .underWay): return "续建"
        case (.en, _): return status.rawValue
        }
    }

    /// Why a started estate of a year before the horizon is not planned: its works are under way
    /// (续建). An estate's reason and its line in changes.json.
    public func underWay(since year: Int) -> String {
        text("续建：\(year)年已开工，仍在施工", "under way since \(year) (续建)")
    }

    /// A stage of the run (`Analysis.stageSeconds`: load, coverage, clustering, model, solve,
    /// write — the reasons, the reports and the files); an unknown stage keeps its key.
    public func stage(_ key: String) -> String {
        guard isChinese else { return key }
        return ["load": "读入", "coverage": "覆盖", "clustering": "连片", "model": "建模", "solve": "求解", "write": "写出"][key] ?? key
    }

    /// The solver's status as the console summary and compare.md say it.
    public func solveStatus(_ status: SolveStatus) -> String {
        guard isChinese else { return status.rawValue }
        switch status {
        case .optimal: return "最优"
        case .feasible: return "可行（未证明最优）"
        case .infeasible: return "无可行计划"
        case .noSolution: return "未找到计划"
        case .ranked: return "按得分排序"
        }
    }

    /// What stopped the search, as the report and the reasons name it: `节点数限制` / `node limit`.
    public func limit(_ stoppedBy: SearchLimit) -> String {
        switch stoppedBy {
        case .time: text("时间限制", stoppedBy.rawValue)
        case .node: text("节点数限制", stoppedBy.rawValue)
        case .work: text("计算量限制", stoppedBy.rawValue)
        }
    }

    /// An estate's eligibility class (SPEC §4): 重点改造 (built by `core_built_until`, or unsafe),
    /// 扩展纳入 (built up to `extended_built_until`, within the cap), 不纳入.
    public func estateClass(_ estateClass: EstateClass) -> String {
        switch (language, estateClass) {
        case (.zh, .core): return "重点改造"
        case (.zh, .extended): return "扩展纳入"
        case (.zh, .ineligible): return "不纳入"
        case (.en, _): return estateClass.rawValue
        }
    }

    /// A list joined the language's way: `、` in Chinese, `, ` in English.
    public func list(_ items: [String]) -> String {
        items.joined(separator: text("、", ", "))
    }

    /// The works an estate's hazards call for (SPEC §5 hazards), by key.
    static let hazardWorks: [String: (zh: String, en: String)] = [
        "gas": ("燃气管道改造", "gas pipes"), "fire": ("消防设施改造", "fire safety"),
        "structure": ("结构加固", "structural repair"), "drainage": ("排水管网改造", "drainage"),
        "water": ("供水管网改造", "water supply"), "power": ("供电线路改造", "power lines"),
        "heating": ("供热管网改造", "heating"), "telecom": ("通信线路改造", "telecom lines"),
    ]

    /// An estate's 改造内容 (SPEC §10 levels, §5 hazards): its content levels, basic first, with
    /// the works its hazards call for in brackets after 基础类, since they are basic works:
    /// `基础类（燃气管道改造、结构加固）、提升类`; `基础类` alone for an estate without hazards
    /// and levels. `levels` are the level keys done (`basic`, `improve`, `upgrade`); empty (no
    /// levels in the scenario, or the estate not planned) reads as the basic works alone. An
    /// unknown hazard key is shown as given. The one place this text is made.
    public func renovationContent(levels: [String], hazards: [String]) -> String {
        let works = hazards.map { key in Self.hazardWorks[key].map { text($0.zh, $0.en) } ?? key }
        let done = levels.contains("basic") ? levels : ["basic"] + levels
        return list(done.map { level in
            let name = Wording.levelName(level, self)
            guard level == "basic", !works.isEmpty else { return name }
            return name + text("（\(list(works))）", " (\(list(works)))")
        })
    }

    /// A share as a percentage with one decimal: `12.5%`, `100.0%` — every share in the reports
    /// (the solver's gap alone has two decimals, ``Report/statusLine(_:_:)``).
    public func percent(_ share: Double) -> String { percent1(share) }
}
