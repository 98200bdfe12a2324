import Foundation

extension District {
    /// Less than this much of a site's area left after the space built on it: the site is full
    /// (sites.geojson gives m² to four decimals).
    static let fullSiteM2 = 0.01

    /// The facility space an approved plan built on sites before the horizon (``Scenario/ApprovedStates/built``,
    /// docs/cycle.md *Rolling the horizon forward*) exists today: a facility of its kind at the
    /// site, with the space as its capacity_m2 (so coverage, 2SFCA and the norms count it, SPEC §3),
    /// and the site's area less the space (a full site is gone), so the plan cannot build it again
    /// (SPEC §7.5). A site today's layer does not have is an error: the space has no place.
    ///
    /// The one place built space enters the analysis: every later step sees only facilities and
    /// sites. Returns each space placed with its facility's index.
    static func addBuiltSpace(
        _ built: [Scenario.BuiltSpace], wording w: Wording, siteFile: String?,
        sites: inout [Site], siteGeometries: inout [Geometry], facilities: inout [Facility], facilityGeometries: inout [Geometry],
        problems: inout InvalidInput
    ) -> [(space: Scenario.BuiltSpace, facility: Int)] {
        guard !built.isEmpty else { return [] }
        let siteIndex = Dictionary(sites.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        // One facility per site and kind, in the order the approved plan gives them.
        var groups: [(site: Int, kind: String, spaces: [Scenario.BuiltSpace])] = []
        var used = [Double](repeating: 0, count: sites.count)
        for space in built {
            guard let s = siteIndex[space.siteID] else {
                problems.inputErrors.append(InputError(
                    file: space.file, featureIndex: space.featureIndex, featureID: space.siteID,
                    problem: "the approved plan built \(fmt2(space.m2)) m² of \(space.kind) on site \(space.siteID) in \(space.year), "
                        + "before the horizon, but \(siteFile.map { "today's sites layer (\($0))" } ?? "the scenario (no geodata.sites)") "
                        + "has no site \(space.siteID): keep the site in geodata.sites (the built space is taken off its area_m2) so that "
                        + "the space counts as existing"))
                continue
            }
            used[s] += space.m2
            if let g = groups.firstIndex(where: { $0.site == s && $0.kind == space.kind }) {
                groups[g].spaces.append(space)
            } else {
                groups.append((s, space.kind, [space]))
            }
        }
        var placed: [(space: Scenario.BuiltSpace, facility: Int)] = []
        for group in groups {
            let site = sites[group.site]
            placed += group.spaces.map { ($0, facilities.count) }
            let years = Array(Set(group.spaces.map(\.year))).sorted().map(String.init)
            facilities.append(Facility(
                id: site.id, kind: group.kind,
                name: w.text("原计划\(w.list(years))年新建", "built \(years.joined(separator: ", ")) (approved plan)"),
                capacityM2: group.spaces.reduce(0) { $0 + $1.m2 }, featureIndex: site.featureIndex, shape: site.shape))
            facilityGeometries.append(siteGeometries[group.site])
        }
        var keep = [Bool](repeating: true, count: sites.count)
        for s in sites.indices where used[s] > 0 {
            let area = sites[s].areaM2
            if used[s] > area + fullSiteM2, let siteFile {
                problems.warnings.append(InputWarning(
                    file: siteFile, featureIndex: sites[s].featureIndex, featureID: sites[s].id,
                    problem: "the approved plan built \(fmt2(used[s])) m² here before the horizon, more than its area_m2 \(fmt2(area)): "
                        + "the site is taken as full (give area_m2 as before the space was built: renoplan takes the built space off it)",
                    chinese: "原计划在此已建\(fmt2(used[s]))平方米，超过其用地面积\(fmt2(area))平方米：按已用满处理（area_m2请填写建设前的面积，已建部分由renoplan扣除）"))
            }
            if area - used[s] < fullSiteM2 {
                keep[s] = false
            } else {
                sites[s].areaM2 = area - used[s]
            }
        }
        sites = sites.indices.filter { keep[$0] }.map { sites[$0] }
        siteGeometries = siteGeometries.indices.filter { keep[$0] }.map { siteGeometries[$0] }
        return placed
    }
}
