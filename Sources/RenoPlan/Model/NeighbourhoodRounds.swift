/// Which neighbourhood the large-neighbourhood search asks next, over tiers of neighbourhoods
/// (``PlanModel/neighbourhoods(incumbent:clusters:spaceCost:regions:)``; docs/solver.md).
///
/// Within a tier the neighbourhoods are asked in turn; after a better plan the turn goes on with
/// the next one (the tier's list is rebuilt around the new plan), and the tier is done once as
/// many in a row as it holds found nothing better. Then the search moves to the next tier, or,
/// with `backToFirst`, back to the first tier where a later one found something better: the
/// cheap first tier, searched again around the new plan, gains most per second on a city. A
/// tier with `backToFirst` is also left after one pass (as many asked as it holds) that found
/// something, rather than kept until it finds nothing. The search ends after the last tier.
///
/// With one tier this is the plain round: neighbourhoods in turn until a full round finds nothing.
struct NeighbourhoodRounds {
    let tiers: Int
    let backToFirst: Bool
    /// The tier being searched; `tiers` once the search is over.
    private(set) var tier = 0
    /// Neighbourhoods asked in this tier: the next one is `turn` modulo the tier's count.
    private(set) var turn = 0
    /// Neighbourhoods in a row that found nothing better.
    private(set) var fruitless = 0
    private var found = false

    init(tiers: Int, backToFirst: Bool) {
        self.tiers = tiers
        self.backToFirst = backToFirst
    }

    var isOver: Bool { tier >= tiers }

    /// Whether the tier, holding `count` neighbourhoods now, is done.
    func tierIsDone(count: Int) -> Bool {
        count == 0 || fruitless >= count || (backToFirst && tier > 0 && found && turn >= count)
    }

    /// Leaves the tier that is done: back to the first after a better plan in a later tier (with
    /// `backToFirst`), otherwise on to the next.
    mutating func leaveTier() {
        tier = backToFirst && tier > 0 && found ? 0 : tier + 1
        turn = 0
        fruitless = 0
        found = false
    }

    /// Counts one neighbourhood asked, and whether it found a better plan.
    mutating func asked(foundBetter: Bool) {
        turn += 1
        if foundBetter {
            fruitless = 0
            found = true
        } else {
            fruitless += 1
        }
    }
}
