import Foundation

/// An sRGB colour with 8-bit channels.
public struct RGBColor: Sendable, Equatable, Hashable {
    /// Red, 0...255.
    public var red: UInt8
    /// Green, 0...255.
    public var green: UInt8
    /// Blue, 0...255.
    public var blue: UInt8

    /// Makes a colour from 8-bit channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Makes a colour from channels in [0, 1] (clamped, rounded to the nearest 8-bit value).
    public init(unitRed r: Double, green g: Double, blue b: Double) {
        func byte(_ v: Double) -> UInt8 { UInt8((min(max(v, 0), 1) * 255).rounded()) }
        self.init(red: byte(r), green: byte(g), blue: byte(b))
    }

    /// `#rrggbb`, as SVG and CSS take it.
    public var hex: String { String(format: "#%02x%02x%02x", red, green, blue) }

    /// Relative luminance (sRGB, ITU-R BT.709 weights on linearised channels), 0 (black) to 1
    /// (white): decides whether text drawn on this colour is black or white.
    public var luminance: Double {
        func linear(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on this colour.
    public var contrastingText: RGBColor {
        luminance > 0.22 ? RGBColor(red: 0, green: 0, blue: 0) : RGBColor(red: 255, green: 255, blue: 255)
    }
}

/// The report's colours: one categorical colour per method, the same in every plot, and the
/// viridis colormap for heat maps and spectrograms.
public enum Palette {
    /// The Okabe-Ito colour-blind-safe qualitative palette (Okabe & Ito 2008, "Color Universal
    /// Design"), reordered so the first colours differ most on white; yellow last, as it is the
    /// faintest on white.
    public static let categorical: [RGBColor] = [
        RGBColor(red: 0, green: 114, blue: 178),    // blue
        RGBColor(red: 230, green: 159, blue: 0),    // orange
        RGBColor(red: 0, green: 158, blue: 115),    // bluish green
        RGBColor(red: 213, green: 94, blue: 0),     // vermillion
        RGBColor(red: 204, green: 121, blue: 167),  // reddish purple
        RGBColor(red: 86, green: 180, blue: 233),   // sky blue
        RGBColor(red: 80, green: 80, blue: 80),     // dark grey (Okabe-Ito's black, softened)
        RGBColor(red: 240, green: 228, blue: 66),   // yellow
    ]

    /// The colour of method number `index` in the study's method order (cycling after eight).
    public static func method(_ index: Int) -> RGBColor {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }

    /// Every 8th entry (indices 0, 8, ..., 248, and the last, 255) of the 256-entry viridis
    /// table (van der Walt & Smith, 2015, published CC0 with matplotlib), in [0, 1].
    static let viridisSamples: [(Double, Double, Double)] = [
        (0.267004, 0.004874, 0.329415), (0.277018, 0.050344, 0.375715), (0.282327, 0.094955, 0.417331),
        (0.282884, 0.135920, 0.453427), (0.278826, 0.175490, 0.483397), (0.270595, 0.214069, 0.507052),
        (0.258965, 0.251537, 0.524736), (0.244972, 0.287675, 0.537260), (0.229739, 0.322361, 0.545706),
        (0.214298, 0.355619, 0.551184), (0.199430, 0.387607, 0.554642), (0.185556, 0.418570, 0.556753),
        (0.172719, 0.448791, 0.557885), (0.160665, 0.478540, 0.558115), (0.149039, 0.508051, 0.557250),
        (0.137770, 0.537492, 0.554906), (0.127568, 0.566949, 0.550556), (0.120565, 0.596422, 0.543611),
        (0.120638, 0.625828, 0.533488), (0.132268, 0.655014, 0.519661), (0.157851, 0.683765, 0.501686),
        (0.196571, 0.711827, 0.479221), (0.246070, 0.738910, 0.452024), (0.304148, 0.764704, 0.419943),
        (0.369214, 0.788888, 0.382914), (0.440137, 0.811138, 0.340967), (0.515992, 0.831158, 0.294279),
        (0.595839, 0.848717, 0.243329), (0.678489, 0.863742, 0.189503), (0.762373, 0.876424, 0.137064),
        (0.845561, 0.887322, 0.099702), (0.926106, 0.897330, 0.104071), (0.993248, 0.906157, 0.143936),
    ]

    /// 256 viridis colours, index 0 (dark purple, low) to 255 (yellow, high), interpolated
    /// linearly between the tabulated samples (the error against the full table is below one
    /// 8-bit step).
    public static let viridis: [RGBColor] = (0..<256).map { index in
        // Sample j sits at table index 8 j, except the last, which sits at 255.
        let j = min(index / 8, viridisSamples.count - 2)
        let lowIndex = Double(8 * j)
        let highIndex = j + 1 == viridisSamples.count - 1 ? 255.0 : Double(8 * (j + 1))
        let f = (Double(index) - lowIndex) / (highIndex - lowIndex)
        let a = viridisSamples[j], b = viridisSamples[j + 1]
        return RGBColor(unitRed: a.0 + f * (b.0 - a.0), green: a.1 + f * (b.1 - a.1), blue: a.2 + f * (b.2 - a.2))
    }

    /// The viridis colour of `value` on the scale `low...high` (clamped; the middle colour when
    /// the range is empty or not finite).
    public static func viridis(_ value: Double, low: Double, high: Double) -> RGBColor {
        guard high > low, value.isFinite, low.isFinite, high.isFinite else { return viridis[128] }
        let t = min(max((value - low) / (high - low), 0), 1)
        return viridis[Int((t * 255).rounded())]
    }
}
