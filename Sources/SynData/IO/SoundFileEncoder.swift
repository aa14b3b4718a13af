import CSndFile
import SynCore

/// Encodes mono 16-bit FLAC in memory with libsndfile's virtual I/O: the encoder writes
/// into a growing byte buffer, which the caller then writes to disk in one call.
///
/// Samples are quantised exactly as ``WAVEncoder/quantize16(_:)`` does, and passed to
/// libsndfile as shorts, so FLAC decodes to the same integers as the pcm16 WAV. The bytes
/// depend on the libFLAC version (its vendor string), so FLAC golden hashes are per platform.
public final class SoundFileEncoder {
    /// The bytes of the last encoded file.
    public private(set) var bytes: [UInt8] = []
    private var position = 0
    private var shorts: [Int16] = []

    /// Makes an encoder (reusable for many items).
    public init() {}

    /// Encodes the first `count` samples (all when nil) as FLAC at `sampleRate`; the result
    /// is in ``bytes``.
    public func encodeFLAC(_ samples: [Float], count: Int? = nil, sampleRate: Int) throws {
        let n = samples.validPrefix(count)
        bytes.removeAll(keepingCapacity: true)
        position = 0
        if shorts.count < n { shorts = [Int16](repeating: 0, count: n) }
        for i in 0..<n { shorts[i] = WAVEncoder.quantize16(samples[i]) }

        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = 1
        info.format = Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        var io = SF_VIRTUAL_IO(
            get_filelen: { user in Int64(SoundFileEncoder.from(user).bytes.count) },
            seek: { offset, whence, user in
                let me = SoundFileEncoder.from(user)
                switch whence {
                case SEEK_SET: me.position = Int(offset)
                case SEEK_CUR: me.position += Int(offset)
                default: me.position = me.bytes.count + Int(offset)
                }
                return Int64(me.position)
            },
            read: { ptr, count, user in
                let me = SoundFileEncoder.from(user)
                let n = max(0, min(Int(count), me.bytes.count - me.position))
                if n > 0, let ptr {
                    me.bytes.withUnsafeBytes { src in
                        ptr.copyMemory(from: src.baseAddress! + me.position, byteCount: n)
                    }
                }
                me.position += n
                return Int64(n)
            },
            write: { ptr, count, user in
                let me = SoundFileEncoder.from(user)
                let n = Int(count)
                guard let ptr, n > 0 else { return 0 }
                let end = me.position + n
                if end > me.bytes.count { me.bytes.append(contentsOf: repeatElement(0, count: end - me.bytes.count)) }
                me.bytes.withUnsafeMutableBytes { dst in
                    (dst.baseAddress! + me.position).copyMemory(from: ptr, byteCount: n)
                }
                me.position = end
                return Int64(n)
            },
            tell: { user in Int64(SoundFileEncoder.from(user).position) })
        let unmanaged = Unmanaged.passUnretained(self).toOpaque()
        guard let handle = sf_open_virtual(&io, Int32(SFM_WRITE), &info, unmanaged) else {
            throw SoundFileError(message: String(cString: sf_strerror(nil)))
        }
        let written = shorts.withUnsafeBufferPointer { sf_write_short(handle, $0.baseAddress, sf_count_t(n)) }
        let closed = sf_close(handle)
        guard written == n, closed == 0 else {
            throw SoundFileError(message: "libsndfile wrote \(written) of \(n) samples")
        }
    }

    private static func from(_ user: UnsafeMutableRawPointer?) -> SoundFileEncoder {
        Unmanaged<SoundFileEncoder>.fromOpaque(user!).takeUnretainedValue()
    }
}

/// libsndfile reported a failure.
public struct SoundFileError: Error, CustomStringConvertible {
    /// libsndfile's message.
    public var message: String
    public var description: String { "libsndfile: \(message)" }
}

/// Reads the header of an audio file with libsndfile (used by `verify`); owns the handle.
public final class SoundFileReader {
    private let handle: OpaquePointer
    /// Frames, sample rate, channels and format as libsndfile reports them.
    public let info: SF_INFO

    /// Opens `path` for reading; throws with libsndfile's reason when it is not valid audio.
    public init(path: String) throws {
        var info = SF_INFO()
        guard let h = sf_open(path, Int32(SFM_READ), &info) else {
            throw SoundFileError(message: String(cString: sf_strerror(nil)))
        }
        handle = h
        self.info = info
    }

    deinit { sf_close(handle) }

    /// Reads all frames (channels interleaved) as floats in -1...1.
    ///
    /// Reads in blocks until the end of the data, so memory follows the samples actually
    /// present, not the frame count the header claims.
    public func readAll() -> [Float] {
        let channels = max(1, Int(info.channels))
        let blockFrames = max(1, (1 << 16) / channels)
        var block = [Float](repeating: 0, count: blockFrames * channels)
        var out: [Float] = []
        while true {
            let n = block.withUnsafeMutableBufferPointer { sf_readf_float(handle, $0.baseAddress, sf_count_t(blockFrames)) }
            guard n > 0 else { break }
            out.append(contentsOf: block.prefix(Int(n) * channels))
            if n < blockFrames { break }
        }
        return out
    }
}
