import DSP
import Foundation

/// The cascade branch of the Klatt synthesizer (Klatt 1980, JASA 67(3) 971-995, Fig. 3): the
/// voicing and aspiration excitation through the nasal zero (``AntiResonator``) and nasal pole,
/// then F1..F5 from the frame, then fixed higher formants, all in series.
///
/// The fixed higher formants are those of a uniform tube closed at the glottis,
/// F_n = (2n - 1) c / (4 L) = (2n - 1) 500 Hz x (17.5 cm / L) for n = 6, 7, ... (c = 350 m/s),
/// kept while F_n <= 0.45 fs; their bandwidths are 0.06 F_n Hz. At 16 kHz and L = 17.5 cm that
/// is F6 = 5500 and F7 = 6500 Hz: seven formants in all (specs/synspeech.md: fewer than six
/// make formant trackers misread F2/F3). A frame formant at or above 0.475 fs is skipped (a
/// resonator there would fold over Nyquist): it passes its input through, its state following
/// the input, which matters only at 8-10 kHz.
///
/// Every resonator has gain 1 at 0 Hz. Coefficients change per block (``update(_:)``) and the
/// filter states carry over, so interpolated formants glide without clicks.
///
/// Cost: the resonators run as one ``ResonatorSeries`` (several recurrences overlapped per
/// sample). A formant whose frequency and bandwidth are those of the previous update keeps its
/// coefficients (no exp and cos again; the coefficients are a pure function of F and BW, so this
/// is exact). While the nasal zero and pole have the same frequency and bandwidth (every non-nasal
/// frame) they are exact inverses, zero then pole giving back the input, so both are skipped;
/// their states are still kept where the filters would have left them (the zero's past inputs,
/// which are also the pole's past outputs), so a nasal that follows starts from the same state.
public struct CascadeBranch: Sendable {
    /// The reference vocal-tract length L_ref in cm of the fixed formant series (17.5 cm).
    public static let referenceLength = 17.5
    /// Sample rate in Hz.
    public let sampleRate: Double
    /// Vocal-tract length L in cm; the fixed formants scale by L_ref / L.
    public let vocalTractLength: Double
    /// The fixed higher formant frequencies in Hz (above F5), in order.
    public let fixedFrequencies: [Double]

    private var nasalZero: AntiResonator
    /// The nasal pole, F1..F5, then the fixed formants.
    private var series: ResonatorSeries
    /// Whether the nasal zero and pole cancel (same F and BW): both are skipped.
    private var nasalCancels = false
    /// The (F, BW) the nasal zero, the nasal pole and F1..F5 were last set to, in that order;
    /// (-1, -1) for a formant passed through, NaN for never set. A resonator whose new values
    /// equal these keeps its coefficients.
    private var settings: [(frequency: Double, bandwidth: Double)] = Array(repeating: (.nan, .nan), count: 7)

    /// A branch at `sampleRate` Hz for a vocal tract of `vocalTractLength` cm, set to `frame`,
    /// state at rest.
    public init(sampleRate: Double, vocalTractLength: Double = CascadeBranch.referenceLength,
                frame: KlattFrame = KlattFrame()) {
        precondition(vocalTractLength > 0, "vocal-tract length must be positive")
        self.sampleRate = sampleRate
        self.vocalTractLength = vocalTractLength
        let scale = Self.referenceLength / vocalTractLength
        var frequencies: [Double] = []
        var n = 6
        while Double(2 * n - 1) * 500 * scale <= 0.45 * sampleRate {
            frequencies.append(Double(2 * n - 1) * 500 * scale)
            n += 1
        }
        fixedFrequencies = frequencies
        let r = Resonator(frequency: 500, bandwidth: 60, sampleRate: sampleRate)
        let fixed = frequencies.map { Resonator(frequency: $0, bandwidth: 0.06 * $0, sampleRate: sampleRate) }
        nasalZero = AntiResonator(frequency: frame.fnz, bandwidth: frame.bnz, sampleRate: sampleRate)
        series = ResonatorSeries([r, r, r, r, r, r] + fixed)
        update(frame)
    }

    /// Number of formant resonators in series (F1..F5 plus the fixed ones; the nasal pair not
    /// counted).
    public var formantCount: Int { series.count - 1 }

    /// Sets the nasal pole/zero and F1..F5 with their bandwidths from `frame`, keeping state.
    /// A formant at or above 0.475 fs passes its input through.
    public mutating func update(_ frame: KlattFrame) {
        let fs = sampleRate, limit = 0.475 * sampleRate
        nasalCancels = frame.fnz == frame.fnp && frame.bnz == frame.bnp
        if !nasalCancels {
            if settings[0] != (frame.fnz, frame.bnz) {
                nasalZero.setFrequency(frame.fnz, bandwidth: frame.bnz, sampleRate: fs)
                settings[0] = (frame.fnz, frame.bnz)
            }
            if settings[1] != (frame.fnp, frame.bnp) {
                series.setFrequency(at: 0, frame.fnp, bandwidth: frame.bnp, sampleRate: fs)
                settings[1] = (frame.fnp, frame.bnp)
            }
        }
        setFormant(1, frame.f1, frame.b1, below: limit)
        setFormant(2, frame.f2, frame.b2, below: limit)
        setFormant(3, frame.f3, frame.b3, below: limit)
        setFormant(4, frame.f4, frame.b4, below: limit)
        setFormant(5, frame.f5, frame.b5, below: limit)
    }

    /// Sets formant `number` (1...5) to F `frequency`, BW `bandwidth` Hz, or to pass through when
    /// F is at or above `limit`, unless it already is.
    private mutating func setFormant(_ number: Int, _ frequency: Double, _ bandwidth: Double, below limit: Double) {
        let setting = frequency < limit ? (frequency, bandwidth) : (-1.0, -1.0)
        guard settings[number + 1] != setting else { return }
        if frequency < limit {
            series.setFrequency(at: number, frequency, bandwidth: bandwidth, sampleRate: sampleRate)
        } else {
            series.setPassThrough(at: number)
        }
        settings[number + 1] = setting
    }

    /// Filters the first `count` samples of `block` in place through the whole cascade.
    public mutating func process(_ block: inout [Double], count: Int) {
        precondition(count >= 0 && count <= block.count, "count \(count) outside 0...\(block.count)")
        guard count > 0 else { return }
        if nasalCancels {
            // The inputs the zero would have seen are the outputs the pole would have given.
            let x1 = block[count - 1], x2 = count >= 2 ? block[count - 2] : nasalZero.x1
            series.process(&block, count: count, from: 1)
            (nasalZero.x1, nasalZero.x2) = (x1, x2)
            series[0].y1 = x1
            series[0].y2 = x2
        } else {
            nasalZero.process(&block, count: count)
            series.process(&block, count: count)
        }
    }
}
