import Foundation

/// One method's latent traversal in the report: per latent a row of spectrogram cells (a PNG,
/// one cell per traversal value, all on the traversal's shared colour scale) and an audio
/// player with that row's Griffin-Lim clip. One PNG per row rather than one for the whole grid,
/// so each player sits beside its row; column headings are laid out on the PNG's own cell
/// pitch, so they line up with the cells.
struct TraversalFigure {
    var traversal: Traversal

    func render() -> String {
        let t = traversal
        let scale = SpectrogramImage.upscale(height: t.height, width: t.width, target: 72)
        let range = SpectrogramImage.valueRange(t.spectrograms)
        let gap = 3
        let cellWidth = t.width * scale.x
        let columns = t.spectrograms.map(\.count).max() ?? 0
        let stripWidth = columns * cellWidth + max(columns - 1, 0) * gap
        let about = ["seed \(t.seed)", t.caption].filter { !$0.isEmpty }.joined(separator: " · ")
        var html = "<figure class=\"traversal\"><h4>\(Markup.escape(t.method)) <span class=\"about\">\(Markup.escape(about))</span></h4>"
        html += "<div class=\"table-scroll\"><table><thead><tr><th>latent</th><th><div class=\"steps\" style=\"width:\(stripWidth)px;grid-template-columns:repeat(\(columns), \(cellWidth)px);column-gap:\(gap)px\">"
        html += (0..<columns).map { "<span>\($0 < t.values.count ? valueLabel(t.values[$0]) : "")</span>" }.joined()
        html += "</div></th><th>audio</th></tr></thead><tbody>"
        for (latent, row) in t.spectrograms.enumerated() {
            let image = SpectrogramImage.grid([row], height: t.height, width: t.width, range: range,
                                              scaleX: scale.x, scaleY: scale.y, gap: gap)
            html += "<tr><td class=\"latent\">z\(latent)</td>"
            html += "<td><img src=\"\(image.dataURI)\" width=\"\(image.width)\" height=\"\(image.height)\" alt=\"\(Markup.escape(t.method)): latent z\(latent) from \(valueLabel(t.values.first ?? 0)) to \(valueLabel(t.values.last ?? 0))\"></td>"
            if latent < t.audio.count, !t.audio[latent].isEmpty {
                html += "<td><audio controls preload=\"metadata\" aria-label=\"\(Markup.escape(t.method)): latent z\(latent) traversal\" "
                html += "src=\"\(WAVAudio.dataURI(t.audio[latent], sampleRate: t.sampleRate))\"></audio></td>"
            } else {
                html += "<td></td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div></figure>"
    }

    private func valueLabel(_ value: Double) -> String {
        value == value.rounded() ? String(format: "%+.0f", value).replacingOccurrences(of: "+0", with: "0")
                                 : String(format: "%+.1f", value)
    }
}
