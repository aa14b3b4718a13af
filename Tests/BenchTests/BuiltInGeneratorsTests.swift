import Foundation
import SynData
import Testing
@testable import Bench

@Suite struct BuiltInGeneratorsTests {
    @Test func knowsSynToneAndSynSpeech() {
        #expect(GeneratorRegistry.builtIn.names == ["syntone", "synspeech"])
    }

    @Test func unknownGeneratorNamesTheKnownOnes() throws {
        let path = NSTemporaryDirectory() + "synbench-registry-\(UUID().uuidString).yaml"
        try "generator: synwhat\nfactors: []\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try GeneratorRegistry.builtIn.load(path: path)
        } throws: { error in
            "\(error)" == "\(path): generator: unknown generator 'synwhat' (known: syntone, synspeech)"
        }
    }

    @Test func loadsTheSmallPreset() throws {
        let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../configs/syntone-small.yaml").standardized.path
        let generator = try GeneratorRegistry.builtIn.load(path: configs, seed: 3)
        #expect(generator.generatorName == "syntone")
        #expect(generator.config.seed == 3)
    }
}

/// Every preset in configs/ decodes through the built-in registry with the cardinality its
/// header comment promises (the published SynSpeech sizes among them).
@Suite struct PresetCatalogTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../configs").standardized.path

    @Test func everyPresetDecodesThroughTheRegistry() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.configs).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 9)
        for file in files {
            let generator = try GeneratorRegistry.builtIn.load(path: Self.configs + "/" + file)
            #expect(GeneratorRegistry.builtIn.names.contains(generator.generatorName), "\(file)")
        }
    }

    @Test(arguments: [("synspeech-small", 25_000), ("synspeech-medium", 50_000), ("synspeech-large", 109_560),
                      ("synspeech-vowels", 2160)])
    func synSpeechPresetCardinalities(name: String, items: Int) throws {
        let generator = try GeneratorRegistry.builtIn.load(path: Self.configs + "/" + name + ".yaml")
        #expect(generator.sampler.count == items)
    }
}
