import Metrics
import SynCore

/// The seeded choice of class manifolds for MFTMA: up to `maxClasses` classes of a factor and
/// `perClass` items of each, as the reference's `make_manifold_data` samples P classes and
/// M examples per class.
public struct ManifoldSample: Sendable, Equatable {
    /// The chosen class labels, ascending.
    public var classes: [Int]
    /// For each chosen class, the chosen row indices (ascending).
    public var members: [[Int]]

    /// Draws the sample from the stream `Xoshiro256StarStar.dataset(seed:reserved: 0)`.
    ///
    /// - Throws: ``AnalysisInputError`` when the factor has fewer than 3 classes (MFTMA needs
    ///   at least 3 manifolds) or a class has fewer than `perClass` items.
    public static func draw(labels: [Int], factor: String, maxClasses: Int, perClass: Int,
                            seed: UInt64) throws -> ManifoldSample {
        var rows: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { rows[label, default: []].append(i) }
        let all = rows.keys.sorted()
        guard all.count >= 3 else {
            throw AnalysisInputError("factor '\(factor)': \(all.count) class(es); manifold capacity needs at least 3 classes (manifolds)")
        }
        if let thin = all.first(where: { rows[$0]!.count < perClass }) {
            throw AnalysisInputError("factor '\(factor)': class \(thin) has \(rows[thin]!.count) item(s) but --points-per-class asks for \(perClass); lower it to at most \(all.map { rows[$0]!.count }.min()!) (at least 2)")
        }
        var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: 0)
        var chosen = all
        if chosen.count > maxClasses {
            shuffle(&chosen, rng: &rng)
            chosen = Array(chosen.prefix(maxClasses)).sorted()
        }
        var members: [[Int]] = []
        for label in chosen {
            var candidates = rows[label]!
            shuffle(&candidates, rng: &rng)
            members.append(Array(candidates.prefix(perClass)).sorted())
        }
        return ManifoldSample(classes: chosen, members: members)
    }

    /// Fisher–Yates with the project's generator (never the standard library's, whose
    /// algorithm may change between releases).
    static func shuffle(_ values: inout [Int], rng: inout Xoshiro256StarStar) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, rng.nextInt(below: i + 1))
        }
    }
}

/// A seeded Gaussian random projection with unit-norm rows, applied to layers wider than the
/// analysis' feature limit (5000 by default), as the spec asks.
public enum RandomProjection {
    /// `x [n, d]` projected to `[n, width]` by `x W^T`, `W [width, d]` Gaussian with each row
    /// scaled to unit norm, drawn from `Xoshiro256StarStar.dataset(seed:reserved: 1)` row by
    /// row and applied in blocks of rows so W is never held whole.
    public static func apply(_ x: Matrix, width: Int, seed: UInt64) -> Matrix {
        let n = x.rows, d = x.columns
        var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: 1)
        var out = [Double](repeating: 0, count: n * width)
        let block = max(1, min(width, 4_000_000 / max(1, d)))
        var start = 0
        var rowsOfW = [Double](repeating: 0, count: block * d)
        var part = [Double](repeating: 0, count: n * block)
        while start < width {
            let count = min(block, width - start)
            for r in 0..<count {
                var norm2 = 0.0
                for c in 0..<d {
                    let g = rng.nextGaussian()
                    rowsOfW[r * d + c] = g
                    norm2 += g * g
                }
                let scale = 1 / norm2.squareRoot()
                for c in 0..<d { rowsOfW[r * d + c] *= scale }
            }
            DenseBLAS.multiplyTransposed(x.storage, rows: n, inner: d, rowsOfW, columns: count, into: &part)
            for i in 0..<n { for c in 0..<count { out[i * width + start + c] = part[i * count + c] } }
            start += count
        }
        return Matrix(rows: n, columns: width, storage: out)
    }
}
