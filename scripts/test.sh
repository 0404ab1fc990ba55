#!/usr/bin/env bash
# Runs every test of archlint. Installs what is missing first (idempotent): the wasm32 target,
# rustfmt and clippy, and the Debian packages the tests use. Safe to run on a fresh Debian
# machine with rustup, as root; a second run skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# --- prerequisites -------------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$c"; then
    step "installing $c"
    rustup component add "$c"
  fi
done
need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# A test run builds from clean once: incremental caches (1.8 GB on a fresh clone) buy nothing.
export CARGO_INCREMENTAL=0

# --- checks ----------------------------------------------------------------------------------
step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "core builds for wasm32-unknown-unknown (no_std, no std in its dependency tree)"
cargo build -p archlint-core --target wasm32-unknown-unknown --release --locked
if cargo tree -p archlint-core -e normal --target wasm32-unknown-unknown --prefix none | grep -Eq '^(std|libc|getrandom) '; then
  echo "core's dependency tree pulls in std" >&2
  exit 1
fi

step "the docs widget carries no importer (archlint-import is the editor's on-demand module only)"
if cargo tree -p archlint-widget -e normal --target wasm32-unknown-unknown --prefix none | grep -q '^archlint-import '; then
  echo "archlint-widget depends on archlint-import" >&2
  exit 1
fi

step "the browser editor links no rules documentation (core's docs feature: the on-demand module web-docs/)"
if cargo tree -p archlint-web -e features,normal,build --target wasm32-unknown-unknown --prefix none | grep -q '^archlint-core feature "docs"'; then
  echo "archlint-web builds archlint-core with the docs feature" >&2
  exit 1
fi

step "cargo test (workspace)"
cargo test --workspace --locked

step "pre-commit hooks run by pre-commit itself (pre-commit pinned, from PyPI, into target/)"
./scripts/precommit-test.sh

step "VS Code extension: package (pinned @vscode/vsce) and check it"
./scripts/vscode-package.sh

step "browser editor: Trunk release build and end-to-end tests in headless Chromium"
./scripts/e2e.sh

step "docs widget: build, sizes and browser tests"
./scripts/widget-test.sh

step "fuzzing smoke run (10 s per target; longer runs: scripts/fuzz.sh SECONDS)"
./scripts/fuzz.sh 10

step "disk used by this run's build products"
du -sh target fuzz/target 2>/dev/null || true
