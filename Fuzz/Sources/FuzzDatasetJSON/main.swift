// Fuzzes the dataset.json reader: JSONValue.parse, then DatasetPlan(json:source:) and what
// merge, verify and info do with a plan (serialise it, compare identities, map items to
// files and factors).
import FuzzSupport
import SynCore
import SynData

func check(_ plan: DatasetPlan) {
    // merge writes the plan again; it must read back unchanged.
    let json = plan.json()
    let back: DatasetPlan
    do { back = try DatasetPlan(json: json, source: "rewritten") } catch {
        violation("a plan's own dataset.json is refused: \(error)")
    }
    if back.json() != json { violation("a plan's dataset.json does not read back the same") }
    if JSONDifference.first(plan.identity, back.identity) != nil { violation("identity changed on reading back") }
    _ = plan.identifiabilityCounts
    _ = plan.itemStarts(offsets: []).map { $0[plan.itemCount] }
    let sampler = plan.sampler
    for item in Set([0, plan.itemCount - 1, plan.count - 1]) where item >= 0 {
        let (indices, _) = sampler.item(item)
        for (column, f) in plan.factors.enumerated() where !(0..<f.levelCount).contains(Int(indices[column])) {
            violation("item \(item): index \(indices[column]) of \(f.name) outside 0..<\(f.levelCount)")
        }
        let file = plan.file(of: item)
        if plan.layout == .files, plan.item(ofFile: file) != item { violation("\(file) does not map back to item \(item)") }
        for (slot, path) in plan.files(of: item).enumerated() {
            guard let back = plan.item(ofPath: path), back.item == item, back.slot == slot else {
                violation("\(path) does not map back to item \(item), slot \(slot)")
            }
        }
        for (column, f) in plan.factors.enumerated() { _ = f.text(of: 0, index: Int(indices[column])) }
    }
}

runFuzzer { data in
    let text = String(decoding: data, as: UTF8.self)
    let json: JSONValue
    do {
        json = try JSONValue.parse(text)
    } catch is JSONParseError {
        return  // DatasetFolder.readJSON turns it into a one-line InputError naming the file
    } catch {
        violation("JSONValue.parse threw \(type(of: error))")
    }
    // Serialised and parsed again, a document is the same document.
    for indent in [0, 2] {
        do {
            let again = try JSONValue.parse(json.serialized(indent: indent))
            if !sameJSON(again, json) { violation("serialized(indent: \(indent)) does not parse back the same") }
        } catch {
            violation("serialized(indent: \(indent)) does not parse: \(error)")
        }
    }
    guard let plan = accepting("DatasetPlan(json:)", { try DatasetPlan(json: json, source: "dataset.json") }) else { return }
    check(plan)
}
