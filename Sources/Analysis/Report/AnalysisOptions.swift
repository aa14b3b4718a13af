/// A measure `synbench analyze` can compute.
public enum AnalysisMeasure: String, Sendable, CaseIterable {
    /// Linear probe (logistic regression accuracy, or ridge R^2 for continuous factors).
    case linear
    /// k-NN probe accuracy.
    case knn
    /// MFTMA capacity, radius, dimension and centre correlation.
    case mftma
    /// Simulated capacity (slow; off unless asked for).
    case simulated
    /// Participation ratio of the layer.
    case pr

    /// The measures computed when none are named: all but the simulated capacity.
    public static let defaults: [AnalysisMeasure] = [.linear, .knn, .mftma, .pr]
}

/// Everything that shapes one analysis run; the defaults are the spec's.
public struct AnalysisOptions: Sendable {
    /// The measures to compute.
    public var measures: Set<AnalysisMeasure> = Set(AnalysisMeasure.defaults)
    /// Seed of the probe split (the manifold and simulation seeds are set in their options).
    public var seed: UInt64 = 0
    /// Fraction of items held out for testing the probes.
    public var testFraction = 0.2
    /// k of the k-NN probe and of prediction depth (Baldock et al.: 30).
    public var neighbours = 30
    /// Distance of the k-NN probe and prediction depth.
    public var distance = NearestNeighbourProbe.Distance.euclidean
    /// MFTMA sampling and solver settings.
    public var manifold = ManifoldAnalysis.Options()
    /// Simulated-capacity settings.
    public var simulated = SimulatedCapacity.Options()
    /// The factor whose prediction depth is computed, if any (index into the factor table).
    public var depthFactor: Int?

    /// The spec's defaults.
    public init() {}
}
