#!/usr/bin/env bash
# The device check (see check.ts): one command, JSON on stdout.
# Usage: native-cuda/gpu-check/run.sh [MiB, default 512]
# Needs `npm run setup` (or `npm run build`) done; exit 0 PASS, 1 FAIL, 3 no device.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec node "$here/../dist/gpu-check/check.js" "${1:-512}"
