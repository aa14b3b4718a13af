# SynBench: the two commands a new user needs are `make demo` and `make test`.
SWIFT ?= swift

.PHONY: deps build release demo test fuzz bench-generate bench-metrics bench-speech bench-speech-intelligibility clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product synbench

# Generates the small and the published SynTone grids into ./data and says how to load them.
demo: release
	@bash scripts/demo.sh

# Builds everything (debug) and runs every Swift Testing suite.
test: deps
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

# synspeech-small under /usr/bin/time, with Praat's KlattGrid timed in the same run when
# praat-parselmouth is installed.
bench-speech: release
	@bash scripts/bench-speech.sh

# SynSpeech vs espeak-ng in the same run: PocketSphinx restricted to the 40 sentences (sentence
# accuracy, WER) and Resemblyzer's speaker encoder (EER, speaker-ID accuracy). Installs espeak-ng,
# pocketsphinx and resemblyzer (with torch) when missing; never part of `make test`.
bench-speech-intelligibility: release
	@bash scripts/bench-speech-intelligibility.sh

clean:
	rm -rf .build data bench-out
