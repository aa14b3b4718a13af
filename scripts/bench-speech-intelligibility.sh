#!/usr/bin/env bash
# Benchmark: SynSpeech intelligibility and speaker distinctness against espeak-ng, in one run.
# Generates configs/synspeech-intelligibility.yaml (8 speakers x 40 sentences) with the release
# binary, renders the same sentences with espeak-ng's en-us voice variants, and scores both with
# PocketSphinx (restricted to the sentences) and Resemblyzer's pretrained speaker encoder; see
# scripts/bench_speech_intelligibility.py for the measures.
#
# Run: make bench-speech-intelligibility (or, after `make release`, bash this file).
# Needs: root or sudo for `apt-get install espeak-ng` and pip for pocketsphinx and resemblyzer,
# installed here only when missing. resemblyzer pulls in torch; PyPI's Linux torch wheel brings
# the CUDA libraries with it (about 5 GB installed), even though this runs on the CPU.
# SYNBENCH=path picks another synbench binary (default .build/release/synbench).
# Extra arguments go to the Python script (e.g. --open-lm, --json FILE, --hypotheses FILE).
# Not a test: it prints the figures and exits 0 whatever they are.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SYNBENCH:-.build/release/synbench}

if ! command -v espeak-ng >/dev/null; then
  echo "== installing espeak-ng (apt)"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq
  $sudo_ apt-get install -y -qq espeak-ng >/dev/null
fi
missing=()
python3 -c "import numpy, scipy" 2>/dev/null || missing+=(numpy scipy)
python3 -c "import soundfile" 2>/dev/null || missing+=(soundfile)
python3 -c "import pocketsphinx" 2>/dev/null || missing+=(pocketsphinx)
python3 -c "import resemblyzer" 2>/dev/null || missing+=(resemblyzer)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (pip)"
  python3 -m pip install --quiet "${missing[@]}"
fi

out=$(mktemp -d /tmp/synbench-intelligibility.XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "== SynSpeech: synspeech-intelligibility ($bin)"
"$bin" generate configs/synspeech-intelligibility.yaml --out "$out/synspeech" --quiet
echo "== PocketSphinx $(python3 -c 'import importlib.metadata as m; print(m.version("pocketsphinx"))'), \
Resemblyzer $(python3 -c 'import importlib.metadata as m; print(m.version("resemblyzer"))'), \
$(espeak-ng --version | cut -d' ' -f1-4)"
python3 scripts/bench_speech_intelligibility.py --dataset "$out/synspeech" "$@"
