import Foundation
import SynData

/// The published SynTone results (Brima et al., "Learning Disentangled Audio Representations
/// through Controlled Synthesis", ICLR 2024 Tiny Papers), as the authors' repository
/// (github.com/yusufbrima/SynTone, README "Results", traced to its Data/metrics_0..9.csv) lists
/// them, shown in `summary.md` beside a study's own scores on SynTone datasets with what differs.
enum PublishedSynTone {
    /// Our method names and the published rows' labels.
    static let methods: [(ours: String, label: String)] = [
        ("vae", "VAE"), ("beta-vae", "beta-VAE (beta 4)"), ("factor-vae", "FactorVAE (gamma 6)"), ("beta-tcvae", "beta-TCVAE (beta 4)"),
    ]
    /// The published columns and our metric names for them.
    static let metrics: [(ours: String, label: String)] = [
        ("mig", "MIG"), ("sap", "SAP"), ("dcimig", "DCIMIG"), ("jemmig", "JEMMIG"), ("modularity", "Modularity"),
    ]
    /// Published means by method label, in ``metrics`` order (their +- is over 10 re-encodings
    /// of one trained model with sampled codes, below 0.001 except modularity's 0.014 to 0.031).
    static let values: [String: [Double]] = [
        "VAE": [0.280, 0.045, 0.005, 0.300, 0.651],
        "beta-VAE (beta 4)": [0.184, 0.035, 0.004, 0.201, 0.750],
        "FactorVAE (gamma 6)": [0.118, 0.035, 0.003, 0.126, 0.762],
        "beta-TCVAE (beta 4)": [0.166, 0.023, 0.005, 0.183, 0.747],
    ]

    /// What differs between the published pipeline and ours, and why the numbers cannot match.
    static let differences = """
    What differs, and why the numbers are not comparable one to one:
    - Metric arguments swapped: the published evaluation passed (codes, factors) to functions \
    taking (factors, codes), so every score treats the 8 latents as the factors and the 3 true \
    factors as the codes (MIG averaged over latents, SAP regressing latents on factors). Ours \
    follows disentanglement_lib's definitions.
    - Per-frame normalisation: each time frame of the (power, not dB) mel spectrogram was divided \
    by its own maximum, which removes the amplitude factor from the input. Ours: dB log-mel with \
    one dataset-wide min-max normalisation.
    - Reconstruction summed over the batch with the KL averaged over it, which divides beta by \
    the batch size; ours sums per sample and averages both terms over the batch.
    - One training run per model without a seed, scored with sampled codes (z = mu + sigma eps) \
    and 10 bins on min-max scaled codes and factors; ours: mean +- std over training seeds, \
    posterior means, the metric spec's settings.
    - Grid: the published data are 4 x 20 x 400 naive (aliasing) tones on 440 to 8000 Hz; \
    `syntone` is that grid band-limited, `syntone-identifiable` the same sizes on 110 to 1500 Hz, \
    and other SynTone datasets (such as `syntone-small`) are other grids, so only the method \
    ranking, not the values, can be compared with them.
    """

    /// The comparison section for a SynTone dataset, or nil for other datasets or when the
    /// study has none of the published methods.
    static func comparison(dataset: StudyDataset, entries: [StudyResults.Entry]) -> String? {
        guard dataset.plan.generatorName == "syntone" else { return nil }
        let present = methods.filter { m in entries.contains { $0.method == m.ours } }
        guard !present.isEmpty else { return nil }
        var text = "### Published SynTone results beside ours\n\n"
        text += "Published: Brima et al. (ICLR 2024 Tiny Papers), the authors' repository github.com/yusufbrima/SynTone (README, Results). "
        text += "Ours: this study on \(dataset.label), the first setting of each method, mean over seeds.\n\n"
        text += "| method | " + metrics.map { "\($0.label) published | \($0.label) ours" }.joined(separator: " | ") + " |\n"
        text += "|---|" + String(repeating: "---|---|", count: metrics.count) + "\n"
        for m in present {
            let setting = entries.first { $0.method == m.ours }?.setting
            var line = "| \(m.label) |"
            for (k, metric) in metrics.enumerated() {
                let ours = entries.first { $0.method == m.ours && $0.setting == setting && $0.metric == metric.ours && $0.factor.isEmpty }
                line += String(format: " %.3f |", values[m.label]?[k] ?? .nan)
                line += ours.map { String(format: " %.3f |", $0.statistics.mean) } ?? " not computed |"
            }
            text += line + "\n"
        }
        return text + "\n" + differences + "\n"
    }
}
