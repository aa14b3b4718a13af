import Foundation
import Testing
@testable import DSP

@Suite("Window")
struct WindowTests {
    @Test("Blackman-Harris: symmetric, 1 at the centre, a0 - a1 + a2 - a3 at the ends")
    func blackmanHarrisShape() {
        let w = Window.blackmanHarris.samples(count: 101)
        #expect(abs(w[50] - 1) < 1e-12)
        #expect(abs(w[0] - (0.35875 - 0.48829 + 0.14128 - 0.01168)) < 1e-12)
        for n in 0..<101 { #expect(abs(w[n] - w[100 - n]) < 1e-12) }
        let mean = w.dropLast().reduce(0, +) / 100
        #expect(abs(Window.blackmanHarris.samples(count: 100, periodic: true).reduce(0, +) / 100 - 0.35875) < 1e-12)
        #expect(mean < 0.36)
    }

    @Test("Hamming: 0.08 at the ends of a symmetric window, 1 at the centre, mean 0.54 when periodic")
    func hammingShape() {
        let w = Window.hamming.samples(count: 101)
        #expect(abs(w[0] - 0.08) < 1e-12 && abs(w[100] - 0.08) < 1e-12 && abs(w[50] - 1) < 1e-12)
        #expect(abs(Window.hamming.samples(count: 100, periodic: true).reduce(0, +) / 100 - 0.54) < 1e-12)
    }

    @Test("Blackman-Harris sidelobes stay 92 dB below the main lobe")
    func blackmanHarrisSidelobes() {
        let n = 64, pad = 64 * 32
        let power = RealFFT(size: pad).powerSpectrum(Window.blackmanHarris.samples(count: n, periodic: true))
        let peak = power[0]
        // Main lobe: +-4 bins of the unpadded length = 4 * 32 padded bins.
        let sidelobe = power[(4 * 32 + 2)...].max()!
        #expect(10 * log10(sidelobe / peak) < -92)
    }

    @Test("7-term Blackman-Harris: 1 at the centre, sidelobes below -160 dB")
    func blackmanHarris7() {
        let w = Window.blackmanHarris7.samples(count: 101)
        #expect(abs(w[50] - 1) < 1e-12)
        let n = 64, pad = 64 * 32
        let power = RealFFT(size: pad).powerSpectrum(Window.blackmanHarris7.samples(count: n, periodic: true))
        let sidelobe = power[(7 * 32 + 2)...].max()!
        #expect(10 * log10(sidelobe / power[0]) < -160)
    }

    /// Samples of scipy.signal.windows.hann / .blackmanharris, printed by
    /// `References/scipy_windows.py`: (window, count, periodic, indices, SciPy's samples).
    static let sciPy: [(Window, Int, Bool, [Int], [Double])] = [
        (.hann, 101, false, [0, 1, 13, 50, 77, 100], [0.0, 0.0009866357858642205, 0.15772644703565564, 1.0, 0.4373333832178478, 0.0]),
        (.hann, 64, true, [0, 1, 13, 32, 47, 63], [0.0, 0.002407636663901591, 0.3548576613727689, 1.0, 0.5490085701647802, 0.0024076366639015356]),
        (.blackmanHarris, 101, false, [0, 1, 13, 50, 77, 100],
         [6.0000000000001025e-05, 0.00011637868895762564, 0.024621043722600426, 1.0, 0.1650093011539899, 6.0000000000001025e-05]),
        (.blackmanHarris, 64, true, [0, 1, 13, 32, 47, 63],
         [6.0000000000001025e-05, 0.00019953110724921057, 0.10856563021259184, 1.0, 0.26465492000582047, 0.00019953110724920363]),
    ]

    @Test("Hann and 4-term Blackman-Harris match SciPy's windows, symmetric and periodic")
    func matchesSciPy() {
        for (window, count, periodic, indices, expected) in Self.sciPy {
            let w = window.samples(count: count, periodic: periodic)
            for (n, value) in zip(indices, expected) {
                #expect(abs(w[n] - value) < 1e-15, "\(window) \(count) periodic: \(periodic) [\(n)]: \(w[n]) vs \(value)")
            }
        }
    }

    @Test("Hann and rectangular")
    func others() {
        #expect(Window.rectangular.samples(count: 5) == [1, 1, 1, 1, 1])
        let hann = Window.hann.samples(count: 5)
        #expect(abs(hann[2] - 1) < 1e-15 && abs(hann[0]) < 1e-15 && abs(hann[1] - 0.5) < 1e-15)
        #expect(Window.hann.samples(count: 1) == [1])
        #expect(Window.hann.samples(count: 0).isEmpty)
    }
}
