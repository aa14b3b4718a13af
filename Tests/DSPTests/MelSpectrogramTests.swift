import Foundation
import SynCore
import Testing
@testable import DSP

/// Our mel spectrograms against librosa's, written by `References/librosa_melspec.py`
/// (librosa 0.11.0, float64) into `References/librosa_melspec.npz`.
@Suite("MelSpectrogram against librosa")
struct MelSpectrogramTests {
    static func archive() throws -> NpzArchive {
        let url = try #require(Bundle.module.url(forResource: "librosa_melspec", withExtension: "npz"))
        return try NpzArchive(contentsOf: url)
    }

    /// The (set, signal) pairs the script wrote.
    static let cases: [(set: String, signal: String)] = [
        ("paper", "chirp"), ("paper", "twotone"), ("paper", "short"),
        ("paper_reflect", "chirp"), ("paper_reflect", "twotone"), ("paper_reflect", "short"),
        ("mel64", "chirp"), ("mel64", "twotone"), ("mel64", "short"),
        ("odd", "short"), ("odd", "ragged"),
    ]

    static func parameters(_ p: [Double]) -> MelParameters {
        MelParameters(sampleRate: p[0],
                      stft: STFTParameters(fftSize: Int(p[1]), hopLength: Int(p[2]), padding: p[6] == 1 ? .reflect : .constant),
                      melCount: Int(p[3]), minHz: p[4], maxHz: p[5])
    }

    /// The spec's tolerance: within 1e-4 relative on every bin within 60 dB of the item's peak,
    /// within 1e-4 of the peak on quieter bins. Returns the largest relative error on the loud
    /// bins and the largest error relative to the peak on the quiet ones.
    static func errors(ours: [Float], reference: [Double]) -> (loud: Double, quiet: Double) {
        let peak = reference.max() ?? 0
        var loud = 0.0, quiet = 0.0
        for (a, b) in zip(ours, reference) {
            let diff = abs(Double(a) - b)
            if b >= peak * 1e-6 { loud = max(loud, diff / b) } else { quiet = max(quiet, diff / peak) }
        }
        return (loud, quiet)
    }

    @Test("mel power equals librosa.feature.melspectrogram to the spec's tolerance", arguments: cases)
    func melPower(set: String, signal: String) throws {
        let npz = try Self.archive()
        let params = Self.parameters(try npz.array(named: "params.\(set)").doubles())
        let x = try npz.array(named: "signal.\(signal)").doubles().map { Float($0) }
        let reference = try npz.array(named: "mel.\(set).\(signal)")
        let mel = try MelSpectrogram(params)
        let (values, frames) = mel.compute(x)
        #expect([params.melCount, frames] == reference.shape)
        let e = Self.errors(ours: values, reference: reference.doubles())
        #expect(e.loud < 1e-4, "largest relative error on bins within 60 dB of the peak: \(e.loud)")
        #expect(e.quiet < 1e-4, "largest error on quieter bins relative to the peak: \(e.quiet)")
    }

    @Test("decibels equal power_to_db(ref=1, amin=1e-10) of librosa's power on the loud bins")
    func decibels() throws {
        let npz = try Self.archive()
        let params = Self.parameters(try npz.array(named: "params.paper").doubles())
        let x = try npz.array(named: "signal.twotone").doubles().map { Float($0) }
        let reference = try npz.array(named: "mel.paper.twotone").doubles()
        let (db, _) = try MelSpectrogram(params).compute(x, compression: .librosaDecibels)
        let peak = reference.max() ?? 0
        var worst = 0.0
        for (a, b) in zip(db, reference) where b >= peak * 1e-6 {
            worst = max(worst, abs(Double(a) - 10 * log10(max(b, 1e-10))))
        }
        // 1e-4 relative in power is 4.3e-4 dB.
        #expect(worst < 4.4e-4)
        // A silent signal sits at the floor 10 log10(1e-10) = -100 dB everywhere.
        let (silent, frames) = try MelSpectrogram(params).compute([Float](repeating: 0, count: 3000), compression: .librosaDecibels)
        #expect(frames == 1 + 3000 / 512)
        #expect(silent.allSatisfy { $0 == -100 })
    }

    @Test("top_db raises values below the item's maximum minus top_db; natural log adds the offset")
    func otherCompressions() throws {
        let npz = try Self.archive()
        let params = Self.parameters(try npz.array(named: "params.mel64").doubles())
        let x = try npz.array(named: "signal.chirp").doubles().map { Float($0) }
        let mel = try MelSpectrogram(params)
        let (db, _) = mel.compute(x, compression: .librosaDecibels)
        let (clipped, _) = mel.compute(x, compression: .decibels(amin: 1e-10, topDB: 40))
        let top = db.max() ?? 0
        #expect((db.min() ?? 0) < top - 40)
        let worstClip = zip(db, clipped).map { abs($1 - max($0, top - 40)) }.max() ?? 1
        #expect(worstClip < 1e-5)
        #expect(clipped.min() ?? 0 > top - 40 - 1e-5)
        let (power, _) = mel.compute(x)
        let (natural, _) = mel.compute(x, compression: .natural(offset: 1e-6))
        let worstLog = zip(power, natural).map { abs(Double($1) - log(Double($0) + 1e-6)) }.max() ?? 1
        #expect(worstLog < 1e-5)
    }

    @Test("the Slaney filterbank equals librosa.filters.mel (float32 weights) and is sparse as stored")
    func filterbank() throws {
        let npz = try Self.archive()
        let reference = try npz.array(named: "filters.mel64")
        let bank = try MelFilterbank(sampleRate: 16000, fftSize: 1024, melCount: 64)
        #expect(reference.shape == [64, 513])
        let ours = bank.matrix
        let worst = zip(ours, reference.doubles()).map { abs($0 - $1) / max(abs($1), 1e-12) }.max() ?? 1
        // librosa rounds its weights to float32 (relative 6e-8).
        #expect(worst < 1e-6)
        #expect(zip(ours, reference.doubles()).allSatisfy { ($0 == 0) == ($1 == 0) })
        #expect(bank.weights.count < ours.count / 10)
    }

    @Test("Slaney mel scale: 1 kHz is 15 mel, 6.4 kHz is 42 mel, and hz(mel:) inverts mel(hz:)")
    func scale() {
        #expect(abs(SlaneyMelScale.mel(hz: 1000) - 15) < 1e-12)
        #expect(abs(SlaneyMelScale.mel(hz: 6400) - 42) < 1e-12)
        #expect(abs(SlaneyMelScale.mel(hz: 500) - 7.5) < 1e-12)
        for f in [0.0, 123.4, 999.9, 1000, 4321, 11025] {
            #expect(abs(SlaneyMelScale.hz(mel: SlaneyMelScale.mel(hz: f)) - f) < 1e-9 * max(f, 1))
        }
    }

    @Test("presets: paper is 128 x 32 and mel64 is 64 x 64 for 1 s at 16 kHz")
    func presets() throws {
        for (preset, shape) in [(FeaturePreset.paper, [128, 32]), (.mel64, [64, 64])] {
            let mel = try MelSpectrogram(preset.melParameters(sampleRate: 16000))
            #expect([preset.melCount, mel.frameCount(samples: 16000)] == shape)
            #expect(preset.frameCount == shape[1])
        }
        #expect(FeaturePreset.named("mel64") == .mel64)
        #expect(FeaturePreset.named("mel 64") == nil)
    }

    @Test("bad parameters are refused with a message naming them")
    func badParameters() {
        #expect(throws: FeatureParameterError.self) { try STFT(STFTParameters(fftSize: 1, hopLength: 1)) }
        #expect(throws: FeatureParameterError.self) { try STFT(STFTParameters(fftSize: 512, hopLength: 0)) }
        #expect(throws: FeatureParameterError.self) { try MelFilterbank(sampleRate: 16000, fftSize: 512, melCount: 0) }
        #expect(throws: FeatureParameterError.self) { try MelFilterbank(sampleRate: 16000, fftSize: 512, melCount: 40, maxHz: 8001) }
        #expect(throws: FeatureParameterError.self) { try MelFilterbank(sampleRate: 16000, fftSize: 512, melCount: 40, minHz: 500, maxHz: 400) }
    }

    @Test("reflect padding bounces like NumPy's np.pad(mode='reflect') when the pad exceeds the signal")
    func reflectBounce() throws {
        // x = [1, 2, 3], N = 8: np.pad(x, 4, mode='reflect') = [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3].
        let stft = try STFT(STFTParameters(fftSize: 8, hopLength: 1, padding: .reflect))
        let power = stft.powerSpectrogram([1, 2, 3])
        let padded: [Double] = [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]
        let w = Window.hann.samples(count: 8, periodic: true)
        #expect(power.count == 4 * 5)
        for t in 0..<4 {
            // Bin 0 is the squared windowed sum.
            let dc = (0..<8).reduce(0.0) { $0 + w[$1] * padded[t + $1] }
            #expect(abs(power[t * 5] - dc * dc) < 1e-9)
        }
    }
}
