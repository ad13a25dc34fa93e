#!/usr/bin/env bash
# The release workflow's last step (.github/workflows/release.yml). Run from the checkout of
# the tagged commit, with the archives and sha256.sum in dist/:
#
#   GH_TOKEN=... TAG=v1.2.3 VERSION=1.2.3 GITHUB_REPOSITORY=OWNER/NAME GITHUB_SHA=... \
#     bash scripts/release/publish.sh
#
# 1. Writes scripts/action/release.txt for this release (embed-release.sh: the version, the
#    repository, every archive's SHA-256) and makes it a commit on top of the tagged commit,
#    through GitHub's git database API (no push credentials on disk).
# 2. Points the tag at that commit, so that `uses: OWNER/NAME@TAG` (or @that commit) installs
#    exactly these archives and checks them against checksums that ship with the action.
# 3. Creates a draft release with every archive and sha256.sum, then publishes it. The notes
#    give the `uses:` lines to pin and how to check the provenance.
# Needs gh (on every GitHub-hosted runner) and a token with `contents: write`.
set -euo pipefail

die() {
  printf '::error title=release::%s\n' "$1"
  exit 1
}

: "${GH_TOKEN:?}" "${TAG:?}" "${VERSION:?}" "${GITHUB_REPOSITORY:?}" "${GITHUB_SHA:?}"
[[ $TAG == "v$VERSION" ]] || die "TAG $TAG does not name VERSION $VERSION"
repo=$GITHUB_REPOSITORY
dist=dist
[[ -f $dist/sha256.sum ]] || die "no $dist/sha256.sum"

bash scripts/release/embed-release.sh "$VERSION" "$repo" "$dist/sha256.sum" >"$RUNNER_TEMP/release.txt"

# The action's release commit: the tagged tree with release.txt replaced.
tree=$(gh api "repos/$repo/git/commits/$GITHUB_SHA" --jq .tree.sha)
blob=$(gh api "repos/$repo/git/blobs" -f encoding=base64 \
  -f content="$(base64 -w0 "$RUNNER_TEMP/release.txt")" --jq .sha)
new_tree=$(gh api "repos/$repo/git/trees" --input - --jq .sha <<JSON
{"base_tree": "$tree", "tree": [{"path": "scripts/action/release.txt", "mode": "100644", "type": "blob", "sha": "$blob"}]}
JSON
)
commit=$(gh api "repos/$repo/git/commits" --input - --jq .sha <<JSON
{"message": "Release $TAG: the action installs these archives\n\nscripts/action/release.txt names steward $VERSION and the SHA-256 of each archive\nbuilt from $GITHUB_SHA.", "tree": "$new_tree", "parents": ["$GITHUB_SHA"]}
JSON
)
[[ $commit =~ ^[0-9a-f]{40}$ ]] || die "GitHub did not create the release commit"
gh api -X PATCH "repos/$repo/git/refs/tags/$TAG" -f sha="$commit" -F force=true >/dev/null
echo "The tag $TAG now points at $commit (the tagged commit $GITHUB_SHA plus scripts/action/release.txt)."

notes=$RUNNER_TEMP/notes.md
{
  printf 'steward %s.\n\n' "$VERSION"
  printf '### Use it in a workflow\n\n'
  printf 'Replace the `OWNER/steward@0000…` line of your workflows (those `steward init` wrote, or the README'"'"'s) with:\n\n'
  printf '```yaml\n- uses: %s@%s # %s\n```\n\n' "$repo" "$commit" "$TAG"
  printf 'and in `policy-comment.yml` (`steward init --fork-comments`):\n\n'
  printf '```yaml\n- uses: %s/comment@%s # %s\n```\n\n' "$repo" "$commit" "$TAG"
  printf 'The action installs the archive for its runner from this release and checks it against the SHA-256 in `scripts/action/release.txt` of that commit.\n\n'
  printf '### Check a download\n\n'
  printf '```sh\nsha256sum --check --ignore-missing sha256.sum\ngh attestation verify steward-%s-x86_64-unknown-linux-musl.tar.gz --repo %s\n```\n\n' "$VERSION" "$repo"
  printf '<details>\n<summary>SHA-256 of each archive</summary>\n\n```\n'
  cat "$dist/sha256.sum"
  printf '```\n\n</details>\n'
} >"$notes"

gh release create "$TAG" --repo "$repo" --verify-tag --draft --title "steward $VERSION" \
  --notes-file "$notes" "$dist"/steward-* "$dist/sha256.sum"
gh release edit "$TAG" --repo "$repo" --draft=false
echo "Published $TAG."
