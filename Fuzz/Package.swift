// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer harnesses for SynBench's readers of untrusted input. Not part of the main
// package: the harnesses only link with -sanitize=fuzzer. Build and run them with
// `make fuzz` from the repository root (see Fuzz/README.md).

// A path dependency's identity is the name of its folder, which depends on the clone.
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

func synbench(_ product: String) -> Target.Dependency {
    .product(name: product, package: rootIdentity)
}

let package = Package(
    name: "SynBenchFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [synbench("SynCore")]),
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzSupport", synbench("SynCore"), synbench("SynData"), synbench("SynTone")]),
        .executableTarget(name: "FuzzNumPy", dependencies: ["FuzzSupport", synbench("SynCore")]),
        .executableTarget(name: "FuzzDatasetJSON", dependencies: ["FuzzSupport", synbench("SynCore"), synbench("SynData")]),
        .executableTarget(name: "FuzzSHA256Sums", dependencies: ["FuzzSupport", synbench("SynCore"), synbench("SynData")]),
    ],
    swiftLanguageModes: [.v6]
)
