import DSP
import Foundation
import SynCore
import SynData

/// The dataset-wide normalisation of log-mel features (never per item or per frame: a
/// per-frame scaling erases amplitude factors). Fitted once over every non-padded value of
/// every item, after fitting to the preset's width, and recorded in the sidecar JSON.
public enum FeatureNormalization: String, Sendable, CaseIterable {
    /// (x - min) / (max - min): values in [0, 1] (0 everywhere when max = min).
    case minmax
    /// (x - mean) / std, with the population standard deviation (x - mean when std = 0).
    case standard
    /// The log-mel values themselves.
    case none
}

/// How an item whose frame count differs from the preset's width W is fitted to it.
public enum FeatureFit: String, Sendable, CaseIterable {
    /// Centre crop (floor((F - W) / 2) frames dropped at the start), or centre pad
    /// (floor((W - F) / 2) frames before, the rest after) with the dataset's floor value.
    case center
    /// Keep the first W frames, or pad after the end with the dataset's floor value.
    case start
}

/// What ``DatasetFeatures/extract(folder:to:options:)`` computes.
public struct FeatureOptions: Sendable {
    /// STFT, mel and output size.
    public var preset: FeaturePreset
    /// Log compression (default: librosa's power_to_db with ref 1, amin 1e-10, no top_db).
    public var compression: LogCompression
    /// Dataset-wide normalisation (default minmax).
    public var normalization: FeatureNormalization
    /// Fitting of items of another frame count (default center).
    public var fit: FeatureFit
    /// Worker threads.
    public var jobs: Int
    /// No progress output.
    public var quiet: Bool
    /// Statistics fitted elsewhere (a checkpoint's training features): when set, the padding
    /// value and the normalisation come from them instead of from this dataset.
    public var fixedStatistics: FeatureStatistics?

    /// Makes the options.
    public init(preset: FeaturePreset, compression: LogCompression = .librosaDecibels,
                normalization: FeatureNormalization = .minmax, fit: FeatureFit = .center,
                jobs: Int = defaultJobCount, quiet: Bool = true) {
        self.preset = preset
        self.compression = compression
        self.normalization = normalization
        self.fit = fit
        self.jobs = jobs
        self.quiet = quiet
    }
}

/// What was written: the shape and the fitted constants (also in the sidecar JSON).
public struct FeatureSummary: Sendable {
    /// [N, 1, H, W].
    public var shape: [Int]
    /// Smallest log-mel value over the dataset (the padding value before normalisation).
    public var floor: Double
    /// Largest log-mel value over the dataset.
    public var ceiling: Double
    /// Mean of the non-padded log-mel values.
    public var mean: Double
    /// Population standard deviation of the non-padded log-mel values.
    public var standardDeviation: Double
    /// Frames each item had before fitting.
    public var frames: [Int]
    /// Padded frames per item (0 when the item filled or exceeded W).
    public var paddedFrames: [Int]
    /// Frames cropped away per item.
    public var croppedFrames: [Int]
    /// The sidecar JSON's path.
    public var sidecar: String

    /// The statistics the features were normalised with.
    public var statistics: FeatureStatistics {
        FeatureStatistics(floor: floor, ceiling: ceiling, mean: mean, standardDeviation: standardDeviation)
    }
}

/// Log-mel features of a whole dataset (`synbench features`): reads every item (layout
/// files: the audio files via libsndfile; layout npy: rows of waveforms.npy, ragged via
/// offsets.npy), computes its log-mel with ``MelSpectrogram``, fits it to the preset's
/// H x W, normalises dataset-wide, and writes float32 [N, 1, H, W] in item order to a `.npy`
/// plus a sidecar `.json` (same name) recording the preset, the log, the normalisation
/// constants and each item's frame, padding and crop counts.
///
/// Two passes with flat memory: pass 1 computes and writes the fitted log-mel of each item
/// to a temporary file beside the output and keeps per-item statistics; the statistics are
/// combined in item order (so the result is byte-identical for any `jobs`); pass 2 fills
/// padding with the dataset's floor, normalises in place, and the file is renamed to its
/// final name only when complete.
public enum DatasetFeatures {
    /// Sidecar path of an output `X.npy`: `X.json`.
    public static func sidecarPath(for output: String) -> String {
        String(output.dropLast(4)) + ".json"
    }

    /// Checks the output path before any work: it ends in `.npy` and its folder exists.
    public static func checkOutput(_ output: String) throws {
        guard output.hasSuffix(".npy"), output.count > 4, !output.hasSuffix("/.npy") else {
            throw InputError("--out: \(output): must be a file name ending in .npy")
        }
        let folder = output.lastIndex(of: "/").map { String(output[..<$0]) } ?? "."
        guard FileOps.exists(folder.isEmpty ? "/" : folder).isDirectory else {
            throw InputError("--out: \(output): folder \(folder) does not exist")
        }
        if FileOps.exists(output).isDirectory { throw InputError("--out: \(output): is a folder") }
    }

    /// Extracts the features of the dataset in `folder` into `output` (see the type).
    /// With `handleSignals`, SIGINT and SIGTERM stop the work between items (the CLI sets it).
    /// Throws ``InputError`` for a missing or damaged dataset or a bad output path (nothing is
    /// written then), ``InterruptedError`` when stopped by a signal (the temporary file is
    /// removed).
    @discardableResult
    public static func extract(folder: String, to output: String, options: FeatureOptions,
                               handleSignals: Bool = false) throws -> FeatureSummary {
        try checkOutput(output)
        let plan = try DatasetVerifier.readPlan(folder: folder)
        let resolved = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        let own = plan.leadingFiles + ["factors.npy", "factor_values.npy", "dataset.json", "metadata.csv", "SHA256SUMS"]
        for name in own where resolved(folder + "/" + name) == resolved(output)
            || resolved(folder + "/" + name) == resolved(sidecarPath(for: output)) {
            throw InputError("--out: \(output): would replace the dataset's own \(name)")
        }
        let source = try ItemSource(plan: plan, folder: folder)
        let parameters = options.preset.melParameters(sampleRate: Double(plan.sampleRate))
        do { _ = try MelSpectrogram(parameters) } catch {
            throw InputError("\(folder): preset \(options.preset.name) does not fit its \(plan.sampleRate) Hz audio: \(error.message)")
        }
        let n = plan.itemCount
        let h = options.preset.melCount, w = options.preset.frameCount
        let header = NpyHeader(dtype: .float32, shape: [n, 1, h, w]).encoded()
        let itemBytes = h * w * 4
        let temp = FileOps.temporaryName(for: output)
        let file = try PosixFile(updatingAt: temp)
        var finished = false
        defer { if !finished { FileOps.remove(temp) } }
        try file.resize(to: 0)
        try file.resize(to: header.count + n * itemBytes)
        try file.write(header, at: 0)

        if handleSignals { InterruptSignal.install() }
        defer { if handleSignals { InterruptSignal.uninstall() } }
        let stop: @Sendable () -> Bool = { handleSignals && InterruptSignal.isSet }

        // Pass 1: log-mel, fitted, written unnormalised; statistics per item.
        let stats = Locked([ItemStatistics](repeating: ItemStatistics(), count: n))
        let progress = ProgressReporter(label: "features \(plan.name): log-mel", total: n, quiet: options.quiet)
        let fit = options.fit, compression = options.compression
        try WorkerPool.run(count: n, jobs: options.jobs, chunk: 4, shouldStop: stop,
                           makeState: { try PassOneState(parameters: parameters, height: h, width: w) }) { state, i in
            let count = try source.read(item: i, into: &state.samples)
            let frames = state.mel.compute(state.samples, count: count, compression: compression, into: &state.logMel)
            let item = state.fitAndMeasure(frames: frames, fit: fit)
            try file.write(state.fitted, count: h * w, at: header.count + i * itemBytes)
            stats.withLock { $0[i] = item }
            progress.advance()
        }
        progress.finish()
        if let s = InterruptSignal.received, handleSignals {
            throw InterruptedError(signal: s, message: "interrupted by \(s == SIGTERM ? "SIGTERM" : "SIGINT"): nothing written to \(output)")
        }
        let items = stats.current
        let measured = ItemStatistics.combined(items)
        let fitted = options.fixedStatistics
            ?? FeatureStatistics(floor: measured.minimum, ceiling: measured.maximum, mean: measured.mean,
                                 standardDeviation: measured.standardDeviation)
        let constants = NormalizationConstants(fitted, normalization: options.normalization)

        // Pass 2: padding gets the floor, then every value is normalised in place.
        let normalizing = ProgressReporter(label: "features \(plan.name): normalise", total: n, quiet: options.quiet)
        try WorkerPool.run(count: n, jobs: options.jobs, chunk: 16, shouldStop: stop,
                           makeState: { [UInt8](repeating: 0, count: itemBytes) }) { bytes, i in
            _ = try file.read(into: &bytes, at: header.count + i * itemBytes)
            let item = items[i]
            bytes.withUnsafeMutableBytes { raw in
                let v = raw.bindMemory(to: Float.self)
                for row in 0..<h {
                    for col in 0..<w {
                        let k = row * w + col
                        let x = col < item.padBefore || col >= w - item.padAfter ? fitted.floor : Double(v[k])
                        v[k] = Float(constants.apply(x))
                    }
                }
            }
            try file.write(bytes, at: header.count + i * itemBytes)
            normalizing.advance()
        }
        normalizing.finish()
        if let s = InterruptSignal.received, handleSignals {
            throw InterruptedError(signal: s, message: "interrupted by \(s == SIGTERM ? "SIGTERM" : "SIGINT"): nothing written to \(output)")
        }
        let summary = FeatureSummary(shape: [n, 1, h, w], floor: fitted.floor, ceiling: fitted.ceiling, mean: fitted.mean,
                                     standardDeviation: fitted.standardDeviation, frames: items.map(\.frames),
                                     paddedFrames: items.map { $0.padBefore + $0.padAfter }, croppedFrames: items.map(\.cropped),
                                     sidecar: sidecarPath(for: output))
        let json = sidecar(summary: summary, plan: plan, folder: folder, options: options, parameters: parameters,
                           constants: constants, items: items, valueCount: measured.count)
        try FileOps.writeAtomically(json.serialized(indent: 2) + "\n", to: summary.sidecar)
        try FileOps.rename(temp, output)
        finished = true
        return summary
    }

    static func sidecar(summary: FeatureSummary, plan: DatasetPlan, folder: String, options: FeatureOptions,
                        parameters: MelParameters, constants: NormalizationConstants, items: [ItemStatistics],
                        valueCount: Int) -> JSONValue {
        let preset = options.preset
        let log: JSONValue
        switch options.compression {
        case let .decibels(amin, topDB):
            log = .object([("kind", .string("db")), ("formula", .string("10 log10(max(S, amin)) (librosa power_to_db, ref 1)")),
                           ("amin", .number(amin)), ("top_db", .optionalNumber(topDB))])
        case let .natural(offset):
            log = .object([("kind", .string("ln")), ("formula", .string("ln(S + offset)")), ("offset", .number(offset))])
        case .none:
            log = .object([("kind", .string("none")), ("formula", .string("S"))])
        }
        var normalization: [(String, JSONValue)] = [("kind", .string(options.normalization.rawValue))]
        switch options.normalization {
        case .minmax:
            normalization += [("formula", .string("(x - min) / (max - min)")), ("min", .number(summary.floor)), ("max", .number(summary.ceiling))]
        case .standard:
            normalization += [("formula", .string("(x - mean) / std")), ("mean", .number(summary.mean)), ("std", .number(summary.standardDeviation))]
        case .none:
            break
        }
        normalization.append(("fitted_on", .string(options.fixedStatistics == nil
            ? "every non-padded value of every item, after fitting to W frames"
            : "given: the statistics of another dataset's features (a checkpoint's training features), not refitted here")))
        return .object([
            ("format", .string("synbench-features")),
            ("version", .integer(1)),
            ("dataset", .string(plan.name)),
            ("dataset_folder", .string(folder)),
            ("generator", .string("\(plan.generatorName) \(plan.generatorVersion)")),
            ("items", .integer(summary.shape[0])),
            ("shape", .array(summary.shape.map { .integer($0) })),
            ("dtype", .string("float32")),
            ("preset", .object([
                ("name", .string(preset.name)), ("sample_rate", .integer(plan.sampleRate)),
                ("n_fft", .integer(preset.fftSize)), ("hop_length", .integer(preset.hopLength)),
                ("win_length", .integer(preset.fftSize)), ("window", .string("hann (periodic)")),
                ("center", .bool(true)), ("pad_mode", .string(preset.padding.rawValue)), ("power", .number(2)),
                ("n_mels", .integer(preset.melCount)), ("fmin", .number(parameters.minHz)),
                ("fmax", .number(parameters.maxHz ?? parameters.sampleRate / 2)),
                ("mel_scale", .string("slaney (htk=False)")), ("mel_norm", .string("slaney")),
                ("frames", .integer(preset.frameCount)),
                ("reference", .string("librosa.feature.melspectrogram with these parameters (librosa 0.11)")),
            ])),
            ("log", log),
            ("fit", .string(options.fit.rawValue)),
            ("pad_value", .number(summary.floor)),
            ("pad_value_normalized", .number(constants.apply(summary.floor))),
            ("normalization", .object(normalization)),
            ("statistics", .object([("min", .number(summary.floor)), ("max", .number(summary.ceiling)),
                                    ("mean", .number(summary.mean)), ("std", .number(summary.standardDeviation)),
                                    ("values", .integer(valueCount))])),
            ("frames", .array(summary.frames.map { .integer($0) })),
            ("padded_frames_before", .array(items.map { .integer($0.padBefore) })),
            ("padded_frames", .array(summary.paddedFrames.map { .integer($0) })),
            ("cropped_frames", .array(summary.croppedFrames.map { .integer($0) })),
        ])
    }
}

/// Statistics of one item's kept (non-padded) log-mel values, and its fitting.
struct ItemStatistics: Sendable {
    var frames = 0
    var padBefore = 0
    var padAfter = 0
    var cropped = 0
    var count = 0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    var mean = 0.0
    /// Sum of squared deviations from `mean`.
    var m2 = 0.0

    var standardDeviation: Double { count > 0 ? (m2 / Double(count)).squareRoot() : 0 }

    /// Chan et al.'s pairwise combination, applied in item order (deterministic for any
    /// thread count).
    static func combined(_ items: [ItemStatistics]) -> ItemStatistics {
        var t = ItemStatistics()
        for s in items where s.count > 0 {
            let n = Double(t.count + s.count)
            let delta = s.mean - t.mean
            t.mean += delta * Double(s.count) / n
            t.m2 += s.m2 + delta * delta * Double(t.count) * Double(s.count) / n
            t.count += s.count
            t.minimum = min(t.minimum, s.minimum)
            t.maximum = max(t.maximum, s.maximum)
        }
        if t.count == 0 { t.minimum = 0; t.maximum = 0 }
        return t
    }
}

/// The affine map of a normalisation: y = (x - shift) * scale.
struct NormalizationConstants: Sendable {
    var shift: Double
    var scale: Double

    init(_ statistics: FeatureStatistics, normalization: FeatureNormalization) {
        switch normalization {
        case .minmax:
            shift = statistics.floor
            let range = statistics.ceiling - statistics.floor
            scale = range > 0 ? 1 / range : 0
        case .standard:
            shift = statistics.mean
            let sd = statistics.standardDeviation
            scale = sd > 0 ? 1 / sd : 1
        case .none:
            shift = 0
            scale = 1
        }
    }

    @inline(__always) func apply(_ x: Double) -> Double { (x - shift) * scale }
}

/// Per-thread state of pass 1: the transform and its reused buffers.
struct PassOneState {
    let mel: MelSpectrogram
    let height: Int
    let width: Int
    var samples: [Float] = []
    var logMel: [Float] = []
    var fitted: [Float]

    init(parameters: MelParameters, height: Int, width: Int) throws {
        mel = try MelSpectrogram(parameters)
        self.height = height
        self.width = width
        fitted = [Float](repeating: 0, count: height * width)
    }

    /// Copies the item's [H, frames] log-mel into `fitted` [H, W] (padding left at 0 until
    /// pass 2) and returns its fitting and the statistics of the kept values.
    mutating func fitAndMeasure(frames: Int, fit: FeatureFit) -> ItemStatistics {
        var s = ItemStatistics()
        s.frames = frames
        let kept = min(frames, width)
        let skip: Int  // frames dropped at the start
        if frames >= width {
            skip = fit == .center ? (frames - width) / 2 : 0
            s.cropped = frames - width
        } else {
            skip = 0
            s.padBefore = fit == .center ? (width - frames) / 2 : 0
            s.padAfter = width - frames - s.padBefore
        }
        for i in 0..<fitted.count { fitted[i] = 0 }
        var sum = 0.0
        var minimum = Double.infinity, maximum = -Double.infinity
        for row in 0..<height {
            for col in 0..<kept {
                let x = logMel[row * frames + skip + col]
                fitted[row * width + s.padBefore + col] = x
                let d = Double(x)
                sum += d
                minimum = min(minimum, d)
                maximum = max(maximum, d)
            }
        }
        s.count = height * kept
        guard s.count > 0 else { return s }
        s.mean = sum / Double(s.count)
        var m2 = 0.0
        for row in 0..<height {
            for col in 0..<kept {
                let d = Double(fitted[row * width + s.padBefore + col]) - s.mean
                m2 += d * d
            }
        }
        s.m2 = m2
        s.minimum = minimum
        s.maximum = maximum
        return s
    }
}
