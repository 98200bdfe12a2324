import Foundation

/// An output folder that holds the scenario's own input files: writing a command's outputs
/// there would replace an input of the same name (the demo's candidate sites are
/// `sites.geojson`, and so is the plan's list of space built on them) or remove it as a stale
/// output of an earlier run. Checked before anything runs, so nothing is lost and no solve is
/// wasted. The same rule guards a single output file (`--write-mps`, `--solver-log`): its folder
/// and its name.
public enum InputGuard {
    /// The names of the scenario's inputs (its layers, joined tables and the scenario file
    /// itself) that lie in `folder` under a name of `outputs`; empty when none does, or when the
    /// scenario cannot be read (the command then says why). A file GDAL reads beside a layer
    /// (a Shapefile's `.dbf`, a MapInfo table's `.dat`) is an input too, named with its layer:
    /// `estates.dbf (part of estates.shp)`.
    public static func overwritten(scenarioAt url: URL, folder: URL, outputs: Set<String>) -> [String] {
        guard let scenario = try? Scenario.load(from: url) else { return [] }
        let inputs = [url] + scenario.geodata.files.map(\.url)
        let out = folder.standardizedFileURL.resolvingSymlinksInPath().path
        var names: [String] = []
        for input in inputs {
            let file = input.standardizedFileURL.resolvingSymlinksInPath()
            guard file.deletingLastPathComponent().path == out else { continue }
            for name in outputs.sorted() {
                let hit = name == file.lastPathComponent
                    ? name : isCompanion(name, of: file) ? "\(name) (part of \(file.lastPathComponent))" : nil
                if let hit, !names.contains(hit) { names.append(hit) }
            }
        }
        return names
    }

    /// The files beside a layer that GDAL reads with it, by extension.
    static let companions: [String: Set<String>] = [
        "shp": ["shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx"], "tab": ["dat", "map", "id", "ind"], "mif": ["mid"],
    ]

    /// Whether `name`, in the layer's folder, is a file GDAL reads with `layer`: the same base name
    /// and a companion's extension (either case, as Shapefiles come with `.DBF` too).
    static func isCompanion(_ name: String, of layer: URL) -> Bool {
        guard let extensions = companions[layer.pathExtension.lowercased()] else { return false }
        let candidate = URL(fileURLWithPath: name)
        return candidate.deletingPathExtension().lastPathComponent == layer.deletingPathExtension().lastPathComponent
            && extensions.contains(candidate.pathExtension.lowercased())
    }
}
