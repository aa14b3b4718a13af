import Testing
import SynCore
@testable import SynData

@Suite struct SHA256SumsTests {
    let hex = String(repeating: "ab", count: 32)

    @Test func parsesTextAndBinaryModeLines() throws {
        let text = try #require(SHA256SumsLine("\(hex)  audio/000/000001.wav"))
        #expect(text.name == "audio/000/000001.wav")
        #expect(text.digest == SHA256Digest(hex: hex))
        #expect(SHA256SumsLine("\(hex) *waveforms.npy")?.name == "waveforms.npy")
    }

    @Test func rejectsMalformedLines() {
        #expect(SHA256SumsLine("\(hex)") == nil)
        #expect(SHA256SumsLine("\(hex) x") == nil)
        #expect(SHA256SumsLine("\(hex)-+name") == nil)
        #expect(SHA256SumsLine("zz" + hex.dropFirst(2) + "  name") == nil)
    }
}
