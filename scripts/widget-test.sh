#!/usr/bin/env bash
# Builds the docs widget (scripts/widget-build.sh: installs the wasm32 target, wasm-bindgen-cli
# 0.2.130 and the npm tools if missing) and runs its browser tests: headless Chromium (Debian's
# chromium package, installed if missing) driven by playwright-core under `node --test`.
# Screenshots (test page, docs/embed.html) and timings land in target/widget-test/.
# Fails (exit 1) when a browser test fails or when the widget is over its size budget: WASM + JS
# must stay under BUDGET bytes gzip -9 (the sizes scripts/widget-build.sh writes to
# target/widget-glue/sizes.json). The budget is checked after the tests, so both are reported.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=150000

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  printf '\n==> installing Debian package: chromium\n'
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
rm -f target/widget-glue/sizes.json
./scripts/widget-build.sh
status=0
printf '\n==> browser tests (node --test tests/widget/)\n'
node --test --test-reporter=spec tests/widget/ || status=$?

printf '\n==> size budget: WASM + JS under %s B gzip\n' "$BUDGET"
if ! node -e '
const [file, budget] = [process.argv[1], Number(process.argv[2])];
const total = JSON.parse(require("fs").readFileSync(file, "utf8")).total.gzip;
if (!(total < budget)) {
  console.error(`error: the docs widget is over its size budget: WASM + JS are ${total} B gzip, the budget ` +
    `is less than ${budget} B (${total - budget + 1} B to cut). widget/README.md ("Sizes and timing") ` +
    `lists what costs what and how it was measured.`);
  process.exit(1);
}
console.log(`${total} B gzip: within the budget (${budget - total} B to spare)`);
' target/widget-glue/sizes.json "$BUDGET"; then
  status=1
fi
exit "$status"
