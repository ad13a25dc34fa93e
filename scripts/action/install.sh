#!/usr/bin/env bash
# The steward GitHub Action's install step. Inputs arrive as environment variables set by
# action.yml's `env:`:
#   STEWARD_INSTALL          source (default) | release | path
#   STEWARD_CACHE_HIT        "true" when actions/cache restored the install folder
#   STEWARD_VERSION          release mode: the release tag, e.g. v1.2.0
#   STEWARD_RELEASE_SHA256   release mode: the archive's expected SHA-256 (required)
#   STEWARD_ACTION_REPOSITORY, STEWARD_ACTION_REF   the action's owner/name and ref
# and, for tests only, STEWARD_HOME (the install folder, default ~/.steward-action) and
# STEWARD_RELEASE_BASE_URL (default https://github.com/OWNER/NAME/releases/download).
#
# source:  `cargo install --locked --path "$GITHUB_ACTION_PATH"` into the install folder,
#          which action.yml caches (a clean build takes about 3-4 minutes on a 2-core runner;
#          a cache hit takes seconds). Needs Rust 1.85 or newer on the runner.
# release: EXPERIMENTAL, off by default. Downloads steward-<tag>-<target>.tar.gz from the
#          action's GitHub release and installs it only if its SHA-256 matches
#          STEWARD_RELEASE_SHA256. Needs a release that publishes such archives.
# path:    steward is already on PATH (installed by an earlier step, or in tests).
set -euo pipefail

mode=${STEWARD_INSTALL:-source}
home=${STEWARD_HOME:-${HOME:-$PWD}/.steward-action}
bin=$home/bin

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

use_install_folder() {
  if [[ -n ${GITHUB_PATH:-} ]]; then
    printf '%s\n' "$bin" >>"$GITHUB_PATH"
  fi
  echo "steward: installed $("$bin/steward" --version) in $bin"
}

case $mode in
  path)
    command -v steward >/dev/null 2>&1 ||
      die "install: path expects steward on PATH already; install it in an earlier step, or use install: source."
    echo "steward: using $(command -v steward) ($(steward --version))"
    ;;

  source)
    if [[ -x $bin/steward ]] && "$bin/steward" --version >/dev/null 2>&1; then
      echo "steward: restored from the cache (cache hit: ${STEWARD_CACHE_HIT:-unknown})."
    else
      command -v cargo >/dev/null 2>&1 ||
        die "install: source needs Rust (cargo 1.85 or newer) on the runner. Add a step such as dtolnay/rust-toolchain@stable before this action."
      echo "steward: building from the action's source (about 3-4 minutes on a 2-core runner; cached for later runs)."
      cargo install --locked --quiet --path "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}" --root "$home"
    fi
    use_install_folder
    ;;

  release)
    version=${STEWARD_VERSION:-${STEWARD_ACTION_REF:-}}
    [[ -n $version ]] || die "install: release needs the version input: a release tag such as v1.2.0."
    [[ $version =~ ^[A-Za-z0-9._+-]+$ ]] || die "version must be a release tag such as v1.2.0; got \"$version\"."
    expected=$(printf '%s' "${STEWARD_RELEASE_SHA256:-}" | tr '[:upper:]' '[:lower:]')
    [[ $expected =~ ^[0-9a-f]{64}$ ]] ||
      die "install: release needs release-sha256: the SHA-256 of the release archive (64 hex digits), as published with the release."
    case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
      Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-gnu ;;
      Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-gnu ;;
      macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
      macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
      *) die "install: release has no build for this runner (${RUNNER_OS:-?}/${RUNNER_ARCH:-?}); use install: source." ;;
    esac
    if [[ -n ${STEWARD_RELEASE_BASE_URL:-} ]]; then
      base_url=$STEWARD_RELEASE_BASE_URL
    else
      repository=${STEWARD_ACTION_REPOSITORY:-}
      [[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] ||
        die "install: release cannot tell which repository the action comes from; use install: source."
      base_url="https://github.com/$repository/releases/download"
    fi
    archive="steward-$version-$target.tar.gz"
    work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/steward-install.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    echo "steward: downloading $archive"
    curl --fail --silent --show-error --location --retry 3 --output "$work/$archive" "$base_url/$version/$archive" ||
      die "install: could not download $base_url/$version/$archive."
    if command -v sha256sum >/dev/null 2>&1; then
      actual=$(sha256sum "$work/$archive" | cut -d' ' -f1)
    else
      actual=$(shasum -a 256 "$work/$archive" | cut -d' ' -f1)
    fi
    [[ $actual == "$expected" ]] ||
      die "install: $archive has SHA-256 $actual, but release-sha256 says $expected. Not installing it."
    mkdir -p "$work/unpacked" "$bin"
    tar -xzf "$work/$archive" -C "$work/unpacked"
    found=$(find "$work/unpacked" -type f -name steward | head -n 1)
    [[ -n $found ]] || die "install: $archive holds no steward binary."
    install -m 0755 "$found" "$bin/steward"
    use_install_folder
    ;;

  *)
    die "install must be source, release or path; got \"$mode\"."
    ;;
esac
