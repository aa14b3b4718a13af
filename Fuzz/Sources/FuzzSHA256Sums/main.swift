// Fuzzes the SHA256SUMS line parser the way resume, verify, merge and info use it: split
// the text into lines, parse each, and map the names to items of a dataset.
import FuzzSupport
import SynCore
import SynData

/// A small plan to map file names against (1,000,001 items, so names have 7 digits).
let plan = DatasetPlan(
    name: "fuzz", generatorName: "syntone", generatorVersion: "1", sampleRate: 16000, duration: 1,
    count: 1_000_001, seed: 0, sampling: .random(count: 1_000_001),
    factors: [FactorSpec(name: "f", kind: .continuous, unit: "Hz", domain: .uniform(lower: 1, upper: 2, logScale: false, bins: 10))],
    constants: .object([]), config: .object([]), format: .pcm16, layout: .files, headroom: .auto,
    gain: 1, peak: 1, maxSamples: 16000, identifiability: .object([]), limit: nil)

runFuzzer { data in
    let text = String(decoding: data, as: UTF8.self)
    for line in text.split(separator: "\n") {
        guard let entry = SHA256SumsLine(line) else { continue }
        // What the manifest writer writes for this entry reads back as the same entry.
        for mode in ["  ", " *"] where SHA256SumsLine(entry.digest.hex + mode + entry.name) != entry {
            violation("the line written for '\(entry.name)' does not parse back")
        }
        if let item = plan.item(ofFile: entry.name), plan.file(of: item) != entry.name {
            violation("\(entry.name) maps to item \(item), whose file is \(plan.file(of: item))")
        }
    }
}
