import DSP
import SynCore
import SynData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Samples rendered per block: the phase recurrences are re-seeded from exact sin/cos at every
/// block start, so rounding error cannot build up over a long tone (at most 1024 rotations,
/// about 1e-13 relative).
private let blockLength = 4096
/// Samples evaluated side by side: one SIMD4<Double>, two SSE2 or NEON registers, so the
/// Clenshaw loop's seven live vectors fit the 16 registers of baseline x86-64 without spilling.
private let lanes = 4

extension ToneRenderer {
    /// Band-limited synthesis of `p` (see ``render(_:gain:rng:into:)`` and ``BandLimitedVoice``).
    func renderBandLimited(_ p: ToneParameters, gain: Double, count: Int,
                           rng: inout Xoshiro256StarStar, into out: UnsafeMutableBufferPointer<Float>) {
        guard count > 0, let output = out.baseAddress else { return }
        BandLimitedVoice(p, renderer: self, gain: gain, count: count).render(count: count, rng: &rng, into: output)
    }
}

/// One band-limited tone, ready to render.
///
/// Per sample n the fundamental's phasor (cos theta_n, sin theta_n) is produced, then the
/// whole series is summed with Clenshaw's recurrence in Float64 (sin(k theta) and cos(k theta)
/// both satisfy y_{k+1} = 2 cos(theta) y_k - y_{k-1}; odd-only series step by 2 theta). At a
/// constant frequency the phasors come from a rotation recurrence (one complex multiply per
/// sample; 4 lanes one sample apart, each advanced by 4 samples), re-seeded exactly every 4096
/// samples: theta_n = phase + 2 pi frac(n f / sampleRate). With glide or vibrato theta_n is
/// accumulated in cycles (``FrequencyTrajectory``) and its sine and cosine are evaluated by
/// ``sineCosine(_:)``. Output = Float(envelope(t_n) * sum + noise_n), t_n = n / sampleRate.
struct BandLimitedVoice {
    /// Sine coefficients (times amplitude and gain) of the harmonics 1, 2, 3, ... or, when
    /// `oddOnly`, 1, 3, 5, ...; then the cosine coefficients of 1, 2, 3, ... (pulse only).
    private let terms: [Double]
    private let sineTermCount: Int
    private let oddOnly: Bool
    private let envelope: ADSREnvelope
    private let trajectory: FrequencyTrajectory
    private let sampleRate: Double
    /// Samples go straight from the series to Float (no envelope, no noise).
    private let direct: Bool
    private let noiseDeviation: Double?
    private let startCycles: Double
    private let cyclesPerSample: Double
    /// e^{i 4 omega}: advances a lane by 4 samples.
    private let rotation: (re: SIMD4<Double>, im: SIMD4<Double>)
    /// e^{i l omega}, l = 0...3: lane l's offset from the block's first sample.
    private let laneOffset: (re: SIMD4<Double>, im: SIMD4<Double>)

    init(_ p: ToneParameters, renderer: ToneRenderer, gain: Double, count: Int) {
        sampleRate = Double(renderer.sampleRate)
        let series = renderer.series(p)
        let scale = p.amplitude * gain
        oddOnly = series.cosine == nil && ToneSeries.isOddOnly(p.waveform, pulseWidth: p.pulseWidth)
        let sineTerms = stride(from: 0, to: series.harmonicCount, by: oddOnly ? 2 : 1).map { series.sine[$0] * scale }
        sineTermCount = sineTerms.count
        terms = sineTerms + (series.cosine ?? []).map { $0 * scale }
        envelope = ADSREnvelope(p)
        trajectory = FrequencyTrajectory(p)
        direct = envelope.isIdentity && p.snr == nil
        if let snr = p.snr {
            let power = series.meanPower * scale * scale * envelope.meanSquare(count: count, sampleRate: sampleRate)
            noiseDeviation = (power / pow(10, snr / 10)).squareRoot()
        } else {
            noiseDeviation = nil
        }
        startCycles = p.phase / (2 * Double.pi)
        cyclesPerSample = p.frequency / sampleRate
        let step = 2 * Double.pi * fractionalPart(cyclesPerSample * Double(lanes))
        rotation = (SIMD4(repeating: cos(step)), SIMD4(repeating: sin(step)))
        var offsetRe = SIMD4<Double>(repeating: 1), offsetIm = SIMD4<Double>(repeating: 0)
        for l in 1..<lanes {
            let angle = 2 * Double.pi * fractionalPart(cyclesPerSample * Double(l))
            offsetRe[l] = cos(angle)
            offsetIm[l] = sin(angle)
        }
        laneOffset = (offsetRe, offsetIm)
    }

    /// Writes `count` samples to `output`, drawing the noise from `rng`.
    func render(count: Int, rng: inout Xoshiro256StarStar, into output: UnsafeMutablePointer<Float>) {
        // Scratch (phasors and sums) is needed only off the fast path, which thus stays free of
        // a 96 kB allocation per tone.
        let scratchLength = trajectory.isConstant && direct ? 1 : 3 * blockLength
        terms.withUnsafeBufferPointer { terms in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: scratchLength) { scratch in
                var phase = PhaseAccumulator(startCycles: startCycles)
                var blockStart = 0
                while blockStart < count {
                    let length = min(blockLength, count - blockStart)
                    renderBlock(start: blockStart, length: length, terms: terms, scratch: scratch,
                                phase: &phase, rng: &rng, into: output + blockStart)
                    blockStart += length
                }
            }
        }
    }

    private func renderBlock(start: Int, length: Int, terms: UnsafeBufferPointer<Double>,
                             scratch: UnsafeMutableBufferPointer<Double>, phase: inout PhaseAccumulator,
                             rng: inout Xoshiro256StarStar, into target: UnsafeMutablePointer<Float>) {
        let cosines = scratch.baseAddress!
        let sines = scratch.count > 1 ? cosines + blockLength : cosines
        let sums = scratch.count > 1 ? sines + blockLength : cosines
        let sineTerms = UnsafeBufferPointer(rebasing: terms[..<sineTermCount])
        let cosineTerms = UnsafeBufferPointer(rebasing: terms[sineTermCount...])
        var re = SIMD4<Double>(repeating: 0), im = SIMD4<Double>(repeating: 0)
        if trajectory.isConstant {
            let angle = PhaseAccumulator.phase(start: startCycles, cyclesPerSample: cyclesPerSample, sample: start)
            let c = SIMD4<Double>(repeating: cos(angle)), s = SIMD4<Double>(repeating: sin(angle))
            re = c * laneOffset.re - s * laneOffset.im
            im = c * laneOffset.im + s * laneOffset.re
        } else {
            var stepper = FrequencyTrajectory.Stepper(trajectory, first: start, sampleRate: sampleRate)
            for i in 0..<((length + lanes - 1) / lanes * lanes) {
                let phasor = sineCosine(phase.radians)
                cosines[i] = phasor.cos
                sines[i] = phasor.sin
                phase.advance(by: stepper.next() / sampleRate)
            }
        }
        var i = 0
        while i < length {
            if !trajectory.isConstant {
                re = UnsafeRawPointer(cosines + i).loadUnaligned(as: SIMD4<Double>.self)
                im = UnsafeRawPointer(sines + i).loadUnaligned(as: SIMD4<Double>.self)
            }
            let v = seriesSum(cos: re, sin: im, sineTerms: sineTerms, cosineTerms: cosineTerms)
            if trajectory.isConstant {
                let next = re * rotation.re - im * rotation.im
                im = re * rotation.im + im * rotation.re
                re = next
            }
            if direct && i + lanes <= length {
                UnsafeMutableRawPointer(target + i).storeBytes(of: SIMD4<Float>(v), as: SIMD4<Float>.self)
            } else if direct {
                for l in 0..<(length - i) { target[i + l] = Float(v[l]) }
            } else {
                UnsafeMutableRawPointer(sums + i).storeBytes(of: v, as: SIMD4<Double>.self)
            }
            i += lanes
        }
        if !direct {
            for j in 0..<length {
                var v = sums[j]
                if !envelope.isIdentity { v *= envelope.value(at: Double(start + j) / sampleRate) }
                if let noiseDeviation { v += noiseDeviation * rng.nextGaussian() }
                target[j] = Float(v)
            }
        }
    }

    /// For 4 samples with phasors (cos theta, sin theta): sum_j a_j sin(k_j theta) + sum_k c_k
    /// cos(k theta) by Clenshaw's recurrence, k_j = j + 1 (or 2 j + 1 when `oddOnly`).
    @inline(__always)
    private func seriesSum(cos c: SIMD4<Double>, sin s: SIMD4<Double>, sineTerms a: UnsafeBufferPointer<Double>,
                           cosineTerms: UnsafeBufferPointer<Double>) -> SIMD4<Double> {
        var v: SIMD4<Double>
        if a.count == 1 {
            v = s * SIMD4(repeating: a[0])
        } else {
            // alpha = 2 cos(step * theta); the sum is phi_0 B_0 - phi_{-1} B_1 with
            // phi_j = sin((1 + step j) theta): phi_{-1} = 0 (step 1) or -sin(theta) (step 2).
            let alpha = oddOnly ? 4 * c * c - 2 : 2 * c
            var b1 = SIMD4<Double>(repeating: 0), b2 = SIMD4<Double>(repeating: 0)
            var j = a.count - 1
            while j >= 0 {
                let b0 = alpha * b1 - b2 + SIMD4(repeating: a[j])
                b2 = b1
                b1 = b0
                j -= 1
            }
            v = oddOnly ? s * (b1 + b2) : s * b1
        }
        if cosineTerms.count > 0 {
            // Cosine series, step 1: phi_0 = cos(theta), phi_{-1} = cos(0) = 1.
            let alpha = 2 * c
            var b1 = SIMD4<Double>(repeating: 0), b2 = SIMD4<Double>(repeating: 0)
            var j = cosineTerms.count - 1
            while j >= 0 {
                let b0 = alpha * b1 - b2 + SIMD4(repeating: cosineTerms[j])
                b2 = b1
                b1 = b0
                j -= 1
            }
            v += c * b1 - b2
        }
        return v
    }
}
