#!/usr/bin/env bash
# Posts steward's summary on a pull request as ONE comment, found again by a hidden marker
# and edited in place on every later run, never a new comment per push.
#
# Inputs (environment variables set by action.yml or comment/action.yml):
#   STEWARD_COMMENT        auto (default) | always | never
#                          auto: on pull_request events whose head is in this repository
#                          (a fork's pull request gets a read-only token; see the
#                          two-workflow pattern in the README); always: whenever there is a
#                          pull request number; never: not at all.
#   STEWARD_GITHUB_TOKEN   the token to call GitHub's REST API with
#   STEWARD_COMMENT_FILE   the markdown to post (run.sh writes it)
#   STEWARD_PR_NUMBER      the pull request (default: the event's). From an artifact it is
#                          untrusted: only digits are accepted.
#   STEWARD_EXPECTED_HEAD  optional: the commit the pull request's head must be at (the
#                          workflow_run's head_sha), so that an artifact cannot aim the
#                          comment at another pull request.
# and the runner's: GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
# GITHUB_SERVER_URL, GITHUB_RUN_ID.
#
# The comment is the one whose body starts with the marker and whose author is the token's
# user (`GET /user`; for the workflow's own token, which may not read it, github-actions[bot]).
# A body over GitHub's 65,536 characters loses its folded details first, then lines from the
# end, and links to the job summary. Nothing here fails the check: a 403 or 404 (a read-only
# token, as on a fork's pull request, or no `pull-requests: write`) is a notice, any other
# problem a warning, and the script exits 0.
set -euo pipefail

MARKER='<!-- steward:summary -->'
# GitHub's limit is 65,536 characters; counting bytes (never fewer than characters) keeps
# every body within it.
LIMIT=${STEWARD_COMMENT_LIMIT:-65536}
# A body from an artifact larger than this is not read at all.
MAX_INPUT_BYTES=$((4 * 1024 * 1024))
MAX_PAGES=30

mode=$(printf '%s' "${STEWARD_COMMENT:-auto}" | tr '[:upper:]' '[:lower:]')
token=${STEWARD_GITHUB_TOKEN:-}
body_source=${STEWARD_COMMENT_FILE:-}
api=${GITHUB_API_URL:-https://api.github.com}
repository=${GITHUB_REPOSITORY:-}
event=${GITHUB_EVENT_NAME:-}

escape_data() {
  local s=$1
  s=${s//'%'/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

notice() {
  printf '::notice title=steward comment::%s\n' "$(escape_data "$1")"
  exit 0
}

warn() {
  printf '::warning title=steward comment::%s\n' "$(escape_data "$1")"
  exit 0
}

# --- JSON, with python3 (on every GitHub-hosted runner) or jq ------------------------------

have_json_tool() {
  command -v python3 >/dev/null 2>&1 || command -v jq >/dev/null 2>&1
}

# A top-level or nested string field of a JSON document (`pull_request.head.sha`).
json_field() {
  local file=$1 path=$2
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$file" "$path" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        value = json.load(f)
except (OSError, ValueError):
    sys.exit(0)
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
if isinstance(value, (str, int)) and not isinstance(value, bool):
    print(value)
PY
  else
    jq -r --arg p "$path" 'try (getpath($p | split(".")) | select(type == "string" or type == "number")) catch empty' "$file" 2>/dev/null || true
  fi
}

# One page of comments: prints the number of comments on it, then the id of the first one
# written by LOGIN whose body starts with the marker (nothing when there is none).
scan_comments() {
  local file=$1 login=$2
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$file" "$login" "$MARKER" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        page = json.load(f)
except (OSError, ValueError):
    page = []
if not isinstance(page, list):
    page = []
print(len(page))
for c in page:
    if not isinstance(c, dict):
        continue
    user = c.get("user") if isinstance(c.get("user"), dict) else {}
    body = c.get("body") if isinstance(c.get("body"), str) else ""
    cid = c.get("id")
    if user.get("login") == sys.argv[2] and body.startswith(sys.argv[3]) and isinstance(cid, int) and not isinstance(cid, bool):
        print(cid)
        break
PY
  else
    jq -r --arg login "$login" --arg marker "$MARKER" '
      if type == "array" then
        (length | tostring),
        ([.[] | select(type == "object" and (.user.login? == $login)
                       and ((.body? // "") | type == "string" and startswith($marker))
                       and (.id | type == "number"))][0].id // empty | tostring)
      else "0" end' "$file" 2>/dev/null || echo 0
  fi
}

# {"body": FILE's text}
json_body() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys; print(json.dumps({"body": open(sys.argv[1], encoding="utf-8", errors="replace").read()}))' "$1"
  else
    jq -Rs '{body: .}' <"$1"
  fi
}

# --- the REST API ---------------------------------------------------------------------------

# api METHOD PATH [JSON_FILE]: the response goes to $work/response, the HTTP status (000 when
# there was none) to $status. The token travels in a curl config file, not on the command
# line where other processes could read it.
api() {
  local method=$1 path=$2 data=${3:-}
  local args=(--silent --show-error --location --max-time 30 --connect-timeout 10
    --max-filesize $((16 * 1024 * 1024)) --config "$work/curl.cfg"
    --request "$method" --output "$work/response" --write-out '%{http_code}')
  if [[ -n $data ]]; then
    args+=(--header 'Content-Type: application/json' --data-binary "@$data")
  fi
  status=$(curl "${args[@]}" "$api$path" 2>"$work/curl.err") || true
  [[ $status =~ ^[0-9]{3}$ ]] || status=000
}

fail_http() {
  local what=$1
  case $status in
    403 | 404)
      notice "steward did not $what: GitHub answered $status (the token may not write pull-request comments, as on a pull request from a fork). The check's result does not depend on it. To comment, give the job \`permissions: pull-requests: write\`, or use the two-workflow pattern for forks (README: The pull-request comment)."
      ;;
    000) warn "steward did not $what: no answer from $api ($(head -c 300 "$work/curl.err" | tr -d '\r'))." ;;
    *) warn "steward did not $what: GitHub answered $status." ;;
  esac
}

# --- the body -------------------------------------------------------------------------------

# The marker, the summary, and when it does not fit: as many folded sections as fit, then as
# many lines as fit, and a line saying what was left out with a link to the job summary.
build_body() {
  local source=$1 out=$2 link="" footer
  if [[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ && ${GITHUB_RUN_ID:-} =~ ^[0-9]+$ ]]; then
    link="${GITHUB_SERVER_URL:-https://github.com}/$repository/actions/runs/$GITHUB_RUN_ID"
  fi
  # A body that already carries the marker (from an artifact) does not get it twice.
  {
    printf '%s\n\n' "$MARKER"
    awk -v marker="$MARKER" 'NR == 1 && $0 == marker { skip = 1; next } skip && $0 == "" { next } { skip = 0; print }' "$source"
  } >"$work/full.md"
  if (($(wc -c <"$work/full.md") <= LIMIT)); then
    cp "$work/full.md" "$out"
    return
  fi
  if [[ -n $link ]]; then
    footer="_This comment is shortened to fit GitHub's limit; [the whole summary is on the run's page]($link)._"
  else
    footer="_This comment is shortened to fit GitHub's limit; the whole summary is in the job summary._"
  fi
  local budget=$((LIMIT - ${#footer} - 64))
  # The sections' budget leaves room for the line saying how many were left out.
  LC_ALL=C awk -v budget="$((budget - 100))" '
    # Pass 1 (first file): the size of the text outside folded sections and of each section.
    FNR == NR {
      if (!inside && $0 ~ /^<details/) { inside = 1; n++ }
      if (inside) size[n] += length($0) + 1; else outside += length($0) + 1
      if (inside && $0 == "</details>") inside = 0
      next
    }
    FNR == 1 {
      used = outside
      for (i = 1; i <= n; i++) {
        keep[i] = (used + size[i] <= budget)
        if (keep[i]) used += size[i]; else dropped++
      }
      inside = 0; n = 0
    }
    # Pass 2: the text with the sections that fit (and no run of blank lines where the
    # others were).
    {
      if (!inside && $0 ~ /^<details/) { inside = 1; n++ }
      if ((!inside || keep[n]) && !($0 == "" && blank)) { print; blank = ($0 == "") }
      if (inside && $0 == "</details>") inside = 0
    }
    END { if (dropped) printf "%s_%d folded section(s) of details were left out._\n", (blank ? "" : "\n"), dropped }
  ' "$work/full.md" "$work/full.md" >"$work/folded.md"
  # Still too long: whole lines from the end (a cut may split a UTF-8 character, so the last,
  # partial line goes), then close a folded section left open.
  if (($(wc -c <"$work/folded.md") <= budget)); then
    cp "$work/folded.md" "$work/cut.md"
  else
    head -c "$budget" "$work/folded.md" | sed '$d' >"$work/cut.md"
  fi
  local opened closed
  opened=$(grep -c '^<details' "$work/cut.md" || true)
  closed=$(grep -c '^</details>$' "$work/cut.md" || true)
  {
    cat "$work/cut.md"
    if ((opened > closed)); then printf '\n</details>\n'; fi
    printf '\n%s\n' "$footer"
  } >"$out"
}

# --- what to do -----------------------------------------------------------------------------

case $mode in
  never) exit 0 ;;
  auto | always) ;;
  *)
    printf '::error title=steward comment::%s\n' "$(escape_data "comment must be auto, always or never; got \"$mode\".")"
    exit 2
    ;;
esac

event_file=${GITHUB_EVENT_PATH:-}
[[ -f $event_file ]] || event_file=/dev/null
number=${STEWARD_PR_NUMBER:-}
if [[ -z $number ]] && have_json_tool; then
  case $event in pull_request | pull_request_target) number=$(json_field "$event_file" pull_request.number) ;; esac
fi

if [[ $mode == auto ]]; then
  case $event in
    pull_request | pull_request_target | workflow_run) ;;
    *) exit 0 ;;
  esac
fi
[[ -n $number ]] || { [[ $mode == always ]] && warn "comment: always, but there is no pull request to comment on (event: ${event:-none})."; exit 0; }
[[ $number =~ ^[1-9][0-9]{0,9}$ ]] || warn "steward did not comment: the pull request number is not a number."
[[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || warn "steward did not comment: GITHUB_REPOSITORY is not OWNER/NAME."
[[ -n $body_source && -f $body_source ]] || warn "steward did not comment: there is no summary to post."
(($(wc -c <"$body_source") <= MAX_INPUT_BYTES)) || warn "steward did not comment: the summary is larger than $MAX_INPUT_BYTES bytes."
have_json_tool || warn "steward did not comment: posting a comment needs python3 or jq on the runner."

if [[ $mode == auto && -z ${STEWARD_PR_NUMBER:-} ]]; then
  head_repo=$(json_field "$event_file" pull_request.head.repo.full_name)
  if [[ -n $head_repo && $head_repo != "$repository" ]]; then
    echo "steward: not commenting: this pull request comes from a fork ($head_repo), whose token may not write. The check's result does not depend on it; see the README (The pull-request comment) for forks."
    exit 0
  fi
fi
[[ -n $token ]] || notice "steward did not comment: no github-token."
[[ $token =~ ^[A-Za-z0-9_.~+/=-]+$ ]] || warn "steward did not comment: the github-token is malformed."

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/steward-comment.XXXXXX")
trap 'rm -rf "$work"' EXIT
(
  umask 077
  printf 'header = "Authorization: Bearer %s"\nheader = "Accept: application/vnd.github+json"\nheader = "X-GitHub-Api-Version: 2022-11-28"\nuser-agent = "steward-action"\n' "$token" >"$work/curl.cfg"
)

if [[ -n ${STEWARD_EXPECTED_HEAD:-} ]]; then
  [[ $STEWARD_EXPECTED_HEAD =~ ^[0-9a-f]{40}$ ]] || warn "steward did not comment: the expected head is not a commit sha."
  api GET "/repos/$repository/pulls/$number"
  [[ $status == 200 ]] || fail_http "read pull request #$number"
  head_sha=$(json_field "$work/response" head.sha)
  [[ $head_sha == "$STEWARD_EXPECTED_HEAD" ]] ||
    warn "steward did not comment: pull request #$number is not at the commit that was checked (${STEWARD_EXPECTED_HEAD:0:12})."
fi

build_body "$body_source" "$work/body.md"
json_body "$work/body.md" >"$work/body.json"

login=github-actions[bot]
api GET /user
if [[ $status == 200 ]]; then
  found=$(json_field "$work/response" login)
  [[ -n $found ]] && login=$found
fi

comment_id=""
for ((page = 1; page <= MAX_PAGES; page++)); do
  api GET "/repos/$repository/issues/$number/comments?per_page=100&page=$page"
  [[ $status == 200 ]] || fail_http "read the comments of pull request #$number"
  { read -r count && read -r comment_id; } < <(scan_comments "$work/response" "$login"; echo) || true
  [[ -n $comment_id || ${count:-0} -lt 100 ]] && break
done
[[ $comment_id =~ ^[0-9]*$ ]] || comment_id=""

if [[ -n $comment_id ]]; then
  api PATCH "/repos/$repository/issues/comments/$comment_id" "$work/body.json"
  [[ $status == 200 ]] || fail_http "update its comment on pull request #$number"
  echo "steward: updated the summary comment on pull request #$number."
else
  api POST "/repos/$repository/issues/$number/comments" "$work/body.json"
  [[ $status == 201 ]] || fail_http "comment on pull request #$number"
  echo "steward: posted the summary comment on pull request #$number."
fi
