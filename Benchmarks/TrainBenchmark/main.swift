// synbench-train-bench: samples per second of one beta-VAE training step of an architecture
// (default syntone-paper, input 1 x 128 x 32, batch 64), on random data made before timing.
//
// A step is what `synbench train` does per batch: zero the gradients, forward, loss,
// backward, one Adam update. The data (uniform in [0, 1), like scripts/torch_vae_timing.py)
// and the reparameterisation noise are drawn once before the clock starts, so the figure is
// the step alone. After the warm-up steps, `--windows` windows of `--steps` steps are timed
// with a monotonic clock; the minimum and the median window are printed (the machine may be
// shared: the minimum is the least disturbed), with the least CPU time (all threads) a step
// took. Nothing here fails on a slow machine.
//
//     synbench-train-bench [--arch syntone-paper|burgess64|mlp] [--threads 2] [--batch 64]
//                          [--steps 20] [--windows 5] [--warmup 5] [--beta 4] [--blas-threads T]
//
// --threads sets Neural's worker threads (NeuralThreads.count), which also share the blocks of
// every large matrix product, with OpenBLAS single-threaded inside them, as `synbench train`
// runs (--blas-threads T gives OpenBLAS T threads of its own instead, for experiments); the
// line `threads:` prints both as in effect, and the OpenBLAS kernels.
import Bench
import Foundation
import Neural
import SynCore

/// Seconds on the monotonic clock.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// CPU seconds (user and system) of every thread of the process: on a shared machine the work
/// a step took, without the time other processes held the cores.
func processTime() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let key = arguments.first {
    arguments = arguments.dropFirst()
    guard key.hasPrefix("--"), let value = arguments.first else {
        FileHandle.standardError.write(Data("usage: synbench-train-bench [--arch A] [--threads T] [--batch B] [--steps S] [--windows W] [--warmup K] [--beta F]\n".utf8))
        exit(2)
    }
    arguments = arguments.dropFirst()
    options[String(key.dropFirst(2))] = value
}

@MainActor func intOption(_ name: String, _ fallback: Int) -> Int {
    guard let text = options[name] else { return fallback }
    guard let value = Int(text), value > 0 else {
        FileHandle.standardError.write(Data("--\(name): a positive integer, got \(text)\n".utf8))
        exit(2)
    }
    return value
}

let archName = options["arch"] ?? "syntone-paper"
guard let architecture = VAEArchitecture(rawValue: archName) else {
    FileHandle.standardError.write(Data("--arch: one of \(VAEArchitecture.allCases.map(\.rawValue))\n".utf8))
    exit(2)
}
let threads = intOption("threads", 2), batch = intOption("batch", 64)
let steps = intOption("steps", 20), windows = intOption("windows", 5), warmup = intOption("warmup", 5)
let beta = Float(options["beta"] ?? "4") ?? 4
NeuralThreads.count = threads
NeuralThreads.blasCount = intOption("blas-threads", 1)

let (height, width, latent) = switch architecture {
case .syntonePaper: (128, 32, 8)
case .burgess64: (64, 64, 10)
case .mlp: (64, 64, 10)
}
var rng = Xoshiro256StarStar(seed: 0)
let model = try GaussianVAE(architecture, latent: latent, height: height, width: width, rng: &rng)
let adam = Adam(parameters: model.parameters, learningRate: 1e-3)

// A few distinct batches, made before timing, cycled through.
let batches = (0..<4).map { _ in
    try! Tensor(shape: [batch, 1, height, width], values: (0..<(batch * height * width)).map { _ in Float(rng.nextDouble()) })
}
let noise = (0..<4).map { _ in
    try! Tensor(shape: [batch, latent], values: (0..<(batch * latent)).map { _ in Float(rng.nextGaussian()) })
}
var stepIndex = 0
@MainActor func trainStep() {
    _ = model.betaVAEStep(x: batches[stepIndex % 4], eps: noise[stepIndex % 4], beta: beta)
    adam.update()
    stepIndex += 1
}

let timeout = ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"] ?? "unset (28)"
print("threads: Neural \(NeuralThreads.count), OpenBLAS \(NeuralThreads.blasCount) (OPENBLAS_THREAD_TIMEOUT \(timeout), kernels \(NeuralThreads.blasCoreName))")
for _ in 0..<warmup { trainStep() }
var times: [Double] = [], cpuTimes: [Double] = []
for _ in 0..<windows {
    let start = now(), cpuStart = processTime()
    for _ in 0..<steps { trainStep() }
    times.append((now() - start) / Double(steps))
    cpuTimes.append((processTime() - cpuStart) / Double(steps))
}
times.sort()
let best = times[0], median = times[times.count / 2]
print(String(format: "ours: arch=%@ batch=%d threads=%d step_ms_min=%.2f step_ms_median=%.2f samples_per_s_max=%.1f samples_per_s_median=%.1f cpu_ms_per_step_min=%.2f",
             archName, batch, threads, best * 1e3, median * 1e3, Double(batch) / best, Double(batch) / median,
             cpuTimes.min()! * 1e3))
