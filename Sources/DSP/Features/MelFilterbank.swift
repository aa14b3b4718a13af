import Foundation

/// The Slaney mel scale (Slaney's Auditory Toolbox; librosa's `hz_to_mel(htk=False)`): linear
/// below 1 kHz at 200/3 Hz per mel (1 kHz = 15 mel), logarithmic above with 27 mel per factor
/// 6.4 in frequency.
public enum SlaneyMelScale {
    /// Hz per mel below 1 kHz.
    static let linearStep = 200.0 / 3
    /// Where the logarithmic part begins, in Hz.
    static let breakHz = 1000.0
    /// The break in mel (15).
    static let breakMel = breakHz / linearStep
    /// Natural log of the frequency ratio per mel above the break: ln(6.4) / 27.
    static let logStep = log(6.4) / 27

    /// Hz to mel.
    public static func mel(hz: Double) -> Double {
        hz >= breakHz ? breakMel + log(hz / breakHz) / logStep : hz / linearStep
    }

    /// Mel to Hz (the inverse of ``mel(hz:)``).
    public static func hz(mel: Double) -> Double {
        mel >= breakMel ? breakHz * exp(logStep * (mel - breakMel)) : linearStep * mel
    }
}

/// Triangular mel filters on the Slaney scale with Slaney area normalisation, equal to
/// `librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm="slaney")` (which
/// rounds its weights to float32; ours stay Float64).
///
/// Band k (0-based) has edges f_k, f_{k+1}, f_{k+2} from `melCount + 2` points equally spaced
/// in mel between `minHz` and `maxHz`; its weight at FFT bin frequency f = m sr / N is
/// max(0, min((f - f_k) / (f_{k+1} - f_k), (f_{k+2} - f) / (f_{k+2} - f_{k+1})))
/// times 2 / (f_{k+2} - f_k) (each triangle has unit area in Hz). Stored sparsely: only the
/// bins where a band is non-zero.
public struct MelFilterbank: Sendable, Equatable {
    /// Sample rate in Hz.
    public let sampleRate: Double
    /// FFT size N (the filters cover N / 2 + 1 bins).
    public let fftSize: Int
    /// Number of mel bands.
    public let melCount: Int
    /// Lower edge of the first band, in Hz.
    public let minHz: Double
    /// Upper edge of the last band, in Hz.
    public let maxHz: Double
    /// First bin with a non-zero weight, per band (0 and no weights for an empty band).
    let firstBin: [Int]
    /// Weights of the bins `firstBin[k]...`, per band, concatenated.
    let weights: [Double]
    /// Start of band k's weights in ``weights`` (melCount + 1 entries).
    let weightStart: [Int]

    /// Makes the filterbank. `maxHz` nil means sampleRate / 2. Throws unless
    /// 0 <= minHz < maxHz <= sampleRate / 2, melCount >= 1 and fftSize >= 2.
    public init(sampleRate: Double, fftSize: Int, melCount: Int, minHz: Double = 0, maxHz: Double? = nil) throws(FeatureParameterError) {
        let top = maxHz ?? sampleRate / 2
        guard sampleRate.isFinite, sampleRate > 0 else { throw FeatureParameterError("sample rate: must be positive, got \(sampleRate)") }
        guard fftSize >= 2 else { throw FeatureParameterError("n_fft: must be at least 2, got \(fftSize)") }
        guard melCount >= 1, melCount <= 4096 else { throw FeatureParameterError("n_mels: must be in 1...4096, got \(melCount)") }
        guard minHz.isFinite, top.isFinite, minHz >= 0, minHz < top, top <= sampleRate / 2 else {
            throw FeatureParameterError("fmin/fmax: need 0 <= fmin < fmax <= sample rate / 2 = \(sampleRate / 2) Hz, got \(minHz) and \(top)")
        }
        self.sampleRate = sampleRate
        self.fftSize = fftSize
        self.melCount = melCount
        self.minHz = minHz
        self.maxHz = top
        let lowMel = SlaneyMelScale.mel(hz: minHz)
        let highMel = SlaneyMelScale.mel(hz: top)
        let points = melCount + 2
        // librosa spaces the points with np.linspace: low + i * (high - low) / (points - 1).
        let edges = (0..<points).map { i in
            SlaneyMelScale.hz(mel: lowMel + Double(i) * (highMel - lowMel) / Double(points - 1))
        }
        let bins = fftSize / 2 + 1
        // Bin frequencies m sr / N (librosa's fft_frequencies, np.fft.rfftfreq; for odd N the
        // last bin lies below sr / 2).
        let binHz = (0..<bins).map { Double($0) * sampleRate / Double(fftSize) }
        var firstBin: [Int] = []
        var weights: [Double] = []
        var weightStart: [Int] = [0]
        for k in 0..<melCount {
            let lower = edges[k], centre = edges[k + 1], upper = edges[k + 2]
            let norm = 2 / (upper - lower)
            var band: [Double] = []
            var first = -1
            for m in 0..<bins {
                let rising = (binHz[m] - lower) / (centre - lower)
                let falling = (upper - binHz[m]) / (upper - centre)
                let w = max(0, min(rising, falling)) * norm
                if w > 0 {
                    if first < 0 { first = m }
                    // Triangles are convex: zeros inside the support cannot occur, but keep
                    // the run contiguous whatever happens.
                    while first + band.count < m { band.append(0) }
                    band.append(w)
                }
            }
            firstBin.append(max(first, 0))
            weights += band
            weightStart.append(weights.count)
        }
        self.firstBin = firstBin
        self.weights = weights
        self.weightStart = weightStart
    }

    /// Number of FFT bins the filters cover, N / 2 + 1.
    public var binCount: Int { fftSize / 2 + 1 }

    /// The dense weight matrix, row-major [melCount, binCount] (librosa's layout).
    public var matrix: [Double] {
        var out = [Double](repeating: 0, count: melCount * binCount)
        for k in 0..<melCount {
            for j in weightStart[k]..<weightStart[k + 1] {
                out[k * binCount + firstBin[k] + j - weightStart[k]] = weights[j]
            }
        }
        return out
    }

    /// Band energies of one power spectrum: `mel[k * stride] = sum_m W[k, m] power[m]` for k in
    /// 0..<melCount.
    func apply(_ power: UnsafePointer<Double>, into mel: UnsafeMutablePointer<Double>, stride: Int) {
        weights.withUnsafeBufferPointer { w in
            for k in 0..<melCount {
                let p = power + firstBin[k] - weightStart[k]
                var sum = 0.0
                for j in weightStart[k]..<weightStart[k + 1] { sum += w[j] * p[j] }
                mel[k * stride] = sum
            }
        }
    }
}
