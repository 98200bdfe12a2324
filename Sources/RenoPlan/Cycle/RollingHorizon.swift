import Foundation

/// The horizon rolled forward (docs/cycle.md, *Rolling the horizon forward*): a plan approved for
/// 2025–2028 revised in 2026 for 2026–2028 has works started in 2025 that are still under way
/// (续建).
extension Scenario.ApprovedStates {
    /// The rule: works started in `year` are under way (续建) for a horizon starting in `start`
    /// when they started before it. ``PlanFile`` accepts such a year (``PlanFile/Entry/fits(_:)``)
    /// and ``rolled(toHorizonStart:)`` carries the estate as under way.
    static func isUnderWay(startedIn year: Int, horizonStart start: Int) -> Bool { year < start }

    /// The approved plan's states as seen from a horizon starting in `start`: a started estate of
    /// an earlier year is under way (out of the plan and the budgets, its money its year's).
    func rolled(toHorizonStart start: Int) -> Self {
        var states = self
        for (id, year) in started where Self.isUnderWay(startedIn: year, horizonStart: start) {
            states.started[id] = nil
            states.underWay[id] = year
        }
        return states
    }
}

extension PlanFile.Entry {
    /// A started estate of a year before a horizon starting in `start`: under way (续建).
    public func isUnderWay(horizonStart start: Int) -> Bool {
        state == .started && year.map { Scenario.ApprovedStates.isUnderWay(startedIn: $0, horizonStart: start) } == true
    }
}
