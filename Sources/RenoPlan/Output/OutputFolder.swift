import Foundation

/// The output files each command can write into its `--out` folder. A run removes those of its
/// command that it did not write this time, so a folder never mixes files of two runs (an
/// infeasible rerun does not leave the earlier plan.geojson beside its new summary.json). Files
/// of other commands and files renoplan never writes are left alone.
public enum OutputFiles {
    /// `plan`, `rank` and `revise` (SPEC §8, §12); plan.geojson, sites.geojson and plan.xlsx only
    /// when there is a plan, changes.json only from `revise`. A folder holds one plan, so a `plan`
    /// run into a folder `revise` wrote removes its changes.json (they were changes to another plan).
    public static let plan: Set<String> = [
        "plan.geojson", "sites.geojson", "plan.xlsx", "summary.json", "report.md", "report.html", "changes.json",
    ]
    /// `alternatives` (SPEC §12): these two beside one plan folder per alternative (``alternativeFolder``).
    public static let alternatives: Set<String> = ["alternatives.json", "alternatives.md"]
    /// The name of an alternative's folder: `alt-` and a number.
    public static func alternativeFolder(_ name: String) -> Bool {
        name.hasPrefix("alt-") && name.count > 4 && name.dropFirst(4).allSatisfy(\.isASCII) && Int(name.dropFirst(4)) != nil
    }
    public static let evaluate: Set<String> = ["evaluation.json", "evaluation.md"]
    public static let compare: Set<String> = ["compare.json", "compare.md", "compare.geojson"]
    public static let sweep: Set<String> = ["sweep.csv", "sweep.svg"]
    public static let coverage: Set<String> = ["coverage.geojson", "coverage.json", "circles.geojson"]
}

/// Writing an output folder failed (it cannot be created, is a file, or a file cannot be written
/// or moved into place). Not bad input: the CLI exits 73 (EX_CANTCREAT), not 2.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: String
    public var description: String { "error: \(path): \(problem)" }

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }
}

/// Writes a set of output files so that each is complete or absent: every file is rendered in
/// memory first, then written to a temporary name in the same folder and renamed into place;
/// then the files named in `replacing` that this run did not write are removed (stale files of an
/// earlier run of the same command).
public enum OutputFolder {
    public static func write(
        _ files: [(name: String, data: Data)], to directory: URL, replacing family: Set<String> = []
    ) throws {
        let manager = FileManager.default
        try checkCreatable(directory)
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory.path, problem: "cannot create the output folder: \(reason(error))")
        }
        var staged: [(URL, URL)] = []
        do {
            for file in files {
                let final = directory.appendingPathComponent(file.name)
                let temporary = directory.appendingPathComponent(".\(file.name).\(ProcessInfo.processInfo.processIdentifier).tmp")
                do {
                    try file.data.write(to: temporary)
                } catch {
                    throw OutputError(path: final.path, problem: "cannot write: \(reason(error))")
                }
                staged.append((temporary, final))
            }
            for (temporary, final) in staged {
                if rename(temporary.path, final.path) != 0 {
                    throw OutputError(path: final.path, problem: "cannot move into place: \(String(cString: strerror(errno)))")
                }
            }
        } catch {
            for (temporary, _) in staged { try? manager.removeItem(at: temporary) }
            throw error
        }
        let written = Set(files.map(\.name))
        for name in family.subtracting(written).sorted() {
            let stale = directory.appendingPathComponent(name)
            guard manager.fileExists(atPath: stale.path) else { continue }
            do {
                try manager.removeItem(at: stale)
            } catch {
                throw OutputError(path: stale.path, problem: "cannot remove this file of an earlier run: \(reason(error))")
            }
        }
    }

    /// Removes the subfolders of `directory` that `stale` names and `keeping` does not: the files
    /// of `family` in each, then the folder if that leaves it empty (a folder holding anything
    /// else stays, with that).
    public static func removeFolders(
        in directory: URL, where stale: (String) -> Bool, keeping: Set<String>, family: Set<String>
    ) throws {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where stale(name) && !keeping.contains(name) {
            let folder = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            try write([], to: folder, replacing: family)
            if (try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
                do {
                    try manager.removeItem(at: folder)
                } catch {
                    throw OutputError(path: folder.path, problem: "cannot remove this folder of an earlier run: \(reason(error))")
                }
            }
        }
    }

    /// After a run that failed on bad input: removes what an earlier run of the same command left
    /// in `directory` — the files of `family`, and the subfolders `folders` names with theirs — so
    /// that no result made from other input stays there looking current. Never creates the
    /// folder; what cannot be removed stays. Returns the names removed, sorted.
    public static func clear(_ family: Set<String>, in directory: URL, folders: ((String) -> Bool)? = nil) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        let before = Set((try? manager.contentsOfDirectory(atPath: directory.path)) ?? [])
        try? write([], to: directory, replacing: family)
        if let folders { try? removeFolders(in: directory, where: folders, keeping: [], family: family) }
        let after = Set((try? manager.contentsOfDirectory(atPath: directory.path)) ?? [])
        return before.subtracting(after).sorted()
    }

    /// Refuses an output folder that a file stands in the way of: `directory` itself, or a folder
    /// above it (`--out afile/sub`, where creating it fails with only Foundation's "error 512").
    /// Callers may check before any work; ``write(_:to:replacing:)`` checks again.
    public static func checkCreatable(_ directory: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        var path = directory.standardizedFileURL.path
        while !manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            let parent = (path as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != path else { return }
            path = parent
        }
        guard !isDirectory.boolValue else { return }
        throw OutputError(
            path: directory.path,
            problem: path == directory.standardizedFileURL.path
                ? "the output path exists and is not a folder" : "cannot create the output folder: \(path) is a file")
    }

    /// Moves a file written beside its destination into place (same folder, so `rename` is atomic).
    public static func moveIntoPlace(_ temporary: URL, _ final: URL) throws {
        if rename(temporary.path, final.path) != 0 {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: final.path, problem: "cannot move into place: \(message)")
        }
    }

    private static func reason(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
