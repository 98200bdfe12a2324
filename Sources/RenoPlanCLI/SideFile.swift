import Foundation
import RenoPlan

/// A file named on the command line outside the output folder (`--write-mps`, `--solver-log`).
/// It is written under a temporary name beside its destination and moved into place only when the
/// run completes, so an interrupted or failed run leaves no such file (nor half of one). The
/// temporary file is created at once, so a destination that cannot be written stops the run before
/// any work (exit 73).
struct SideFile {
    let final: URL
    let temporary: URL

    init(_ path: String) throws {
        final = URL(fileURLWithPath: path)
        temporary = final.deletingLastPathComponent()
            .appendingPathComponent(".\(final.lastPathComponent).\(getpid()).tmp")
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
