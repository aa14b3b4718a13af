/// Audio from a log-mel spectrogram, the inverse of ``MelSpectrogram`` with a
/// ``LogCompression``: undo the compression (``LogCompression/power(fromCompressed:)``), invert
/// the mel filterbank to linear magnitudes (``MelInversion``, non-negative least squares), then
/// ``GriffinLim`` (32 fast iterations by default). librosa's `feature.inverse.mel_to_audio`
/// does the same three steps.
///
/// What cannot come back: the phase (Griffin-Lim estimates one, so the audio sounds
/// "phasey" but keeps the spectral envelope and pitch), detail finer than the mel bands, and
/// anything below a dB floor. One instance per thread.
public final class LogMelInverter {
    /// The mel parameters the log-mel was computed with.
    public let parameters: MelParameters
    /// The compression the log-mel was computed with.
    public let compression: LogCompression
    /// The filterbank inversion.
    public let melInversion: MelInversion
    /// The phase reconstruction.
    public let griffinLim: GriffinLim

    /// Prepares the inversion of log-mels made with `parameters` and `compression`.
    /// `nnlsIterations` refine the filterbank inversion (30 by default: on a harmonic tone's
    /// mel64 log-mel the round trip's spectral convergence is 0.33 with none, 0.046 with 30,
    /// 0.044 with 100 at three times the cost); `iterations`, `momentum` and
    /// `initialPhase` go to ``GriffinLim``. Throws for parameters that cannot work.
    public init(_ parameters: MelParameters, compression: LogCompression = .librosaDecibels,
                iterations: Int = 32, momentum: Double = 0.99, initialPhase: GriffinLimInitialPhase = .random(seed: 0),
                nnlsIterations: Int = 30) throws(FeatureParameterError) {
        self.parameters = parameters
        self.compression = compression
        let filterbank = try MelFilterbank(sampleRate: parameters.sampleRate, fftSize: parameters.stft.fftSize,
                                           melCount: parameters.melCount, minHz: parameters.minHz, maxHz: parameters.maxHz)
        melInversion = MelInversion(filterbank: filterbank, iterations: nnlsIterations)
        griffinLim = try GriffinLim(parameters.stft, iterations: iterations, momentum: momentum, initialPhase: initialPhase)
    }

    /// The audio of `logMel` (row-major [melCount, frames], compressed as ``compression``),
    /// `length` samples long (hop * (frames - 1) when nil), at ``MelParameters/sampleRate``.
    public func audio(logMel: [Float], frames: Int, length: Int? = nil) -> [Float] {
        let power = logMel.map { compression.power(fromCompressed: Double($0)) }
        let magnitude = melInversion.magnitude(melPower: power, frames: frames)
        return griffinLim.signal(magnitude: magnitude, frames: frames, length: length)
    }
}
