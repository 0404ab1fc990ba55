#!/usr/bin/env bash
# Builds the docs widget into docs/widget/ (generated, not committed):
#   archlint-widget.js    one ES module: the <archlint-diagram> element, init/render/lint and
#                         the wasm-bindgen glue
#   archlint-widget.wasm  the core (load, lint, layout, SVG), optimised by wasm-opt
#   archlint-widget.d.ts  TypeScript declarations
#   examples/*.json       the four reference designs (for docs/embed.html)
# Installs what is missing first: the wasm32 target, wasm-bindgen-cli 0.2.130, the npm tools
# (binaryen 132 for wasm-opt, playwright-core) in tools/. Prints the raw and gzip sizes.
#
# WIDGET_OPT_LEVEL=s|z (default z) overrides the profile's opt-level, to compare.
# WIDGET_NIGHTLY=1 builds with the nightly toolchain and -Z build-std (std's optimize_for_size:
# small sort and formatting code), about 8% smaller; it installs nightly's rust-src if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen 0.2.130'; then
  step "installing wasm-bindgen-cli 0.2.130"
  cargo install wasm-bindgen-cli --version 0.2.130
fi
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -d tools/node_modules/playwright-core ]; then
  step "installing the npm tools (tools/package.json)"
  npm ci --prefix tools --no-audit --no-fund
fi

out=docs/widget
tmp=target/widget-glue
mkdir -p "$out/examples" "$tmp"

if [ -n "${WIDGET_OPT_LEVEL:-}" ]; then export CARGO_PROFILE_RELEASE_WASM_OPT_LEVEL="$WIDGET_OPT_LEVEL"; fi
if [ "${WIDGET_NIGHTLY:-0}" = 1 ]; then
  if ! rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
    step "installing nightly's rust-src"
    rustup toolchain install nightly --profile minimal --component rust-src
  fi
  step "cargo +nightly build -p archlint-widget (wasm32, release-wasm, build-std optimize_for_size)"
  cargo +nightly build -q -p archlint-widget --target wasm32-unknown-unknown --profile release-wasm --locked \
    -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size --target-dir target/nightly
  wasm=target/nightly/wasm32-unknown-unknown/release-wasm/archlint_widget.wasm
else
  step "cargo build -p archlint-widget (wasm32, profile release-wasm)"
  cargo build -q -p archlint-widget --target wasm32-unknown-unknown --profile release-wasm --locked
  wasm=target/wasm32-unknown-unknown/release-wasm/archlint_widget.wasm
fi

step "wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name archlint_widget "$wasm"

step "wasm-opt -O${WIDGET_OPT_LEVEL:-z}"
tools/node_modules/.bin/wasm-opt "-O${WIDGET_OPT_LEVEL:-z}" --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$tmp/archlint_widget_bg.wasm" -o "$out/archlint-widget.wasm"

step "bundling archlint-widget.js"
node widget/bundle.mjs "$tmp/archlint_widget.js" widget/js/archlint-widget.js "$out/archlint-widget.js"
cp widget/js/archlint-widget.d.ts "$out/"
for f in classic-dual-zone vpc high-security two-region-three-center; do
  cp "examples/$f.json" "$out/examples/"
done

step "sizes (bytes: raw, gzip -9, brotli -q 11)"
node -e '
const z = require("zlib"), fs = require("fs");
const t = [0, 0, 0];
for (const f of ["archlint-widget.wasm", "archlint-widget.js"]) {
  const b = fs.readFileSync(process.argv[1] + "/" + f);
  const r = [b.length, z.gzipSync(b, { level: 9 }).length,
    z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  r.forEach((v, i) => (t[i] += v));
  console.log(f.padEnd(22), ...r.map((v) => String(v).padStart(8)));
}
console.log("total".padEnd(22), ...t.map((v) => String(v).padStart(8)));
' "$out"
