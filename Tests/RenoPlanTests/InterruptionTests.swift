import Foundation
import Testing

@testable import RenoPlan

/// Ctrl-C or SIGTERM during a solve stops cleanly: the documented exit code, nothing written, and
/// promptly (GLPK's callback and the starting-plan search check the request at every step).
@Suite("Interruption")
struct InterruptionTests {
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func signalStopsTheSolveAndWritesNothing(_ signal: Int32, _ expected: Int32) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("renoplan-interrupt-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        // The demo's solve takes about 20 s: long enough to be interrupted in the middle of it.
        process.arguments = ["plan", EndToEndTests.root.appendingPathComponent("scenarios/demo.yaml").path, "--out", out.path, "-q"]
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
    }
}
