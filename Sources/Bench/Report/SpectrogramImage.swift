/// Log-mel spectrograms as viridis PNG images: band 0 (the lowest frequencies) at the bottom,
/// each value one block of `scaleX` x `scaleY` pixels, cells separated by white gaps.
public enum SpectrogramImage {
    /// Integer upscaling factors that bring an H x W spectrogram to roughly `target` pixels
    /// on each side (at least 1; e.g. 128 x 32 -> (x 3, y 1), 64 x 64 -> (x 2, y 2)).
    public static func upscale(height: Int, width: Int, target: Int = 96) -> (x: Int, y: Int) {
        (max(1, Int((Double(target) / Double(max(width, 1))).rounded())),
         max(1, Int((Double(target) / Double(max(height, 1))).rounded())))
    }

    /// A grid of spectrograms: `cells[row][column]`, each `height` x `width` values row-major
    /// (band-major, as ``DSP/MelSpectrogram`` writes them). Colours span `range` (nil: the
    /// smallest to the largest finite value of all cells, so the cells compare). Missing or
    /// short cells stay white.
    public static func grid(_ cells: [[[Float]]], height: Int, width: Int, range: ClosedRange<Double>? = nil,
                            scaleX: Int = 1, scaleY: Int = 1, gap: Int = 2) -> PNGImage {
        let rows = max(cells.count, 1), columns = max(cells.map(\.count).max() ?? 1, 1)
        let sx = max(scaleX, 1), sy = max(scaleY, 1), g = max(gap, 0)
        let cellWidth = max(width, 1) * sx, cellHeight = max(height, 1) * sy
        var image = PNGImage(width: columns * cellWidth + (columns - 1) * g, height: rows * cellHeight + (rows - 1) * g,
                             colorType: .rgb, fill: [255, 255, 255])
        let scale = range ?? valueRange(cells)
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() where cell.count >= height * width {
                let left = c * (cellWidth + g), top = r * (cellHeight + g)
                for band in 0..<height {
                    // Band 0 is the lowest frequency: it goes to the cell's bottom row.
                    let y0 = top + (height - 1 - band) * sy
                    for frame in 0..<width {
                        let color = Palette.viridis(Double(cell[band * width + frame]), low: scale.lowerBound, high: scale.upperBound)
                        for dy in 0..<sy {
                            for dx in 0..<sx { image.set(x: left + frame * sx + dx, y: y0 + dy, color) }
                        }
                    }
                }
            }
        }
        return image
    }

    /// The smallest to the largest finite value over all cells (0...1 when there is none).
    public static func valueRange(_ cells: [[[Float]]]) -> ClosedRange<Double> {
        var low = Double.infinity, high = -Double.infinity
        for row in cells {
            for cell in row {
                for v in cell where v.isFinite {
                    low = min(low, Double(v))
                    high = max(high, Double(v))
                }
            }
        }
        guard low.isFinite, high.isFinite else { return 0...1 }
        return high > low ? low...high : low...(low + 1)
    }
}
