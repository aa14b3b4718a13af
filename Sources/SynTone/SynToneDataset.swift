import SynCore
import SynData

/// SynTone as a ``DatasetGenerator``: maps the factor values of an item onto
/// ``ToneParameters`` (constants first, then the listed factors) and renders them with a
/// ``ToneRenderer``.
///
/// Randomness: an item's stream (after the factor draws of random sampling) goes to the
/// renderer, which draws the noise from it (when `snr` is set).
public struct SynToneDataset: DatasetGenerator {
    /// Version of the SynTone dataset output; bump on any change of output bytes.
    public static let version = "1.0.0"

    /// The validated config.
    public let config: DatasetConfig
    /// The renderer (sample rate and oscillator mode).
    public let renderer: ToneRenderer
    /// The tone of an item before its factor values are applied (all constants set).
    public let base: ToneParameters
    private let setters: [Setter]
    private let waveformColumn: Int?
    private let waveformCandidates: [Waveform]
    private let peakCache = PeakCache()

    /// `syntone`.
    public var generatorName: String { SynToneConfig.generatorName }
    /// ``version``.
    public var generatorVersion: String { SynToneDataset.version }
    /// The oscillator mode (`bandlimited` or `legacy`).
    public var resolvedExtras: [(String, JSONValue)] { [("oscillator", .string(renderer.mode.rawValue))] }
    /// The constant duration in seconds, or nil when `duration` is a factor.
    public var fixedDuration: Double? {
        config.factors.contains { $0.name == "duration" } ? nil : base.duration
    }

    enum Setter: Sendable {
        case waveform, frequency, glideEnd, amplitude, phase, duration, attack, decay, sustain, release
        case vibratoRate, vibratoDepth, pulseWidth, tilt, snr

        init?(name: String) {
            switch name {
            case "waveform": self = .waveform
            case "frequency": self = .frequency
            case "glide_end_frequency": self = .glideEnd
            case "amplitude": self = .amplitude
            case "phase": self = .phase
            case "duration": self = .duration
            case "attack": self = .attack
            case "decay": self = .decay
            case "sustain": self = .sustain
            case "release": self = .release
            case "vibrato_rate": self = .vibratoRate
            case "vibrato_depth": self = .vibratoDepth
            case "pulse_width": self = .pulseWidth
            case "tilt": self = .tilt
            case "snr": self = .snr
            default: return nil
            }
        }

        func apply(_ v: Double?, to p: inout ToneParameters) {
            switch self {
            case .waveform: p.waveform = v.flatMap { Int(exactly: $0) }.flatMap(Waveform.init(rawValue:)) ?? .sine
            case .frequency: p.frequency = v ?? 440
            case .glideEnd: p.glideEndFrequency = v
            case .amplitude: p.amplitude = v ?? 1
            case .phase: p.phase = v ?? 0
            case .duration: p.duration = v ?? 1
            case .attack: p.attack = v ?? 0
            case .decay: p.decay = v ?? 0
            case .sustain: p.sustain = v ?? 1
            case .release: p.release = v ?? 0
            case .vibratoRate: p.vibratoRate = v ?? 0
            case .vibratoDepth: p.vibratoDepth = v ?? 0
            case .pulseWidth: p.pulseWidth = v ?? 0.5
            case .tilt: p.tilt = v ?? 0
            case .snr: p.snr = v
            }
        }
    }

    /// Makes the generator of a decoded config (see ``SynToneConfig/decode(file:root:seed:)``).
    public init(config: DatasetConfig, renderer: ToneRenderer) {
        self.config = config
        self.renderer = renderer
        var p = ToneParameters()
        for c in config.constants { Setter(name: c.name)?.apply(c.value, to: &p) }
        base = p
        // Factor names were checked against SynToneConfig.schema, which Setter covers.
        setters = config.factors.map { Setter(name: $0.name) ?? .amplitude }
        if let w = config.factors.firstIndex(where: { $0.name == "waveform" }),
           case let .discrete(values, _) = config.factors[w].domain, values.count > 1 {
            waveformColumn = w
            waveformCandidates = values.compactMap { Int(exactly: $0).flatMap(Waveform.init(rawValue:)) }
        } else {
            waveformColumn = nil
            waveformCandidates = []
        }
    }

    /// The tone parameters of an item with these factor values (column order).
    public func parameters(values: [Double]) -> ToneParameters {
        var p = base
        for (k, s) in setters.enumerated() { s.apply(values[k], to: &p) }
        return p
    }

    /// An item is its tone: SynTone decides nothing else before rendering and draws nothing
    /// (the noise is drawn while rendering).
    public func prepare(values: [Double], rng: inout Xoshiro256StarStar) -> ToneParameters {
        parameters(values: values)
    }

    /// duration x sample rate, rounded (``ToneRenderer/sampleCount(duration:)``).
    public func sampleCount(of tone: ToneParameters) -> Int {
        renderer.sampleCount(duration: tone.duration)
    }

    /// amplitude * peakBound; peakBound does not depend on amplitude, so on grids it is
    /// cached per tone shape (few distinct shapes, e.g. 1,600 for the 32,000 published items).
    /// Random designs rarely repeat a shape, so they are not cached (memory stays flat).
    public func peakBound(of tone: ToneParameters) -> Double {
        var shape = tone
        let amplitude = shape.amplitude
        shape.amplitude = 1
        guard config.sampling == .grid else { return amplitude * renderer.peakBound(shape) }
        if let cached = peakCache.value(for: shape) { return amplitude * cached }
        let bound = renderer.peakBound(shape)
        peakCache.store(bound, for: shape)
        return amplitude * bound
    }

    /// The renderer's refusal of the tone, if any (``ToneRenderer/problem(with:)``).
    public func problems(of tone: ToneParameters) -> [ItemProblem] {
        renderer.problem(with: tone).map { [$0] } ?? []
    }

    /// Renders the tone into `output.samples` (``ToneRenderer/render(_:gain:rng:into:)``);
    /// SynTone has no side files or extra columns.
    public func render(_ tone: ToneParameters, gain: Double, rng: inout Xoshiro256StarStar,
                       into output: inout RenderedItem) {
        output.count = renderer.render(tone, gain: gain, rng: &rng, into: &output.samples)
    }

    /// The waveform column, when waveform is a factor with more than one value.
    public var identifiabilityChecked: [Int] { waveformColumn.map { [$0] } ?? [] }

    /// The waveform column when this tone's waveform cannot be told apart from another
    /// listed waveform (``WaveformIdentifiability``).
    public func unidentifiableFactors(of tone: ToneParameters) -> [Int] {
        guard let w = waveformColumn else { return [] }
        return WaveformIdentifiability.isConfounded(tone, with: waveformCandidates, renderer: renderer) ? [w] : []
    }
}

/// A bounded, thread-safe memo of peak bounds per tone shape.
final class PeakCache: Sendable {
    private let table = Locked<[ToneParameters: Double]>([:])
    private static let capacity = 100_000

    func value(for p: ToneParameters) -> Double? { table.withLock { $0[p] } }

    func store(_ v: Double, for p: ToneParameters) {
        table.withLock { if $0.count < PeakCache.capacity { $0[p] = v } }
    }
}
