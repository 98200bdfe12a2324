import Foundation

/// Whether two plans' folders are plans of one district, for `renoplan compare` (the pair of
/// ``PlanFile/identityCheck(estates:estatesFile:scenario:summary:_:)``, which holds one plan
/// against today's data for evaluate and revise, with its rules: names equal by
/// ``PlanFile/sameName(_:_:)``, households within ``PlanFile/householdsTolerance``).
extension PlanFile {
    /// A warning when the two plan.geojson files give another name, or households more than 20%
    /// apart, for at least three of the estate ids they share and for more than half of those
    /// compared: their estates are other estates under the same ids (generated districts and
    /// many offices number theirs E0001, E0002, …), so a comparison by id means nothing. Nil when
    /// they agree, or when a file gives no names or households to compare.
    public static func otherDistrictWarning(_ a: URL, _ b: URL, names: (a: String, b: String)) -> String? {
        guard let left = try? PlanFile.read(a.appendingPathComponent("plan.geojson")),
            let right = try? PlanFile.read(b.appendingPathComponent("plan.geojson"))
        else { return nil }
        let found = left.mismatches(with: Dictionary(right.featureIDs.map { id in
            (id, (name: right.names[id], households: right.figures[id]?.households))
        }, uniquingKeysWith: { first, _ in first }))
        guard found.anotherDistrict else { return nil }
        let examples = found.mismatches.prefix(3).map { m in
            func what(_ name: String?, _ households: Int?) -> String {
                [name, households.map { "\(grouped($0)) households" }].compactMap { $0 }.joined(separator: ", ")
            }
            return "\(m.id) is \(what(m.approvedName, m.approvedHouseholds)) in A, \(what(m.name, m.households)) in B"
        }
        var counts: [String] = []
        if found.otherNames > 0 { counts.append("\(found.otherNames) of \(found.names) shared ids another name") }
        if found.otherHouseholds > 0 { counts.append("\(found.otherHouseholds) of \(found.households) households more than 20% apart") }
        return "A (\(names.a)) and B (\(names.b)) look like plans of two districts that use the same estate ids "
            + "(\(counts.joined(separator: ", ")); \(examples.joined(separator: "; "))): compare pairs estates by id, "
            + "so its moves and changes mean nothing here; compare two plans of one district"
    }
}
