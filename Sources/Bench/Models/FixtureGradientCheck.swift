import Foundation
import Neural
import SynCore

/// Our forward and backward pass against a PyTorch fixture in the layout of
/// `shared/fixtures/trainer/*.npz` (written by `torch_vae.py --dump`): initial weights
/// `param.<name>`, batch `x` `[N, 1, H, W]`, noise `eps` `[N, latent]`, `beta`, and the
/// reference `rec`, `kl`, `loss`, `mu`, `logvar`, `output` and `grad.<name>`.
///
/// The architecture is recognised from the parameter names (`efc.0.weight`: syntone-paper at
/// the fixture's input size; `efc.weight`: burgess64), the latent size from `eps`. Each term's
/// error is `max |ours - reference| / max |reference|` (for the scalars
/// `|ours - reference| / |reference|`).
public struct FixtureGradientCheck: Sendable {
    /// One compared quantity.
    public struct Term: Sendable {
        /// `rec`, `kl`, `loss`, `mu`, `logvar`, `output` or `grad.<name>`.
        public var name: String
        /// Its relative error.
        public var relativeError: Double
    }

    /// The architecture recognised.
    public let architecture: VAEArchitecture
    /// Input height and width, and latent size, as read from the fixture.
    public let height: Int, width: Int, latent: Int
    /// Every compared quantity, loss terms first, then encoder outputs, decoder output, and
    /// the gradients in parameter order.
    public let terms: [Term]

    /// The term with the largest error.
    public var worst: Term? { terms.max { $0.relativeError < $1.relativeError } }

    /// Loads the fixture at `url` and runs the comparison.
    ///
    /// - Throws: ``InputError``, ``NumPyFormatError`` or ``NeuralShapeError`` (all user
    ///   errors) when the file is not such a fixture: unreadable, a member missing, a
    ///   parameter of another shape, or parameters the architecture does not have.
    public init(contentsOf url: URL) throws {
        let archive = try NpzArchive(contentsOf: url)
        let source = url.path
        let names = Set(archive.names)
        let architecture: VAEArchitecture
        if names.contains("param.efc.0.weight") {
            architecture = .syntonePaper
        } else if names.contains("param.efc.weight") {
            architecture = .burgess64
        } else {
            throw InputError("\(source): not a trainer fixture (neither 'param.efc.0.weight' of syntone-paper nor 'param.efc.weight' of burgess64)")
        }
        let xArray = try archive.array(named: "x"), epsArray = try archive.array(named: "eps")
        guard xArray.shape.count == 4, xArray.shape[1] == 1, xArray.shape[0] > 0 else {
            throw InputError("\(source): 'x' must be [N, 1, H, W]; it is \(xArray.shape)")
        }
        guard epsArray.shape.count == 2, epsArray.shape[0] == xArray.shape[0], epsArray.shape[1] > 0 else {
            throw InputError("\(source): 'eps' must be [\(xArray.shape[0]), latent]; it is \(epsArray.shape)")
        }
        let betaArray = try archive.array(named: "beta")
        guard betaArray.count == 1, let beta = betaArray.doubles().first, beta.isFinite else {
            throw InputError("\(source): 'beta' must be one finite number")
        }
        height = xArray.shape[2]
        width = xArray.shape[3]
        latent = epsArray.shape[1]
        self.architecture = architecture
        var rng = Xoshiro256StarStar(seed: 0)
        let model = try GaussianVAE(architecture, latent: latent, height: height, width: width, rng: &rng)
        let ours = Set(model.parameters.map { "param." + $0.name })
        let extra = names.filter { $0.hasPrefix("param.") }.subtracting(ours)
        guard extra.isEmpty else {
            throw InputError("\(source): parameters that \(architecture.rawValue) does not have: \(extra.sorted().joined(separator: ", "))")
        }
        try archive.loadParameters(model.parameters)
        let terms = model.betaVAEStep(x: Tensor(xArray), eps: Tensor(epsArray), beta: Float(beta))

        func reference(_ name: String) throws -> [Double] { try archive.array(named: name).doubles() }
        func scalar(_ name: String, _ value: Double) throws -> Term {
            let r = try reference(name)
            guard r.count == 1 else { throw InputError("\(source): '\(name)' must be one number") }
            return Term(name: name, relativeError: abs(value - r[0]) / max(abs(r[0]), .leastNormalMagnitude))
        }
        func tensor(_ name: String, _ values: [Float]) throws -> Term {
            let r = try reference(name)
            guard r.count == values.count else {
                throw InputError("\(source): '\(name)' has \(r.count) values; the model gives \(values.count)")
            }
            let scale = r.map(abs).max() ?? 0
            let worst = zip(values, r).map { abs(Double($0) - $1) }.max() ?? 0
            return Term(name: name, relativeError: scale > 0 ? worst / scale : worst)
        }
        var out = [try scalar("rec", terms.reconstruction), try scalar("kl", terms.kl), try scalar("loss", terms.loss)]
        out.append(try tensor("mu", model.mean?.values ?? []))
        out.append(try tensor("logvar", model.logVariance?.values ?? []))
        out.append(try tensor("output", model.output?.values ?? []))
        for p in model.parameters { out.append(try tensor("grad." + p.name, p.gradient.values)) }
        self.terms = out
    }
}
