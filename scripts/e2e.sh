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
cargo build -p archlint-web --bin archlint-web-render -p archlint-cli
mkdir -p target/e2e
wasm=$(ls dist/*.wasm)
echo "e2e: $(basename "$wasm"): $(stat -c %s "$wasm") bytes raw, $(gzip -9 -c "$wasm" | wc -c) bytes gzip" | tee target/e2e/size.txt
node --test --test-concurrency=1 tests/e2e/
