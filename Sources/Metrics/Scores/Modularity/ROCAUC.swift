/// Area under the ROC curve, exactly as scikit-learn's `roc_auc_score`: the trapezoidal area
/// under the curve through one point per distinct score, so tied scores count half
/// (equivalently the Mann-Whitney U statistic divided by `positives * negatives`).
public enum ROCAUC {
    /// Binary AUC of `scores` against `positive` (true marks the positive class).
    ///
    /// Returns nil when only one class is present (scikit-learn raises "Only one class present
    /// in y_true"; the AUC is undefined).
    public static func binary(scores: [Double], positive: [Bool]) -> Double? {
        precondition(scores.count == positive.count, "one label per score")
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var totalPositive = 0.0, totalNegative = 0.0
        for p in positive { if p { totalPositive += 1 } else { totalNegative += 1 } }
        guard totalPositive > 0, totalNegative > 0 else { return nil }
        var area = 0.0
        var tp = 0.0, fp = 0.0
        var i = 0
        while i < order.count {
            let score = scores[order[i]]
            var groupTP = 0.0, groupFP = 0.0
            while i < order.count && scores[order[i]] == score {
                if positive[order[i]] { groupTP += 1 } else { groupFP += 1 }
                i += 1
            }
            area += groupFP * (tp + 0.5 * groupTP)
            tp += groupTP
            fp += groupFP
        }
        return area / (totalPositive * totalNegative)
    }

    /// Macro-averaged one-vs-rest AUC: for each class `classes[j]`, the binary AUC of
    /// probability column `j` against `labels == classes[j]`, averaged over the classes where
    /// it is defined (scikit-learn `roc_auc_score(label_binarize(labels), probabilities)`,
    /// `average="macro"`, as disentanglement_lib's Explicitness calls it).
    ///
    /// - Returns: the mean (nil when no class has both positives and negatives) and the classes
    ///   left out because all or none of the rows have them.
    public static func macroOneVsRest(probabilities: Matrix, classes: [Int],
                                      labels: [Int]) -> (score: Double?, skipped: [Int]) {
        precondition(probabilities.columns == classes.count && probabilities.rows == labels.count,
                     "probabilities must be [rows, classes]")
        var total = 0.0, defined = 0
        var skipped = [Int]()
        for (j, c) in classes.enumerated() {
            let column = probabilities.column(j)
            if let auc = binary(scores: column, positive: labels.map { $0 == c }) {
                total += auc
                defined += 1
            } else {
                skipped.append(c)
            }
        }
        return (defined > 0 ? total / Double(defined) : nil, skipped)
    }
}
