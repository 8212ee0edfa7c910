#!/usr/bin/env bash
# Runs budget-core's libFuzzer targets (fuzz/, see docs/fuzzing.md) one after the other, at low
# priority. Not part of scripts/test.sh: fuzzing needs nightly Rust and takes minutes to hours.
#
# Usage: bash scripts/fuzz.sh [target|all] [seconds] [-- extra libFuzzer flags]
#   target   number, formula, csv_import, scenario, or all (default: all)
#   seconds  time per target (default: 300); a run also stops after 10 million executions
#
# Installs nothing: it checks that cargo-fuzz and a nightly toolchain are there and says how
# to get them. A crash stops the run; the input is saved under fuzz/artifacts/<target>/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGETS=(number formula csv_import scenario)

# Longest input per target: a cell's text is short; a file is not.
max_len() {
  case "$1" in
    number | formula) echo 4096 ;;
    csv_import | scenario) echo 65536 ;;
  esac
}

usage() {
  sed -n '5,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

target="${1:-all}"
seconds="${2:-300}"
shift $(($# < 2 ? $# : 2))
if [ "${1:-}" = "--" ]; then shift; fi

case "$seconds" in
  '' | *[!0-9]*) echo "seconds must be a whole number, not '$seconds'" >&2; usage ;;
esac
if [ "$target" = all ]; then
  selected=("${TARGETS[@]}")
elif [ -n "$(max_len "$target")" ]; then
  selected=("$target")
else
  echo "unknown target '$target'" >&2
  usage
fi

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "A nightly Rust toolchain is needed (libFuzzer's sanitizer flags are nightly-only):" >&2
  echo "    rustup toolchain install nightly" >&2
  exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed:" >&2
  echo "    cargo install cargo-fuzz" >&2
  exit 1
fi

for t in "${selected[@]}"; do
  printf '\n==> fuzz %s for %ss (max_len %s)\n' "$t" "$seconds" "$(max_len "$t")"
  # New inputs go to the first directory (fuzz/corpus, ignored by git); the seeds stay as
  # committed.
  mkdir -p "fuzz/corpus/$t"
  nice -n 10 cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -runs=10000000 -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len="$(max_len "$t")" -print_final_stats=1 "$@"
done
