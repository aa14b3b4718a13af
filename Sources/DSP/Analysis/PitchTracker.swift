import Foundation

/// Fundamental frequency by short-term autocorrelation, after Boersma 1993 ("Accurate
/// short-term analysis of the fundamental frequency and the harmonics-to-noise ratio of a
/// sampled sound", IFA Proceedings 17): each frame of three periods of `minimumPitch` has its
/// mean removed and a Hann window applied; its autocorrelation (by FFT) is normalized by r(0)
/// and divided by the window's own normalized autocorrelation, so a periodic signal peaks near
/// 1 at its period. Peaks between 1 / `maximumPitch` and 1 / `minimumPitch` are located by a
/// parabola through three lags; the three best are then refined on the trigonometric
/// interpolation of the autocorrelation (where Boersma interpolates by sinc) and ranked by
/// r - `octaveCost` log2(`minimumPitch` lag), which prefers the shortest of equal periods.
/// A frame is voiced when its best peak exceeds `voicingThreshold`, its local peak amplitude
/// is at least `silenceThreshold` times the signal's, and the frame stays periodic at that lag
/// after spectral flattening: the Burg LPC residual of the frame (order 2 + fs / 1000; the
/// inverse filtering of Markel's SIFT tracker, 1972) must reach `residualThreshold` within one
/// sample of the lag. That check rejects noise through narrow resonances (whisper), whose
/// autocorrelation rings with the formants, while a pulse train stays a pulse train.
/// Frames are not linked by a path search.
public struct PitchTracker: Sendable {
    /// Sample rate in Hz.
    public var sampleRate: Double
    /// Lowest F0 searched, Hz; also sets the frame length (3 / minimumPitch seconds).
    public var minimumPitch: Double = 50
    /// Highest F0 searched, Hz.
    public var maximumPitch: Double = 500
    /// Minimum normalized autocorrelation peak of a voiced frame (Praat's default 0.45).
    public var voicingThreshold: Double = 0.45
    /// Penalty per octave of lag, favouring high candidates (Praat's default 0.01).
    public var octaveCost: Double = 0.01
    /// Frames whose local absolute peak is below this fraction of the whole signal's are
    /// unvoiced (Praat's default 0.03).
    public var silenceThreshold: Double = 0.03
    /// Minimum normalized autocorrelation of the LPC residual near the chosen lag for a voiced
    /// frame.
    public var residualThreshold: Double = 0.3
    /// Hop between frames in seconds.
    public var hopDuration: Double = 0.010

    /// A tracker for signals at `sampleRate` Hz with Praat's default settings.
    public init(sampleRate: Double) {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.sampleRate = sampleRate
    }

    /// Frame length in samples: three periods of the lowest pitch.
    public var frameLength: Int { Int((3 * sampleRate / minimumPitch).rounded()) }

    /// One ``PitchFrame`` per hop: frame k covers samples k hop ..< k hop + frame length
    /// (whole frames only).
    public func track(_ signal: [Double]) -> [PitchFrame] {
        let length = frameLength, hop = max(1, Int((hopDuration * sampleRate).rounded()))
        guard signal.count >= length else { return [] }
        let minLag = max(2, Int((sampleRate / maximumPitch).rounded(.down)))
        let maxLag = min(Int((sampleRate / minimumPitch).rounded(.up)), length / 2)
        precondition(minLag < maxLag, "pitch range too narrow for this sample rate")
        var size = 1
        while size < length + maxLag + 2 { size *= 2 }
        var correlator = Autocorrelator(size: size)
        let window = Window.hann.samples(count: length)
        let windowCorrelation = correlator.normalized(window, lags: maxLag + 3)
        let order = 2 + Int((sampleRate / 1000).rounded())
        let residualWindow = Window.hann.samples(count: length - order)
        let residualWindowCorrelation = correlator.normalized(residualWindow, lags: maxLag + 2)
        var plain = [Double](repeating: 0, count: length)
        var residual = [Double](repeating: 0, count: length - order)
        let globalPeak = signal.reduce(0) { max($0, abs($1)) }

        var frame = [Double](repeating: 0, count: length)
        return stride(from: 0, through: signal.count - length, by: hop).map { start in
            let time = (Double(start) + Double(length - 1) / 2) / sampleRate
            var mean = 0.0
            for n in 0..<length { mean += signal[start + n] }
            mean /= Double(length)
            var localPeak = 0.0
            for n in 0..<length {
                let v = signal[start + n] - mean
                localPeak = max(localPeak, abs(v))
                plain[n] = v
                frame[n] = v * window[n]
            }
            guard localPeak > 0 else { return PitchFrame(time: time, frequency: nil, strength: 0) }
            var r = correlator.normalized(frame, lags: maxLag + 1)
            for lag in 0...maxLag { r[lag] /= windowCorrelation[lag] }
            var candidates: [(lag: Double, peak: Double, score: Double)] = []
            for lag in minLag..<maxLag where r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] {
                let (offset, peak) = Self.parabolicPeak(r[lag - 1], r[lag], r[lag + 1])
                candidates.append(score(lag: Double(lag) + offset, peak: peak))
            }
            // The few best are refined on the interpolated autocorrelation (the parabola
            // misjudges sharp peaks, enough to prefer a multiple of the period).
            let refined = candidates.sorted { $0.score > $1.score }.prefix(3).map { candidate in
                refine(candidate.lag, correlator, windowCorrelation)
            }
            let best = refined.max { $0.score < $1.score }
            guard let best else { return PitchFrame(time: time, frequency: nil, strength: 0) }
            var voiced = best.peak > voicingThreshold && localPeak >= silenceThreshold * globalPeak
            if voiced {
                let a = LinearPrediction.burg(frame, order: order)
                for n in order..<length {
                    var e = 0.0
                    for k in 0...order { e += a[k] * plain[n - k] }
                    residual[n - order] = e * residualWindow[n - order]
                }
                let re = correlator.normalized(residual, lags: maxLag + 2)
                let lag = Int(best.lag.rounded())
                let periodicity = ((lag - 1)...(lag + 1)).map { re[$0] / residualWindowCorrelation[$0] }.max()!
                voiced = periodicity > residualThreshold
            }
            return PitchFrame(time: time, frequency: voiced ? sampleRate / best.lag : nil, strength: best.peak)
        }
    }

    /// Median F0 in Hz over the voiced frames of ``track(_:)``, or nil when none is voiced.
    public func medianPitch(_ signal: [Double]) -> Double? {
        let voiced = track(signal).compactMap(\.frequency)
        return voiced.isEmpty ? nil : FormantEstimator.median(voiced)
    }

    private func score(lag: Double, peak: Double) -> (lag: Double, peak: Double, score: Double) {
        (lag, peak, peak - octaveCost * log2(minimumPitch * lag / sampleRate))
    }

    /// The maximum near `lag` of the interpolated autocorrelation divided by the window's
    /// (linearly interpolated): a grid of sixteenth-samples over +-0.5 sample, then a parabola.
    private func refine(_ lag: Double, _ correlator: Autocorrelator, _ windowCorrelation: [Double])
        -> (lag: Double, peak: Double, score: Double) {
        func value(_ tau: Double) -> Double {
            let i = Int(tau.rounded(.down)), f = tau - Double(i)
            let w = windowCorrelation[i] * (1 - f) + windowCorrelation[i + 1] * f
            return correlator.normalizedValue(at: tau) / w
        }
        let step = 1.0 / 16
        let grid = (-10...10).map { k in (lag + Double(k) * step, value(lag + Double(k) * step)) }
        let top = (1..<(grid.count - 1)).max { grid[$0].1 < grid[$1].1 }!
        let (offset, peak) = Self.parabolicPeak(grid[top - 1].1, grid[top].1, grid[top + 1].1)
        return score(lag: grid[top].0 + offset * step, peak: peak)
    }

    /// Offset in (-0.5, 0.5) of the vertex of the parabola through (-1, a), (0, b), (1, c),
    /// and its height.
    static func parabolicPeak(_ a: Double, _ b: Double, _ c: Double) -> (offset: Double, peak: Double) {
        let curvature = a - 2 * b + c
        guard curvature < 0 else { return (0, b) }
        let offset = 0.5 * (a - c) / curvature
        return (offset, b - 0.25 * (a - c) * offset)
    }
}
