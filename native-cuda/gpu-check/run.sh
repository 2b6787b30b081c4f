#!/usr/bin/env bash
# The device check (see check.ts): one command, JSON on stdout.
# Usage: native-cuda/gpu-check/run.sh [MiB, default 512]
# Needs `npm run setup` (or `npm run build`) done; exit 0 PASS, 1 FAIL, 3 no device.
# A C compiler, where there is one, builds the other importer (other_importer.c).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
helper=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if cc -std=gnu11 -O1 -o "$work/other_importer" "$here/other_importer.c" -ldl 2>"$work/cc.log"; then
  helper=("$work/other_importer")
else
  echo "gpu-check: the other importer is not built: $(head -1 "$work/cc.log")" >&2
fi
node "$here/../dist/gpu-check/check.js" "${1:-512}" "${helper[@]}"
