import ArgumentParser
import Bench
import DSP
import Foundation
import SynCore
import SynData

/// `synbench features`: log-mel features of a dataset as one float32 .npy.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Write log-mel features of a dataset: float32 [N, 1, H, W] in item order.",
        discussion: """
        Each item's mel power spectrogram equals librosa.feature.melspectrogram
        with pad_mode="reflect" (periodic Hann window of n_fft, centred frames
        with the ends mirrored, power 2, Slaney mel scale and area
        normalisation, fmin 0, fmax sr/2; --pad-mode constant gives librosa
        0.10+'s default zeros), then 10 log10(max(S, 1e-10)) dB (power_to_db, ref 1),
        or ln(S + offset) with --log ln.

        Presets:
          paper   n_fft 2048, hop 512, 128 mels: 128 x 32 for 1 s at 16 kHz
          mel64   n_fft 1024, hop 252,  64 mels:  64 x 64 for 1 s at 16 kHz

        Items of another frame count are fitted to W: --fit center (centre crop,
        or centre pad) or start; padding holds the dataset's smallest log-mel
        value. The normalisation is fitted once over the whole dataset (never
        per item or frame) on the non-padded values: minmax to [0, 1], standard
        to mean 0 and std 1, or none. X.json beside X.npy records the
        parameters, the constants, and each item's frames, padded frames and
        cropped frames. The .npy appears only when complete.

        Examples:
          synbench features data/syntone-small --preset paper --out paper.npy
          synbench features data/synspeech-small --preset mel64 --out mel.npy \\
            --normalize standard --fit start
        """)

    @Argument(help: "Dataset folder.")
    var folder: String

    @Option(help: "Feature preset: paper (128 x 32) or mel64 (64 x 64).")
    var preset: String

    @Option(help: "Output .npy file (its folder must exist); the sidecar .json goes beside it.")
    var out: String

    @Option(help: "Dataset-wide normalisation: minmax, standard or none.")
    var normalize: String = FeatureNormalization.minmax.rawValue

    @Option(help: "Fitting of items of another frame count: center or start.")
    var fit: String = FeatureFit.center.rawValue

    @Option(name: .customLong("pad-mode"), help: "Padding of the ends for centred frames: reflect (the default, as the spec and librosa < 0.10) or constant (zeros, librosa >= 0.10's default).")
    var padMode: String = STFTPadding.reflect.rawValue

    @Option(help: "Log compression: db (10 log10(max(S, 1e-10))) or ln (ln(S + --log-offset)).")
    var log: String = "db"

    @Option(name: .customLong("log-offset"), help: "The offset of --log ln (> 0).")
    var logOffset: Double = 1e-6

    @OptionGroup var work: WorkOptions

    func run() throws {
        guard let named = FeaturePreset.named(preset) else {
            throw InputError("--preset: unknown preset '\(preset)' (known: \(FeaturePreset.all.map(\.name).joined(separator: ", ")))")
        }
        guard let normalization = FeatureNormalization(rawValue: normalize) else {
            throw InputError("--normalize: unknown normalisation '\(normalize)' (known: \(FeatureNormalization.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let fitting = FeatureFit(rawValue: fit) else {
            throw InputError("--fit: unknown fit '\(fit)' (known: \(FeatureFit.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let padding = STFTPadding(rawValue: padMode) else {
            throw InputError("--pad-mode: unknown padding '\(padMode)' (known: \(STFTPadding.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let compression: LogCompression
        switch log {
        case "db": compression = .librosaDecibels
        case "ln":
            guard logOffset.isFinite, logOffset > 0 else { throw InputError("--log-offset: must be a positive number, got \(logOffset)") }
            compression = .natural(offset: logOffset)
        default: throw InputError("--log: unknown compression '\(log)' (known: db, ln)")
        }
        var chosen = named
        chosen.padding = padding
        let options = FeatureOptions(preset: chosen, compression: compression, normalization: normalization, fit: fitting,
                                     jobs: work.jobCount, quiet: work.quiet)
        let start = Date()
        let summary: FeatureSummary
        do {
            summary = try DatasetFeatures.extract(folder: folder, to: out, options: options, handleSignals: true)
        } catch let error as InterruptedError {
            FileHandle.standardError.write(Data("\(error.message)\n".utf8))
            throw ExitCode(128 + error.signal)
        }
        if !work.quiet {
            let padded = summary.paddedFrames.filter { $0 > 0 }.count
            let cropped = summary.croppedFrames.filter { $0 > 0 }.count
            let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
            FileHandle.standardError.write(Data(("wrote \(out) float32 \(summary.shape) and \(summary.sidecar) in \(seconds) s"
                + " (\(padded) items padded, \(cropped) cropped)\n").utf8))
        }
    }
}
