#!/usr/bin/env bash
# The performance report: builds what it measures, then runs target/release/report
# (bench/src/bin/report.rs), which writes docs/performance.md and docs/performance.svg.
#   - the release CLI and the report binary (cargo build --release);
#   - the docs widget (scripts/widget-build.sh → docs/widget/), timed under Node;
#   - the browser editor (trunk build --release --offline → dist/) for its bundle size and the
#     300-node edit timing in headless Chromium (bench/web/edit.mjs), unless dist/ already holds
#     a build newer than its sources.
# Needs node and Graphviz `dot` (apt-get install graphviz) for those columns; whatever is
# missing is reported as "not run" in the tables. Arguments go to the report binary: node
# counts (default 100 1000 10000 100000), --dot-timeout SECONDS (default 60), --no-wasm,
# --no-dot, --out DIR. Takes a few minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n==> %s\n' "$*"; }

step "cargo build --release -p archlint-cli -p archlint-bench (and the editor's design generator)"
cargo build -q --release --locked -p archlint-cli -p archlint-bench
cargo build -q --release --locked -p archlint-web --bin archlint-web-render

step "docs widget (scripts/widget-build.sh)"
scripts/widget-build.sh

wasm=$(ls dist/*.wasm 2>/dev/null | head -n 1 || true)
if [ -z "$wasm" ] || [ -n "$(find web core index.html Trunk.toml Cargo.toml Cargo.lock -newer "$wasm" -print -quit)" ]; then
  step "browser editor (trunk build --release --offline)"
  . scripts/setup-web.sh
  trunk build --release --offline
else
  step "browser editor: $wasm is newer than its sources, not rebuilt"
fi

step "measuring (target/release/report $*)"
target/release/report "$@" > /dev/null
echo "wrote docs/performance.md and docs/performance.svg"
