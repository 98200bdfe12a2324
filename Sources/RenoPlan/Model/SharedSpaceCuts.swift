import Foundation

/// Shared-space cuts over norm rows whose estates draw on the same sites (docs/solver.md,
/// *The bound*): the star inequalities of the norm rows seen as a mixing set.
///
/// Space on a site serves every estate in its reach, so estates near each other share it. Take
/// norm rows of one kind and year and a set U of sites, and count each row's sites outside U at
/// their areas (Z_s ≤ A_s, as in `ResidualNeedCuts`). Each row i then holds
///
///     Σ_{s ∈ U} q_s Z_s ≥ r_i X_i        (r_i = h_i − Σ_{s of row i, s ∉ U} q_s A_s)
///
/// and, with the rows ordered so that r_1 ≤ r_2 ≤ … ≤ r_k (r_0 = 0), every plan has
///
///     Σ_{s ∈ U} q_s Z_s ≥ Σ_i (r_i − r_{i−1}) X_i
///
/// because with every X_i 0 or 1 the right side telescopes to the largest r_i of the estates
/// renovated, which that estate's row already asks for. The relaxation's rows ask only for the
/// largest r_i X_i: with the neediest estate's cluster renovated in part and its neighbours'
/// clusters whole, the relaxation builds space for the neighbours' smaller needs alone, while a
/// plan that renovates the neediest one at all must build its whole need. On the other
/// generator's two tightest districts these cuts close half to two thirds of the gap the
/// residual-need cuts leave (docs/benchmarks.md); HiGHS's cut pool holds weaker forms of them.
///
/// Separation, per norm row with its cluster renovated in part or whole (the anchor): U is the
/// anchor's sites, whole and less the sites its residual-need cut counts at their areas
/// (A_s X < Z_s); the members are the rows that can use any site of the anchor's, a member's
/// site counted at its area where it is not in U or gives the member more per m² than the
/// anchor's coefficient counts; per cluster the largest r_i; and the chain that maximises
/// Σ (r_i − r_{i−1}) X_i, which takes, from the largest r down, each cluster whose X exceeds
/// every X taken so far (the right side is then the integral over levels ℓ of the largest X
/// among rows with r_i ≥ ℓ, the most any chain can give).
struct SharedSpaceCuts {
    typealias Need = ResidualNeedCuts.Need

    let needs: [Need]
    /// The norm rows (indices into `needs`) that can use a site, keyed by the site's columns
    /// (one site, one kind, the years up to the row's).
    private let users: [[Int]: [Int]]

    init(needs: [Need]) {
        self.needs = needs
        var users: [[Int]: [Int]] = [:]
        for (index, need) in needs.enumerated() {
            for site in need.sites { users[site.columns, default: []].append(index) }
        }
        self.users = users
    }

    /// The most violated cut of each anchor row and choice of S that the point breaks, by more
    /// than a millionth of the largest r in the cut, each cut once.
    func violated(by values: [Double]) -> [LinearCut] {
        let renovated = needs.map { $0.renovated.reduce(0) { $0 + values[$1] } }
        var seen = Set<[Int]>()
        var found: [LinearCut] = []
        for (index, anchor) in needs.enumerated() where renovated[index] > 1e-6 {
            let space = anchor.sites.map { $0.columns.reduce(0) { $0 + values[$1] } }
            let members = Set(anchor.sites.flatMap { users[$0.columns] ?? [] }).sorted().filter { renovated[$0] > 1e-6 }
            guard members.count > 1 else { continue }
            let full = anchor.sites.indices.filter { anchor.sites[$0].area * renovated[index] < space[$0] }
            for counted in full.isEmpty ? [[]] : [[], full] {
                guard let cut = star(anchor: anchor, members: members, counted: Set(counted), renovated: renovated, space: space),
                    seen.insert(cut.entries.map(\.column)).inserted
                else { continue }
                found.append(cut)
            }
        }
        return found
    }

    /// The star cut of `members` on the anchor's sites, with the sites `counted` at their areas,
    /// if the point breaks it.
    private func star(anchor: Need, members: [Int], counted: Set<Int>, renovated: [Double], space: [Double]) -> LinearCut? {
        var kept: [[Int]: Double] = [:]
        for (k, site) in anchor.sites.enumerated() where !counted.contains(k) { kept[site.columns] = site.perM2 }
        // Per cluster (its renovation columns) the largest residual need: a member's sites that
        // are not among the kept ones (or give more per m² there than the anchor's coefficient
        // counts) are counted at their areas.
        var largest: [[Int]: (residual: Double, renovated: Double)] = [:]
        for member in members {
            let need = needs[member]
            let residual = need.sites.reduce(need.shortfall) { rest, site in
                if let perM2 = kept[site.columns], site.perM2 <= perM2 * (1 + 1e-12) { return rest }
                return rest - site.perM2 * site.area
            }
            guard residual > 1e-12 * need.shortfall else { continue }
            if residual > largest[need.renovated]?.residual ?? 0 { largest[need.renovated] = (residual, renovated[member]) }
        }
        guard largest.count > 1 else { return nil }
        // From the largest residual down, each cluster renovated more than every one taken so far;
        // ties broken by the columns so that the cut does not depend on the dictionary's order.
        let ordered = largest.sorted { a, b in
            a.value.residual != b.value.residual ? a.value.residual > b.value.residual : a.key.lexicographicallyPrecedes(b.key)
        }
        var chain: [(columns: [Int], residual: Double, renovated: Double)] = []
        for (columns, value) in ordered where value.renovated > (chain.last?.renovated ?? 0) + 1e-9 {
            chain.append((columns, value.residual, value.renovated))
        }
        guard chain.count > 1 else { return nil }
        chain.reverse()
        var needed = 0.0
        var below = 0.0
        var entries: [(column: Int, value: Double)] = []
        for (k, site) in anchor.sites.enumerated() where !counted.contains(k) {
            for column in site.columns { entries.append((column, site.perM2)) }
        }
        let given = anchor.sites.indices.reduce(0) { counted.contains($1) ? $0 : $0 + anchor.sites[$1].perM2 * space[$1] }
        for link in chain {
            let step = link.residual - below
            needed += step * link.renovated
            for column in link.columns { entries.append((column, -step)) }
            below = link.residual
        }
        guard given < needed - 1e-6 * below else { return nil }
        return LinearCut(entries: entries, lower: 0, like: anchor.row)
    }
}
