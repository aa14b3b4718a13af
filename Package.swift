// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SynBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "synbench", targets: ["synbench"]),
        .executable(name: "synbench-speech-bench", targets: ["SpeechBenchmark"]),
        .executable(name: "synbench-train-bench", targets: ["TrainBenchmark"]),
        .library(name: "SynCore", targets: ["SynCore"]),
        .library(name: "SynData", targets: ["SynData"]),
        .library(name: "DSP", targets: ["DSP"]),
        .library(name: "SynTone", targets: ["SynTone"]),
        .library(name: "SynSpeech", targets: ["SynSpeech"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .library(name: "Neural", targets: ["Neural"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Bench", targets: ["Bench"]),
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
        .target(name: "SynCore", dependencies: ["CZlib"]),
        .target(
            name: "SynData",
            dependencies: ["SynCore", "CSndFile", "CLibCrypto", .product(name: "Yams", package: "Yams")]),
        .target(name: "DSP", dependencies: ["CFFTW"]),
        .target(name: "SynTone", dependencies: ["SynData", "DSP"]),
        .target(name: "SynSpeech", dependencies: ["DSP", "SynCore", "SynData"]),
        .target(name: "Metrics", dependencies: ["SynCore", "CBLAS"]),
        // Optimised in debug builds too: `make test` trains models (a debug build of these
        // loops is about 10 times slower), and the tests check the same arithmetic either way.
        .target(name: "Neural", dependencies: ["SynCore", "CBLAS"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Layer-wise probes and manifold geometry on activation arrays from anywhere; CBLAS
        // is the same system shim Metrics links, for the Gram and distance products.
        .target(name: "Analysis", dependencies: ["SynCore", "Metrics", "CBLAS"]),
        .target(name: "Bench", dependencies: ["SynCore", "SynData", "DSP", "SynTone", "SynSpeech", "Metrics", "Analysis", "Neural", "CZlib"]),
        .executableTarget(
            name: "synbench",
            dependencies: [
                "SynCore", "SynData", "DSP", "SynTone", "Metrics", "Analysis", "Bench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Synthesis-only timing of SynSpeech (scripts/bench-speech.sh); not part of synbench.
        .executableTarget(name: "SpeechBenchmark", dependencies: ["SynSpeech", "SynData", "SynCore"],
                          path: "Benchmarks/SpeechBenchmark"),
        // One beta-VAE training step on random data (scripts/bench-train.sh); not part of synbench.
        .executableTarget(name: "TrainBenchmark", dependencies: ["Bench", "Neural", "SynCore"],
                          path: "Benchmarks/TrainBenchmark"),
        .testTarget(name: "SynCoreTests", dependencies: ["SynCore"], exclude: ["References"], resources: [.copy("Resources")]),
        .testTarget(name: "SynDataTests", dependencies: ["SynData", "SynCore"], exclude: ["References"]),
        .testTarget(
            name: "DSPTests", dependencies: ["DSP", "SynCore"],
            exclude: ["References/lpc_librosa.py", "References/scipy_windows.py", "References/librosa_melspec.py"],
            resources: [.copy("References/librosa_melspec.npz")]),
        .testTarget(name: "SynToneTests", dependencies: ["SynTone", "SynData", "DSP", "SynCore"], exclude: ["References"]),
        .testTarget(name: "SynSpeechTests", dependencies: ["SynSpeech", "SynData", "DSP", "SynCore"], exclude: ["References"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "SynData", "Neural", "SynCore", "Metrics", "DSP", "CZlib"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "SynCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural", "SynCore"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Metrics", "SynCore"],
                    exclude: ["References"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
