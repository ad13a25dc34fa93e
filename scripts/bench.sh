#!/usr/bin/env bash
# steward's benchmark (issue 7): steward against the tools people would use instead, on
# generated corpora, side by side in one run. See docs/performance.md.
#
#   scripts/bench.sh            the full run (about 15 minutes on 2 cores, plus a one-time
#                               taplo build of a few minutes)
#   scripts/bench.sh --quick    small corpora and few runs, to check the script itself
#
# Knobs (environment): RUNS (10), RUNS_SLOW (5, for the 100k tree and the anchors' slow runs),
# TOOLS (10000), BIG_TOOLS (100000), HISTORY (5000), HISTORY_TOOLS (2000), DIFF_FILES (1000),
# SEED (7), TODAY (2026-12-01), CHANGELOG_ARGS (extra arguments for `steward changelog`),
# BENCH_DIR (target/bench), BENCH_TOOLS_DIR (target/bench-tools, where anchors are installed).
#
# Writes target/bench/results.md (the table) and target/bench/results/ (hyperfine JSON exports,
# GNU time reports, tool outputs), and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  : "${TOOLS:=1000}" "${BIG_TOOLS:=10000}" "${HISTORY:=300}" "${HISTORY_TOOLS:=300}" "${DIFF_FILES:=100}" "${RUNS:=3}" "${RUNS_SLOW:=2}"
fi
TOOLS=${TOOLS:-10000}
BIG_TOOLS=${BIG_TOOLS:-100000}
HISTORY=${HISTORY:-5000}
HISTORY_TOOLS=${HISTORY_TOOLS:-2000}
DIFF_FILES=${DIFF_FILES:-1000}
RUNS=${RUNS:-10}
RUNS_SLOW=${RUNS_SLOW:-5}
SEED=${SEED:-7}
TODAY=${TODAY:-2026-12-01}
CHANGELOG_ARGS=${CHANGELOG_ARGS:-}
OUT=${BENCH_DIR:-$ROOT/target/bench}
TOOLS_DIR=${BENCH_TOOLS_DIR:-$ROOT/target/bench-tools}
RES=$OUT/results
export NO_COLOR=1 LC_ALL=C.UTF-8
# Commits made by the generator and any git configuration of the machine must not matter.
export GIT_CONFIG_NOSYSTEM=1 GIT_PAGER=cat PAGER=cat

step() { printf '\n== %s\n' "$*"; }

step "1. anchors and helpers (installed only where missing)"
# shellcheck source=scripts/bench/install.sh
source scripts/bench/install.sh
install_anchors
echo "   hyperfine:        $HYPERFINE ($("$HYPERFINE" --version))"
echo "   check-jsonschema: $CHECK_JSONSCHEMA ($("$CHECK_JSONSCHEMA" --version 2>&1 | head -1))"
echo "   taplo:            $TAPLO ($("$TAPLO" --version 2>&1 | head -1))"
echo "   git:              $(git --version)"

step "2. release build"
cargo build --release --quiet --bin steward --example generate
STEWARD=$ROOT/target/release/steward
GENERATE=$ROOT/target/release/examples/generate
"$STEWARD" --version

step "3. corpora (deterministic: seed $SEED)"
mkdir -p "$OUT"
rm -rf "$RES"
mkdir -p "$RES/mem" "$RES/out"
LINT=$OUT/lint-$TOOLS
BIG=$OUT/lint-$BIG_TOOLS
HIST_TREE=$OUT/history-tree
REPO=$OUT/history
"$GENERATE" --tools "$TOOLS" --out "$LINT" --seed "$SEED" --today "$TODAY"
"$GENERATE" --tools "$BIG_TOOLS" --out "$BIG" --seed "$SEED" --today "$TODAY"
"$GENERATE" --tools "$HISTORY_TOOLS" --out "$HIST_TREE" --seed "$SEED" --today "$TODAY" \
  --history "$HISTORY" --repo "$REPO" --diff-files "$DIFF_FILES"
commits=$(git -C "$REPO" rev-list --count main)
merges=$(git -C "$REPO" rev-list --count --merges main)
changed=$(git -C "$REPO" diff --no-renames --name-only bench-a bench-b | wc -l)
echo "   history: $commits commits on main ($merges merges of pull requests); bench-a..bench-b changes $changed files"
[ "$commits" = "$HISTORY" ] || { echo "expected $HISTORY commits, got $commits" >&2; exit 1; }
[ "$changed" = "$DIFF_FILES" ] || { echo "expected $DIFF_FILES changed files, got $changed" >&2; exit 1; }

# The import reads a spreadsheet of the 10,000 tools into a tree that has only org.toml. Set up
# here, minutes before it is timed, so that the files deleted now are long freed by then (see
# PREP below).
IMPORT=$OUT/import-tree
rm -rf "$IMPORT" "$OUT/site-out" "$OUT/trash" && mkdir -p "$IMPORT/policies"
cp "$LINT/steward.toml" "$IMPORT/" && cp "$LINT/policies/org.toml" "$IMPORT/policies/"
"$PYTHON" scripts/bench/import_csv.py "$LINT/policies" "$OUT/import.csv"
echo "   import: $(($(wc -l < "$OUT/import.csv") - 1)) rows in $OUT/import.csv"

step "4. the tool schema for the anchors (steward's, \$refs inlined)"
SCHEMA=$OUT/tool.schema.json
"$PYTHON" scripts/bench/export_schema.py schemas tool > "$SCHEMA"
# Both anchors must accept a clean tool file (dates included) and reject a misspelled status.
probe=$OUT/schema-probe
rm -rf "$probe" && mkdir -p "$probe"
cp policies/tools/canva.toml "$probe/good.toml"
sed 's/^status = "approved"/status = "aproved"/' policies/tools/canva.toml > "$probe/bad.toml"
"$CHECK_JSONSCHEMA" --schemafile "$SCHEMA" "$probe/good.toml" >/dev/null \
  || { echo "check-jsonschema rejects a valid tool file" >&2; exit 1; }
! "$CHECK_JSONSCHEMA" --schemafile "$SCHEMA" "$probe/bad.toml" >/dev/null 2>&1 \
  || { echo "check-jsonschema accepts an invalid tool file" >&2; exit 1; }
"$TAPLO" lint --colors never --no-auto-config --schema "file://$SCHEMA" "$probe/good.toml" >/dev/null 2>&1 \
  || { echo "taplo rejects a valid tool file" >&2; exit 1; }
! "$TAPLO" lint --colors never --no-auto-config --schema "file://$SCHEMA" "$probe/bad.toml" >/dev/null 2>&1 \
  || { echo "taplo accepts an invalid tool file" >&2; exit 1; }
echo "   $SCHEMA: accepted by check-jsonschema and taplo"

# Commands, by name. Each runs in its corpus folder, output discarded (as hyperfine does).
declare -A CMD DIR
CMD["steward lint"]="$STEWARD lint --today $TODAY"; DIR["steward lint"]=$LINT
CMD["check-jsonschema"]="$CHECK_JSONSCHEMA --schemafile $SCHEMA policies/tools/*.toml"; DIR["check-jsonschema"]=$LINT
CMD["taplo lint"]="$TAPLO lint --colors never --no-auto-config --schema file://$SCHEMA policies/tools/*.toml"; DIR["taplo lint"]=$LINT
CMD["steward lint --format json"]="$STEWARD lint --today $TODAY --format json"; DIR["steward lint --format json"]=$LINT
CMD["steward lint ($TOOLS tools)"]="$STEWARD lint --today $TODAY"; DIR["steward lint ($TOOLS tools)"]=$LINT
CMD["steward lint ($BIG_TOOLS tools)"]="$STEWARD lint --today $TODAY"; DIR["steward lint ($BIG_TOOLS tools)"]=$BIG
CMD["steward changelog"]="$STEWARD changelog $CHANGELOG_ARGS"; DIR["steward changelog"]=$REPO
CMD["git log -p"]="git log -p"; DIR["git log -p"]=$REPO
CMD["steward diff"]="$STEWARD diff bench-a bench-b --today $TODAY"; DIR["steward diff"]=$REPO
CMD["git diff"]="git diff bench-a bench-b"; DIR["git diff"]=$REPO
# The commands added since the first benchmark, on the same trees.
SITE_OUT=$OUT/site-out
CMD["steward review"]="$STEWARD review --today $TODAY"; DIR["steward review"]=$LINT
CMD["steward review (history)"]="$STEWARD review --today $TODAY"; DIR["steward review (history)"]=$REPO
CMD["steward calendar"]="$STEWARD calendar --today $TODAY --format ics"; DIR["steward calendar"]=$LINT
CMD["steward report tools --format xlsx"]="$STEWARD report tools --format xlsx --output $OUT/tools.xlsx"; DIR["steward report tools --format xlsx"]=$LINT
CMD["steward import tools"]="$STEWARD import tools $OUT/import.csv --skip-invalid --today $TODAY"; DIR["steward import tools"]=$IMPORT
CMD["steward site"]="$STEWARD site --out $SITE_OUT --today $TODAY"; DIR["steward site"]=$LINT
# What runs before each timed run of a command that writes files: a clean slate. The files of
# the run before are moved aside, not deleted: ext4 skips inodes freed in the last minute when
# it allocates new ones, so deleting 10,000 files before each run made creating the next
# 10,000 cost 1.6 s of kernel time searching the inode table (perf: recently_deleted,
# find_get_block_common), a cost no first import or site build pays. TRASH is emptied after.
TRASH=$OUT/trash
declare -A PREP
PREP["steward import tools"]="if [ -d $IMPORT/policies/tools ]; then mkdir -p $TRASH && mv $IMPORT/policies/tools $TRASH/tools-\$(date +%s%N); fi"
PREP["steward site"]="if [ -d $SITE_OUT ]; then mkdir -p $TRASH && mv $SITE_OUT $TRASH/site-\$(date +%s%N); fi"

slug() { printf '%s' "$1" | tr -c 'A-Za-z0-9' '-'; }

# hyperfine GROUP RUNS NAME... : one hyperfine run over the named commands, in order.
bench() {
  local group=$1 runs=$2
  shift 2
  local args=()
  for name in "$@"; do
    args+=(-n "$name" "cd '${DIR[$name]}' && ${CMD[$name]}")
  done
  echo "$group $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RES/load.txt"
  "$HYPERFINE" --style basic --warmup 1 --runs "$runs" --ignore-failure \
    --export-json "$RES/$group.json" "${args[@]}"
}

# bench_prepared GROUP RUNS NAME : one command that writes files, its PREP run before each run.
bench_prepared() {
  local group=$1 runs=$2 name=$3
  echo "$group $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RES/load.txt"
  "$HYPERFINE" --style basic --warmup 1 --runs "$runs" --ignore-failure \
    --prepare "${PREP[$name]}" --export-json "$RES/$group.json" \
    -n "$name" "cd '${DIR[$name]}' && ${CMD[$name]}"
}

# memory NAME... : peak resident memory of one run of each, with GNU time.
memory() {
  for name in "$@"; do
    if [ -n "${PREP[$name]:-}" ]; then sh -c "${PREP[$name]}"; fi
    (cd "${DIR[$name]}" && "$GNU_TIME" -v -o "$RES/mem/$(slug "$name").txt" \
      sh -c "exec ${CMD[$name]} >/dev/null 2>&1") || true
  done
}

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo
  echo "note: the load average is $load: other work on this machine will slow every command"
  echo "      (and steward, which uses every core, more than single-threaded tools)."
fi

step "5. lint: $TOOLS tool files, steward (all rules) vs check-jsonschema and taplo (tool schema only)"
bench lint "$RUNS" "steward lint" "check-jsonschema" "taplo lint" "steward lint --format json"
memory "steward lint" "check-jsonschema" "taplo lint" "steward lint --format json"

step "6. the same honest work: injected schema violations found by each tool"
(cd "$LINT" && "$STEWARD" lint --today "$TODAY" --format json > "$RES/out/steward-lint.json") || true
(cd "$LINT" && ${CMD["check-jsonschema"]} -o json > "$RES/out/check-jsonschema.json" 2>&1) || true
(cd "$LINT" && ${CMD["taplo lint"]} > "$RES/out/taplo.txt" 2>&1) || true
"$PYTHON" scripts/bench/violations.py "$LINT/manifest.json" "$RES/out" "$RES/violations.json"

step "7. scaling: $TOOLS vs $BIG_TOOLS tools"
bench scale "$RUNS_SLOW" "steward lint ($TOOLS tools)" "steward lint ($BIG_TOOLS tools)"
memory "steward lint ($BIG_TOOLS tools)"

step "8. changelog over $HISTORY commits"
if (cd "$REPO" && "$STEWARD" changelog --help >/dev/null 2>&1); then
  bench changelog "$RUNS" "steward changelog" "git log -p"
  memory "steward changelog" "git log -p"
else
  echo "   steward changelog is not available yet: skipped"
  echo "steward changelog --help failed: the command is not available yet" > "$RES/changelog.skipped"
  # git's side alone, so the table still shows what steward must match.
  bench changelog "$RUNS" "git log -p"
  memory "git log -p"
fi

step "9. diff: two revisions $DIFF_FILES files apart"
bench diff "$RUNS" "steward diff" "git diff"
memory "steward diff" "git diff"

step "10. the other commands: review, calendar, report, import and site"
bench commands "$RUNS" "steward review" "steward review (history)" "steward calendar" "steward report tools --format xlsx"
bench_prepared import "$RUNS" "steward import tools"
bench_prepared site "$RUNS" "steward site"
memory "steward review" "steward review (history)" "steward calendar" "steward report tools --format xlsx" "steward import tools" "steward site"
rm -rf "$TRASH"

step "11. results"
{
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "ram_kb=$(grep MemTotal /proc/meminfo | awk '{print $2}')"
  echo "os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
  echo "kernel=$(uname -r)"
  echo "steward=$("$STEWARD" --version)"
  echo "steward_commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "check_jsonschema=$("$CHECK_JSONSCHEMA" --version 2>&1 | head -1)"
  echo "taplo=$("$TAPLO" --version 2>&1 | head -1)"
  echo "git=$(git --version)"
  echo "hyperfine=$("$HYPERFINE" --version)"
  echo "python=$("$PYTHON" --version 2>&1)"
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "tools=$TOOLS"; echo "big_tools=$BIG_TOOLS"; echo "history=$HISTORY"; echo "history_tools=$HISTORY_TOOLS"
  echo "diff_files=$DIFF_FILES"; echo "runs=$RUNS"; echo "runs_slow=$RUNS_SLOW"; echo "seed=$SEED"; echo "today=$TODAY"
  echo "merges=$merges"
  # Commands as run, with the repository's folder written $ROOT.
  for name in "${!CMD[@]}"; do echo "cmd:$name=cd ${DIR[$name]/#$ROOT/\$ROOT} && ${CMD[$name]//$ROOT/\$ROOT}"; done
} > "$RES/meta.txt"
"$PYTHON" scripts/bench/report.py "$RES" "$LINT/manifest.json" > "$OUT/results.md"
cat "$OUT/results.md"
echo
echo "written: ${OUT#"$ROOT"/}/results.md (raw data in ${RES#"$ROOT"/}/)"
