// A mapped range of device memory and the copies in and out of it, shared
// by DeviceAllocation and DeviceMapping (device_memory.cc).
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>

#include "cuda_driver.h"
#include "errors.h"

namespace trims {
namespace cuda {

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

// copyAsync(view, offset, toDevice) -> Promise (see device_range.cc).
Napi::Value CopyAsync(const Napi::CallbackInfo &info, Range &range);
// A device pointer as a JS bigint.
Napi::Value PointerValue(Napi::Env env, CUdeviceptr pointer);

}  // namespace cuda
}  // namespace trims
