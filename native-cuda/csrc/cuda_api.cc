// The `cuda` object of the addon: the driver's status, a device's
// properties, pinned host buffers, and the device memory classes.
#include "cuda_api.h"

#include <string>

#include "cuda_driver.h"
#include "device_memory.h"
#include "errors.h"

namespace trims {

namespace {

using namespace cuda;

// status() -> {available, deviceCount, reason?, library?, driverVersion?, standIn?}
Napi::Value Status(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Driver &d = Get();
  Napi::Object out = Napi::Object::New(env);
  out.Set("available", d.device_count > 0);
  out.Set("deviceCount", d.device_count);
  if (!d.unavailable.empty()) out.Set("reason", d.unavailable);
  if (!d.stand_in.empty()) out.Set("standIn", d.stand_in);
  if (d.library != nullptr) {
    out.Set("library", d.path);
    int version = 0;
    if (d.DriverGetVersion(&version) == 0) out.Set("driverVersion", version);
  }
  return out;
}

Napi::Value DeviceProperties(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Driver &d = Require(env);
  int device = DeviceArg(env, d, info[0]);
  UseDevice(env, d, device);
  char name[256] = {0};
  Check(env, d.DeviceGetName(name, sizeof(name), device), "cuDeviceGetName");
  auto attribute = [&](int which) {
    int value = 0;
    Check(env, d.DeviceGetAttribute(&value, which, device), "cuDeviceGetAttribute");
    return value;
  };
  size_t free_bytes = 0, total_bytes = 0;
  Check(env, d.MemGetInfo(&free_bytes, &total_bytes), "cuMemGetInfo");
  char bus[32] = {0};
  Check(env, d.DeviceGetPCIBusId(bus, sizeof(bus), device), "cuDeviceGetPCIBusId");
  Napi::Object out = Napi::Object::New(env);
  out.Set("index", device);
  out.Set("name", std::string(name));
  out.Set("computeCapability",
          std::to_string(attribute(abi::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)) + "." +
              std::to_string(attribute(abi::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)));
  out.Set("multiProcessors", attribute(abi::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT));
  out.Set("virtualMemoryManagement",
          attribute(abi::CU_DEVICE_ATTRIBUTE_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED) != 0);
  out.Set("posixFdHandles",
          attribute(abi::CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR_SUPPORTED) != 0);
  out.Set("totalMemory", static_cast<double>(total_bytes));
  out.Set("freeMemory", static_cast<double>(free_bytes));
  out.Set("granularity", static_cast<double>(Granularity(env, d, device)));
  out.Set("pciBusId", std::string(bus));
  return out;
}

void FreePinned(Napi::Env, void *data) { Get().MemFreeHost(data); }

// pinnedHostBuffer(bytes, device) -> ArrayBuffer of page-locked host memory
// (the peak host->device bandwidth is measured from it).
Napi::Value PinnedHostBuffer(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Driver &d = Require(env);
  size_t bytes = SizeArg(env, info[0], "bytes");
  UseDevice(env, d, DeviceArg(env, d, info[1]));
  void *memory = nullptr;
  Check(env, d.MemAllocHost(&memory, bytes), "cuMemAllocHost");
  return Napi::ArrayBuffer::New(env, memory, bytes, FreePinned);
}

}  // namespace

void InitCuda(Napi::Env env, Napi::Object exports) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("status", Napi::Function::New(env, Status));
  object.Set("deviceProperties", Napi::Function::New(env, DeviceProperties));
  object.Set("pinnedHostBuffer", Napi::Function::New(env, PinnedHostBuffer));
  object.Set("DeviceAllocation", cuda::DefineDeviceAllocation(env));
  object.Set("DeviceMapping", cuda::DefineDeviceMapping(env));
  exports.Set("cuda", object);
}

}  // namespace trims
