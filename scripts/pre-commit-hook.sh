#!/usr/bin/env bash
# The entry of the pre-commit hooks in .pre-commit-hooks.yaml.
#
#   pre-commit-hook.sh design    [ARGS...] FILES...   archlint check on design JSON files
#   pre-commit-hook.sh terraform [ARGS...] FILES...   archlint check on the Terraform
#                                                     configurations holding the .tf files
#
# pre-commit's `language: rust` runs `cargo install --path .` at the repository root, which is
# a Cargo workspace (a virtual manifest) and cannot be installed from; so the hooks are
# `language: script` and this script builds archlint once in pre-commit's clone of this
# repository (release, --locked, into its target/), then runs that binary. ARCHLINT, when
# set, names an archlint binary to run instead (no build).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${ARCHLINT:-}
if [ -z "$bin" ]; then
  bin="$here/target/release/archlint"
  if [ ! -x "$bin" ]; then
    echo "archlint: building the CLI once for pre-commit (cargo build --release --locked)" >&2
    cargo build --quiet --release --locked -p archlint-cli --manifest-path "$here/Cargo.toml" >&2
  fi
fi
mode=${1:-}
shift || true
case $mode in
  design)
    exec "$bin" check "$@"
    ;;
  terraform)
    # pre-commit passes the .tf files that changed; a Terraform configuration is their whole
    # directory (variables, locals and modules live in its other files), so each file is
    # replaced by its directory, once, read as one configuration (--from terraform: not
    # walked for others below it).
    args=()
    declare -A seen=()
    for a in "$@"; do
      case $a in
        *.tf | *.tf.json)
          if [ -f "$a" ]; then
            d=$(dirname -- "$a")
            if [ -z "${seen[$d]:-}" ]; then
              seen[$d]=1
              args+=("$d")
            fi
            continue
          fi
          ;;
      esac
      args+=("$a")
    done
    exec "$bin" check --from terraform "${args[@]}"
    ;;
  *)
    echo "usage: $0 design|terraform [ARGS...] FILES..." >&2
    exit 2
    ;;
esac
