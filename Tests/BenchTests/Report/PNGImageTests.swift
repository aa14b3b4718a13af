import CZlib
import Foundation
import Testing
@testable import Bench

/// A minimal PNG reader for the tests: chunk walk with CRC checks, zlib inflate, unfiltering.
enum PNGReader {
    struct Decoded {
        var width: Int
        var height: Int
        var colorType: UInt8
        var pixels: [UInt8]
        var chunkTypes: [String]
    }

    static func bigEndian(_ b: ArraySlice<UInt8>) -> Int {
        b.reduce(0) { $0 << 8 | Int($1) }
    }

    static func decode(_ bytes: [UInt8]) throws -> Decoded {
        try #require(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var types: [String] = []
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        while offset + 12 <= bytes.count {
            let length = bigEndian(bytes[offset..<(offset + 4)])
            let typed = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let stored = UInt32(bigEndian(bytes[(offset + 8 + length)..<(offset + 12 + length)]))
            let computed = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            let type = String(decoding: typed.prefix(4), as: UTF8.self)
            #expect(stored == computed, "CRC of \(type)")
            types.append(type)
            if type == "IHDR" { header = Array(typed.dropFirst(4)) }
            if type == "IDAT" { compressed += typed.dropFirst(4) }
            offset += 12 + length
        }
        #expect(offset == bytes.count)
        let width = bigEndian(header[0..<4]), height = bigEndian(header[4..<8])
        #expect(header[8] == 8 && header[10] == 0 && header[11] == 0 && header[12] == 0)
        let channels = header[9] == 2 ? 3 : 1
        let rowBytes = width * channels
        var raw = [UInt8](repeating: 0, count: height * (rowBytes + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { dst in
            compressed.withUnsafeBufferPointer { src in uncompress(dst.baseAddress, &rawLength, src.baseAddress, uLong(src.count)) }
        }
        try #require(status == Z_OK && Int(rawLength) == raw.count)
        var pixels = [UInt8](repeating: 0, count: height * rowBytes)
        for y in 0..<height {
            let filter = raw[y * (rowBytes + 1)]
            for i in 0..<rowBytes {
                let x = raw[y * (rowBytes + 1) + 1 + i]
                let a = i >= channels ? pixels[y * rowBytes + i - channels] : 0
                let b = y > 0 ? pixels[(y - 1) * rowBytes + i] : 0
                let c = y > 0 && i >= channels ? pixels[(y - 1) * rowBytes + i - channels] : 0
                let predicted: UInt8
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = UInt8((Int(a) + Int(b)) / 2)
                case 4:
                    let p = Int(a) + Int(b) - Int(c)
                    let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default:
                    Issue.record("filter type \(filter) is not defined")
                    predicted = 0
                }
                pixels[y * rowBytes + i] = x &+ predicted
            }
        }
        return Decoded(width: width, height: height, colorType: header[9], pixels: pixels, chunkTypes: types)
    }
}

@Suite("PNG encoder")
struct PNGImageTests {
    @Test("RGB and grey images decode (zlib inflate, unfiltering) to the same pixels; every chunk's CRC holds")
    func roundTrip() throws {
        var state: UInt32 = 7
        func next() -> UInt8 {
            state = state &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        // Smooth gradients (which Sub, Up, Average and Paeth suit) with noise in one corner.
        let (w, h) = (37, 23)
        var rgb: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w {
                let noisy = x < 8 && y < 8
                rgb += [UInt8(x * 6), UInt8(y * 10), noisy ? next() : UInt8((x + y) * 3)]
            }
        }
        let image = try #require(PNGImage(width: w, height: h, colorType: .rgb, pixels: rgb))
        let decoded = try PNGReader.decode(image.encoded())
        #expect(decoded.chunkTypes == ["IHDR", "IDAT", "IEND"])
        #expect(decoded.width == w && decoded.height == h && decoded.colorType == 2)
        #expect(decoded.pixels == rgb)
        let filters = Set(image.filteredScanlines().enumerated().filter { $0.offset % (w * 3 + 1) == 0 }.map(\.element))
        #expect(filters.count > 1, "adaptive filtering chose \(filters)")

        let grey = (0..<(w * h)).map { UInt8(($0 * 7) % 256) }
        let greyImage = try #require(PNGImage(width: w, height: h, colorType: .grey, pixels: grey))
        let greyDecoded = try PNGReader.decode(greyImage.encoded())
        #expect(greyDecoded.colorType == 0 && greyDecoded.pixels == grey)
        #expect(PNGImage(width: 2, height: 2, colorType: .rgb, pixels: [1, 2, 3]) == nil)
        #expect(PNGImage.paeth(10, 20, 15) == 15 && PNGImage.paeth(10, 20, 10) == 20)
    }

    @Test("spectrogram images: low bands at the bottom, integer upscaling, white gaps, shared colour scale")
    func spectrogram() throws {
        // 4 bands x 3 frames, band 0 loud (1), the rest quiet (0).
        let cell: [Float] = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let image = SpectrogramImage.grid([[cell, cell]], height: 4, width: 3, scaleX: 2, scaleY: 3, gap: 2)
        #expect(image.width == 2 * 6 + 2 && image.height == 12)
        let decoded = try PNGReader.decode(image.encoded())
        func pixel(_ x: Int, _ y: Int) -> RGBColor {
            let i = (y * decoded.width + x) * 3
            return RGBColor(red: decoded.pixels[i], green: decoded.pixels[i + 1], blue: decoded.pixels[i + 2])
        }
        #expect(pixel(0, 11) == Palette.viridis[255] && pixel(5, 9) == Palette.viridis[255])
        #expect(pixel(0, 8) == Palette.viridis[0] && pixel(0, 0) == Palette.viridis[0])
        #expect(pixel(6, 0) == RGBColor(red: 255, green: 255, blue: 255) && pixel(7, 11) == RGBColor(red: 255, green: 255, blue: 255))
        #expect(pixel(8, 11) == Palette.viridis[255])
        #expect(SpectrogramImage.upscale(height: 128, width: 32) == (3, 1) && SpectrogramImage.upscale(height: 64, width: 64) == (2, 2))
        #expect(image.dataURI.hasPrefix("data:image/png;base64,iVBORw0KGgo"))
    }
}
