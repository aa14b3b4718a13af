# SynBench: the two commands a new user needs are `make demo` and `make test`.
SWIFT ?= swift

.PHONY: deps build release demo test fuzz bench-generate bench-metrics bench-speech bench-speech-intelligibility bench-features bench-train bench-analysis clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product synbench

# Generates the small and the published SynTone grids into ./data and says how to load them.
demo: release
	@bash scripts/demo.sh

# Builds everything (debug) and runs every Swift Testing suite. With CI=true a one-node SLURM
# cluster is started first (scripts/ci-start-slurm.sh), so SlurmStudyTests submits real jobs;
# elsewhere that test is skipped unless SLURM is already there.
test: deps
	@if [ "$${CI:-}" = true ]; then bash scripts/ci-start-slurm.sh; fi
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Builds the libFuzzer harnesses in Fuzz/ (a separate package: they link only with
# -sanitize=fuzzer, so `make test` never builds them) and runs each FUZZ_RUNS times
# (default 1000000). FUZZ_HARNESSES="config numpy dataset-json sha256sums" picks some.
fuzz: deps
	@bash scripts/fuzz.sh

bench-generate: release
	@bash scripts/bench-generate.sh

bench-metrics: release
	@bash scripts/bench-metrics.sh

# SynSpeech synthesis alone (real time per core on a fixed set of utterances), Praat's
# KlattGrid on the same vowels when praat-parselmouth is installed, and synspeech-small under
# /usr/bin/time (wall time, peak memory).
bench-speech: release
	$(SWIFT) build -c release --product synbench-speech-bench
	@bash scripts/bench-speech.sh

# synbench features on a 1,000-item SynTone dataset against librosa (scripts/librosa_features.py)
# in the same run, when librosa is installed. BENCH_PRESET=mel64 for the other preset.
bench-features: release
	@bash scripts/bench-features.sh

# SynSpeech vs espeak-ng in the same run: PocketSphinx restricted to the 40 sentences (sentence
# accuracy, WER) and Resemblyzer's speaker encoder (EER, speaker-ID accuracy). Installs espeak-ng,
# pocketsphinx and resemblyzer (with torch) when missing; never part of `make test`.
bench-speech-intelligibility: release
	@bash scripts/bench-speech-intelligibility.sh

# One syntone-paper beta-VAE training step (batch 64, 2 threads) against PyTorch
# (scripts/torch_vae_timing.py) in the same run, when torch is installed: samples per second of
# both, the ratio, peak memory. THREADS=1 for one thread; ROUNDS, STEPS, WINDOWS as in the script.
# Then one epoch of burgess64 on mel64 features of SynTone-identifiable (scripts/bench-train-epoch.sh;
# generates the dataset into data/ once); EPOCH=0 skips it.
bench-train: release
	$(SWIFT) build -c release --product synbench-train-bench
	@bash scripts/bench-train.sh
	@if [ "$${EPOCH:-1}" != 0 ]; then bash scripts/bench-train-epoch.sh; fi

# synbench analyze's MFTMA against the numpy/scipy reference (scripts/mftma_reference.py) in
# the same run: one layer of P = 50 x M = 50 points in N = 5000 dimensions, n_t = 300, one
# thread each; then the reference README's example and the default measures' seconds.
bench-analysis: release
	@bash scripts/bench-analysis.sh

clean:
	rm -rf .build data bench-out
