import CZlib
import Foundation

/// An 8-bit image and its PNG encoding (PNG specification, W3C 2003 / ISO 15948): a signature,
/// IHDR, one IDAT holding the zlib stream of the filtered scanlines, IEND; every chunk with
/// its CRC-32 (zlib's `crc32`). Each scanline gets the filter (None, Sub, Up, Average or Paeth)
/// with the smallest sum of absolute filtered bytes, the heuristic the specification
/// recommends (section 12.8); the stream is deflated at level 9.
public struct PNGImage: Sendable, Equatable {
    /// The pixel layout.
    public enum ColorType: UInt8, Sendable {
        /// One byte per pixel.
        case grey = 0
        /// Three bytes per pixel: red, green, blue.
        case rgb = 2

        /// Bytes per pixel.
        public var channels: Int { self == .grey ? 1 : 3 }
    }

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The pixel layout.
    public let colorType: ColorType
    /// Pixels row by row from the top, `channels` bytes each.
    public private(set) var pixels: [UInt8]

    /// A `width` x `height` image filled with `fill` (one value per channel; missing channels 0).
    public init(width: Int, height: Int, colorType: ColorType, fill: [UInt8] = []) {
        precondition(width > 0 && height > 0, "a PNG has at least one pixel, got \(width) x \(height)")
        self.width = width
        self.height = height
        self.colorType = colorType
        let pixel = (0..<colorType.channels).map { $0 < fill.count ? fill[$0] : 0 }
        pixels = [UInt8](repeating: 0, count: width * height * colorType.channels)
        if pixel.contains(where: { $0 != 0 }) {
            for i in 0..<(width * height) {
                for c in 0..<colorType.channels { pixels[i * colorType.channels + c] = pixel[c] }
            }
        }
    }

    /// An image from its pixel bytes (`width * height * channels` of them, row by row from the
    /// top); nil when the count does not match.
    public init?(width: Int, height: Int, colorType: ColorType, pixels: [UInt8]) {
        guard width > 0, height > 0, pixels.count == width * height * colorType.channels else { return nil }
        self.width = width
        self.height = height
        self.colorType = colorType
        self.pixels = pixels
    }

    /// Sets pixel (x, y) (y from the top) of an RGB image; ignored outside the image.
    public mutating func set(x: Int, y: Int, _ color: RGBColor) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = (y * width + x) * colorType.channels
        if colorType == .rgb {
            pixels[i] = color.red
            pixels[i + 1] = color.green
            pixels[i + 2] = color.blue
        } else {
            pixels[i] = UInt8((color.luminance * 255).rounded())
        }
    }

    /// The PNG file's bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        // Bit depth 8, colour type, deflate compression, adaptive filtering, no interlace.
        header += [8, colorType.rawValue, 0, 0, 0]
        Self.appendChunk("IHDR", header, to: &out)
        Self.appendChunk("IDAT", Self.deflate(filteredScanlines()), to: &out)
        Self.appendChunk("IEND", [], to: &out)
        return out
    }

    /// `data:image/png;base64,...` of ``encoded()``.
    public var dataURI: String { Markup.dataURI(mime: "image/png", bytes: encoded()) }

    /// Every scanline preceded by its filter type byte.
    func filteredScanlines() -> [UInt8] {
        let bpp = colorType.channels, rowBytes = width * bpp
        var out: [UInt8] = []
        out.reserveCapacity(height * (rowBytes + 1))
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        var best = candidate
        for y in 0..<height {
            let row = y * rowBytes
            var bestCost = Int.max, bestType: UInt8 = 0
            for type in UInt8(0)...4 {
                var cost = 0
                for i in 0..<rowBytes {
                    let raw = pixels[row + i]
                    let left = i >= bpp ? pixels[row + i - bpp] : 0
                    let up = y > 0 ? pixels[row - rowBytes + i] : 0
                    let upLeft = y > 0 && i >= bpp ? pixels[row - rowBytes + i - bpp] : 0
                    let predicted: UInt8
                    switch type {
                    case 1: predicted = left
                    case 2: predicted = up
                    case 3: predicted = UInt8((Int(left) + Int(up)) / 2)
                    case 4: predicted = Self.paeth(left, up, upLeft)
                    default: predicted = 0
                    }
                    let filtered = raw &- predicted
                    candidate[i] = filtered
                    // Filtered bytes read as signed: small differences either way cost little.
                    cost += abs(Int(Int8(bitPattern: filtered)))
                }
                if cost < bestCost {
                    bestCost = cost
                    bestType = type
                    swap(&best, &candidate)
                }
            }
            out.append(bestType)
            out += best
        }
        return out
    }

    /// The Paeth predictor (PNG specification 9.4): whichever of left, up, upper-left is
    /// closest to left + up - upperLeft, ties in that order.
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// A zlib stream (RFC 1950) of `data` at compression level 9.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var capacity = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = out.withUnsafeMutableBufferPointer { dst in
            data.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &capacity, src.baseAddress, uLong(src.count), 9)
            }
        }
        // compressBound guarantees room, so only running out of memory can fail here.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Array(out.prefix(Int(capacity)))
    }

    /// The CRC-32 of `bytes` (zlib's, the one PNG uses).
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        out.appendBigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        out += typed
        out.appendBigEndian(crc(typed))
    }
}

extension [UInt8] {
    /// Appends `value` most significant byte first (PNG's byte order).
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }
}
