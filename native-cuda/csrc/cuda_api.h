#pragma once
#include <napi.h>

namespace trims {
// exports.cuda: the driver's status, a device's properties, pinned host buffers, DeviceAllocation, DeviceMapping.
void InitCuda(Napi::Env env, Napi::Object exports);
}  // namespace trims
