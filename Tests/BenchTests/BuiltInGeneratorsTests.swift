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
