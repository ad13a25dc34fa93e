#!/usr/bin/env bash
# The cost of a hostile pull request (issue 13): each corpus below is a pull request of at
# most 20 MiB of files built to make steward slow or large. For each, the time and peak memory
# of what the GitHub Action runs (lint in every format it uses, and the diff against the base),
# release build, one run each. The promise: under 10 s and under 1 GB on 2 cores.
#
#   scripts/hostile.sh                  all corpora; writes target/hostile/results.md
#   scripts/hostile.sh unknown-keys     one (anagram-ids, unknown-keys, one-long-line, deep-and-long)
#
# Knobs (environment): HOSTILE_DIR (target/hostile), TODAY (2026-11-25). Needs GNU time
# (/usr/bin/time), git and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${HOSTILE_DIR:-$ROOT/target/hostile}
TODAY=${TODAY:-2026-11-25}
GNU_TIME=${GNU_TIME:-/usr/bin/time}
[ -x "$GNU_TIME" ] || { echo "GNU time is needed at $GNU_TIME (Debian: apt-get install time)" >&2; exit 2; }
export NO_COLOR=1 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=hostile GIT_AUTHOR_EMAIL=hostile@example.invalid
export GIT_COMMITTER_NAME=hostile GIT_COMMITTER_EMAIL=hostile@example.invalid

cargo build --release --quiet --bin steward
STEWARD=$ROOT/target/release/steward
rm -rf "$OUT"
mkdir -p "$OUT"

# A clean base tree, then one commit per corpus on its own branch.
base() {
  local repo=$1
  mkdir -p "$repo/policies/tools" "$repo/policies/budgets/2026"
  git -C "$repo" init -q -b main
  cat >"$repo/policies/org.toml" <<'TOML'
[departments.it]
name = "IT"
head = "ana"
[people.ana]
name = "Ana"
department = "it"
TOML
  git -C "$repo" add -A && git -C "$repo" commit -q -m base
}

# generate KIND DIR: writes the corpus KIND into the tree DIR/policies (python: exact sizes).
generate() {
  python3 - "$1" "$2/policies" <<'PY'
import itertools, os, sys
kind, tree = sys.argv[1], sys.argv[2]
tools = os.path.join(tree, "tools")
budgets = os.path.join(tree, "budgets", "2026")
head = 'name = "T"\nvendor = "V"\ncategory = "c"\nstatus = "approved"\ndepartment = "it"\nowner = "ana"\n'
def write(path, text):
    with open(path, "w") as f:
        f.write(text)
def anagrams(n, offset=0):
    letters = "abcdefghijklmnop"
    for i, p in enumerate(itertools.permutations(letters)):
        if i >= offset + n:
            return
        if i >= offset:
            yield "".join(p)
if kind == "anagram-ids":
    # 10,000 tools, and two budgets of 10,000 lines naming tools that do not exist, all
    # anagrams of one another (the cheap "could this be a typo" test passes for every pair).
    for t in anagrams(10000):
        write(os.path.join(tools, t + ".toml"), head)
    unknown = list(anagrams(20000, offset=10000))
    for b, ids in (("it", unknown[:10000]), ("hr", unknown[10000:])):
        lines = "".join(f'\n[[line]]\nid = "l{i}"\ncategory = "software"\namount = 1\ntool = "{t}"\n' for i, t in enumerate(ids))
        write(os.path.join(budgets, b + ".toml"), f'department = "{b}"\nfiscal_year = 2026\ncurrency = "USD"\nallocation = 100000000\n' + lines)
elif kind == "unknown-keys":
    # 20 files of about 1 MiB, each with ~95,000 keys the schema does not know.
    for n in range(20):
        keys = "".join(f"k{i} = 1\n" for i in range(95000))
        write(os.path.join(tools, f"keys-{n}.toml"), head + keys[: 1048576 - len(head) - 20])
elif kind == "one-long-line":
    # 100,000 wrong items on one 300 KB line, in each of 20 files.
    items = ", ".join(["1"] * 100000)
    for n in range(20):
        write(os.path.join(tools, f"ints-{n}.toml"), head + f"[exit_plan]\nexport_formats = [{items}]\n")
elif kind == "deep-and-long":
    # Nesting at the limit, a 500 KB key, and 250,000-item arrays.
    write(os.path.join(tools, "deep.toml"), head + "x = " + "[" * 10000 + "]" * 10000 + "\n")
    write(os.path.join(tools, "longkey.toml"), head + '"' + "k" * 500000 + '" = 1\n')
    write(os.path.join(tools, "array.toml"), head + "[extra]\nlist = [" + ", ".join(["1"] * 250000) + "]\n")
else:
    sys.exit(f"unknown corpus {kind}")
PY
}

# measure DIR ARGS...: "<seconds> <peak MB> <exit code>" of `steward ARGS` in DIR.
measure() {
  local dir=$1
  shift
  local report code
  report=$(mktemp)
  set +e
  (cd "$dir" && "$GNU_TIME" -f '%e %M' -o "$report" "$STEWARD" "$@" >/dev/null 2>&1)
  code=$?
  set -e
  tail -n 1 "$report" | awk -v code="$code" '{ printf "%s %.0f %s\n", $1, $2 / 1024, code }'
  rm -f "$report"
}

results=$OUT/results.md
{
  echo "| corpus | files MiB | command | seconds | peak MB | exit | holds (< 10 s, < 1 GB, exit 0-2) |"
  echo "|---|---:|---|---:|---:|---:|---|"
} >"$results"
failures=0
corpora=("$@")
[ "${#corpora[@]}" -gt 0 ] || corpora=(anagram-ids unknown-keys one-long-line deep-and-long)
for corpus in "${corpora[@]}"; do
  repo=$OUT/$corpus
  base "$repo"
  settings=""
  [ "$corpus" = one-long-line ] && settings="max_file_bytes = 4194304"
  [ -n "$settings" ] && echo "$settings" >"$repo/steward.toml"
  generate "$corpus" "$repo"
  git -C "$repo" add -A && git -C "$repo" commit -q -m "$corpus"
  size=$(du -sm --apparent-size "$repo/policies" | cut -f1)
  for command in "lint --format json" "lint --format human" "lint --format github" \
                 "lint --format markdown" "lint --format sarif" \
                 "lint --new-only HEAD~1 --format json" "diff HEAD~1 HEAD --format markdown"; do
    # shellcheck disable=SC2086
    read -r seconds mb code < <(measure "$repo" $command --today "$TODAY")
    holds=yes
    if awk -v s="$seconds" -v m="$mb" 'BEGIN { exit !(s >= 10 || m >= 1024) }' || [ "$code" -gt 2 ]; then
      holds=NO
      failures=$((failures + 1))
    fi
    echo "| $corpus | $size | \`steward $command\` | $seconds | $mb | $code | $holds |" >>"$results"
  done
done
cat "$results"
echo
if [ "$failures" -gt 0 ]; then
  echo "$failures runs broke the promise (see $results)"
  exit 1
fi
echo "Every run held: under 10 s, under 1 GB, exit 0, 1 or 2 ($results)."
