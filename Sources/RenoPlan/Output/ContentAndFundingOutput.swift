import Foundation

/// The outputs of SPEC §10 (content levels) and §11 (funding sources): properties added to
/// plan.geojson, sites.geojson and summary.json only when the scenario has levels or sources, so
/// every other scenario's files stay as they were.
enum ContentAndFundingOutput {
    /// plan.geojson: `levels`, `cost_by_level` (with levels), `funding` {source: yuan} (with sources).
    static func estateProperties(_ result: PlanResult, estate e: Int) -> [String: JSONValue] {
        let scenario = result.scenario
        let line = result.estates[e]
        var properties: [String: JSONValue] = [:]
        if !scenario.levels.isEmpty {
            properties["levels"] = .array(line.levels.map { .string($0) })
            properties["cost_by_level"] = .object(Dictionary(uniqueKeysWithValues: line.costByLevel.map { ($0.level, .rounded($0.yuan, 2)) }))
        }
        if let sources = scenario.funding {
            properties["funding"] = line.funding.map { money in
                .object(Dictionary(uniqueKeysWithValues: sources.indices.map { (sources[$0].name, .rounded(money[$0], 2)) }))
            } ?? .null
        }
        return properties
    }

    /// sites.geojson: `funding` {source: yuan} — each year's space is paid together, so an
    /// addition's share is its cost's share of the year's space.
    static func siteProperties(_ result: PlanResult, addition: SiteAddition) -> [String: JSONValue] {
        guard let sources = result.scenario.funding, let allocation = result.outcome.funding,
            let t = result.scenario.horizon.calendarYears.firstIndex(of: addition.year)
        else { return [:] }
        let yearCost = result.outcome.additions.filter { $0.year == addition.year }.reduce(0) { $0 + $1.costYuan }
        let share = yearCost > 0 ? addition.costYuan / yearCost : 0
        return ["funding": .object(Dictionary(uniqueKeysWithValues: sources.indices.map { (sources[$0].name, .rounded(allocation.sites[t][$0] * share, 2)) }))]
    }

    /// summary.json per year: `levels` {level: {estates, cost_yuan}} — `basic`, which every
    /// planned estate does, and each optional level, so the year's renovation money is their sum
    /// as plan.geojson's `cost_by_level` is an estate's — and `funding` {source: {spent_yuan,
    /// available_yuan}}.
    static func yearProperties(_ year: PlanResult.YearLine, result: PlanResult) -> [String: JSONValue] {
        let scenario = result.scenario
        var properties: [String: JSONValue] = [:]
        if !scenario.levels.isEmpty {
            properties["levels"] = .object(Dictionary(uniqueKeysWithValues: result.content(of: year).map {
                ($0.level, ["estates": .number(Double($0.estates)), "cost_yuan": .rounded($0.yuan, 2)])
            }))
        }
        if scenario.funding != nil {
            properties["funding"] = .object(Dictionary(uniqueKeysWithValues: year.funding.map {
                ($0.source, ["spent_yuan": .rounded($0.spentYuan, 2), "available_yuan": .rounded($0.availableYuan, 2)])
            }))
        }
        return properties
    }
}
