/// Options shared by all metrics. Defaults are the reference's (disentanglement_lib,
/// unsupervised_study_v1); everything else is an explicit opt-in.
public struct MetricOptions: Sendable {
    /// How many histogram bins per code dimension.
    public enum Bins: Sendable, Equatable {
        /// The same count for every code (reference: 20).
        case fixed(Int)
        /// A count chosen per code from its sample (documented by the discretizer).
        case auto
    }

    /// Which model gives DCI's importance matrix.
    public enum DCIImportance: String, Sendable, CaseIterable {
        /// scikit-learn GradientBoostingClassifier defaults (the reference).
        case gradientBoostedTrees = "gbt"
        /// Lasso regression coefficients (Eastwood & Williams 2018).
        case lasso
        /// Random-forest impurity importances (Eastwood & Williams 2018).
        case randomForest = "random-forest"
    }

    /// Seed for every random choice a metric makes (sampling, model initialisation).
    public var seed: UInt64 = 0
    /// Histogram bins for MIG, Modularity and IRS.
    public var bins: Bins = .fixed(20)
    /// Apply the Miller-Madow bias correction to plug-in entropies and mutual information.
    public var millerMadow = false
    /// Treat factors as continuous (KSG mutual information for MIG, regression DCI).
    public var continuousFactors = false
    /// SAP on continuous factors: Pearson r^2 on the train set instead of a linear SVM.
    public var sapContinuous = false
    /// DCI importance model.
    public var dciImportance: DCIImportance = .gradientBoostedTrees
    /// Worker threads.
    public var jobs: Int = 1

    /// The reference settings, single-threaded.
    public init() {}
}
