#!/usr/bin/env bash
# comment/action.yml's step: reads the artifact of a check run (untrusted: a fork's pull
# request controls the workflow that wrote it) and hands it to comment.sh.
#   STEWARD_ARTIFACT       the folder: `pr-number` (digits) and `body.md` (markdown)
#   STEWARD_EXPECTED_HEAD  the commit the pull request must be at (workflow_run.head_sha)
#   STEWARD_GITHUB_TOKEN   passed on
# A malformed artifact is a warning, never a failure of this job's caller.
set -euo pipefail

warn() {
  local s=$1
  s=${s//'%'/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '::warning title=steward comment::%s\n' "$s"
  exit 0
}

dir=${STEWARD_ARTIFACT:-}
[[ -n $dir && -d $dir ]] || warn "steward did not comment: no artifact folder \"$dir\"."
for name in pr-number body.md; do
  [[ -f $dir/$name && ! -L $dir/$name ]] || warn "steward did not comment: the artifact has no $name file."
done
# Only the first 16 bytes are read: a number has at most 10 digits.
number=$(head -c 16 "$dir/pr-number" | tr -d '\r\n')
[[ $number =~ ^[1-9][0-9]{0,9}$ ]] || warn "steward did not comment: the artifact's pr-number is not a pull request number."
[[ ${STEWARD_EXPECTED_HEAD:-} =~ ^[0-9a-f]{40}$ ]] || warn "steward did not comment: expected-head must be a full commit sha."

export STEWARD_COMMENT=always
export STEWARD_PR_NUMBER=$number
export STEWARD_COMMENT_FILE=$dir/body.md
exec bash "$(dirname -- "${BASH_SOURCE[0]}")/comment.sh"
