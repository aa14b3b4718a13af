// Fuzzes the config path of `synbench generate`: YAML text -> ConfigValue -> generator name ->
// SynToneConfig.decode; for designs small enough to be cheap, also the survey every run
// does before rendering (DatasetSurvey.plan), reading the plan back from its dataset.json,
// and rendering one item.
import FuzzSupport
import SynCore
import SynData
import SynTone

let file = "fuzz.yaml"

/// Largest design surveyed in full per input, and the per-item cost limits (harmonics,
/// samples) under which an item is surveyed and rendered; bigger ones are only decoded.
let smallDesign = 16
let cheapHarmonics = 128
let cheapSamples = 1 << 14

func check(_ dataset: SynToneDataset) {
    let sampler = dataset.sampler
    let k = dataset.config.factors.count
    var indices = [Int32](repeating: 0, count: k)
    var values = [Double](repeating: 0, count: k)
    // First and last items of any design; every item of a small one.
    let items = sampler.count <= smallDesign ? Array(0..<sampler.count) : [0, sampler.count / 2, sampler.count - 1]
    var cheap = sampler.count <= smallDesign
    for item in items {
        _ = sampler.item(item, indices: &indices, values: &values)
        if case .grid = sampler.sampling, sampler.gridItem(indices: indices.map(Int.init)) != item {
            violation("grid item \(item) does not map back from its indices \(indices)")
        }
        for (column, f) in dataset.config.factors.enumerated() where !(0..<f.levelCount).contains(Int(indices[column])) {
            violation("item \(item): index \(indices[column]) of \(f.name) outside 0..<\(f.levelCount)")
        }
        let p = dataset.parameters(values: values)
        if dataset.renderer.problem(with: p) == nil {
            if dataset.renderer.harmonicCount(p) > cheapHarmonics
                || dataset.renderer.sampleCount(duration: p.duration) > cheapSamples { cheap = false }
        }
    }
    guard cheap else { return }
    guard let plan = accepting("DatasetSurvey.plan", { try DatasetSurvey.plan(for: dataset, jobs: 1) }) else { return }
    // What generate writes must read back (merge, verify and info read it).
    let text = plan.json().serialized(indent: 2)
    let json: JSONValue
    do { json = try JSONValue.parse(text) } catch { violation("dataset.json of a survey does not parse: \(error)") }
    let back: DatasetPlan
    do { back = try DatasetPlan(json: json, source: "dataset.json") } catch {
        violation("dataset.json of a survey is refused: \(error)")
    }
    if !sameJSON(back.json(), plan.json()) { violation("dataset.json does not read back to the same plan") }
    // Render item 0 the way the renderer does.
    var rng = sampler.item(0, indices: &indices, values: &values)
    let tone = dataset.prepare(values: values, rng: &rng)
    var output = RenderedItem(generator: dataset)
    let expected = dataset.sampleCount(of: tone)
    dataset.render(tone, gain: plan.gain, rng: &rng, into: &output)
    if output.count != expected { violation("rendered \(output.count) samples, sampleCount said \(expected)") }
}

runFuzzer { data in
    let text = String(decoding: data, as: UTF8.self)
    guard let root = accepting("ConfigValue.parseYAML", { try ConfigValue.parseYAML(text, file: file) }),
          accepting("DatasetConfig.generatorName", { try DatasetConfig.generatorName(file: file, root: root) }) != nil,
          let dataset = accepting("SynToneConfig.decode", { try SynToneConfig.decode(file: file, root: root) })
    else { return }
    check(dataset)
}
