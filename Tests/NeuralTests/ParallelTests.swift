import SynCore
import Testing
@testable import Neural

/// The batch-parallel loops give bit-identical results for any thread count: each thread
/// writes only its own samples, and every reduction over the batch is serial, inside BLAS or
/// over fixed groups of samples (the convolutions' weight gradients).
@Suite(.serialized) struct ParallelTests {
    /// Output, input gradient and every parameter gradient of a conv / pool / transposed-conv
    /// network (fused and unfused paths) after one forward and backward pass with `threads`
    /// threads.
    func run(threads: Int, splitProducts: Bool = false) -> [[Float]] {
        let savedCount = NeuralThreads.count, savedThreshold = NeuralThreads.parallelWorkThreshold
        let savedBlas = NeuralThreads.blasCount, savedProducts = NeuralThreads.parallelProductThreshold
        defer {
            NeuralThreads.count = savedCount
            NeuralThreads.parallelWorkThreshold = savedThreshold
            NeuralThreads.blasCount = savedBlas
            NeuralThreads.parallelProductThreshold = savedProducts
        }
        NeuralThreads.count = threads
        NeuralThreads.parallelWorkThreshold = 0
        if splitProducts {
            NeuralThreads.blasCount = 1
            NeuralThreads.parallelProductThreshold = 0
        }
        var rng = Xoshiro256StarStar(seed: 5)
        let model = Sequential([
            Conv2d(inChannels: 2, outChannels: 4, kernel: 3, padding: 1, rng: &rng), Activation(.leakyReLU(slope: 0.01)),
            MaxPool2d(kernel: 2),
            // Unfused: a strided convolution and ReLU, a transposed convolution on its own.
            Conv2d(inChannels: 4, outChannels: 4, kernel: 4, stride: 2, padding: 1, rng: &rng), Activation(.relu),
            ConvTranspose2d(inChannels: 4, outChannels: 4, kernel: 4, stride: 2, padding: 1, rng: &rng),
            ConvTranspose2d(inChannels: 4, outChannels: 3, kernel: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng),
            Activation(.tanh),
        ])
        // 19 samples: the weight gradients' 8 groups of samples hold 2 or 3 each.
        let x = GradientCheck.randomTensor([19, 2, 8, 6], seed: 6)
        let y = model.forward(x).values
        let r = GradientCheck.randomTensor(model.forward(x).shape, seed: 7)
        let dx = model.backward(r).values
        return [y, dx] + model.parameters.map(\.gradient.values)
    }

    @Test func identicalForAnyThreadCount() {
        let one = run(threads: 1)
        #expect(one.count == 10)
        for threads in [2, 3, 8] {
            #expect(run(threads: threads) == one, "\(threads) threads")
        }
    }

    /// With OpenBLAS single-threaded, the convolutions' per-sample products run on Neural's
    /// threads (their weight gradients summed in fixed groups of samples) and the large
    /// products' columns are split over them.
    @Test func splitProductsIdenticalForAnyThreadCount() {
        let one = run(threads: 1, splitProducts: true)
        for threads in [2, 3, 8] {
            #expect(run(threads: threads, splitProducts: true) == one, "\(threads) threads")
        }
    }

    /// An empty batch (the last batch of a loop can be) passes forward and backward through
    /// the convolutions: empty outputs, zero parameter gradients.
    @Test func emptyBatchPassesThrough() {
        var rng = Xoshiro256StarStar(seed: 8)
        let conv = Conv2d(inChannels: 2, outChannels: 3, kernel: 3, padding: 1, rng: &rng)
        let transposed = ConvTranspose2d(inChannels: 3, outChannels: 2, kernel: 4, stride: 2, padding: 1, rng: &rng)
        let model = Sequential([conv, Activation(.relu), transposed])
        let y = model.forward(Tensor(shape: [0, 2, 4, 4]))
        #expect(y.shape == [0, 2, 8, 8])
        let dx = model.backward(Tensor(shape: [0, 2, 8, 8]))
        #expect(dx.shape == [0, 2, 4, 4])
        #expect(model.parameters.allSatisfy { $0.gradient.values.allSatisfy { $0 == 0 } })
        // The fused convolution, LeakyReLU and pooling too.
        let fused = Sequential([Conv2d(inChannels: 2, outChannels: 3, kernel: 3, padding: 1, rng: &rng),
                                Activation(.leakyReLU(slope: 0.01)), MaxPool2d(kernel: 2)])
        #expect(fused.forward(Tensor(shape: [0, 2, 4, 4])).shape == [0, 3, 2, 2])
        #expect(fused.backward(Tensor(shape: [0, 3, 2, 2])).shape == [0, 2, 4, 4])
        #expect(fused.parameters.allSatisfy { $0.gradient.values.allSatisfy { $0 == 0 } })
    }

    /// Element-wise layers split large tensors into pieces of 16384; the pieces cover every
    /// element exactly once.
    @Test func activationPiecesCoverEveryElement() {
        let saved = NeuralThreads.count
        defer { NeuralThreads.count = saved }
        let x = GradientCheck.randomTensor([3, 16_384 + 5], seed: 8, low: -3, high: 3)
        let r = GradientCheck.randomTensor([3, 16_384 + 5], seed: 9)
        var results: [[[Float]]] = []
        for threads in [1, 3] {
            NeuralThreads.count = threads
            results.append([Activation.Kind.relu, .leakyReLU(slope: 0.1), .sigmoid, .tanh].flatMap { kind -> [[Float]] in
                let layer = Activation(kind)
                return [layer.forward(x).values, layer.backward(r).values]
            })
        }
        #expect(results[0] == results[1])
        let relu = results[1][0], leaky = results[1][3]
        #expect((0..<x.count).allSatisfy { relu[$0] == max(x[$0], 0) })
        #expect((0..<x.count).allSatisfy { leaky[$0] == (x[$0] > 0 ? r[$0] : 0.1 * r[$0]) })
    }
}
