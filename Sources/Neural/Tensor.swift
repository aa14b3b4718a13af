import SynCore

/// A shape and a contiguous, row-major (C order) Float32 buffer that the tensor owns.
///
/// A reference type on purpose: a layer keeps its output and input-gradient tensors and writes
/// into them again on every step, so after the first step of a given batch size nothing is
/// allocated. ``reshape(_:)`` keeps the buffer whenever it is large enough (a smaller last batch
/// reuses it). Element `[i0, i1, ..., ik]` lives at `((i0 * d1 + i1) * d2 + ...) * dk + ik`,
/// as in a contiguous PyTorch tensor or a C-order NumPy array.
public final class Tensor {
    /// The dimensions, outermost first (`[N, C, H, W]` for images, `[N, F]` for features).
    public private(set) var shape: [Int]
    /// Number of elements: the product of ``shape``.
    public private(set) var count: Int
    /// Elements the buffer can hold without reallocating.
    private var capacity: Int
    /// The buffer (at least one element, so it is never a null pointer). Layers and kernels of
    /// this module read and write it directly; it never leaves the module.
    private(set) var data: UnsafeMutablePointer<Float>

    /// A zero-filled tensor of `shape` (every dimension at least 0).
    public init(shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(shape)")
        self.shape = shape
        count = shape.reduce(1, *)
        capacity = max(1, count)
        data = .allocate(capacity: capacity)
        data.initialize(repeating: 0, count: capacity)
        NeuralBuffers.countAllocation()
    }

    /// A tensor of `shape` holding `values` in C order.
    ///
    /// - Throws: ``NeuralShapeError`` when `values.count` is not the product of `shape`.
    public convenience init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw NeuralShapeError("Tensor: \(values.count) values do not fill shape \(shape)")
        }
        self.init(shape: shape)
        assign(values)
    }

    deinit { data.deallocate() }

    /// Changes the shape; the contents are unspecified afterwards unless the element count is
    /// unchanged (then they are kept, read in the new shape). Reallocates only when the buffer is
    /// too small.
    public func reshape(_ newShape: [Int]) {
        if newShape == shape { return }
        precondition(newShape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(newShape)")
        let n = newShape.reduce(1, *)
        if n > capacity {
            data.deallocate()
            capacity = n
            data = .allocate(capacity: capacity)
            data.initialize(repeating: 0, count: capacity)
            NeuralBuffers.countAllocation()
        }
        shape = newShape
        count = n
    }

    /// ``reshape(_:)`` to `[d0, d1]` without building an array when the shape already matches.
    public func ensureShape(_ d0: Int, _ d1: Int) {
        if shape.count == 2, shape[0] == d0, shape[1] == d1 { return }
        reshape([d0, d1])
    }

    /// ``reshape(_:)`` to `[d0, d1, d2, d3]` without building an array when the shape matches.
    public func ensureShape(_ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) {
        if shape.count == 4, shape[0] == d0, shape[1] == d1, shape[2] == d2, shape[3] == d3 { return }
        reshape([d0, d1, d2, d3])
    }

    /// Whether the shape is `[d0, d1]` (no array is built).
    public func hasShape(_ d0: Int, _ d1: Int) -> Bool {
        shape.count == 2 && shape[0] == d0 && shape[1] == d1
    }

    /// Whether the shape is `[d0, d1, d2, d3]` (no array is built).
    public func hasShape(_ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) -> Bool {
        shape.count == 4 && shape[0] == d0 && shape[1] == d1 && shape[2] == d2 && shape[3] == d3
    }

    /// Makes the shape equal to `other`'s.
    public func ensureShape(like other: Tensor) {
        if shape != other.shape { reshape(other.shape) }
    }

    /// Element `i` in C order (`0 ..< count`).
    public subscript(i: Int) -> Float {
        get {
            precondition(i >= 0 && i < count, "Tensor: index \(i) out of range 0..<\(count)")
            return data[i]
        }
        set {
            precondition(i >= 0 && i < count, "Tensor: index \(i) out of range 0..<\(count)")
            data[i] = newValue
        }
    }

    /// A copy of the elements in C order.
    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// Whether every element is finite (no NaN, no infinity), without copying them.
    public var allFinite: Bool { UnsafeBufferPointer(start: data, count: count).allSatisfy(\.isFinite) }

    /// Overwrites the elements with `values` (C order; `values.count` must equal ``count``).
    public func assign(_ values: [Float]) {
        precondition(values.count == count, "Tensor: \(values.count) values for \(count) elements")
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { data.update(from: base, count: count) }
        }
    }

    /// Copies `other`'s shape and elements into this tensor.
    public func copy(from other: Tensor) {
        ensureShape(like: other)
        data.update(from: other.data, count: count)
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        data.update(repeating: value, count: count)
    }

    /// The first dimension (the batch size of a batch), 0 for a scalar.
    public var batchSize: Int { shape.first ?? 0 }
}

/// A shape that does not fit a layer or a value count that does not fill a shape; the message
/// names the layer, what it expects and what it got. A ``UserError``: the command line prints
/// it as one line and exits with code 2.
public struct NeuralShapeError: UserError, Sendable {
    /// One line: which layer, which shapes.
    public let description: String

    /// An error with `description` as its message.
    public init(_ description: String) { self.description = description }
}

/// Diagnostics: counts the Float buffers Neural allocates (tensors made or grown, layer
/// scratch grown) while a closure runs, on the calling task only (other threads and tests
/// running at the same time are not counted). A training step that allocates no buffer counts
/// 0, which is how the tests check "no allocation inside a step after the first".
public enum NeuralBuffers {
    final class Tracker: Sendable {
        let count = Locked(0)
    }

    @TaskLocal static var tracker: Tracker?

    /// Runs `body` and returns its result with the number of buffers allocated meanwhile.
    public static func countingAllocations<T>(_ body: () throws -> T) rethrows -> (result: T, allocations: Int) {
        let tracker = Tracker()
        let result = try $tracker.withValue(tracker) { try body() }
        return (result, tracker.count.withLock { $0 })
    }

    static func countAllocation() { tracker?.count.withLock { $0 += 1 } }
}
