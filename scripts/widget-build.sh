#!/usr/bin/env bash
# Builds the docs widget into docs/widget/ (generated, not committed):
#   archlint-widget.js    one ES module: the <archlint-diagram> element, init/render/lint and
#                         the wasm-bindgen glue
#   archlint-widget.wasm  the core (load, lint, layout, SVG), optimised by wasm-opt
#   archlint-widget.d.ts  TypeScript declarations
#   examples/*.json       the four reference designs (for docs/embed.html)
# Installs what is missing first: the wasm32 target, wasm-bindgen-cli 0.2.130, the npm tools
# (binaryen 132 for wasm-opt, esbuild 0.28.2 to minify the JS, playwright-core) in tools/. Prints the raw and gzip sizes
# and writes them to target/widget-glue/sizes.json (scripts/widget-test.sh fails the build when
# the gzip total is over the budget).
#
# WIDGET_OPT_LEVEL=s|z (default z) overrides the profile's opt-level, to compare;
# WIDGET_WASM_OPT (default "-O1 --dae-optimizing --rse --vacuum --remove-unused-module-elements
# --duplicate-function-elimination --flatten --rereloop -O1 --low-memory-unused -O1") the wasm-opt
# optimisation flags.
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
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/esbuild ] || [ ! -d tools/node_modules/playwright-core ]; then
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
  # -Z location-detail=none: a panic's message keeps its text but not the file, line and column
  # of the code that panicked (the widget's panic handler never showed them: widget/src/lib.rs).
  # Without it every bounds check and unwrap carries a 16-byte location record and the code to
  # pass it: 4.4 KB gzip (measured 2026-12-07 with the routing of #12: 148,016 -> 143,612 B
  # for the WASM alone). The flag is unstable; RUSTC_BOOTSTRAP=1 lets the pinned stable compiler
  # (1.95) accept it for this one build, as the Linux kernel builds its Rust. The output of
  # render and lint does not change (the drawings of the examples and of generated designs,
  # hashed before and after: widget/README.md, fifth round).
  step "cargo build -p archlint-widget (wasm32, profile release-wasm, -Z location-detail=none)"
  RUSTC_BOOTSTRAP=1 cargo build -q -p archlint-widget --target wasm32-unknown-unknown --profile release-wasm --locked \
    --config 'target.wasm32-unknown-unknown.rustflags=["-Zlocation-detail=none"]'
  wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release-wasm/archlint_widget.wasm"
fi

step "wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name archlint_widget "$wasm"

# wasm-opt -O1, not -Oz: the size that counts is the gzip one, and -Oz's rewriting (local
# coalescing, inlining, code folding) makes the code 4% smaller raw but 5% larger gzipped
# (measured on this module: -O1 166 KB gzip, -O0 168 KB, -O2 172 KB, -Os 174 KB, -Oz 174 KB).
# Dead-argument elimination and redundant-set elimination on top save another 0.5 KB; a final
# vacuum, unused-element removal and duplicate-function elimination (of what those leave) 0.5 KB more.
# Then flattening and re-looping the control flow and a second -O1 over the result: 0.7 KB gzip
# less (measured 2026-12-06: 141,926 → 141,217 B for the WASM; the lint and render times of a
# 1,000-node design under Node unchanged within their run-to-run spread). Of the other passes
# tried on top, --reorder-functions cost 2.9 KB, --local-cse and --coalesce-locals 0.8 KB, a
# second -O2 3.1 KB; --code-folding and --simplify-locals-nostructure gain under 20 B.
# Last, --low-memory-unused and a third -O1: address arithmetic `p + C` (C < 1024) becomes the
# load's or store's constant offset (smaller code). It assumes nothing is stored below address
# 1024; the two forms differ only when `p + C` wraps around 2^32, which a Rust pointer never
# does. 0.3 KB gzip less (measured 2026-12-06: 141,633 → 141,048 B for the WASM).
# 2026-12-07 (session 16), with #12's band side lines: a greedy search over pass sequences
# (each candidate: one pass added at the start, middle or end of the best so far, kept when
# the gzip shrank; ~100 candidates), then every pass removed in turn that the size did not
# need: SSA form first (--ssa-nomerge) and a second -O1, a second flatten/re-loop round, code
# folding, branch and constant clean-ups (--remove-unused-brs, --precompute-propagate) and
# --optimize-instructions after the last -O1. The vacuum, unused-element removal and
# duplicate-function elimination no longer changed the size (the -O1s do it). The WASM
# 144,598 → 143,952 B gzip by widget-build's measure (total 150,342 → 149,696 B); the widget's
# browser tests (the drawings and findings of the examples, same as the CLI's) pass unchanged.
wasm_opt="${WIDGET_WASM_OPT:---ssa-nomerge -O1 -O1 --dae-optimizing --rse --flatten --rereloop -O1 --code-folding --remove-unused-brs --flatten --rereloop -O1 --code-folding --precompute-propagate --low-memory-unused -O1 --optimize-instructions --code-folding --optimize-instructions --precompute-propagate}"
step "wasm-opt $wasm_opt"
# shellcheck disable=SC2086 # several flags
tools/node_modules/.bin/wasm-opt $wasm_opt --strip-debug --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$tmp/archlint_widget_bg.wasm" -o "$out/archlint-widget.wasm"

step "bundling and minifying archlint-widget.js (esbuild)"
node widget/bundle.mjs "$tmp/archlint_widget.js" widget/js/archlint-widget.js "$tmp/archlint-widget.bundle.js"
tools/node_modules/.bin/esbuild "$tmp/archlint-widget.bundle.js" --minify --format=esm --target=es2022 \
  --legal-comments=none --log-level=warning \
  "--banner:js=// archlint docs widget, generated by scripts/widget-build.sh (widget/js/archlint-widget.js + wasm-bindgen 0.2.130 glue, minified): do not edit." \
  --outfile="$out/archlint-widget.js"
cp widget/js/archlint-widget.d.ts "$out/"
for f in classic-dual-zone vpc high-security two-region-three-center; do
  cp "examples/$f.json" "$out/examples/"
done

step "sizes (bytes: raw, gzip -9, brotli -q 11)"
node -e '
const z = require("zlib"), fs = require("fs");
const t = [0, 0, 0], sizes = {};
for (const f of ["archlint-widget.wasm", "archlint-widget.js"]) {
  const b = fs.readFileSync(process.argv[1] + "/" + f);
  const r = [b.length, z.gzipSync(b, { level: 9 }).length,
    z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  r.forEach((v, i) => (t[i] += v));
  sizes[f] = { raw: r[0], gzip: r[1], brotli: r[2] };
  console.log(f.padEnd(22), ...r.map((v) => String(v).padStart(8)));
}
console.log("total".padEnd(22), ...t.map((v) => String(v).padStart(8)));
sizes.total = { raw: t[0], gzip: t[1], brotli: t[2] };
fs.writeFileSync(process.argv[2], JSON.stringify(sizes, null, 2) + "\n");
// The size budget of the widget (WASM + JS under 150,000 B gzip), enforced by scripts/widget-test.sh.
console.log(t[1] < 150000 ? `gzip total ${t[1]} B: under the 150 KB budget (${150000 - t[1]} B to spare)`
  : `gzip total ${t[1]} B: OVER the 150 KB budget by ${t[1] - 150000} B`);
' "$out" "$tmp/sizes.json"
