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

step "cargo build -p archlint-widget (wasm32, profile release-wasm)"
if [ -n "${WIDGET_OPT_LEVEL:-}" ]; then export CARGO_PROFILE_RELEASE_WASM_OPT_LEVEL="$WIDGET_OPT_LEVEL"; fi
cargo build -q -p archlint-widget --target wasm32-unknown-unknown --profile release-wasm --locked

step "wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name archlint_widget \
  target/wasm32-unknown-unknown/release-wasm/archlint_widget.wasm

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

step "sizes"
total_raw=0; total_gz=0
for f in archlint-widget.wasm archlint-widget.js; do
  raw=$(wc -c < "$out/$f"); gz=$(gzip -9 -c "$out/$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-22s %8d bytes raw %8d bytes gzip -9\n' "$f" "$raw" "$gz"
done
printf '%-22s %8d bytes raw %8d bytes gzip -9\n' "total" "$total_raw" "$total_gz"
