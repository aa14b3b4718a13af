import Foundation

/// Formant frequencies and bandwidths from the roots of a Burg LPC polynomial, in the manner of
/// Praat's `To Formant (burg)` (Boersma & Weenink, Praat manual, "Sound: To Formant (burg)..."):
/// pre-emphasis by a first-order high-pass from `preEmphasisFrequency`, a Hamming window, Burg
/// coefficients (``LinearPrediction``), and one formant per pole pair z = r e^(i theta) with
/// F = theta fs / (2 pi) and BW = -ln(r) fs / pi. Poles below `minimumFrequency`, within
/// 50 Hz of Nyquist, or wider than `maximumBandwidth` are not formants.
///
/// Unlike Praat this does not resample: the LPC order should grow with the sample rate
/// (default 2 + fs / 1000, two poles per kHz plus two for the spectral slope).
public struct FormantEstimator: Sendable {
    /// Sample rate of the analysed signals, Hz.
    public var sampleRate: Double
    /// LPC order (number of poles).
    public var order: Int
    /// Analysis frame length in seconds (default 25 ms).
    public var frameDuration: Double = 0.025
    /// Hop between frames in seconds (default 10 ms).
    public var hopDuration: Double = 0.010
    /// Corner of the pre-emphasis high-pass in Hz: y_n = x_n - exp(-2 pi f / fs) x_(n-1)
    /// (Praat's default 50 Hz).
    public var preEmphasisFrequency: Double = 50
    /// Lowest formant frequency kept, Hz.
    public var minimumFrequency: Double = 90
    /// Widest formant bandwidth kept, Hz.
    public var maximumBandwidth: Double = 400

    /// An estimator for signals at `sampleRate` Hz with `order` poles (default 2 + fs / 1000).
    public init(sampleRate: Double, order: Int? = nil) {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.sampleRate = sampleRate
        self.order = order ?? 2 + Int((sampleRate / 1000).rounded())
    }

    /// Frame length in samples.
    public var frameLength: Int { max(order + 2, Int((frameDuration * sampleRate).rounded())) }
    /// Hop in samples.
    public var hopLength: Int { max(1, Int((hopDuration * sampleRate).rounded())) }

    /// Formants of one frame, sorted by frequency. The frame's first sample serves only as the
    /// pre-emphasis filter's history; the analysis covers the others. Needs more than
    /// `order + 1` samples.
    public func formants(_ frame: [Double]) -> [Formant] {
        formantsOfEmphasized(Array(preEmphasized(frame).dropFirst()))
    }

    /// Formants of every frame of `signal`: frame k covers samples k hop ..< k hop + frame
    /// length (whole frames only; the signal is pre-emphasized once as a whole).
    public func track(_ signal: [Double]) -> [[Formant]] {
        let emphasized = preEmphasized(signal)
        let length = frameLength, hop = hopLength
        guard emphasized.count >= length else { return [] }
        return stride(from: 0, through: emphasized.count - length, by: hop).map { start in
            formantsOfEmphasized(Array(emphasized[start..<(start + length)]))
        }
    }

    /// Per formant number (F1, F2, ...), the median frequency and median bandwidth over the
    /// frames of ``track(_:)`` that have that many formants; at most `count` formants, ending
    /// at the first number no frame reaches.
    public func medianFormants(_ signal: [Double], count: Int = 5) -> [Formant] {
        let frames = track(signal)
        var result: [Formant] = []
        for k in 0..<count {
            let found = frames.compactMap { $0.count > k ? $0[k] : nil }
            guard !found.isEmpty else { break }
            result.append(Formant(frequency: Self.median(found.map(\.frequency)),
                                  bandwidth: Self.median(found.map(\.bandwidth))))
        }
        return result
    }

    /// The median of a non-empty list (mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid])
    }

    private func preEmphasized(_ x: [Double]) -> [Double] {
        let alpha = exp(-2 * Double.pi * preEmphasisFrequency / sampleRate)
        var y = x
        for n in stride(from: x.count - 1, to: 0, by: -1) { y[n] = x[n] - alpha * x[n - 1] }
        return y
    }

    private func formantsOfEmphasized(_ frame: [Double]) -> [Formant] {
        let window = Window.hamming.samples(count: frame.count)
        let windowed = zip(frame, window).map { $0 * $1 }
        let a = LinearPrediction.burg(windowed, order: order)
        let nyquist = sampleRate / 2
        return PolynomialRoots.roots(a).compactMap { root -> Formant? in
            guard root.imaginary > 0 else { return nil }
            let frequency = root.argument * sampleRate / (2 * Double.pi)
            let bandwidth = -log(root.magnitude) * sampleRate / Double.pi
            guard frequency >= minimumFrequency, frequency <= nyquist - 50,
                  bandwidth <= maximumBandwidth else { return nil }
            return Formant(frequency: frequency, bandwidth: bandwidth)
        }.sorted { $0.frequency < $1.frequency }
    }
}
