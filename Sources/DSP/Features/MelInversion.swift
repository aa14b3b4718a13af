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
        var y = [Double](repeating: 0, count: k)
        var solution = [Double](repeating: 0, count: bins)
        var work = Workspace(bands: k, bins: bins)
        for t in 0..<frames {
            for b in 0..<k { y[b] = melPower[b * frames + t] }
            solve(y, into: &solution, work: &work)
            for m in 0..<bins { out[t * bins + m] = solution[m] }
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
        var fitted = [Double](repeating: 0, count: filterbank.melCount)
        Self.forward(filterbank, x, into: &fitted)
        return zip(fitted, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    /// Scratch vectors of one solve.
    private struct Workspace {
        var bands: [Double]
        var gradient: [Double]
        var previous: [Double]
        var extrapolated: [Double]
        init(bands: Int, bins: Int) {
            self.bands = [Double](repeating: 0, count: bands)
            gradient = [Double](repeating: 0, count: bins)
            previous = gradient
            extrapolated = gradient
        }
    }

    private func solve(_ y: [Double], into x: inout [Double], work: inout Workspace) {
        let k = filterbank.melCount, bins = filterbank.binCount
        // Pseudo-inverse start: solve (W W^T) u = y, then x = max(0, W^T u).
        for b in 0..<k { work.bands[b] = y[b] }
        Self.choleskySolve(cholesky, size: k, &work.bands)
        Self.transpose(filterbank, work.bands, into: &x)
        for m in 0..<bins { x[m] = max(0, x[m]) }
        guard iterations > 0, lipschitz > 0 else { return }
        work.previous = x
        work.extrapolated = x
        var momentum = 1.0
        let step = 1 / lipschitz
        for _ in 0..<iterations {
            Self.forward(filterbank, work.extrapolated, into: &work.bands)
            for b in 0..<k { work.bands[b] -= y[b] }
            Self.transpose(filterbank, work.bands, into: &work.gradient)
            for m in 0..<bins { x[m] = max(0, work.extrapolated[m] - step * work.gradient[m]) }
            let next = (1 + (1 + 4 * momentum * momentum).squareRoot()) / 2
            let blend = (momentum - 1) / next
            for m in 0..<bins {
                work.extrapolated[m] = x[m] + blend * (x[m] - work.previous[m])
                work.previous[m] = x[m]
            }
            momentum = next
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

    /// bands = W x.
    private static func forward(_ w: MelFilterbank, _ x: [Double], into bands: inout [Double]) {
        for k in 0..<w.melCount {
            var sum = 0.0
            for j in w.weightStart[k]..<w.weightStart[k + 1] { sum += w.weights[j] * x[w.firstBin[k] + j - w.weightStart[k]] }
            bands[k] = sum
        }
    }

    /// x = W^T bands.
    private static func transpose(_ w: MelFilterbank, _ bands: [Double], into x: inout [Double]) {
        for m in x.indices { x[m] = 0 }
        for k in 0..<w.melCount {
            for j in w.weightStart[k]..<w.weightStart[k + 1] { x[w.firstBin[k] + j - w.weightStart[k]] += w.weights[j] * bands[k] }
        }
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
    private static func choleskySolve(_ l: [Double], size k: Int, _ b: inout [Double]) {
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
