import Foundation

/// An approved plan as `renoplan revise` reads it (SPEC §12): an earlier `plan.geojson` or a CSV
/// `id,year[,state]`, each estate approved (the default), started or completed.
public struct ApprovedPlan: Sendable {
    public typealias State = PlanFile.State
    public typealias Entry = PlanFile.Entry

    /// Entries in file order (estates with no year and no state are not in the plan and left out;
    /// after ``Revise`` has held the plan against today's data, only estates in that data).
    public var entries: [Entry]
    /// Approved estates that are not in today's data (demolished, merged, removed from the
    /// reserve): they leave the revised plan, each a change with the reason "not in today's
    /// data" (a completed one is listed as completed), and count in the approved totals as the
    /// approved plan had them.
    public var absent: [Entry] = []
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
    /// The estates' names as the approved plan.geojson gives them.
    public var approvedNames: [String: String] = [:]
    /// The optional levels (SPEC §10) each approved estate was planned with, by id, as the
    /// approved plan.geojson gives them (a CSV has none). Not a change when they differ: the
    /// revision keeps them first where the rules and the sources allow (docs/cycle.md).
    public var approvedLevels: [String: [String]] = [:]
    /// The facility space of the `sites.geojson` beside an approved plan.geojson; nil for a CSV
    /// or when there is none (then the space built before the horizon is unknown).
    public var sites: [GivenPlan.SiteSpace]?

    /// Reads a plan.geojson (with its summary.json and sites.geojson, if any) or a CSV as
    /// ``PlanFile`` reads them; every line it cannot read is an error.
    public static func load(from url: URL) throws -> ApprovedPlan {
        let file = try PlanFile.readWhole(url)
        return ApprovedPlan(file, entries: file.entries, absent: [], sites: try GivenPlan.SiteSpace.read(besidePlan: url), url: url)
    }

    /// The plan of `file` with `entries` (those in today's data), the `absent` ones and the
    /// `sites.geojson` read beside it.
    init(_ file: PlanFile, entries: [Entry], absent: [Entry], sites: [GivenPlan.SiteSpace]?, url: URL) {
        self.entries = entries
        self.absent = absent
        self.sites = sites
        source = file.source
        notes = file.notes
        approvedFigures = file.figures
        approvedNames = file.names
        approvedLevels = file.levels
        readBudgets(beside: url)
    }

    /// The `summary.json` an approved plan's budgets are read from: the one beside it.
    public static func summaryURL(beside url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent("summary.json")
    }

    /// The budgets of the `summary.json` in the plan's folder, if there is one.
    private mutating func readBudgets(beside url: URL) {
        let summaryURL = Self.summaryURL(beside: url)
        guard FileManager.default.fileExists(atPath: summaryURL.path), let summary = try? JSONIO.decodeFile(summaryURL) else { return }
        for year in summary["years"]?.arrayValue ?? [] {
            if let y = year["year"]?.numberValue, let budget = year["budget_yuan"]?.numberValue { budgets[Int(y)] = budget }
        }
    }
}
