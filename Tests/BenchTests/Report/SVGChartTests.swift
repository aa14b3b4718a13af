import Foundation
import Testing
@testable import Bench

@Suite("SVG charts")
struct SVGChartTests {
    @Test("nice axes: 1, 2 or 5 times a power of ten, covering the data, labels with just enough decimals")
    func niceTicks() {
        let unit = ChartAxis(covering: 0, 1)
        #expect(unit.ticks.map(unit.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let partial = ChartAxis(covering: 0, 0.87)
        #expect(partial.lower == 0 && abs(partial.upper - 1) < 1e-12 && abs(partial.step - 0.2) < 1e-12)
        let signed = ChartAxis(covering: -3, 17)
        #expect(signed.ticks.map(signed.label) == ["-5", "0", "5", "10", "15", "20"])
        let steps = ChartAxis(covering: 0, 2000)
        #expect(steps.ticks == [0, 500, 1000, 1500, 2000])
        let small = ChartAxis(covering: 0.0012, 0.0047)
        #expect(small.ticks.map(small.label) == ["0.001", "0.002", "0.003", "0.004", "0.005"])
        // A flat range still gets an axis around its value; nothing finite gives 0...1.
        let flat = ChartAxis(covering: 5, 5)
        #expect(flat.lower <= 5 && flat.upper >= 5 && flat.ticks.count >= 2)
        let empty = ChartAxis(covering: .nan, .infinity)
        #expect(empty.lower == 0 && empty.upper == 1)
        for (low, high) in [(0.0, 0.87), (-3.0, 17.0), (0.0012, 0.0047), (13.0, 987.0), (-0.4, -0.01)] {
            let axis = ChartAxis(covering: low, high)
            #expect(axis.lower <= low && axis.upper >= high && (3...8).contains(axis.ticks.count), "\(low)...\(high): \(axis.ticks)")
            let mantissa = axis.step / pow(10, log10(axis.step).rounded(.down))
            #expect([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "step \(axis.step)")
        }
    }

    @Test("text and attributes are escaped; the SVG parses as XML")
    func escaping() {
        #expect(Markup.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        #expect(Markup.escape("bell\u{7}tab\t") == "belltab\t")
        var svg = SVGDocument(width: 100, height: 50, label: "<title> & \"quotes\"")
        svg.text("x < y && z > \"w\"", x: 1, y: 2)
        svg.rect(x: 0, y: 0, width: 10, height: 10, fill: "#fff", tooltip: "<b>")
        let text = svg.render()
        #expect(XMLCheck.problem(text) == nil)
        #expect(text.contains("x &lt; y &amp;&amp; z &gt; &quot;w&quot;"))
        #expect(!text.contains("<b>"))
        #expect(Markup.number(1.0 / 3) == "0.33" && Markup.number(2) == "2" && Markup.number(.nan) == "0" && Markup.number(-0.5) == "-0.5")
    }

    @Test("grouped bars: one bar per method and category, error bars, chance markers, legend")
    func barChart() throws {
        let chart = BarChart(title: "probe <accuracy>", categories: ["waveform", "frequency", "amplitude"],
                             series: [.init(name: "VAE", color: Palette.method(0), values: [0.9, 0.5, nil], errors: [0.05, 0.02, nil]),
                                      .init(name: "β-VAE", color: Palette.method(1), values: [0.8, 0.6, 0.7], errors: [0.01, 0, 0.03])],
                             yTitle: "accuracy", markers: [0.25, 0.125, 0.25], yCovers: 0...1)
        let text = chart.render()
        #expect(XMLCheck.problem(text) == nil)
        // Five bars (one value missing), each with a tooltip naming method and category.
        #expect(text.components(separatedBy: "<title>VAE, ").count - 1 == 2)
        #expect(text.components(separatedBy: "<title>β-VAE, ").count - 1 == 3)
        #expect(text.contains("<title>VAE, waveform: 0.900 ± 0.050</title>"))
        // Four error bars of three lines each; three dashed chance markers plus the legend's.
        #expect(text.components(separatedBy: "stroke=\"#222\" stroke-width=\"1.3\"").count - 1 == 12)
        #expect(text.components(separatedBy: "stroke-dasharray=\"5 3\"").count - 1 == 3)
        #expect(text.contains(">chance</text>") && text.contains(">β-VAE</text>"))
        #expect(text.contains(Palette.method(0).hex) && text.contains(Palette.method(1).hex))
        #expect(chart.axis.ticks.last == 1)
    }

    @Test("lines with legend and axes")
    func lineChart() {
        let chart = LineChart(title: "loss", series: [.init(name: "a", color: Palette.method(0), x: [0, 50, 100], y: [3, 2, 1.5]),
                                                      .init(name: "b", color: Palette.method(1), x: [0, 50, 100], y: [4, .nan, 1])],
                              xTitle: "step", yTitle: "loss")
        let text = chart.render()
        #expect(XMLCheck.problem(text) == nil)
        #expect(text.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(chart.axes.x.ticks == [0, 20, 40, 60, 80, 100])
        #expect(text.contains(">step</text>"))
    }

    @Test("heat map: viridis cells, the extremes at the colormap's ends, a colour bar with ticks")
    func heatMap() {
        #expect(Palette.viridis[0].hex == "#440154" && Palette.viridis[255].hex == "#fde725")
        #expect(Palette.viridis(0.5, low: 0, high: 1) == Palette.viridis[128])
        // Entries between the tabulated samples stay within one 8-bit step of the full
        // published table (entries 50, 100, 150, 200 and 250 of matplotlib's _viridis_data).
        let published: [(Int, Double, Double, Double)] = [
            (50, 0.255645, 0.260703, 0.528312), (100, 0.166617, 0.463708, 0.558119), (150, 0.128087, 0.647749, 0.523491),
            (200, 0.440137, 0.811138, 0.340967), (250, 0.945636, 0.899815, 0.112838),
        ]
        for (index, r, g, b) in published {
            let ours = Palette.viridis[index]
            for (channel, value) in [(ours.red, r), (ours.green, g), (ours.blue, b)] {
                #expect(abs(Double(channel) - value * 255) <= 1, "viridis[\(index)]: \(ours.hex)")
            }
        }
        let map = HeatMap(title: "MI", rowLabels: ["z0", "z1"], columnLabels: ["waveform", "frequency", "amplitude"],
                          values: [[0, 0.5, 1], [0.25, 0.75, .nan]], colorBarTitle: "nats")
        let text = map.render()
        #expect(XMLCheck.problem(text) == nil)
        #expect(text.contains("fill=\"#440154\" stroke=\"#fff\""))
        #expect(text.contains("fill=\"#fde725\" stroke=\"#fff\""))
        #expect(text.contains("<title>z1 × amplitude: –</title>"))
        for label in ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"] { #expect(text.contains(">\(label)</text>")) }
        // Text on the dark end is white, on the bright end black.
        #expect(Palette.viridis[0].contrastingText.hex == "#ffffff" && Palette.viridis[255].contrastingText.hex == "#000000")
    }

    @Test("method colours are distinct and stable")
    func palette() {
        let colors = (0..<8).map { Palette.method($0).hex }
        #expect(Set(colors).count == 8)
        #expect(Palette.method(8) == Palette.method(0))
    }
}
