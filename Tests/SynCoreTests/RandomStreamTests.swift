import Testing
@testable import SynCore

@Suite struct RandomStreamTests {
    @Test func splitMixMatchesPublishedOutputs() {
        var mixer = SplitMix64(state: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        #expect(mixer.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(mixer.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func itemStreamsDependOnlyOnSeedAndIndex() {
        var a = Xoshiro256StarStar.item(seed: 42, index: 7)
        var b = Xoshiro256StarStar.item(seed: 42, index: 7)
        var c = Xoshiro256StarStar.item(seed: 42, index: 8)
        let x = (0..<4).map { _ in a.next() }
        #expect(x == (0..<4).map { _ in b.next() })
        #expect(x != (0..<4).map { _ in c.next() })
    }

    @Test func uniformsStayInUnitInterval() {
        var g = Xoshiro256StarStar(seed: 1)
        for _ in 0..<10_000 {
            let d = g.nextDouble()
            #expect(d >= 0 && d < 1)
            let i = g.nextInt(below: 7)
            #expect(i >= 0 && i < 7)
        }
    }
}
