#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Fuzz/ and runs each for a bounded number of executions
# on its seed corpora. Run through `make fuzz`; see Fuzz/README.md.
#
#   FUZZ_RUNS=1000000     executions per harness (libFuzzer -runs)
#   FUZZ_HARNESSES="config numpy dataset-json sha256sums"   which ones, in this order
#   FUZZ_FLAGS=...        extra libFuzzer flags (e.g. -seed=1 or -max_total_time=600)
#   FUZZ_SANITIZE=address also build with AddressSanitizer (in Fuzz/.build-address; slower)
#
# Each harness gets its dictionary Fuzz/dict/<harness>.dict (keys, magic bytes, edge values)
# and value profiling, so comparisons against keys and limits are learnt quickly.
# Inputs libFuzzer finds interesting accumulate in Fuzz/.build/fuzz/<harness>/corpus (kept
# between runs); a crash is saved to Fuzz/.build/fuzz/<harness>/crash-<sha1> and makes the
# script exit 1 after the other harnesses have run. Reproduce one with
#   Fuzz/.build/release/<Harness> <file>
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
RUNS=${FUZZ_RUNS:-1000000}
HARNESSES=${FUZZ_HARNESSES:-"config numpy dataset-json sha256sums"}
FLAGS=${FUZZ_FLAGS:-}
SANITIZE=${FUZZ_SANITIZE:-}
build=.build sanitizers=fuzzer cflags=fuzzer-no-link
if [ -n "$SANITIZE" ]; then
  build=.build-$SANITIZE sanitizers=fuzzer,$SANITIZE cflags=fuzzer-no-link,$SANITIZE
  # The Swift runtime's caches look like leaks to LeakSanitizer at exit.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
fi

# -sanitize=fuzzer instruments the Swift code (ours and Yams) and links libFuzzer; the C
# parts (libyaml inside Yams) get coverage through -fsanitize=fuzzer-no-link. ld.gold
# cannot link the libFuzzer driver, so lld does.
(cd Fuzz && "$SWIFT" build -c release --build-path "$build" -Xswiftc -sanitize="$sanitizers" \
  -Xswiftc -use-ld=lld -Xcc -fsanitize="$cflags")

# The Swift runtime's backtracer would take the trap signal before libFuzzer, which then
# saves no crash input: let libFuzzer handle it.
export SWIFT_BACKTRACE=enable=no

failed=()
summary=()
for harness in $HARNESSES; do
  case $harness in
    config)       exe=FuzzConfig;      max_len=4096;  seeds="Fuzz/corpus/config configs" ;;
    numpy)        exe=FuzzNumPy;       max_len=16384; seeds="Fuzz/corpus/numpy Tests/SynCoreTests/Resources" ;;
    dataset-json) exe=FuzzDatasetJSON; max_len=8192;  seeds="Fuzz/corpus/dataset-json" ;;
    sha256sums)   exe=FuzzSHA256Sums;  max_len=4096;  seeds="Fuzz/corpus/sha256sums" ;;
    *) echo "fuzz: unknown harness '$harness' (known: config numpy dataset-json sha256sums)" >&2; exit 2 ;;
  esac
  work=Fuzz/.build/fuzz/$harness
  mkdir -p "$work/corpus"
  existing=()
  for d in $seeds; do [ -d "$d" ] && existing+=("$d"); done
  echo "== $harness: $RUNS runs of $exe${SANITIZE:+ ($SANITIZE)} (max_len $max_len) on $work/corpus ${existing[*]}"
  start=$(date +%s)
  status=0
  # shellcheck disable=SC2086
  "Fuzz/$build/release/$exe" -runs="$RUNS" -max_len="$max_len" -rss_limit_mb=4096 -timeout=60 \
    -use_value_profile=1 -dict="Fuzz/dict/$harness.dict" -print_final_stats=1 \
    -artifact_prefix="$work/" $FLAGS "$work/corpus" "${existing[@]}" \
    2> >(tee "$work/last.log" >&2) || status=$?
  seconds=$(( $(date +%s) - start ))
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/last.log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed+=("$harness")
    summary+=("$harness: FAILED (exit $status) after ${seconds} s; see $work/last.log")
  else
    summary+=("$harness: ${executed:-?} executions in ${seconds} s, no crash")
  fi
done
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
