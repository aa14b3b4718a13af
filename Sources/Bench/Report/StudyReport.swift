/// Everything the HTML report of a bench study shows (``ReportPage/render(_:)``), gathered by
/// the runner from its cells. Plain values: the report draws what it is given and computes
/// nothing but layout, colours and the best value per table column.
public struct StudyReport: Sendable {
    /// The report's heading.
    public var title: String
    /// The bench config as written (YAML), shown verbatim.
    public var configText: String
    /// What wrote the report, e.g. "synbench 0.4".
    public var generatedBy: String
    /// The datasets, in study order.
    public var datasets: [DatasetCard]
    /// The methods, in study order; method i gets colour ``Palette/method(_:)`` i everywhere.
    public var methods: [String]
    /// The training seeds.
    public var seeds: [Int]
    /// Scores over seeds (whole-representation and per factor).
    public var summary: [SummaryRow]
    /// Mutual-information matrices (one seed per dataset and method is shown).
    public var miMatrices: [MIMatrix]
    /// Training curves (one seed per dataset and method is shown).
    public var curves: [TrainingCurve]
    /// Probe scores per factor.
    public var probes: [ProbeRow]
    /// Latent traversals (one per dataset and method is shown).
    public var traversals: [Traversal]

    /// Makes a report.
    public init(title: String, configText: String, generatedBy: String, datasets: [DatasetCard], methods: [String],
                seeds: [Int], summary: [SummaryRow] = [], miMatrices: [MIMatrix] = [], curves: [TrainingCurve] = [],
                probes: [ProbeRow] = [], traversals: [Traversal] = []) {
        self.title = title
        self.configText = configText
        self.generatedBy = generatedBy
        self.datasets = datasets
        self.methods = methods
        self.seeds = seeds
        self.summary = summary
        self.miMatrices = miMatrices
        self.curves = curves
        self.probes = probes
        self.traversals = traversals
    }
}

/// A dataset's card: its size, its factors and the identifiability report.
public struct DatasetCard: Sendable {
    /// The dataset's name (the key the other rows use).
    public var name: String
    /// Number of items.
    public var itemCount: Int
    /// The factors in column order.
    public var factors: [FactorCard]
    /// The identifiability report (plain text, shown preformatted).
    public var identifiability: String

    /// Makes a card.
    public init(name: String, itemCount: Int, factors: [FactorCard], identifiability: String) {
        self.name = name
        self.itemCount = itemCount
        self.factors = factors
        self.identifiability = identifiability
    }
}

/// One factor of a dataset card.
public struct FactorCard: Sendable {
    /// The factor's name.
    public var name: String
    /// categorical, ordinal or continuous.
    public var kind: String
    /// Number of distinct values.
    public var valueCount: Int

    /// Makes a factor card.
    public init(name: String, kind: String, valueCount: Int) {
        self.name = name
        self.kind = kind
        self.valueCount = valueCount
    }
}

/// One score over training seeds: a metric of a method on a dataset (of one factor when
/// `factor` is set).
public struct SummaryRow: Sendable {
    /// Dataset name.
    public var dataset: String
    /// Method name.
    public var method: String
    /// Metric name (e.g. "MIG", "DCI disentanglement").
    public var metric: String
    /// The factor of a per-factor score; nil for a whole-representation score.
    public var factor: String?
    /// Mean over seeds.
    public var mean: Double
    /// Standard deviation over seeds (population or sample: the runner's choice, stated in
    /// summary.md).
    public var std: Double
    /// Number of seeds behind the mean.
    public var count: Int
    /// Whether larger is better (the best value of a table column is the largest, else the
    /// smallest, e.g. for a reconstruction loss).
    public var higherIsBetter: Bool

    /// Makes a row.
    public init(dataset: String, method: String, metric: String, factor: String? = nil, mean: Double, std: Double,
                count: Int, higherIsBetter: Bool = true) {
        self.dataset = dataset
        self.method = method
        self.metric = metric
        self.factor = factor
        self.mean = mean
        self.std = std
        self.count = count
        self.higherIsBetter = higherIsBetter
    }
}

/// The mutual information between each latent and each factor, for one trained model.
public struct MIMatrix: Sendable {
    /// Dataset name.
    public var dataset: String
    /// Method name.
    public var method: String
    /// The training seed.
    public var seed: Int
    /// Number of latents (rows).
    public var latentCount: Int
    /// Factor names (columns).
    public var factorNames: [String]
    /// values[latent][factor], in nats (or normalised: say so in `unit`).
    public var values: [[Double]]
    /// The colour bar's title.
    public var unit: String

    /// Makes a matrix.
    public init(dataset: String, method: String, seed: Int, latentCount: Int, factorNames: [String], values: [[Double]],
                unit: String = "MI (nats)") {
        self.dataset = dataset
        self.method = method
        self.seed = seed
        self.latentCount = latentCount
        self.factorNames = factorNames
        self.values = values
        self.unit = unit
    }
}

/// A named series of a training curve (a loss term).
public struct CurveSeries: Sendable {
    /// The term's name (e.g. "reconstruction", "KL").
    public var name: String
    /// One value per step of the curve.
    public var values: [Double]

    /// Makes a series.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// Loss terms against training steps, for one trained model.
public struct TrainingCurve: Sendable {
    /// Dataset name.
    public var dataset: String
    /// Method name.
    public var method: String
    /// The training seed.
    public var seed: Int
    /// The logged steps.
    public var steps: [Int]
    /// The loss terms in display order, each with one value per step.
    public var series: [CurveSeries]

    /// Makes a curve.
    public init(dataset: String, method: String, seed: Int, steps: [Int], series: [CurveSeries]) {
        self.dataset = dataset
        self.method = method
        self.seed = seed
        self.steps = steps
        self.series = series
    }
}

/// A probe's score for one factor over training seeds, with the chance level.
public struct ProbeRow: Sendable {
    /// Dataset name.
    public var dataset: String
    /// Method name.
    public var method: String
    /// The probed factor.
    public var factor: String
    /// "linear" or "knn".
    public var kind: String
    /// Mean accuracy (or R^2) over seeds.
    public var mean: Double
    /// Standard deviation over seeds.
    public var std: Double
    /// The chance level (majority-class accuracy, or 0 for R^2).
    public var chance: Double

    /// Makes a row.
    public init(dataset: String, method: String, factor: String, kind: String, mean: Double, std: Double, chance: Double) {
        self.dataset = dataset
        self.method = method
        self.factor = factor
        self.kind = kind
        self.mean = mean
        self.std = std
        self.chance = chance
    }
}

/// Decoded log-mel spectrograms varying one latent at a time around a fixed item, and their
/// audio.
public struct Traversal: Sendable {
    /// Dataset name.
    public var dataset: String
    /// Method name.
    public var method: String
    /// The training seed.
    public var seed: Int
    /// The latent values visited, e.g. -3, -2, ..., 3.
    public var values: [Double]
    /// Height H (mel bands) of every spectrogram.
    public var height: Int
    /// Width W (frames) of every spectrogram.
    public var width: Int
    /// spectrograms[latent][value]: H x W row-major (band-major, band 0 the lowest frequency),
    /// as decoded (normalised features are fine: the images are coloured per traversal).
    public var spectrograms: [[[Float]]]
    /// One clip per latent (``TraversalAudio`` makes them from `spectrograms`); empty: no
    /// players.
    public var audio: [[Float]]
    /// The clips' sample rate, in Hz.
    public var sampleRate: Int
    /// What the traversal starts from, shown beside the method (e.g. "item 412: sawtooth,
    /// 440 Hz, 0.5"); empty: nothing shown.
    public var caption: String

    /// Makes a traversal.
    public init(dataset: String, method: String, seed: Int, values: [Double], height: Int, width: Int,
                spectrograms: [[[Float]]], audio: [[Float]] = [], sampleRate: Int, caption: String = "") {
        self.dataset = dataset
        self.method = method
        self.seed = seed
        self.values = values
        self.height = height
        self.width = width
        self.spectrograms = spectrograms
        self.audio = audio
        self.sampleRate = sampleRate
        self.caption = caption
    }
}
