import Foundation

/// The horizon rolled forward (docs/cycle.md, *Rolling the horizon forward*): a plan approved for
/// 2025–2028 revised in 2026 for 2026–2028 has works started in 2025 that are still under way
/// (续建), and facility space it built on sites in 2025 that exists today.
extension Scenario.ApprovedStates {
    /// The rule: works started in `year` are under way (续建) for a horizon starting in `start`
    /// when they started before it. ``PlanFile`` accepts such a year (``PlanFile/Entry/fits(_:)``)
    /// and ``rolled(toHorizonStart:spaces:)`` carries the estate as under way.
    static func isUnderWay(startedIn year: Int, horizonStart start: Int) -> Bool { year < start }

    /// The approved plan's states as seen from a horizon starting in `start`: a started estate of
    /// an earlier year is under way (out of the plan and the budgets, its money its year's), and
    /// the space of `spaces` built before `start` exists. Space of `start` and later is not
    /// carried: it is planned again under today's data.
    func rolled(toHorizonStart start: Int, spaces: [GivenPlan.SiteSpace]) -> Self {
        var states = self
        for (id, year) in started where Self.isUnderWay(startedIn: year, horizonStart: start) {
            states.started[id] = nil
            states.underWay[id] = year
        }
        states.built = spaces.filter { $0.year < start }.map { space in
            Scenario.BuiltSpace(siteID: space.siteID, kind: space.kind, year: space.year, m2: space.m2, featureIndex: space.featureIndex)
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
