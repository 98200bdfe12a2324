import ArgumentParser
import Foundation
import RenoPlan

/// A file named on the command line outside the output folder (`--write-mps`, `--solver-log`).
/// It is written under a temporary name beside its destination and moved into place only when the
/// run completes, so an interrupted or failed run leaves no such file (nor half of one). The
/// temporary file is created at once, so a destination that cannot be written (or is a folder)
/// stops the run before any work (exit 73).
struct SideFile {
    let final: URL
    let temporary: URL

    init(_ path: String) throws {
        final = URL(fileURLWithPath: path)
        temporary = final.deletingLastPathComponent()
            .appendingPathComponent(".\(final.lastPathComponent).\(getpid()).tmp")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: final.path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputError(path: final.path, problem: "is a folder; name a file")
        }
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw OutputError(path: final.path, problem: "cannot be written: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    /// Writes `data` (when given) to the temporary file and moves it into place.
    func commit(_ data: Data? = nil) throws {
        if let data {
            do {
                try data.write(to: temporary)
            } catch {
                discard()
                throw OutputError(path: final.path, problem: "cannot be written: \(error.localizedDescription)")
            }
        }
        try OutputFolder.moveIntoPlace(temporary, final)
    }

    /// Removes the temporary file (nothing happens once it has been moved into place).
    func discard() { unlink(temporary.path) }
}

extension OutputOptions {
    /// Refuses (exit 64), before any work, a side file that would replace an input of `scenario`
    /// (the rule `--out` follows, ``keepInputs(of:_:)``), another side file, the output folder
    /// (or a folder holding it), or a file of `outputs` the command writes or removes there.
    /// Found otherwise only when the file is moved into place, after the run, or not at all.
    func keepSideFiles(_ files: [(option: String, path: String?, example: String)], of scenario: String, _ outputs: Set<String>) throws {
        let folder = Self.resolved(out).path
        var seen: [(option: String, file: String)] = []
        for case let (option, path?, example) in files {
            let suggestion = "e.g. \(option) " + (out as NSString).appendingPathComponent(example)
            guard !path.isEmpty else { throw ValidationError("\(option): give a file name, \(suggestion)") }
            let url = Self.resolved(path)
            let (file, name) = (url.path, url.lastPathComponent)
            if file == Self.resolved(scenario).path {
                throw ValidationError("\(option) \(path) would overwrite the scenario file itself: name another file, \(suggestion)")
            }
            let hit = InputGuard.overwritten(scenarioAt: URL(fileURLWithPath: scenario), folder: url.deletingLastPathComponent(), outputs: [name])
            if let input = hit.first {
                throw ValidationError("\(option) \(path) would overwrite \(input), an input of \(scenario): name another file, \(suggestion)")
            }
            if let other = seen.first(where: { $0.file == file }) {
                throw ValidationError("\(other.option) and \(option) both name \(path): give each its own file")
            }
            if file == folder || folder.hasPrefix(file + "/") {
                throw ValidationError(
                    "\(option) \(path) is \(file == folder ? "" : "a folder holding ")the output folder --out \(out): name a file, \(suggestion)")
            }
            if url.deletingLastPathComponent().path == folder, outputs.contains(name) {
                throw ValidationError(
                    "\(option) \(path) would clash with \(name), one of the run's own files in --out \(out): "
                        + "name another file, \(suggestion)")
            }
            seen.append((option, file))
        }
    }

    /// The absolute path, `..` and symbolic links resolved, so that two spellings of one file compare equal.
    static func resolved(_ path: String) -> URL { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath() }
}
