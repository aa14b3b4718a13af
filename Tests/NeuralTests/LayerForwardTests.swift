import Neural
import SynCore
import Testing

/// Forward passes against direct loops over PyTorch's definitions, computed in Double.
@Suite struct LayerForwardTests {
    static func maxRelativeError(_ a: [Float], _ b: [Double]) -> Double {
        let scale = max(b.map(abs).max() ?? 0, 1e-30)
        return zip(a, b).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
    }

    @Test func denseIsXWTransposePlusBias() {
        var rng = Xoshiro256StarStar(seed: 1)
        let layer = Dense(inFeatures: 4, outFeatures: 3, rng: &rng)
        let x = GradientCheck.randomTensor([2, 4], seed: 2)
        let y = layer.forward(x).values
        let w = layer.weight.value.values, b = layer.bias?.value.values ?? []
        var expected = [Double]()
        for n in 0..<2 {
            for o in 0..<3 {
                var s = Double(b[o])
                for i in 0..<4 { s += Double(w[o * 4 + i]) * Double(x[n * 4 + i]) }
                expected.append(s)
            }
        }
        #expect(layer.forward(x).shape == [2, 3])
        #expect(Self.maxRelativeError(y, expected) < 1e-6)
    }

    @Test(arguments: [(1, 0), (2, 1), (2, 2)])
    func conv2dMatchesTheDefinition(stride: Int, padding: Int) throws {
        var rng = Xoshiro256StarStar(seed: 3)
        let (c, o, kh, kw, h, w) = (2, 3, 3, 2, 7, 6)
        let layer = Conv2d(inChannels: c, outChannels: o, kernel: (kh, kw), stride: (stride, stride), padding: (padding, padding), rng: &rng)
        let x = GradientCheck.randomTensor([2, c, h, w], seed: 4)
        let shape = try layer.outputShape(for: x.shape)
        let y = layer.forward(x)
        #expect(y.shape == shape)
        let (oh, ow) = (shape[2], shape[3])
        let wt = layer.weight.value.values, b = layer.bias?.value.values ?? []
        var expected = [Double]()
        for n in 0..<2 {
            for oc in 0..<o {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var s = Double(b[oc])
                        for ic in 0..<c {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let iy = oy * stride - padding + i, ix = ox * stride - padding + j
                                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                    s += Double(wt[((oc * c + ic) * kh + i) * kw + j]) * Double(x[((n * c + ic) * h + iy) * w + ix])
                                }
                            }
                        }
                        expected.append(s)
                    }
                }
            }
        }
        #expect(Self.maxRelativeError(y.values, expected) < 1e-6)
    }

    @Test(arguments: [(2, 1, 1), (1, 0, 0), (3, 1, 2)])
    func convTranspose2dMatchesTheDefinition(stride: Int, padding: Int, outputPadding: Int) throws {
        var rng = Xoshiro256StarStar(seed: 5)
        let (c, o, k, h, w) = (3, 2, 3, 4, 5)
        let layer = ConvTranspose2d(inChannels: c, outChannels: o, kernel: k, stride: stride, padding: padding,
                                    outputPadding: outputPadding, rng: &rng)
        let x = GradientCheck.randomTensor([2, c, h, w], seed: 6)
        let shape = try layer.outputShape(for: x.shape)
        #expect(shape == [2, o, (h - 1) * stride - 2 * padding + k + outputPadding, (w - 1) * stride - 2 * padding + k + outputPadding])
        let y = layer.forward(x)
        #expect(y.shape == shape)
        let (oh, ow) = (shape[2], shape[3])
        let wt = layer.weight.value.values, b = layer.bias?.value.values ?? []
        var expected = [Double](repeating: 0, count: 2 * o * oh * ow)
        for n in 0..<2 {
            for oc in 0..<o { for p in 0..<(oh * ow) { expected[(n * o + oc) * oh * ow + p] = Double(b[oc]) } }
            for ic in 0..<c {
                for iy in 0..<h {
                    for ix in 0..<w {
                        for oc in 0..<o {
                            for i in 0..<k {
                                for j in 0..<k {
                                    let yy = iy * stride - padding + i, xx = ix * stride - padding + j
                                    guard yy >= 0, yy < oh, xx >= 0, xx < ow else { continue }
                                    expected[((n * o + oc) * oh + yy) * ow + xx] +=
                                        Double(wt[((ic * o + oc) * k + i) * k + j]) * Double(x[((n * c + ic) * h + iy) * w + ix])
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(Self.maxRelativeError(y.values, expected) < 1e-6)
    }

    @Test func poolingValues() throws {
        let x = try Tensor(shape: [1, 1, 3, 4], values: [1, 5, 2, 0,
                                                         3, 4, 8, 8,
                                                         9, 9, 9, 9])
        let max = MaxPool2d(kernel: 2)
        #expect(max.forward(x).shape == [1, 1, 1, 2])
        #expect(max.forward(x).values == [5, 8])
        // Ties go to the first maximum: the gradient of the right window lands on (1, 2).
        let g = try Tensor(shape: [1, 1, 1, 2], values: [1, 2])
        #expect(max.backward(g).values == [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0])
        // PyTorch's NaN rule: a NaN takes over, the window's last NaN gets the gradient.
        let withNaN = try Tensor(shape: [1, 1, 2, 4], values: [1, .nan, 7, 2,
                                                              3, .nan, 5, .nan])
        let pooled = max.forward(withNaN).values
        #expect(pooled[0].isNaN && pooled[1].isNaN)
        #expect(max.backward(g).values == [0, 0, 0, 0, 0, 1, 0, 2])
        let avg = AvgPool2d(kernel: 2, stride: 1)
        #expect(avg.forward(x).values == [3.25, 4.75, 4.5, 6.25, 7.5, 8.5])
    }

    @Test func activationsValues() throws {
        let x = try Tensor(shape: [1, 4], values: [-2, -0.5, 0, 3])
        #expect(Activation(.relu).forward(x).values == [0, 0, 0, 3])
        #expect(Activation(.leakyReLU(slope: 0.01)).forward(x).values == [-0.02, -0.005, 0, 3])
        let s = Activation(.sigmoid).forward(x).values
        let t = Activation(.tanh).forward(x).values
        for (i, v) in [-2.0, -0.5, 0, 3].enumerated() {
            #expect(abs(Double(s[i]) - 1 / (1 + Foundation.exp(-v))) < 1e-7)
            #expect(abs(Double(t[i]) - Foundation.tanh(v)) < 1e-7)
        }
        let extreme = try Tensor(shape: [1, 2], values: [-200, 200])
        #expect(Activation(.sigmoid).forward(extreme).values == [0, 1])
    }

    /// The piecewise-linear activations run as vector selects over 16 elements and a scalar
    /// tail: both give, bit for bit, `x > 0 ? v : slope * v` (ReLU: `0`), NaN, signed zeros,
    /// infinities and subnormals included, forward and backward.
    @Test func piecewiseLinearActivationsMatchTheTernaryBitForBit() throws {
        let specials: [Float] = [.nan, -0.0, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                 -3, 2.5, -1e-30, 1e30, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        let count = 37
        let x = (0..<count).map { specials[$0 % specials.count] }
        let dy = (0..<count).map { specials[($0 * 5 + 3) % specials.count] }
        for (kind, slope) in [(Activation.Kind.relu, nil), (.leakyReLU(slope: 0.01), Float(0.01))] as [(Activation.Kind, Float?)] {
            let layer = Activation(kind)
            let y = layer.forward(try Tensor(shape: [1, count], values: x)).values
            let dx = layer.backward(try Tensor(shape: [1, count], values: dy)).values
            for i in 0..<count {
                let expectedY: Float = x[i] > 0 ? x[i] : slope.map { $0 * x[i] } ?? 0
                let expectedDx: Float = x[i] > 0 ? dy[i] : slope.map { $0 * dy[i] } ?? 0
                #expect(y[i].bitPattern == expectedY.bitPattern, "\(kind) forward at \(i): \(y[i]) against \(expectedY)")
                #expect(dx[i].bitPattern == expectedDx.bitPattern, "\(kind) backward at \(i): \(dx[i]) against \(expectedDx)")
            }
        }
    }

    @Test func batchNormStatistics() throws {
        let layer = BatchNorm1d(features: 2)
        let x = try Tensor(shape: [4, 2], values: [1, 10, 2, 20, 3, 30, 4, 40])
        let y = layer.forward(x).values
        // Feature 0: mean 2.5, biased variance 1.25.
        let inv = 1 / (1.25 + 1e-5).squareRoot()
        #expect(abs(Double(y[0]) - (1 - 2.5) * inv) < 1e-6)
        #expect(abs(Double(y[1]) - (10 - 25) / (125 + 1e-5).squareRoot()) < 1e-6)
        // Running statistics: momentum 0.1, unbiased variance 5/3 and 500/3.
        #expect(abs(Double(layer.runningMean[0]) - 0.25) < 1e-6)
        #expect(abs(Double(layer.runningVariance[0]) - (0.9 + 0.1 * 5.0 / 3.0)) < 1e-6)
        #expect(abs(Double(layer.runningVariance[1]) - (0.9 + 0.1 * 500.0 / 3.0)) < 1e-5)
        #expect(layer.batchesTracked == 1)
        layer.setTraining(false)
        let e = layer.forward(x).values
        #expect(abs(Double(e[0]) - (1 - 0.25) / (Double(layer.runningVariance[0]) + 1e-5).squareRoot()) < 1e-6)
        #expect(layer.batchesTracked == 1)
    }

    @Test func shapeErrorsNameTheLayer() {
        var rng = Xoshiro256StarStar(seed: 7)
        let model = Sequential([
            Conv2d(inChannels: 1, outChannels: 4, kernel: 3, rng: &rng), Reshape(),
            Dense(inFeatures: 10, outFeatures: 2, rng: &rng),
        ])
        #expect(throws: NeuralShapeError.self) { try model.outputShape(for: [2, 1, 5, 5]) }
        do {
            _ = try model.outputShape(for: [2, 1, 5, 5])
        } catch {
            #expect("\(error)".contains("layer 2") && "\(error)".contains("[N, 10]") && "\(error)".contains("[2, 36]"))
        }
        #expect(throws: NeuralShapeError.self) { try Conv2d(inChannels: 2, outChannels: 1, kernel: 3, rng: &rng).outputShape(for: [1, 1, 5, 5]) }
        #expect(throws: NeuralShapeError.self) { try Tensor(shape: [2, 3], values: [1, 2]) }
    }
}

import Foundation
