import Foundation

/// Linear prediction by Burg's method (Burg 1967; the recursion as written in Marple 1980,
/// "A new autoregressive spectrum analysis algorithm", IEEE Trans. ASSP 28(4), section III).
///
/// The result follows the conventions of `librosa.lpc`: `order + 1` coefficients
/// a_0 = 1, a_1 ... a_p of the prediction-error filter A(z) = sum_k a_k z^-k, so the all-pole
/// model of the frame is 1 / A(z) and the forward prediction is x_n ~ -sum_{k>=1} a_k x_{n-k}.
/// Like librosa, the denominator of each reflection coefficient gets the smallest normal
/// positive number added, so a silent frame gives a_k = 0 for k >= 1 instead of NaN.
public enum LinearPrediction {
    /// Burg coefficients a_0 = 1, a_1 ... a_order of `frame` (no window or pre-emphasis is
    /// applied here). Needs `order >= 1` and more than `order` samples.
    public static func burg(_ frame: [Double], order: Int) -> [Double] {
        precondition(order >= 1, "LPC order must be at least 1")
        precondition(frame.count > order, "an LPC frame needs more samples than the order")
        let m = frame.count - 1
        // Forward errors f live in forward[i..<m], backward errors b in backward[0..<m-i];
        // the pair (f, b) at position j of the current order is (forward[i+j], backward[j]).
        var forward = Array(frame[1...])
        var backward = Array(frame[..<m])
        var a = [Double](repeating: 0, count: order + 1)
        var previous = a
        a[0] = 1
        var denominator = 0.0
        for j in 0..<m { denominator += forward[j] * forward[j] + backward[j] * backward[j] }
        for i in 0..<order {
            let length = m - i
            var cross = 0.0
            for j in 0..<length { cross += backward[j] * forward[i + j] }
            let k = -2 * cross / (denominator + Double.leastNormalMagnitude)
            // Levinson update: a_j <- a_j + k a_{i+1-j}, with a_{i+1} = k.
            for j in 0...i { previous[j] = a[j] }
            for j in 1...(i + 1) { a[j] = previous[j] + k * previous[i + 1 - j] }
            for j in 0..<length {
                let f = forward[i + j], b = backward[j]
                forward[i + j] = f + k * b
                backward[j] = b + k * f
            }
            let first = forward[i], last = backward[length - 1]
            denominator = (1 - k * k) * denominator - last * last - first * first
        }
        return a
    }

    /// Burg coefficients of a Float frame: computed in Float64 (so slightly more accurate
    /// than librosa on a float32 array, which keeps float32 throughout) and rounded to Float.
    public static func burg(_ frame: [Float], order: Int) -> [Float] {
        burg(frame.map(Double.init), order: order).map(Float.init)
    }
}
