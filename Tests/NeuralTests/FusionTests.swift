import SynCore
import Testing
@testable import Neural

/// ``Sequential`` runs a convolution, a LeakyReLU and a 2 x 2 max-pool as one fused pass; its
/// results must be bit-identical to the three layers run one after another.
@Suite struct FusionTests {
    /// Output, input gradient and parameter gradients of conv -> LeakyReLU -> max-pool, fused
    /// (through a Sequential) or layer by layer, from the same weights and data.
    static func run(fused: Bool, input: Tensor, zeroWeights: Bool = false, firstLayer: Bool = false) -> [[Float]] {
        var rng = Xoshiro256StarStar(seed: 31)
        let conv = Conv2d(inChannels: input.shape[1], outChannels: 5, kernel: 3, padding: 1, rng: &rng)
        conv.computesInputGradient = !firstLayer
        if zeroWeights { conv.weight.value.fill(0) }
        return passes(fused: fused, layers: [conv, Activation(.leakyReLU(slope: 0.01)), MaxPool2d(kernel: 2)], input: input,
                      gradientSeed: 32)
    }

    /// Output, input gradient and parameter gradients of `layers` run through a
    /// ``Sequential`` (`fused`) or one after another, the output gradient drawn from
    /// `gradientSeed`.
    static func passes(fused: Bool, layers: [any Layer], input: Tensor, gradientSeed: UInt64) -> [[Float]] {
        let model = Sequential(layers)
        var y = input
        if fused {
            y = model.forward(input)
        } else {
            for layer in layers { y = layer.forward(y) }
        }
        let output = y.values
        let r = GradientCheck.randomTensor(y.shape, seed: gradientSeed)
        var g = r
        if fused {
            g = model.backward(r)
        } else {
            for layer in layers.reversed() { g = layer.backward(g) }
        }
        return [output, g.values] + model.parameters.map(\.gradient.values)
    }

    @Test(arguments: [[3, 2, 8, 12], [2, 1, 16, 4], [2, 3, 6, 20]])
    func fusedEqualsLayerByLayer(shape: [Int]) {
        let x = GradientCheck.randomTensor(shape, seed: 33)
        #expect(Self.run(fused: true, input: x) == Self.run(fused: false, input: x))
    }

    /// Zero weights make every window a tie: the gradient goes to the first element in
    /// row-major order, as in PyTorch.
    @Test func tiesGoToTheFirstElement() {
        let x = GradientCheck.randomTensor([2, 2, 4, 4], seed: 34)
        let fused = Self.run(fused: true, input: x, zeroWeights: true)
        #expect(fused == Self.run(fused: false, input: x, zeroWeights: true))
    }

    /// A NaN in the input takes over its windows in both paths.
    @Test func nanTakesOver() {
        let x = GradientCheck.randomTensor([1, 1, 8, 8], seed: 35)
        x[19] = .nan
        let fused = Self.run(fused: true, input: x), plain = Self.run(fused: false, input: x)
        #expect(fused[0].map(\.isNaN) == plain[0].map(\.isNaN))
        #expect(zip(fused[0], plain[0]).allSatisfy { $0.isNaN || $0 == $1 })
    }

    /// Odd maps (floor-mode pooling drops the last row or column) fall back to the layers.
    @Test func oddMapsFallBack() {
        let x = GradientCheck.randomTensor([2, 2, 7, 6], seed: 36)
        #expect(Self.run(fused: true, input: x) == Self.run(fused: false, input: x))
    }

    /// Whether every tensor of `a` equals `b`'s to `1e-5` of its largest magnitude.
    static func close(_ a: [[Float]], _ b: [[Float]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            let scale = max(y.map { abs($0) }.max() ?? 0, 1e-6)
            return x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= 1e-5 * scale }
        }
    }

    /// A first layer with one input channel computes the map directly (other summation
    /// order): equal to rounding, the same winners, a zero input gradient.
    @Test(arguments: [[3, 1, 8, 12], [2, 1, 16, 32], [2, 1, 6, 2]])
    func directFirstLayerMatchesTheLayers(shape: [Int]) {
        let x = GradientCheck.randomTensor(shape, seed: 37)
        let direct = Self.run(fused: true, input: x, firstLayer: true)
        #expect(Self.close(direct, Self.run(fused: false, input: x, firstLayer: true)))
        #expect(direct[1].allSatisfy { $0 == 0 })
    }

    /// Ties and NaN on the direct path follow the same rules: with zero weights every window
    /// ties and the output is exact.
    @Test func directFirstLayerTiesAndNaN() {
        let x = GradientCheck.randomTensor([2, 1, 8, 8], seed: 38)
        let direct = Self.run(fused: true, input: x, zeroWeights: true, firstLayer: true)
        let plain = Self.run(fused: false, input: x, zeroWeights: true, firstLayer: true)
        #expect(direct[0] == plain[0])
        #expect(Self.close(direct, plain))
        x[27] = .nan
        let nanDirect = Self.run(fused: true, input: x, firstLayer: true), nanPlain = Self.run(fused: false, input: x, firstLayer: true)
        #expect(nanDirect[0].map(\.isNaN) == nanPlain[0].map(\.isNaN))
    }
}

/// ``Sequential`` runs a transposed convolution and the activation after it as one pass
/// (``ConvTranspose2d/forward(_:activation:)``): the output, the input gradient and the
/// parameter gradients must be bit-identical to the two layers run one after another.
@Suite struct TransposedConvolutionFusionTests {
    static func run(fused: Bool, input: Tensor, activation: Activation.Kind, zeroWeights: Bool = false) -> [[Float]] {
        var rng = Xoshiro256StarStar(seed: 41)
        let conv = ConvTranspose2d(inChannels: input.shape[1], outChannels: 3, kernel: 3, stride: 2, padding: 1,
                                   outputPadding: 1, rng: &rng)
        if zeroWeights {
            conv.weight.value.fill(0)
            conv.bias?.value.fill(0)
        }
        return FusionTests.passes(fused: fused, layers: [conv, Activation(activation)], input: input, gradientSeed: 42)
    }

    static let kinds: [Activation.Kind] = [.relu, .leakyReLU(slope: 0.01), .leakyReLU(slope: -0.5), .sigmoid, .tanh]

    @Test(arguments: kinds)
    func fusedEqualsLayerByLayer(kind: Activation.Kind) {
        for shape in [[3, 2, 4, 6], [2, 4, 8, 2]] {
            let x = GradientCheck.randomTensor(shape, seed: 43)
            #expect(Self.run(fused: true, input: x, activation: kind) == Self.run(fused: false, input: x, activation: kind))
        }
    }

    /// Zero weights and bias put every pre-activation at the kink (x = 0): the gradient takes
    /// the negative side's slope in both paths, as PyTorch's `x > 0` test does.
    @Test(arguments: kinds)
    func theKinkTakesTheNegativeSide(kind: Activation.Kind) {
        let x = GradientCheck.randomTensor([2, 2, 3, 3], seed: 44)
        let fused = Self.run(fused: true, input: x, activation: kind, zeroWeights: true)
        #expect(fused == Self.run(fused: false, input: x, activation: kind, zeroWeights: true))
    }

    /// A NaN in the input reaches the same outputs and gradients in both paths.
    @Test(arguments: kinds)
    func nanPropagatesAlike(kind: Activation.Kind) {
        let x = GradientCheck.randomTensor([1, 2, 4, 4], seed: 45)
        x[5] = .nan
        let fused = Self.run(fused: true, input: x, activation: kind), plain = Self.run(fused: false, input: x, activation: kind)
        for (a, b) in zip(fused, plain) {
            #expect(a.map(\.isNaN) == b.map(\.isNaN))
            #expect(zip(a, b).allSatisfy { $0.isNaN || $0 == $1 })
        }
    }
}
