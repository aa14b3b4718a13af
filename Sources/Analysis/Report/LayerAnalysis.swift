import Foundation
import Metrics
import SynCore

/// Runs the layer-wise analysis: every asked-for measure of every factor at every layer, the
/// participation ratio per layer, and prediction depth per item. Layers are loaded one at a
/// time, so memory holds one layer, not all of them.
public enum LayerAnalysis {
    /// Checks, before any layer is analysed, that every factor can take every asked-for
    /// measure: at least 2 classes in the probes' training split, a training split larger than
    /// k for the k-NN probe, enough classes and items per class for MFTMA.
    ///
    /// - Throws: ``AnalysisInputError`` naming the factor, what is wrong and what is allowed.
    public static func validate(factors: FactorTable, options: AnalysisOptions, split: ProbeSplit) throws {
        let probes = options.measures.contains(.linear) || options.measures.contains(.knn) || options.depthFactor != nil
        for (k, name) in factors.names.enumerated() {
            let labels = factors.labels.column(k)
            // Classification probes (linear on non-continuous factors, k-NN on every factor,
            // and prediction depth) need two classes to tell apart.
            if (probes && factors.kinds[k] != .continuous) || options.measures.contains(.knn) {
                let classes = Set(split.train.map { labels[$0] }).count
                guard classes >= 2 else {
                    throw AnalysisInputError("factor '\(name)': \(classes) class(es) in the probes' training split; a probe needs at least 2 classes")
                }
            }
            if options.measures.contains(.knn) || options.depthFactor == k {
                guard split.train.count > options.neighbours else {
                    throw AnalysisInputError("factor '\(name)': the training split has \(split.train.count) items; --neighbours \(options.neighbours) needs more than that")
                }
            }
            if options.measures.contains(.mftma) || options.measures.contains(.simulated) {
                _ = try ManifoldSample.draw(labels: labels, factor: name, maxClasses: options.manifold.maxManifolds,
                                            perClass: options.manifold.pointsPerManifold, seed: options.manifold.seed)
            }
        }
    }

    /// Analyses `layerCount` layers loaded by `load(i)` (in depth order) against `factors`.
    ///
    /// - Throws: ``AnalysisInputError`` for a layer whose row count differs from the factors'
    ///   or holding non-finite values, and the errors of ``validate(factors:options:split:)``.
    public static func run(layerCount: Int, load: (Int) throws -> LayerActivations, factors: FactorTable,
                           options: AnalysisOptions, progress: ((String) -> Void)? = nil) throws -> AnalysisReport {
        precondition(layerCount >= 1, "at least one layer")
        let n = factors.labels.rows
        let split = ProbeSplit.heldOut(count: n, testFraction: options.testFraction, seed: options.seed)
        try validate(factors: factors, options: options, split: split)
        var clock = MeasureClock()
        var names: [String] = []
        var cells = [[FactorLayerResult]](repeating: [], count: factors.names.count)
        var participation: [Double?] = []
        var depthPredictions: [[Int]] = []
        for l in 0..<layerCount {
            let layer = try load(l)
            guard layer.features.rows == n else {
                throw AnalysisInputError("layer '\(layer.name)' has \(layer.features.rows) rows but the factors (and the other layers) have \(n); every layer needs one row per item")
            }
            names.append(layer.name)
            progress?("layer \(l + 1)/\(layerCount): \(layer.name) [\(layer.features.rows) x \(layer.features.columns)]")
            let x = layer.features
            participation.append(options.measures.contains(.pr) ? clock.time("participation_ratio") { ParticipationRatio.of(x) } : nil)
            for (k, _) in factors.names.enumerated() {
                var cell = FactorLayerResult()
                let labels = factors.labels.column(k)
                if options.measures.contains(.linear) {
                    if factors.kinds[k] == .continuous {
                        let targets = factors.values?.column(k) ?? labels.map(Double.init)
                        cell.linear = clock.time("linear_probe") { LinearProbe.regress(x, targets: targets, split: split) }
                        cell.linearIsRegression = true
                    } else {
                        cell.linear = try clock.time("linear_probe") { try LinearProbe.classify(x, labels: labels, split: split) }
                    }
                }
                if options.measures.contains(.knn) {
                    cell.knn = clock.time("knn_probe") {
                        NearestNeighbourProbe.classify(x, labels: labels, split: split, k: options.neighbours, distance: options.distance)
                    }
                }
                if options.measures.contains(.mftma) || options.measures.contains(.simulated) {
                    let sample = try ManifoldSample.draw(labels: labels, factor: factors.names[k],
                                                         maxClasses: options.manifold.maxManifolds,
                                                         perClass: options.manifold.pointsPerManifold, seed: options.manifold.seed)
                    if options.measures.contains(.mftma) {
                        cell.geometry = clock.time("mftma") { ManifoldAnalysis.analyze(features: x, sample: sample, options: options.manifold) }
                    }
                    if options.measures.contains(.simulated) {
                        cell.simulated = clock.time("simulated_capacity") {
                            SimulatedCapacity.estimate(manifoldsOf(x, sample: sample, options: options.manifold), options: options.simulated)
                        }
                    }
                }
                cells[k].append(cell)
            }
            if let d = options.depthFactor {
                let labels = factors.labels.column(d)
                depthPredictions.append(clock.time("prediction_depth") {
                    PredictionDepth.predictions(layers: [x], labels: labels, split: split, k: options.neighbours,
                                                distance: options.distance)[0]
                })
            }
        }
        var depth: DepthTable?
        if let d = options.depthFactor {
            let labels = factors.labels.column(d)
            let training = Set(split.train)
            depth = DepthTable(factor: factors.names[d],
                               final: PredictionDepth.depths(predictions: depthPredictions, labels: labels, variant: .final),
                               truth: PredictionDepth.depths(predictions: depthPredictions, labels: labels, variant: .truth),
                               inTraining: (0..<n).map { training.contains($0) })
        }
        return AnalysisReport(layers: names, factors: factors.names, cells: cells, participationRatio: participation,
                              seconds: clock.totals, depth: depth)
    }

    /// The sampled class manifolds of one factor in one layer, projected when the layer is
    /// wider than the options' feature limit.
    static func manifoldsOf(_ x: Matrix, sample: ManifoldSample, options: ManifoldAnalysis.Options) -> [Matrix] {
        var points = x.rows(at: sample.members.flatMap { $0 })
        if points.columns > options.maxFeatures {
            points = RandomProjection.apply(points, width: options.maxFeatures, seed: options.seed)
        }
        var out: [Matrix] = []
        var start = 0
        for member in sample.members {
            out.append(points.rows(start..<(start + member.count)))
            start += member.count
        }
        return out
    }
}

/// Wall-clock seconds per measure, in first-use order.
struct MeasureClock {
    private(set) var totals: [(measure: String, seconds: Double)] = []

    mutating func time<T>(_ measure: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if let i = totals.firstIndex(where: { $0.measure == measure }) {
            totals[i].seconds += elapsed
        } else {
            totals.append((measure, elapsed))
        }
        return value
    }
}
