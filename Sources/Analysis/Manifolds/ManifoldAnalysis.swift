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
        let manifolds = LayerAnalysis.manifoldsOf(features, sample: sample, options: options)
        return analyze(manifolds, options: options)
    }

    /// Analyses given manifolds, each `[M_i, N]` with points as rows (the reference takes the
    /// transpose, `(N, M_i)`). Manifold `i` draws its t vectors from
    /// `Xoshiro256StarStar.item(seed: options.seed, index: i)`.
    public static func analyze(_ manifolds: [Matrix], options: Options) -> ManifoldGeometry {
        precondition(manifolds.count >= 2, "at least two manifolds")
        let n = manifolds[0].columns
        // Global mean over every point, then each manifold's centre relative to it.
        var origin = [Double](repeating: 0, count: n)
        var total = 0
        for manifold in manifolds {
            precondition(manifold.columns == n, "manifolds differ in feature count")
            for i in 0..<manifold.rows { for c in 0..<n { origin[c] += manifold.storage[i * n + c] } }
            total += manifold.rows
        }
        for c in 0..<n { origin[c] /= Double(total) }
        var centred = manifolds.map { manifold -> [Double] in
            var values = manifold.storage
            for i in 0..<manifold.rows { for c in 0..<n { values[i * n + c] -= origin[c] } }
            return values
        }
        let centres = zip(manifolds, centred).map { manifold, values -> [Double] in
            var centre = [Double](repeating: 0, count: n)
            for i in 0..<manifold.rows { for c in 0..<n { centre[c] += values[i * n + c] } }
            return centre.map { $0 / Double(manifold.rows) }
        }
        let correlation = CentreCorrelation.meanAbsoluteCosine(centres, dimension: n)
        var removedRank = 0
        if options.removeCentreCorrelation {
            let removal = CentreSubspaceRemoval(centres: centres, dimension: n, seed: options.seed)
            removedRank = removal.rank
            centred = centred.enumerated().map { removal.project($1, rows: manifolds[$0].rows) }
        }
        let inputs = centred
        let results = parallelMap(manifolds.count, jobs: options.jobs) { i -> AnchorStatistics in
            let m = manifolds[i].rows
            var values = inputs[i]
            var centre = [Double](repeating: 0, count: n)
            for r in 0..<m { for c in 0..<n { centre[c] += values[r * n + c] } }
            var norm2 = 0.0
            for c in 0..<n {
                centre[c] /= Double(m)
                norm2 += centre[c] * centre[c]
            }
            let scale = 1 / norm2.squareRoot()
            for r in 0..<m { for c in 0..<n { values[r * n + c] = (values[r * n + c] - centre[c]) * scale } }
            let gram = DenseBLAS.rowGram(values, rows: m, columns: n)
            var rng = Xoshiro256StarStar.item(seed: options.seed, index: UInt64(i))
            return AnchorStatistics(gram: gram, count: m, featureCount: n, kappa: options.kappa,
                                    tCount: options.tCount, rng: &rng)
        }
        return ManifoldGeometry(capacities: results.map(\.capacity), radii: results.map(\.radius),
                                dimensions: results.map(\.dimension), centreCorrelation: correlation,
                                removedCentreRank: removedRank)
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
