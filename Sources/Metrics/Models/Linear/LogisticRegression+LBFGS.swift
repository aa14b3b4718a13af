/// Limited-memory BFGS (Nocedal 1980; Nocedal & Wright 2006, algorithm 7.4 two-loop recursion)
/// with a weak-Wolfe bisection line search (Lewis & Overton 2013), for
/// ``LogisticSoftmaxProblem``. Deterministic: no randomness, fixed operation order.
///
/// Stops when the largest gradient component is within tolerance, or when three iterations in
/// a row decrease the objective by at most 64 machine epsilons relative (scipy's `ftol` as
/// scikit-learn sets it: the objective cannot improve at machine precision), both counted as
/// converged; otherwise at the iteration bound or a failed line search.
enum LogisticLBFGS {
    /// Where the solver stopped.
    struct Solution {
        var point: [Double]
        var value: Double
        var gradientMaxNorm: Double
        var iterations: Int
        var evaluations: Int
        var converged: Bool
    }

    static let armijo = 1e-4
    static let curvature = 0.9
    static let maxTrials = 60

    static func minimize(_ problem: LogisticSoftmaxProblem, start: [Double], gradientTolerance: Double,
                         maxIterations: Int, memory: Int) -> Solution {
        let p = start.count
        var x = start
        var g = [Double](repeating: 0, count: p)
        var f = problem.evaluate(x, gradient: &g)
        var evaluations = 1
        var trial = [Double](repeating: 0, count: p)
        var trialGradient = [Double](repeating: 0, count: p)
        var kept = [Double](repeating: 0, count: p)
        var keptGradient = [Double](repeating: 0, count: p)
        var direction = [Double](repeating: 0, count: p)
        var sHistory = [[Double]]()
        var yHistory = [[Double]]()
        var rhoHistory = [Double]()
        var alpha = [Double](repeating: 0, count: max(1, memory))
        var iterations = 0
        var gmax = maxAbs(g)
        var stalled = 0
        while gmax > gradientTolerance && iterations < maxIterations {
            // Two-loop recursion: direction = -H g.
            for i in 0..<p { direction[i] = -g[i] }
            let pairs = sHistory.count
            if pairs > 0 {
                for h in stride(from: pairs - 1, through: 0, by: -1) {
                    let a = rhoHistory[h] * dot(sHistory[h], direction)
                    alpha[h] = a
                    axpy(-a, yHistory[h], &direction)
                }
                let last = pairs - 1
                let gamma = dot(sHistory[last], yHistory[last]) / dot(yHistory[last], yHistory[last])
                for i in 0..<p { direction[i] *= gamma }
                for h in 0..<pairs {
                    let b = rhoHistory[h] * dot(yHistory[h], direction)
                    axpy(alpha[h] - b, sHistory[h], &direction)
                }
            } else {
                // First step: unit length in the steepest-descent direction.
                let norm = dot(g, g).squareRoot()
                for i in 0..<p { direction[i] /= max(norm, 1) }
            }
            var slope = dot(g, direction)
            if !(slope < 0) {
                sHistory.removeAll()
                yHistory.removeAll()
                rhoHistory.removeAll()
                for i in 0..<p { direction[i] = -g[i] }
                slope = -dot(g, g)
            }
            // Weak-Wolfe bisection; a tiny relative slack on the decrease test lets steps
            // through when f has stopped changing above rounding.
            var lower = 0.0, upper = Double.infinity, t = 1.0
            var accepted = false
            var haveKept = false
            var keptValue = f
            let slack = 1e-13 * abs(f)
            for _ in 0..<maxTrials {
                for i in 0..<p { trial[i] = x[i] + t * direction[i] }
                let value = problem.evaluate(trial, gradient: &trialGradient)
                evaluations += 1
                if !(value <= f + armijo * t * slope + slack) {
                    upper = t
                } else {
                    swap(&kept, &trial)
                    swap(&keptGradient, &trialGradient)
                    keptValue = value
                    haveKept = true
                    if dot(keptGradient, direction) >= curvature * slope {
                        accepted = true
                        break
                    }
                    lower = t
                }
                t = upper.isFinite ? 0.5 * (lower + upper) : 2 * lower
            }
            guard haveKept, accepted || keptValue < f else { break }
            let decrease = (f - keptValue) / max(abs(f), abs(keptValue), 1)
            stalled = decrease <= 64 * Double.ulpOfOne ? stalled + 1 : 0
            // New pair s = x+ - x, y = g+ - g.
            var s = [Double](repeating: 0, count: p)
            var y = [Double](repeating: 0, count: p)
            for i in 0..<p {
                s[i] = kept[i] - x[i]
                y[i] = keptGradient[i] - g[i]
            }
            let sy = dot(s, y)
            if sy > 1e-12 * dot(s, s).squareRoot() * dot(y, y).squareRoot() && sy > 0 {
                if sHistory.count == memory {
                    sHistory.removeFirst()
                    yHistory.removeFirst()
                    rhoHistory.removeFirst()
                }
                sHistory.append(s)
                yHistory.append(y)
                rhoHistory.append(1 / sy)
            }
            swap(&x, &kept)
            swap(&g, &keptGradient)
            f = keptValue
            gmax = maxAbs(g)
            iterations += 1
            if stalled >= 3 { break }
        }
        return Solution(point: x, value: f, gradientMaxNorm: gmax, iterations: iterations,
                        evaluations: evaluations, converged: gmax <= gradientTolerance || stalled >= 3)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for i in 0..<x.count { y[i] += a * x[i] }
    }

    static func maxAbs(_ a: [Double]) -> Double {
        var m = 0.0
        for v in a { m = max(m, abs(v)) }
        return m
    }
}
