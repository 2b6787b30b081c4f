// Device memory shared between processes with CUDA's virtual memory
// management: DeviceAllocation (made here, exported as a POSIX fd) and
// DeviceMapping (another process's allocation, imported from its fd and
// mapped read-only where the driver accepts it).
#pragma once
#include <napi.h>

namespace trims {
namespace cuda {

Napi::Function DefineDeviceAllocation(Napi::Env env);
Napi::Function DefineDeviceMapping(Napi::Env env);

}  // namespace cuda
}  // namespace trims
