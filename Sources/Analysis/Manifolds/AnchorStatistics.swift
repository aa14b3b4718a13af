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
        let solver = GramNNLS(gram: full, size: m)
        // Every t first (each draws D + 1 Gaussians in turn), and all projections t_D . s_j
        // of the points in one product.
        var ts = [Double](repeating: 0, count: tCount * (dims + 1))
        for i in 0..<(tCount * (dims + 1)) { ts[i] = rng.nextGaussian() }
        var leading = [Double](repeating: 0, count: tCount * r)
        for sample in 0..<tCount { for k in 0..<r { leading[sample * r + k] = ts[sample * (dims + 1) + k] } }
        let projections = DenseBLAS.multiply(leading, rows: tCount, inner: r, coords, columns: m)
        // Each anchor is a convex combination of the points: its weights go into a row of W,
        // and the anchors' coordinates are one product W R^T after the loop.
        var weights = [Double](repeating: 0, count: tCount * m)
        var b = [Double](repeating: 0, count: m)
        for sample in 0..<tCount {
            let t = sample * (dims + 1), row = sample * m
            let centre = ts[t + dims]
            var best = 0
            for j in 1..<m where projections[row + j] > projections[row + best] { best = j }
            // The maximal-projection point, unless the constraints bind.
            var interior = true
            if projections[row + best] + centre + kappa >= 0 {
                for j in 0..<m { b[j] = projections[row + j] + centre + kappa }
                // Supports hold about half the points, mostly those t already points towards.
                solver.solveInPlace(b, start: .positiveRightHandSide)
                var total = 0.0, norm2 = 0.0
                // ||v - t||^2 = ||S z||^2 = z^T H z, which is b_P^T z_P at the optimum
                // (H_PP z_P = b_P on the support).
                for p in solver.support {
                    total += solver.weight(p)
                    norm2 += b[p] * solver.weight(p)
                }
                if max(norm2, 0).squareRoot() >= AnchorStatistics.interiorDistance && total > 0 {
                    for p in solver.support { weights[row + p] = solver.weight(p) / total }
                    interior = false
                }
            }
            if interior { weights[row + best] = 1 }
        }
        var anchors = [Double](repeating: 0, count: tCount * r)
        DenseBLAS.multiplyTransposed(weights, rows: tCount, inner: m, coords, columns: r, into: &anchors)
        var capacitySum = 0.0, cosineSum = 0.0
        for sample in 0..<tCount {
            let t = sample * (dims + 1)
            var sNorm2 = 0.0, tDotSD = 0.0, tNorm2 = 0.0
            for k in 0..<r {
                let v = anchors[sample * r + k]
                sNorm2 += v * v
                tDotSD += ts[t + k] * v
            }
            let tDotS = ts[t + dims] + tDotSD
            for k in 0..<dims { tNorm2 += ts[t + k] * ts[t + k] }
            let margin = max(tDotS + kappa, 0)
            capacitySum += margin * margin / (sNorm2 + 1)
            cosineSum += tDotSD / (tNorm2.squareRoot() * (sNorm2 + 1e-12).squareRoot())
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
