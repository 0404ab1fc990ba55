#!/usr/bin/env bash
# Builds the docs widget and serves docs/ on http://127.0.0.1:PORT/ (default 8000); open
# http://127.0.0.1:PORT/embed.html. The server sends the CSP the widget must work under.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/widget-build.sh
exec node tests/widget/serve.mjs docs "${1:-8000}"
