#!/usr/bin/env bash
# Builds the VS Code extension's package (editors/vscode → target/archlint.vsix) with the pinned
# @vscode/vsce of editors/vscode/package-lock.json, and checks what it holds. `npm ci` needs the
# npm registry; the packaging itself works offline.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/editors/vscode"
node --check extension.js
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$ROOT/target"
out="$ROOT/target/archlint.vsix"
rm -f "$out"
npx --no-install vsce package --allow-missing-repository --skip-license --out "$out" >/dev/null
# The package: the extension, its manifest, the language client it requires, not the packager.
list="$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$out")"
for f in extension/extension.js extension/package.json extension/readme.md \
         extension/node_modules/vscode-languageclient/node.js extension.vsixmanifest; do
  grep -qx "$f" <<<"$list" || { echo "vscode-package: $f missing from $out" >&2; exit 1; }
done
if grep -q '^extension/node_modules/@vscode/vsce/' <<<"$list"; then
  echo "vscode-package: the packager itself was packaged" >&2
  exit 1
fi
python3 - "$out" <<'PY'
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
pkg = json.loads(z.read("extension/package.json"))
assert pkg["main"] == "./extension.js", pkg["main"]
assert pkg["engines"]["vscode"].startswith("^1."), pkg["engines"]
for lang in ("json", "terraform", "yaml"):
    assert f"onLanguage:{lang}" in pkg["activationEvents"], pkg["activationEvents"]
props = pkg["contributes"]["configuration"]["properties"]
assert set(props) >= {"archlint.path", "archlint.lang"}, props
manifest = z.read("extension.vsixmanifest").decode()
assert 'Id="archlint"' in manifest and 'Version="0.1.0"' in manifest, manifest
PY
echo "vscode-package: $(stat -c %s "$out") bytes, $(wc -l <<<"$list") files: target/archlint.vsix"
