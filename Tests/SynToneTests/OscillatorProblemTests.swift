import Testing
@testable import SynTone

@Suite("Impossible tones are refused")
struct OscillatorProblemTests {
    static let renderer = ToneRenderer(sampleRate: 16000)
    static let legacy = ToneRenderer(sampleRate: 16000, mode: .legacy)

    static func with(_ change: (inout ToneParameters) -> Void) -> ToneParameters {
        var p = ToneParameters()
        change(&p)
        return p
    }

    @Test("a fundamental at or above Nyquist is refused with the documented message")
    func nyquist() {
        let p = Self.with { $0.frequency = 8000 }
        #expect(Self.renderer.problem(with: p)?.message == "frequency 8000 Hz is at or above the Nyquist frequency 8000 Hz")
        #expect(Self.renderer.problem(with: p)?.factors == ["frequency"])
        #expect(Self.renderer.problem(with: Self.with { $0.frequency = 9000.5 }) != nil)
        #expect(Self.renderer.problem(with: Self.with { $0.frequency = 7999.99 }) == nil)
        // Legacy mode renders the published formulas, 8000 Hz included.
        #expect(Self.legacy.problem(with: p) == nil)
    }

    @Test("impossible settings are refused", arguments: [
        "zero frequency", "NaN frequency", "glide end at Nyquist", "vibrato over Nyquist",
        "pulse width 0", "pulse width 1", "negative attack", "envelope longer than tone",
        "sustain above 1", "zero duration", "negative duration", "negative amplitude",
        "infinite snr", "negative vibrato depth", "infinite tilt", "sub-sample duration",
        "endless duration",
    ])
    func refused(name: String) {
        let p: ToneParameters
        switch name {
        case "zero frequency": p = Self.with { $0.frequency = 0 }
        case "NaN frequency": p = Self.with { $0.frequency = .nan }
        case "glide end at Nyquist": p = Self.with { $0.glideEndFrequency = 8000 }
        case "vibrato over Nyquist": p = Self.with { $0.frequency = 7900; $0.vibratoRate = 5; $0.vibratoDepth = 50 }
        case "pulse width 0": p = Self.with { $0.pulseWidth = 0 }
        case "pulse width 1": p = Self.with { $0.pulseWidth = 1 }
        case "negative attack": p = Self.with { $0.attack = -0.1 }
        case "envelope longer than tone": p = Self.with { $0.attack = 0.5; $0.decay = 0.3; $0.release = 0.3 }
        case "sustain above 1": p = Self.with { $0.sustain = 1.5 }
        case "zero duration": p = Self.with { $0.duration = 0 }
        case "negative duration": p = Self.with { $0.duration = -1 }
        case "negative amplitude": p = Self.with { $0.amplitude = -0.5 }
        case "infinite snr": p = Self.with { $0.snr = .infinity }
        case "negative vibrato depth": p = Self.with { $0.vibratoDepth = -10; $0.vibratoRate = 5 }
        case "infinite tilt": p = Self.with { $0.tilt = -.infinity }
        case "endless duration": p = Self.with { $0.duration = 1e6 }
        default: p = Self.with { $0.duration = 1e-5 }
        }
        let message = Self.renderer.problem(with: p)?.message
        #expect(message != nil, "\(name) was accepted")
        #expect(message.map { !$0.contains("\n") && $0.count < 160 } ?? false)
    }

    @Test("valid tones with every option are accepted")
    func accepted() {
        let p = Self.with {
            $0.waveform = .square
            $0.frequency = 300
            $0.glideEndFrequency = 900
            $0.attack = 0.1; $0.decay = 0.2; $0.sustain = 0.5; $0.release = 0.3
            $0.vibratoRate = 6; $0.vibratoDepth = 40
            $0.pulseWidth = 0.3; $0.tilt = -4; $0.snr = 12; $0.phase = 1
        }
        #expect(Self.renderer.problem(with: p) == nil)
        #expect(Self.renderer.problem(with: ToneParameters()) == nil)
    }

    @Test("legacy mode refuses band-limited-only parameters and accepts the published ones")
    func legacyOptions() {
        #expect(Self.legacy.problem(with: Self.with { $0.tilt = -3 }) != nil)
        #expect(Self.legacy.problem(with: Self.with { $0.snr = 10 }) != nil)
        #expect(Self.legacy.problem(with: Self.with { $0.attack = 0.1 }) != nil)
        #expect(Self.legacy.problem(with: Self.with { $0.glideEndFrequency = 500 }) != nil)
        let published = Self.with { $0.waveform = .sawtooth; $0.amplitude = 0.1; $0.frequency = 8000; $0.phase = 0.5 }
        #expect(Self.legacy.problem(with: published) == nil)
    }

    @Test("renderer settings are checked")
    func rendererSettings() {
        #expect(ToneRenderer(sampleRate: 0).problem(with: ToneParameters()) != nil)
        #expect(ToneRenderer(sampleRate: 16000, guardFraction: 0.5).problem(with: ToneParameters()) != nil)
        #expect(ToneRenderer(sampleRate: 16000).cutoff == 7680)
        #expect(ToneRenderer(sampleRate: 16000).sampleCount(duration: 0.5) == 8000)
    }
}
