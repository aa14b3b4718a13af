import DSP
import Foundation
import SynCore
import Testing
@testable import SynSpeech

/// The synthesizer's shortcuts for speed give what the plain filters give: the cascade's skipped
/// nasal pair and kept coefficients against the resonators run one by one, and the noise's
/// distribution and draw count.
@Suite struct SynthesizerShortcutTests {
    static let sampleRate = 16_000.0

    /// Deterministic test input in [-0.5, 0.5).
    static func input(_ count: Int) -> [Double] {
        var rng = Xoshiro256StarStar(seed: 7)
        return (0..<count).map { _ in rng.nextDouble() - 0.5 }
    }

    @Test("cascade: skipping the cancelling nasal pair matches zero, pole and formants run one by one (1e-9), also after a nasal starts")
    func cascadeMatchesPlainFilters() {
        var oral = KlattFrame()
        (oral.fnp, oral.fnz, oral.bnp, oral.bnz) = (270, 270, 100, 100)
        var nasal = oral
        (nasal.fnz, nasal.bnz) = (450, 80)
        var cascade = CascadeBranch(sampleRate: Self.sampleRate, frame: oral)
        // The plain chain: anti-resonator, then pole, F1..F5 and the fixed formants, each over
        // the whole block, coefficients set every block.
        var zero = AntiResonator(frequency: oral.fnz, bandwidth: oral.bnz, sampleRate: Self.sampleRate)
        var poles = [Resonator](repeating: Resonator(frequency: 500, bandwidth: 60, sampleRate: Self.sampleRate),
                                count: 6)
            + cascade.fixedFrequencies.map { Resonator(frequency: $0, bandwidth: 0.06 * $0, sampleRate: Self.sampleRate) }
        let x = Self.input(640)
        var worst = 0.0
        for block in 0..<40 {
            let frame = block < 20 ? oral : nasal
            cascade.update(frame)
            zero.setFrequency(frame.fnz, bandwidth: frame.bnz, sampleRate: Self.sampleRate)
            let settings = [(frame.fnp, frame.bnp), (frame.f1, frame.b1), (frame.f2, frame.b2), (frame.f3, frame.b3),
                            (frame.f4, frame.b4), (frame.f5, frame.b5)]
            for (k, (f, b)) in settings.enumerated() { poles[k].setFrequency(f, bandwidth: b, sampleRate: Self.sampleRate) }
            var fast = Array(x[(16 * block)..<(16 * block + 16)])
            var plain = fast
            cascade.process(&fast, count: 16)
            zero.process(&plain, count: 16)
            for k in poles.indices { poles[k].process(&plain, count: 16) }
            for n in 0..<16 { worst = max(worst, abs(fast[n] - plain[n])) }
        }
        #expect(worst < 1e-9, "largest difference \(worst)")
    }

    @Test("noise: one draw per sample, mean 0 and variance 1, bounded by 2 sqrt(3), deterministic")
    func noiseDistribution() {
        var noise = KlattNoise(rng: Xoshiro256StarStar(seed: 42))
        var rng = Xoshiro256StarStar(seed: 42)
        let count = 1 << 17
        var sum = 0.0, squares = 0.0, largest = 0.0
        for _ in 0..<count {
            let x = noise.nextWhite()
            _ = rng.next()
            sum += x
            squares += x * x
            largest = max(largest, abs(x))
        }
        let mean = sum / Double(count)
        let variance = squares / Double(count) - mean * mean
        #expect(abs(mean) < 0.01, "mean \(mean)")
        #expect(abs(variance - 1) < 0.02, "variance \(variance)")
        #expect(largest <= 2 * 3.0.squareRoot())
        #expect(noise.rng.state == rng.state)
        var again = KlattNoise(rng: Xoshiro256StarStar(seed: 42))
        var first = KlattNoise(rng: Xoshiro256StarStar(seed: 42))
        #expect((0..<100).map { _ in again.next() } == (0..<100).map { _ in first.next() })
    }
}
