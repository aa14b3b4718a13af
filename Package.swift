// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SynBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "synbench", targets: ["synbench"]),
        .library(name: "SynCore", targets: ["SynCore"]),
        .library(name: "DSP", targets: ["DSP"]),
        .library(name: "SynTone", targets: ["SynTone"]),
        .library(name: "Metrics", targets: ["Metrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSndFile", pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"]), .brew(["libsndfile"])]),
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CLibCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]),
        .target(
            name: "SynCore",
            dependencies: ["CSndFile", "CZlib", "CLibCrypto", .product(name: "Yams", package: "Yams")]),
        .target(name: "DSP", dependencies: ["SynCore", "CFFTW"]),
        .target(name: "SynTone", dependencies: ["SynCore", "DSP"]),
        .target(name: "Metrics", dependencies: ["SynCore", "CBLAS"]),
        .executableTarget(
            name: "synbench",
            dependencies: [
                "SynCore", "DSP", "SynTone", "Metrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "SynCoreTests", dependencies: ["SynCore"], exclude: ["References"], resources: [.copy("Resources")]),
        .testTarget(name: "DSPTests", dependencies: ["DSP"], exclude: ["References"]),
        .testTarget(name: "SynToneTests", dependencies: ["SynTone", "DSP", "SynCore"], exclude: ["References"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "SynCore"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
