import Foundation
import Testing
import SynCore
import SynData
@testable import SynTone

/// Every config in configs/ decodes and generates; the presets have the sizes and grids the
/// spec gives.
@Suite struct ConfigPresetTests {
    static var configFiles: [String] {
        let dir = DatasetFixtures.packageRoot + "/configs"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { dir + "/" + $0 }
    }

    @Test func everyConfigGenerates() throws {
        let files = ConfigPresetTests.configFiles
        #expect(files.count >= 5)
        for file in files {
            var text = try String(contentsOfFile: file, encoding: .utf8)
            let root = try ConfigValue.parseYAML(text, file: file)
            guard try DatasetConfig.generatorName(file: file, root: root) == SynToneConfig.generatorName else { continue }
            // Random designs are surveyed whole (every item's peak); keep that quick in debug
            // builds by shrinking the item count. Grids render their first items only.
            if text.contains("sampling: random") {
                text = text.replacingOccurrences(of: #"count: \d+"#, with: "count: 12", options: .regularExpression)
            }
            let out = DatasetFixtures.tempFolder()
            defer { DatasetFixtures.remove(out) }
            let plan = try DatasetFixtures.generate(text, file: file, into: out + "/d", limit: 3)
            #expect(plan.itemCount == 3, "\(file)")
            let report = try DatasetVerifier.verify(folder: out + "/d", jobs: 2)
            #expect(report.problems.isEmpty, "\(file): \(report.problems)")
        }
    }

    func plan(_ name: String) throws -> DatasetPlan {
        try DatasetSurvey.plan(for: try SynToneConfig.load(path: DatasetFixtures.preset(name)))
    }

    func values(_ plan: DatasetPlan, _ factor: String) -> [Double] {
        guard let f = plan.factors.first(where: { $0.name == factor }), case let .discrete(v, _) = f.domain else { return [] }
        return v
    }

    @Test func publishedGridIsBandLimitedWithoutNyquist() throws {
        let p = try plan("syntone")
        #expect(p.count == 32000 && p.sampleRate == 16000 && p.duration == 1 && p.format == .pcm16)
        let f = values(p, "frequency")
        #expect(f.count == 400 && f[0] == 440 && f.last! < 8000 && abs(f[1] - f[0] - 18.9) < 1e-9)
        #expect(values(p, "amplitude") == ValueGrid.linear(start: 0.1, stop: 1, count: 20, endpoint: true))
        #expect(p.config["oscillator"] == .string("bandlimited"))
        // Identifiability, counted independently: harmonic k is kept while k f < cutoff
        // (7680 Hz), so square and triangle reduce to a sine from 2560 Hz (sine, square and
        // triangle all confounded) and sawtooth from 3840 Hz.
        let cutoff = 8000.0 - 0.02 * 16000
        let threeWay = f.filter { 3 * $0 >= cutoff }.count
        let sawtooth = f.filter { 2 * $0 >= cutoff }.count
        let expected = 20 * (3 * threeWay + sawtooth)
        #expect(p.identifiability["waveform"]?["unidentifiable"] == .integer(expected))
        #expect(p.identifiability["waveform"]?["total"] == .integer(32000))
        let fraction = p.identifiability["waveform"]?["fraction"]?.doubleValue ?? 0
        #expect(fraction > 0.6 && fraction < 0.7)
    }

    @Test func legacyKeepsThePublishedValues() throws {
        let p = try plan("syntone-legacy")
        let f = values(p, "frequency")
        #expect(f.count == 400 && f.last == 8000 && f[0] == 440)
        #expect(p.config["oscillator"] == .string("legacy"))
        #expect(p.identifiability["waveform"]?["unidentifiable"] == .integer(0))
    }

    @Test func identifiableGridIsIdentifiable() throws {
        let p = try plan("syntone-identifiable")
        #expect(p.count == 32000)
        let f = values(p, "frequency")
        #expect(f.first == 110 && f.last == 1500)
        #expect(p.identifiability["waveform"]?["unidentifiable"] == .integer(0))
    }

    @Test func smallAndRichPresets() throws {
        #expect(try plan("syntone-small").count == 400)
        let rich = try SynToneConfig.load(path: DatasetFixtures.preset("syntone-rich"))
        #expect(rich.config.sampling == .random(count: 50000))
        #expect(rich.config.factors.map(\.name) == ["waveform", "frequency", "amplitude", "attack", "vibrato_depth", "snr"])
        if case let .uniform(lower, upper, logScale, _) = rich.config.factors[1].domain {
            #expect(lower == 110 && upper == 1760 && logScale)
        } else {
            Issue.record("frequency is not a random range")
        }
    }

    @Test func seedOverrideAndDurationShortcut() throws {
        let g = try SynToneConfig.decode(file: "x.yaml", root: try ConfigValue.parseYAML(
            "generator: syntone\nseed: 3\nduration: 0.5\nfactors: [{name: frequency, values: [440]}]", file: "x.yaml"), seed: 9)
        #expect(g.config.seed == 9)
        #expect(g.base.duration == 0.5)
        #expect(throws: ConfigError.self) {
            try SynToneConfig.decode(file: "x.yaml", root: try ConfigValue.parseYAML(
                "generator: syntone\nduration: 0.5\nfactors: [{name: duration, values: [1]}]", file: "x.yaml"))
        }
    }
}
