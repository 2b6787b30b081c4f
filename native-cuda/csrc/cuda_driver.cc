// The CUDA driver's function table: loaded with dlopen on first use so that
// one build serves machines with and without a GPU (see cuda_driver.h).
//
// TRIMS_CUDA_DRIVER picks the library: unset, the NVIDIA driver; "standin",
// the stand-in built beside this addon (no GPU needed); else a path.
#include "cuda_driver.h"

#include <dlfcn.h>
#include <libgen.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "errors.h"

namespace trims {
namespace cuda {

namespace {

std::once_flag load_once;
Driver driver;

template <typename T>
bool Resolve(void *library, const char *name, T *slot) {
  *slot = reinterpret_cast<T>(dlsym(library, name));
  return *slot != nullptr;
}

// The stand-in sits beside this addon (node-gyp builds both).
std::string StandInPath() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&StandInPath), &info) == 0 || info.dli_fname == nullptr)
    return "trims_cuda_standin.so";
  std::vector<char> copy(info.dli_fname, info.dli_fname + std::strlen(info.dli_fname) + 1);
  return std::string(dirname(copy.data())) + "/trims_cuda_standin.so";
}


bool ResolveAll(void *lib) {
  return Resolve(lib, "cuInit", &driver.Init) &&
         Resolve(lib, "cuDriverGetVersion", &driver.DriverGetVersion) &&
         Resolve(lib, "cuDeviceGetCount", &driver.DeviceGetCount) &&
         Resolve(lib, "cuDeviceGet", &driver.DeviceGet) &&
         Resolve(lib, "cuDeviceGetName", &driver.DeviceGetName) &&
         Resolve(lib, "cuDeviceGetAttribute", &driver.DeviceGetAttribute) &&
         Resolve(lib, "cuDeviceTotalMem_v2", &driver.DeviceTotalMem) &&
         Resolve(lib, "cuDeviceGetPCIBusId", &driver.DeviceGetPCIBusId) &&
         Resolve(lib, "cuDevicePrimaryCtxRetain", &driver.PrimaryCtxRetain) &&
         Resolve(lib, "cuCtxSetCurrent", &driver.CtxSetCurrent) &&
         Resolve(lib, "cuMemGetInfo_v2", &driver.MemGetInfo) &&
         Resolve(lib, "cuMemGetAllocationGranularity", &driver.MemGetAllocationGranularity) &&
         Resolve(lib, "cuMemCreate", &driver.MemCreate) &&
         Resolve(lib, "cuMemRelease", &driver.MemRelease) &&
         Resolve(lib, "cuMemExportToShareableHandle", &driver.MemExport) &&
         Resolve(lib, "cuMemImportFromShareableHandle", &driver.MemImport) &&
         Resolve(lib, "cuMemAddressReserve", &driver.MemAddressReserve) &&
         Resolve(lib, "cuMemAddressFree", &driver.MemAddressFree) &&
         Resolve(lib, "cuMemMap", &driver.MemMap) && Resolve(lib, "cuMemUnmap", &driver.MemUnmap) &&
         Resolve(lib, "cuMemSetAccess", &driver.MemSetAccess) &&
         Resolve(lib, "cuMemcpyHtoD_v2", &driver.MemcpyHtoD) &&
         Resolve(lib, "cuMemcpyDtoH_v2", &driver.MemcpyDtoH) &&
         Resolve(lib, "cuMemAllocHost_v2", &driver.MemAllocHost) &&
         Resolve(lib, "cuMemFreeHost", &driver.MemFreeHost) &&
         Resolve(lib, "cuMemHostRegister_v2", &driver.MemHostRegister) &&
         Resolve(lib, "cuMemHostUnregister", &driver.MemHostUnregister) &&
         Resolve(lib, "cuGetErrorName", &driver.GetErrorName);
}

void Load() {
  const char *chosen = std::getenv("TRIMS_CUDA_DRIVER");
  std::string candidate = chosen == nullptr || *chosen == '\0' ? "libcuda.so.1"
                          : std::strcmp(chosen, "standin") == 0 ? StandInPath()
                                                                : chosen;
  void *lib = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char *why = dlerror();
    driver.unavailable = "the CUDA driver could not be loaded: " + candidate + ": " +
                         (why ? why : "not found") +
                         "\nInstall the NVIDIA driver (libcuda.so.1), set TRIMS_CUDA_DRIVER to "
                         "its path, or TRIMS_CUDA_DRIVER=standin for the stand-in (no GPU).";
    return;
  }
  driver.library = lib;
  driver.path = candidate;
  const char *(*stand_in)() = nullptr;
  if (Resolve(lib, "trimsCudaStandIn", &stand_in)) driver.stand_in = stand_in();
  if (!ResolveAll(lib)) {
    driver.unavailable = candidate + " lacks a CUDA driver function TrIMS needs (CUDA 11.2+ has all)";
    driver.library = nullptr;
    dlclose(lib);
    return;
  }
  int count = 0;
  CUresult status = driver.Init(0);
  if (status == 0) status = driver.DeviceGetCount(&count);
  if (status != 0 || count == 0) {
    driver.unavailable = "no usable CUDA device: " +
                         (status != 0 ? ErrorName(status) : std::string("0 devices")) +
                         " (driver " + candidate + ")";
    return;
  }
  driver.device_count = count;
  driver.contexts.assign(count, nullptr);
}

}  // namespace

std::string ErrorName(CUresult status) {
  const char *name = nullptr;
  if (driver.GetErrorName != nullptr && driver.GetErrorName(status, &name) == 0 && name != nullptr)
    return name;
  return "CUDA error " + std::to_string(status);
}

Driver &Get() {
  std::call_once(load_once, Load);
  return driver;
}

Driver &Require(Napi::Env env) {
  Driver &d = Get();
  if (d.device_count == 0)
    throw PlainError(env, "ERR_CUDA_UNAVAILABLE", "CUDA is unavailable: " + d.unavailable);
  return d;
}

Napi::Error CudaError(Napi::Env env, CUresult status, const std::string &call) {
  Napi::Error error = PlainError(env, "ERR_CUDA", call + ": " + ErrorName(status));
  error.Set("cudaError", Napi::Number::New(env, status));
  error.Set("cudaErrorName", Napi::String::New(env, ErrorName(status)));
  return error;
}

void Check(Napi::Env env, CUresult status, const std::string &call) {
  if (status != 0) throw CudaError(env, status, call);
}

int DeviceArg(Napi::Env env, Driver &d, const Napi::Value &value) {
  if (value.IsUndefined()) return 0;
  if (!value.IsNumber()) throw Napi::TypeError::New(env, "device must be a number");
  // As a double: Int32Value would wrap 2^32 to device 0, and truncate 0.5.
  double device = value.As<Napi::Number>().DoubleValue();
  if (!(device >= 0 && device < d.device_count) || device != static_cast<int>(device)) {
    throw PlainError(env, "ERR_OUT_OF_RANGE",
                     "no CUDA device " + value.ToString().Utf8Value() + " (" +
                         std::to_string(d.device_count) + " present)");
  }
  return static_cast<int>(device);
}

// Makes the device's primary context current on this thread (copies need one).
void UseDevice(Napi::Env env, Driver &d, int device) {
  if (d.contexts[device] == nullptr)
    Check(env, d.PrimaryCtxRetain(&d.contexts[device], device), "cuDevicePrimaryCtxRetain");
  Check(env, d.CtxSetCurrent(d.contexts[device]), "cuCtxSetCurrent");
}

size_t SizeArg(Napi::Env env, const Napi::Value &value, const char *what) {
  double number = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1;
  if (!(number >= 0) || number > 9007199254740991.0 || number != static_cast<double>(static_cast<uint64_t>(number)))
    throw PlainError(env, "ERR_OUT_OF_RANGE", std::string(what) + " must be a non-negative integer");
  return static_cast<size_t>(number);
}

abi::CUmemAllocationProp DeviceProp(int device) {
  abi::CUmemAllocationProp prop;
  std::memset(&prop, 0, sizeof(prop));
  prop.type = abi::CU_MEM_ALLOCATION_TYPE_PINNED;
  prop.requestedHandleTypes = abi::CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR;
  prop.location.type = abi::CU_MEM_LOCATION_TYPE_DEVICE;
  prop.location.id = device;
  return prop;
}

size_t Granularity(Napi::Env env, Driver &d, int device) {
  abi::CUmemAllocationProp prop = DeviceProp(device);
  size_t granularity = 0;
  Check(env, d.MemGetAllocationGranularity(&granularity, &prop, abi::CU_MEM_ALLOC_GRANULARITY_MINIMUM),
        "cuMemGetAllocationGranularity");
  return granularity;
}

CUresult SetAccess(Driver &d, CUdeviceptr pointer, size_t size, int device, int flags) {
  abi::CUmemAccessDesc access;
  std::memset(&access, 0, sizeof(access));
  access.location.type = abi::CU_MEM_LOCATION_TYPE_DEVICE;
  access.location.id = device;
  access.flags = flags;
  return d.MemSetAccess(pointer, size, &access, 1);
}

}  // namespace cuda
}  // namespace trims
