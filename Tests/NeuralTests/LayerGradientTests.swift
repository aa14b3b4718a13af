import Neural
import SynCore
import Testing

/// Finite-difference checks of every layer's backward pass (see ``GradientCheck`` for the
/// error measure).
///
/// Tolerances. Layers that are linear in the perturbed tensor (dense, both convolutions, average
/// pooling, reshape; max pooling and the piecewise-linear activations away from their kinks)
/// make the central difference exact but for Float32 rounding of the output, so they use a
/// large step (0.25 or 0.01 where a kink or a pooling tie must not be crossed) and are held to
/// 1e-4 (a wrong index or a missing term gives errors of order 1). Sigmoid, tanh and batch
/// norm are curved: a step of 1e-2 leaves a truncation error of order step^2 = 1e-4 relative
/// and rounding of order 1e-7 / 1e-2 = 1e-5, so they are held to 2e-3.
@Suite struct LayerGradientTests {
    static let linearTolerance = 1e-4
    static let curvedTolerance = 2e-3

    func report(_ name: String, _ check: GradientCheck) {
        let parts = check.errors.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2e", $0.value))" }
        print("gradcheck \(name): max \(String(format: "%.2e", check.maxError)) (\(parts.joined(separator: ", ")))")
    }

    @Test func dense() {
        var rng = Xoshiro256StarStar(seed: 1)
        let layer = Dense(inFeatures: 7, outFeatures: 5, rng: &rng)
        let check = GradientCheck(layer: layer, input: GradientCheck.randomTensor([3, 7], seed: 2), step: 0.25)
        report("Dense", check)
        #expect(check.errors.count == 3)
        #expect(check.maxError < Self.linearTolerance)
    }

    @Test(arguments: [(1, 0), (2, 1), (3, 2)])
    func conv2d(stride: Int, padding: Int) {
        var rng = Xoshiro256StarStar(seed: 3)
        let layer = Conv2d(inChannels: 2, outChannels: 3, kernel: (3, 2), stride: (stride, 1), padding: (padding, 1), rng: &rng)
        let check = GradientCheck(layer: layer, input: GradientCheck.randomTensor([2, 2, 7, 6], seed: 4), step: 0.25)
        report("Conv2d stride \(stride) padding \(padding)", check)
        #expect(check.maxError < Self.linearTolerance)
    }

    /// Without the input gradient, the parameter gradients are the same and the returned
    /// input gradient is zero.
    @Test func conv2dWithoutInputGradient() {
        var rng = Xoshiro256StarStar(seed: 23)
        let full = Conv2d(inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1, rng: &rng)
        let skipping = Conv2d(inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1, rng: &rng)
        skipping.weight.value.copy(from: full.weight.value)
        skipping.bias?.value.copy(from: full.bias?.value ?? Tensor(shape: [3]))
        skipping.computesInputGradient = false
        let x = GradientCheck.randomTensor([2, 2, 7, 6], seed: 24)
        let r = GradientCheck.randomTensor(full.forward(x).shape, seed: 25)
        #expect(skipping.forward(x).values == full.forward(x).values)
        let dx = full.backward(r).values, skipped = skipping.backward(r).values
        #expect(dx.contains { $0 != 0 } && skipped.count == dx.count && skipped.allSatisfy { $0 == 0 })
        #expect(skipping.weight.gradient.values == full.weight.gradient.values)
        #expect(skipping.bias?.gradient.values == full.bias?.gradient.values)
    }

    @Test(arguments: [(1, 0, 0), (2, 1, 1), (2, 1, 0), (3, 0, 2)])
    func convTranspose2d(stride: Int, padding: Int, outputPadding: Int) {
        var rng = Xoshiro256StarStar(seed: 5)
        let layer = ConvTranspose2d(inChannels: 3, outChannels: 2, kernel: 3, stride: stride, padding: padding,
                                    outputPadding: outputPadding, rng: &rng)
        let check = GradientCheck(layer: layer, input: GradientCheck.randomTensor([2, 3, 4, 5], seed: 6), step: 0.25)
        report("ConvTranspose2d stride \(stride) padding \(padding) output padding \(outputPadding)", check)
        #expect(check.maxError < Self.linearTolerance)
    }

    /// Unequal kernel, stride, padding and output padding along the two axes.
    @Test func convTranspose2dRectangular() {
        var rng = Xoshiro256StarStar(seed: 21)
        let layer = ConvTranspose2d(inChannels: 2, outChannels: 3, kernel: (3, 2), stride: (2, 1), padding: (1, 0),
                                    outputPadding: (1, 0), rng: &rng)
        let input = GradientCheck.randomTensor([2, 2, 3, 4], seed: 22)
        #expect((try? layer.outputShape(for: input.shape)) == [2, 3, 6, 5])
        let check = GradientCheck(layer: layer, input: input, step: 0.25)
        report("ConvTranspose2d rectangular", check)
        #expect(check.maxError < Self.linearTolerance)
    }

    /// Distinct values 0.05 apart in random order: a step of 0.01 never changes a window's
    /// maximum.
    static func spacedInput(_ shape: [Int], seed: UInt64) -> Tensor {
        let count = shape.reduce(1, *)
        var rng = Xoshiro256StarStar(seed: seed)
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        let t = Tensor(shape: shape)
        t.assign(order.map { Float($0) * 0.05 - 1 })
        return t
    }

    @Test(arguments: [(2, 2), (3, 2), (2, 1)])
    func maxPool2d(kernel: Int, stride: Int) {
        let layer = MaxPool2d(kernel: kernel, stride: stride)
        let check = GradientCheck(layer: layer, input: Self.spacedInput([2, 2, 7, 6], seed: 7), step: 0.01)
        report("MaxPool2d kernel \(kernel) stride \(stride)", check)
        #expect(check.maxError < Self.linearTolerance)
    }

    @Test(arguments: [(2, 2), (3, 2), (2, 1)])
    func avgPool2d(kernel: Int, stride: Int) {
        let layer = AvgPool2d(kernel: kernel, stride: stride)
        let check = GradientCheck(layer: layer, input: GradientCheck.randomTensor([2, 2, 7, 6], seed: 8), step: 0.25)
        report("AvgPool2d kernel \(kernel) stride \(stride)", check)
        #expect(check.maxError < Self.linearTolerance)
    }

    /// Values in ±[0.05, 1]: a step of 0.01 never crosses ReLU's kink.
    static func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
        let t = GradientCheck.randomTensor(shape, seed: seed)
        for i in 0..<t.count { t[i] = t[i] < 0 ? min(t[i], -0.05) : max(t[i], 0.05) }
        return t
    }

    @Test func relu() {
        let check = GradientCheck(layer: Activation(.relu), input: Self.awayFromZero([3, 4, 5], seed: 9), step: 0.01)
        report("ReLU", check)
        #expect(check.maxError < Self.linearTolerance)
    }

    @Test func leakyReLU() {
        let check = GradientCheck(layer: Activation(.leakyReLU(slope: 0.01)), input: Self.awayFromZero([3, 4, 5], seed: 10), step: 0.01)
        report("LeakyReLU", check)
        #expect(check.maxError < Self.linearTolerance)
    }

    @Test func sigmoid() {
        let check = GradientCheck(layer: Activation(.sigmoid), input: GradientCheck.randomTensor([3, 20], seed: 11, low: -4, high: 4), step: 0.01)
        report("Sigmoid", check)
        #expect(check.maxError < Self.curvedTolerance)
    }

    @Test func tanh() {
        let check = GradientCheck(layer: Activation(.tanh), input: GradientCheck.randomTensor([3, 20], seed: 12, low: -2, high: 2), step: 0.01)
        report("Tanh", check)
        #expect(check.maxError < Self.curvedTolerance)
    }

    @Test func reshape() {
        let check = GradientCheck(layer: Reshape([3, 2, 5]), input: GradientCheck.randomTensor([2, 6, 5], seed: 13), step: 0.25)
        let flatten = GradientCheck(layer: Reshape(), input: GradientCheck.randomTensor([2, 3, 2, 5], seed: 14), step: 0.25)
        report("Reshape", check)
        report("Flatten", flatten)
        #expect(check.maxError < Self.linearTolerance)
        #expect(flatten.maxError < Self.linearTolerance)
    }

    @Test func batchNormTraining() {
        let layer = BatchNorm1d(features: 4)
        var rng = Xoshiro256StarStar(seed: 15)
        layer.weight.fillUniform(bound: 2, using: &rng)
        layer.bias.fillUniform(bound: 1, using: &rng)
        let check = GradientCheck(layer: layer, input: GradientCheck.randomTensor([6, 4], seed: 16, low: -2, high: 2), step: 0.01)
        report("BatchNorm1d training", check)
        #expect(check.maxError < Self.curvedTolerance)
    }

    @Test func batchNormEvaluation() throws {
        let layer = BatchNorm1d(features: 4)
        try layer.setRunningStatistics(mean: [0.1, -0.2, 0.3, 0], variance: [0.5, 2, 1, 0.25], batchesTracked: 3)
        layer.setTraining(false)
        let check = GradientCheck(layer: layer, input: GradientCheck.randomTensor([3, 4], seed: 17), step: 0.25)
        report("BatchNorm1d evaluation", check)
        // Linear in the input and in weight and bias in evaluation mode.
        #expect(check.maxError < Self.linearTolerance)
    }

    @Test func sequentialChain() {
        var rng = Xoshiro256StarStar(seed: 18)
        let model = Sequential([
            Conv2d(inChannels: 1, outChannels: 2, kernel: 3, padding: 1, rng: &rng).named("c"),
            Activation(.tanh), AvgPool2d(kernel: 2), Reshape(),
            Dense(inFeatures: 2 * 3 * 2, outFeatures: 3, rng: &rng).named("d"), Activation(.sigmoid),
        ])
        let check = GradientCheck(layer: model, input: GradientCheck.randomTensor([2, 1, 6, 4], seed: 19), step: 0.01)
        report("Sequential", check)
        #expect(Set(check.errors.keys) == ["input", "c.weight", "c.bias", "d.weight", "d.bias"])
        #expect(check.maxError < Self.curvedTolerance)
    }

    /// The harness can fail: a LeakyReLU whose backward pass uses the wrong slope is caught.
    @Test func harnessCatchesAWrongBackwardPass() {
        final class WrongSlope: Layer {
            let inner = Activation(.leakyReLU(slope: 0.2))
            var parameters: [Parameter] { [] }
            func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
            func forward(_ input: Tensor) -> Tensor { inner.forward(input) }
            func backward(_ gradOutput: Tensor) -> Tensor {
                // Pretends the slope were 0.1: the gradient is wrong on the negative side.
                let g = inner.backward(gradOutput)
                for i in 0..<g.count where g[i] != gradOutput[i] { g[i] *= 0.5 }
                return g
            }
        }
        let check = GradientCheck(layer: WrongSlope(), input: Self.awayFromZero([2, 10], seed: 20), step: 0.01)
        #expect(check.maxError > 0.05)
    }
}
