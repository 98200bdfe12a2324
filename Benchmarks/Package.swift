// swift-tools-version:6.0
// Performance harness, run by hand (never in CI):
//   swift run -c release --package-path Benchmarks RenoPlanBench --help
import Foundation
import PackageDescription

// A path dependency is named after its folder, which depends on where renoplan was cloned.
let renoplan = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "renoplan-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "RenoPlanBench",
            dependencies: [
                .product(name: "RenoPlan", package: renoplan),
                .product(name: "DistrictGen", package: renoplan),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        )
    ]
)
