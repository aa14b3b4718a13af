import SynCore
import SynData

/// The SynTone config schema: the factors a tone config may list or fix, and the decoding of
/// a config file into a ``SynToneDataset``.
///
/// Besides the common keys of ``DatasetConfig`` a SynTone config may have
/// `oscillator: bandlimited | legacy` (default bandlimited) and `duration` (seconds, a
/// shortcut for `constants: {duration: ...}`). Factor names and units:
///
/// | name | unit | default when not listed |
/// |---|---|---|
/// | waveform | sine, triangle, sawtooth, square (codes 0-3) | sine |
/// | frequency | Hz | 440 |
/// | glide_end_frequency | Hz (log-frequency glide to this value) | null (no glide) |
/// | amplitude | linear peak of the ideal waveform | 1 |
/// | phase | radians | 0 |
/// | duration | s | 1 |
/// | attack, decay, release | s | 0 |
/// | sustain | level 0...1 | 1 |
/// | vibrato_rate | Hz | 0 |
/// | vibrato_depth | cents | 0 |
/// | pulse_width | duty cycle of the square, 0 < w < 1 | 0.5 |
/// | tilt | dB/octave | 0 |
/// | snr | dB of tone over white noise | null (no noise) |
public enum SynToneConfig {
    /// The generator name a config names in `generator:`.
    public static let generatorName = "syntone"
    /// The default sample rate (the published dataset's).
    public static let defaultSampleRate = 16000
    /// The generator's own top-level keys.
    public static let extraKeys = ["oscillator", "duration"]

    /// Every factor a SynTone config may list, in this (schema) order.
    public static let schema: [FactorSchema] = [
        FactorSchema(name: "waveform", unit: "", labels: Waveform.allCases.map(\.name), defaultValue: 0,
                     summary: "oscillator waveform (timbre)"),
        FactorSchema(name: "frequency", unit: "Hz", defaultValue: 440, isPitch: true,
                     summary: "fundamental frequency (the start frequency when gliding)"),
        FactorSchema(name: "glide_end_frequency", unit: "Hz", defaultValue: nil, allowsNull: true, isPitch: true,
                     summary: "frequency at the end of a log-frequency glide; null = no glide"),
        FactorSchema(name: "amplitude", unit: "linear", defaultValue: 1,
                     summary: "peak of the ideal (infinite-band) waveform"),
        FactorSchema(name: "phase", unit: "rad", defaultValue: 0, summary: "start phase"),
        FactorSchema(name: "duration", unit: "s", defaultValue: 1, summary: "length of the tone"),
        FactorSchema(name: "attack", unit: "s", defaultValue: 0, summary: "linear ramp 0 -> 1"),
        FactorSchema(name: "decay", unit: "s", defaultValue: 0, summary: "linear 1 -> sustain"),
        FactorSchema(name: "sustain", unit: "level", defaultValue: 1, summary: "sustain level 0...1"),
        FactorSchema(name: "release", unit: "s", defaultValue: 0, summary: "linear sustain -> 0 at the end"),
        FactorSchema(name: "vibrato_rate", unit: "Hz", defaultValue: 0, summary: "vibrato rate"),
        FactorSchema(name: "vibrato_depth", unit: "cents", defaultValue: 0, summary: "vibrato peak deviation"),
        FactorSchema(name: "pulse_width", unit: "fraction", defaultValue: 0.5, summary: "duty cycle of the square"),
        FactorSchema(name: "tilt", unit: "dB/octave", defaultValue: 0, summary: "spectral tilt applied to harmonic k"),
        FactorSchema(name: "snr", unit: "dB", defaultValue: nil, allowsNull: true,
                     summary: "tone power over white Gaussian noise; null = no noise"),
    ]

    /// Decodes a parsed SynTone config. `seed` overrides the config's seed (`--seed`).
    public static func decode(file: String, root: ConfigValue, seed: UInt64? = nil) throws -> SynToneDataset {
        var config = try DatasetConfig.decode(file: file, root: root, schema: schema,
                                              defaultSampleRate: defaultSampleRate, extraKeys: extraKeys)
        if let seed { config.seed = seed }
        var mode = OscillatorMode.bandlimited
        if let r = config.root.optional("oscillator") {
            mode = OscillatorMode(rawValue: try r.choice(OscillatorMode.allCases.map(\.rawValue))) ?? .bandlimited
        }
        if let r = config.root.optional("duration") {
            let d = try r.double()
            if let f = config.factors.first(where: { $0.name == "duration" }) {
                throw r.error("duration is also listed as a factor at \(f.keyPath); give it one place")
            }
            if let c = config.constants.firstIndex(where: { $0.name == "duration" }) {
                if !config.constants[c].keyPath.isEmpty {
                    throw r.error("duration is also set at \(config.constants[c].keyPath); give it one place")
                }
                config.constants[c] = ("duration", d, "duration")
            }
        }
        let renderer = ToneRenderer(sampleRate: config.sampleRate, mode: mode)
        try precheck(config, renderer: renderer)
        return SynToneDataset(config: config, renderer: renderer)
    }

    /// Loads and decodes a config file.
    public static func load(path: String, seed: UInt64? = nil) throws -> SynToneDataset {
        try decode(file: path, root: try ConfigValue.load(path: path), seed: seed)
    }

    /// Checks the values of single factors and constants, so the most common mistakes name
    /// the exact key (the per-item check in ``DatasetSurvey`` catches the rest).
    static func precheck(_ config: DatasetConfig, renderer: ToneRenderer) throws {
        let nyquist = Double(config.sampleRate) / 2
        func check(_ name: String, _ value: Double?, at path: String, upperExclusive: Bool = false) throws {
            guard let v = value else { return }
            var problem: String?
            switch name {
            case "frequency", "glide_end_frequency":
                if !(v > 0) {
                    problem = "\(name.replacingOccurrences(of: "_", with: " ")) must be positive, got \(SynToneConfig.text(v)) Hz"
                } else if renderer.mode == .bandlimited, upperExclusive ? v > nyquist : v >= nyquist {
                    problem = "\(name.replacingOccurrences(of: "_", with: " ")) \(SynToneConfig.text(v)) Hz is at or above the Nyquist frequency \(SynToneConfig.text(nyquist)) Hz (sample_rate \(config.sampleRate)); keep every value below it (e.g. endpoint: false), or use oscillator: legacy"
                }
            case "duration":
                if !(v > 0) { problem = "duration must be positive, got \(SynToneConfig.text(v)) s" }
            case "amplitude":
                if !(v >= 0) { problem = "amplitude must be >= 0, got \(SynToneConfig.text(v))" }
            case "attack", "decay", "release":
                if !(v >= 0) { problem = "\(name) must be >= 0 s, got \(SynToneConfig.text(v))" }
            case "sustain":
                if !(v >= 0 && v <= 1) { problem = "sustain must be in 0...1, got \(SynToneConfig.text(v))" }
            case "pulse_width":
                if !(v > 0 && v < 1) { problem = "pulse width must be in the open interval (0, 1), got \(SynToneConfig.text(v))" }
            case "vibrato_rate", "vibrato_depth":
                if !(v >= 0) { problem = "\(name.replacingOccurrences(of: "_", with: " ")) must be >= 0, got \(SynToneConfig.text(v))" }
            default:
                break
            }
            if let problem { throw ConfigError(file: config.file, path: path, problem) }
        }
        for f in config.factors {
            switch f.domain {
            case let .discrete(values, _):
                for (j, v) in values.enumerated() { try check(f.name, v, at: f.valuePath(j)) }
            case let .uniform(lower, upper, _, _):
                try check(f.name, lower, at: f.keyPath + ".random.min")
                try check(f.name, upper, at: f.keyPath + ".random.max", upperExclusive: true)
            }
        }
        for c in config.constants {
            try check(c.name, c.value, at: c.keyPath.isEmpty ? "constants.\(c.name)" : c.keyPath)
        }
    }

    static func text(_ x: Double) -> String { FactorSpec.format(x) }
}

extension SynToneConfig {
    /// SynTone's entry for a ``GeneratorRegistry``.
    public static let registryEntry = GeneratorRegistry.Entry(name: generatorName) { file, root, seed in
        try decode(file: file, root: root, seed: seed)
    }
}
