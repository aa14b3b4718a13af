/// WAV files in memory for embedding: RIFF/WAVE, one channel, 16-bit signed PCM little-endian
/// (the canonical 44-byte header of Microsoft's RIFF specification, WAVE_FORMAT_PCM).
public enum WAVAudio {
    /// The bytes of a mono 16-bit WAV of `samples` at `sampleRate` Hz, scaled so the largest
    /// magnitude becomes `peak` of full scale (0.9, about -0.9 dBFS, by default; silence stays
    /// silence), so nothing clips. Non-finite samples are written as 0.
    public static func pcm16(_ samples: [Float], sampleRate: Int, peak: Double = 0.9) -> [UInt8] {
        let largest = samples.reduce(0.0) { $1.isFinite ? max($0, abs(Double($1))) : $0 }
        let gain = largest > 0 ? min(max(peak, 0), 1) / largest : 0
        let dataBytes = samples.count * 2
        var out: [UInt8] = []
        out.reserveCapacity(44 + dataBytes)
        out += Array("RIFF".utf8)
        out.appendLittleEndian(UInt32(truncatingIfNeeded: 36 + dataBytes), bytes: 4)
        out += Array("WAVEfmt ".utf8)
        out.appendLittleEndian(16, bytes: 4)
        out.appendLittleEndian(1, bytes: 2)  // WAVE_FORMAT_PCM
        out.appendLittleEndian(1, bytes: 2)  // channels
        out.appendLittleEndian(UInt32(sampleRate), bytes: 4)
        out.appendLittleEndian(UInt32(sampleRate * 2), bytes: 4)  // bytes per second
        out.appendLittleEndian(2, bytes: 2)  // block align
        out.appendLittleEndian(16, bytes: 2)  // bits per sample
        out += Array("data".utf8)
        out.appendLittleEndian(UInt32(truncatingIfNeeded: dataBytes), bytes: 4)
        for sample in samples {
            let scaled = sample.isFinite ? (Double(sample) * gain * 32767).rounded() : 0
            let value = Int16(min(max(scaled, -32768), 32767))
            out.appendLittleEndian(UInt32(UInt16(bitPattern: value)), bytes: 2)
        }
        return out
    }

    /// `data:audio/wav;base64,...` of ``pcm16(_:sampleRate:peak:)``.
    public static func dataURI(_ samples: [Float], sampleRate: Int, peak: Double = 0.9) -> String {
        Markup.dataURI(mime: "audio/wav", bytes: pcm16(samples, sampleRate: sampleRate, peak: peak))
    }
}

extension [UInt8] {
    /// Appends the low `bytes` bytes of `value`, least significant first (RIFF's byte order).
    fileprivate mutating func appendLittleEndian(_ value: UInt32, bytes: Int) {
        for i in 0..<bytes { append(UInt8((value >> (8 * UInt32(i))) & 0xFF)) }
    }
}
