// An allocation made with cuMemCreate is exported as a POSIX fd (sent over
// SCM_RIGHTS, so only peers the daemon chose can map it), imported,
// reserved, mapped and made read-only (CU_MEM_ACCESS_FLAGS_PROT_READ) where
// the driver accepts it.
#include "device_memory.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "cuda_driver.h"
#include "device_range.h"
#include "errors.h"

namespace trims {
namespace cuda {

namespace {

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
    if (live_) Get().MemRelease(handle_);
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
    Check(env, Get().MemExport(&fd, handle_, abi::CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0),
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
    int fd = FdArg(info, 0);
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

}  // namespace

Napi::Function DefineDeviceAllocation(Napi::Env env) { return DeviceAllocation::Define(env); }
Napi::Function DefineDeviceMapping(Napi::Env env) { return DeviceMapping::Define(env); }

}  // namespace cuda
}  // namespace trims
