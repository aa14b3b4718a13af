// synbench-speech-bench: the real-time factor per core of SynSpeech's synthesis alone.
//
// A fixed set of utterances, built through the same public rule API a SynSpeech dataset uses
// (SynSpeechDataset.item: text -> phones -> timed utterance -> Klatt frames): the first 50
// built-in sentences for 4 speakers (seed 0) in the default style, and the 12 monophthongs as
// 1 s sustained vowels (speaker 0, F0 120 Hz, vocal tract 17.5 cm), all at 16 kHz. Frame
// building and KlattSynthesizer.render are timed separately, single-threaded, with a monotonic
// clock; each figure is the minimum over the repeats (the machine may be shared, and the
// minimum is the run least disturbed by others). The thread's CPU time is printed beside the
// synthesis wall time: on a loaded machine it is the better estimate of one core's speed.
// Nothing here fails on a slow machine.
//
//     synbench-speech-bench [--repeats N] [--vowels-json PATH] [--flutter-off]
//
// --flutter-off sets FL to 0 in every sentence frame (a diagnostic: the cost of the voice
// source's flutter; not what a dataset renders).
// --vowels-json writes the vowels' synthesis parameters (F0, formants, bandwidths, durations)
// for scripts/praat_klattgrid_timing.py, so Praat renders the same vowels in the same run.
import Foundation
import SynCore
import SynData
import SynSpeech

/// Seconds on the monotonic clock (CLOCK_MONOTONIC via DispatchTime: unaffected by clock steps).
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// Seconds of CPU time this thread has used (CLOCK_THREAD_CPUTIME_ID): on a shared machine the
/// time the thread actually ran, without the time other processes held the core.
func threadTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The minimum over `repeats` runs of `body`'s wall time and of its thread CPU time, seconds.
func minimumTime(repeats: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
    var best = (wall: Double.infinity, cpu: Double.infinity)
    for _ in 0..<repeats {
        let start = (now(), threadTime())
        body()
        best = (min(best.wall, now() - start.0), min(best.cpu, threadTime() - start.1))
    }
    return best
}

var repeats = 5
var vowelsJSON: String?
var flutterOff = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--repeats": repeats = max(1, Int(arguments.next() ?? "") ?? repeats)
    case "--vowels-json": vowelsJSON = arguments.next()
    case "--flutter-off": flutterOff = true
    default:
        FileHandle.standardError.write("usage: synbench-speech-bench [--repeats N] [--vowels-json PATH] [--flutter-off]\n".data(using: .utf8)!)
        exit(2)
    }
}

let sampleRate = 16_000
let sentenceConfig = """
    generator: synspeech
    name: speech-bench-sentences
    seed: 0
    sample_rate: \(sampleRate)
    speakers: 4
    texts: builtin
    factors:
      - name: speaker
        values: [0, 1, 2, 3]
      - name: text
        linear: {start: 0, stop: 49, count: 50}
      - name: style
        values: [default]
    """
let vowelConfig = """
    generator: synspeech
    name: speech-bench-vowels
    seed: 0
    sample_rate: \(sampleRate)
    speakers: 1
    duration: 1.0
    constants:
      speaker: 0
      style: default
    factors:
      - name: vowel
        values: [IY, IH, EY, EH, AE, AA, AO, OW, UH, UW, AH, ER]
      - name: f0
        values: [120]
      - name: vocal_tract_length
        values: [17.5]
    """

/// One set of utterances: how to build its frames again and what to render.
struct Workload {
    var name: String
    var dataset: SynSpeechDataset
    var build: () -> [SynSpeechDataset.Item]
}

func decode(_ yaml: String, _ name: String) -> SynSpeechDataset {
    do {
        return try SynSpeechConfig.decode(file: name, root: try ConfigValue.parseYAML(yaml, file: name))
    } catch {
        FileHandle.standardError.write("synbench-speech-bench: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

let sentences = decode(sentenceConfig, "sentences.yaml")
let vowels = decode(vowelConfig, "vowels.yaml")
let vowelCount = PhonemeInventory.monophthongSymbols.count
let workloads = [
    Workload(name: "sentences (4 speakers x 50 texts)", dataset: sentences, build: {
        (0..<4).flatMap { s in
            (0..<50).map { t in
                var item = sentences.item(speaker: s, text: t, style: 0)
                if flutterOff { for k in item.frames.indices { item.frames[k].fl = 0 } }
                return item
            }
        }
    }),
    Workload(name: "sustained vowels (12 x 1 s, F0 120 Hz)", dataset: vowels, build: {
        (0..<vowelCount).map { v in
            vowels.item(speaker: 0, text: 0, style: 0,
                        overrides: .init(vowel: v, f0: 120, vocalTractLength: CascadeBranch.referenceLength))
        }
    }),
]

print("== SynSpeech synthesis alone (\(sampleRate) Hz, 1 thread, min of \(repeats) repeats)"
      + (flutterOff ? ", sentences with FL = 0 (diagnostic)" : ""))
var totalAudio = 0.0, totalSynthesis = 0.0, totalCPU = 0.0
var checksum: Float = 0
for workload in workloads {
    var items: [SynSpeechDataset.Item] = []
    let build = minimumTime(repeats: repeats) { items = workload.build() }
    let samples = items.reduce(0) { $0 + workload.dataset.sampleCount(of: $1) }
    let audio = Double(samples) / Double(sampleRate)
    var buffer: [Float] = []
    let synthesis = minimumTime(repeats: repeats) {
        for (i, item) in items.enumerated() {
            var rng = Xoshiro256StarStar.item(seed: 0, index: UInt64(i))
            let synthesizer = KlattSynthesizer(sampleRate: Double(sampleRate), framePeriod: SynSpeechDataset.framePeriod,
                                               vocalTractLength: item.voice.voice.vocalTractLengthCm)
            synthesizer.render(item.frames, into: &buffer, rng: &rng)
            checksum += buffer[buffer.count / 2]
        }
    }
    totalAudio += audio
    totalSynthesis += synthesis.wall
    totalCPU += synthesis.cpu
    print(String(format: "%@: %d items, audio %.1f s", workload.name, items.count, audio))
    print(String(format: "  frames:    %.4f s, %.0fx real time per core", build.wall, audio / build.wall))
    print(String(format: "  synthesis: %.4f s, %.0fx real time per core (thread CPU time %.4f s, %.0fx)",
                 synthesis.wall, audio / synthesis.wall, synthesis.cpu, audio / synthesis.cpu))
}
print(String(format: "synthesis_audio_s=%.1f synthesis_s=%.4f synthesis_realtime_per_core=%.0f samples_per_second=%.0f"
             + " synthesis_cpu_s=%.4f synthesis_realtime_per_cpu_second=%.0f",
             totalAudio, totalSynthesis, totalAudio / totalSynthesis, totalAudio * Double(sampleRate) / totalSynthesis,
             totalCPU, totalAudio / totalCPU))
// Printed so the renders cannot be optimised away (and as a cheap determinism check across runs).
print(String(format: "checksum=%.9g", checksum))

if let path = vowelsJSON {
    // The vowels as Praat's KlattGrid needs them: the middle frame's values (a sustained vowel's
    // frames are steady), the speech interval, the duration, and the cascade's fixed formants.
    var list: [JSONValue] = []
    for v in 0..<vowelCount {
        let item = vowels.item(speaker: 0, text: 0, style: 0,
                               overrides: .init(vowel: v, f0: 120, vocalTractLength: CascadeBranch.referenceLength))
        let f = item.frames[item.frames.count / 2]
        let cascade = CascadeBranch(sampleRate: Double(sampleRate), vocalTractLength: item.voice.voice.vocalTractLengthCm)
        let formants = [(f.f1, f.b1), (f.f2, f.b2), (f.f3, f.b3), (f.f4, f.b4), (f.f5, f.b5)]
            + cascade.fixedFrequencies.map { ($0, 0.06 * $0) }
        list.append(.object([
            ("vowel", .string(PhonemeInventory.monophthongSymbols[v])),
            ("duration_s", .number(vowels.duration(of: item))),
            ("speech_start_s", .number(item.utterance.speechStart)),
            ("speech_end_s", .number(item.utterance.speechEnd)),
            ("f0_hz", .number(f.f0)),
            ("av_db", .number(f.av)),
            ("oq_percent", .number(f.oq)),
            ("formants_hz", .array(formants.map { .array([.number($0.0), .number($0.1)]) })),
        ]))
    }
    let json = JSONValue.object([("sample_rate", .number(Double(sampleRate))), ("vowels", .array(list))])
    do {
        try json.serialized().write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        FileHandle.standardError.write("synbench-speech-bench: cannot write \(path): \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}
