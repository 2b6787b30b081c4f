// The CUDA runtime, loaded with dlopen on first use so that one build
// serves machines with and without a GPU. Nothing here includes CUDA's
// headers: the few types the runtime API needs are declared below, with
// the layouts the runtime documents as stable (an IPC handle is 64 bytes).
#include "cuda_runtime.h"

#include <dlfcn.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "errors.h"

namespace trims {

namespace {

using cudaError_t = int;
struct cudaIpcMemHandle_t {
  char reserved[64];
};
constexpr int cudaMemcpyHostToDevice = 1;
constexpr int cudaMemcpyDeviceToHost = 2;
constexpr unsigned cudaIpcMemLazyEnablePeerAccess = 1;
constexpr int cudaDevAttrComputeCapabilityMajor = 75;
constexpr int cudaDevAttrComputeCapabilityMinor = 76;
constexpr int cudaDevAttrMultiProcessorCount = 16;

struct Runtime {
  void *library = nullptr;
  std::string path;
  std::string unavailable;  // why, when library is null or no device works
  int device_count = 0;
  cudaError_t (*GetDeviceCount)(int *);
  cudaError_t (*SetDevice)(int);
  cudaError_t (*Malloc)(void **, size_t);
  cudaError_t (*Free)(void *);
  cudaError_t (*Memcpy)(void *, const void *, size_t, int);
  cudaError_t (*IpcGetMemHandle)(cudaIpcMemHandle_t *, void *);
  cudaError_t (*IpcOpenMemHandle)(void **, cudaIpcMemHandle_t, unsigned);
  cudaError_t (*IpcCloseMemHandle)(void *);
  cudaError_t (*DeviceGetAttribute)(int *, int, int);
  cudaError_t (*MemGetInfo)(size_t *, size_t *);
  cudaError_t (*DeviceGetPCIBusId)(char *, int, int);
  cudaError_t (*RuntimeGetVersion)(int *);
  cudaError_t (*DriverGetVersion)(int *);
  cudaError_t (*GetDeviceProperties)(void *, int);
  const char *(*GetErrorString)(cudaError_t);
};

std::once_flag load_once;
Runtime runtime;

template <typename T>
bool Resolve(void *library, const char *name, T *slot) {
  *slot = reinterpret_cast<T>(dlsym(library, name));
  return *slot != nullptr;
}

void Load() {
  std::vector<std::string> candidates;
  if (const char *chosen = std::getenv("TRIMS_CUDA_LIBRARY")) {
    candidates.push_back(chosen);  // an explicit choice is the only one tried
  } else {
    candidates = {"libcudart.so", "libcudart.so.13", "libcudart.so.12",
                  "libcudart.so.11.0", "/usr/local/cuda/lib64/libcudart.so"};
  }
  std::string tried;
  for (const std::string &candidate : candidates) {
    void *library = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library != nullptr) {
      runtime.library = library;
      runtime.path = candidate;
      break;
    }
    const char *why = dlerror();
    tried += "\n  " + candidate + ": " + (why ? why : "not found");
  }
  if (runtime.library == nullptr) {
    runtime.unavailable = "the CUDA runtime library could not be loaded:" + tried +
                          "\nInstall the CUDA runtime (libcudart) or set "
                          "TRIMS_CUDA_LIBRARY to its path.";
    return;
  }
  void *lib = runtime.library;
  bool ok = Resolve(lib, "cudaGetDeviceCount", &runtime.GetDeviceCount) &&
            Resolve(lib, "cudaSetDevice", &runtime.SetDevice) &&
            Resolve(lib, "cudaMalloc", &runtime.Malloc) &&
            Resolve(lib, "cudaFree", &runtime.Free) &&
            Resolve(lib, "cudaMemcpy", &runtime.Memcpy) &&
            Resolve(lib, "cudaIpcGetMemHandle", &runtime.IpcGetMemHandle) &&
            Resolve(lib, "cudaIpcOpenMemHandle", &runtime.IpcOpenMemHandle) &&
            Resolve(lib, "cudaIpcCloseMemHandle", &runtime.IpcCloseMemHandle) &&
            Resolve(lib, "cudaDeviceGetAttribute", &runtime.DeviceGetAttribute) &&
            Resolve(lib, "cudaMemGetInfo", &runtime.MemGetInfo) &&
            Resolve(lib, "cudaDeviceGetPCIBusId", &runtime.DeviceGetPCIBusId) &&
            Resolve(lib, "cudaRuntimeGetVersion", &runtime.RuntimeGetVersion) &&
            Resolve(lib, "cudaDriverGetVersion", &runtime.DriverGetVersion) &&
            Resolve(lib, "cudaGetErrorString", &runtime.GetErrorString);
  // The properties call was versioned in CUDA 12; either name will do.
  ok = ok && (Resolve(lib, "cudaGetDeviceProperties_v2", &runtime.GetDeviceProperties) ||
              Resolve(lib, "cudaGetDeviceProperties", &runtime.GetDeviceProperties));
  if (!ok) {
    runtime.unavailable = runtime.path + " lacks a CUDA runtime function this addon needs";
    dlclose(runtime.library);
    runtime.library = nullptr;
    return;
  }
  int count = 0;
  cudaError_t status = runtime.GetDeviceCount(&count);
  if (status != 0 || count == 0) {
    runtime.unavailable = std::string("no usable CUDA device: ") +
                          (status != 0 ? runtime.GetErrorString(status) : "0 devices") +
                          " (runtime " + runtime.path + ")";
    return;
  }
  runtime.device_count = count;
}

Runtime &Get() {
  std::call_once(load_once, Load);
  return runtime;
}

// Every call needs a device; without one it throws the reason.
Runtime &Require(Napi::Env env) {
  Runtime &rt = Get();
  if (rt.device_count == 0) throw PlainError(env, "ERR_CUDA_UNAVAILABLE", "CUDA is unavailable: " + rt.unavailable);
  return rt;
}

void Check(Napi::Env env, cudaError_t status, const std::string &call) {
  if (status != 0) {
    Napi::Error error = PlainError(env, "ERR_CUDA", call + ": " + runtime.GetErrorString(status));
    error.Set("cudaError", Napi::Number::New(env, status));
    throw error;
  }
}

void UseDevice(Napi::Env env, Runtime &rt, const Napi::Value &value) {
  int device = value.IsNumber() ? value.As<Napi::Number>().Int32Value() : 0;
  if (device < 0 || device >= rt.device_count) {
    throw PlainError(env, "ERR_OUT_OF_RANGE",
                     "no CUDA device " + std::to_string(device) + " (" + std::to_string(rt.device_count) + " present)");
  }
  Check(env, rt.SetDevice(device), "cudaSetDevice(" + std::to_string(device) + ")");
}

void *PointerArg(const Napi::Value &value) {
  bool lossless = false;
  return reinterpret_cast<void *>(static_cast<uintptr_t>(value.As<Napi::BigInt>().Uint64Value(&lossless)));
}

Napi::Value PointerValue(Napi::Env env, void *pointer) {
  return Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(pointer)));
}

// status() -> {available, reason, library, deviceCount, runtimeVersion, driverVersion}
Napi::Value Status(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Get();
  Napi::Object out = Napi::Object::New(env);
  out.Set("available", rt.device_count > 0);
  out.Set("deviceCount", rt.device_count);
  if (!rt.unavailable.empty()) out.Set("reason", rt.unavailable);
  if (rt.library != nullptr) {
    out.Set("library", rt.path);
    int version = 0;
    if (rt.RuntimeGetVersion(&version) == 0) out.Set("runtimeVersion", version);
    if (rt.DriverGetVersion(&version) == 0) out.Set("driverVersion", version);
  }
  return out;
}

Napi::Value DeviceProperties(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  UseDevice(env, rt, info[0]);
  int device = info[0].As<Napi::Number>().Int32Value();
  // cudaDeviceProp starts with char name[256]; the rest of its layout varies
  // between versions, so only the name is read from it.
  std::vector<char> properties(16384, 0);
  Check(env, rt.GetDeviceProperties(properties.data(), device), "cudaGetDeviceProperties");
  int major = 0, minor = 0, processors = 0;
  Check(env, rt.DeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device), "cudaDeviceGetAttribute");
  Check(env, rt.DeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device), "cudaDeviceGetAttribute");
  Check(env, rt.DeviceGetAttribute(&processors, cudaDevAttrMultiProcessorCount, device), "cudaDeviceGetAttribute");
  size_t free_bytes = 0, total_bytes = 0;
  Check(env, rt.MemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  char bus[32] = {0};
  Check(env, rt.DeviceGetPCIBusId(bus, sizeof(bus), device), "cudaDeviceGetPCIBusId");
  Napi::Object out = Napi::Object::New(env);
  out.Set("index", device);
  out.Set("name", std::string(properties.data(), strnlen(properties.data(), 256)));
  out.Set("computeCapability", std::to_string(major) + "." + std::to_string(minor));
  out.Set("multiProcessors", processors);
  out.Set("totalMemory", static_cast<double>(total_bytes));
  out.Set("freeMemory", static_cast<double>(free_bytes));
  out.Set("pciBusId", std::string(bus));
  return out;
}

// malloc(bytes, device) -> bigint
Napi::Value Malloc(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  UseDevice(env, rt, info[1]);
  void *pointer = nullptr;
  size_t bytes = static_cast<size_t>(info[0].As<Napi::Number>().DoubleValue());
  Check(env, rt.Malloc(&pointer, bytes), "cudaMalloc(" + std::to_string(bytes) + ")");
  return PointerValue(env, pointer);
}

Napi::Value Free(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  UseDevice(env, rt, info[1]);
  Check(env, rt.Free(PointerArg(info[0])), "cudaFree");
  return env.Undefined();
}

// copyToDevice(pointer, view, device)
Napi::Value CopyToDevice(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  UseDevice(env, rt, info[2]);
  Napi::TypedArray view = info[1].As<Napi::TypedArray>();
  const uint8_t *data = static_cast<const uint8_t *>(view.ArrayBuffer().Data()) + view.ByteOffset();
  Check(env, rt.Memcpy(PointerArg(info[0]), data, view.ByteLength(), cudaMemcpyHostToDevice), "cudaMemcpy(H2D)");
  return env.Undefined();
}

// copyToHost(pointer, bytes, device) -> Buffer
Napi::Value CopyToHost(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  UseDevice(env, rt, info[2]);
  size_t bytes = static_cast<size_t>(info[1].As<Napi::Number>().DoubleValue());
  Napi::Buffer<uint8_t> out = Napi::Buffer<uint8_t>::New(env, bytes);
  Check(env, rt.Memcpy(out.Data(), PointerArg(info[0]), bytes, cudaMemcpyDeviceToHost), "cudaMemcpy(D2H)");
  return out;
}

// ipcGetMemHandle(pointer, device) -> Buffer(64)
Napi::Value IpcGetMemHandle(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  UseDevice(env, rt, info[1]);
  cudaIpcMemHandle_t handle;
  Check(env, rt.IpcGetMemHandle(&handle, PointerArg(info[0])), "cudaIpcGetMemHandle");
  return Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<uint8_t *>(handle.reserved), sizeof(handle.reserved));
}

// ipcOpenMemHandle(handle, device) -> bigint
Napi::Value IpcOpenMemHandle(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  if (bytes.ByteLength() != sizeof(cudaIpcMemHandle_t)) {
    throw PlainError(env, "ERR_INVALID_ARG_VALUE", "a CUDA IPC handle is 64 bytes");
  }
  UseDevice(env, rt, info[1]);
  cudaIpcMemHandle_t handle;
  std::memcpy(handle.reserved, bytes.Data(), sizeof(handle.reserved));
  void *pointer = nullptr;
  Check(env, rt.IpcOpenMemHandle(&pointer, handle, cudaIpcMemLazyEnablePeerAccess), "cudaIpcOpenMemHandle");
  return PointerValue(env, pointer);
}

Napi::Value IpcCloseMemHandle(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Runtime &rt = Require(env);
  UseDevice(env, rt, info[1]);
  Check(env, rt.IpcCloseMemHandle(PointerArg(info[0])), "cudaIpcCloseMemHandle");
  return env.Undefined();
}

}  // namespace

void InitCuda(Napi::Env env, Napi::Object exports) {
  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("status", Napi::Function::New(env, Status));
  cuda.Set("deviceProperties", Napi::Function::New(env, DeviceProperties));
  cuda.Set("malloc", Napi::Function::New(env, Malloc));
  cuda.Set("free", Napi::Function::New(env, Free));
  cuda.Set("copyToDevice", Napi::Function::New(env, CopyToDevice));
  cuda.Set("copyToHost", Napi::Function::New(env, CopyToHost));
  cuda.Set("ipcGetMemHandle", Napi::Function::New(env, IpcGetMemHandle));
  cuda.Set("ipcOpenMemHandle", Napi::Function::New(env, IpcOpenMemHandle));
  cuda.Set("ipcCloseMemHandle", Napi::Function::New(env, IpcCloseMemHandle));
  exports.Set("cuda", cuda);
}

}  // namespace trims
