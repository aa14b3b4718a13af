import SynCore

/// A generator of dataset items whose factors are known exactly (SynTone, SynSpeech, ...).
///
/// SynData drives it: it maps item indices to factor values (``ItemSampler``), asks the
/// generator to ``prepare(values:rng:)`` each item once per pass, and uses that prepared
/// ``Item`` for the item's length, its problems, its peak and its rendering. The generator
/// sees factor values in the dataset's column order (`factors` of its ``DatasetConfig``);
/// constants are its own business.
///
/// Besides the samples, rendering may yield one file per declared ``sideFiles`` kind and one
/// value per declared ``extraColumns`` entry; both are declared before anything is rendered, so
/// metadata.csv's header and the set of files are fixed by the config.
///
/// Implementations must be thread-safe: `prepare` and `render` are called from many threads
/// at once, each with its own stream and output.
public protocol DatasetGenerator: Sendable {
    /// Everything about one item that is decided before rendering (for speech: the phones
    /// and timed frames of its text), computed once per item and pass.
    associatedtype Item: Sendable

    /// Name recorded in dataset.json (`syntone`).
    var generatorName: String { get }
    /// Version recorded in dataset.json; bumped whenever any output byte of an existing
    /// config changes (specs/reproducibility.md).
    var generatorVersion: String { get }
    /// The validated config the generator was made from.
    var config: DatasetConfig { get }
    /// The generator's own resolved keys (e.g. `oscillator`), added to the resolved config.
    var resolvedExtras: [(String, JSONValue)] { get }
    /// The duration in seconds shared by every item, or nil when it varies.
    var fixedDuration: Double? { get }
    /// Metadata columns every item fills, after the factor columns of metadata.csv.
    var extraColumns: [ExtraColumn] { get }
    /// Files every item has beside its audio (e.g. a TextGrid), in this order.
    var sideFiles: [SideFileKind] { get }
    /// Where the dataset-wide gain comes from: a closed-form bound or rendered peaks.
    /// Every shard and resume surveys the whole dataset, so a rendered gain over all items
    /// renders the dataset once more in every shard: large datasets want a calibration set.
    var gainSource: GainSource { get }

    /// Prepares the item with these factor values (column order). Randomness the item needs
    /// before rendering is drawn from `rng` (the item's stream after the factor draws); the
    /// same stream then goes on to ``render(_:gain:rng:into:)``.
    func prepare(values: [Double], rng: inout Xoshiro256StarStar) -> Item
    /// Number of samples the item renders to.
    func sampleCount(of item: Item) -> Int
    /// What stops the item from being rendered; empty when it can be.
    func problems(of item: Item) -> [ItemProblem]
    /// Upper bound on max |sample| of the item at gain 1. Used when ``gainSource`` is
    /// ``GainSource/peakBound``; otherwise never called.
    func peakBound(of item: Item) -> Double
    /// Renders the item multiplied by `gain` into `output` (samples, side files, columns),
    /// drawing any randomness from `rng`.
    func render(_ item: Item, gain: Double, rng: inout Xoshiro256StarStar, into output: inout RenderedItem)
    /// Column indices of the factors the identifiability report covers (e.g. waveform).
    var identifiabilityChecked: [Int] { get }
    /// Column indices (among ``identifiabilityChecked``) of the factors whose value cannot be
    /// recovered from this item's audio; empty when all can.
    func unidentifiableFactors(of item: Item) -> [Int]
}

extension DatasetGenerator {
    /// No extra metadata columns.
    public var extraColumns: [ExtraColumn] { [] }
    /// No side files.
    public var sideFiles: [SideFileKind] { [] }
    /// A closed-form peak bound.
    public var gainSource: GainSource { .peakBound }
    /// No identifiability report.
    public var identifiabilityChecked: [Int] { [] }
    /// Every checked factor is identifiable.
    public func unidentifiableFactors(of item: Item) -> [Int] { [] }
    /// Not used when the gain comes from rendering.
    public func peakBound(of item: Item) -> Double { .nan }

    /// The sampler of the config's factors.
    public var sampler: ItemSampler {
        // DatasetConfig.decode has rejected every config this could fail for.
        ItemSampler(factors: config.factors, sampling: config.sampling, seed: config.seed)!
    }

    /// Ground-truth oracle: the rendered item (samples, side files, columns) with these factor
    /// indices, at `gain`, drawing randomness from the stream of the grid item it
    /// corresponds to (or of `item` when given), independent of any stored dataset. nil when
    /// an index is out of range, a factor is a random range, or the item has a problem.
    public func renderItem(factorIndices: [Int], gain: Double = 1, item: Int? = nil) -> RenderedItem? {
        let factors = config.factors
        guard factorIndices.count == factors.count else { return nil }
        var values = [Double](repeating: 0, count: factors.count)
        for k in factors.indices {
            guard case let .discrete(v, _) = factors[k].domain, factorIndices[k] >= 0,
                  factorIndices[k] < v.count else { return nil }
            values[k] = v[factorIndices[k]]
        }
        var rng = sampler.stream(of: item ?? sampler.gridItem(indices: factorIndices) ?? 0)
        if case .random = config.sampling {
            // Random designs draw the factors first; skip those draws so the stream is the
            // one the stored item would continue with.
            var indices = [Int32](repeating: 0, count: factors.count)
            var drawn = values
            rng = sampler.item(item ?? 0, indices: &indices, values: &drawn)
        }
        let prepared = prepare(values: values, rng: &rng)
        guard problems(of: prepared).isEmpty else { return nil }
        var output = RenderedItem(generator: self)
        output.reserve(samples: sampleCount(of: prepared))
        render(prepared, gain: gain, rng: &rng, into: &output)
        return output
    }

    /// The audio of the item with these factor indices (see ``renderItem(factorIndices:gain:item:)``).
    public func render(factorIndices: [Int], gain: Double = 1, item: Int? = nil) -> [Float]? {
        renderItem(factorIndices: factorIndices, gain: gain, item: item).map { Array($0.samples.prefix($0.count)) }
    }
}

/// Something that stops one item from being rendered, and the factors responsible.
public struct ItemProblem: Sendable, Equatable, CustomStringConvertible {
    /// Names of the factors or constants involved, most responsible first (`frequency`); the
    /// error points at the first one the config lists with more than one value, else at the
    /// first one it names at all. Empty when no factor in particular is at fault.
    public var factors: [String]
    /// What is wrong and what is allowed, e.g. "frequency 8000 Hz is at or above the
    /// Nyquist frequency 8000 Hz".
    public var message: String

    /// A problem caused by `factors` (most responsible first).
    public init(_ message: String, factors: [String]) {
        self.message = message
        self.factors = factors
    }

    public var description: String { message }
}

/// A metadata.csv column a generator fills per item (after the factor columns).
public struct ExtraColumn: Sendable, Equatable {
    /// What the column holds.
    public enum Kind: String, Sendable, CaseIterable {
        /// Free text (quoted in the CSV when needed).
        case text
        /// A number, written as the shortest decimal that reads back as the same Double.
        case number
        /// An integer.
        case integer
    }

    /// Column name (`phones`); must not clash with factor columns or `file_name`/`row`.
    public var name: String
    /// Its kind.
    public var kind: Kind
    /// Unit (`Hz`), empty when none.
    public var unit: String

    /// A column declaration.
    public init(name: String, kind: Kind, unit: String = "") {
        self.name = name
        self.kind = kind
        self.unit = unit
    }
}

/// One value of an ``ExtraColumn``.
public enum ColumnValue: Sendable, Equatable {
    /// A text value.
    case text(String)
    /// A number (NaN and infinities are written as `nan`, `inf`, `-inf`).
    case number(Double)
    /// An integer.
    case integer(Int)
    /// No value for this item (an empty field).
    case missing

    /// The cell as metadata.csv shows it (before CSV quoting): numbers as the shortest decimal
    /// that reads back as the same Double, `nan`/`inf`/`-inf`, an empty cell when missing.
    public var text: String {
        switch self {
        case let .text(s): return s
        case let .number(x): return x.isNaN ? "nan" : x.isInfinite ? (x > 0 ? "inf" : "-inf") : JSONValue.number(x).serialized()
        case let .integer(i): return String(i)
        case .missing: return ""
        }
    }
}

/// A kind of file every item has beside its audio: `<folder>/NNN/NNNNNN.<fileExtension>`.
public struct SideFileKind: Sendable, Equatable {
    /// Top-level folder of these files (`textgrid`); must not be `audio`.
    public var folder: String
    /// File extension without the dot (`TextGrid`).
    public var fileExtension: String

    /// A side-file kind.
    public init(folder: String, fileExtension: String) {
        self.folder = folder
        self.fileExtension = fileExtension
    }

    /// True for a name usable as one path component: letters, digits, `_`, `-`, not empty.
    public static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }
}

/// Where the dataset-wide gain (`headroom: auto`) comes from.
public enum GainSource: Sendable, Equatable {
    /// ``DatasetGenerator/peakBound(of:)`` of every item: nothing is rendered before writing.
    case peakBound
    /// The peaks of rendered items: every item when `calibrationItems` is nil, otherwise that
    /// many items spread evenly over the dataset (item `floor(j * N / calibrationItems)`), with
    /// the auto gain lowered by `margin` (a fraction, 0.1 = 10 % below the target peak) to
    /// leave room for items outside the set. Either way the gain is a pure function of the
    /// config, the same in every shard and every resume.
    case rendered(calibrationItems: Int?, margin: Double)
}

/// The output of rendering one item; workers reuse one per thread, so no buffer is
/// allocated per item once the longest item has been seen.
public struct RenderedItem: Sendable {
    /// Sample storage; the item is `samples[0..<count]`.
    public var samples: [Float]
    /// Number of valid samples.
    public var count: Int
    /// One file's bytes per declared ``SideFileKind``, in declaration order.
    public var sideFiles: [[UInt8]]
    /// One value per declared ``ExtraColumn``, in declaration order.
    public var columns: [ColumnValue]

    /// An empty output shaped for `generator`'s side files and columns.
    public init<G: DatasetGenerator>(generator: G) {
        samples = []
        count = 0
        sideFiles = [[UInt8]](repeating: [], count: generator.sideFiles.count)
        columns = [ColumnValue](repeating: .missing, count: generator.extraColumns.count)
    }

    /// Makes room for `n` samples and sets ``count`` to `n`, keeping the storage when it is
    /// large enough (its contents are to be overwritten).
    public mutating func reserve(samples n: Int) {
        if samples.count < n { samples = [Float](repeating: 0, count: n) }
        count = n
    }

    /// The largest |sample| of the item; NaN when a sample is not finite.
    public var peak: Float {
        var m: Float = 0
        for i in 0..<count {
            let x = abs(samples[i])
            guard x.isFinite else { return .nan }
            m = max(m, x)
        }
        return m
    }

    /// Forgets the side files and column values of the previous item (a generator that
    /// leaves a column unset gets `.missing`, never another item's value).
    mutating func clearExtras() {
        for k in sideFiles.indices { sideFiles[k].removeAll(keepingCapacity: true) }
        for k in columns.indices { columns[k] = .missing }
    }
}

/// A generator broke its own contract (a declaration it cannot keep, a length that changed
/// between survey and rendering, a non-finite sample): a bug to report, not the user's input,
/// so the CLI exits with 1.
public struct GeneratorError: Error, CustomStringConvertible {
    /// What went wrong, naming the generator and the item.
    public var message: String
    /// Makes an error with a complete one-line message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
