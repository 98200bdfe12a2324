import Foundation

/// The output files each command can write into its `--out` folder. A run removes those of its
/// command that it did not write this time, so a folder never mixes files of two runs (an
/// infeasible rerun does not leave the earlier plan.geojson beside its new summary.json). Files
/// of other commands and files renoplan never writes are left alone.
public enum OutputFiles {
    /// `plan` and `rank` (SPEC §8); plan.geojson, sites.geojson and plan.xlsx only when there is a plan.
    public static let plan: Set<String> = [
        "plan.geojson", "sites.geojson", "plan.xlsx", "summary.json", "report.md", "report.html",
    ]
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
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError(path: directory.path, problem: "the output path exists and is not a folder")
        }
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
