// crc32(bytes): zlib's CRC-32, from the zlib Node itself exports. A client
// checks its code cache with it before anything is compiled; node:zlib
// would cost a fresh process ~0.8 ms to load for one function.
#include "checksum.h"

#include <zlib.h>

#include "errors.h"

namespace trims {

namespace {

Napi::Value Crc32(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw PlainError(env, "ERR_INVALID_ARG_TYPE", "crc32(bytes): bytes must be a Uint8Array (or Buffer)");
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  uLong crc = crc32_z(0L, bytes.Data(), bytes.ByteLength());
  return Napi::Number::New(env, static_cast<double>(crc));
}

}  // namespace

void InitChecksum(Napi::Env env, Napi::Object exports) { exports.Set("crc32", Napi::Function::New(env, Crc32, "crc32")); }

}  // namespace trims
