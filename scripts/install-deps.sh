#!/usr/bin/env bash
# Installs the Debian packages SynBench builds against, when any is missing.
# With CI=true also a headless browser and a font, so the report's browser test runs there
# (ReportBrowserTests; without chromium it is skipped and says so), and SLURM with munge, which
# scripts/ci-start-slurm.sh starts as a one-node cluster for SlurmStudyTests. Idempotent and
# quiet when everything is present.
set -euo pipefail
packages=(pkg-config libsndfile1-dev libfftw3-dev libopenblas-dev zlib1g-dev libssl-dev time)
if [ "${CI:-}" = "true" ]; then
  packages+=(chromium fonts-dejavu-core slurm-wlm munge)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
