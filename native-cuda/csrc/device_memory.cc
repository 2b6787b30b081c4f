// An allocation made with cuMemCreate is exported as a POSIX fd (sent over
// SCM_RIGHTS, so only peers the daemon chose can map it), imported,
// reserved, mapped and made read-only (CU_MEM_ACCESS_FLAGS_PROT_READ) where
// the driver accepts it.
#include "device_memory.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "cuda_driver.h"
#include "errors.h"

namespace trims {
namespace cuda {

namespace {

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
    if (mapped) Get().MemUnmap(pointer, size);
    if (reserved) Get().MemAddressFree(pointer, size);
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
    UseDevice(env, Get(), device);
    Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(env, bytes);
    Check(env, Get().MemcpyDtoH(out.Data(), pointer + offset, bytes), "cuMemcpyDtoH");
    return out;
  }

  Napi::Value Write(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!info[0].IsTypedArray()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "expected a typed array");
    Napi::TypedArray view = info[0].As<Napi::TypedArray>();
    size_t offset = SizeArg(env, info[1], "offset");
    CheckSpan(env, offset, view.ByteLength());
    UseDevice(env, Get(), device);
    const uint8_t *data = static_cast<const uint8_t *>(view.ArrayBuffer().Data()) + view.ByteOffset();
    Check(env, Get().MemcpyHtoD(pointer + offset, data, view.ByteLength()), "cuMemcpyHtoD");
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
    status_ = Get().CtxSetCurrent(Get().contexts[range_->device]);
    if (status_ == 0)
      status_ = to_device_ ? Get().MemcpyHtoD(device_pointer_, host_, bytes_)
                           : Get().MemcpyDtoH(host_, device_pointer_, bytes_);
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
  UseDevice(env, Get(), range.device);  // retains the context the copy thread makes current
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

}  // namespace

Napi::Function DefineDeviceAllocation(Napi::Env env) { return DeviceAllocation::Define(env); }
Napi::Function DefineDeviceMapping(Napi::Env env) { return DeviceMapping::Define(env); }

}  // namespace cuda
}  // namespace trims
