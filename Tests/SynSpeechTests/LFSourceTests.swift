import DSP
import Foundation
import Testing
@testable import SynSpeech

/// The LF voice source in Fant's Rd form: the solved pulse (return-phase and area-balance
/// equations, the closed-form flow), exact fractional F0, flow returning to zero, and the
/// known rise of H1-H2 with Rd.
@Suite struct LFSourceTests {
    static let sampleRate = 16_000.0
    static let rdGrid = stride(from: 0.3, through: 2.7001, by: 0.1).map { $0 }

    @Test("alpha and epsilon satisfy the area balance and the return-phase equation to 1e-9 for Rd 0.3...2.7")
    func pulseEquations() {
        var worstArea = 0.0, worstReturn = 0.0
        for rd in Self.rdGrid {
            let p = LFPulse(rd: rd)
            worstArea = max(worstArea, p.areaBalanceResidual)
            worstReturn = max(worstReturn, p.returnPhaseResidual)
            // E is continuous at te (what eps was solved for) and the flow peaks at 1 at tp.
            let below = p.derivative(at: p.te), above = p.derivative(at: p.te + 1e-12)
            #expect(abs(below + p.ee) <= 1e-9 * p.ee)
            #expect(abs(above + p.ee) <= 1e-6 * p.ee)
            #expect(abs(p.flow(at: p.tp) - 1) < 1e-12)
            #expect(abs(p.flow(at: 0)) < 1e-12)
            // The timing satisfies Fant's Rd relation it was derived from:
            // Rd = (1 / 0.11)(0.5 + 1.2 Rk)(Rk / (4 Rg) + Ra), Rg = 1 / (2 tp), Rk = te / tp - 1, Ra = ta.
            let rg = 1 / (2 * p.tp), rk = p.te / p.tp - 1
            #expect(abs((0.5 + 1.2 * rk) * (rk / (4 * rg) + p.ta) / 0.11 - rd) < 1e-12)
            #expect(abs(rk - (22.4 + 11.8 * rd) / 100) < 1e-12 && abs(p.ta - (-1 + 4.8 * rd) / 100) < 1e-15)
        }
        print(String(format: "LF pulse over Rd 0.3...2.7: worst |U(1)| %.2e (peak 1), worst return-phase residual %.2e",
                     worstArea, worstReturn))
        #expect(worstArea < 1e-9)
        #expect(worstReturn < 1e-9)
    }

    @Test("the closed-form flow equals the numerical integral of the derivative (Simpson) to 1e-8")
    func flowIsTheIntegralOfTheDerivative() {
        for rd in [0.3, 1.0, 2.7] {
            let p = LFPulse(rd: rd)
            // Simpson's rule on each side of te separately (E has a kink there).
            func integral(_ a: Double, _ b: Double) -> Double {
                let n = 20_000, h = (b - a) / Double(n)
                var sum = p.derivative(at: a) + p.derivative(at: b)
                for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * p.derivative(at: a + Double(i) * h) }
                return sum * h / 3
            }
            for t in [0.1, p.tp, p.te, 0.5 * (p.te + 1), 1] {
                let numeric = t <= p.te ? integral(0, t) : integral(0, p.te) + integral(p.te, t)
                #expect(abs(numeric - p.flow(at: t)) < 1e-8, "Rd \(rd) t \(t): \(numeric) vs \(p.flow(at: t))")
            }
        }
    }

    @Test("OQ maps to the Rd whose te / T0 is OQ, clamped to 0.3...2.4")
    func openQuotientToRd() {
        for q in stride(from: 0.36, through: 0.78, by: 0.02) {
            let rd = LFPulse.rd(openQuotient: q)
            #expect(abs(LFPulse.timing(rd: rd).te - q) < 1e-12)
        }
        #expect(LFPulse.rd(openQuotient: 0.1) == 0.3)
        #expect(LFPulse.rd(openQuotient: 0.95) == 2.4)
    }

    @Test("exact fractional F0: periods counted over 2 s give F0 to 0.01 Hz (not whole-sample periods)",
          arguments: [120.0, 97.3, 211.7])
    func exactFractionalF0(f0: Double) {
        var source = LFSource(sampleRate: Self.sampleRate, frame: LFFrame(rd: 1))
        let run = SourceMeasurement.run(&source, f0: f0, count: Int(2 * Self.sampleRate))
        let measured = Self.sampleRate / run.meanPeriod
        let rounded = Self.sampleRate / (Self.sampleRate / f0).rounded()
        print(String(format: "LF F0 %.1f: %d periods, measured %.5f Hz; whole-sample periods would give %.2f Hz",
                     f0, run.wraps.count - 1, measured, rounded))
        #expect(abs(measured - f0) < 0.01)
        let spectral = SpectrumAnalyzer(length: run.output.count, sampleRate: Self.sampleRate)
            .peakFrequency(run.output, near: 5 * f0) / 5
        #expect(abs(spectral - f0) / f0 < 1e-4)
    }

    @Test("the running sum of the output is the pulse's flow: peak 1, zero at every period end, no drift over 2 s",
          arguments: [(120.0, 0.3), (97.3, 1.0), (211.7, 2.7)])
    func flowReturnsToZero(f0: Double, rd: Double) {
        var source = LFSource(sampleRate: Self.sampleRate, frame: LFFrame(amplitude: 1, rd: rd))
        var flow = 0.0, peak = 0.0, worstTelescope = 0.0, worstAtEnd = 0.0
        for _ in 0..<Int(2 * Self.sampleRate) {
            let before = source.phase.cycles
            flow += source.next(f0: f0)
            // The sum so far is the flow at the phase the sample was taken at.
            worstTelescope = max(worstTelescope, abs(flow - source.pulse.flow(at: before)))
            peak = max(peak, flow)
            if source.phase.cycles < before { worstAtEnd = max(worstAtEnd, abs(flow)) }
        }
        print(String(format: "LF F0 %.1f Rd %.1f: peak flow %.5f, worst |flow| at the last sample of a period %.2e, worst |sum - U| %.2e",
                     f0, rd, peak, worstAtEnd, worstTelescope))
        #expect(abs(peak - 1) < 0.005)
        #expect(worstAtEnd < 2e-3)
        #expect(worstTelescope < 1e-9)
    }

    /// The steep return phase of a small Rd (ta = 0.59 samples at Rd 0.3, 120 Hz) is what would
    /// alias; point samples of E(t) (times the phase step) are the unprotected alternative.
    @Test("exact per-sample integration lowers the aliases above 0.45 fs against point sampling (printed; at least 3 dB)",
          arguments: [(120.0, 0.3), (211.7, 0.3), (120.0, 1.0)])
    func integrationLowersAliasing(f0: Double, rd: Double) {
        let count = Int(2 * Self.sampleRate)
        var source = LFSource(sampleRate: Self.sampleRate, frame: LFFrame(rd: rd))
        let integrated = SourceMeasurement.run(&source, f0: f0, count: count).output
        let pulse = LFPulse(rd: rd), delta = f0 / Self.sampleRate
        var phase = PhaseAccumulator(startCycles: 0)
        var pointSampled = [Double](repeating: 0, count: count)
        for n in 0..<count {
            pointSampled[n] = pulse.derivative(at: phase.cycles) * delta
            phase.advance(by: delta)
        }
        let a = KLGLOTT88SourceTests.highBandPower(integrated, f0: f0, above: 0.45)
        let b = KLGLOTT88SourceTests.highBandPower(pointSampled, f0: f0, above: 0.45)
        let gain = 10 * log10(b.inharmonic / a.inharmonic)
        print(String(format: "LF F0 %.1f Rd %.1f: above 0.45 fs the integrated output has %.1f dB less alias power than point samples",
                     f0, rd, gain))
        #expect(gain >= 3)
    }

    @Test("H1-H2 rises monotonically with Rd over 0.3...2.7 (from about -4 dB to about +19 dB)")
    func h1h2RisesWithRd() {
        let f0 = 125.0
        var values: [(Double, Double)] = []
        for rd in stride(from: 0.3, through: 2.7001, by: 0.2) {
            var source = LFSource(sampleRate: Self.sampleRate, frame: LFFrame(rd: rd))
            let x = SourceMeasurement.run(&source, f0: f0, count: Int(Self.sampleRate)).output
            let analyzer = SpectrumAnalyzer(length: x.count, sampleRate: Self.sampleRate)
            let h1 = analyzer.partialAmplitude(x, at: f0), h2 = analyzer.partialAmplitude(x, at: 2 * f0)
            values.append((rd, 20 * log10(h1 / h2)))
        }
        print("LF H1-H2 (dB) by Rd: " + values.map { String(format: "%.1f: %+.2f", $0.0, $0.1) }.joined(separator: ", "))
        #expect(zip(values, values.dropFirst()).allSatisfy { $1.1 > $0.1 })
        #expect(values.first!.1 < -2 && values.last!.1 > 17)
    }
}
