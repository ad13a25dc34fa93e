#!/usr/bin/env bash
# Installs what the browser test of `steward site` (tests/site.rs, tests/site/browser.cjs)
# needs: Debian's chromium, and puppeteer-core and axe-core from npm into target/site-tools/
# (a clean clone has neither). Versions are pinned; a rerun with them in place does nothing.
#
#   scripts/site-tools.sh        # then: cargo test --test site
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

# puppeteer-core 24 supports node 18 and later (25 asks for 22.12): Debian 12's nodejs is 18.
PUPPETEER_CORE_VERSION=24.43.1
AXE_CORE_VERSION=4.14.1
tools=target/site-tools

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi

installed() {
  grep -qs "\"version\": \"$2\"" "$tools/node_modules/$1/package.json"
}
if ! installed puppeteer-core "$PUPPETEER_CORE_VERSION" || ! installed axe-core "$AXE_CORE_VERSION"; then
  mkdir -p "$tools"
  # puppeteer-core downloads no browser (unlike puppeteer): it drives the system's chromium.
  npm install --prefix "$tools" --silent --no-audit --no-fund --no-save \
    "puppeteer-core@$PUPPETEER_CORE_VERSION" "axe-core@$AXE_CORE_VERSION" >/dev/null
fi
echo "site tools: $(chromium --version), puppeteer-core $PUPPETEER_CORE_VERSION, axe-core $AXE_CORE_VERSION in $tools"
