// The CUDA driver API (libcuda.so.1), loaded with dlopen on first use so
// that one build serves machines with and without a GPU, and device memory
// shared with the virtual memory management calls: an allocation made with
// cuMemCreate is exported as a POSIX fd (sent over SCM_RIGHTS, so only peers
// the daemon chose can map it), imported, reserved, mapped and made
// read-only (CU_MEM_ACCESS_FLAGS_PROT_READ) where the driver accepts it.
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

namespace abi {
#include "cuda_driver_abi.h"
}  // namespace abi
using abi::CUcontext;
using abi::CUdeviceptr;
using abi::CUmemGenericAllocationHandle;
using abi::CUresult;

namespace {

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
  CUresult (*GetErrorName)(CUresult, const char **);
};

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

std::string ErrorName(CUresult status) {
  const char *name = nullptr;
  if (driver.GetErrorName != nullptr && driver.GetErrorName(status, &name) == 0 && name != nullptr)
    return name;
  return "CUDA error " + std::to_string(status);
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
  int device = value.IsNumber() ? value.As<Napi::Number>().Int32Value() : 0;
  if (device < 0 || device >= d.device_count) {
    throw PlainError(env, "ERR_OUT_OF_RANGE",
                     "no CUDA device " + std::to_string(device) + " (" +
                         std::to_string(d.device_count) + " present)");
  }
  return device;
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

// A mapped range of device memory: this process's view of an allocation.
struct Range {
  CUdeviceptr pointer = 0;
  size_t size = 0;
  int device = 0;
  bool mapped = false;
  bool reserved = false;
  int copying = 0;              // asynchronous copies in flight
  bool release_wanted = false;  // released while copying: done when the last copy ends

  // Unmap, then give the address range back; the allocation goes with its last handle and mapping.
  void Release() {
    if (copying > 0) {
      release_wanted = true;
      return;
    }
    if (mapped) driver.MemUnmap(pointer, size);
    if (reserved) driver.MemAddressFree(pointer, size);
    mapped = reserved = false;
  }

  // Reserve an address range, map `handle` there, set access: throws the failing call.
  void Map(Napi::Env env, Driver &d, CUmemGenericAllocationHandle handle) {
    Check(env, d.MemAddressReserve(&pointer, size, 0, 0, 0), "cuMemAddressReserve");
    reserved = true;
    Check(env, d.MemMap(pointer, size, 0, handle, 0), "cuMemMap");
    mapped = true;
  }

  void CheckSpan(Napi::Env env, size_t offset, size_t bytes) const {
    if (!mapped) throw PlainError(env, "ERR_CUDA_RELEASED", "the device memory was released");
    if (offset > size || bytes > size - offset)
      throw PlainError(env, "ERR_OUT_OF_RANGE",
                       std::to_string(offset) + "+" + std::to_string(bytes) + " is past the " +
                           std::to_string(size) + "-byte range");
  }

  Napi::Value Read(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    size_t bytes = SizeArg(env, info[0], "bytes");
    size_t offset = SizeArg(env, info[1], "offset");
    CheckSpan(env, offset, bytes);
    UseDevice(env, driver, device);
    Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(env, bytes);
    Check(env, driver.MemcpyDtoH(out.Data(), pointer + offset, bytes), "cuMemcpyDtoH");
    return out;
  }

  Napi::Value Write(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!info[0].IsTypedArray()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "expected a typed array");
    Napi::TypedArray view = info[0].As<Napi::TypedArray>();
    size_t offset = SizeArg(env, info[1], "offset");
    CheckSpan(env, offset, view.ByteLength());
    UseDevice(env, driver, device);
    const uint8_t *data = static_cast<const uint8_t *>(view.ArrayBuffer().Data()) + view.ByteOffset();
    Check(env, driver.MemcpyHtoD(pointer + offset, data, view.ByteLength()), "cuMemcpyHtoD");
    return env.Undefined();
  }
};

// One host<->device copy on a libuv thread, so that copying a large
// segment never blocks the event loop. The range's object and the host
// memory are referenced until it ends; a release meanwhile waits for it.
class CopyWorker : public Napi::AsyncWorker {
 public:
  CopyWorker(Napi::Env env, Range *range, Napi::Object owner, Napi::Object host_owner, uint8_t *host,
             size_t offset, size_t bytes, bool to_device)
      : Napi::AsyncWorker(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        range_(range),
        owner_(Napi::Persistent(owner)),
        host_owner_(Napi::Persistent(host_owner)),
        host_(host),
        device_pointer_(range->pointer + offset),
        bytes_(bytes),
        to_device_(to_device) {
    range_->copying++;
  }

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    status_ = driver.CtxSetCurrent(driver.contexts[range_->device]);
    if (status_ == 0)
      status_ = to_device_ ? driver.MemcpyHtoD(device_pointer_, host_, bytes_)
                           : driver.MemcpyDtoH(host_, device_pointer_, bytes_);
    if (status_ != 0) SetError("copy failed");
  }

  void OnOK() override {
    Finish();
    deferred_.Resolve(Env().Undefined());
  }

  void OnError(const Napi::Error &) override {
    Finish();
    deferred_.Reject(CudaError(Env(), status_, to_device_ ? "cuMemcpyHtoD" : "cuMemcpyDtoH").Value());
  }

 private:
  void Finish() {
    if (--range_->copying == 0 && range_->release_wanted) range_->Release();
  }

  Napi::Promise::Deferred deferred_;
  Range *range_;
  Napi::ObjectReference owner_;
  Napi::ObjectReference host_owner_;
  uint8_t *host_;
  CUdeviceptr device_pointer_;
  size_t bytes_;
  bool to_device_;
  CUresult status_ = 0;
};

// copyAsync(view, offset, toDevice) -> Promise: the view's bytes to the
// device at `offset`, or the device's bytes at `offset` into the view.
Napi::Value CopyAsync(const Napi::CallbackInfo &info, Range &range) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "expected a typed array");
  Napi::TypedArray view = info[0].As<Napi::TypedArray>();
  size_t offset = SizeArg(env, info[1], "offset");
  bool to_device = info[2].ToBoolean();
  range.CheckSpan(env, offset, view.ByteLength());
  UseDevice(env, driver, range.device);  // retains the context the copy thread makes current
  uint8_t *host = static_cast<uint8_t *>(view.ArrayBuffer().Data()) + view.ByteOffset();
  CopyWorker *worker =
      new CopyWorker(env, &range, info.This().As<Napi::Object>(), view, host, offset, view.ByteLength(), to_device);
  worker->Queue();
  return worker->Promise();
}

Napi::Value PointerValue(Napi::Env env, CUdeviceptr pointer) {
  return Napi::BigInt::New(env, static_cast<uint64_t>(pointer));
}

// new DeviceAllocation(bytes, device): device memory this process owns,
// exportable as a POSIX fd, mapped read-write here for filling.
class DeviceAllocation : public Napi::ObjectWrap<DeviceAllocation> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "DeviceAllocation",
                       {InstanceMethod("read", &DeviceAllocation::Read),
                        InstanceMethod("write", &DeviceAllocation::Write),
                        InstanceMethod("copyAsync", &DeviceAllocation::CopyAsyncJs),
                        InstanceMethod("exportFd", &DeviceAllocation::ExportFd),
                        InstanceMethod("release", &DeviceAllocation::ReleaseJs),
                        InstanceAccessor("pointer", &DeviceAllocation::Pointer, nullptr),
                        InstanceAccessor("size", &DeviceAllocation::Size, nullptr),
                        InstanceAccessor("released", &DeviceAllocation::Released, nullptr)});
  }

  explicit DeviceAllocation(const Napi::CallbackInfo &info) : Napi::ObjectWrap<DeviceAllocation>(info) {
    Napi::Env env = info.Env();
    Driver &d = Require(env);
    size_t bytes = SizeArg(env, info[0], "bytes");
    range_.device = DeviceArg(env, d, info[1]);
    if (bytes == 0) throw PlainError(env, "ERR_OUT_OF_RANGE", "cannot allocate 0 bytes");
    size_t granularity = Granularity(env, d, range_.device);
    range_.size = (bytes + granularity - 1) / granularity * granularity;
    abi::CUmemAllocationProp prop = DeviceProp(range_.device);
    Check(env, d.MemCreate(&handle_, range_.size, &prop, 0),
          "cuMemCreate(" + std::to_string(range_.size) + ")");
    live_ = true;
    try {
      range_.Map(env, d, handle_);
      Check(env, SetAccess(d, range_.pointer, range_.size, range_.device,
                           abi::CU_MEM_ACCESS_FLAGS_PROT_READWRITE),
            "cuMemSetAccess(READWRITE)");
    } catch (...) {
      Release();
      throw;
    }
  }

  ~DeviceAllocation() override { Release(); }

 private:
  void Release() {
    range_.Release();
    if (live_) driver.MemRelease(handle_);
    live_ = false;
  }

  Napi::Value Read(const Napi::CallbackInfo &info) { return range_.Read(info); }
  Napi::Value Write(const Napi::CallbackInfo &info) { return range_.Write(info); }
  Napi::Value CopyAsyncJs(const Napi::CallbackInfo &info) { return CopyAsync(info, range_); }

  // A new fd of the allocation each call; the caller sends and closes it.
  Napi::Value ExportFd(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!live_) throw PlainError(env, "ERR_CUDA_RELEASED", "the device memory was released");
    int fd = -1;
    Check(env, driver.MemExport(&fd, handle_, abi::CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0),
          "cuMemExportToShareableHandle");
    return Napi::Number::New(env, fd);
  }

  Napi::Value ReleaseJs(const Napi::CallbackInfo &info) {
    Release();
    return info.Env().Undefined();
  }
  Napi::Value Pointer(const Napi::CallbackInfo &info) { return PointerValue(info.Env(), range_.pointer); }
  Napi::Value Size(const Napi::CallbackInfo &info) {
    return Napi::Number::New(info.Env(), static_cast<double>(range_.size));
  }
  Napi::Value Released(const Napi::CallbackInfo &info) { return Napi::Boolean::New(info.Env(), !live_); }

  Range range_;
  CUmemGenericAllocationHandle handle_ = 0;
  bool live_ = false;
};

// new DeviceMapping(fd, size, device): another process's allocation,
// imported from its fd (which the caller still closes), mapped here
// read-only where the driver accepts it. It is unmapped by release() or
// when this object is collected: pass it as the owner of every tensor
// over it, and it stays until TensorFlow released them all.
class DeviceMapping : public Napi::ObjectWrap<DeviceMapping> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "DeviceMapping",
                       {InstanceMethod("read", &DeviceMapping::Read),
                        InstanceMethod("write", &DeviceMapping::Write),
                        InstanceMethod("release", &DeviceMapping::ReleaseJs),
                        InstanceAccessor("pointer", &DeviceMapping::Pointer, nullptr),
                        InstanceAccessor("size", &DeviceMapping::Size, nullptr),
                        InstanceAccessor("readOnly", &DeviceMapping::ReadOnly, nullptr),
                        InstanceAccessor("released", &DeviceMapping::Released, nullptr)});
  }

  explicit DeviceMapping(const Napi::CallbackInfo &info) : Napi::ObjectWrap<DeviceMapping>(info) {
    Napi::Env env = info.Env();
    Driver &d = Require(env);
    if (!info[0].IsNumber()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "expected a file descriptor");
    int fd = info[0].As<Napi::Number>().Int32Value();
    range_.size = SizeArg(env, info[1], "size");
    range_.device = DeviceArg(env, d, info[2]);
    CUmemGenericAllocationHandle handle = 0;
    Check(env, d.MemImport(&handle, reinterpret_cast<void *>(static_cast<intptr_t>(fd)),
                           abi::CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR),
          "cuMemImportFromShareableHandle");
    try {
      range_.Map(env, d, handle);
    } catch (...) {
      range_.Release();
      d.MemRelease(handle);
      throw;
    }
    // The mapping keeps the memory; the handle is not needed any more.
    d.MemRelease(handle);
    CUresult status = SetAccess(d, range_.pointer, range_.size, range_.device,
                                abi::CU_MEM_ACCESS_FLAGS_PROT_READ);
    read_only_ = status == 0;
    if (!read_only_) {
      // Drivers that refuse read-only access get read-write; status and doctor say so.
      status = SetAccess(d, range_.pointer, range_.size, range_.device,
                         abi::CU_MEM_ACCESS_FLAGS_PROT_READWRITE);
    }
    if (status != 0) {
      range_.Release();
      throw CudaError(env, status, "cuMemSetAccess");
    }
  }

  ~DeviceMapping() override { range_.Release(); }

 private:
  Napi::Value Read(const Napi::CallbackInfo &info) { return range_.Read(info); }
  Napi::Value Write(const Napi::CallbackInfo &info) { return range_.Write(info); }
  Napi::Value ReleaseJs(const Napi::CallbackInfo &info) {
    range_.Release();
    return info.Env().Undefined();
  }
  Napi::Value Pointer(const Napi::CallbackInfo &info) { return PointerValue(info.Env(), range_.pointer); }
  Napi::Value Size(const Napi::CallbackInfo &info) {
    return Napi::Number::New(info.Env(), static_cast<double>(range_.size));
  }
  Napi::Value ReadOnly(const Napi::CallbackInfo &info) { return Napi::Boolean::New(info.Env(), read_only_); }
  Napi::Value Released(const Napi::CallbackInfo &info) {
    return Napi::Boolean::New(info.Env(), !range_.mapped);
  }

  Range range_;
  bool read_only_ = false;
};

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

void FreePinned(Napi::Env, void *data) { driver.MemFreeHost(data); }

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
  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("status", Napi::Function::New(env, Status));
  cuda.Set("deviceProperties", Napi::Function::New(env, DeviceProperties));
  cuda.Set("pinnedHostBuffer", Napi::Function::New(env, PinnedHostBuffer));
  cuda.Set("DeviceAllocation", DeviceAllocation::Define(env));
  cuda.Set("DeviceMapping", DeviceMapping::Define(env));
  exports.Set("cuda", cuda);
}

}  // namespace trims
