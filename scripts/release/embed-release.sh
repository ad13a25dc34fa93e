#!/usr/bin/env bash
# Writes the release manifest of the action (scripts/action/release.txt) for one release:
#
#   scripts/release/embed-release.sh VERSION OWNER/NAME SHA256SUM_FILE > scripts/action/release.txt
#
# SHA256SUM_FILE is the release's sha256.sum (`sha256sum` lines: HEX, two spaces, archive
# name). The release workflow commits the result on top of the tagged commit and points the
# tag there; the tests use it to make a release of their own.
set -euo pipefail

die() {
  printf 'embed-release.sh: %s\n' "$1" >&2
  exit 2
}

(($# == 3)) || die "usage: embed-release.sh VERSION OWNER/NAME SHA256SUM_FILE"
version=$1 repository=$2 sums=$3
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || die "not a version: $version"
[[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || die "not an OWNER/NAME: $repository"
[[ -f $sums ]] || die "no file $sums"

repo=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
# The header comment of the committed file, then the release.
sed -n '/^#/p' "$repo/scripts/action/release.txt"
printf 'version %s\nrepository %s\n' "$version" "$repository"
count=0
while read -r hex name rest; do
  [[ -z ${hex:-} ]] && continue
  name=${name#\*}
  [[ $hex =~ ^[0-9a-f]{64}$ && -z ${rest:-} ]] || die "not a sha256sum line: $hex $name"
  [[ $name == "steward-$version-"*.tar.gz || $name == "steward-$version-"*.zip ]] ||
    die "$name is not an archive of steward $version"
  printf 'sha256 %s %s\n' "$hex" "$name"
  count=$((count + 1))
done < <(LC_ALL=C sort -k2 "$sums")
((count > 0)) || die "$sums lists no archive"
