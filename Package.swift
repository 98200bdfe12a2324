// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "renoplan",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RenoPlan", targets: ["RenoPlan"]),
        .executable(name: "renoplan", targets: ["RenoPlanCLI"]),
        .executable(name: "renoplan-generate", targets: ["DistrictGenCLI"]),
        .library(name: "DistrictGen", targets: ["DistrictGen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // The C world: module maps and shim headers only (STYLE.md "Wrapping C").
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
        // plan.xlsx (SPEC §13).
        .systemLibrary(name: "CXLSX", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // SHA-256 fingerprints of batch runs (SPEC §14).
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Planners' vector formats and spreadsheets through GDAL/OGR (SPEC §9).
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .target(
            name: "RenoPlan",
            dependencies: [
                "CGEOS", "CGLPK", "CPROJ", "CJansson", "CXLSX", "CCrypto", "CGDAL", .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
        .executableTarget(
            name: "RenoPlanCLI",
            dependencies: ["RenoPlan", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Synthetic districts of any size with a fixed seed: the demo, tests and benchmarks.
        .target(name: "DistrictGen"),
        .executableTarget(
            name: "DistrictGenCLI",
            dependencies: ["DistrictGen", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "RenoPlanTests",
            dependencies: ["RenoPlan", "DistrictGen", "CGDAL", "CXLSX", .product(name: "Yams", package: "Yams")]),
    ]
)
