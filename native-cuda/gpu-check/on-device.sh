#!/usr/bin/env bash
# The device run, on a machine with a GPU and without Node.js: unpacks what
# pack-for-device.sh put in .device/, then runs, against the real driver,
# the device check (gpu-check at 512 MiB and 2 GiB), the CUDA and gpu-tier
# tests, and the gpu-open benchmark. Each result is a file under $OUT
# (default ./device-out); each step has its own time limit, so one that
# hangs leaves the others' results (at most 8.5 minutes in all).
# TRIMS_CUDA_DRIVER=standin rehearses it here without a GPU.
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$src/device-out}
mkdir -p "$out"
# A copy every user can traverse: the tests run clients as a second, unprivileged user.
run=$(mktemp -d /tmp/trims-device-XXXXXX)
chmod 755 "$run"
cp -a "$src/." "$run/"
cd "$run" || exit 1
mkdir -p .device/bin
xz -dc .device/node.xz >.device/bin/node && chmod 755 .device/bin/node
tar -xJf .device/tree.tar.xz
export PATH="$run/.device/bin:$PATH"
export TRIMS_CUDA_DRIVER="${TRIMS_CUDA_DRIVER-}" # empty: the real driver, libcuda.so.1

{
  date -u
  uname -a
  grep -m1 'model name' /proc/cpuinfo
  nvidia-smi --query-gpu=name,driver_version,memory.total,pcie.link.gen.current,pcie.link.width.current --format=csv
  node --version
} >"$out/machine.txt" 2>&1

for mib in 512 2048; do
  timeout 60 native-cuda/gpu-check/run.sh "$mib" >"$out/gpu-check-$mib.json" 2>>"$out/gpu-check.err"
  echo "gpu-check $mib MiB: exit $?" >>"$out/gpu-check.err"
done

tests=$(mktemp -d /tmp/trims-tests-XXXXXX)
chmod 1777 "$tests"
# Two processes: a device fault in one (a sticky CUDA error) cannot fail the other's tests.
for suite in native-cuda/dist/test/cuda.test.js:90 packages/server/dist/test/gpu-tier.test.js:150; do
  name=$(basename "${suite%%.test.js*}")
  TMPDIR=$tests TRIMS_TEST_TMPDIR=$tests timeout "${suite##*:}" node node_modules/mocha/bin/mocha.js \
    --no-config --timeout 60000 -n expose-gc --exit "${suite%:*}" >"$out/tests-$name.txt" 2>&1
  echo "mocha: exit $?" >>"$out/tests-$name.txt"
done

timeout 150 node benchmarks/dist/src/device/gpu-open.js squeezenet1_1 resnet50 vgg16 alexnet_681x681 \
  >"$out/gpu-open.json" 2>"$out/gpu-open.err"
echo "gpu-open: exit $?" >>"$out/gpu-open.err"
ls -la "$out"
