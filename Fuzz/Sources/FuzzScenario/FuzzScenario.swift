// libFuzzer target: Scenario.parse(_:file:) must return a scenario or throw ScenarioErrors for any
// text. Any other error is a finding (fatalError, so libFuzzer saves the input); so is a crash,
// a hang or a sanitizer report. Input: the bytes as UTF-8, invalid sequences replaced.
import Foundation
import RenoPlan

let file = URL(fileURLWithPath: "/tmp/fuzz/scenario.yaml")

/// FUZZ_PRINT=1 prints what the loader says about each input (for `scripts/fuzz scenario repro`).
let printing = ProcessInfo.processInfo.environment["FUZZ_PRINT"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let scenario = try Scenario.parse(text, file: file)
        if printing { print("parsed: horizon \(scenario.horizon), \(scenario.norms.count) norms") }
    } catch let errors as ScenarioErrors {
        // Touch every message so that building the text (lines, hints, numbers) is exercised too.
        let text = errors.description
        if printing { print("ScenarioErrors (\(text.utf8.count) bytes):\n\(text)") }
    } catch {
        fatalError("Scenario.parse threw \(type(of: error)), not ScenarioErrors: \(error)")
    }
    return 0
}
