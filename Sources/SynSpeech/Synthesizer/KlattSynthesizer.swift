import DSP
import Foundation
import SynCore

/// The Klatt cascade/parallel formant synthesizer (Klatt 1980, JASA 67(3) 971-995) with the
/// voicing sources of KLSYN88 (Klatt & Klatt 1990, JASA 87(2) 820-857): KLGLOTT88 (default), the
/// LF model in Fant's Rd form, or Klatt 1980's impulse train (``voiceSource``).
///
/// Per sample: the ``GlottalSource`` flow derivative (radiation folded in) at F0 interpolated
/// linearly between frames; its amplitude AV (and the quasi-sinusoidal AVS) latched at the start
/// of each glottal period, just after the sample following the period's end (which completes the
/// closing period's flow), and at once while voicing is off and the source allows it
/// (``GlottalSource/canStartVoicing``: KLGLOTT88's closed phase). The noise (``KlattNoise``,
/// radiated) scaled by AH, halved in the second half of each voiced period, joins the voicing in
/// the ``CascadeBranch``, and so does the same noise scaled by BR during the source's open phase
/// (breathiness); scaled by AF it drives the ``ParallelBranch`` with the voicing. Output =
/// `outputGain` (cascade + parallel), stored as Float.
///
/// Per block of at most ``blockSize`` samples: every other control (formants, bandwidths, noise and
/// parallel amplitudes, OQ, TL, FL, DI, BR) is the linear interpolation between the two frames
/// around the block's first sample. A frame holds the values at its start, frame k at time k x
/// `framePeriod`; after the last frame its values hold.
///
/// AV, AH, AF, BR and the parallel amplitudes go through ``KlattFrame/linearAmplitude(decibels:)``;
/// the noise is further scaled by ``noiseScale``. Jitter and shimmer (``voiceSource``) draw from
/// their own stream derived from the item's (``VoicePerturbation/stream(from:)``), so the noise is
/// the same with or without them. Deterministic: the same frames, settings and random stream give
/// the same samples on every run and thread count.
public struct KlattSynthesizer: Sendable {
    /// The most samples between control updates.
    public static let blockSize = 16
    /// Linear factor on both noise sources (AH, AF) after the dB conversion: the radiated noise
    /// has a standard deviation near 1, far above the voicing's flow derivative, and this brings
    /// an AH equal to AV to a comparable level: measured at 16 kHz, a whisper at AH 60 dB (B1 x3,
    /// other bandwidths x1.5) has an RMS 0.5 dB below the voiced /a/ at AV 60 dB, F0 120 Hz.
    public static let noiseScale = 0.05
    /// Bandwidth in Hz of the two-pole low-pass at 0 Hz that turns the voicing into Klatt's
    /// quasi-sinusoidal voicing (AVS).
    public static let sinusoidalVoicingBandwidth = 200.0

    /// Sample rate in Hz (8000...48000).
    public let sampleRate: Double
    /// Frame period in seconds (0.001...0.010; default 0.005).
    public let framePeriod: Double
    /// Vocal-tract length in cm for the cascade's fixed higher formants (see ``CascadeBranch``).
    public let vocalTractLength: Double
    /// Linear gain on the summed output (one dataset-wide value, never per item).
    public var outputGain: Double
    /// The voice source and its jitter and shimmer (default: KLGLOTT88, unperturbed).
    public var voiceSource = VoiceSourceSettings()

    /// A synthesizer at `sampleRate` Hz, frames every `framePeriod` s, a vocal tract of
    /// `vocalTractLength` cm, output scaled by `outputGain`.
    public init(sampleRate: Double = 16_000, framePeriod: Double = 0.005,
                vocalTractLength: Double = CascadeBranch.referenceLength, outputGain: Double = 1) {
        precondition(sampleRate >= 8000 && sampleRate <= 48_000, "sample rate \(sampleRate) outside 8000...48000 Hz")
        precondition(framePeriod >= 0.001 && framePeriod <= 0.010, "frame period \(framePeriod) outside 0.001...0.010 s")
        self.sampleRate = sampleRate
        self.framePeriod = framePeriod
        self.vocalTractLength = vocalTractLength
        self.outputGain = outputGain
    }

    /// Samples rendered for `frameCount` frames: round(frameCount x framePeriod x sampleRate).
    public func sampleCount(frameCount: Int) -> Int {
        Int((Double(frameCount) * framePeriod * sampleRate).rounded())
    }

    /// The source controls of `frame`: OQ from percent to a fraction clamped to 0.05...1, TL
    /// clamped at 0, FL, DI clamped to 0...100.
    static func sourceControls(_ frame: KlattFrame) -> GlottalControls {
        GlottalControls(openQuotient: min(1, max(0.05, frame.oq / 100)), spectralTilt: max(0, frame.tl),
                        flutter: frame.fl, diplophonia: min(100, max(0, frame.di)))
    }

    /// Renders `frames` into `samples` (replaced by ``sampleCount(frameCount:)`` samples), drawing
    /// noise from `rng` (advanced by one draw per sample).
    public func render(_ frames: [KlattFrame], into samples: inout [Float], rng: inout Xoshiro256StarStar) {
        let total = sampleCount(frameCount: frames.count)
        samples.removeAll(keepingCapacity: true)
        samples.append(contentsOf: repeatElement(0, count: total))
        guard total > 0 else { return }
        let settings = voiceSource
        let perturbation = settings.jitterPercent == 0 && settings.shimmerPercent == 0 ? VoicePerturbation.none
            : VoicePerturbation(jitter: settings.jitterPercent, shimmer: settings.shimmerPercent,
                                rng: VoicePerturbation.stream(from: rng))
        // One switch per render; each branch runs the loop specialised for its source type.
        switch settings.kind {
        case .klglott88:
            render(frames, total: total, source: KLGLOTT88Source.self, perturbation: perturbation, into: &samples, rng: &rng)
        case .lf:
            render(frames, total: total, source: LFSource.self, perturbation: perturbation, into: &samples, rng: &rng)
        case .impulse:
            render(frames, total: total, source: ImpulseSource.self, perturbation: perturbation, into: &samples, rng: &rng)
        }
    }

    private func render<Source: GlottalSource>(_ frames: [KlattFrame], total: Int, source _: Source.Type,
                                               perturbation: VoicePerturbation, into samples: inout [Float],
                                               rng: inout Xoshiro256StarStar) {

        let fs = sampleRate
        let framesPerSample = 1 / (framePeriod * fs)
        let last = frames.count - 1
        var cascade = CascadeBranch(sampleRate: fs, vocalTractLength: vocalTractLength, frame: frames[0])
        var parallel = ParallelBranch(sampleRate: fs, frame: frames[0])
        var source = Source(sampleRate: fs, controls: Self.sourceControls(frames[0]), perturbation: perturbation)
        var sinusoidal = Resonator(frequency: 0, bandwidth: Self.sinusoidalVoicingBandwidth, sampleRate: fs)
        var noise = KlattNoise(rng: rng)
        var cascadeBlock = [Double](repeating: 0, count: Self.blockSize)
        var voicingBlock = cascadeBlock, fricationBlock = cascadeBlock, parallelBlock = cascadeBlock
        var av = KlattFrame.linearAmplitude(decibels: frames[0].av)
        var avs = KlattFrame.linearAmplitude(decibels: frames[0].avs ?? 0)
        var latchPending = false
        var f0Frame = -1, f0a = 0.0, f0b = 0.0
        var ahLevel = DecibelLevel(), afLevel = DecibelLevel(), brLevel = DecibelLevel()
        var avLevel = DecibelLevel(), avsLevel = DecibelLevel()

        samples.withUnsafeMutableBufferPointer { out in
            var start = 0
            while start < total {
                let count = min(Self.blockSize, total - start)
                let position = Double(start) * framesPerSample
                let k = min(Int(position), last)
                let frame = k < last ? KlattFrame.interpolated(frames[k], frames[k + 1], position - Double(k)) : frames[last]
                cascade.update(frame)
                parallel.update(frame)
                source.apply(Self.sourceControls(frame))
                let ah = Self.noiseScale * ahLevel.linear(frame.ah)
                let af = Self.noiseScale * afLevel.linear(frame.af)
                let br = Self.noiseScale * brLevel.linear(frame.br)
                let targetAV = avLevel.linear(frame.av)
                let targetAVS = avsLevel.linear(frame.avs ?? 0)

                // The per-sample loop writes the three excitation blocks through unsafe pointers
                // (no bounds or uniqueness checks per sample; n < count <= blockSize).
                cascadeBlock.withUnsafeMutableBufferPointer { cascadeOut in
                    voicingBlock.withUnsafeMutableBufferPointer { voicingOut in
                        fricationBlock.withUnsafeMutableBufferPointer { fricationOut in
                            for n in 0..<count {
                                // F0 per sample, linear between frames while both are voiced (the two frames'
                                // F0 looked up again only when the sample crosses into another frame).
                                let p = Double(start + n) * framesPerSample
                                let j = min(Int(p), last)
                                if j != f0Frame {
                                    f0Frame = j
                                    f0a = frames[j].f0
                                    f0b = j < last ? frames[j + 1].f0 : 0
                                }
                                var f0 = f0a
                                if j < last && f0a > 0 && f0b > 0 { f0 = f0a + (f0b - f0a) * (p - Double(j)) }
                                if av == 0 && avs == 0 && !latchPending && source.canStartVoicing {
                                    av = targetAV
                                    avs = targetAVS
                                }
                                let open = source.isOpen
                                let before = source.phase.cycles
                                let g = source.next(f0: f0)
                                let phase = source.phase.cycles
                                let smooth = sinusoidal.process(g)
                                let v = av * g + avs * smooth
                                // The sample after a closure still belongs to the closing period (it carries
                                // the source's polyBLEP residual), so the new amplitudes start one sample later.
                                if latchPending {
                                    av = targetAV
                                    avs = targetAVS
                                    latchPending = false
                                }
                                if phase < before { latchPending = true }
                                let r = noise.next()
                                let voiced = f0 > 0 && (av > 0 || avs > 0)
                                let aspiration = voiced && phase >= 0.5 ? 0.5 * ah : ah
                                var c = v + aspiration * r
                                // A branch rather than adding 0 * r: with BR off the sum must stay bit-identical
                                // (adding +0.0 would turn a -0.0 into +0.0).
                                if br > 0 && voiced && open { c += br * r }
                                cascadeOut[n] = c
                                voicingOut[n] = v
                                fricationOut[n] = af * r
                            }
                        }
                    }
                }
                // The parallel branch adds into a zeroed block.
                for n in 0..<count { parallelBlock[n] = 0 }
                cascade.process(&cascadeBlock, count: count)
                parallel.process(voicing: voicingBlock, frication: fricationBlock, into: &parallelBlock, count: count)
                for n in 0..<count {
                    out[start + n] = Float(outputGain * (cascadeBlock[n] + parallelBlock[n]))
                }
                start += count
            }
        }
        rng = noise.rng
    }
}

/// ``KlattFrame/linearAmplitude(decibels:)`` remembering its last input: levels hold for many
/// blocks (and are 0 dB, off, for long stretches), while the conversion's pow is a noticeable
/// cost per block. Exact: the same dB gives the same linear value.
struct DecibelLevel {
    private var decibels = Double.nan
    private var value = 0.0

    /// The linear amplitude of `decibels` dB.
    @inline(__always)
    mutating func linear(_ decibels: Double) -> Double {
        if decibels != self.decibels {
            self.decibels = decibels
            value = KlattFrame.linearAmplitude(decibels: decibels)
        }
        return value
    }
}
