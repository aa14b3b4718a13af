import Foundation
import SynCore
import Testing
@testable import DSP

@Suite("RealFFT")
struct RealFFTTests {
    /// Straightforward O(N^2) DFT, the definition the plans must match.
    func directDFT(_ x: [Double]) -> [(Double, Double)] {
        let n = x.count
        return (0...(n / 2)).map { m in
            var re = 0.0, im = 0.0
            for (i, v) in x.enumerated() {
                let angle = -2 * Double.pi * Double(m * i) / Double(n)
                re += v * cos(angle)
                im += v * sin(angle)
            }
            return (re, im)
        }
    }

    @Test("matches the DFT definition", arguments: [1, 2, 7, 12, 64, 100])
    func matchesDefinition(size: Int) {
        var rng = Xoshiro256StarStar(seed: UInt64(size))
        let x = (0..<size).map { _ in rng.nextDouble(in: -1, 1) }
        let fft = RealFFT(size: size)
        var re = [Double](repeating: 0, count: fft.binCount), im = re
        fft.transform(x, real: &re, imaginary: &im)
        let expected = directDFT(x)
        for m in 0..<fft.binCount {
            #expect(abs(re[m] - expected[m].0) < 1e-10)
            #expect(abs(im[m] - expected[m].1) < 1e-10)
        }
        let power = fft.powerSpectrum(x)
        for m in 0..<fft.binCount {
            #expect(abs(power[m] - (expected[m].0 * expected[m].0 + expected[m].1 * expected[m].1)) < 1e-9)
        }
    }

    @Test("zero-pads short input")
    func zeroPads() {
        let fft = RealFFT(size: 16)
        let x: [Double] = [1, 2, 3]
        #expect(fft.powerSpectrum(x) == fft.powerSpectrum(x + [Double](repeating: 0, count: 13)))
        #expect(abs(fft.powerSpectrum(x)[0] - 36) < 1e-12)
        // Only the valid prefix of a reused, longer buffer is read.
        var power = [Double](repeating: -1, count: fft.binCount + 2)
        fft.powerSpectrum(x + [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9], count: 3, into: &power)
        #expect(Array(power.prefix(fft.binCount)) == fft.powerSpectrum(x) && power.suffix(2) == [-1, -1])
    }

    @Test("single precision agrees with double precision")
    func floatAgrees() {
        var rng = Xoshiro256StarStar(seed: 9)
        let x = (0..<256).map { _ in rng.nextDouble(in: -1, 1) }
        let reference = RealFFT(size: 256).powerSpectrum(x)
        let fft = RealFFTFloat(size: 256)
        var power = [Float](repeating: 0, count: fft.binCount)
        let xf = x.map { Float($0) }
        fft.powerSpectrum(xf, into: &power)
        let scale = reference.max()!
        for m in 0..<fft.binCount { #expect(abs(Double(power[m]) - reference[m]) < 1e-5 * scale) }
    }

    @Test("plans made on many threads at once are all correct")
    func concurrentPlanning() {
        let sizes = [30, 48, 60, 90, 120, 250, 256, 333]
        let x = (0..<333).map { sin(Double($0) * 0.37) }
        let serial = sizes.map { RealFFT(size: $0).powerSpectrum(Array(x.prefix($0))) }
        let parallel = parallelMap(sizes.count * 4, jobs: 4) { i in
            RealFFT(size: sizes[i % sizes.count]).powerSpectrum(Array(x.prefix(sizes[i % sizes.count])))
        }
        for i in 0..<parallel.count { #expect(parallel[i] == serial[i % sizes.count]) }
    }
}
