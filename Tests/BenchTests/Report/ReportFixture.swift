import Bench
import DSP
import Foundation

/// A realistic synthetic study for the report tests: two datasets, two methods, two seeds,
/// every kind of row, and traversals of real log-mel spectrograms (of synthetic tones whose
/// pitch, loudness and brightness follow the latents) with real Griffin-Lim audio.
enum ReportFixture {
    static let sampleRate = 16_000.0
    static let preset = FeaturePreset.mel64
    static let values: [Double] = [-3, -2, -1, 0, 1, 2, 3]
    static let methods = ["β-VAE (β=4)", "FactorVAE (γ=6)"]
    /// The dB range mapped to [0, 1] by the synthetic minmax normalisation.
    static let scaling = LogMelScaling(shift: -100, scale: 1.0 / 110)

    /// Built once and shared by the tests that need it (Griffin-Lim takes a moment in debug).
    static let report: StudyReport = makeReport()

    /// A harmonic tone: `pitch` octaves/3 above 220 Hz, `loudness` in dB steps of 4, `brightness`
    /// tilting the harmonics.
    static func tone(pitch: Double, loudness: Double, brightness: Double) -> [Float] {
        let n = Int(sampleRate)
        let f0 = 220 * pow(2, pitch / 3)
        let gain = 0.3 * pow(10, loudness * 4 / 20)
        let tilt = 0.55 + 0.12 * brightness
        return (0..<n).map { i in
            let t = Double(i) / sampleRate
            var x = 0.0
            var a = 1.0
            for h in 1...8 where f0 * Double(h) < sampleRate / 2 {
                x += a * sin(2 * Double.pi * f0 * Double(h) * t)
                a *= tilt
            }
            let fade = min(1, Double(i) / 800, Double(n - 1 - i) / 800)
            return Float(gain * x * fade)
        }
    }

    /// The normalised log-mel of a tone ([64, 64] band-major).
    static func features(pitch: Double, loudness: Double, brightness: Double) -> [Float] {
        let mel = try! MelSpectrogram(preset.melParameters(sampleRate: sampleRate))
        let (logMel, _) = mel.compute(tone(pitch: pitch, loudness: loudness, brightness: brightness), compression: .librosaDecibels)
        return logMel.map { Float((Double($0) - scaling.shift) * scaling.scale) }
    }

    static func traversal(method: Int) -> Traversal {
        // Method 0 puts pitch in z0 and loudness in z1; method 1 swaps them; z2 is brightness
        // for both and z3 is a dead latent.
        let spectrograms: [[[Float]]] = (0..<4).map { latent in
            values.map { v in
                let pitch = (latent == 0) == (method == 0) && latent < 2 ? v : 0
                let loudness = (latent == 1) == (method == 0) && latent < 2 ? v * 0.5 : 0
                let brightness = latent == 2 ? v : 0
                return features(pitch: pitch, loudness: loudness, brightness: brightness)
            }
        }
        let audio = try! TraversalAudio.render(spectrograms: spectrograms, width: preset.frameCount, preset: preset,
                                               sampleRate: sampleRate, scaling: scaling)
        return Traversal(dataset: "syntone-small", method: methods[method], seed: 1, values: values, height: preset.melCount,
                         width: preset.frameCount, spectrograms: spectrograms, audio: audio, sampleRate: Int(sampleRate),
                         caption: "item 17: sawtooth, 277 Hz")
    }

    static func makeReport() -> StudyReport {
        let toneFactors = [FactorCard(name: "waveform", kind: "categorical", valueCount: 4),
                           FactorCard(name: "frequency", kind: "ordinal", valueCount: 8),
                           FactorCard(name: "amplitude", kind: "ordinal", valueCount: 4),
                           FactorCard(name: "brightness", kind: "continuous", valueCount: 16)]
        let speechFactors = [FactorCard(name: "speaker", kind: "categorical", valueCount: 6),
                             FactorCard(name: "vowel", kind: "categorical", valueCount: 5),
                             FactorCard(name: "f0", kind: "ordinal", valueCount: 5)]
        let datasets = [
            DatasetCard(name: "syntone-small", itemCount: 2048, factors: toneFactors,
                        identifiability: "All 2048 factor combinations render distinct audio.\nwaveform: distinct below 3.9 kHz (checked on 64 pairs)."),
            DatasetCard(name: "synspeech-tiny", itemCount: 150, factors: speechFactors,
                        identifiability: "speaker × vowel × f0: every cell distinct (minimum log-mel distance 4.1 dB)."),
        ]
        let metrics = ["MIG", "DCI disentanglement", "DCI completeness", "DCI informativeness", "SAP", "Modularity", "Explicitness"]
        var summary: [SummaryRow] = []
        var probes: [ProbeRow] = []
        var mi: [MIMatrix] = []
        var curves: [TrainingCurve] = []
        for (d, card) in datasets.enumerated() {
            for (m, method) in methods.enumerated() {
                for (k, metric) in metrics.enumerated() {
                    let base = 0.08 + 0.1 * Double(k) + 0.05 * Double(m) - 0.03 * Double(d)
                    summary.append(SummaryRow(dataset: card.name, method: method, metric: metric, mean: min(base, 0.97),
                                              std: 0.01 + 0.005 * Double(k % 3), count: 2))
                }
                summary.append(SummaryRow(dataset: card.name, method: method, metric: "reconstruction", mean: 152.4 - 6.5 * Double(m),
                                          std: 1.2, count: 2, higherIsBetter: false))
                for (f, factor) in card.factors.enumerated() {
                    summary.append(SummaryRow(dataset: card.name, method: method, metric: "MIG", factor: factor.name,
                                              mean: 0.02 + 0.07 * Double((f + m) % 4), std: 0.01, count: 2))
                    for kind in ["linear", "knn"] {
                        let chance = factor.kind == "continuous" ? 0 : 1 / Double(factor.valueCount)
                        probes.append(ProbeRow(dataset: card.name, method: method, factor: factor.name, kind: kind,
                                               mean: min(0.98, chance + 0.45 + 0.08 * Double(f) - 0.1 * Double(m) + (kind == "knn" ? 0.06 : 0)),
                                               std: 0.02 + 0.01 * Double(f % 2), chance: chance))
                    }
                }
                for seed in [1, 2] {
                    let values = (0..<6).map { latent in
                        card.factors.indices.map { f in latent == (f + m) % 6 ? 0.9 - 0.1 * Double(f) : 0.04 * Double((latent + f + seed) % 3) }
                    }
                    mi.append(MIMatrix(dataset: card.name, method: method, seed: seed, latentCount: 6,
                                       factorNames: card.factors.map(\.name), values: values))
                    let steps = Array(stride(from: 0, through: 2000, by: 50))
                    var series = [
                        CurveSeries(name: "reconstruction", values: steps.map { 150 + 400 * exp(-Double($0) / (300 + 100 * Double(m))) }),
                        CurveSeries(name: "KL", values: steps.map { 18 * (1 - exp(-Double($0) / 250)) + Double(m) }),
                    ]
                    if m == 1 { series.append(CurveSeries(name: "total correlation", values: steps.map { 6 * exp(-Double($0) / 600) + 0.4 })) }
                    curves.append(TrainingCurve(dataset: card.name, method: method, seed: seed, steps: steps, series: series))
                }
            }
        }
        let config = """
        # bench config <with markup> & quotes "like this"
        name: quick
        datasets: [syntone-small, synspeech-tiny]
        features: {preset: mel64, normalization: minmax}
        methods:
          - {objective: beta-vae, beta: 4}
          - {objective: factor-vae, gamma: 6}
        seeds: [1, 2]
        """
        return StudyReport(title: "Quick study: β-VAE vs FactorVAE", configText: config, generatedBy: "synbench report tests (synthetic scores, real Griffin-Lim audio)",
                           datasets: datasets, methods: methods, seeds: [1, 2], summary: summary, miMatrices: mi,
                           curves: curves, probes: probes, traversals: [traversal(method: 0), traversal(method: 1)])
    }
}
