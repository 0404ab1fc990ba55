#!/usr/bin/env bash
# Builds the browser editor in release mode and serves it on http://127.0.0.1:8080/ (offline:
# Trunk downloads nothing). Installs what is missing first (see scripts/setup-web.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/setup-web.sh
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
