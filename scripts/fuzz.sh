#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a bounded time and fails on the first crash.
#
#   scripts/fuzz.sh                  # every target, 60 seconds each
#   FUZZ_SECONDS=600 scripts/fuzz.sh span_mapping
#
# Settings (environment):
#   FUZZ_SECONDS    time per target, in seconds (default 60)
#   FUZZ_TOOLCHAIN  the nightly toolchain cargo-fuzz builds with (default nightly)
#   FUZZ_RSS_MB     memory limit per run; more counts as a crash (default 2048)
#   FUZZ_TIMEOUT    seconds one input may take; more counts as a crash (default 10)
#
# Needs: rustup toolchain install nightly; cargo install cargo-fuzz.
# Seeds come from the sample tree and, when present, the toml-test corpus in
# ../shared/data/toml-test. Crashing inputs are kept in fuzz/artifacts/<target>/; reproduce
# one with `cargo +nightly fuzz run <target> <file>`, then add it as a regression test
# (tests/hostile_files.rs or a unit test) before fixing it.
#
# Exit status: 0 when every target ran clean, 1 when one crashed (or hung, or ran out of
# memory), 2 when the tools are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
toolchain="${FUZZ_TOOLCHAIN:-nightly}"
rss_mb="${FUZZ_RSS_MB:-2048}"
timeout="${FUZZ_TIMEOUT:-10}"

if ! cargo +"$toolchain" --version >/dev/null 2>&1; then
  echo "fuzz: the $toolchain toolchain is missing (rustup toolchain install $toolchain)" >&2
  exit 2
fi
if ! cargo +"$toolchain" fuzz --version >/dev/null 2>&1; then
  echo "fuzz: cargo-fuzz is missing (cargo install cargo-fuzz)" >&2
  exit 2
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cd fuzz && cargo +"$toolchain" fuzz list)
fi

# Seed corpora. File names are fixed, so running the script again adds nothing twice.
toml_test="../shared/data/toml-test"
seed() { # seed <target> <name> <prefix byte, or empty> <file>
  local dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  if [ -n "$3" ]; then
    { printf "\\x$3"; cat "$4"; } >"$dir/seed-$2"
  else
    cp "$4" "$dir/seed-$2"
  fi
}
seed_all() {
  local f name
  for f in policies/tools/*.toml; do seed parse_lint "tool-$(basename "$f")" 00 "$f"; done
  for f in policies/technology/*.toml; do seed parse_lint "policy-$(basename "$f")" 01 "$f"; done
  for f in policies/budgets/*/*.toml; do seed parse_lint "budget-$(basename "$f")" 02 "$f"; done
  [ -f policies/org.toml ] && seed parse_lint org.toml 03 policies/org.toml
  [ -f schemas/tool.schema.json ] && seed parse_lint tool.schema.json 04 schemas/tool.schema.json
  for f in policies/tools/*.toml policies/technology/*.toml policies/org.toml; do
    [ -f "$f" ] && seed span_mapping "sample-$(basename "$f")" "" "$f"
  done
  [ -f steward.toml ] && seed config steward.toml "" steward.toml
  mkdir -p fuzz/corpus/config
  printf 'root = "policies"\nrequired_approvers = ["it"]\ntool_review_months = 12\nmax_file_bytes = 1048576\n[rules]\n"tool/no-backup-owner" = "off"\n[kinds.team]\npath = "teams/*.toml"\nschema = "schemas/team.schema.json"\n' >fuzz/corpus/config/seed-full.toml
  if [ -d "$toml_test" ]; then
    while IFS= read -r f; do
      name="toml-test-$(echo "$f" | tr '/' '-')"
      seed span_mapping "$name" "" "$toml_test/$f"
      seed parse_lint "$name" 00 "$toml_test/$f"
    done < <(grep '\.toml$' "$toml_test/files-toml-1.1.0")
  fi
}
seed_all

failed=()
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  mkdir -p "fuzz/corpus/$target"
  if (cd fuzz && cargo +"$toolchain" fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" \
        -max_len=65536 -print_final_stats=1 -dict=toml.dict); then
    echo "== $target: clean"
  else
    echo "== $target: CRASHED; the input is in fuzz/artifacts/$target/" >&2
    failed+=("$target")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: every target ran clean for ${seconds}s"
