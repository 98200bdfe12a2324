import Foundation

/// Whether a plan file is a plan of today's district (docs/cycle.md, *Another district's plan*).
///
/// Ids alone cannot tell: every district `renoplan-generate` makes, and many an office's, number
/// their estates E0001, E0002, …, so another district's plan matches today's ids and would be
/// revised, evaluated or carried into alternatives with the wrong estates, and its built facility
/// space counted on today's sites. A plan.geojson also gives each estate's name and households:
/// when most of those differ from today's, the plan is another district's.
extension PlanFile {
    /// An estate of the plan whose name or households differ from today's data.
    struct Mismatch {
        var id: String
        var approvedName: String?
        var approvedHouseholds: Int?
        var name: String?
        var households: Int?
        var nameDiffers: Bool
        var householdsDiffer: Bool
    }

    /// Households more than this share apart (of the larger) differ: a year's recount moves a few
    /// percent, another estate is another size.
    static let householdsTolerance = 0.2

    /// Two names of one estate: equal after spaces and case, or one containing the other (an
    /// office's `光明小区改造项目` for the data's `光明小区`).
    static func sameName(_ a: String, _ b: String) -> Bool {
        let (x, y) = (PropertyNames.squash(a), PropertyNames.squash(b))
        return x == y || (!x.isEmpty && !y.isEmpty && (x.contains(y) || y.contains(x)))
    }

    /// The estates of the plan.geojson's features (those not in the plan too: the more estates,
    /// the surer the answer) that the other side has (`other`, by id: today's data, or another
    /// plan) and whose name or households differ from what the file gives, in file order, and
    /// how many names and households could be compared.
    func mismatches(with other: [String: (name: String?, households: Int?)]) -> Mismatches {
        var found = Mismatches()
        for id in featureIDs {
            guard let estate = other[id] else { continue }
            let approvedName = names[id].flatMap { $0.trimmedOfSpaces.isEmpty ? nil : $0 }
            let approvedHouseholds = figures[id]?.households ?? sheetHouseholds[id]
            var mismatch = Mismatch(
                id: id, approvedName: approvedName, approvedHouseholds: approvedHouseholds,
                name: estate.name, households: estate.households, nameDiffers: false, householdsDiffer: false)
            if let approvedName, let name = estate.name, !name.trimmedOfSpaces.isEmpty {
                found.names += 1
                mismatch.nameDiffers = !Self.sameName(approvedName, name)
            }
            if let approvedHouseholds, let households = estate.households, approvedHouseholds > 0 || households > 0 {
                found.households += 1
                let larger = Double(max(approvedHouseholds, households))
                mismatch.householdsDiffer = Double(abs(approvedHouseholds - households)) > Self.householdsTolerance * larger
            }
            if mismatch.nameDiffers || mismatch.householdsDiffer { found.mismatches.append(mismatch) }
        }
        return found
    }

    /// The estates whose name or households differ, and how many could be compared.
    struct Mismatches {
        var mismatches: [Mismatch] = []
        var names = 0
        var households = 0
        var otherNames: Int { mismatches.filter(\.nameDiffers).count }
        var otherHouseholds: Int { mismatches.filter(\.householdsDiffer).count }
        /// The ids name other estates: at least three differ, and more than half of the names
        /// or of the households compared. A few (renamed, recounted) do not make another district.
        var anotherDistrict: Bool {
            mismatches.count >= 3 && (2 * otherNames > names || 2 * otherHouseholds > households)
        }
    }

    /// An error when the plan looks like another district's: of the estates its features share
    /// with today's data, at least three, and more than half of those compared, have another
    /// name, or households more than 20% apart. A few such estates (renamed, recounted) are a
    /// warning (in `w`'s language). The error names the file, the first three such estates, and
    /// the scenario the plan's summary.json (`summary`, beside a plan.geojson) was written for.
    /// A CSV or a sheet gives names and households where it has such columns (renoplan's
    /// plan.xlsx does); without them there is nothing to compare.
    func identityCheck(
        estates: [String: Estate], estatesFile: String, scenario: Scenario, summary: URL?, _ w: Wording
    ) -> (error: InputError?, warning: String?) {
        let found = mismatches(with: estates.mapValues { ($0.name, $0.households) })
        guard !found.mismatches.isEmpty else { return (nil, nil) }
        let (otherNames, otherHouseholds) = (found.otherNames, found.otherHouseholds)
        let another = found.anotherDistrict
        // Estates that differ in both first: they show best that the ids name other estates.
        let shown = (found.mismatches.filter { $0.nameDiffers && $0.householdsDiffer }
            + found.mismatches.filter { !($0.nameDiffers && $0.householdsDiffer) }).prefix(3)
        /// `港务局新村 with 1,146 households`, `港务局新村`, or `1,146 households`.
        func what(_ name: String?, _ households: Int?) -> String {
            switch (name, households) {
            case let (name?, households?): "\(name) with \(grouped(households)) households"
            case let (name?, nil): name
            case let (nil, households?): "\(grouped(households)) households"
            case (nil, nil): "unnamed"
            }
        }
        guard another else {
            let listed = shown.map { m in
                w.text(
                    "\(m.id)（原计划：\([m.approvedName, m.approvedHouseholds.map { "\(grouped($0))户" }].compactMap { $0 }.joined(separator: "，"))；"
                        + "今日：\([m.name, m.households.map { "\(grouped($0))户" }].compactMap { $0 }.joined(separator: "，"))）",
                    "\(m.id) (approved: \(what(m.approvedName, m.approvedHouseholds)); today: \(what(m.name, m.households)))")
            }
            let n = found.mismatches.count
            let more = n > 3 ? w.text("等\(n)个", ", … (\(n) in all)") : ""
            return (nil, w.text(
                "\(source)中有\(n)个小区的名称或户数（相差20%以上）与今日数据不同：\(listed.joined(separator: "、"))\(more)；若是更名或重新统计，可以忽略；否则请核对该小区的编号",
                "\(n) estate\(n == 1 ? "" : "s") of \(source) \(n == 1 ? "has" : "have") another name or households (more than 20% apart) today: "
                    + "\(listed.joined(separator: ", "))\(more); if renamed or recounted, nothing is wrong; if not, check its id"))
        }
        let examples = shown.map { m in
            "the approved plan's \(m.id) \(m.approvedName == nil ? "has" : "is") \(what(m.approvedName, m.approvedHouseholds)); "
                + "today's \(m.id) \(m.name == nil ? "has" : "is") \(what(m.name, m.households))"
        }
        var counts: [String] = []
        if otherNames > 0 { counts.append("\(otherNames) of \(found.names) another name") }
        if otherHouseholds > 0 { counts.append("\(otherHouseholds) of \(found.households) households more than 20% apart") }
        var problem = "its estates are not today's estates of the same ids in \(estatesFile) (\(counts.joined(separator: ", "))): "
            + examples.joined(separator: "; ") + ": is it another district's plan?"
        if let summary, let written = try? JSONIO.decodeFile(summary), let name = written["scenario"]?.stringValue {
            let file = written["scenario_file"]?.stringValue
            let sameScenario = name == scenario.name && (file == nil || file == scenario.file.lastPathComponent)
            if !sameScenario {
                problem += " The summary.json beside it was written for the scenario \"\(name)\"\(file.map { " (\($0))" } ?? ""); "
                    + "today's is \"\(scenario.name)\" (\(scenario.file.lastPathComponent))."
            }
        }
        problem += " Give this district's plan; if it is this district's and today's data renamed and recounted its estates, "
            + "give it as a CSV id,year,state (which carries no names)"
        return (InputError(file: source, problem: problem), nil)
    }
}
