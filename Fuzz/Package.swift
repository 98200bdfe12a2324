// swift-tools-version:5.4
// libFuzzer targets for the loaders that take bytes from users (issue 6), run by hand (never in CI):
//   scripts/fuzz geojson 600      scripts/fuzz scenario 600
// See docs/fuzzing.md. Built with `-sanitize=fuzzer,address -parse-as-library`, which only the
// script passes; a plain `swift build` of this package is not meant to link.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable target's entry point
// to `<Target>_main` and links with `--defsym main=<Target>_main`, which fails here because
// libFuzzer, not the target, defines `main`. (The parent package keeps its own tools version.)
import Foundation
import PackageDescription

// A path dependency is named after its folder, which depends on where renoplan was cloned.
let renoplan = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "renoplan-fuzz",
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        // GeoJSONCheck.problems: first byte chooses the layer, the rest is the file.
        .executableTarget(
            name: "FuzzGeoJSON",
            dependencies: [.product(name: "RenoPlan", package: renoplan)]
        ),
        // Scenario.parse: the bytes as (lossy) UTF-8 scenario text.
        .executableTarget(
            name: "FuzzScenario",
            dependencies: [.product(name: "RenoPlan", package: renoplan)]
        ),
    ]
)
