import Foundation

extension RuleName {
    /// SPEC §10: an optional level only with the estate's basic renovation, in the same year.
    public static let level = RuleName("level")
}

/// SPEC §10: y_e,l,t ≤ x_c,t — an optional level (完善类, 提升类) is done only with the estate's
/// basic renovation (基础类) in the same year, and only where it applies.
struct LevelRule: PlanRule {
    static let name = RuleName.level
    var title: String { analysis.wording.text("改造内容（完善类、提升类）的规则", "the content levels' rules") }
    let analysis: Analysis
    let rows: [RuleRow]
    private let years: Int
    /// Row index of (estate, level) at year 0; rows of later years follow.
    private let rowOf: [[Int]: Int]
    private let keys: [(estate: Int, level: Int)]

    init(_ analysis: Analysis) {
        self.analysis = analysis
        years = analysis.scenario.horizon.years
        var rows: [RuleRow] = []
        var rowOf: [[Int]: Int] = [:]
        var keys: [(Int, Int)] = []
        for e in analysis.district.estates.indices where analysis.clusterOfEstate[e] != nil {
            for l in analysis.scenario.levels.indices where analysis.levelApplies(l, estate: e) {
                rowOf[[e, l]] = rows.count
                keys.append((e, l))
                for t in 0..<years {
                    rows.append(RuleRow(key: RowKey(rule: Self.name, year: t, estate: e, norm: l), lower: nil, upper: 0))
                }
            }
        }
        self.rows = rows
        self.rowOf = rowOf
        self.keys = keys
    }

    func coefficients(of renovation: Renovation) -> [(row: Int, value: Double)] {
        renovation.members.flatMap { e in
            analysis.scenario.levels.indices.compactMap { l in rowOf[[e, l]].map { ($0 + renovation.year, -1.0) } }
        }
    }

    func coefficients(ofLevel level: Int, estate: Int, year: Int) -> [(row: Int, value: Double)] {
        rowOf[[estate, level]].map { [($0 + year, 1.0)] } ?? []
    }

    func describe(row: Int, activity: Double) -> String {
        let (e, l) = keys[row / years]
        let year = analysis.scenario.horizon.calendarYears[row % years]
        let w = analysis.wording
        let name = analysis.scenario.levels[l].name
        return w.text(
            "小区\(analysis.district.estates[e].id)：\(year)年安排了\(Wording.levelName(name, w))但未安排基础类改造",
            "estate \(analysis.district.estates[e].id): \(name) works in \(year) without its basic renovation that year")
    }

    func subject(of row: Int) -> String? { analysis.district.estates[keys[row / years].estate].id }

    func structuralViolations(of plan: PlanDecisions) -> [Violation] {
        let calendar = analysis.scenario.horizon.calendarYears
        return plan.levels.compactMap { work in
            guard !analysis.levelApplies(work.level, estate: work.estate) || analysis.clusterOfEstate[work.estate] == nil else { return nil }
            let name = analysis.scenario.levels[work.level].name
            return Violation(
                rule: Self.name.rawValue, year: calendar[work.year], id: analysis.district.estates[work.estate].id,
                detail: analysis.wording.text("\(Wording.levelName(name, analysis.wording))不适用于该小区", "\(name) does not apply to this estate"))
        }
    }
}

extension Wording {
    /// SPEC §10 level names: 基础类, 完善类, 提升类.
    static func levelName(_ name: String, _ w: Wording) -> String {
        guard w.isChinese else { return name }
        switch name {
        case "basic": return "基础类"
        case "improve": return "完善类"
        case "upgrade": return "提升类"
        default: return name
        }
    }
}
