#!/usr/bin/env bash
# End-to-end tests of the browser editor: builds it with Trunk (release), builds the CLI
# (`archlint render`, which the SVG export is compared with), serves dist/ on localhost and runs tests/e2e/*.mjs
# with node's test runner in headless Chromium (/usr/bin/chromium, or $CHROMIUM).
# Screenshots and figures go to target/e2e/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup-web.sh
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  printf '\n==> installing Debian package: chromium\n'
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
  trunk build --release --offline
fi
# Two commands: `--bin` would apply to both packages and leave `archlint` unbuilt (stale).
cargo build -p archlint-web --bin archlint-web-render
cargo build -p archlint-cli --bin archlint
mkdir -p target/e2e
# Sizes (gzip -9): what the page loads on first paint (the page, its style sheet, the loader, the
# editor's JS and WASM), the importer module it fetches when a Terraform / ROS file is first
# opened and the rules documentation module it fetches when the Rules dialog first opens.
# tests/e2e/import.test.mjs checks the first-paint total from the requests the page really makes
# (under 600 KB) and writes target/e2e/size.json; tests/e2e/docs.test.mjs checks the
# documentation is fetched only on demand.
gz() { gzip -9 -c "$1" | wc -c; }
{
  first=0
  for f in dist/index.html dist/*.css dist/boot.js $(ls dist/archlint-web-*.js dist/archlint-web-*_bg.wasm | grep -v 'archlint-web-import\|archlint-web-docs'); do
    echo "e2e: first paint: $(basename "$f"): $(stat -c %s "$f") bytes raw, $(gz "$f") bytes gzip"
    first=$((first + $(gz "$f")))
  done
  echo "e2e: first paint total: $first bytes gzip (budget 600000)"
  imp=0
  for f in dist/archlint-web-import.js dist/archlint-web-import_bg.wasm; do
    echo "e2e: importer (on demand): $(basename "$f"): $(stat -c %s "$f") bytes raw, $(gz "$f") bytes gzip"
    imp=$((imp + $(gz "$f")))
  done
  echo "e2e: importer total: $imp bytes gzip"
  docs=0
  for f in dist/archlint-web-docs.js dist/archlint-web-docs_bg.wasm; do
    echo "e2e: rules documentation (on demand): $(basename "$f"): $(stat -c %s "$f") bytes raw, $(gz "$f") bytes gzip"
    docs=$((docs + $(gz "$f")))
  done
  echo "e2e: rules documentation total: $docs bytes gzip"
} | tee target/e2e/size.txt
node --test --test-concurrency=1 tests/e2e/
