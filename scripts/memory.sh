#!/usr/bin/env bash
# Peak memory of `steward lint` and `steward diff` on large generated trees (issue 8: "lint and
# diff of a 50,000-file tree stay in bounded memory"). Two sizes show how memory grows: in
# proportion to the tree (a fixed cost per file), never faster.
#
#   scripts/memory.sh                 25,000 and 50,000 tools, diffs 5,000 files apart
#
# Knobs (environment): SIZES ("25000 50000"), DIFF_FILES (5000), SEED (7), TODAY (2026-12-01),
# MEMORY_DIR (target/memory). Needs GNU time (/usr/bin/time) and git.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-25000 50000}
DIFF_FILES=${DIFF_FILES:-5000}
SEED=${SEED:-7}
TODAY=${TODAY:-2026-12-01}
OUT=${MEMORY_DIR:-$ROOT/target/memory}
GNU_TIME=${GNU_TIME:-/usr/bin/time}
[ -x "$GNU_TIME" ] || { echo "GNU time is needed at $GNU_TIME (Debian: apt-get install time)" >&2; exit 2; }
export NO_COLOR=1 GIT_CONFIG_NOSYSTEM=1

cargo build --release --quiet --bin steward --example generate
STEWARD=$ROOT/target/release/steward
GENERATE=$ROOT/target/release/examples/generate
mkdir -p "$OUT"

# peak COMMAND... : "<peak MB> <seconds>" of one run (exit codes 0 and 1 are both fine).
peak() {
  local report
  report=$(mktemp)
  "$GNU_TIME" -f '%M %e' -o "$report" "$@" >/dev/null 2>&1 || true
  # GNU time puts "Command exited with non-zero status 1" first when steward finds errors.
  tail -n 1 "$report" | awk '{ printf "%.0f %s\n", $1 / 1024, $2 }'
  rm -f "$report"
}

echo "| tools | files | lint: peak MB | lint: s | diff (${DIFF_FILES} files changed): peak MB | diff: s | lint KB per file |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  tree=$OUT/tree-$n
  repo=$OUT/repo-$n
  "$GENERATE" --tools "$n" --out "$tree" --seed "$SEED" --today "$TODAY" \
    --history 0 --repo "$repo" --diff-files "$DIFF_FILES" >/dev/null
  files=$(find "$tree/policies" -type f | wc -l)
  read -r lint_mb lint_s < <(cd "$tree" && peak "$STEWARD" lint --today "$TODAY")
  read -r diff_mb diff_s < <(cd "$repo" && peak "$STEWARD" diff bench-a bench-b --today "$TODAY")
  per_file=$(awk -v mb="$lint_mb" -v f="$files" 'BEGIN { printf "%.1f", mb * 1024 / f }')
  echo "| $n | $files | $lint_mb | $lint_s | $diff_mb | $diff_s | $per_file |"
done
