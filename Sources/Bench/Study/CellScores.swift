import Foundation
import SynCore

/// One probe's result in a cell: a factor, the probe and its score beside chance.
public struct ProbeRecord: Sendable, Equatable {
    /// The factor's name.
    public var factor: String
    /// `linear` (logistic regression, or ridge for continuous factors) or `knn` (5-NN).
    public var probe: String
    /// `accuracy` or `r2`.
    public var measure: String
    /// The score on the held-out split.
    public var value: Double
    /// Chance level (majority class of the held-out split; 0 for R^2).
    public var chance: Double
}

/// What a finished cell measured (`scores.json`): the metrics of the study, the probes per
/// factor, the training figures, and the normalised mutual information of latents and factors.
public struct CellScores: Sendable {
    /// The cell: dataset, method, setting, seed.
    public var dataset: String, method: String, setting: String, seed: Int
    /// Headline metric scores (`mig`, `dci.disentanglement`, ...); nil when undefined or skipped.
    public var metrics: [(name: String, value: Double?)]
    /// Why a metric was skipped, by metric name.
    public var skipped: [(metric: String, reason: String)]
    /// Probe results.
    public var probes: [ProbeRecord]
    /// Training figures: mean loss terms over the last epoch (`loss`, `reconstruction`, `kl`,
    /// `tc` where defined; `invariance`, `redundancy` for Barlow Twins), `steps`, and the wall
    /// time (`train_seconds`) and speed (`samples_per_second`) of the training invocation that
    /// finished the run.
    public var training: [(name: String, value: Double)]
    /// I(z_l; v_k) / H(v_k): rows latents, columns ``miFactors``.
    public var mutualInformation: [[Double]]
    /// The factors of ``mutualInformation``'s columns.
    public var miFactors: [String]

    /// Training figures that depend on the machine, not on the run's arithmetic: left out when
    /// two runs' results are compared.
    public static let timingNames: Set<String> = ["train_seconds", "samples_per_second"]

    /// The record as JSON.
    public var json: JSONValue {
        .object([
            ("dataset", .string(dataset)), ("method", .string(method)), ("setting", .string(setting)), ("seed", .integer(seed)),
            ("metrics", .object(metrics.map { ($0.name, .optionalNumber($0.value)) })),
            ("skipped", .object(skipped.map { ($0.metric, .string($0.reason)) })),
            ("probes", .array(probes.map {
                .object([("factor", .string($0.factor)), ("probe", .string($0.probe)), ("measure", .string($0.measure)),
                         ("value", .number($0.value)), ("chance", .number($0.chance))])
            })),
            ("training", .object(training.map { ($0.name, .optionalNumber($0.value)) })),
            ("mutual_information", .object([("factors", .array(miFactors.map { .string($0) })),
                                            ("normalized", .matrix(mutualInformation))])),
        ])
    }

    /// Reads a record written by ``json``.
    ///
    /// - Throws: ``InputError`` naming `source` when a field is missing or of another type.
    public init(json: JSONValue, source: String) throws {
        func bad(_ field: String) -> InputError { InputError("\(source): scores field '\(field)' is missing or malformed") }
        guard let dataset = json["dataset"]?.stringValue else { throw bad("dataset") }
        guard let method = json["method"]?.stringValue else { throw bad("method") }
        guard let setting = json["setting"]?.stringValue else { throw bad("setting") }
        guard let seed = json["seed"]?.integerValue else { throw bad("seed") }
        guard case let .object(metricPairs)? = json["metrics"] else { throw bad("metrics") }
        guard case let .object(skippedPairs)? = json["skipped"] else { throw bad("skipped") }
        guard case let .array(probeItems)? = json["probes"] else { throw bad("probes") }
        guard case let .object(trainingPairs)? = json["training"] else { throw bad("training") }
        guard let mi = json["mutual_information"], case let .array(factorItems)? = mi["factors"],
              case let .array(rows)? = mi["normalized"] else { throw bad("mutual_information") }
        self.dataset = dataset
        self.method = method
        self.setting = setting
        self.seed = seed
        metrics = metricPairs.map { ($0.0, $0.1.doubleValue) }
        skipped = try skippedPairs.map { pair in
            guard let reason = pair.1.stringValue else { throw bad("skipped.\(pair.0)") }
            return (pair.0, reason)
        }
        probes = try probeItems.map { item in
            guard let factor = item["factor"]?.stringValue, let probe = item["probe"]?.stringValue, ["linear", "knn"].contains(probe),
                  let measure = item["measure"]?.stringValue, ["accuracy", "r2"].contains(measure),
                  let value = item["value"]?.doubleValue, let chance = item["chance"]?.doubleValue else { throw bad("probes") }
            return ProbeRecord(factor: factor, probe: probe, measure: measure, value: value, chance: chance)
        }
        training = trainingPairs.map { ($0.0, $0.1.doubleValue ?? .nan) }
        miFactors = try factorItems.map { item in
            guard let name = item.stringValue else { throw bad("mutual_information.factors") }
            return name
        }
        mutualInformation = try rows.map { row in
            guard case let .array(values) = row else { throw bad("mutual_information.normalized") }
            return values.map { $0.doubleValue ?? .nan }
        }
    }

    /// Makes a record.
    public init(dataset: String, method: String, setting: String, seed: Int, metrics: [(name: String, value: Double?)],
                skipped: [(metric: String, reason: String)], probes: [ProbeRecord], training: [(name: String, value: Double)],
                mutualInformation: [[Double]], miFactors: [String]) {
        self.dataset = dataset
        self.method = method
        self.setting = setting
        self.seed = seed
        self.metrics = metrics
        self.skipped = skipped
        self.probes = probes
        self.training = training
        self.mutualInformation = mutualInformation
        self.miFactors = miFactors
    }
}
