#!/usr/bin/env bash
# The steward GitHub Action's main step (see action.yml and the README: The GitHub Action).
#
# Lints the checked-out tree, prints GitHub annotations, writes the job summary (the lint
# result, then what the change does compared with its base), optionally a SARIF file, sets
# the step's outputs, and exits 1 when the findings reach `fail-on`, 2 when steward could not
# run at all.
#
# Every input arrives as an environment variable set by action.yml's `env:` (never spliced
# into this text, so an input cannot inject shell code):
#   STEWARD_ROOT        --root for steward (empty: steward.toml's root, else policies/)
#   STEWARD_BASE        revision to compare with (empty: chosen from the event, see below)
#   STEWARD_FAIL_ON     error | warning | never
#   STEWARD_NEW_ONLY    true | false: gate only findings that the base does not have
#   STEWARD_SARIF_FILE  also write SARIF there (empty: no SARIF)
#   STEWARD_SUMMARY     true | false: write the job summary (the same text becomes the
#                       pull-request comment either way: output `comment-file`)
#   STEWARD_TODAY       YYYY-MM-DD for date rules (empty: today)
#   STEWARD_SITE        also build `steward site` into this folder (empty: no site), with
#                       links to the repository (GITHUB_SERVER_URL/GITHUB_REPOSITORY) and its
#                       default branch from the event, when the runner gives them
# and the runner's own: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP.
#
# The default base: on pull_request, the first parent of the checked-out merge commit (the
# base GitHub merged against), else the event's pull_request.base.sha; on merge_group, the
# event's base_sha; on push, the event's `before`, else HEAD's first parent; otherwise HEAD's
# first parent. A shallow clone that lacks the base gets it with
# `git fetch --no-tags --depth=1 origin BASE`; if that fails the step fails with the fix.
set -euo pipefail

# GitHub's limit for one step's summary (STEWARD_SUMMARY_LIMIT overrides it, for tests), and
# a margin for what GitHub adds.
SUMMARY_LIMIT=${STEWARD_SUMMARY_LIMIT:-$((1024 * 1024))}
SUMMARY_MARGIN=2048

fail_on=${STEWARD_FAIL_ON:-error}
new_only=$(printf '%s' "${STEWARD_NEW_ONLY:-false}" | tr '[:upper:]' '[:lower:]')
summary=$(printf '%s' "${STEWARD_SUMMARY:-true}" | tr '[:upper:]' '[:lower:]')
root=${STEWARD_ROOT:-}
base_input=${STEWARD_BASE:-}
sarif_file=${STEWARD_SARIF_FILE:-}
site_dir=${STEWARD_SITE:-}
today=${STEWARD_TODAY:-}
event=${GITHUB_EVENT_NAME:-}

# --- output helpers -------------------------------------------------------------------------

# Escapes a workflow command's message: % CR LF.
escape_data() {
  local s=$1
  s=${s//'%'/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

# An error annotation (user text is escaped, so it cannot start a command), then exit 2.
die() {
  printf '::error title=steward::%s\n' "$(escape_data "$1")"
  exit 2
}

warn() {
  printf '::warning title=steward::%s\n' "$(escape_data "$1")"
}

# Sets a step output with the multiline syntax and a random delimiter, so that no value can
# end the block early and set another output.
set_output() {
  local name=$1 value=$2 delimiter
  [[ -n ${GITHUB_OUTPUT:-} ]] || return 0
  delimiter="steward_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  case $value in *"$delimiter"*) die "an output value contains its delimiter" ;; esac
  printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$GITHUB_OUTPUT"
}

# Reads a value from a JSON file: a dotted path (`summary.errors`), or `PATH.#` for the length
# of a list. python3 (on every GitHub-hosted runner), else jq.
json_get() {
  local file=$1 path=$2
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$file" "$path" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    value = json.load(f)
keys = sys.argv[2].split(".")
length = keys[-1] == "#"
if length:
    keys = keys[:-1]
for key in keys:
    value = value.get(key) if isinstance(value, dict) else None
if length:
    value = len(value) if isinstance(value, (list, dict)) else 0
print("" if value is None else value)
PY
  elif command -v jq >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # jq's own variables, not the shell's
    local filter='getpath($p | split(".")) // empty'
    if [[ $path == *.# ]]; then
      path=${path%.#}
      # shellcheck disable=SC2016
      filter='getpath($p | split(".")) // [] | length'
    fi
    jq -r --arg p "$path" "$filter" "$file"
  else
    die "reading steward's JSON needs python3 or jq on the runner; install one of them before this step."
  fi
}

# --- inputs ---------------------------------------------------------------------------------

case $fail_on in
  error | warning | never) ;;
  *) die "fail-on must be error, warning or never; got \"$fail_on\"." ;;
esac
case $new_only in true | false) ;; *) die "new-only must be true or false; got \"$new_only\"." ;; esac
case $summary in true | false) ;; *) die "summary must be true or false; got \"$summary\"." ;; esac
case $base_input in -*) die "base must be a git revision; got \"$base_input\"." ;; esac
case $site_dir in -*) die "site must be a folder; got \"$site_dir\"." ;; esac

command -v steward >/dev/null 2>&1 || die "steward is not on PATH: the install step did not run or failed."

cd "${GITHUB_WORKSPACE:-$PWD}"
work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/steward.XXXXXX")
trap 'rm -rf "$work"' EXIT

common=()
if [[ -n $root ]]; then common+=(--root "$root"); fi
if [[ -n $today ]]; then common+=(--today "$today"); fi

# --- the base -------------------------------------------------------------------------------

in_git=false
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then in_git=true; fi

# HEAD's parents as recorded in the commit object: a shallow clone lacks the parent commits
# but still knows their ids.
head_parents() {
  git cat-file commit HEAD 2>/dev/null | sed -n -e '/^$/q' -e 's/^parent //p'
}

event_field() {
  [[ -n ${GITHUB_EVENT_PATH:-} && -f ${GITHUB_EVENT_PATH:-} ]] || return 0
  json_get "$GITHUB_EVENT_PATH" "$1"
}

base=""
if [[ -n $base_input ]]; then
  base=$base_input
elif [[ $in_git == true ]]; then
  parents=()
  while IFS= read -r parent; do parents+=("$parent"); done < <(head_parents)
  case $event in
    pull_request | pull_request_target)
      if ((${#parents[@]} >= 2)); then
        base=${parents[0]}
      else
        base=$(event_field pull_request.base.sha)
      fi
      ;;
    merge_group)
      base=$(event_field merge_group.base_sha)
      ;;
    push)
      base=$(event_field before)
      if [[ -z $base || $base =~ ^0+$ ]]; then base=${parents[0]:-}; fi
      ;;
    *)
      base=${parents[0]:-}
      ;;
  esac
fi

base_sha=""
if [[ -n $base ]]; then
  [[ $in_git == true ]] || die "comparing with base \"$base\" needs a git checkout; ${GITHUB_WORKSPACE:-this folder} is not a git repository."
  if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    echo "steward: the base commit is not in this clone (a shallow checkout); fetching it with git fetch --no-tags --depth=1 origin."
    if git fetch --no-tags --depth=1 origin "$base" >/dev/null 2>"$work/fetch.log"; then
      # A branch or tag name given as `base` resolves through FETCH_HEAD.
      if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null &&
        fetched=$(git rev-parse --verify --quiet 'FETCH_HEAD^{commit}'); then
        base=$fetched
      fi
    fi
  fi
  if ! base_sha=$(git rev-parse --verify --quiet "$base^{commit}"); then
    die "The base commit $base is not in this clone, and \`git fetch --no-tags --depth=1 origin $base\` could not fetch it. steward needs it to compare the change with its base.
Fix: let actions/checkout fetch the whole history:
    - uses: actions/checkout@v4
      with:
        fetch-depth: 0"
  fi
else
  echo "steward: no base commit to compare with (a first commit, or not a git checkout); linting only."
fi

# --- lint -----------------------------------------------------------------------------------

# Runs steward; exit codes 0 and 1 are results, anything else means it could not run.
run_steward() {
  local status=0
  steward "$@" 2>"$work/stderr" || status=$?
  if ((status > 1)); then
    die "steward $1 could not run: $(cat "$work/stderr")"
  fi
  return 0
}

gate=()
if [[ $new_only == true ]]; then
  if [[ -n $base_sha ]]; then
    gate=(--new-only "$base_sha")
  else
    warn "new-only: there is no base commit, so every finding counts."
  fi
fi

run_steward lint ${common[@]+"${common[@]}"} ${gate[@]+"${gate[@]}"} --format json --output "$work/lint.json"
errors=$(json_get "$work/lint.json" summary.errors)
warnings=$(json_get "$work/lint.json" summary.warnings)

# The annotations: steward escapes every user string per the workflow-command rules.
run_steward lint ${common[@]+"${common[@]}"} ${gate[@]+"${gate[@]}"} --format github

if [[ -n $sarif_file ]]; then
  mkdir -p "$(dirname -- "$sarif_file")"
  # Every finding, not only new ones: code scanning tracks which alerts are new by itself.
  run_steward lint ${common[@]+"${common[@]}"} --format sarif --output "$sarif_file"
fi

# --- the site -------------------------------------------------------------------------------

if [[ -n $site_dir ]]; then
  site_args=()
  if [[ -n ${GITHUB_SERVER_URL:-} && -n ${GITHUB_REPOSITORY:-} ]]; then
    site_args+=(--repo-url "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY")
    branch=$(event_field repository.default_branch)
    if [[ -n $branch ]]; then site_args+=(--branch "$branch"); fi
  fi
  run_steward site ${common[@]+"${common[@]}"} ${site_args[@]+"${site_args[@]}"} --out "$site_dir"
  echo "steward: the site is in $site_dir."
fi

# --- the comparison -------------------------------------------------------------------------

changed=0
diff_ok=false
if [[ -n $base_sha ]]; then
  status=0
  steward diff "$base_sha" HEAD ${common[@]+"${common[@]}"} --format json --output "$work/diff.json" 2>"$work/stderr" || status=$?
  if ((status == 0)); then
    diff_ok=true
    changed=$(json_get "$work/diff.json" entities.#)
  else
    warn "steward could not compare with the base: $(cat "$work/stderr")"
  fi
fi

# --- the job summary ------------------------------------------------------------------------

# Built whether or not it goes to the job summary: it is also the pull-request comment. With a
# base, it is steward's decision page: the verdict, what the change does in money, owners and
# decisions, what must be fixed, then the technical details (folded; cut first to fit).
if [[ $diff_ok == true ]]; then
  page=(--format markdown --max-bytes "$((SUMMARY_LIMIT - SUMMARY_MARGIN))")
  if [[ $new_only == true ]]; then page+=(--new-only); fi
  number=$(event_field pull_request.number || true)
  if [[ $event == pull_request* && $number =~ ^[0-9]+$ ]]; then
    page+=(--head-name "pull request #$number")
  fi
  if [[ -n ${GITHUB_BASE_REF:-} ]]; then page+=(--base-branch "$GITHUB_BASE_REF"); fi
  steward diff "$base_sha" HEAD ${common[@]+"${common[@]}"} "${page[@]}" --output "$work/summary.md" 2>"$work/stderr" || {
    warn "steward could not write the summary: $(cat "$work/stderr")"
    run_steward lint ${common[@]+"${common[@]}"} ${gate[@]+"${gate[@]}"} --format markdown --output "$work/summary.md"
  }
  # The comment's own cut (GitHub takes 65,536 characters): steward keeps the verdict, the
  # money and the problems, and drops the technical details and then the longest lists.
  comment_limit=${STEWARD_COMMENT_LIMIT:-65536}
  if [[ $comment_limit =~ ^[0-9]+$ ]] && (($(wc -c <"$work/summary.md") > comment_limit - 512)); then
    page[3]=$((comment_limit > 1024 ? comment_limit - 512 : comment_limit / 2))
    steward diff "$base_sha" HEAD ${common[@]+"${common[@]}"} "${page[@]}" --output "$work/comment.md" 2>/dev/null || true
  fi
else
  run_steward lint ${common[@]+"${common[@]}"} ${gate[@]+"${gate[@]}"} --format markdown --output "$work/summary.md"
  if [[ -z $base_sha ]]; then
    printf '\nNo earlier version to compare with: this is the first commit of the policy tree.\n' >>"$work/summary.md"
  fi
fi
if [[ $summary == true && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  cat "$work/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi

# The pull-request comment's text, kept for the comment step (and for a fork workflow's
# artifact): outside $work, which goes at exit.
comment_file=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/steward-comment.XXXXXX")
if [[ -s $work/comment.md ]]; then
  {
    cat "$work/comment.md"
    run_url="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"
    printf '\n_This comment is shortened to fit GitHub'"'"'s limit; [the whole summary is on the run'"'"'s page](%s)._\n' "$run_url"
  } >"$comment_file"
else
  cp "$work/summary.md" "$comment_file"
fi

# --- outputs and the verdict ----------------------------------------------------------------

set_output errors "$errors"
set_output warnings "$warnings"
set_output changed "$changed"
set_output base "$base_sha"
set_output comment-file "$comment_file"

failing=false
if [[ $fail_on == error ]] && ((errors > 0)); then failing=true; fi
if [[ $fail_on == warning ]] && ((errors + warnings > 0)); then failing=true; fi
if [[ $failing == true ]]; then
  echo "steward: failing the check: $errors error(s), $warnings warning(s) (fail-on: $fail_on)."
  exit 1
fi
echo "steward: passed: $errors error(s), $warnings warning(s) (fail-on: $fail_on)."
