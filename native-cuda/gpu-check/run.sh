#!/usr/bin/env bash
# Builds and runs the cross-process CUDA IPC check on a machine with an
# NVIDIA GPU and nvcc. Usage: native-cuda/gpu-check/run.sh [MiB, default 512]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${TRIMS_GPU_CHECK_BUILD:-$here/build}
mkdir -p "$out"
nvcc -O2 -std=c++17 -o "$out/ipc_check" "$here/ipc_check.cu"
"$out/ipc_check" "${1:-512}"
