import Foundation
import Neural
import SynCore
import Testing

/// The losses' values against direct Double formulas and their gradients against central
/// differences of the returned (Double) loss; Adam against steps computed by hand in Double;
/// PyTorch's initialisation bounds and seeding.
///
/// Loss gradient tolerance: the loss is summed in Double from Float inputs, so the only
/// rounding is of the perturbed input itself (cancelled by using the stored difference as
/// the denominator); squared error is quadratic (the central difference is exact), the
/// logistic and exponential terms leave a truncation error of order step^2 = 1e-6 relative.
/// 1e-4 leaves a wide margin and still fails on any missing factor (1/N, 2, weight).
@Suite struct LossAndOptimizerTests {
    static func lossGradientError(_ loss: () -> Double, input: Tensor, analytic: [Float], step: Float) -> Double {
        let numeric = (0..<input.count).map { GradientCheck.derivative(of: loss, perturbing: input, at: $0, step: step) }
        return GradientCheck.relativeError(numeric, analytic.map(Double.init))
    }

    @Test func squaredError() {
        let y = GradientCheck.randomTensor([3, 2, 4], seed: 1), x = GradientCheck.randomTensor([3, 2, 4], seed: 2)
        let loss = SquaredErrorLoss()
        let value = loss.evaluate(prediction: y, target: x, weight: 1)
        var expected = 0.0
        for i in 0..<y.count { expected += pow(Double(y[i]) - Double(x[i]), 2) }
        #expect(abs(value - expected / 3) < 1e-12 * expected)
        #expect(abs(loss.perSample.reduce(0, +) - expected) < 1e-12 * expected)
        let analytic = loss.gradient.values
        let error = Self.lossGradientError({ SquaredErrorLoss().evaluate(prediction: y, target: x) }, input: y, analytic: analytic, step: 0.01)
        print("gradcheck SquaredErrorLoss: \(String(format: "%.2e", error))")
        #expect(error < 1e-4)
        // The weight scales the gradient only.
        let weighted = SquaredErrorLoss()
        #expect(weighted.evaluate(prediction: y, target: x, weight: 3) == value)
        #expect(zip(weighted.gradient.values, analytic).allSatisfy { abs($0 - 3 * $1) <= 1e-6 * abs($0) })
    }

    @Test func bernoulliWithLogits() throws {
        let y = GradientCheck.randomTensor([2, 10], seed: 3, low: -6, high: 6), x = GradientCheck.randomTensor([2, 10], seed: 4, low: 0, high: 1)
        let loss = BernoulliLogitsLoss()
        let value = loss.evaluate(logits: y, target: x)
        var expected = 0.0
        for i in 0..<y.count {
            let p = 1 / (1 + exp(-Double(y[i])))
            expected -= Double(x[i]) * log(p) + (1 - Double(x[i])) * log(1 - p)
        }
        #expect(abs(value - expected / 2) < 1e-10 * expected)
        let error = Self.lossGradientError({ BernoulliLogitsLoss().evaluate(logits: y, target: x) }, input: y, analytic: loss.gradient.values, step: 1e-3)
        print("gradcheck BernoulliLogitsLoss: \(String(format: "%.2e", error))")
        #expect(error < 1e-4)
        // Stable for huge logits: log(1 + e^-|y|) never overflows.
        let extreme = try Tensor(shape: [1, 2], values: [-500, 500]), target = try Tensor(shape: [1, 2], values: [1, 0])
        let big = BernoulliLogitsLoss().evaluate(logits: extreme, target: target)
        #expect(big == 1000)
    }

    @Test func gaussianKL() {
        let mu = GradientCheck.randomTensor([3, 4], seed: 5, low: -2, high: 2), lv = GradientCheck.randomTensor([3, 4], seed: 6, low: -3, high: 1)
        let loss = GaussianKLLoss()
        let value = loss.evaluate(mean: mu, logVariance: lv, weight: 1)
        var expected = 0.0
        for i in 0..<mu.count {
            expected += -0.5 * (1 + Double(lv[i]) - Double(mu[i]) * Double(mu[i]) - exp(Double(lv[i])))
        }
        #expect(abs(value - expected / 3) < 1e-12 * expected)
        #expect(abs(loss.perLatent.reduce(0, +) - value) < 1e-12 * value)
        #expect(abs(loss.perSample.reduce(0, +) - expected) < 1e-12 * expected)
        let f = { GaussianKLLoss().evaluate(mean: mu, logVariance: lv) }
        let errorMu = Self.lossGradientError(f, input: mu, analytic: loss.gradientMean.values, step: 1e-3)
        let errorLv = Self.lossGradientError(f, input: lv, analytic: loss.gradientLogVariance.values, step: 1e-3)
        print("gradcheck GaussianKLLoss: mu \(String(format: "%.2e", errorMu)), logvar \(String(format: "%.2e", errorLv))")
        #expect(errorMu < 1e-4 && errorLv < 1e-4)
    }

    /// Three steps of Adam on fixed gradients, against the update rule evaluated in Double.
    @Test func adamMatchesHandComputedSteps() throws {
        let p = Parameter(name: "p", shape: [3])
        p.value.assign([0.5, -1, 2])
        let adam = Adam(parameters: [p], learningRate: 0.1)
        let gradients: [[Double]] = [[0.3, -0.2, 1e-3], [0.1, 0.4, -2], [-0.5, 0, 0.25]]
        var value = [0.5, -1, 2.0], m = [0.0, 0, 0], v = [0.0, 0, 0]
        for (t, g) in gradients.enumerated() {
            p.gradient.assign(g.map(Float.init))
            adam.update()
            for i in 0..<3 {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                let mHat = m[i] / (1 - pow(0.9, Double(t + 1))), vHat = v[i] / (1 - pow(0.999, Double(t + 1)))
                value[i] -= 0.1 * mHat / (vHat.squareRoot() + 1e-8)
            }
            for i in 0..<3 { #expect(abs(Double(p.value[i]) - value[i]) < 1e-6, "step \(t + 1) element \(i)") }
        }
        #expect(adam.step == 3)
        // The first step moves every element with a non-zero gradient by the learning rate.
        let q = Parameter(name: "q", shape: [2])
        q.gradient.assign([5, -1e-4])
        Adam(parameters: [q], learningRate: 0.01).update()
        #expect(abs(q.value[0] + 0.01) < 1e-7 && abs(q.value[1] - 0.01) < 1e-5)
    }

    /// Saving the state and restoring it into a fresh optimiser continues identically.
    @Test func adamStateRestores() throws {
        func run(_ adam: Adam, _ p: Parameter, steps: Range<Int>) {
            for s in steps {
                p.gradient.assign([Float(s) * 0.1 - 0.3, 0.2, Float(s % 2)])
                adam.update()
            }
        }
        let a = Parameter(name: "a", shape: [3]), b = Parameter(name: "b", shape: [3])
        let adamA = Adam(parameters: [a])
        run(adamA, a, steps: 0..<5)
        b.value.assign(a.value.values)
        let saved = adamA.state
        let adamB = Adam(parameters: [b])
        try adamB.restore(saved)
        #expect(adamB.state == saved)
        run(adamA, a, steps: 5..<9)
        run(adamB, b, steps: 5..<9)
        #expect(a.value.values == b.value.values)
        #expect(throws: NeuralShapeError.self) {
            try Adam(parameters: [Parameter(name: "c", shape: [2])]).restore(saved)
        }
    }

    @Test func pyTorchInitialisationBoundsAndSeeding() {
        var rng = Xoshiro256StarStar(seed: 42)
        let dense = Dense(inFeatures: 50, outFeatures: 30, rng: &rng)
        let conv = Conv2d(inChannels: 4, outChannels: 8, kernel: 3, rng: &rng)
        let deconv = ConvTranspose2d(inChannels: 8, outChannels: 2, kernel: 4, rng: &rng)
        // fan_in: 50; 4 * 3 * 3; weight.size(1) * kh * kw = 2 * 4 * 4 for the transposed conv.
        let cases: [(any Layer, Double)] = [(dense, 1 / 50.0.squareRoot()), (conv, 1 / 36.0.squareRoot()), (deconv, 1 / 32.0.squareRoot())]
        for (layer, bound) in cases {
            for p in layer.parameters {
                let values = p.value.values.map(Double.init)
                #expect(values.allSatisfy { abs($0) <= bound }, "\(p.name) within ±\(bound)")
                // Not collapsed to a smaller range: the extremes come near the bound.
                if values.count >= 100 { #expect(values.map(abs).max() ?? 0 > 0.9 * bound) }
                #expect(Set(values).count > values.count / 2)
            }
        }
        let mean = dense.weight.value.values.reduce(0, +) / Float(dense.weight.value.count)
        #expect(abs(mean) < 0.01)
        var same = Xoshiro256StarStar(seed: 42), other = Xoshiro256StarStar(seed: 43)
        let again = Dense(inFeatures: 50, outFeatures: 30, rng: &same)
        let different = Dense(inFeatures: 50, outFeatures: 30, rng: &other)
        #expect(again.weight.value.values == dense.weight.value.values)
        #expect(again.bias?.value.values == dense.bias?.value.values)
        #expect(different.weight.value.values != dense.weight.value.values)
        // Weight first, then bias, from one stream: the bias continues where the weight stopped.
        var manual = Xoshiro256StarStar(seed: 42)
        for _ in 0..<(50 * 30) { _ = manual.nextDouble() }
        let firstBias = Float(manual.nextDouble(in: -1 / 50.0.squareRoot(), 1 / 50.0.squareRoot()))
        #expect(dense.bias?.value[0] == firstBias)
        let bn = BatchNorm1d(features: 3)
        #expect(bn.weight.value.values == [1, 1, 1] && bn.bias.value.values == [0, 0, 0])
        #expect(bn.runningVariance.values == [1, 1, 1])
    }
}
