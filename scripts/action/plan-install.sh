#!/usr/bin/env bash
# The steward GitHub Action's first step: decides how steward gets onto the runner, so that
# action.yml restores and saves the build cache only when steward is built from source.
#
#   STEWARD_INSTALL  auto (default) | release | source | path
#
# auto:    the prebuilt release this copy of the action was released with
#          (scripts/action/release.txt) when it has an archive for this runner; otherwise
#          (an unreleased commit, or no archive for this runner) a build from source.
# release: the prebuilt release, or fail when there is none.
# source:  always build from the action's own source with cargo.
# path:    steward is already on PATH.
#
# Writes `method=release|source|path` to GITHUB_OUTPUT (or prints it).
set -euo pipefail
# shellcheck source=scripts/action/release.sh
source "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}/scripts/action/release.sh"

escape_data() {
  local s=$1
  s=${s//'%'/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

die() {
  printf '::error title=steward install::%s\n' "$(escape_data "$1")"
  exit 2
}

mode=${STEWARD_INSTALL:-auto}
case $mode in
  auto)
    if release_for_runner; then
      method=release
      echo "steward: installing the prebuilt steward $release_version ($release_archive)."
    else
      method=source
      echo "steward: building steward from the action's source: $release_reason."
    fi
    ;;
  release)
    release_for_runner ||
      die "install: release needs a prebuilt steward, but $release_reason. Pin the action to a release commit (see the release notes), or use install: auto."
    method=release
    echo "steward: installing the prebuilt steward $release_version ($release_archive)."
    ;;
  source | path) method=$mode ;;
  *) die "install must be auto, release, source or path; got \"$mode\"." ;;
esac

if [[ -n ${GITHUB_OUTPUT:-} ]]; then
  printf 'method=%s\n' "$method" >>"$GITHUB_OUTPUT"
else
  printf 'method=%s\n' "$method"
fi
