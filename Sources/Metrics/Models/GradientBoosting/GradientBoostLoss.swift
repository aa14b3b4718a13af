import Foundation

/// The loss a boosting run minimises, as scikit-learn 1.9's `GradientBoostingClassifier`
/// (`loss="log_loss"`) and `GradientBoostingRegressor` (`loss="squared_error"`) define it.
enum GradientBoostLoss: Sendable, Equatable {
    /// Two classes: `HalfBinomialLoss`, one tree per stage on the logit.
    case binomial
    /// `classes` > 2: `HalfMultinomialLoss`, one tree per class per stage.
    case multinomial(classes: Int)
    /// Regression: `HalfSquaredError`, one tree per stage.
    case squaredError

    /// Trees fitted per boosting stage.
    var treesPerStage: Int {
        if case let .multinomial(k) = self { return k }
        return 1
    }

    /// The initial raw scores from the class priors (`DummyClassifier(strategy="prior")`
    /// clipped to `[eps, 1 - eps]`, then the link: logit for two classes, the symmetric
    /// multinomial logit `log(p_k / gmean(p))` for more) or the target mean (regression).
    func initialScores(labels: [Int], targets: [Double]) -> [Double] {
        switch self {
        case .squaredError:
            return [targets.reduce(0, +) / Double(max(1, targets.count))]
        case .binomial:
            let p = clippedPriors(labels: labels, classes: 2)[1]
            return [Foundation.log(p / (1 - p))]
        case let .multinomial(k):
            let p = clippedPriors(labels: labels, classes: k)
            let meanLog = p.reduce(0) { $0 + Foundation.log($1) } / Double(k)
            let geometricMean = Foundation.exp(meanLog)
            return p.map { Foundation.log($0 / geometricMean) }
        }
    }

    private func clippedPriors(labels: [Int], classes: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: classes)
        for y in labels { counts[y] += 1 }
        let eps = Double.ulpOfOne
        return counts.map { min(max($0 / Double(labels.count), eps), 1 - eps) }
    }

    /// The leaf value of a classification tree: one Newton step, sklearn's
    /// `_update_terminal_regions`: `mean(y - p) / mean(p (1 - p))`, times `(K - 1) / K` for
    /// K > 2 classes, and 0 when the denominator is below 1e-150 (`_safe_divide`).
    static func newtonStep(gradientSum: Double, hessianSum: Double, count: Double, classes: Int) -> Double {
        var numerator = gradientSum / count
        if classes > 2 { numerator *= Double(classes - 1) / Double(classes) }
        let denominator = hessianSum / count
        if abs(denominator) < 1e-150 { return 0 }
        return numerator / denominator
    }
}
