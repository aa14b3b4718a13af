import Metrics
import SynCore

/// Replica mean-field theoretic manifold analysis (MFTMA) of class manifolds, following
/// `manifold_analysis_corr` of `neural_manifolds_replicaMFT`
/// (`mftma/manifold_analysis_correlation.py`) with kappa >= 0 solved as non-negative least
/// squares instead of a general QP.
public enum ManifoldAnalysis {
    /// Settings of the analysis; the defaults are the spec's.
    public struct Options: Sendable {
        /// Most classes (manifolds) analysed, P.
        public var maxManifolds = 50
        /// Items per class, M.
        public var pointsPerManifold = 50
        /// Layers wider than this are randomly projected to this width first.
        public var maxFeatures = 5000
        /// Gaussian t vectors per manifold, n_t.
        public var tCount = 300
        /// Margin kappa (0: the capacity at zero margin).
        public var kappa = 0.0
        /// Seed of the class/item sampling, the projection and the t vectors.
        public var seed: UInt64 = 0
        /// Remove the low-rank structure shared by the class centres before the analysis.
        public var removeCentreCorrelation = false
        /// Threads over manifolds.
        public var jobs = 1
        /// The spec's defaults.
        public init() {}
    }

    /// Samples the class manifolds of `labels` from `features`, projects a wide layer, and
    /// analyses them.
    ///
    /// - Throws: ``AnalysisInputError`` when the factor cannot be sampled (see
    ///   ``ManifoldSample/draw(labels:factor:maxClasses:perClass:seed:)``).
    public static func analyze(features: Matrix, labels: [Int], factor: String, options: Options) throws -> ManifoldGeometry {
        let sample = try ManifoldSample.draw(labels: labels, factor: factor, maxClasses: options.maxManifolds,
                                             perClass: options.pointsPerManifold, seed: options.seed)
        return analyze(features: features, sample: sample, options: options)
    }

    /// Analyses the sampled rows of `features`, projecting them first when the layer is wider
    /// than the options' feature limit.
    static func analyze(features: Matrix, sample: ManifoldSample, options: Options) -> ManifoldGeometry {
        guard features.columns > options.maxFeatures else { return analyze(rowsOf: features, members: sample.members, options: options) }
        let projected = RandomProjection.apply(features.rows(at: sample.members.flatMap { $0 }), width: options.maxFeatures, seed: options.seed)
        var members: [[Int]] = []
        var start = 0
        for member in sample.members {
            members.append(Array(start..<(start + member.count)))
            start += member.count
        }
        return analyze(rowsOf: projected, members: members, options: options)
    }

    /// Analyses given manifolds, each `[M_i, N]` with points as rows (the reference takes the
    /// transpose, `(N, M_i)`). Manifold `i` draws its t vectors from
    /// `Xoshiro256StarStar.item(seed: options.seed, index: i)`.
    public static func analyze(_ manifolds: [Matrix], options: Options) -> ManifoldGeometry {
        precondition(manifolds.count >= 2, "at least two manifolds")
        var members: [[Int]] = []
        var start = 0
        for manifold in manifolds {
            precondition(manifold.columns == manifolds[0].columns, "manifolds differ in feature count")
            members.append(Array(start..<(start + manifold.rows)))
            start += manifold.rows
        }
        let all = Matrix(rows: start, columns: manifolds[0].columns, storage: manifolds.flatMap(\.storage))
        return analyze(rowsOf: all, members: members, options: options)
    }

    /// The analysis of manifolds given as row lists of `x`, working from each manifold's Gram
    /// matrix: the reference's per-manifold centring, scaling and QR reduce to
    /// `G = J K J / ||c - o||^2` (J the centring matrix, K the Gram matrix of the points, c the
    /// centre, o the global mean), so the points are read once, never copied whole. Points are
    /// taken relative to their manifold's first point before K is formed (J makes G invariant
    /// to that shift), which keeps K free of the cancellation a large common offset would cause.
    static func analyze(rowsOf x: Matrix, members: [[Int]], options: Options) -> ManifoldGeometry {
        DenseBLAS.singleThreaded { analyzeSingleThreadedBLAS(rowsOf: x, members: members, options: options) }
    }

    /// ``analyze(rowsOf:members:options:)`` once OpenBLAS runs on one thread: the
    /// parallelism is over manifolds (`options.jobs`).
    private static func analyzeSingleThreadedBLAS(rowsOf x: Matrix, members: [[Int]], options: Options) -> ManifoldGeometry {
        let n = x.columns, p = members.count
        precondition(p >= 2, "at least two manifolds")
        let passes = ManifoldPass.all(x, members: members, jobs: options.jobs)
        var origin = [Double](repeating: 0, count: n)
        var total = 0.0
        for (i, pass) in passes.enumerated() {
            let weight = Double(members[i].count)
            for c in 0..<n { origin[c] += pass.centre[c] * weight }
            total += weight
        }
        for c in 0..<n { origin[c] /= total }
        var centres = passes.map { pass in (0..<n).map { pass.centre[$0] - origin[$0] } }
        let correlation = CentreCorrelation.meanAbsoluteCosine(centres, dimension: n)
        var grams = passes.map(\.gram)
        var removedRank = 0
        if options.removeCentreCorrelation {
            let removal = CentreSubspaceRemoval(centres: centres, dimension: n, seed: options.seed)
            removedRank = removal.rank
            centres = centres.map { removal.project($0, rows: 1) }
            grams = (0..<p).map { i in removal.projectedGram(x, rows: members[i], gram: grams[i]) }
        }
        let inputs = grams, centreNorms = centres.map { centre in centre.reduce(0) { $0 + $1 * $1 } }
        let results = parallelMap(p, jobs: options.jobs) { i -> AnchorStatistics in
            let m = members[i].count
            let gram = ManifoldPass.centred(inputs[i], size: m, scale: 1 / centreNorms[i])
            var rng = Xoshiro256StarStar.item(seed: options.seed, index: UInt64(i))
            return AnchorStatistics(gram: gram, count: m, featureCount: n, kappa: options.kappa,
                                    tCount: options.tCount, rng: &rng)
        }
        return ManifoldGeometry(capacities: results.map(\.capacity), radii: results.map(\.radius),
                                dimensions: results.map(\.dimension), centreCorrelation: correlation,
                                removedCentreRank: removedRank)
    }
}

/// One read of a manifold's points: their centre and the Gram matrix of the points taken
/// relative to the first of them.
struct ManifoldPass: Sendable {
    let centre: [Double]
    let gram: [Double]

    /// The pass over each manifold's rows of `x`, on `jobs` threads. Each thread reuses one
    /// buffer for the shifted points: a fresh one per manifold (megabytes) cost more in page
    /// faults than the copy itself.
    static func all(_ x: Matrix, members: [[Int]], jobs: Int) -> [ManifoldPass] {
        let slots = Locked([ManifoldPass?](repeating: nil, count: members.count))
        try? WorkerPool.run(count: members.count, jobs: jobs, chunk: 1, makeState: { [Double]() }) { shifted, i in
            let pass = ManifoldPass(x, rows: members[i], shifted: &shifted)
            slots.withLock { $0[i] = pass }
        }
        return slots.withLock { $0.map { pass in
            guard let pass else { preconditionFailure("ManifoldPass.all: a manifold was not read") }
            return pass
        } }
    }

    /// The pass over `rows` of `x`; `shifted` is scratch, grown when it is too small.
    init(_ x: Matrix, rows: [Int], shifted: inout [Double]) {
        let n = x.columns, m = rows.count
        if shifted.count < m * n { shifted = [Double](repeating: 0, count: m * n) }
        var centre = [Double](repeating: 0, count: n)
        let first = rows[0] * n
        x.storage.withUnsafeBufferPointer { points in
            shifted.withUnsafeMutableBufferPointer { out in
                for (j, r) in rows.enumerated() {
                    let base = r * n
                    for c in 0..<n {
                        let v = points[base + c]
                        centre[c] += v
                        out[j * n + c] = v - points[first + c]
                    }
                }
            }
        }
        self.centre = centre.map { $0 / Double(m) }
        gram = DenseBLAS.rowGram(shifted, rows: m, columns: n)
    }

    /// `scale * J K J` with `J = I - 1 1^T / m`: the Gram matrix of the points centred on
    /// their own centre.
    static func centred(_ k: [Double], size m: Int, scale: Double) -> [Double] {
        var rowMeans = [Double](repeating: 0, count: m)
        var all = 0.0
        for i in 0..<m {
            for j in 0..<m { rowMeans[i] += k[i * m + j] }
            all += rowMeans[i]
            rowMeans[i] /= Double(m)
        }
        all /= Double(m * m)
        var out = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in 0..<m { out[i * m + j] = scale * (k[i * m + j] - rowMeans[i] - rowMeans[j] + all) } }
        return out
    }
}

/// The centre correlation rho_c of the reference (`res_coeff0` of `fun_FA`).
enum CentreCorrelation {
    /// Mean absolute cosine between distinct class centres after subtracting their mean.
    static func meanAbsoluteCosine(_ centres: [[Double]], dimension n: Int) -> Double {
        let p = centres.count
        guard p >= 2 else { return 0 }
        var mean = [Double](repeating: 0, count: n)
        for centre in centres { for c in 0..<n { mean[c] += centre[c] } }
        var flat = [Double](repeating: 0, count: p * n)
        for (i, centre) in centres.enumerated() { for c in 0..<n { flat[i * n + c] = centre[c] - mean[c] / Double(p) } }
        let gram = DenseBLAS.rowGram(flat, rows: p, columns: n)
        var sum = 0.0
        for i in 0..<p {
            for j in 0..<p where i != j {
                let denominator = (gram[i * p + i] * gram[j * p + j]).squareRoot()
                if denominator > 0 { sum += abs(gram[i * p + j]) / denominator }
            }
        }
        return sum / Double(p * (p - 1))
    }
}
