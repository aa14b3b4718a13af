import Foundation
import Neural
import SynCore
import Testing
@testable import Bench

/// syntone-paper and burgess64 against the PyTorch fixtures of `shared/fixtures/trainer/`
/// (copied into `Fixtures/`), dumped by `torch_vae.py --dump` in float64: with the fixture's
/// weights, batch, noise and beta, our loss terms, encoder outputs, decoder output and every
/// parameter gradient match within 1e-4 relative (max |diff| / max |reference| per tensor).
@Suite struct PyTorchFixtureTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: "npz", subdirectory: "Fixtures"))
    }

    @Test(arguments: [("paper", VAEArchitecture.syntonePaper, 64, 16, 8), ("burgess64", .burgess64, 64, 64, 10)])
    func matchesPyTorch(name: String, architecture: VAEArchitecture, height: Int, width: Int, latent: Int) throws {
        let check = try FixtureGradientCheck(contentsOf: Self.fixture(name))
        #expect(check.architecture == architecture)
        #expect(check.height == height && check.width == width && check.latent == latent)
        let worst = try #require(check.worst)
        print("fixture \(name): worst \(worst.name) \(String(format: "%.2e", worst.relativeError)); "
              + check.terms.map { "\($0.name) \(String(format: "%.1e", $0.relativeError))" }.joined(separator: ", "))
        for term in check.terms { #expect(term.relativeError < 1e-4, "\(name) \(term.name): \(term.relativeError)") }
        // Loss terms, mu, logvar, output, and one gradient per parameter of the fixture.
        let archive = try NpzArchive(contentsOf: Self.fixture(name))
        let gradients = archive.names.filter { $0.hasPrefix("grad.") }
        #expect(Set(check.terms.map(\.name).filter { $0.hasPrefix("grad.") }) == Set(gradients))
        #expect(check.terms.count == 6 + gradients.count)
    }

    /// The parameter names and shapes are torch_vae.py's, in named_parameters() order.
    @Test func parameterNamesAreStrict() throws {
        for (name, architecture, height, width, latent) in [("paper", VAEArchitecture.syntonePaper, 64, 16, 8),
                                                            ("burgess64", .burgess64, 64, 64, 10)] {
            var rng = Xoshiro256StarStar(seed: 0)
            let model = try GaussianVAE(architecture, latent: latent, height: height, width: width, rng: &rng)
            let archive = try NpzArchive(contentsOf: Self.fixture(name))
            let stored = archive.names.filter { $0.hasPrefix("param.") }.map { String($0.dropFirst(6)) }
            #expect(model.parameters.map(\.name) == stored)
        }
    }

    @Test func badInputIsAUserError() throws {
        var rng = Xoshiro256StarStar(seed: 0)
        // The paper fixture was dumped at 64 x 16; a model for 128 x 32 has a larger efc.0.
        let model = try GaussianVAE(.syntonePaper, latent: 8, height: 128, width: 32, rng: &rng)
        let archive = try NpzArchive(contentsOf: Self.fixture("paper"))
        let before = model.parameters[0].value.values
        #expect(throws: NeuralShapeError.self) { try archive.loadParameters(model.parameters) }
        #expect(model.parameters[0].value.values == before)
        #expect(throws: InputError.self) { try archive.loadParameters(model.parameters, prefix: "nothing.") }
        #expect(throws: NeuralShapeError.self) { try GaussianVAE(.syntonePaper, latent: 8, height: 60, width: 16, rng: &rng) }
        #expect(throws: NeuralShapeError.self) { try GaussianVAE(.burgess64, latent: 10, height: 64, width: 32, rng: &rng) }
        #expect(throws: (any Error).self) { try FixtureGradientCheck(contentsOf: URL(fileURLWithPath: "/nonexistent/fixture.npz")) }
    }
}

/// After the first step of a batch size, training steps allocate no tensor or scratch buffer,
/// also for a smaller (last) batch.
@Suite struct TrainingStepAllocationTests {
    @Test(arguments: [VAEArchitecture.syntonePaper, .burgess64])
    func noBufferAllocationAfterTheFirstStep(architecture: VAEArchitecture) throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let (height, width) = architecture == .burgess64 ? (64, 64) : (64, 16)
        let model = try GaussianVAE(architecture, latent: 6, height: height, width: width, rng: &rng)
        let adam = Adam(parameters: model.parameters)
        func batch(_ n: Int) throws -> (Tensor, Tensor) {
            let x = try Tensor(shape: [n, 1, height, width], values: (0..<(n * height * width)).map { _ in rng.nextFloat() })
            let eps = try Tensor(shape: [n, 6], values: (0..<(n * 6)).map { _ in Float(rng.nextGaussian()) })
            return (x, eps)
        }
        let (x, eps) = try batch(5)
        let (small, smallEps) = try batch(3)
        _ = model.betaVAEStep(x: x, eps: eps, beta: 2)
        adam.update()
        let (losses, allocations) = NeuralBuffers.countingAllocations { () -> [Double] in
            var losses: [Double] = []
            for _ in 0..<3 {
                losses.append(model.betaVAEStep(x: x, eps: eps, beta: 2).loss)
                adam.update()
            }
            _ = model.betaVAEStep(x: small, eps: smallEps, beta: 2)
            adam.update()
            return losses
        }
        #expect(allocations == 0)
        #expect(losses.allSatisfy { $0.isFinite })
        // The counter does count: a new model's first step allocates its buffers.
        let fresh = try GaussianVAE(architecture, latent: 6, height: height, width: width, rng: &rng)
        #expect(NeuralBuffers.countingAllocations { fresh.betaVAEStep(x: x, eps: eps, beta: 2) }.allocations > 10)
    }
}
