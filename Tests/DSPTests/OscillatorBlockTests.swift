import Foundation
import SynCore
import Testing
@testable import DSP

@Suite struct OscillatorBlockTests {
    @Test("the polynomial sine/cosine used for per-sample phasors matches libm to 1e-15")
    func sineCosineAccuracy() {
        var rng = Xoshiro256StarStar(seed: 8)
        var worst = 0.0
        for i in 0..<4000 {
            let x = i < 16 ? Double(i) * Double.pi / 4 : rng.nextDouble(in: -2 * Double.pi, 2 * Double.pi)
            let (s, c) = sineCosine(x)
            worst = max(worst, abs(s - sin(x)), abs(c - cos(x)))
        }
        #expect(worst < 1e-15, "worst error \(worst)")
    }

    @Test("the wrapped phase after a million steps equals the exact fractional period")
    func phaseAccumulatorStaysExact() {
        let cyclesPerSample = 440.0 / 16000
        var phase = PhaseAccumulator(startCycles: 2.25)
        #expect(phase.cycles == 0.25)
        for _ in 0..<1_000_000 { phase.advance(by: cyclesPerSample) }
        let exact = PhaseAccumulator.phase(start: 0.25, cyclesPerSample: cyclesPerSample, sample: 1_000_000)
        #expect(phase.cycles >= 0 && phase.cycles < 1)
        #expect(abs(phase.radians - exact) < 1e-9)
    }

    @Test("ADSR envelope: segment values, identity and mean square")
    func envelopeShape() {
        let e = ADSREnvelope(attack: 0.1, decay: 0.2, sustain: 0.6, release: 0.3, duration: 1)
        #expect(e.value(at: 0.05) == 0.5)
        #expect(abs(e.value(at: 0.2) - 0.8) < 1e-12)
        #expect(e.value(at: 0.5) == 0.6)
        #expect(abs(e.value(at: 0.85) - 0.3) < 1e-12)
        #expect(e.maximum == 1 && !e.isIdentity)
        let flat = ADSREnvelope(attack: 0, decay: 0, sustain: 1, release: 0, duration: 1)
        #expect(flat.isIdentity && flat.meanSquare(count: 100, sampleRate: 100) == 1)
        let half = ADSREnvelope(attack: 0, decay: 0, sustain: 0.5, release: 0, duration: 1)
        #expect(half.meanSquare(count: 100, sampleRate: 100) == 0.25)
    }
}
