#!/usr/bin/env bash
# The steward GitHub Action's install step: puts steward on PATH the way plan-install.sh
# chose. Inputs arrive as environment variables set by action.yml's `env:`:
#   STEWARD_METHOD     release | source | path (plan-install.sh's `method` output)
#   STEWARD_CACHE_HIT  "true" when actions/cache restored the source build
# and the runner's own: GITHUB_ACTION_PATH, GITHUB_PATH, GITHUB_SERVER_URL, RUNNER_OS,
# RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE. STEWARD_HOME (default ~/.steward-action) is the
# folder of the source build (cached by action.yml) and, off GitHub, of the tool cache.
#
# release: the archive named in scripts/action/release.txt for this runner, from
#          $GITHUB_SERVER_URL/OWNER/NAME/releases/download/vX.Y.Z/, installed only when its
#          SHA-256 equals the one in release.txt (the checksum ships with the action, it is
#          never read from the release). Kept in the runner's tool cache
#          ($RUNNER_TOOL_CACHE/steward/X.Y.Z/TRIPLE), so a self-hosted runner downloads each
#          release once; a cached copy is used only when its marker names the same archive
#          checksum and the binary's own checksum still matches.
# source:  `cargo install --locked --path .` run in the action's own folder
#          ($GITHUB_ACTION_PATH) with its own Cargo.lock, never in the workspace: a pull
#          request can add `.cargo/config.toml` or `rust-toolchain.toml` there, and cargo and
#          rustup read those from the folder they run in. A clean build takes 3-4 minutes on
#          a 2-core runner; action.yml caches the result. Needs Rust 1.85 or newer.
# path:    steward is already on PATH (installed by an earlier step, or in tests).
set -euo pipefail
# shellcheck source=scripts/action/release.sh
source "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}/scripts/action/release.sh"

method=${STEWARD_METHOD:-source}
home=${STEWARD_HOME:-${HOME:-$PWD}/.steward-action}

# The largest archive accepted (today's are about 10 MB), so that a wrong URL cannot fill
# the runner's disk.
MAX_ARCHIVE_BYTES=$((200 * 1024 * 1024))

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

add_to_path() {
  if [[ -n ${GITHUB_PATH:-} ]]; then
    printf '%s\n' "$1" >>"$GITHUB_PATH"
  fi
  echo "steward: installed $("$1/steward" --version) in $1"
}

install_path() {
  command -v steward >/dev/null 2>&1 ||
    die "install: path expects steward on PATH already; install it in an earlier step, or use install: auto."
  echo "steward: using $(command -v steward) ($(steward --version))"
}

install_source() {
  local bin=$home/bin
  if [[ -x $bin/steward ]] && "$bin/steward" --version >/dev/null 2>&1; then
    echo "steward: restored from the cache (cache hit: ${STEWARD_CACHE_HIT:-unknown})."
  else
    command -v cargo >/dev/null 2>&1 ||
      die "install: building steward from source needs Rust (cargo 1.85 or newer) on the runner. Add a step such as dtolnay/rust-toolchain before this action, or pin the action to a release commit."
    echo "steward: building from the action's source (about 3-4 minutes on a 2-core runner; cached for later runs)."
    (cd "$GITHUB_ACTION_PATH" && cargo install --locked --quiet --path . --root "$home")
  fi
  add_to_path "$bin"
}

# The tool cache entry is usable when its marker holds the archive's checksum from
# release.txt and the checksum of the binary it installed, and the binary still has it.
cached_release_ok() {
  local dir=$1 exe=$2 marker=$1.complete archive_sha binary_sha
  [[ -f $marker && -f $dir/$exe ]] || return 1
  { read -r archive_sha && read -r binary_sha; } <"$marker" || return 1
  [[ $archive_sha == "$release_sha256" && $binary_sha == "$(sha256_of "$dir/$exe")" ]]
}

install_release() {
  release_for_runner || die "install: no prebuilt steward: $release_reason."
  local target exe=steward
  target=$(release_target)
  [[ $target == *-windows-* ]] && exe=steward.exe
  local cache_root=${RUNNER_TOOL_CACHE:-$home/tool-cache}
  local dir=$cache_root/steward/$release_version/$target
  if cached_release_ok "$dir" "$exe"; then
    echo "steward: $release_archive is in the tool cache."
    add_to_path "$dir"
    return
  fi

  local url="${GITHUB_SERVER_URL:-https://github.com}/$release_repository/releases/download/v$release_version/$release_archive"
  local work
  work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/steward-install.XXXXXX")
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" EXIT
  echo "steward: downloading $url"
  curl --fail --silent --show-error --location --proto '=https,file' --retry 3 \
    --connect-timeout 20 --max-time 300 --max-filesize "$MAX_ARCHIVE_BYTES" \
    --output "$work/$release_archive" "$url" ||
    die "install: could not download $url. Use install: source to build steward instead."
  local actual
  actual=$(sha256_of "$work/$release_archive")
  [[ $actual == "$release_sha256" ]] ||
    die "install: $release_archive has SHA-256 $actual, but this action expects $release_sha256 (scripts/action/release.txt). Not installing it."

  mkdir -p "$work/unpacked"
  case $release_archive in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$work/$release_archive" -d "$work/unpacked"
      else
        tar -xf "$work/$release_archive" -C "$work/unpacked"
      fi
      ;;
    *) tar -xzf "$work/$release_archive" -C "$work/unpacked" ;;
  esac
  local unpacked=$work/unpacked/${release_archive%.tar.gz}
  unpacked=${unpacked%.zip}
  [[ -f $unpacked/$exe && ! -L $unpacked/$exe ]] ||
    die "install: $release_archive holds no ${unpacked##*/}/$exe."

  rm -rf "$dir" "$dir.complete"
  mkdir -p "$dir"
  install -m 0755 "$unpacked/$exe" "$dir/$exe"
  printf '%s\n%s\n' "$release_sha256" "$(sha256_of "$dir/$exe")" >"$dir.complete"
  add_to_path "$dir"
}

case $method in
  path) install_path ;;
  source) install_source ;;
  release) install_release ;;
  *) die "install: unknown method \"$method\"." ;;
esac
