#!/usr/bin/env bash
# The steward GitHub Action's cache key for the steward binary built from the action's source.
#
# The key is the runner's OS and architecture plus a hash of everything the build reads:
# Cargo.lock, Cargo.toml, src/ and schemas/ (embedded in the binary). Keying on Cargo.lock
# alone would keep serving an old binary after a code change that adds no dependency.
# Writes `key=...` to GITHUB_OUTPUT (or prints it when that is not set).
set -euo pipefail

cd "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
if command -v sha256sum >/dev/null 2>&1; then
  sha=(sha256sum)
else
  sha=(shasum -a 256) # macOS
fi
inputs=(Cargo.lock Cargo.toml src schemas)
[[ -e build.rs ]] && inputs+=(build.rs)
hash=$(find "${inputs[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 "${sha[@]}" | "${sha[@]}" | cut -c1-32)
key="steward-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$hash"
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
  printf 'key=%s\n' "$key" >>"$GITHUB_OUTPUT"
else
  printf '%s\n' "$key"
fi
