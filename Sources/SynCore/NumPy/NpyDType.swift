/// The element types SynBench reads from and writes to NumPy files (little-endian only).
public enum NpyDType: String, Sendable, CaseIterable {
    case float32 = "<f4"
    case float64 = "<f8"
    case int8 = "|i1"
    case uint8 = "|u1"
    case int16 = "<i2"
    case uint16 = "<u2"
    case int32 = "<i4"
    case uint32 = "<u4"
    case int64 = "<i8"
    case uint64 = "<u8"
    case bool = "|b1"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .int16, .uint16: return 2
        case .float32, .int32, .uint32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// True for the floating-point types.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// The NumPy `descr` string (`<f4`, `|u1`, ...).
    public var descr: String { rawValue }

    /// Parses a NumPy `descr`, accepting the equivalent spellings NumPy writes
    /// (`<u1`/`|u1`, `|i1`/`<i1`, `|b1`/`<b1`, and `=` for native little-endian).
    public init?(descr: String) {
        var d = descr
        if d.hasPrefix("=") { d = "<" + d.dropFirst() }
        if let t = NpyDType(rawValue: d) { self = t; return }
        switch d {
        case "<u1": self = .uint8
        case "<i1": self = .int8
        case "<b1": self = .bool
        default: return nil
        }
    }
}
