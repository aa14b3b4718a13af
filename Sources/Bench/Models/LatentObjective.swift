import Foundation

/// How beta-TCVAE estimates the aggregate posterior `q(z)` from a minibatch (Chen et al. 2018).
public enum TCSampling: String, Sendable, CaseIterable {
    /// Minibatch-weighted sampling: `q(z_i) ~ 1/(N M) sum_j q(z_i | x_j)`.
    case weighted = "mws"
    /// Minibatch-stratified sampling: weight `1/N` for the sample's own posterior,
    /// `(N - M + 1) / (N (M - 1))` for one other batch member (the next, cyclically), and
    /// `1/(M - 1)` for the remaining `M - 2` (the paper's estimator; the weights sum to 1).
    case stratified = "mss"
}

/// The DIP-VAE variant (Kumar et al. 2018).
public enum DIPKind: String, Sendable, CaseIterable {
    /// DIP-VAE-I: the covariance of the posterior means.
    case i
    /// DIP-VAE-II: the covariance of the means plus the mean posterior variance.
    case ii
}

/// A VAE-family objective: the reconstruction term plus a regulariser of the posterior
/// parameters `mu`, `logvar` and the sample `z`. Every term is a per-sample quantity averaged
/// over the batch (reconstruction summed over a sample's pixels, KL summed over its latents).
public enum VAEObjective: Sendable, Equatable {
    /// `rec + KL`.
    case vae
    /// `rec + beta KL` (Higgins et al. 2017).
    case betaVAE(beta: Double)
    /// `rec + gamma |KL - C|`, `C` rising linearly from 0 to `cMax` over `steps` updates
    /// (Burgess et al. 2018).
    case annealedVAE(gamma: Double, cMax: Double, steps: Int)
    /// `rec + alpha MI + beta TC + gamma dimension-wise KL` with the minibatch estimators of
    /// Chen et al. 2018 over a dataset of `datasetSize` items.
    case betaTCVAE(alpha: Double, beta: Double, gamma: Double, sampling: TCSampling, datasetSize: Int)
    /// `rec + KL + lambda_od sum_{i != j} C_ij^2 + lambda_d sum_i (C_ii - 1)^2` (Kumar et al.).
    case dipVAE(kind: DIPKind, lambdaOffDiagonal: Double, lambdaDiagonal: Double)
    /// `rec + KL + gamma mean(D(z)_0 - D(z)_1)` with a discriminator between `q(z)` and the
    /// product of its marginals (Kim and Mnih 2018); see ``FactorDiscriminator``.
    case factorVAE(gamma: Double)
    /// Not a VAE: Barlow Twins (Zbontar et al. 2021) or, with
    /// ``BarlowTwinsSettings/normalizeEmbeddings``, Modified Barlow Twins (Brima et al.) on the
    /// architecture's encoder and `mu` head with a projector; see ``BarlowTwinsObjective``.
    case barlowTwins(BarlowTwinsSettings)

    /// Whether the objective is Barlow Twins or MBT (no decoder, no KL).
    public var isSelfSupervised: Bool {
        if case .barlowTwins = self { return true }
        return false
    }

    /// The name used in configs.
    public var name: String {
        switch self {
        case .vae: "vae"
        case .betaVAE: "beta-vae"
        case .annealedVAE: "annealed-vae"
        case .betaTCVAE: "beta-tcvae"
        case .dipVAE(let kind, _, _): kind == .i ? "dip-vae-i" : "dip-vae-ii"
        case .factorVAE: "factor-vae"
        case .barlowTwins(let s): s.normalizeEmbeddings ? "mbt" : "barlow-twins"
        }
    }

    /// The name and hyperparameters in one line (checkpoint metadata), e.g.
    /// `beta-tcvae alpha=1.0 beta=6.0 gamma=1.0 sampling=mss dataset_size=400`.
    public var summary: String {
        switch self {
        case .vae: name
        case .betaVAE(let beta): "\(name) beta=\(beta)"
        case .annealedVAE(let gamma, let cMax, let steps): "\(name) gamma=\(gamma) c_max=\(cMax) anneal_steps=\(steps)"
        case .betaTCVAE(let a, let b, let g, let s, let n): "\(name) alpha=\(a) beta=\(b) gamma=\(g) sampling=\(s.rawValue) dataset_size=\(n)"
        case .dipVAE(_, let od, let d): "\(name) lambda_od=\(od) lambda_d=\(d)"
        case .factorVAE(let gamma): "\(name) gamma=\(gamma)"
        case .barlowTwins(let s):
            "\(name) lambda=\(s.lambda) projector=\(s.projector.map(String.init).joined(separator: "-")) \(s.augmentation.summary)"
        }
    }

    /// Every objective name a config may use.
    public static let names = ["vae", "beta-vae", "annealed-vae", "beta-tcvae", "dip-vae-i", "dip-vae-ii", "factor-vae",
                                "barlow-twins", "mbt"]
}

/// The latent part of one step: the regulariser's value, the logged terms, and the regulariser's
/// gradients with respect to `mu`, `logvar` and `z` (each `[M, L]`, row-major).
public struct LatentTerms: Sendable {
    /// The regulariser added to the reconstruction term.
    public var regularizer: Double
    /// Analytic KL of the posterior from N(0, I), per sample, batch mean.
    public var kl: Double
    /// Analytic KL per latent, batch mean (sums to ``kl``).
    public var klPerLatent: [Double]
    /// Total-correlation estimate where the objective defines one.
    public var totalCorrelation: Double?
    /// d(regularizer)/d(mu).
    public var gradMean: [Double]
    /// d(regularizer)/d(logvar).
    public var gradLogVariance: [Double]
    /// d(regularizer)/d(z) (zero for objectives of `mu` and `logvar` only).
    public var gradZ: [Double]
}

/// The regularisers of ``VAEObjective`` on plain arrays: `mu`, `logvar`, `z` are `[M, L]`
/// row-major. Pure functions, so their gradients can be checked against finite differences.
public enum LatentRegularizers {
    private static let logTwoPi = log(2 * Double.pi)

    /// The analytic KL of each latent, batch mean, and its gradients with weight `weight`.
    static func gaussianKL(mu: [Double], logvar: [Double], m: Int, l: Int, weight: Double)
        -> (kl: Double, perLatent: [Double], gMu: [Double], gLv: [Double]) {
        var perLatent = [Double](repeating: 0, count: l)
        var gMu = [Double](repeating: 0, count: m * l), gLv = gMu
        for s in 0..<m {
            for j in 0..<l {
                let i = s * l + j, e = exp(logvar[i])
                perLatent[j] += -0.5 * (1 + logvar[i] - mu[i] * mu[i] - e) / Double(m)
                gMu[i] = weight * mu[i] / Double(m)
                gLv[i] = weight * 0.5 * (e - 1) / Double(m)
            }
        }
        return (perLatent.reduce(0, +), perLatent, gMu, gLv)
    }

    /// The regulariser of `objective` at update `step` (used by the annealed capacity).
    /// FactorVAE's discriminator term is added by the trainer; here it contributes the KL.
    /// Barlow Twins and MBT have no latent regulariser (their loss is ``BarlowTwinsLoss``):
    /// all terms are zero.
    public static func evaluate(_ objective: VAEObjective, mu: [Double], logvar: [Double], z: [Double],
                                batch m: Int, latent l: Int, step: Int) -> LatentTerms {
        precondition(mu.count == m * l && logvar.count == m * l && z.count == m * l, "LatentRegularizers: arrays must be [\(m), \(l)]")
        let zeros = [Double](repeating: 0, count: m * l)
        switch objective {
        case .barlowTwins:
            return LatentTerms(regularizer: 0, kl: 0, klPerLatent: [Double](repeating: 0, count: l), totalCorrelation: nil,
                               gradMean: zeros, gradLogVariance: zeros, gradZ: zeros)
        case .vae, .betaVAE, .factorVAE:
            var beta = 1.0
            if case .betaVAE(let b) = objective { beta = b }
            let k = gaussianKL(mu: mu, logvar: logvar, m: m, l: l, weight: beta)
            return LatentTerms(regularizer: beta * k.kl, kl: k.kl, klPerLatent: k.perLatent, totalCorrelation: nil,
                               gradMean: k.gMu, gradLogVariance: k.gLv, gradZ: zeros)
        case .annealedVAE(let gamma, let cMax, let steps):
            let capacity = annealedCapacity(cMax: cMax, steps: steps, step: step)
            let k = gaussianKL(mu: mu, logvar: logvar, m: m, l: l, weight: 1)
            let sign: Double = k.kl > capacity ? 1 : (k.kl < capacity ? -1 : 0)
            return LatentTerms(regularizer: gamma * abs(k.kl - capacity), kl: k.kl, klPerLatent: k.perLatent,
                               totalCorrelation: nil, gradMean: k.gMu.map { gamma * sign * $0 },
                               gradLogVariance: k.gLv.map { gamma * sign * $0 }, gradZ: zeros)
        case .betaTCVAE(let alpha, let beta, let gamma, let sampling, let n):
            let k = gaussianKL(mu: mu, logvar: logvar, m: m, l: l, weight: 0)
            let tc = tcDecomposition(mu: mu, logvar: logvar, z: z, m: m, l: l, datasetSize: n, sampling: sampling,
                                     alpha: alpha, beta: beta, gamma: gamma)
            return LatentTerms(regularizer: alpha * tc.mutualInformation + beta * tc.totalCorrelation + gamma * tc.dimensionWiseKL,
                               kl: k.kl, klPerLatent: k.perLatent, totalCorrelation: tc.totalCorrelation,
                               gradMean: tc.gMu, gradLogVariance: tc.gLv, gradZ: tc.gZ)
        case .dipVAE(let kind, let lod, let ld):
            let k = gaussianKL(mu: mu, logvar: logvar, m: m, l: l, weight: 1)
            let dip = dipPenalty(kind: kind, mu: mu, logvar: logvar, m: m, l: l, lambdaOffDiagonal: lod, lambdaDiagonal: ld)
            return LatentTerms(regularizer: k.kl + dip.penalty, kl: k.kl, klPerLatent: k.perLatent, totalCorrelation: nil,
                               gradMean: zip(k.gMu, dip.gMu).map(+), gradLogVariance: zip(k.gLv, dip.gLv).map(+), gradZ: zeros)
        }
    }

    /// AnnealedVAE's capacity after `step` updates: `cMax min(1, step / steps)`.
    public static func annealedCapacity(cMax: Double, steps: Int, step: Int) -> Double {
        steps <= 0 ? cMax : cMax * min(1, Double(step) / Double(steps))
    }

    /// The log importance weight of posterior `j` in the estimate of `q(z_i)`.
    static func logWeight(i: Int, j: Int, m: Int, n: Int, sampling: TCSampling) -> Double {
        let nd = Double(n), md = Double(m)
        switch sampling {
        case .weighted:
            return -log(nd * md)
        case .stratified:
            if m == 1 { return -log(nd) }
            if i == j { return -log(nd) }
            if j == (i + 1) % m { return log((nd - md + 1) / (nd * (md - 1))) }
            return -log(md - 1)
        }
    }

    /// Chen et al.'s decomposition `E[log q(z|x) - log p(z)] = MI + TC + dimension-wise KL`, each
    /// a batch mean of the sampled estimators, and the gradients of
    /// `alpha MI + beta TC + gamma DWKL` with respect to `mu`, `logvar` and `z`.
    public static func tcDecomposition(mu: [Double], logvar: [Double], z: [Double], m: Int, l: Int, datasetSize n: Int,
                                       sampling: TCSampling, alpha: Double, beta: Double, gamma: Double)
        -> (mutualInformation: Double, totalCorrelation: Double, dimensionWiseKL: Double,
            gMu: [Double], gLv: [Double], gZ: [Double]) {
        // log N(z_i,d; mu_j,d, lv_j,d) for every pair, [i][j][d].
        var logDensity = [Double](repeating: 0, count: m * m * l)
        let inverseVariance = logvar.map { exp(-$0) }
        for i in 0..<m {
            for j in 0..<m {
                for d in 0..<l {
                    let diff = z[i * l + d] - mu[j * l + d]
                    logDensity[(i * m + j) * l + d] = -0.5 * (logTwoPi + logvar[j * l + d] + diff * diff * inverseVariance[j * l + d])
                }
            }
        }
        let cZX = alpha / Double(m), cQZ = (beta - alpha) / Double(m)
        let cProd = (gamma - beta) / Double(m), cPZ = -gamma / Double(m)
        var coefficient = [Double](repeating: 0, count: m * m * l)  // d(objective)/d(logDensity)
        var gZ = [Double](repeating: 0, count: m * l)
        var sumZX = 0.0, sumQZ = 0.0, sumProd = 0.0, sumPZ = 0.0
        var joint = [Double](repeating: 0, count: m), marginal = [Double](repeating: 0, count: m)
        for i in 0..<m {
            var logQZX = 0.0, logPZ = 0.0
            for d in 0..<l {
                logQZX += logDensity[(i * m + i) * l + d]
                logPZ += -0.5 * (logTwoPi + z[i * l + d] * z[i * l + d])
                gZ[i * l + d] += cPZ * -z[i * l + d]
                coefficient[(i * m + i) * l + d] += cZX
            }
            // log q(z_i): log-sum-exp over j of the joint density plus the weight.
            for j in 0..<m {
                var s = logWeight(i: i, j: j, m: m, n: n, sampling: sampling)
                for d in 0..<l { s += logDensity[(i * m + j) * l + d] }
                joint[j] = s
            }
            let (logQZ, jointSoftmax) = logSumExp(joint)
            for j in 0..<m { for d in 0..<l { coefficient[(i * m + j) * l + d] += cQZ * jointSoftmax[j] } }
            // log prod_d q(z_i,d): a log-sum-exp per dimension.
            var logProd = 0.0
            for d in 0..<l {
                for j in 0..<m { marginal[j] = logDensity[(i * m + j) * l + d] + logWeight(i: i, j: j, m: m, n: n, sampling: sampling) }
                let (value, softmax) = logSumExp(marginal)
                logProd += value
                for j in 0..<m { coefficient[(i * m + j) * l + d] += cProd * softmax[j] }
            }
            sumZX += logQZX
            sumQZ += logQZ
            sumProd += logProd
            sumPZ += logPZ
        }
        var gMu = [Double](repeating: 0, count: m * l), gLv = gMu
        for i in 0..<m {
            for j in 0..<m {
                for d in 0..<l {
                    let c = coefficient[(i * m + j) * l + d]
                    if c == 0 { continue }
                    let diff = z[i * l + d] - mu[j * l + d], w = inverseVariance[j * l + d]
                    gZ[i * l + d] += c * -diff * w
                    gMu[j * l + d] += c * diff * w
                    gLv[j * l + d] += c * (-0.5 + 0.5 * diff * diff * w)
                }
            }
        }
        let md = Double(m)
        return ((sumZX - sumQZ) / md, (sumQZ - sumProd) / md, (sumProd - sumPZ) / md, gMu, gLv, gZ)
    }

    /// `log sum exp(values)` and the softmax, computed from the maximum.
    private static func logSumExp(_ values: [Double]) -> (Double, [Double]) {
        let top = values.max() ?? 0
        let e = values.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return (top + log(total), e.map { $0 / total })
    }

    /// DIP-VAE's moment penalty and its gradients. The covariance is the population covariance
    /// of the batch (divided by M), as in disentanglement_lib.
    public static func dipPenalty(kind: DIPKind, mu: [Double], logvar: [Double], m: Int, l: Int,
                                  lambdaOffDiagonal: Double, lambdaDiagonal: Double)
        -> (penalty: Double, gMu: [Double], gLv: [Double]) {
        let md = Double(m)
        var mean = [Double](repeating: 0, count: l)
        for s in 0..<m { for d in 0..<l { mean[d] += mu[s * l + d] / md } }
        var cov = [Double](repeating: 0, count: l * l)
        for s in 0..<m {
            for a in 0..<l {
                let da = mu[s * l + a] - mean[a]
                for b in 0..<l { cov[a * l + b] += da * (mu[s * l + b] - mean[b]) / md }
            }
        }
        if kind == .ii {
            for s in 0..<m { for d in 0..<l { cov[d * l + d] += exp(logvar[s * l + d]) / md } }
        }
        var penalty = 0.0
        var g = [Double](repeating: 0, count: l * l)  // d(penalty)/d(cov), symmetric
        for a in 0..<l {
            for b in 0..<l {
                let c = cov[a * l + b]
                if a == b {
                    penalty += lambdaDiagonal * (c - 1) * (c - 1)
                    g[a * l + b] = 2 * lambdaDiagonal * (c - 1)
                } else {
                    penalty += lambdaOffDiagonal * c * c
                    g[a * l + b] = 2 * lambdaOffDiagonal * c
                }
            }
        }
        var gMu = [Double](repeating: 0, count: m * l), gLv = gMu
        for s in 0..<m {
            for a in 0..<l {
                var sum = 0.0
                for b in 0..<l { sum += g[a * l + b] * (mu[s * l + b] - mean[b]) }
                gMu[s * l + a] = 2 * sum / md
                if kind == .ii { gLv[s * l + a] = g[a * l + a] * exp(logvar[s * l + a]) / md }
            }
        }
        return (penalty, gMu, gLv)
    }
}
