import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where tests write their files: every folder lies under one folder per test process, which is
/// removed when the process ends, so that `scripts/test` leaves nothing behind in the temporary
/// directory (a run used to leave 120 folders and 22 MB, the browser tests' Chromium profiles among
/// them). Set `RENOPLAN_KEEP_TEST_FILES=1` to keep them for a look after a failure; the folder
/// is then named on standard error.
enum TestFolders {
    /// The process's folder, made (and its removal at exit arranged) on first use.
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("renoplan-test-run-\(getpid())")
        // A folder of an earlier process that had the same id.
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { TestFolders.atExit() }
        return url
    }()

    /// A fresh path under ``root`` whose name starts with `prefix` (not yet created).
    static func fresh(_ prefix: String, suffix: String = "") -> URL {
        root.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)")
    }

    private static func atExit() {
        if ProcessInfo.processInfo.environment["RENOPLAN_KEEP_TEST_FILES"] == "1" {
            FileHandle.standardError.write(Data("test files kept in \(root.path)\n".utf8))
        } else {
            try? FileManager.default.removeItem(at: root)
        }
    }
}
