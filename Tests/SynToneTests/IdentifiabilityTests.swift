import Foundation
import Testing
@testable import SynTone

@Suite("Waveform identifiability")
struct IdentifiabilityTests {
    static let renderer = ToneRenderer(sampleRate: 16000)

    static func confoundedFraction(_ frequencies: [Double], renderer: ToneRenderer = renderer) -> (Int, Int) {
        var confounded = 0, total = 0
        for waveform in Waveform.allCases {
            for f in frequencies {
                var p = ToneParameters()
                p.waveform = waveform
                p.frequency = f
                if WaveformIdentifiability.isConfounded(p, with: Waveform.allCases, renderer: renderer) {
                    confounded += 1
                }
                total += 1
            }
        }
        return (confounded, total)
    }

    @Test("published grid: all four waveforms above cutoff/2, three between cutoff/3 and cutoff/2")
    func publishedGrid() {
        // linspace(440, 8000, 400, endpoint: false); amplitude does not change the fraction.
        let frequencies = (0..<400).map { 440 + 7560 * Double($0) / 400 }
        let cutoff = Self.renderer.cutoff
        let expected = frequencies.reduce(0) { count, f in
            count + (2 * f >= cutoff ? 4 : 3 * f >= cutoff ? 3 : 0)
        }
        let (confounded, total) = Self.confoundedFraction(frequencies)
        #expect(total == 1600)
        #expect(confounded == expected)
        let fraction = Double(confounded) / Double(total)
        #expect(fraction > 0.64 && fraction < 0.70, "fraction \(fraction)")
    }

    @Test("the identifiable preset's grid (log 110...1500 Hz) has no confounded item")
    func identifiableGrid() {
        let frequencies = (0..<400).map { 110 * pow(1500.0 / 110, Double($0) / 399) }
        #expect(Self.confoundedFraction(frequencies).0 == 0)
    }

    @Test("legacy mode is never confounded; amplitude, tilt and candidates matter as specified")
    func details() {
        let legacy = ToneRenderer(sampleRate: 16000, mode: .legacy)
        #expect(Self.confoundedFraction([5000], renderer: legacy).0 == 0)
        var p = ToneParameters()
        p.waveform = .square
        p.frequency = 3000
        p.amplitude = 0.3
        #expect(WaveformIdentifiability.isConfounded(p, with: Waveform.allCases, renderer: Self.renderer))
        #expect(!WaveformIdentifiability.isConfounded(p, with: [.square, .sawtooth], renderer: Self.renderer))
        p.pulseWidth = 0.3  // a narrower pulse keeps its 2nd harmonic at 6 kHz
        #expect(!WaveformIdentifiability.isConfounded(p, with: Waveform.allCases, renderer: Self.renderer))
        p.pulseWidth = 0.5
        p.frequency = 1000
        #expect(!WaveformIdentifiability.isConfounded(p, with: Waveform.allCases, renderer: Self.renderer))
    }
}
