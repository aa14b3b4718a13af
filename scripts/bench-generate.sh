#!/usr/bin/env bash
# Benchmark of `synbench generate` on the published SynTone grid (configs/syntone.yaml:
# 32,000 x 1 s, 16 kHz PCM16 WAV files) and the same grid with layout: npy (one float32
# waveforms.npy, 2 GB). Builds release, runs both under /usr/bin/time -v, prints wall time
# and peak resident memory, and checks the output with `synbench verify`.
# Goals (2 cores): files <= 5 s and <= 200 MB; npy <= 8 s.
#
# Usage: scripts/bench-generate.sh [OUTPUT_PARENT]   (default: a fresh folder under /tmp)
# Environment: JOBS (default: all cores), SCRATCH (SwiftPM scratch path, default .build),
# SETTLE (seconds to wait after sync before each run, default 8), BENCH_REF=0 (skip the
# reference), BENCH_KEEP=1 (keep the generated datasets).
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

# The reference: the published generator's procedure (scripts/reference_syntone.py), about
# 4 minutes and 8 GB here. BENCH_REF=0 skips it.
if [ "${BENCH_REF:-1}" != 0 ] && python3 -c "import numpy, scipy" 2>/dev/null; then
    sync
    sleep "${SETTLE:-8}"
    /usr/bin/time -v python3 scripts/reference_syntone.py "$parent/reference.npz" 2> "$parent/reference.time"
    ref_wall=$(grep 'Elapsed (wall clock)' "$parent/reference.time" | awk '{print $NF}')
    ref_rss=$(grep 'Maximum resident set size' "$parent/reference.time" | awk '{print $NF}')
    printf '%-28s wall %s   peak RSS %s MB\n' "reference (published procedure)" "$ref_wall" \
        "$(awk -v k="$ref_rss" 'BEGIN { printf "%.1f", k / 1024 }')"
    seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<< "$1"; }
    files_wall=$(grep 'Elapsed (wall clock)' "$parent/syntone.time" | awk '{print $NF}')
    npy_wall=$(grep 'Elapsed (wall clock)' "$parent/syntone-npy.time" | awk '{print $NF}')
    awk -v r="$(seconds "$ref_wall")" -v f="$(seconds "$files_wall")" -v n="$(seconds "$npy_wall")" \
        'BEGIN { printf "speed-up over the reference: files %.0fx, npy %.0fx\n", r / f, r / n }'
    rm -f "$parent/reference.npz"
else
    echo "reference skipped (BENCH_REF=0, or python3 with numpy and scipy missing)"
fi
[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$parent/syntone" "$parent/syntone-npy"
