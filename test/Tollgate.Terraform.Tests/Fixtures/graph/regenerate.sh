#!/usr/bin/env bash
# Regenerates the DOT fixtures with the terraform on PATH (committed ones: Terraform 1.11.4).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp -r "$here/config" "$work/config"; cp -r "$here/cycle" "$work/cycle"
(cd "$work/config" && terraform init -input=false -no-color >/dev/null && terraform graph > "$here/simplified.dot" && terraform graph -type=plan > "$here/verbose.dot")
(cd "$work/cycle" && terraform init -input=false -no-color >/dev/null && terraform graph -type=plan -draw-cycles > "$here/verbose-cycle.dot")
