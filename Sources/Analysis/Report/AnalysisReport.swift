import Foundation
import SynCore

/// The results of one factor at one layer; a measure that was not asked for is nil.
public struct FactorLayerResult: Sendable {
    /// Linear probe: accuracy (categorical/ordinal) or R^2 (continuous).
    public var linear: ProbeScore?
    /// Whether ``linear`` is an R^2 rather than an accuracy.
    public var linearIsRegression = false
    /// k-NN probe accuracy.
    public var knn: ProbeScore?
    /// MFTMA geometry.
    public var geometry: ManifoldGeometry?
    /// Simulated capacity.
    public var simulated: SimulatedCapacity.Estimate?

    /// An empty result, filled measure by measure.
    public init() {}
}

/// Prediction depth of every item for one factor.
public struct DepthTable: Sendable {
    /// The factor whose classes are predicted.
    public var factor: String
    /// Depth per item, variant `final` (0-based layer index).
    public var final: [Int]
    /// Depth per item, variant `truth` (``PredictionDepth/never`` when the last layer is wrong).
    public var truth: [Int]
    /// Whether the item was in the probes' training split (its support) or held out.
    public var inTraining: [Bool]

    /// One CSV line per item: `item,split,depth_final,depth_truth`, then every factor's class
    /// index (`<name>_idx`) and, when known, value (`<name>`). `items` gives the dataset index
    /// of each row when a subset was analysed (default: the row number).
    public func csv(factors: FactorTable, items: [Int]? = nil) -> String {
        var header = ["item", "split", "depth_final", "depth_truth"]
        for name in factors.names {
            header.append("\(name)_idx")
            if factors.values != nil { header.append(name) }
        }
        var lines = [header.map(DepthTable.quoted).joined(separator: ",")]
        lines.reserveCapacity(final.count + 1)
        for i in 0..<final.count {
            var fields = ["\(items?[i] ?? i)", inTraining[i] ? "train" : "test", "\(final[i])", "\(truth[i])"]
            for k in 0..<factors.names.count {
                fields.append("\(factors.labels[i, k])")
                if let values = factors.values { fields.append("\(values[i, k])") }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Everything `synbench analyze` measured: per factor and layer, per layer, per item.
public struct AnalysisReport: Sendable {
    /// Layer names in depth order.
    public var layers: [String]
    /// Factor names, in column order.
    public var factors: [String]
    /// Results `[factor][layer]`.
    public var cells: [[FactorLayerResult]]
    /// Participation ratio per layer (nil when not asked for).
    public var participationRatio: [Double?]
    /// Wall-clock seconds spent in each measure, summed over layers and factors.
    public var seconds: [(measure: String, seconds: Double)]
    /// Prediction depth, when asked for.
    public var depth: DepthTable?

    /// The report as one JSON object: inputs, per-factor curves over layers, and timings.
    public func json(inputs: [(String, JSONValue)] = []) -> JSONValue {
        var factorObjects: [(String, JSONValue)] = []
        for (f, name) in factors.enumerated() {
            var rows: [JSONValue] = []
            for (l, layer) in layers.enumerated() {
                let cell = cells[f][l]
                var entry: [(String, JSONValue)] = [("layer", .string(layer))]
                if let linear = cell.linear {
                    entry.append(("linear_probe", .object([
                        ("metric", .string(cell.linearIsRegression ? "r2" : "accuracy")),
                        ("value", .optionalNumber(linear.value)), ("chance", .optionalNumber(linear.chance))])))
                }
                if let knn = cell.knn {
                    entry.append(("knn_probe", .object([("value", .optionalNumber(knn.value)), ("chance", .optionalNumber(knn.chance))])))
                }
                if let g = cell.geometry {
                    entry.append(("mftma", .object([
                        ("capacity", .optionalNumber(g.capacity)), ("radius", .optionalNumber(g.radius)),
                        ("dimension", .optionalNumber(g.dimension)), ("centre_correlation", .optionalNumber(g.centreCorrelation)),
                        ("removed_centre_rank", .integer(g.removedCentreRank)), ("manifolds", .integer(g.capacities.count))])))
                }
                if let s = cell.simulated {
                    entry.append(("simulated", .object([
                        ("capacity", .optionalNumber(s.capacity)), ("critical_dimension", .optionalNumber(s.criticalDimension))])))
                }
                rows.append(.object(entry))
            }
            factorObjects.append((name, .array(rows)))
        }
        var object: [(String, JSONValue)] = inputs
        object.append(("layers", .array(layers.map { .string($0) })))
        object.append(("factors", .object(factorObjects)))
        if participationRatio.contains(where: { $0 != nil }) {
            object.append(("participation_ratio", .array(participationRatio.map { .optionalNumber($0) })))
        }
        if let depth {
            let counts = layers.indices.map { l in depth.final.filter { $0 == l }.count }
            object.append(("prediction_depth", .object([
                ("factor", .string(depth.factor)),
                ("final_histogram", .array(counts.map { .integer($0) })),
                ("truth_never", .integer(depth.truth.filter { $0 == PredictionDepth.never }.count))])))
        }
        object.append(("seconds", .object(seconds.map { ($0.measure, .number($0.seconds)) })))
        return .object(object)
    }

    /// A plain-text table: one block per factor, one row per layer.
    public func table() -> String {
        var out = ""
        for (f, name) in factors.enumerated() {
            out += "factor \(name)\n"
            var header = ["layer"]
            let any = cells[f].first ?? FactorLayerResult()
            if any.linear != nil { header += [any.linearIsRegression ? "linear_r2" : "linear", "chance"] }
            if any.knn != nil { header.append("knn") }
            if any.geometry != nil { header += ["capacity", "radius", "dimension", "rho_c"] }
            if any.simulated != nil { header.append("sim_capacity") }
            if participationRatio.contains(where: { $0 != nil }) { header.append("PR") }
            var rows = [header]
            for (l, layer) in layers.enumerated() {
                let cell = cells[f][l]
                var row = [layer]
                if let linear = cell.linear { row += [Self.format(linear.value), Self.format(linear.chance)] }
                if let knn = cell.knn { row.append(Self.format(knn.value)) }
                if let g = cell.geometry {
                    row += [Self.format(g.capacity), Self.format(g.radius), Self.format(g.dimension), Self.format(g.centreCorrelation)]
                }
                if let s = cell.simulated { row.append(s.capacity.map(Self.format) ?? "n/a") }
                if let pr = participationRatio[l] { row.append(Self.format(pr)) }
                rows.append(row)
            }
            let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                out += row.enumerated().map { c, text in
                    c == 0 ? text.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[c] - text.count) + text
                }.joined(separator: "  ") + "\n"
            }
            out += "\n"
        }
        if let depth {
            out += "prediction depth (\(depth.factor), variant final): items per layer "
            out += layers.indices.map { l in "\(layers[l])=\(depth.final.filter { $0 == l }.count)" }.joined(separator: " ") + "\n"
        }
        out += "seconds: " + seconds.map { "\($0.measure) \(Self.format($0.seconds))" }.joined(separator: ", ") + "\n"
        return out
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 1 : (magnitude >= 1 ? 3 : 4)
        return String(format: "%.\(digits)f", value)
    }
}
