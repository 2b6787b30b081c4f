// The CUDA driver API (libcuda.so.1), loaded with dlopen on first use so
// that one build serves machines with and without a GPU, and device memory
// shared with the virtual memory management calls: an allocation made with
// cuMemCreate is exported as a POSIX fd (sent over SCM_RIGHTS, so only peers
// the daemon chose can map it), imported, reserved, mapped and made
// read-only (CU_MEM_ACCESS_FLAGS_PROT_READ) where the driver accepts it.
//
// TRIMS_CUDA_DRIVER picks the library: unset, the NVIDIA driver; "standin",
// the stand-in built beside this addon (no GPU needed); else a path.
//
// This file: the driver's function table, loaded once, and the argument and
// error helpers every CUDA entry point uses (device_range.cc,
// device_memory.cc, cuda_api.cc).
#pragma once
#include <napi.h>

#include <string>
#include <vector>

namespace trims {

namespace abi {
#include "cuda_driver_abi.h"
}  // namespace abi

namespace cuda {

using abi::CUcontext;
using abi::CUdeviceptr;
using abi::CUmemGenericAllocationHandle;
using abi::CUresult;

struct Driver {
  void *library = nullptr;
  std::string path;
  std::string stand_in;     // the stand-in's own description; empty for a real driver
  std::string unavailable;  // why, when no device can be used
  int device_count = 0;
  std::vector<CUcontext> contexts;
  CUresult (*Init)(unsigned);
  CUresult (*DriverGetVersion)(int *);
  CUresult (*DeviceGetCount)(int *);
  CUresult (*DeviceGet)(int *, int);
  CUresult (*DeviceGetName)(char *, int, int);
  CUresult (*DeviceGetAttribute)(int *, int, int);
  CUresult (*DeviceTotalMem)(size_t *, int);
  CUresult (*DeviceGetPCIBusId)(char *, int, int);
  CUresult (*PrimaryCtxRetain)(CUcontext *, int);
  CUresult (*CtxSetCurrent)(CUcontext);
  CUresult (*MemGetInfo)(size_t *, size_t *);
  CUresult (*MemGetAllocationGranularity)(size_t *, const abi::CUmemAllocationProp *, int);
  CUresult (*MemCreate)(CUmemGenericAllocationHandle *, size_t, const abi::CUmemAllocationProp *,
                        unsigned long long);
  CUresult (*MemRelease)(CUmemGenericAllocationHandle);
  CUresult (*MemExport)(void *, CUmemGenericAllocationHandle, int, unsigned long long);
  CUresult (*MemImport)(CUmemGenericAllocationHandle *, void *, int);
  CUresult (*MemAddressReserve)(CUdeviceptr *, size_t, size_t, CUdeviceptr, unsigned long long);
  CUresult (*MemAddressFree)(CUdeviceptr, size_t);
  CUresult (*MemMap)(CUdeviceptr, size_t, size_t, CUmemGenericAllocationHandle, unsigned long long);
  CUresult (*MemUnmap)(CUdeviceptr, size_t);
  CUresult (*MemSetAccess)(CUdeviceptr, size_t, const abi::CUmemAccessDesc *, size_t);
  CUresult (*MemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*MemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*MemAllocHost)(void **, size_t);
  CUresult (*MemFreeHost)(void *);
  CUresult (*MemHostRegister)(void *, size_t, unsigned);
  CUresult (*MemHostUnregister)(void *);
  CUresult (*GetErrorName)(CUresult, const char **);
};

// The driver, loaded on first use; `unavailable` says why when no device can be used.
Driver &Get();
// The driver with a device, or ERR_CUDA_UNAVAILABLE naming why.
Driver &Require(Napi::Env env);
std::string ErrorName(CUresult status);
Napi::Error CudaError(Napi::Env env, CUresult status, const std::string &call);
void Check(Napi::Env env, CUresult status, const std::string &call);
int DeviceArg(Napi::Env env, Driver &d, const Napi::Value &value);
void UseDevice(Napi::Env env, Driver &d, int device);
size_t SizeArg(Napi::Env env, const Napi::Value &value, const char *what);
abi::CUmemAllocationProp DeviceProp(int device);
size_t Granularity(Napi::Env env, Driver &d, int device);
CUresult SetAccess(Driver &d, CUdeviceptr pointer, size_t size, int device, int flags);

}  // namespace cuda
}  // namespace trims
