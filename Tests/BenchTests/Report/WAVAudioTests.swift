import Foundation
import Testing
@testable import Bench

@Suite("WAV in memory")
struct WAVAudioTests {
    static func int(_ b: [UInt8], _ at: Int, _ count: Int) -> Int {
        (0..<count).reduce(0) { $0 | Int(b[at + $1]) << (8 * $1) }
    }

    @Test("16-bit PCM RIFF header, little-endian samples, peak-normalised without clipping")
    func pcm16() throws {
        let samples: [Float] = [0, 0.5, -2, 1, .nan]
        let bytes = WAVAudio.pcm16(samples, sampleRate: 16_000)
        #expect(bytes.count == 44 + 2 * samples.count)
        #expect(String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF" && String(decoding: bytes[8..<16], as: UTF8.self) == "WAVEfmt ")
        #expect(Self.int(bytes, 4, 4) == 36 + 10)
        #expect(Self.int(bytes, 16, 4) == 16 && Self.int(bytes, 20, 2) == 1 && Self.int(bytes, 22, 2) == 1)
        #expect(Self.int(bytes, 24, 4) == 16_000 && Self.int(bytes, 28, 4) == 32_000)
        #expect(Self.int(bytes, 32, 2) == 2 && Self.int(bytes, 34, 2) == 16)
        #expect(String(decoding: bytes[36..<40], as: UTF8.self) == "data" && Self.int(bytes, 40, 4) == 10)
        let values = (0..<samples.count).map { Int16(bitPattern: UInt16(Self.int(bytes, 44 + 2 * $0, 2))) }
        // The peak (-2) maps to -0.9 of full scale, everything else in proportion; NaN to 0.
        #expect(values == [0, 7373, -29490, 14745, 0])
        #expect(WAVAudio.pcm16([0, 0], sampleRate: 8000).suffix(4) == [0, 0, 0, 0])
        let uri = WAVAudio.dataURI(samples, sampleRate: 16_000)
        #expect(uri.hasPrefix("data:audio/wav;base64,"))
        let decoded = try #require(Data(base64Encoded: String(uri.dropFirst("data:audio/wav;base64,".count))))
        #expect([UInt8](decoded) == bytes)
    }
}
