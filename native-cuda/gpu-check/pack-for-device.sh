#!/usr/bin/env bash
# Packs what a device run needs beside the tree (the device machine has no
# Node.js and no registry): this node binary, the built dist folders and
# addons, and the run-time node_modules (no tfjs framework), into .device/
# (ignored by git; name it in the device tool's `carry`). Run after
# `npm run build`; then on the device: native-cuda/gpu-check/on-device.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .device
xz -T0 -6 -c "$(command -v node)" >.device/node.xz
{
  node native-cuda/gpu-check/runtime-closure.js mocha chai @trims/testing @trims/server commander
  ls -d node_modules/@trims packages/*/dist native-cuda/dist models/dist benchmarks/dist
  ls native-cuda/build/Release/*.node native-cuda/build/Release/*.so
} >.device/files.txt
tar -c --exclude='better-sqlite3/deps' --exclude='better-sqlite3/src' \
  --exclude='better-sqlite3/build/Release/obj*' --exclude='better-sqlite3/build/deps' \
  --exclude='*.tsbuildinfo' --files-from=.device/files.txt | xz -T0 -6 >.device/tree.tar.xz
du -ch .device/node.xz .device/tree.tar.xz | tail -1
