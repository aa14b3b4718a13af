import Neural
import SynCore

/// Central finite differences against a layer's hand-written backward pass.
///
/// The scalar checked is `f(x, θ) = Σ r_i y_i(x, θ)` for a fixed random `r` shaped like the
/// output, summed in Double from the layer's Float32 output; its gradient is exactly what
/// `backward(r)` returns (input) and accumulates (parameters). Every input and parameter
/// element is perturbed by `±step` (the difference of the two Float values actually stored
/// is the denominator, so rounding of the perturbed value costs nothing).
///
/// The error of a tensor is `max_i |fd_i - analytic_i| / max_i |analytic_i|`: relative to the
/// tensor's largest gradient, so elements whose true gradient is 0 (ReLU's negative side, a
/// pooled-away pixel) are held to the same absolute standard as the rest rather than divided
/// by zero.
struct GradientCheck {
    /// Largest error over the input gradient and every parameter gradient, and each one's.
    var errors: [String: Double] = [:]
    var maxError: Double { errors.values.max() ?? 0 }

    static func randomTensor(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
        var rng = Xoshiro256StarStar(seed: seed)
        let count = shape.reduce(1, *)
        let values = (0..<count).map { _ in low + (high - low) * rng.nextFloat() }
        let t = Tensor(shape: shape)
        t.assign(values)
        return t
    }

    static func objective(_ y: Tensor, _ r: [Float]) -> Double {
        var sum = 0.0
        for i in 0..<r.count { sum += Double(r[i]) * Double(y[i]) }
        return sum
    }

    /// Relative max-norm error of `numeric` against `analytic`.
    static func relativeError(_ numeric: [Double], _ analytic: [Double]) -> Double {
        let scale = analytic.map(abs).max() ?? 0
        var worst = 0.0
        for i in numeric.indices { worst = max(worst, abs(numeric[i] - analytic[i])) }
        return scale > 0 ? worst / scale : worst
    }

    /// Numerical derivative of `f` with respect to element `i` of `t`.
    static func derivative(of f: () -> Double, perturbing t: Tensor, at i: Int, step: Float) -> Double {
        let saved = t[i]
        t[i] = saved + step
        let plus = Double(t[i])
        let fPlus = f()
        t[i] = saved - step
        let minus = Double(t[i])
        let fMinus = f()
        t[i] = saved
        return (fPlus - fMinus) / (plus - minus)
    }

    /// Checks `layer` at `input`; `step` is the perturbation.
    init(layer: any Layer, input: Tensor, step: Float, seed: UInt64 = 99) {
        let y0 = layer.forward(input)
        let r = GradientCheck.randomTensor(y0.shape, seed: seed)
        let rValues = r.values
        for p in layer.parameters { p.zeroGradient() }
        let dx = layer.backward(r).values.map(Double.init)
        let analyticParameters = layer.parameters.map { $0.gradient.values.map(Double.init) }
        let f = { GradientCheck.objective(layer.forward(input), rValues) }

        let numericInput = (0..<input.count).map { GradientCheck.derivative(of: f, perturbing: input, at: $0, step: step) }
        errors["input"] = GradientCheck.relativeError(numericInput, dx)
        for (k, p) in layer.parameters.enumerated() {
            let numeric = (0..<p.value.count).map { GradientCheck.derivative(of: f, perturbing: p.value, at: $0, step: step) }
            errors[p.name] = GradientCheck.relativeError(numeric, analyticParameters[k])
        }
    }
}
