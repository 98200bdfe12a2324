// libFuzzer target: GeoJSONCheck.problems(in:layer:file:scenario:) must return a list of problems
// for any bytes, never crash or hang. Input: byte 0 chooses the layer (value % 4: estates,
// facilities, sites, walkways), bytes 1... are the GeoJSON file.
import Foundation
import RenoPlan

/// A fixed scenario with a norm, so the facilities layer also checks `capacity_m2` for its kind.
let scenario: Scenario = {
    let text = """
        geodata: {estates: e.geojson}
        horizon: {start: 2025, years: 2}
        budget: {annual_yuan: [1e8, 1e8]}
        norms: [{kind: elderly_care, m2_per_person: 0.1, within: 15}]

        """
    do {
        return try Scenario.parse(text, file: URL(fileURLWithPath: "/tmp/s.yaml"))
    } catch {
        fatalError("the fuzz target's own scenario does not parse: \(error)")
    }
}()

let layers: [GeoJSONCheck.Layer] = [.estates, .facilities, .sites, .walkways]

/// FUZZ_PRINT=1 prints what the loader says about each input (for `scripts/fuzz geojson repro`).
let printing = ProcessInfo.processInfo.environment["FUZZ_PRINT"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let layer = layers[Int(data[0]) % layers.count]
    let bytes = Data(bytes: data + 1, count: size - 1)
    let problems = GeoJSONCheck.problems(in: bytes, layer: layer, file: "fuzz.geojson", scenario: scenario)
    // Touch every message so that building the text (numbers, clipping) is exercised too.
    var length = 0
    for problem in problems { length &+= "\(problem)".utf8.count }
    if printing {
        print("layer \(layer), \(problems.count) problems (\(length) bytes of text)")
        for problem in problems { print("  \(problem)") }
    }
    return 0
}
