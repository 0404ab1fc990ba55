#!/usr/bin/env bash
# Runs the hooks of .pre-commit-hooks.yaml through the pre-commit framework itself:
# `pre-commit try-repo` of this repository on a throw-away git repository holding a good and a
# broken design and a Terraform configuration. Installs pre-commit (pinned) into
# target/precommit-venv from PyPI when it is not there yet; everything else is offline.
#
# The hooks build archlint in pre-commit's clone on first use (a release build); here ARCHLINT
# points them at the binary cargo built (target/debug/archlint), so the test takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
PRE_COMMIT_VERSION=4.7.0
venv=$repo/target/precommit-venv
if ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -qx "pre-commit $PRE_COMMIT_VERSION"; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 has venv in a package of its own.
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet "pre-commit==$PRE_COMMIT_VERSION"
fi
cargo build --quiet --locked -p archlint-cli
export ARCHLINT=$repo/target/debug/archlint

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache
# The hook repository: this repository's manifest and hook script, committed in a throw-away
# repository (try-repo reads committed files; this checkout may hold uncommitted work).
hooks=$work/hooks
mkdir -p "$hooks/scripts"
cp "$repo/.pre-commit-hooks.yaml" "$hooks/"
cp "$repo/scripts/pre-commit-hook.sh" "$hooks/scripts/"
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" -c user.email=test@example.invalid -c user.name=test commit -qm hooks
mkdir -p "$work/project/designs" "$work/project/infra"
cd "$work/project"
git init -q
git config user.email test@example.invalid
git config user.name test
cat > designs/good.json <<'JSON'
{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "vpn", "kind": "vpn", "type": "ssl", "region": "hz", "client_ips": ["10.200.0.0/29"] } ] }
JSON
printf '{ "archlint": 1,\n  "nodes": [ { "id": "a", ' > designs/broken.json
echo '{ "name": "not a design" }' > package.json
cat > infra/main.tf <<'TF'
resource "alicloud_vpc" "v" {
  cidr_block = "10.0.0.0/8"
}
resource "alicloud_vswitch" "s" {
  vpc_id     = alicloud_vpc.v.id
  cidr_block = "10.1.0.0/16"
  zone_id    = var.zone
}
resource "alicloud_db_instance" "db" {
  vswitch_id       = alicloud_vswitch.s.id
  engine           = "MySQL"
  security_ips     = ["0.0.0.0/0"]
}
TF
printf 'variable "zone" {\n  default = "cn-hangzhou-b"\n}\n' > infra/variables.tf
git add -A

fail=0
check() { # name, expected status, output pattern, command...
  local name=$1 want=$2 pattern=$3; shift 3
  local out status=0
  out=$("$@" 2>&1) || status=$?
  if [ "$status" -ne "$want" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
    echo "FAIL: $name (status $status, wanted $want; pattern '$pattern')"
    echo "$out" | sed 's/^/    /'
    fail=$((fail + 1))
  else
    echo "ok: $name"
  fi
}
pc() { "$venv/bin/pre-commit" "$@"; }
check "the manifest validates" 0 "" pc validate-manifest "$repo/.pre-commit-hooks.yaml"
# The broken design fails the hook with its position; package.json is not picked.
check "archlint hook: broken design" 1 "designs/broken.json:2:[0-9]+: error" \
  pc try-repo "$hooks" archlint --all-files
out=$(pc try-repo "$hooks" archlint --all-files --verbose 2>&1 || true)
if grep -q "package.json" <<<"$out"; then
  echo "FAIL: package.json was passed to the design hook"; fail=$((fail + 1))
else
  echo "ok: package.json not picked"
fi
git rm -q --cached designs/broken.json && rm designs/broken.json
check "archlint hook: good design passes" 0 "archlint \(designs\)\.+Passed" \
  pc try-repo "$hooks" archlint --all-files
# Terraform: the database open to the internet is an error finding in main.tf; the zone comes
# from variables.tf, which the hook reads with main.tf (the whole directory).
check "archlint-terraform hook: finding in main.tf" 1 "infra/main.tf:12:23" \
  pc try-repo "$hooks" archlint-terraform --files infra/main.tf --verbose
check "archlint-terraform hook: reads the whole directory" 1 "all in zone .cn-hangzhou-b." \
  pc try-repo "$hooks" archlint-terraform --files infra/main.tf --verbose
check "archlint-terraform hook: skipped without .tf files" 0 "no files to check|Skipped" \
  pc try-repo "$hooks" archlint-terraform --files designs/good.json

echo
echo "$((7 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
