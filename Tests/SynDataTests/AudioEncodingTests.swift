import Foundation
import Testing
import SynCore
@testable import SynData

@Suite struct AudioEncodingTests {
    @Test func sha256KnownVectors() {
        // FIPS 180-4 examples.
        #expect(SHA256Hasher.digest(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hasher.digest([UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let h = SHA256Hasher()
        h.update(Array("ab".utf8))
        h.update(Array("c??".utf8), count: 1)
        #expect(h.finish() == SHA256Hasher.digest(Array("abc".utf8)))
        #expect(SHA256Hasher.digest(Array("abcdef".utf8), count: 3) == SHA256Hasher.digest(Array("abc".utf8)))
        #expect(SHA256Digest(hex: SHA256Hasher.digest([1]).hex) == SHA256Hasher.digest([1]))
    }

    func encode(_ samples: [Float], _ format: AudioFormat) -> [UInt8] {
        var out = [UInt8](repeating: 0xAA, count: WAVEncoder.fileSize(format: format, count: samples.count))
        let n = WAVEncoder.encode(samples, sampleRate: 8000, format: format, into: &out)
        #expect(n == out.count)
        // A valid prefix of a longer buffer, into a buffer that grows, encodes the same bytes.
        var grown = [UInt8](repeating: 0x55, count: 3)
        #expect(WAVEncoder.encode(samples + [0.75, -0.75], count: samples.count, sampleRate: 8000, format: format, into: &grown) == n)
        #expect(grown == out)
        return out
    }

    func u32(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24 }

    @Test func wavFilesDecodeWithLibsndfile() throws {
        let tmp = TempFolder()
        let samples: [Float] = [0, 0.5, -0.5, 1, -1, 0.25, 1.5]
        for format in [AudioFormat.pcm16, .pcm24, .float32] {
            let bytes = encode(samples, format)
            #expect(Array(bytes[0..<4]) == Array("RIFF".utf8) && u32(bytes, 4) == bytes.count - 8)
            let path = tmp.sub("x-\(format.rawValue).wav")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reader = try SoundFileReader(path: path)
            #expect(reader.info.frames == samples.count && reader.info.samplerate == 8000 && reader.info.channels == 1)
            let back = reader.readAll()
            let tolerance: Float = format == .pcm16 ? 1e-4 : (format == .pcm24 ? 1e-6 : 0)
            for (a, b) in zip(samples, back) { #expect(abs(min(max(a, -1), 1) - b) <= tolerance || (format == .float32 && a == b)) }
        }
        // pcm24 with an odd sample count gets the RIFF pad byte.
        #expect(encode([0.1, 0.2, 0.3], .pcm24).count == 44 + 9 + 1)
        #expect(WAVEncoder.quantize16(1) == 32767 && WAVEncoder.quantize16(-2) == -32768)
        #expect(WAVEncoder.quantize24(-1) == -8_388_607)
    }

    @Test func flacDecodesToThePCM16Integers() throws {
        let tmp = TempFolder()
        let samples = (0..<1000).map { Float(sin(Double($0) * 0.05) * 0.7) }
        let enc = SoundFileEncoder()
        try enc.encodeFLAC(samples, sampleRate: 16000)
        #expect(Array(enc.bytes[0..<4]) == Array("fLaC".utf8))
        let path = tmp.sub("x.flac")
        try Data(enc.bytes).write(to: URL(fileURLWithPath: path))
        let back = try SoundFileReader(path: path).readAll()
        #expect(back.count == samples.count)
        for (a, b) in zip(samples, back) { #expect(Float(WAVEncoder.quantize16(a)) / 32768 == b) }
        let first = enc.bytes
        try enc.encodeFLAC(samples + [0.5, 0.5, 0.5], count: samples.count, sampleRate: 16000)
        #expect(enc.bytes == first)
    }
}
