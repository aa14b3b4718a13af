#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam with bias correction (Kingma & Ba 2015), computed in the order of PyTorch's
/// `torch.optim.Adam` (`amsgrad=False`, L2 `weight_decay` added to the gradient):
///
///     t += 1;  g = grad + weightDecay * p
///     m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g^2
///     p -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
///
/// The bias corrections are computed in Double. The defaults are PyTorch's: lr 1e-3, betas
/// (0.9, 0.999), eps 1e-8, no weight decay. ``state`` and ``restore(_:)`` save and restore the
/// step count and both moment buffers, so a resumed run continues exactly.
public final class Adam {
    /// Step size.
    public var learningRate: Float
    /// Decay of the first moment.
    public let beta1: Float
    /// Decay of the second moment.
    public let beta2: Float
    /// Added to the bias-corrected root second moment.
    public let epsilon: Float
    /// L2 penalty added to the gradient (PyTorch's `weight_decay`).
    public let weightDecay: Float
    /// The parameters updated, in order.
    public let parameters: [Parameter]
    /// Updates taken so far (PyTorch's `step`).
    public private(set) var step = 0

    private let firstMoments: [Tensor]
    private let secondMoments: [Tensor]

    /// An optimiser for `parameters` with zero moments.
    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoments = parameters.map { Tensor(shape: $0.value.shape) }
        secondMoments = parameters.map { Tensor(shape: $0.value.shape) }
    }

    /// Elements of a parameter updated by one task of the parallel loop in ``update()``.
    private static let piece = 65_536

    /// One update of every parameter from its accumulated gradient (the gradients are left
    /// as they are; clear them before the next backward pass).
    public func update() {
        step += 1
        let correction1 = 1 - pow(Double(beta1), Double(step))
        let correction2 = 1 - pow(Double(beta2), Double(step))
        let stepSize = Float(Double(learningRate) / correction1)
        let rootCorrection2 = Float(correction2.squareRoot())
        let (beta1, beta2, epsilon, weightDecay) = (self.beta1, self.beta2, self.epsilon, self.weightDecay)
        for (k, parameter) in parameters.enumerated() {
            let p = SharedPointer(parameter.value.data), g = SharedPointer(parameter.gradient.data)
            let m = SharedPointer(firstMoments[k].data), v = SharedPointer(secondMoments[k].data)
            let count = parameter.value.count
            // Element-wise, so pieces on separate threads give the same result as one loop.
            NeuralThreads.forEachSample((count + Self.piece - 1) / Self.piece, work: Self.piece) { piece in
                let (p, g, m, v) = (p.base, g.base, m.base, v.base)
                let end = min(count, (piece + 1) * Self.piece)
                var i = piece * Self.piece
                // Four lanes at a time (the compiler left the square root and the division
                // scalar), then the remainder one by one: the same operations in the same order.
                while i + 4 <= end {
                    let weights = Self.load(p + i), raw = Self.load(g + i)
                    let grad = weightDecay == 0 ? raw : raw + weightDecay * weights
                    let first = beta1 * Self.load(m + i) + (1 - beta1) * grad
                    let second = beta2 * Self.load(v + i) + (1 - beta2) * grad * grad
                    Self.store(first, m + i)
                    Self.store(second, v + i)
                    Self.store(weights - stepSize * first / (second.squareRoot() / rootCorrection2 + epsilon), p + i)
                    i += 4
                }
                while i < end {
                    let grad = weightDecay == 0 ? g[i] : g[i] + weightDecay * p[i]
                    m[i] = beta1 * m[i] + (1 - beta1) * grad
                    v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
                    p[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + epsilon)
                    i += 1
                }
            }
        }
    }

    @inline(__always)
    private static func load(_ at: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(at).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    private static func store(_ value: SIMD4<Float>, _ at: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(at).storeBytes(of: value, as: SIMD4<Float>.self)
    }

    /// The optimiser's resumable state.
    public struct State: Sendable, Equatable {
        /// Updates taken.
        public var step: Int
        /// First moment of each parameter, C order, in parameter order.
        public var firstMoments: [[Float]]
        /// Second moment of each parameter, C order, in parameter order.
        public var secondMoments: [[Float]]

        /// A state from its parts.
        public init(step: Int, firstMoments: [[Float]], secondMoments: [[Float]]) {
            self.step = step
            self.firstMoments = firstMoments
            self.secondMoments = secondMoments
        }
    }

    /// A copy of the step count and moments.
    public var state: State {
        State(step: step, firstMoments: firstMoments.map(\.values), secondMoments: secondMoments.map(\.values))
    }

    /// Replaces the step count and moments with `state`.
    ///
    /// - Throws: ``NeuralShapeError`` when the state does not match the parameters (count or
    ///   sizes) or the step is negative; nothing is changed then.
    public func restore(_ state: State) throws {
        guard state.step >= 0, state.firstMoments.count == parameters.count,
              state.secondMoments.count == parameters.count else {
            throw NeuralShapeError("Adam: state for \(state.firstMoments.count) parameters (step \(state.step)); the optimiser has \(parameters.count)")
        }
        for (k, parameter) in parameters.enumerated()
        where state.firstMoments[k].count != parameter.value.count || state.secondMoments[k].count != parameter.value.count {
            throw NeuralShapeError("Adam: state of parameter \(k) ('\(parameter.name)') has \(state.firstMoments[k].count) and \(state.secondMoments[k].count) values; the parameter has \(parameter.value.count)")
        }
        step = state.step
        for k in parameters.indices {
            firstMoments[k].assign(state.firstMoments[k])
            secondMoments[k].assign(state.secondMoments[k])
        }
    }
}
