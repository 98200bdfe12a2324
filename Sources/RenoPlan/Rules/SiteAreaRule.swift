import Foundation

extension RuleName {
    /// SPEC §7.5: space added on a site within its area, of kinds it may host.
    public static let siteArea = RuleName("site_area")
}

/// SPEC §7.5: Σ_k,t z_s,k,t ≤ area_s for every site; only kinds the site may host.
struct SiteAreaRule: PlanRule {
    static let name = RuleName.siteArea
    var title: String { analysis.wording.text("候选地块面积", "the sites' areas") }
    let analysis: Analysis
    let rows: [RuleRow]

    init(_ analysis: Analysis) {
        self.analysis = analysis
        rows = analysis.district.sites.enumerated().map { s, site in
            RuleRow(key: RowKey(rule: Self.name, site: s), lower: nil, upper: site.areaM2)
        }
    }

    func coefficients(ofSite site: Int, norm: Int?, year: Int) -> [(row: Int, value: Double)] { [(site, 1)] }

    func describe(row: Int, activity: Double) -> String {
        let site = analysis.district.sites[row]
        return analysis.wording.text(
            "用地\(site.id)：新增\(fmt2(activity))平方米，超过用地面积\(fmt2(site.areaM2))平方米",
            "site \(site.id): \(fmt2(activity)) m² added on a site of \(fmt2(site.areaM2)) m²")
    }

    func subject(of row: Int) -> String? { analysis.district.sites[row].id }

    func structuralViolations(of plan: PlanDecisions) -> [Violation] {
        let calendar = analysis.scenario.horizon.calendarYears
        return plan.spaces.compactMap { space in
            let site = analysis.district.sites[space.site]
            guard !site.mayHost(space.kind) else { return nil }
            return Violation(rule: Self.name.rawValue, year: calendar[space.year], id: site.id, detail: analysis.wording.text(
                "用地\(site.id)不可设置\(analysis.wording.kind(space.kind))", "\(space.kind) is not among the kinds the site may host"))
        }
    }
}
