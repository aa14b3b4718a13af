import SynCore

/// Builds a complete mono WAV file in one byte buffer (RIFF/WAVE, Microsoft 1991 spec), so an
/// item is written with a single system call.
///
/// - pcm16 / pcm24: `WAVE_FORMAT_PCM`, a 16-byte `fmt ` chunk; samples are
///   `round(x * (2^(b-1) - 1))` clamped to the integer range (ties to even).
/// - float32: `WAVE_FORMAT_IEEE_FLOAT` with an 18-byte `fmt ` chunk and a `fact` chunk.
/// - An odd-sized `data` chunk (pcm24, odd length) gets the pad byte RIFF requires.
public enum WAVEncoder {
    /// The size of the file for `count` samples.
    public static func fileSize(format: AudioFormat, count: Int) -> Int {
        let data = count * format.bitsPerSample / 8
        return headerSize(format) + data + (data & 1)
    }

    static func headerSize(_ format: AudioFormat) -> Int { format == .float32 ? 58 : 44 }

    /// Writes the WAV file of the first `count` samples (all when nil) into the start of
    /// `out`, which grows when shorter than ``fileSize(format:count:)``; returns the file's
    /// size. A reused `out` costs no allocation.
    public static func encode(_ samples: [Float], count: Int? = nil, sampleRate: Int, format: AudioFormat,
                              into out: inout [UInt8]) -> Int {
        let n = samples.validPrefix(count)
        let total = fileSize(format: format, count: n)
        if out.count < total { out.append(contentsOf: repeatElement(0, count: total - out.count)) }
        return samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBytes { dst in
                encode(UnsafeBufferPointer(rebasing: src.prefix(n)), sampleRate: sampleRate, format: format, into: dst)
            }
        }
    }

    private static func encode(_ samples: UnsafeBufferPointer<Float>, sampleRate: Int, format: AudioFormat,
                               into out: UnsafeMutableRawBufferPointer) -> Int {
        precondition(format != .flac, "FLAC is written by SoundFileEncoder")
        let bytesPerSample = format.bitsPerSample / 8
        let dataSize = samples.count * bytesPerSample
        let total = fileSize(format: format, count: samples.count)
        var p = 0
        func put4(_ s: StaticString) {
            s.withUTF8Buffer { for b in $0 { out[p] = b; p += 1 } }
        }
        func put32(_ v: Int) {
            let u = UInt32(truncatingIfNeeded: v)
            out[p] = UInt8(u & 0xFF); out[p + 1] = UInt8((u >> 8) & 0xFF)
            out[p + 2] = UInt8((u >> 16) & 0xFF); out[p + 3] = UInt8(u >> 24)
            p += 4
        }
        func put16(_ v: Int) {
            out[p] = UInt8(v & 0xFF); out[p + 1] = UInt8((v >> 8) & 0xFF)
            p += 2
        }
        put4("RIFF"); put32(total - 8); put4("WAVE")
        put4("fmt ")
        put32(format == .float32 ? 18 : 16)
        put16(format == .float32 ? 3 : 1)
        put16(1)
        put32(sampleRate)
        put32(sampleRate * bytesPerSample)
        put16(bytesPerSample)
        put16(format.bitsPerSample)
        if format == .float32 {
            put16(0)
            put4("fact"); put32(4); put32(samples.count)
        }
        put4("data"); put32(dataSize)
        let body = UnsafeMutableRawBufferPointer(rebasing: out[p..<(p + dataSize)])
        switch format {
        case .pcm16:
            let dst = body.bindMemory(to: Int16.self)
            for i in 0..<samples.count { dst[i] = Int16(littleEndian: quantize16(samples[i])) }
        case .pcm24:
            var q = 0
            for i in 0..<samples.count {
                let v = UInt32(bitPattern: quantize24(samples[i]))
                body[q] = UInt8(v & 0xFF); body[q + 1] = UInt8((v >> 8) & 0xFF); body[q + 2] = UInt8((v >> 16) & 0xFF)
                q += 3
            }
        case .float32:
            let dst = body.bindMemory(to: UInt32.self)
            for i in 0..<samples.count { dst[i] = samples[i].bitPattern.littleEndian }
        case .flac:
            break
        }
        if dataSize & 1 == 1 { out[p + dataSize] = 0 }
        return total
    }

    /// 16-bit quantisation: `round(x * 32767)`, clamped to -32768...32767.
    @inlinable
    public static func quantize16(_ x: Float) -> Int16 {
        let v = (x * 32767).rounded(.toNearestOrEven)
        return Int16(max(-32768, min(32767, v)))
    }

    /// 24-bit quantisation: `round(x * 8388607)`, clamped to -8388608...8388607.
    @inlinable
    public static func quantize24(_ x: Float) -> Int32 {
        let v = (Double(x) * 8_388_607).rounded(.toNearestOrEven)
        return Int32(max(-8_388_608, min(8_388_607, v)))
    }
}
