#!/usr/bin/env bash
# The performance report: builds what it measures, then runs target/release/report
# (bench/src/bin/report.rs), which writes docs/performance.md and docs/performance.svg.
#   - the release CLI and the report binary (cargo build --release);
#   - the docs widget (scripts/widget-build.sh → docs/widget/), timed under Node;
#   - the browser editor (trunk build --release --offline → dist/) for its bundle size and the
#     300-node edit timing in headless Chromium (bench/web/edit.mjs), unless dist/ already holds
#     a build newer than its sources.
#   - the Terraform / ROS import on ../shared/corpus and Checkov on the same Terraform
#     directories (target/release/import_corpus --update docs/performance.md);
#   - the layout quality of archlint's drawings beside Graphviz and ELK (elkjs, installed into
#     target/elk from npm if missing), measured with ../shared/tools/diagram_metrics.py
#     (target/release/layout_quality --update docs/performance.md, run last);
#   - the layout stability: how far an edit moves the nodes it did not touch
#     (target/release/layout_stability --update docs/performance.md).
# Needs node and Graphviz `dot` (apt-get install graphviz) for those columns; whatever is
# missing is reported as "not run" in the tables. Checkov is optional (`pip install
# checkov==3.3.30`, found on the PATH or as $CHECKOV): without it the import section says so.
# Arguments go to the report binary: node counts (default 100 1000 10000 100000),
# --dot-timeout SECONDS (default 60), --no-wasm, --no-dot, --out DIR. Takes a few minutes
# (about ten more with Checkov, which is run on 44 directories, 3 times each, twice), and
# about 25 more for the layout quality (diagram_metrics.py measuring dot's and ELK's drawings
# of up to 1,000 nodes is the slow part).
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

out=docs; prev=
for a in "$@"; do [ "$prev" = --out ] && out="$a"; prev="$a"; done
if [ -d ../shared/corpus/landing-arch ]; then
  if ! command -v "${CHECKOV:-checkov}" >/dev/null 2>&1; then
    echo "note: Checkov is not installed: the import section is measured without it" \
      "(pip install checkov==3.3.30, or CHECKOV=/path/to/checkov)"
  fi
  step "Terraform / ROS import (target/release/import_corpus --update $out/performance.md)"
  target/release/import_corpus --update "$out/performance.md" > /dev/null
else
  echo "note: ../shared/corpus not found: the Terraform / ROS import section is not updated"
fi
if [ ! -f target/elk/node_modules/elkjs/lib/elk.bundled.js ] && command -v npm >/dev/null 2>&1; then
  step "elkjs for the layout-quality comparison (npm install elkjs@0.12.1 --prefix target/elk)"
  npm install elkjs@0.12.1 --prefix target/elk --no-audit --no-fund >/dev/null \
    || echo "note: elkjs could not be installed: the ELK column is reported as not run"
fi
if [ ! -f ../shared/tools/diagram_metrics.py ]; then
  echo "note: ../shared/tools/diagram_metrics.py not found: the dot and ELK columns are not run"
fi
step "layout stability (target/release/layout_stability --update $out/performance.md)"
target/release/layout_stability --update "$out/performance.md" > /dev/null
step "layout quality (target/release/layout_quality --update $out/performance.md)"
target/release/layout_quality --update "$out/performance.md" > /dev/null
echo "wrote $out/performance.md and $out/performance.svg"
