#!/usr/bin/env bash
# Builds one release archive of steward, the same way on a laptop and in
# .github/workflows/release.yml (which calls this script on every runner).
#
#   scripts/release/package.sh --target TRIPLE [--binary PATH] [--docs-from PATH] [--out DIR]
#
# --target     the Rust target triple the binary is for (names the archive).
# --binary     a steward binary already built for TRIPLE; without it, this script runs
#              `cargo build --release --locked --target TRIPLE` in the repository.
# --docs-from  a steward binary that runs on this machine, to write the man page and the
#              completions (default: --binary). A macOS runner building x86_64-apple-darwin
#              on Apple silicon passes its aarch64 binary here.
# --out        where the archive goes (default: target/dist).
#
# The archive is steward-VERSION-TRIPLE.tar.gz (.zip for Windows), VERSION from Cargo.toml,
# holding one folder steward-VERSION-TRIPLE/ with the binary, man/steward.1, completions/
# (bash, zsh, fish, powershell, elvish), README.md, LICENSE-MIT and LICENSE-APACHE. File
# dates are SOURCE_DATE_EPOCH (default: the last commit's date), owners are 0 and entries are
# sorted, so the same binary gives the same archive bytes (with GNU tar; macOS's bsdtar keeps
# the dates and owners but may order entries differently). Writes ARCHIVE.sha256 beside it in
# `sha256sum` format and prints the archive's path as the last line. PACKAGE_GZIP_LEVEL (default
# 9) trades size for time: the tests package a 200 MB debug binary with level 1.
set -euo pipefail

repo=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
target="" binary="" docs_from="" out="$repo/target/dist"

die() {
  printf 'package.sh: %s\n' "$1" >&2
  exit 2
}

while (($#)); do
  case $1 in
    --target) target=${2:-} && shift 2 ;;
    --binary) binary=${2:-} && shift 2 ;;
    --docs-from) docs_from=${2:-} && shift 2 ;;
    --out) out=${2:-} && shift 2 ;;
    *) die "unknown argument $1 (see the comment at the top of this script)" ;;
  esac
done

[[ $target =~ ^[a-z0-9_]+(-[a-z0-9_]+){2,3}$ ]] || die "--target must be a target triple such as x86_64-unknown-linux-musl"
version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || die "no version in Cargo.toml"

exe=steward
format=tar.gz
case $target in *-windows-*)
  exe=steward.exe
  format=zip
  ;;
esac

if [[ -z $binary ]]; then
  (cd "$repo" && cargo build --release --locked --target "$target")
  binary="$repo/target/$target/release/$exe"
fi
[[ -f $binary ]] || die "no binary at $binary"
docs_from=${docs_from:-$binary}

# The archive must hold the version its name says.
reported=$("$docs_from" --version)
[[ $reported == "steward $version" ]] || die "$docs_from says \"$reported\", but Cargo.toml says $version"

name="steward-$version-$target"
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/steward-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
dir="$stage/$name"
mkdir -p "$dir/man" "$dir/completions"

install -m 0755 "$binary" "$dir/$exe"
install -m 0644 "$repo/README.md" "$repo/LICENSE-MIT" "$repo/LICENSE-APACHE" "$dir/"
"$docs_from" man >"$dir/man/steward.1"
"$docs_from" completions bash >"$dir/completions/steward.bash"
"$docs_from" completions zsh >"$dir/completions/_steward"
"$docs_from" completions fish >"$dir/completions/steward.fish"
"$docs_from" completions powershell >"$dir/completions/_steward.ps1"
"$docs_from" completions elvish >"$dir/completions/steward.elv"
chmod 0644 "$dir"/man/* "$dir"/completions/*

epoch=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)}
[[ $epoch =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH must be a number of seconds"
archive="$out/$name.$format"
level=${PACKAGE_GZIP_LEVEL:-9}
[[ $level =~ ^[1-9]$ ]] || die "PACKAGE_GZIP_LEVEL must be 1 to 9"
rm -f "$archive"

if [[ $format == zip ]]; then
  # Windows runners have 7-Zip; elsewhere Info-ZIP's zip.
  find "$dir" -exec touch -d "@$epoch" {} + 2>/dev/null || true
  if command -v 7z >/dev/null 2>&1; then
    (cd "$stage" && 7z a -tzip -bd -bso0 "$archive" "$name" >/dev/null)
  else
    (cd "$stage" && find "$name" -print | LC_ALL=C sort | zip -X -q "$archive" -@)
  fi
elif tar --version 2>/dev/null | grep -q 'GNU tar'; then
  (cd "$stage" && tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
    --format=gnu -cf - "$name" | gzip "-${level}n" >"$archive")
else
  # bsdtar (macOS): no --sort; dates set on the files themselves.
  find "$dir" -exec touch -t "$(date -u -r "$epoch" +%Y%m%d%H%M.%S)" {} +
  (cd "$stage" && tar --uid 0 --gid 0 --uname '' --gname '' -cf - "$name" | gzip "-${level}n" >"$archive")
fi

if command -v sha256sum >/dev/null 2>&1; then
  (cd "$out" && sha256sum "$name.$format" >"$name.$format.sha256")
else
  (cd "$out" && shasum -a 256 "$name.$format" >"$name.$format.sha256")
fi
printf '%s\n' "$archive"
