import DSP
import Foundation
import Testing
@testable import SynSpeech

/// Klatt 1980's impulse source: exact fractional F0 with the impulse split between two
/// samples, the isolated pulse's peak flow, and a bounded, periodic flow (no DC drift).
@Suite struct ImpulseSourceTests {
    static let sampleRate = 16_000.0

    @Test("exact fractional F0: periods counted over 2 s give F0 to 0.01 Hz; spectral F0 to 1e-4",
          arguments: [120.0, 97.3, 211.7])
    func exactFractionalF0(f0: Double) {
        var source = ImpulseSource(sampleRate: Self.sampleRate)
        let run = SourceMeasurement.run(&source, f0: f0, count: Int(2 * Self.sampleRate))
        let measured = Self.sampleRate / run.meanPeriod
        let spectral = SpectrumAnalyzer(length: run.output.count, sampleRate: Self.sampleRate)
            .peakFrequency(run.output, near: 5 * f0) / 5
        print(String(format: "impulse F0 %.1f: %d periods, measured %.5f Hz, spectral %.5f Hz", f0, run.wraps.count - 1,
                     measured, spectral))
        #expect(abs(measured - f0) < 0.01)
        #expect(abs(spectral - f0) / f0 < 1e-4)
    }

    /// The centroid (in samples) of the flow of the first pulse of a 10 Hz source whose phase is
    /// set so the pulse falls `offset` samples after sample 99 (0 < offset <= 1).
    static func flowCentroid(offset: Double) -> Double {
        let f0 = 10.0, delta = f0 / sampleRate
        var source = ImpulseSource(sampleRate: sampleRate)
        // One sample at the frequency that moves the phase to 1 - (99 + offset) delta (no wrap, so
        // nothing else changes); from then on the wrap falls at sample 99 + offset exactly.
        _ = source.next(f0: (1 - (99 + offset) * delta) * sampleRate)
        var flow = 0.0, moment = 0.0, mass = 0.0
        for n in 1..<1400 {
            flow += source.next(f0: f0)
            moment += Double(n) * flow
            mass += flow
        }
        return moment / mass
    }

    /// The linear split puts the impulse's first moment at exactly n + d; the filters add the same
    /// delay to every pulse, so centroids differ by the offsets.
    @Test("the impulse lands at its fractional time: flow centroids move by the offset within 1e-6 sample",
          arguments: [0.1, 0.37, 0.5, 0.93])
    func fractionalPlacement(offset: Double) {
        let shift = Self.flowCentroid(offset: offset) - Self.flowCentroid(offset: 1)
        print(String(format: "impulse offset %.2f: flow centroid %+.7f samples from the whole-sample pulse", offset, shift))
        #expect(abs(shift - (offset - 1)) < 1e-6)
    }

    @Test("an isolated pulse has peak flow 1; at 120 Hz the flow is periodic with mean weight x F0 / fs (no drift)")
    func normalisationAndNoDrift() {
        var isolated = ImpulseSource(sampleRate: Self.sampleRate)
        var flow = 0.0, peak = 0.0
        // F0 5 Hz: the first pulse falls at the end of the first 3,200-sample period.
        for _ in 0..<6000 {
            flow += isolated.next(f0: 5)
            peak = max(peak, flow)
        }
        #expect(abs(peak - 1) < 0.01)

        let f0 = 120.0
        var source = ImpulseSource(sampleRate: Self.sampleRate)
        let count = Int(2 * Self.sampleRate)
        flow = 0
        var firstHalf = 0.0, secondHalf = 0.0, steadyPeak = 0.0, steadyMinimum = Double.infinity
        for n in 0..<count {
            flow += source.next(f0: f0)
            if n >= count / 4 && n < count / 2 { firstHalf += flow }
            if n >= count / 2 {
                secondHalf += flow
                steadyPeak = max(steadyPeak, flow)
                steadyMinimum = min(steadyMinimum, flow)
            }
        }
        let expectedMean = source.unitPulseWeight * f0 / Self.sampleRate
        let mean1 = firstHalf / Double(count / 4), mean2 = secondHalf / Double(count / 2)
        print(String(format: "impulse 120 Hz: isolated peak flow %.5f; steady flow %.3f...%.3f, mean %.6f then %.6f (expected %.6f)",
                     peak, steadyMinimum, steadyPeak, mean1, mean2, expectedMean))
        #expect(abs(mean2 - expectedMean) / expectedMean < 0.01)
        #expect(abs(mean1 - mean2) / expectedMean < 0.01)
    }
}
