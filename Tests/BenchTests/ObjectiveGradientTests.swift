import Foundation
import Neural
import SynCore
import Testing
@testable import Bench

/// Finite-difference checks of the hand-written regulariser gradients (beta-TCVAE's
/// log-density estimators, DIP-VAE's moment penalties, AnnealedVAE's capacity term, and the
/// FactorVAE discriminator's total-correlation term).
@Suite struct ObjectiveGradientTests {
    let m = 6, l = 3

    /// Random posterior parameters and samples, `[m, l]` each.
    func sample(seed: UInt64) -> (mu: [Double], lv: [Double], z: [Double]) {
        var g = Xoshiro256StarStar(seed: seed)
        let mu = (0..<(m * l)).map { _ in g.nextGaussian() }
        let lv = (0..<(m * l)).map { _ in 0.6 * g.nextGaussian() - 0.3 }
        let z = zip(mu, lv).map { $0 + exp($1 / 2) * g.nextGaussian() }
        return (mu, lv, z)
    }

    /// Largest |analytic - central difference| over all inputs, relative to the largest analytic.
    func relativeError(objective: VAEObjective, seed: UInt64, step: Int = 0) -> Double {
        let (mu, lv, z) = sample(seed: seed)
        let terms = LatentRegularizers.evaluate(objective, mu: mu, logvar: lv, z: z, batch: m, latent: l, step: step)
        let h = 1e-6
        var worst = 0.0, scale = 0.0
        for which in 0..<3 {
            let analytic = [terms.gradMean, terms.gradLogVariance, terms.gradZ][which]
            for i in 0..<(m * l) {
                var inputs = [mu, lv, z]
                inputs[which][i] += h
                let plus = LatentRegularizers.evaluate(objective, mu: inputs[0], logvar: inputs[1], z: inputs[2], batch: m, latent: l, step: step).regularizer
                inputs[which][i] -= 2 * h
                let minus = LatentRegularizers.evaluate(objective, mu: inputs[0], logvar: inputs[1], z: inputs[2], batch: m, latent: l, step: step).regularizer
                worst = max(worst, abs((plus - minus) / (2 * h) - analytic[i]))
                scale = max(scale, abs(analytic[i]))
            }
        }
        return worst / scale
    }

    @Test(arguments: TCSampling.allCases)
    func betaTCVAEGradients(sampling: TCSampling) {
        let objective = VAEObjective.betaTCVAE(alpha: 1.3, beta: 4, gamma: 0.7, sampling: sampling, datasetSize: 50)
        let error = relativeError(objective: objective, seed: 11)
        print("beta-TCVAE (\(sampling.rawValue)) finite-difference relative error: \(error)")
        #expect(error < 1e-6)
    }

    @Test func tcDecompositionSumsToSampledKL() {
        // MI + TC + DWKL = mean(log q(z|x) - log p(z)) whatever the weights.
        let (mu, lv, z) = sample(seed: 3)
        let tc = LatentRegularizers.tcDecomposition(mu: mu, logvar: lv, z: z, m: m, l: l, datasetSize: 50, sampling: .stratified,
                                                    alpha: 1, beta: 1, gamma: 1)
        var direct = 0.0
        for s in 0..<m {
            for d in 0..<l {
                let i = s * l + d, diff = z[i] - mu[i]
                direct += (-0.5 * (lv[i] + diff * diff * exp(-lv[i])) + 0.5 * z[i] * z[i]) / Double(m)
            }
        }
        #expect(abs(tc.mutualInformation + tc.totalCorrelation + tc.dimensionWiseKL - direct) < 1e-9)
    }

    @Test(arguments: DIPKind.allCases)
    func dipVAEGradients(kind: DIPKind) {
        let error = relativeError(objective: .dipVAE(kind: kind, lambdaOffDiagonal: 10, lambdaDiagonal: 5), seed: 5)
        print("DIP-VAE-\(kind.rawValue.uppercased()) finite-difference relative error: \(error)")
        #expect(error < 1e-6)
    }

    @Test func annealedGradientsAndCapacity() {
        #expect(LatentRegularizers.annealedCapacity(cMax: 25, steps: 100, step: 50) == 12.5)
        #expect(LatentRegularizers.annealedCapacity(cMax: 25, steps: 100, step: 500) == 25)
        // Capacity 0.5 at step 10 of 20: KL of these samples lies above it, so the sign is +1.
        let error = relativeError(objective: .annealedVAE(gamma: 100, cMax: 1, steps: 20), seed: 7, step: 10)
        #expect(error < 1e-6)
        let (mu, lv, z) = sample(seed: 7)
        let below = LatentRegularizers.evaluate(.annealedVAE(gamma: 100, cMax: 1000, steps: 1), mu: mu, logvar: lv, z: z, batch: m, latent: l, step: 5)
        #expect(below.gradMean.allSatisfy { $0 == 0 } == false)
        #expect(abs(below.regularizer - 100 * (1000 - below.kl)) < 1e-9)
    }

    @Test func factorDiscriminatorGradient() throws {
        var g = Xoshiro256StarStar(seed: 2)
        let disc = FactorDiscriminator(latent: l, rng: &g)
        let z = try Tensor(shape: [m, l], values: (0..<(m * l)).map { _ in Float(g.nextGaussian()) })
        let term = disc.totalCorrelationTerm(z: z, weight: 2)
        // The estimate recomputed in Double from the discriminator's weights, one sample at a
        // time (a Float32 forward pass is too noisy for differences of gradients ~1e-4).
        let dense = disc.network.layers.compactMap { $0 as? Dense }
        let weights = dense.map { $0.weight.value.values.map(Double.init) }
        let biases = dense.map { ($0.bias?.value.values ?? []).map(Double.init) }
        func difference(_ row: [Double]) -> Double {
            var h = row
            for (k, layer) in dense.enumerated() {
                var next = biases[k]
                for o in 0..<layer.outFeatures {
                    var sum = next[o]
                    for i in 0..<layer.inFeatures { sum += weights[k][o * layer.inFeatures + i] * h[i] }
                    next[o] = k < dense.count - 1 && sum < 0 ? 0.2 * sum : sum
                }
                h = next
            }
            return 2 * (h[0] - h[1]) / Double(m)
        }
        let step = 1e-5
        var worst = 0.0, scale = 0.0
        for s in 0..<2 {
            let row = (0..<l).map { Double(z[s * l + $0]) }
            for d in 0..<l {
                var plus = row, minus = row
                plus[d] += step
                minus[d] -= step
                let numeric = (difference(plus) - difference(minus)) / (2 * step)
                worst = max(worst, abs(numeric - term.gradZ[s * l + d]))
                scale = max(scale, abs(term.gradZ[s * l + d]))
            }
        }
        print("FactorVAE discriminator TC gradient, finite-difference relative error: \(worst / scale)")
        #expect(worst / scale < 1e-3)
        #expect(disc.network.parameters.allSatisfy { $0.gradient.values.allSatisfy { $0 == 0 } })
        // The discriminator learns to tell z from its permutation: correlated latents.
        let corr = try Tensor(shape: [32, l], values: (0..<32).flatMap { _ -> [Float] in let a = Float(g.nextGaussian()); return [a, a, -a] })
        var rng = Xoshiro256StarStar(seed: 9)
        let first = disc.train(z: corr, rng: &rng)
        var last = first
        for _ in 0..<8 { last = disc.train(z: corr, rng: &rng) }
        #expect(last < first)
    }

    /// The regulariser's gradients with respect to mu, logvar and z reach the heads through the
    /// reparameterisation: the heads' bias gradients of `rec + beta-TCVAE terms` against central
    /// differences of the whole loss.
    @Test(arguments: [VAEObjective.betaTCVAE(alpha: 1, beta: 6, gamma: 1, sampling: .stratified, datasetSize: 20),
                      .dipVAE(kind: .ii, lambdaOffDiagonal: 5, lambdaDiagonal: 5), .annealedVAE(gamma: 10, cMax: 0.01, steps: 1)])
    func regulariserGradientsReachTheHeads(objective: VAEObjective) throws {
        var rng = Xoshiro256StarStar(seed: 1)
        let model = try GaussianVAE(.syntonePaper, latent: 2, height: 8, width: 8, rng: &rng)
        let x = try Tensor(shape: [4, 1, 8, 8], values: (0..<256).map { _ in rng.nextFloat() })
        let eps = try Tensor(shape: [4, 2], values: (0..<8).map { _ in Float(rng.nextGaussian()) })
        func loss() -> Double {
            var regularizer = 0.0
            let rec = model.step(x: x, eps: eps) { mu, logvar, z in
                let t = LatentRegularizers.evaluate(objective, mu: mu.values.map(Double.init), logvar: logvar.values.map(Double.init),
                                                    z: z.values.map(Double.init), batch: 4, latent: 2, step: 0)
                regularizer = t.regularizer
                return (t.regularizer, t.gradMean, t.gradLogVariance, t.gradZ)
            }
            return rec + regularizer
        }
        _ = loss()
        let biases = [try #require(model.meanHead.bias), try #require(model.logVarianceHead.bias)]
        let analytic = biases.map { $0.gradient.values }
        var worst = 0.0, scale = 0.0
        for (b, bias) in biases.enumerated() {
            for j in 0..<2 {
                let numeric = TrainingTestSupport.centralDifference(bias, index: j, step: 1e-2, loss: loss)
                worst = max(worst, abs(numeric - Double(analytic[b][j])))
                scale = max(scale, abs(Double(analytic[b][j])))
            }
        }
        print("\(objective.name): head bias gradients vs finite differences of the whole loss, relative error \(worst / scale)")
        #expect(worst / scale < 1e-2)
    }
}
