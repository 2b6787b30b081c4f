// Copies between host memory and a device range, on libuv threads.
#include "device_range.h"

#include <unistd.h>

#include <cstdint>
#include <string>

namespace trims {
namespace cuda {

namespace {

// Copies at least this large are made from (or into) page-locked host memory.
constexpr size_t kRegisterFrom = 4 << 20;

// A copy of pageable host memory goes through the driver's pinned bounce
// buffer: on an H200, 8.5 GB/s from a memfd map against 55 GB/s from pinned
// memory (gpu-check). So a large copy page-locks the host range for its
// duration (READ_ONLY: a segment's map is read-only) and the copy engine
// reads or writes the pages directly. Where locking fails (a driver or
// limit that refuses it, a range already locked by another copy), the copy
// goes on through the bounce buffer.
CUresult Copy(Driver &d, uint8_t *host, CUdeviceptr device, size_t bytes, bool to_device) {
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t start = reinterpret_cast<uintptr_t>(host) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(host) + bytes + page - 1) & ~(page - 1);
  void *locked = reinterpret_cast<void *>(start);
  bool registered = bytes >= kRegisterFrom &&
                    d.MemHostRegister(locked, end - start,
                                      to_device ? abi::MEMHOSTREGISTER_READ_ONLY : 0) == 0;
  CUresult status = to_device ? d.MemcpyHtoD(device, host, bytes) : d.MemcpyDtoH(host, device, bytes);
  if (registered) d.MemHostUnregister(locked);
  return status;
}

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
      status_ = Copy(Get(), host_, device_pointer_, bytes_, to_device_);
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

}  // namespace

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

}  // namespace cuda
}  // namespace trims
