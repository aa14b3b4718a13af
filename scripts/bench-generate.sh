#!/usr/bin/env bash
# Benchmark of `synbench generate` on the published SynTone grid (configs/syntone.yaml:
# 32,000 x 1 s, 16 kHz PCM16 WAV files) and the same grid with layout: npy (one float32
# waveforms.npy, 2 GB). Builds release, runs both under /usr/bin/time -v, prints wall time
# and peak resident memory, and checks the output with `synbench verify`.
# Goals (2 cores): files <= 5 s and <= 200 MB; npy <= 8 s.
#
# Usage: scripts/bench-generate.sh [OUTPUT_PARENT]   (default: a fresh folder under /tmp)
# Environment: JOBS (default: all cores), SCRATCH (SwiftPM scratch path, default .build),
# SETTLE (seconds to wait after sync before each run, default 8).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (Debian package 'time')" >&2
    apt-get install -y time >/dev/null
fi

scratch="${SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product synbench >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/synbench"

parent="${1:-$(mktemp -d /tmp/synbench-bench.XXXXXX)}"
mkdir -p "$parent"
jobs_opt=()
[ -n "${JOBS:-}" ] && jobs_opt=(--jobs "$JOBS")

npy_config="$parent/syntone-npy.yaml"
sed -e 's/^name: syntone$/name: syntone-npy/' -e 's/^format: pcm16$/format: float32/' \
    -e 's/^layout: files$/layout: npy/' configs/syntone.yaml > "$npy_config"

run() {
    local label="$1" config="$2" out="$3"
    rm -rf "$out"
    # Let the disk finish writing back and discarding earlier output: on a shared VM that
    # background work otherwise shows up as system time of the measured run.
    sync
    sleep "${SETTLE:-8}"
    /usr/bin/time -v "$bin" generate "$config" --out "$out" --quiet "${jobs_opt[@]}" 2> "$out.time"
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$out.time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$out.time" | awk '{print $NF}')
    printf '%-28s wall %s   peak RSS %s MB   size %s\n' "$label" "$wall" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" \
        "$(du -sh "$out" | cut -f1)"
}

echo "synbench generate benchmark ($(nproc) cores, output in $parent)"
run "syntone (files, pcm16)" configs/syntone.yaml "$parent/syntone"
run "syntone (layout npy)" "$npy_config" "$parent/syntone-npy"
"$bin" verify "$parent/syntone" --quiet | tail -1
"$bin" verify "$parent/syntone-npy" --quiet | tail -1
