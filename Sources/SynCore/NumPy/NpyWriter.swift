import Foundation

/// Writes NumPy `.npy` files in format 1.0 (C order, little-endian), readable by `numpy.load`
/// and memory-mappable with `mmap_mode`.
public enum NpyWriter {
    /// A complete `.npy` file for float32 `values` of `shape`.
    public static func data(_ values: [Float], shape: [Int]) -> [UInt8] {
        encode(values.map { $0.bitPattern.littleEndian }, dtype: .float32, shape: shape)
    }

    /// A complete `.npy` file for float64 `values` of `shape`.
    public static func data(_ values: [Double], shape: [Int]) -> [UInt8] {
        encode(values.map { $0.bitPattern.littleEndian }, dtype: .float64, shape: shape)
    }

    /// A complete `.npy` file for int32 `values` of `shape`.
    public static func data(_ values: [Int32], shape: [Int]) -> [UInt8] {
        encode(values.map { $0.littleEndian }, dtype: .int32, shape: shape)
    }

    /// Writes float32 `values` of `shape` to `url` (replacing any file there).
    public static func write(_ values: [Float], shape: [Int], to url: URL) throws {
        try Data(data(values, shape: shape)).write(to: url)
    }

    /// Writes float64 `values` of `shape` to `url` (replacing any file there).
    public static func write(_ values: [Double], shape: [Int], to url: URL) throws {
        try Data(data(values, shape: shape)).write(to: url)
    }

    /// Writes int32 `values` of `shape` to `url` (replacing any file there).
    public static func write(_ values: [Int32], shape: [Int], to url: URL) throws {
        try Data(data(values, shape: shape)).write(to: url)
    }

    private static func encode<T: FixedWidthInteger>(_ words: [T], dtype: NpyDType, shape: [Int]) -> [UInt8] {
        precondition(words.count == shape.reduce(1, *), "value count does not match the shape")
        var out = NpyHeader(dtype: dtype, shape: shape).encoded()
        words.withUnsafeBytes { out.append(contentsOf: $0) }
        return out
    }
}
