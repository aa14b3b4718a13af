import Foundation
import Neural
import SynCore
import Testing

/// The two VAEs of `shared/tools/torch_vae.py`, built from Neural's layers with the same
/// parameter names, checked against the fixtures that script dumps (`--dump`): with the
/// fixture's weights, batch, noise and beta, our loss terms, encoder outputs, decoder output
/// and every parameter gradient match PyTorch's float64 computation within 1e-4 relative.
///
/// The models live here rather than in Neural: Neural stays a layer library, and the
/// architectures with their objectives belong to Bench (trainer spec, "Models and
/// objectives"), which can lift this assembly (encoder trunk, mean and log-variance heads,
/// reparameterisation, decoder) when it grows the objective zoo.
final class FixtureVAE {
    enum Architecture { case paper, burgess64 }

    let architecture: Architecture
    let encoder: Sequential
    let meanHead: Dense
    let logVarianceHead: Dense
    let decoder: Sequential
    /// Parameters in `named_parameters()` order: enc, efc, mu, logvar, dfc, dec.
    var parameters: [Parameter] { encoder.parameters + meanHead.parameters + logVarianceHead.parameters + decoder.parameters }

    let z = Tensor(shape: [0, 0])
    let trunkGradient = Tensor(shape: [0, 0])
    let reconstruction: (squared: SquaredErrorLoss, bernoulli: BernoulliLogitsLoss) = (SquaredErrorLoss(), BernoulliLogitsLoss())
    let kl = GaussianKLLoss()

    /// `VAE(latent, h, w)` (the paper's 2-D VAE) or `Burgess64(latent)`, as in torch_vae.py.
    init(_ architecture: Architecture, latent: Int, height: Int, width: Int, seed: UInt64) {
        self.architecture = architecture
        var rng = Xoshiro256StarStar(seed: seed)
        switch architecture {
        case .paper:
            let leaky = { Activation(.leakyReLU(slope: 0.01)) }
            let flat = 64 * (height / 8) * (width / 8)
            encoder = Sequential([
                Conv2d(inChannels: 1, outChannels: 16, kernel: 3, padding: 1, rng: &rng).named("enc.0"), leaky(), MaxPool2d(kernel: 2),
                Conv2d(inChannels: 16, outChannels: 32, kernel: 3, padding: 1, rng: &rng).named("enc.1"), leaky(), MaxPool2d(kernel: 2),
                Conv2d(inChannels: 32, outChannels: 64, kernel: 3, padding: 1, rng: &rng).named("enc.2"), leaky(), MaxPool2d(kernel: 2),
                Reshape(),
                Dense(inFeatures: flat, outFeatures: 128, rng: &rng).named("efc.0"), leaky(),
                Dense(inFeatures: 128, outFeatures: 64, rng: &rng).named("efc.1"), leaky(),
            ])
            meanHead = Dense(inFeatures: 64, outFeatures: latent, rng: &rng).named("mu")
            logVarianceHead = Dense(inFeatures: 64, outFeatures: latent, rng: &rng).named("logvar")
            decoder = Sequential([
                Dense(inFeatures: latent, outFeatures: 64, rng: &rng).named("dfc.0"), leaky(),
                Dense(inFeatures: 64, outFeatures: 128, rng: &rng).named("dfc.1"), leaky(),
                Dense(inFeatures: 128, outFeatures: flat, rng: &rng).named("dfc.2"), leaky(),
                Reshape([64, height / 8, width / 8]),
                ConvTranspose2d(inChannels: 64, outChannels: 32, kernel: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng).named("dec.0"), leaky(),
                ConvTranspose2d(inChannels: 32, outChannels: 16, kernel: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng).named("dec.1"), leaky(),
                ConvTranspose2d(inChannels: 16, outChannels: 1, kernel: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng).named("dec.2"),
                Activation(.sigmoid),
            ])
        case .burgess64:
            let relu = { Activation(.relu) }
            encoder = Sequential([
                Conv2d(inChannels: 1, outChannels: 32, kernel: 4, stride: 2, padding: 1, rng: &rng).named("enc.0"), relu(),
                Conv2d(inChannels: 32, outChannels: 32, kernel: 4, stride: 2, padding: 1, rng: &rng).named("enc.1"), relu(),
                Conv2d(inChannels: 32, outChannels: 64, kernel: 4, stride: 2, padding: 1, rng: &rng).named("enc.2"), relu(),
                Conv2d(inChannels: 64, outChannels: 64, kernel: 4, stride: 2, padding: 1, rng: &rng).named("enc.3"), relu(),
                Reshape(),
                Dense(inFeatures: 1024, outFeatures: 256, rng: &rng).named("efc"), relu(),
            ])
            meanHead = Dense(inFeatures: 256, outFeatures: latent, rng: &rng).named("mu")
            logVarianceHead = Dense(inFeatures: 256, outFeatures: latent, rng: &rng).named("logvar")
            decoder = Sequential([
                Dense(inFeatures: latent, outFeatures: 256, rng: &rng).named("dfc.0"), relu(),
                Dense(inFeatures: 256, outFeatures: 1024, rng: &rng).named("dfc.1"), relu(),
                Reshape([64, 4, 4]),
                ConvTranspose2d(inChannels: 64, outChannels: 64, kernel: 4, stride: 2, padding: 1, rng: &rng).named("dec.0"), relu(),
                ConvTranspose2d(inChannels: 64, outChannels: 32, kernel: 4, stride: 2, padding: 1, rng: &rng).named("dec.1"), relu(),
                ConvTranspose2d(inChannels: 32, outChannels: 32, kernel: 4, stride: 2, padding: 1, rng: &rng).named("dec.2"), relu(),
                ConvTranspose2d(inChannels: 32, outChannels: 1, kernel: 4, stride: 2, padding: 1, rng: &rng).named("dec.3"),
            ])
        }
    }

    struct Step {
        var rec: Double, kl: Double, loss: Double
        var mu: [Float], logvar: [Float], output: [Float]
    }

    /// Forward and backward of `rec + beta * KL` (both batch means of per-sample sums);
    /// gradients are accumulated into the parameters (cleared first).
    func step(x: Tensor, eps: Tensor, beta: Float) -> Step {
        for p in parameters { p.zeroGradient() }
        let h = encoder.forward(x)
        let mu = meanHead.forward(h), logvar = logVarianceHead.forward(h)
        let n = mu.shape[0], latent = mu.shape[1]
        z.reshape([n, latent])
        for i in 0..<z.count { z[i] = mu[i] + eps[i] * Foundation.exp(0.5 * logvar[i]) }
        let y = decoder.forward(z)
        let rec: Double, dy: Tensor
        switch architecture {
        case .paper:
            rec = reconstruction.squared.evaluate(prediction: y, target: x)
            dy = reconstruction.squared.gradient
        case .burgess64:
            rec = reconstruction.bernoulli.evaluate(logits: y, target: x)
            dy = reconstruction.bernoulli.gradient
        }
        let klValue = kl.evaluate(mean: mu, logVariance: logvar, weight: beta)
        let result = Step(rec: rec, kl: klValue, loss: rec + Double(beta) * klValue,
                          mu: mu.values, logvar: logvar.values, output: y.values)
        let dz = decoder.backward(dy)
        // z = mu + eps * exp(logvar / 2): dz/dmu = 1, dz/dlogvar = eps * exp(logvar / 2) / 2.
        let dMu = Tensor(shape: [n, latent]), dLogvar = Tensor(shape: [n, latent])
        for i in 0..<dz.count {
            dMu[i] = dz[i] + kl.gradientMean[i]
            dLogvar[i] = dz[i] * eps[i] * 0.5 * Foundation.exp(0.5 * logvar[i]) + kl.gradientLogVariance[i]
        }
        let fromMean = meanHead.backward(dMu)
        trunkGradient.copy(from: fromMean)
        let fromLogvar = logVarianceHead.backward(dLogvar)
        for i in 0..<trunkGradient.count { trunkGradient[i] += fromLogvar[i] }
        _ = encoder.backward(trunkGradient)
        return result
    }
}

@Suite struct PyTorchFixtureTests {
    static let tolerance = 1e-4

    /// `max |ours - reference| / max |reference|` over a tensor.
    static func relativeError(_ ours: [Float], _ reference: [Double]) -> Double {
        let scale = reference.map(abs).max() ?? 0
        let worst = zip(ours, reference).map { abs(Double($0) - $1) }.max() ?? 0
        return scale > 0 ? worst / scale : worst
    }

    static func scalarError(_ ours: Double, _ reference: Double) -> Double { abs(ours - reference) / max(abs(reference), 1e-300) }

    @Test(arguments: [("paper", FixtureVAE.Architecture.paper, 8, 64, 16), ("burgess64", .burgess64, 10, 64, 64)])
    func matchesPyTorch(name: String, architecture: FixtureVAE.Architecture, latent: Int, height: Int, width: Int) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "npz", subdirectory: "Fixtures"))
        let archive = try NpzArchive(contentsOf: url)
        let model = FixtureVAE(architecture, latent: latent, height: height, width: width, seed: 1)
        // Every parameter of the fixture is one of ours and vice versa (strict loading).
        let stored = Set(archive.names.filter { $0.hasPrefix("param.") }.map { String($0.dropFirst(6)) })
        #expect(stored == Set(model.parameters.map(\.name)))
        try archive.loadParameters(model.parameters)
        let x = Tensor(try archive.array(named: "x")), eps = Tensor(try archive.array(named: "eps"))
        let beta = try archive.array(named: "beta").doubles()[0]
        let step = model.step(x: x, eps: eps, beta: Float(beta))

        var errors: [(String, Double)] = []
        for (key, value) in [("rec", step.rec), ("kl", step.kl), ("loss", step.loss)] {
            errors.append((key, Self.scalarError(value, try archive.array(named: key).doubles()[0])))
        }
        for (key, value) in [("mu", step.mu), ("logvar", step.logvar), ("output", step.output)] {
            errors.append((key, Self.relativeError(value, try archive.array(named: key).doubles())))
        }
        for p in model.parameters {
            errors.append(("grad." + p.name, Self.relativeError(p.gradient.values, try archive.array(named: "grad." + p.name).doubles())))
        }
        let worst = errors.max { $0.1 < $1.1 }
        print("fixture \(name): worst \(worst?.0 ?? "-") \(String(format: "%.2e", worst?.1 ?? 0)); "
              + errors.map { "\($0.0) \(String(format: "%.1e", $0.1))" }.joined(separator: ", "))
        for (key, error) in errors { #expect(error < Self.tolerance, "\(name) \(key): relative error \(error)") }
        #expect(errors.count == 6 + model.parameters.count)
    }

    @Test func loadingRefusesAMismatchedShape() throws {
        let url = try #require(Bundle.module.url(forResource: "paper", withExtension: "npz", subdirectory: "Fixtures"))
        let archive = try NpzArchive(contentsOf: url)
        // The paper fixture was dumped at 64 x 16; a model built for 128 x 32 has a larger efc.0.
        let model = FixtureVAE(.paper, latent: 8, height: 128, width: 32, seed: 1)
        let before = model.parameters[0].value.values
        #expect(throws: NeuralShapeError.self) { try archive.loadParameters(model.parameters) }
        #expect(model.parameters[0].value.values == before)
        #expect(throws: InputError.self) { try archive.loadParameters(model.parameters, prefix: "nothing.") }
    }
}
