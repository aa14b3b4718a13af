import SynCore

/// The capacity, radius and dimension of one manifold from its anchor points
/// (`each_manifold_analysis_D1` of `mftma/manifold_analysis_correlation.py`).
///
/// The manifold is given by its Gram matrix after centring on its own centre and scaling by
/// the centre norm. Its points get coordinates `R` (`R^T R = G`) in `D = min(N, M)`
/// dimensions plus a centre coordinate fixed at 1, the reference's `sD1`. For each Gaussian
/// vector t in D + 1 dimensions, the anchor point s~ is the maximal-projection point when t
/// already satisfies every constraint (`t . s + kappa < 0` for the best point), else
/// `S z / sum(z)` where z are the dual weights of `min ||v - t||^2` subject to
/// `s . v + kappa <= 0` for every point s: the non-negative least-squares problem
/// `min_z>=0 0.5 z^T (S^T S) z - (S^T t + kappa)^T z`.
struct AnchorStatistics {
    /// alpha_M = 1 / mean_t(max(t . s~ + kappa, 0)^2 / ||s~||^2).
    var capacity: Double
    /// sqrt(mean_t ||s~_D - mean_t s~_D||^2): the anchors' RMS spread (centre coordinate excluded).
    var radius: Double
    /// D * (mean_t cos(t_D, s~_D))^2.
    var dimension: Double

    /// Distance below which the optimal v counts as t itself (the reference's `eps`).
    static let interiorDistance = 1e-8

    /// Analyses one manifold of `count` points with Gram matrix `gram` (centred on its centre,
    /// scaled by its centre norm) in `featureCount` ambient dimensions.
    init(gram: [Double], count m: Int, featureCount: Int, kappa: Double, tCount: Int,
         rng: inout Xoshiro256StarStar) {
        let root = PivotedCholesky(gram: gram, size: m)
        let r = root.rank
        let dims = min(featureCount, m)
        let coords = root.factor
        // S^T S with the centre coordinate: G + 1 1^T, built from R so it matches the coordinates.
        var full = [Double](repeating: 1, count: m * m)
        for i in 0..<m {
            for j in i..<m {
                var v = 1.0
                for k in 0..<r { v += coords[k * m + i] * coords[k * m + j] }
                full[i * m + j] = v
                full[j * m + i] = v
            }
        }
        var solver = GramNNLS(gram: full, size: m)
        var t = [Double](repeating: 0, count: dims + 1)
        var projections = [Double](repeating: 0, count: m)
        var b = [Double](repeating: 0, count: m)
        var weights = [Double](repeating: 0, count: m)
        var anchors = [Double](repeating: 0, count: tCount * r)
        var capacitySum = 0.0, cosineSum = 0.0
        var anchor = [Double](repeating: 0, count: r)
        var warm: [Int] = []
        for sample in 0..<tCount {
            for k in 0..<(dims + 1) { t[k] = rng.nextGaussian() }
            let centre = t[dims]
            var best = 0
            for j in 0..<m {
                var v = 0.0
                for k in 0..<r { v += coords[k * m + j] * t[k] }
                projections[j] = v
                if v > projections[best] { best = j }
            }
            for j in 0..<m { weights[j] = 0 }
            weights[best] = 1
            if projections[best] + centre + kappa >= 0 {
                for j in 0..<m { b[j] = projections[j] + centre + kappa }
                let z = solver.solve(b, warmStart: warm)
                warm = solver.support
                var total = 0.0
                for j in 0..<m { total += z[j] }
                // ||v - t|| = ||S z||, from the Gram form.
                var norm2 = 0.0
                for p in warm { for q in warm { norm2 += z[p] * full[p * m + q] * z[q] } }
                if norm2.squareRoot() >= AnchorStatistics.interiorDistance && total > 0 {
                    for j in 0..<m { weights[j] = z[j] / total }
                }
            }
            for k in 0..<r {
                var v = 0.0
                for j in 0..<m where weights[j] != 0 { v += coords[k * m + j] * weights[j] }
                anchor[k] = v
            }
            var ts = centre, ss = 1.0, tNorm2 = 0.0, sNorm2 = 0.0, tsD = 0.0
            for k in 0..<r {
                ts += t[k] * anchor[k]
                sNorm2 += anchor[k] * anchor[k]
                tsD += t[k] * anchor[k]
                anchors[sample * r + k] = anchor[k]
            }
            ss += sNorm2
            for k in 0..<dims { tNorm2 += t[k] * t[k] }
            let margin = max(ts + kappa, 0)
            capacitySum += margin * margin / ss
            cosineSum += tsD / (tNorm2.squareRoot() * (sNorm2 + 1e-12).squareRoot())
        }
        let n = Double(tCount)
        capacity = 1 / (capacitySum / n)
        var spread = 0.0
        for k in 0..<r {
            var mean = 0.0
            for sample in 0..<tCount { mean += anchors[sample * r + k] }
            mean /= n
            for sample in 0..<tCount {
                let d = anchors[sample * r + k] - mean
                spread += d * d
            }
        }
        radius = (spread / n).squareRoot()
        let meanCosine = cosineSum / n
        dimension = Double(dims) * meanCosine * meanCosine
    }
}
