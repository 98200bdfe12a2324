import Foundation

extension RuleName {
    /// SPEC §4: only schedulable estates (eligible, consent, management agreed, not kept out).
    public static let gate = RuleName("gate")
    /// SPEC §4: the planner's locks.
    public static let lock = RuleName("lock")
}

/// SPEC §4: an estate that is not schedulable may not be planned. In the model such estates have
/// no column at all; for a given plan it is a violation.
struct GateRule: PlanRule {
    static let name = RuleName.gate
    let analysis: Analysis

    func structuralViolations(of plan: PlanDecisions) -> [Violation] {
        let calendar = analysis.scenario.horizon.calendarYears
        return analysis.district.estates.enumerated().compactMap { e, estate in
            let gate = analysis.gates[e]
            guard let t = plan.estateYear[e], !gate.isSchedulable else { return nil }
            let w = analysis.wording
            let why = w.text(gate.blockers.joined(separator: "；"), gate.blockers.joined(separator: "; "))
            return Violation(rule: Self.name.rawValue, year: calendar[t], id: estate.id, detail: w.text("不符合纳入条件：\(why)", "not schedulable: \(why)"))
        }
    }
}

/// SPEC §4: a locked estate is renovated in its year (its cluster's columns are fixed in the model).
struct LockRule: PlanRule {
    static let name = RuleName.lock
    let analysis: Analysis

    func structuralViolations(of plan: PlanDecisions) -> [Violation] {
        let calendar = analysis.scenario.horizon.calendarYears
        return analysis.district.estates.enumerated().compactMap { e, estate in
            guard case .year(let locked)? = analysis.gates[e].lock else { return nil }
            let actual = plan.estateYear[e].map { calendar[$0] }
            guard actual != locked else { return nil }
            return Violation(
                rule: Self.name.rawValue, year: locked, id: estate.id,
                detail: analysis.wording.text(
                    "锁定于\(locked)年，方案中：\(actual.map { "\($0)年" } ?? "未安排")",
                    "locked to \(locked), planned: \(actual.map(String.init) ?? "not planned")"))
        }
    }
}
