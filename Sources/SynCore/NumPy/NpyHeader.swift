import Foundation

/// The header of a NumPy `.npy` file: element type, shape and memory order.
///
/// Follows the NumPy format specification (NEP 1, versions 1.0, 2.0 and 3.0): the magic
/// `\x93NUMPY`, two version bytes, a little-endian header length (2 bytes in 1.0, 4 in 2.0/3.0)
/// and a Python dict literal padded with spaces and a newline so the data starts on a 64-byte
/// boundary.
public struct NpyHeader: Sendable, Equatable {
    /// Element type.
    public var dtype: NpyDType
    /// Array shape (empty for a scalar).
    public var shape: [Int]
    /// True when the data is in Fortran (column-major) order.
    public var fortranOrder: Bool

    /// Describes an array.
    public init(dtype: NpyDType, shape: [Int], fortranOrder: Bool = false) {
        self.dtype = dtype
        self.shape = shape
        self.fortranOrder = fortranOrder
    }

    /// Number of elements.
    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes of array data that follow the header.
    public var dataByteCount: Int { elementCount * dtype.size }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The encoded header in format 1.0 (or 2.0 when the dict exceeds 65535 bytes), padded so
    /// that the data that follows starts at a multiple of 64 bytes.
    public func encoded() -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = "{'descr': '\(dtype.descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        let useV2 = dict.utf8.count + 1 + 10 > 65535
        let prefix = useV2 ? 12 : 10
        let unpadded = prefix + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = dict.utf8.count
        var out = NpyHeader.magic + [useV2 ? 2 : 1, 0]
        if useV2 {
            out += withUnsafeBytes(of: UInt32(length).littleEndian, Array.init)
        } else {
            out += withUnsafeBytes(of: UInt16(length).littleEndian, Array.init)
        }
        out += Array(dict.utf8)
        return out
    }

    /// Parses the header at the start of `bytes`.
    ///
    /// - Parameter source: the file name used in error messages.
    /// - Returns: the header and the offset of the first data byte.
    /// - Throws: ``NumPyFormatError`` naming `source` and what is wrong.
    public static func parse<C: RandomAccessCollection>(_ bytes: C, source: String) throws -> (header: NpyHeader, dataOffset: Int)
    where C.Element == UInt8, C.Index == Int {
        let start = bytes.startIndex
        func fail(_ why: String) -> NumPyFormatError { NumPyFormatError(source: source, reason: why) }
        guard bytes.count >= 10 else { throw fail("file is too short to be a .npy array (\(bytes.count) bytes)") }
        guard Array(bytes[start..<start + 6]) == magic else { throw fail("not a NumPy .npy file (bad magic bytes)") }
        let major = bytes[start + 6]
        let headerLength: Int
        let prefix: Int
        switch major {
        case 1:
            headerLength = Int(bytes[start + 8]) | Int(bytes[start + 9]) << 8
            prefix = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated .npy header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[start + 8 + $1]) << (8 * $1) }
            prefix = 12
        default:
            throw fail("unsupported .npy format version \(major).\(bytes[start + 7]); versions 1.0, 2.0 and 3.0 are supported")
        }
        guard bytes.count >= prefix + headerLength else { throw fail("truncated .npy header") }
        guard let text = String(bytes: bytes[start + prefix..<start + prefix + headerLength], encoding: .utf8) else {
            throw fail("the .npy header is not valid text")
        }
        let header = try parseDict(text, fail: fail)
        return (header, prefix + headerLength)
    }

    private static func parseDict(_ text: String, fail: (String) -> NumPyFormatError) throws -> NpyHeader {
        func value(of key: String) -> Substring? {
            for quote in ["'", "\""] {
                if let r = text.range(of: quote + key + quote) {
                    var rest = text[r.upperBound...].drop { $0 == " " }
                    guard rest.first == ":" else { return nil }
                    rest = rest.dropFirst().drop { $0 == " " }
                    return rest
                }
            }
            return nil
        }
        guard let descrRest = value(of: "descr"), let q = descrRest.first, q == "'" || q == "\"",
              let end = descrRest.dropFirst().firstIndex(of: q) else {
            throw fail("the .npy header has no 'descr' entry")
        }
        let descr = String(descrRest[descrRest.index(after: descrRest.startIndex)..<end])
        guard let dtype = NpyDType(descr: descr) else {
            throw fail("unsupported dtype '\(descr)'; supported: little-endian float32, float64, int8/16/32/64, uint8/16/32/64, bool")
        }
        guard let orderRest = value(of: "fortran_order") else { throw fail("the .npy header has no 'fortran_order' entry") }
        let fortran: Bool
        if orderRest.hasPrefix("True") { fortran = true } else if orderRest.hasPrefix("False") { fortran = false } else {
            throw fail("the .npy header's 'fortran_order' is neither True nor False")
        }
        guard let shapeRest = value(of: "shape"), shapeRest.first == "(", let close = shapeRest.firstIndex(of: ")") else {
            throw fail("the .npy header has no 'shape' tuple")
        }
        let inner = shapeRest[shapeRest.index(after: shapeRest.startIndex)..<close]
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let t = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
            if t.isEmpty { continue }
            guard let n = Int(t), n >= 0 else { throw fail("bad dimension '\(t)' in the .npy shape") }
            shape.append(n)
        }
        var bytes = dtype.size
        for n in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: n)
            guard !overflow else { throw fail("shape \(shape) is too large to be a real array") }
            bytes = product
        }
        return NpyHeader(dtype: dtype, shape: shape, fortranOrder: fortran)
    }
}

/// A malformed, truncated or unsupported NumPy file.
public struct NumPyFormatError: UserError {
    /// The file (or archive member) at fault.
    public var source: String
    /// What was wrong.
    public var reason: String
    public var description: String { "\(source): \(reason)" }
}

