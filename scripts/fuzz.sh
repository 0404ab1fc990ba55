#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer): `scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]`.
# Targets: load, lint (load + lint), render (load + layout + SVG), sarif (the SARIF writer),
# import_terraform (a .tf / .tf.json file through the Terraform import, then load + lint),
# import_ros (a ROS template through the ROS import, then load + lint).
# Works on the stable toolchain: no sanitizer (`--sanitizer none`) and RUSTC_BOOTSTRAP=1 for
# the few unstable flags cargo-fuzz passes. Seeds come from examples/ and fuzz/seeds/<target>/
# (the import targets: small .tf and .yaml files of ../shared/corpus); crashes are written to
# fuzz/artifacts/<target>/ — copy them into fuzz/regressions/ (replayed by the test suite).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(load lint render sarif import_terraform import_ros)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --version 0.13.2 --locked
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  cp -n examples/*.json examples/broken/*.json fuzz/regressions/* "$corpus"/ 2>/dev/null || true
  if [ -d "fuzz/seeds/$t" ]; then cp -n "fuzz/seeds/$t"/* "$corpus"/ 2>/dev/null || true; fi
  echo "==> fuzzing $t for ${secs}s"
  (cd fuzz && cargo fuzz run --sanitizer none -O "$t" "corpus/$t" -- \
      -max_total_time="$secs" -max_len=262144 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 2>&1 \
    | grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|==[0-9]+== ERROR|panicked|SUMMARY" || true)
  if ls "fuzz/artifacts/$t"/crash-* "fuzz/artifacts/$t"/timeout-* >/dev/null 2>&1; then
    echo "fuzz target $t found a failure: see fuzz/artifacts/$t" >&2
    exit 1
  fi
done
