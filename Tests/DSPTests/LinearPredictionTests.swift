import Foundation
import Testing
@testable import DSP

@Suite("LinearPrediction")
struct LinearPredictionTests {
    /// Uniform values in [-0.5, 0.5) from x <- (1103515245 x + 12345) mod 2^31, as in
    /// `References/lpc_librosa.py`.
    static func lcg(count: Int, seed: UInt64) -> [Double] {
        var x = seed
        return (0..<count).map { _ in
            x = (1_103_515_245 * x + 12345) % (1 << 31)
            return Double(x) / Double(1 << 31) - 0.5
        }
    }

    /// The test signals of `References/lpc_librosa.py`.
    static func signal(_ kind: String, count: Int) -> [Double] {
        let noise = lcg(count: count, seed: 2024)
        switch kind {
        case "sines":
            return (0..<count).map { i in
                let n = Double(i)
                return 0.8 * sin(0.11 * n + 0.2) + 0.5 * sin(0.37 * n) + 0.3 * sin(1.9 * n + 1.0) + 0.1 * noise[i]
            }
        case "noise":
            return noise
        default:
            var y1 = 0.0, y2 = 0.0
            return noise.map { x in
                let y = x + 1.8 * y1 - 0.9 * y2
                (y2, y1) = (y1, y)
                return y
            }
        }
    }

    /// librosa 0.11 `librosa.lpc` on float64 input, printed by `References/lpc_librosa.py`.
    static let librosa: [(String, Int, Int, [Double])] = [
        ("sines", 512, 10, [1.0, -1.2961970128513318, -0.05286384717119008, -0.252904642829463, 0.47555100704692876, 0.8893423677824239, -0.4206102749231234, -0.5084702679673131, 0.3246123332347204, -0.41724028289846343, 0.2840653030637587]),
        ("noise", 400, 16, [1.0, 0.00788915062095703, -0.024301111807070747, 0.051975504099843736, -0.02430133431192019, -0.0507133915487629, -0.06450105010206812, -0.07613445744382805, 0.08436089915417931, -0.07278953255961265, 0.05187633972798393, -0.06895699894112292, -0.0431199576183328, -0.0045969374113057435, 0.007277896218054277, -0.016422110914102155, 0.034171169439218795]),
        ("resonance", 400, 18, [1.0, -1.782728379368746, 0.8514745966915231, 0.10088437678425585, -0.13236426451628444, 0.029553828412510263, 0.009660131058491275, 0.0009257312813918759, 0.16268434170948093, -0.2991064058702111, 0.25454109894448484, -0.21660293854872764, 0.12341395004671438, 0.011619832750421815, -0.02080704498485589, -0.031514730143034575, 0.06298824443213562, -0.06319564525569954, 0.011212123887633004]),
    ]

    /// Largest |ours - reference| relative to the largest |reference coefficient|.
    static func relativeError(_ ours: [Double], _ reference: [Double]) -> Double {
        let scale = reference.map(abs).max() ?? 1
        return zip(ours, reference).map { abs($0 - $1) }.max()! / scale
    }

    @Test("Burg coefficients equal librosa.lpc within 1e-9 relative (float64)", arguments: 0..<3)
    func matchesLibrosa(index: Int) {
        let (kind, count, order, reference) = Self.librosa[index]
        let ours = LinearPrediction.burg(Self.signal(kind, count: count), order: order)
        #expect(ours.count == order + 1)
        #expect(ours[0] == 1)
        let error = Self.relativeError(ours, reference)
        print("LPC \(kind) order \(order): relative error \(error)")
        #expect(error < 1e-9)
    }

    @Test("Float frames give librosa's float64 coefficients within 1e-5 relative")
    func floatFrames() {
        let (kind, count, order, reference) = Self.librosa[0]
        let ours = LinearPrediction.burg(Self.signal(kind, count: count).map(Float.init), order: order)
        #expect(Self.relativeError(ours.map(Double.init), reference) < 1e-5)
    }

    @Test("an AR(2) process is recovered, and a silent frame gives a_k = 0")
    func ar2AndSilence() {
        let a = LinearPrediction.burg(Self.signal("resonance", count: 20000), order: 2)
        #expect(abs(a[1] + 1.8) < 0.01 && abs(a[2] - 0.9) < 0.01)
        #expect(LinearPrediction.burg([Double](repeating: 0, count: 64), order: 4) == [1, 0, 0, 0, 0])
    }
}
