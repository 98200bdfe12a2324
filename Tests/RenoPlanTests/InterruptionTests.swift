import Foundation
import Testing

@testable import RenoPlan

/// Ctrl-C or SIGTERM during a solve stops cleanly: the documented exit code, nothing written, and
/// promptly (GLPK's callback and the starting-plan search check the request at every step).
@Suite("Interruption")
struct InterruptionTests {
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func signalStopsTheSolveAndWritesNothing(_ signal: Int32, _ expected: Int32) throws {
        let out = TestFolders.fresh("renoplan-interrupt")
        let side = TestFolders.fresh("renoplan-interrupt-side")
        try FileManager.default.createDirectory(at: side, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: side) }
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        // The demo's solve takes about 20 s: long enough to be interrupted in the middle of it.
        // The MPS file and the solver log are written only when the run completes.
        process.arguments = [
            "plan", EndToEndTests.root.appendingPathComponent("scenarios/demo.yaml").path, "--out", out.path, "-q",
            "--write-mps", side.appendingPathComponent("model.mps").path,
            "--solver-log", side.appendingPathComponent("solver.log").path,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 3)
        #expect(process.isRunning)
        let sent = Date()
        kill(process.processIdentifier, signal)
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 3)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == expected)
        #expect(String(decoding: message, as: UTF8.self).contains("interrupted by signal \(signal); nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: side.path)) ?? ["?"]).isEmpty,
                "--write-mps / --solver-log left a file behind")
    }

    /// A signal during loading and measuring (no solve yet) is noticed there: `coverage` on a
    /// 2,000-estate district with walking distances takes minutes in a debug build; SIGTERM two
    /// seconds in stops it within two more, writing nothing.
    @Test func signalStopsTheAnalysis() throws {
        let district = try GeneratedDistrict(estates: 2_000, seed: 3)
        defer { district.remove() }
        let scenario = try district.scenario("horizon: {start: 2025, years: 2}\nbudget: {annual_yuan: 1e8}\n", name: "interrupted", walking: true)
        let out = district.folder.appendingPathComponent("out")
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["coverage", scenario.path, "--out", out.path, "-q"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        try #require(process.isRunning, "coverage finished within 2 s; the district is too small for this test")
        let sent = Date()
        kill(process.processIdentifier, SIGTERM)
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 2)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 143)
        #expect(String(decoding: message, as: UTF8.self).contains("interrupted by signal \(SIGTERM); nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A library user's later runs are not poisoned: the request is consumed by the step it
    /// stops, and a request made between steps stops the next one. Checked on a flag of its own:
    /// the process's flag would stop every other test's solve running at the same time (a full
    /// test run once saw a proof end early so). The pipeline's steps run in the process flag's
    /// ``InterruptionFlag/scoped(_:)``; the CLI tests above stop whole runs by signal.
    @Test func requestIsConsumedByTheStepItStops() throws {
        let flag = InterruptionFlag()
        var ran = 0
        flag.request(signal: SIGINT)
        #expect(throws: InterruptedError.self) { try flag.scoped { ran += 1 } }
        #expect(ran == 0 && flag.requestedBy == nil)
        #expect(try flag.scoped { ran += 1; return ran } == 1)
        // A request during a step stops it at its end, and is consumed there too.
        #expect(throws: InterruptedError.self) { try flag.scoped { flag.request(signal: SIGTERM); ran += 1 } }
        #expect(ran == 2 && flag.requestedBy == nil)
        #expect(!Interruption.isRequested)
    }
}
