/// The mean-field manifold geometry of one set of class manifolds (Chung, Lee & Sompolinsky,
/// PRX 2018; Cohen et al., Nat. Commun. 2020), as `neural_manifolds_replicaMFT` reports it.
public struct ManifoldGeometry: Sendable, Equatable {
    /// Capacity alpha_M: the harmonic mean over manifolds of each manifold's capacity
    /// (patterns per feature dimension at which half the dichotomies are separable).
    public var capacity: Double
    /// Anchor radius R_M, arithmetic mean over manifolds, in units of each manifold's centre norm.
    public var radius: Double
    /// Anchor dimension D_M, arithmetic mean over manifolds (dimensionless).
    public var dimension: Double
    /// Centre correlation rho_c: mean absolute cosine between distinct mean-subtracted
    /// class centres (the reference's `res_coeff0`, measured before any removal).
    public var centreCorrelation: Double
    /// Per-manifold capacities, radii and dimensions, in manifold order.
    public var capacities: [Double], radii: [Double], dimensions: [Double]
    /// Rank of the centre subspace removed before the analysis (0 when removal is off).
    public var removedCentreRank: Int

    /// Collects per-manifold values and the centre correlation into the reference's averages.
    public init(capacities: [Double], radii: [Double], dimensions: [Double], centreCorrelation: Double,
                removedCentreRank: Int = 0) {
        self.capacities = capacities
        self.radii = radii
        self.dimensions = dimensions
        self.centreCorrelation = centreCorrelation
        self.removedCentreRank = removedCentreRank
        let count = Double(max(1, capacities.count))
        capacity = 1 / (capacities.reduce(0) { $0 + 1 / $1 } / count)
        radius = radii.reduce(0, +) / count
        dimension = dimensions.reduce(0, +) / count
    }
}
