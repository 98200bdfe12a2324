import Foundation
import Yams

extension Scenario {
    /// SPEC §10: an optional content level (完善类 `improve`, 提升类 `upgrade`) done with an
    /// estate's basic renovation (基础类) in the same year.
    public struct Level: Sendable, Equatable {
        /// `improve` or `upgrade`.
        public var name: String
        /// Cost per m² of floor area where the estate gives no `<name>_cost_yuan`.
        public var perM2Yuan: Double
        /// Value of the level as a share of the estate's basic value (score × households / 100).
        public var weight: Double
    }

    /// SPEC §11: a source of public money (资金来源) with its strings attached.
    public struct FundingSource: Sendable, Equatable {
        public var name: String
        /// How the reports and plan.xlsx name it (`label:`, e.g. 中央补助资金); nil: `name`, or in
        /// a Chinese report the usual Chinese term of a usual name (``usualChineseNames``).
        public var label: String? = nil
        /// Per horizon year.
        public var annualYuan: [Double]
        /// Items it may pay: `basic`, `improve`, `upgrade`, `sites`.
        public var covers: [String]
        /// Pays only for core-target estates (not the 2001–2005 extended ones).
        public var onlyCore: Bool
        /// Most it pays for one estate's items, per household; nil = no limit.
        public var perHouseholdYuan: Double?
        /// Unspent money moves to the next year.
        public var carryOver: Bool

        public func mayPay(_ item: String) -> Bool { covers.contains(item) }

        /// The usual Chinese terms of the usual source names.
        public static let usualChineseNames = [
            "central_subsidy": "中央补助资金", "provincial_subsidy": "省级补助资金", "special_bonds": "专项债券",
            "local_budget": "地方财政资金", "social_capital": "社会资本",
        ]

        /// The name the reports and plan.xlsx show.
        public func shownName(_ w: Wording) -> String {
            label ?? (w.isChinese ? Self.usualChineseNames[name] : nil) ?? name
        }
    }

    /// The optional level names SPEC §10 knows, in order.
    public static let levelNames = ["improve", "upgrade"]
    /// Items a funding source may cover (SPEC §11).
    public static let fundingItems = ["basic", "improve", "upgrade", "sites"]
}

extension NodeReader {
    /// `levels: {improve: {per_m2: 150, weight: 0.30}, upgrade: {…}}` (SPEC §10).
    func readLevels(_ node: Node, into s: inout Scenario) {
        guard let entries = mapping(node, "levels", allowed: Scenario.levelNames) else { return }
        s.levels = Scenario.levelNames.compactMap { name -> Scenario.Level? in
            guard let value = entries[name] else { return nil }
            let path = "levels.\(name)"
            guard let fields = mapping(value, path, allowed: ["per_m2", "weight"]) else { return nil }
            let perM2 = fields["per_m2"].flatMap { number($0, "\(path).per_m2", 0...1e6, what: "yuan per m² ≥ 0") }
            let weight = fields["weight"].flatMap { number($0, "\(path).weight", 0...10, what: "a weight ≥ 0") }
            if fields["per_m2"] == nil { fail("\(path).per_m2", value, "is required: yuan per m² of floor area") }
            if fields["weight"] == nil { fail("\(path).weight", value, "is required: the level's value as a share of the basic value") }
            guard let perM2, let weight else { return nil }
            return Scenario.Level(name: name, perM2Yuan: perM2, weight: weight)
        }
    }

    /// `funding: [{source, annual_yuan, covers, only_core, per_household_yuan, carry_over}, …]`
    /// (SPEC §11).
    func readFunding(_ node: Node, into s: inout Scenario, budgetGiven: Bool) {
        guard let items = sequence(node, "funding") else { return }
        if budgetGiven {
            fail("funding", node, "replaces budget.annual_yuan: give one or the other (a single source covering [basic, improve, upgrade, sites] is the same as a budget)")
        }
        if items.isEmpty { fail("funding", node, "needs at least one source") }
        let years = s.horizon.years
        var sources: [Scenario.FundingSource] = []
        var sourceNodes: [Node?] = []  // each source's `source:` value, for its errors
        for (index, item) in items.enumerated() {
            let path = "funding[\(index)]"
            guard let fields = mapping(item, path, allowed: ["source", "label", "annual_yuan", "covers", "only_core", "per_household_yuan", "carry_over"]) else { continue }
            let name = fields["source"].flatMap { string($0, "\(path).source") }
            if fields["source"] == nil { fail("\(path).source", item, "is required: the source's name, e.g. local_budget") }
            let label = name.map { "funding.\($0)" } ?? path
            if let name, sources.contains(where: { $0.name == name }) { fail("\(label).source", fields["source"], "names a source given twice") }
            var annual: [Double]?
            if let list = fields["annual_yuan"] {
                if case .sequence = list {
                    let values = (sequence(list, "\(label).annual_yuan") ?? []).enumerated().map {
                        number($1, "\(label).annual_yuan[\($0)]", 0...1e15, what: "an amount of yuan ≥ 0")
                    }
                    if values.count != years {
                        fail("\(label).annual_yuan", list, "has \(values.count) amounts but the horizon has \(years) years")
                    } else if values.allSatisfy({ $0 != nil }) {
                        annual = values.map { $0! }
                    }
                } else if let single = number(list, "\(label).annual_yuan", 0...1e15, what: "an amount of yuan ≥ 0 or one per horizon year") {
                    annual = Array(repeating: single, count: years)
                }
            } else {
                fail("\(label).annual_yuan", item, "is required: one amount per horizon year")
            }
            var covers: [String] = []
            if let list = fields["covers"] {
                for (k, entry) in (sequence(list, "\(label).covers") ?? []).enumerated() {
                    guard let value = string(entry, "\(label).covers[\(k)]") else { continue }
                    if !Scenario.fundingItems.contains(value) {
                        let hint = closest(value, in: Scenario.fundingItems).map { " (did you mean '\($0)'?)" } ?? ""
                        fail("\(label).covers[\(k)]", entry, "unknown item \"\(value)\"; items are \(Scenario.fundingItems.joined(separator: ", "))\(hint)")
                    } else if !covers.contains(value) {
                        covers.append(value)
                    }
                }
                if covers.isEmpty && errors.last?.path?.hasPrefix("\(label).covers") != true { fail("\(label).covers", list, "covers nothing") }
            } else {
                fail("\(label).covers", item, "is required: the items it may pay, from \(Scenario.fundingItems.joined(separator: ", "))")
            }
            let onlyCore = fields["only_core"].flatMap { bool($0, "\(label).only_core") } ?? false
            if onlyCore, !covers.isEmpty, covers.allSatisfy({ $0 == "sites" }) {
                fail("\(label).only_core", fields["only_core"], "applies to estates' works, but this source covers only sites")
            }
            var perHousehold: Double?
            if let value = fields["per_household_yuan"], !isNull(value) {
                perHousehold = number(value, "\(label).per_household_yuan", 0...1e9, what: "yuan per household ≥ 0")
                if covers == ["sites"] { fail("\(label).per_household_yuan", value, "limits an estate's items, but this source covers only sites") }
            }
            let carry = fields["carry_over"].flatMap { bool($0, "\(label).carry_over") } ?? false
            let shown = fields["label"].flatMap { string($0, "\(label).label") }
            guard let name, let annual else { continue }
            sources.append(Scenario.FundingSource(
                name: name, label: shown, annualYuan: annual, covers: covers, onlyCore: onlyCore, perHouseholdYuan: perHousehold,
                carryOver: carry))
            sourceNodes.append(fields["source"])
        }
        // A name one slip from a usual name loses its Chinese term in silence (the reports would
        // show central_subsidey where 中央补助资金 was meant); a `label:` says how to show it.
        let usual = Scenario.FundingSource.usualChineseNames.keys.sorted()
        for (index, source) in sources.enumerated() where source.label == nil && Scenario.FundingSource.usualChineseNames[source.name] == nil {
            // A slip (two edits, or the words reordered), not a short name of its own: a source
            // called `central` or `bonds` is the planner's choice.
            guard let meant = closest(source.name, in: usual), editDistance(Array(source.name), Array(meant)) <= 2
                || source.name.split(separator: "_").sorted() == meant.split(separator: "_").sorted(),
                !sources.contains(where: { $0.name == meant })
            else { continue }
            fail(
                "funding.\(source.name).source", sourceNodes[index],
                "\"\(source.name)\" is not a usual source name (did you mean '\(meant)'?): the reports would show it as it is, "
                    + "not as \(Scenario.FundingSource.usualChineseNames[meant]!); write \(meant), or keep the name and give label: with "
                    + "the name the reports should show")
        }
        if !sources.isEmpty, !sources.contains(where: { $0.mayPay("basic") }) {
            fail("funding", node, "no source covers basic: no estate could be renovated")
        }
        s.funding = sources
        // The year totals the reports show as "budget": the sources together.
        s.budget = Scenario.Budget(
            annualYuan: (0..<years).map { t in sources.reduce(0) { $0 + $1.annualYuan[t] } }, carryOver: false)
    }
}
