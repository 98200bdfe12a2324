import Foundation

/// An approved plan as `renoplan revise` reads it (SPEC §12): an earlier `plan.geojson` or a CSV
/// `id,year[,state]`, each estate approved (the default), started or completed.
public struct ApprovedPlan: Sendable {
    public typealias State = PlanFile.State
    public typealias Entry = PlanFile.Entry

    /// Entries in file order (estates with no year and no state are not in the plan and left out).
    public var entries: [Entry]
    /// The file's name.
    public var source: String
    /// How the file was read, for the terminal (a CSV in GB18030).
    public var notes: [String] = []
    /// Each year's budget when the plan was approved, from the `summary.json` in the plan's
    /// folder, if any (to say "2026 budget cut by 40.0M yuan").
    public var budgets: [Int: Double] = [:]
    /// What a plan.geojson says of its estates when it was approved: cost before pledges,
    /// households, and how many estates shared the estate's cluster (a linked saving applied when
    /// two or more did). The totals check compares against these, not today's data.
    public var approvedFigures: [String: (costYuan: Double, households: Int, clusterSize: Int)] = [:]
    /// The started and completed estates as the scenario carries them into the analysis.
    var states: Scenario.ApprovedStates

    /// Reads a plan.geojson (with its summary.json, if any) or a CSV as ``PlanFile`` reads them.
    public static func load(from url: URL) throws -> ApprovedPlan {
        let file = try PlanFile.readWhole(url)
        var plan = ApprovedPlan(entries: file.entries, source: file.source, notes: file.notes, approvedFigures: file.figures, states: file.approvedStates)
        plan.readBudgets(beside: url)
        return plan
    }

    /// The budgets of the `summary.json` in the plan's folder, if there is one.
    private mutating func readBudgets(beside url: URL) {
        let summaryURL = url.deletingLastPathComponent().appendingPathComponent("summary.json")
        guard FileManager.default.fileExists(atPath: summaryURL.path), let summary = try? JSONIO.decodeFile(summaryURL) else { return }
        for year in summary["years"]?.arrayValue ?? [] {
            if let y = year["year"]?.numberValue, let budget = year["budget_yuan"]?.numberValue { budgets[Int(y)] = budget }
        }
    }
}
