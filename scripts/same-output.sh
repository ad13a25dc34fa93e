#!/usr/bin/env bash
# Checks that two builds of steward write byte-identical output, command by command, on the
# sample tree and on the benchmark's corpora: run it after every optimization and every
# refactor that should change nothing (docs/performance.md, CONTRIBUTING.md).
#
#   scripts/same-output.sh BEFORE AFTER [BENCH_DIR]
#
# BEFORE and AFTER are steward binaries (e.g. a copy of target/release/steward from before the
# change, and the new one). BENCH_DIR (default target/bench) holds the corpora scripts/bench.sh
# generates (lint-10000, history); the groups whose corpus is missing are skipped and listed.
# Prints one line per command and exits 1 when any output differs (the two outputs are kept in
# target/same-output/ to compare).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ $# -ge 2 ] || { sed -n '2,12p' "$0"; exit 2; }
BEFORE=$(realpath "$1"); AFTER=$(realpath "$2"); BENCH=${3:-$ROOT/target/bench}
OUT=$ROOT/target/same-output
rm -rf "$OUT" && mkdir -p "$OUT"
export NO_COLOR=1 LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1
TODAY=2026-12-01
differ=0 compared=0 skipped=()

# verdict NAME SAME HOW: counts one comparison and prints it; HOW is the command that shows
# the difference.
verdict() {
  compared=$((compared + 1))
  if [ "$2" = yes ]; then
    printf 'same     %s\n' "$1"
  else
    printf 'DIFFERS  %s  (%s)\n' "$1" "$3"
    differ=1
  fi
}

slug() { printf '%s' "$1" | tr -c 'A-Za-z0-9' '-'; }

# same NAME DIR ARGS...: runs both binaries with ARGS in DIR and compares stdout and exit code.
same() {
  local name=$1 dir=$2 base
  shift 2
  base=$OUT/$(slug "$name")
  (cd "$dir" && "$BEFORE" "$@" > "$base.before" 2>&1; echo "exit $?" >> "$base.before")
  (cd "$dir" && "$AFTER" "$@" > "$base.after" 2>&1; echo "exit $?" >> "$base.after")
  verdict "$name" "$(cmp -s "$base.before" "$base.after" && echo yes)" \
    "diff ${base#"$ROOT"/}.before ${base#"$ROOT"/}.after"
}

# same_site NAME DIR ARGS...: builds a site with each binary and compares the two folders.
same_site() {
  local name=$1 dir=$2 base
  shift 2
  base=$OUT/$(slug "$name")
  (cd "$dir" && "$BEFORE" site --out "$base.before.site" "$@" >/dev/null 2>&1)
  (cd "$dir" && "$AFTER" site --out "$base.after.site" "$@" >/dev/null 2>&1)
  verdict "$name" "$(diff -r -q "$base.before.site" "$base.after.site" >/dev/null 2>&1 && echo yes)" \
    "diff -r ${base#"$ROOT"/}.before.site ${base#"$ROOT"/}.after.site"
}

every_output() {
  local label=$1 dir=$2
  for format in human json sarif junit markdown github; do
    same "$label: lint --format $format" "$dir" lint --today "$TODAY" --format "$format"
  done
  for format in json markdown ics; do
    same "$label: calendar --format $format" "$dir" calendar --today "$TODAY" --format "$format"
  done
  for format in json markdown human; do
    same "$label: review --format $format" "$dir" review --today "$TODAY" --format "$format"
  done
  for report in budget tools people; do
    same "$label: report $report --format json" "$dir" report "$report" --format json
  done
  same "$label: report tools --format csv" "$dir" report tools --format csv
}

every_output "sample tree" "$ROOT"
same "sample tree: changelog" "$ROOT" changelog
same_site "sample tree: site" "$ROOT" --today "$TODAY"

if [ -d "$BENCH/lint-10000" ]; then
  every_output "10,000 tools" "$BENCH/lint-10000"
  same_site "10,000 tools: site" "$BENCH/lint-10000" --today "$TODAY"
else
  skipped+=("$BENCH/lint-10000 (run scripts/bench.sh first)")
fi

if [ -d "$BENCH/history" ]; then
  H=$BENCH/history
  same "history: changelog" "$H" changelog
  same "history: changelog --group-by month" "$H" changelog --group-by month
  same "history: changelog --format json" "$H" changelog --format json
  for format in json markdown human; do
    same "history: diff bench-a bench-b --format $format" "$H" diff bench-a bench-b --today "$TODAY" --format "$format"
  done
  same "history: lint --rev bench-a --format json" "$H" lint --rev bench-a --today "$TODAY" --format json
  same "history: lint --new-only bench-a --format json" "$H" lint --new-only bench-a --today "$TODAY" --format json
  same "history: review --format json" "$H" review --today "$TODAY" --format json
else
  skipped+=("$BENCH/history (run scripts/bench.sh first)")
fi

echo
echo "$compared outputs compared: $([ "$differ" = 0 ] && echo 'all identical' || echo 'some DIFFER')"
for s in "${skipped[@]}"; do echo "skipped: $s"; done
exit "$differ"
