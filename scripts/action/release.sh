# Sourced by plan-install.sh and install.sh: what this copy of the action knows about its
# release (scripts/action/release.txt) and which archive fits this runner.
#
# After `release_for_runner`, these are set (all empty when no release fits):
#   release_version     X.Y.Z, the steward version the action was released with
#   release_repository  OWNER/NAME the archives are downloaded from
#   release_archive     steward-X.Y.Z-TRIPLE.tar.gz (or .zip) for this runner
#   release_sha256      its SHA-256 (64 lowercase hex digits), from the manifest
#   release_reason      why nothing fits, for the log
# The manifest is read as data (never sourced), line by line.

release_target() {
  case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
    Linux/X64 | Linux/x86_64) printf 'x86_64-unknown-linux-musl' ;;
    Linux/ARM64 | Linux/aarch64 | Linux/arm64) printf 'aarch64-unknown-linux-musl' ;;
    macOS/X64 | Darwin/x86_64) printf 'x86_64-apple-darwin' ;;
    macOS/ARM64 | Darwin/arm64) printf 'aarch64-apple-darwin' ;;
    Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64) printf 'x86_64-pc-windows-msvc' ;;
    *) return 1 ;;
  esac
}

release_for_runner() {
  local manifest=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}/scripts/action/release.txt
  local key value rest target extension archive line_sha=""
  release_version="" release_repository="" release_archive="" release_sha256="" release_reason=""
  if [[ ! -f $manifest ]]; then
    release_reason="this copy of the action has no release manifest (scripts/action/release.txt)"
    return 1
  fi
  local version="" repository=""
  local -a names=() sums=()
  while read -r key value rest || [[ -n ${key:-} ]]; do
    case $key in
      '' | '#'*) ;;
      version) [[ $value =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] && version=$value ;;
      repository) [[ $value =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] && repository=$value ;;
      sha256)
        if [[ $value =~ ^[0-9a-fA-F]{64}$ && $rest =~ ^[A-Za-z0-9_.+-]+$ ]]; then
          sums+=("$(printf '%s' "$value" | tr '[:upper:]' '[:lower:]')")
          names+=("$rest")
        fi
        ;;
    esac
  done <"$manifest"
  if [[ -z $version || -z $repository ]]; then
    release_reason="this commit of the action is not a release (scripts/action/release.txt names no version)"
    return 1
  fi
  if ! target=$(release_target); then
    release_reason="steward $version has no prebuilt binary for this runner (${RUNNER_OS:-?}/${RUNNER_ARCH:-?})"
    return 1
  fi
  extension=tar.gz
  [[ $target == *-windows-* ]] && extension=zip
  archive="steward-$version-$target.$extension"
  local i
  for i in "${!names[@]}"; do
    [[ ${names[$i]} == "$archive" ]] && line_sha=${sums[$i]}
  done
  if [[ -z $line_sha ]]; then
    release_reason="the release manifest has no checksum for $archive"
    return 1
  fi
  release_version=$version
  release_repository=$repository
  release_archive=$archive
  release_sha256=$line_sha
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1 # macOS
  fi
}
