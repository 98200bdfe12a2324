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
        var (namesCompared, householdsCompared, otherNames, otherHouseholds) = (0, 0, 0, 0)
        var examples: [String] = []
        var differing = 0
        for id in left.featureIDs where right.names[id] != nil || right.figures[id] != nil {
            var differs = false
            if let x = left.names[id], let y = right.names[id], !x.isEmpty, !y.isEmpty {
                namesCompared += 1
                if !sameName(x, y) {
                    otherNames += 1
                    differs = true
                }
            }
            if let x = left.figures[id]?.households, let y = right.figures[id]?.households, x > 0 || y > 0 {
                householdsCompared += 1
                if Double(abs(x - y)) > householdsTolerance * Double(max(x, y)) {
                    otherHouseholds += 1
                    differs = true
                }
            }
            if differs { differing += 1 }
            if differs, examples.count < 3 {
                func what(_ plan: PlanFile) -> String {
                    [plan.names[id], plan.figures[id].map { "\(grouped($0.households)) households" }].compactMap { $0 }.joined(separator: ", ")
                }
                examples.append("\(id) is \(what(left)) in A, \(what(right)) in B")
            }
        }
        guard differing >= 3, 2 * otherNames > namesCompared || 2 * otherHouseholds > householdsCompared else { return nil }
        var counts: [String] = []
        if otherNames > 0 { counts.append("\(otherNames) of \(namesCompared) shared ids another name") }
        if otherHouseholds > 0 { counts.append("\(otherHouseholds) of \(householdsCompared) households more than 20% apart") }
        return "A (\(names.a)) and B (\(names.b)) look like plans of two districts that use the same estate ids "
            + "(\(counts.joined(separator: ", ")); \(examples.joined(separator: "; "))): compare pairs estates by id, "
            + "so its moves and changes mean nothing here; compare two plans of one district"
    }
}
