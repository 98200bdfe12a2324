import Foundation

/// An output folder that holds the scenario's own input files: writing a command's outputs
/// there would replace an input of the same name (the demo's candidate sites are
/// `sites.geojson`, and so is the plan's list of space built on them) or remove it as a stale
/// output of an earlier run. Checked before anything runs, so nothing is lost and no solve is
/// wasted.
public enum InputGuard {
    /// The names of the scenario's inputs (its layers, joined tables and the scenario file
    /// itself) that lie in `folder` under a name of `outputs`; empty when none does, or when the
    /// scenario cannot be read (the command then says why).
    public static func overwritten(scenarioAt url: URL, folder: URL, outputs: Set<String>) -> [String] {
        guard let scenario = try? Scenario.load(from: url) else { return [] }
        let inputs = [url] + scenario.geodata.files.map(\.url)
        let out = folder.standardizedFileURL.resolvingSymlinksInPath().path
        var names: [String] = []
        for input in inputs {
            let file = input.standardizedFileURL.resolvingSymlinksInPath()
            if file.deletingLastPathComponent().path == out, outputs.contains(file.lastPathComponent), !names.contains(file.lastPathComponent) {
                names.append(file.lastPathComponent)
            }
        }
        return names
    }
}
