import Foundation

extension LogCompression {
    /// Mel power from a compressed value: 10^(x / 10) for decibels (values at the amin or
    /// top_db floor come back as the floor: what was below it is lost), exp(x) - offset
    /// clipped at 0 for the natural log, x clipped at 0 for no compression.
    public func power(fromCompressed x: Double) -> Double {
        switch self {
        case .decibels: pow(10, x / 10)
        case let .natural(offset): max(0, exp(x) - offset)
        case .none: max(0, x)
        }
    }
}

/// Linear power spectra from mel power: per frame, the non-negative x (N / 2 + 1 bins) that
/// minimises ||W x - y||^2 for the mel filterbank W and the band powers y, as librosa's
/// `feature.inverse.mel_to_stft` (which solves the same non-negative least squares problem
/// with L-BFGS-B from the clipped pseudo-inverse solution).
///
/// Here: the minimum-norm pseudo-inverse solution W^T (W W^T)^-1 y (Cholesky of the small
/// melCount x melCount Gram matrix, with a 1e-12 relative ridge so empty bands cannot make it
/// singular), clipped at 0, then `iterations` accelerated projected-gradient steps (FISTA,
/// Beck & Teboulle 2009, with projection onto x >= 0) of step 1 / L, L the largest eigenvalue
/// of W W^T. The objective never increases; the fit to y is what the tests measure.
public struct MelInversion: Sendable {
    /// The filterbank being inverted.
    public let filterbank: MelFilterbank
    /// Projected-gradient steps after the clipped pseudo-inverse start.
    public let iterations: Int
    /// Lower Cholesky factor of W W^T (+ ridge), row-major melCount x melCount.
    private let cholesky: [Double]
    /// Largest eigenvalue of W W^T (the gradient's Lipschitz constant), with 1 % margin.
    private let lipschitz: Double

    /// Prepares the inversion of `filterbank` with `iterations` >= 0 refinement steps.
    public init(filterbank: MelFilterbank, iterations: Int = 100) {
        self.filterbank = filterbank
        self.iterations = max(0, iterations)
        let k = filterbank.melCount
        var gram = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for b in a..<k {
                let value = Self.overlap(filterbank, a, b)
                gram[a * k + b] = value
                gram[b * k + a] = value
            }
        }
        let largestDiagonal = (0..<k).map { gram[$0 * k + $0] }.max() ?? 0
        let ridge = max(largestDiagonal, Double.leastNormalMagnitude) * 1e-12
        for a in 0..<k { gram[a * k + a] += ridge }
        lipschitz = Self.largestEigenvalue(gram, size: k) * 1.01
        cholesky = Self.choleskyFactor(gram, size: k)
    }

    /// The linear power spectra of mel power `melPower` (row-major [melCount, frames], as
    /// ``MelSpectrogram`` writes), frame-major [frames, binCount].
    public func power(melPower: [Double], frames: Int) -> [Double] {
        let k = filterbank.melCount, bins = filterbank.binCount
        precondition(melPower.count == k * frames, "mel power holds \(melPower.count) values, not \(k) x \(frames)")
        var out = [Double](repeating: 0, count: frames * bins)
        // Scratch: band targets, band residuals, gradient, previous and extrapolated iterates.
        var scratch = [Double](repeating: 0, count: 2 * k + 3 * bins)
        out.withUnsafeMutableBufferPointer { o in
            scratch.withUnsafeMutableBufferPointer { w in
                let y = w.baseAddress!, bands = y + k, gradient = bands + k, previous = gradient + bins, extrapolated = previous + bins
                for t in 0..<frames {
                    for b in 0..<k { y[b] = melPower[b * frames + t] }
                    solve(y, into: o.baseAddress! + t * bins, bands: bands, gradient: gradient, previous: previous,
                          extrapolated: extrapolated)
                }
            }
        }
        return out
    }

    /// The magnitudes sqrt(power) of ``power(melPower:frames:)`` (librosa's `mel_to_stft` with
    /// power 2), frame-major [frames, binCount]: what Griffin-Lim takes.
    public func magnitude(melPower: [Double], frames: Int) -> [Double] {
        power(melPower: melPower, frames: frames).map { $0.squareRoot() }
    }

    /// The squared residual ||W x - y||^2 of a power spectrum `x` against band powers `y`.
    public func residual(_ x: [Double], bands y: [Double]) -> Double {
        precondition(x.count == filterbank.binCount, "a power spectrum of \(x.count) bins, not \(filterbank.binCount)")
        var fitted = [Double](repeating: 0, count: filterbank.melCount)
        x.withUnsafeBufferPointer { xs in
            fitted.withUnsafeMutableBufferPointer { f in forward(xs.baseAddress!, into: f.baseAddress!) }
        }
        return zip(fitted, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    private func solve(_ y: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>, bands: UnsafeMutablePointer<Double>,
                       gradient: UnsafeMutablePointer<Double>, previous: UnsafeMutablePointer<Double>,
                       extrapolated: UnsafeMutablePointer<Double>) {
        let k = filterbank.melCount, bins = filterbank.binCount
        // Pseudo-inverse start: solve (W W^T) u = y, then x = max(0, W^T u).
        for b in 0..<k { bands[b] = y[b] }
        cholesky.withUnsafeBufferPointer { Self.choleskySolve($0.baseAddress!, size: k, bands) }
        transpose(bands, into: x)
        for m in 0..<bins {
            x[m] = max(0, x[m])
            previous[m] = x[m]
            extrapolated[m] = x[m]
        }
        guard iterations > 0, lipschitz > 0 else { return }
        var momentum = 1.0
        let step = 1 / lipschitz
        for _ in 0..<iterations {
            forward(extrapolated, into: bands)
            for b in 0..<k { bands[b] -= y[b] }
            transpose(bands, into: gradient)
            let next = (1 + (1 + 4 * momentum * momentum).squareRoot()) / 2
            let blend = (momentum - 1) / next
            for m in 0..<bins {
                let value = max(0, extrapolated[m] - step * gradient[m])
                x[m] = value
                extrapolated[m] = value + blend * (value - previous[m])
                previous[m] = value
            }
            momentum = next
        }
    }

    /// bands = W x.
    private func forward(_ x: UnsafePointer<Double>, into bands: UnsafeMutablePointer<Double>) {
        filterbank.weights.withUnsafeBufferPointer { w in
            for k in 0..<filterbank.melCount {
                let start = filterbank.weightStart[k], end = filterbank.weightStart[k + 1]
                let xs = x + filterbank.firstBin[k] - start
                var sum = 0.0
                for j in start..<end { sum += w[j] * xs[j] }
                bands[k] = sum
            }
        }
    }

    /// x = W^T bands.
    private func transpose(_ bands: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>) {
        x.update(repeating: 0, count: filterbank.binCount)
        filterbank.weights.withUnsafeBufferPointer { w in
            for k in 0..<filterbank.melCount {
                let start = filterbank.weightStart[k], end = filterbank.weightStart[k + 1]
                let xs = x + filterbank.firstBin[k] - start
                let band = bands[k]
                for j in start..<end { xs[j] += w[j] * band }
            }
        }
    }

    /// sum_m W[a, m] W[b, m].
    private static func overlap(_ w: MelFilterbank, _ a: Int, _ b: Int) -> Double {
        let aStart = w.firstBin[a], aEnd = aStart + w.weightStart[a + 1] - w.weightStart[a]
        let bStart = w.firstBin[b], bEnd = bStart + w.weightStart[b + 1] - w.weightStart[b]
        var sum = 0.0
        for m in max(aStart, bStart)..<max(max(aStart, bStart), min(aEnd, bEnd)) {
            sum += w.weights[w.weightStart[a] + m - aStart] * w.weights[w.weightStart[b] + m - bStart]
        }
        return sum
    }

    /// Power iteration on the symmetric positive semi-definite `matrix`.
    private static func largestEigenvalue(_ matrix: [Double], size k: Int) -> Double {
        var v = [Double](repeating: 1 / Double(k).squareRoot(), count: k)
        var next = v
        var value = 0.0
        for _ in 0..<100 {
            for a in 0..<k {
                var sum = 0.0
                for b in 0..<k { sum += matrix[a * k + b] * v[b] }
                next[a] = sum
            }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return 0 }
            value = norm
            for a in 0..<k { v[a] = next[a] / norm }
        }
        return value
    }

    /// The lower triangular L with L L^T = matrix (symmetric positive definite).
    private static func choleskyFactor(_ matrix: [Double], size k: Int) -> [Double] {
        var l = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0...i {
                var sum = matrix[i * k + j]
                for p in 0..<j { sum -= l[i * k + p] * l[j * k + p] }
                if i == j {
                    l[i * k + i] = max(sum, Double.leastNormalMagnitude).squareRoot()
                } else {
                    l[i * k + j] = sum / l[j * k + j]
                }
            }
        }
        return l
    }

    /// Solves L L^T u = b in place.
    private static func choleskySolve(_ l: UnsafePointer<Double>, size k: Int, _ b: UnsafeMutablePointer<Double>) {
        for i in 0..<k {
            var sum = b[i]
            for p in 0..<i { sum -= l[i * k + p] * b[p] }
            b[i] = sum / l[i * k + i]
        }
        for i in stride(from: k - 1, through: 0, by: -1) {
            var sum = b[i]
            for p in (i + 1)..<k { sum -= l[p * k + i] * b[p] }
            b[i] = sum / l[i * k + i]
        }
    }
}
