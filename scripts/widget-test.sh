#!/usr/bin/env bash
# Builds the docs widget (scripts/widget-build.sh: installs the wasm32 target, wasm-bindgen-cli
# 0.2.130 and the npm tools if missing) and runs its browser tests: headless Chromium (Debian's
# chromium package, installed if missing) driven by playwright-core under `node --test`.
# Screenshots (test page, docs/embed.html) and timings land in target/widget-test/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  printf '\n==> installing Debian package: chromium\n'
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
./scripts/widget-build.sh
printf '\n==> browser tests (node --test tests/widget/)\n'
node --test --test-reporter=spec tests/widget/
