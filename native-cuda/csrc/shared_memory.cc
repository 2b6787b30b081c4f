// Sealed memfds and shared maps exposed as external ArrayBuffers.
//
// V8 aborts if two live ArrayBuffers share an address, and a detached
// buffer stays registered until it is collected. So an explicit unmap
// replaces the mapping with an inaccessible reservation (the pages are
// released, the address is not reused) and the finalizer frees the
// reservation when V8 lets go of the buffer.
#include "shared_memory.h"

#include <fcntl.h>
#include <linux/memfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "errors.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

namespace trims {

namespace {

struct Mapping {
  void *address;
  size_t length;
  bool released;  // pages given back by an explicit unmap
};

// Live mappings by address, so unmap() finds the record its finalizer uses.
std::mutex mappings_mutex;
std::unordered_map<void *, Mapping *> mappings;

void ReleasePages(Mapping *mapping) {
  if (mapping->released) return;
  // Keep the range reserved but empty (see the file comment).
  mmap(mapping->address, mapping->length, PROT_NONE,
       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
  mapping->released = true;
}

void FinalizeMapping(Napi::Env env, void *, Mapping *mapping) {
  {
    std::lock_guard<std::mutex> lock(mappings_mutex);
    mappings.erase(mapping->address);
  }
  if (!mapping->released) {
    Napi::MemoryManagement::AdjustExternalMemory(
        env, -static_cast<int64_t>(mapping->length));
  }
  munmap(mapping->address, mapping->length);
  delete mapping;
}

size_t SizeArg(const Napi::CallbackInfo &info, size_t i, const char *what) {
  if (!info[i].IsNumber()) {
    throw PlainError(info.Env(), "ERR_INVALID_ARG_TYPE",
                     std::string(what) + " must be a number");
  }
  double value = info[i].As<Napi::Number>().DoubleValue();
  if (value < 0 || value > 9007199254740991.0 || value != (double)(uint64_t)value) {
    throw PlainError(info.Env(), "ERR_OUT_OF_RANGE",
                     std::string(what) + " must be a non-negative integer");
  }
  return static_cast<size_t>(value);
}

// memfdCreate(name, size): an anonymous file that allows sealing.
Napi::Value MemfdCreate(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  size_t size = SizeArg(info, 1, "size");
  int fd = static_cast<int>(
      syscall(SYS_memfd_create, name.c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (fd < 0) throw SystemError(env, errno, "memfd_create", name);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    throw SystemErrorClosing(env, fd, "ftruncate", name);
  }
  return Napi::Number::New(env, fd);
}

// seal(fd): no writes, no resizing, no further seal changes, ever.
Napi::Value Seal(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  if (fcntl(fd, F_ADD_SEALS,
            F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
    throw SystemError(env, errno, "fcntl(F_ADD_SEALS)",
                      errno == EBUSY ? "a writable mapping still exists"
                                     : "");
  }
  return env.Undefined();
}

Napi::Value GetSeals(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int seals = fcntl(FdArg(info, 0), F_GET_SEALS);
  if (seals < 0) throw SystemError(env, errno, "fcntl(F_GET_SEALS)");
  Napi::Object out = Napi::Object::New(env);
  out.Set("write", (seals & F_SEAL_WRITE) != 0);
  out.Set("shrink", (seals & F_SEAL_SHRINK) != 0);
  out.Set("grow", (seals & F_SEAL_GROW) != 0);
  out.Set("seal", (seals & F_SEAL_SEAL) != 0);
  return out;
}

Napi::Value FileSize(const Napi::CallbackInfo &info) {
  struct stat st;
  if (fstat(FdArg(info, 0), &st) != 0) {
    throw SystemError(info.Env(), errno, "fstat");
  }
  return Napi::Number::New(info.Env(), static_cast<double>(st.st_size));
}

// map(fd, offset, length, writable, populate, lock) -> ArrayBuffer
Napi::Value Map(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  size_t offset = SizeArg(info, 1, "offset");
  size_t length = SizeArg(info, 2, "length");
  bool writable = info[3].ToBoolean();
  bool populate = info[4].ToBoolean();
  bool lock = info[5].ToBoolean();
  if (length == 0) {
    throw PlainError(env, "ERR_OUT_OF_RANGE", "cannot map 0 bytes");
  }
  if (offset % static_cast<size_t>(sysconf(_SC_PAGESIZE)) != 0) {
    throw PlainError(env, "ERR_OUT_OF_RANGE",
                     "offset must be a multiple of the page size");
  }
  int prot = writable ? PROT_READ | PROT_WRITE : PROT_READ;
  int flags = MAP_SHARED | (populate ? MAP_POPULATE : 0);
  void *address = mmap(nullptr, length, prot, flags, fd, static_cast<off_t>(offset));
  if (address == MAP_FAILED) throw SystemError(env, errno, "mmap");
  if (lock && mlock(address, length) != 0) {
    int saved = errno;
    munmap(address, length);
    throw SystemError(env, saved, "mlock", "raise RLIMIT_MEMLOCK or map unpinned");
  }
  Mapping *mapping = new Mapping{address, length, false};
  {
    std::lock_guard<std::mutex> lock(mappings_mutex);
    mappings[address] = mapping;
  }
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(length));
  return Napi::ArrayBuffer::New(env, address, length, FinalizeMapping, mapping);
}

// unmap(buffer): gives the pages back now and detaches the buffer.
Napi::Value Unmap(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArrayBuffer()) {
    throw PlainError(env, "ERR_INVALID_ARG_TYPE", "expected an ArrayBuffer");
  }
  Napi::ArrayBuffer buffer = info[0].As<Napi::ArrayBuffer>();
  if (buffer.IsDetached()) return env.Undefined();
  Mapping *mapping = nullptr;
  {
    std::lock_guard<std::mutex> lock(mappings_mutex);
    auto found = mappings.find(buffer.Data());
    if (found != mappings.end()) mapping = found->second;
  }
  if (mapping == nullptr || mapping->released) {
    throw PlainError(env, "ERR_INVALID_ARG_VALUE", "not a buffer made by map()");
  }
  buffer.Detach();
  ReleasePages(mapping);
  Napi::MemoryManagement::AdjustExternalMemory(
      env, -static_cast<int64_t>(mapping->length));
  return env.Undefined();
}

// addressOf(buffer) -> bigint: where an ArrayBuffer's bytes live, for
// alignment checks and for APIs that take raw host addresses.
Napi::Value AddressOf(const Napi::CallbackInfo &info) {
  if (!info[0].IsArrayBuffer()) {
    throw PlainError(info.Env(), "ERR_INVALID_ARG_TYPE", "expected an ArrayBuffer");
  }
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(
                                           info[0].As<Napi::ArrayBuffer>().Data())));
}

// A read-only map that no ArrayBuffer covers, for consumers that take raw
// addresses (tensors over host memory). V8 counts every ArrayBuffer's bytes
// as external memory, and one over a large model made it start a full GC
// inside every load. The map goes when its owner (an External) is collected.
struct HostMap {
  void *address;
  size_t length;
};

const napi_type_tag kHostMapTag = {0x7472696d73686d61ULL, 0x70686f73746d6170ULL};

void FinalizeHostMap(Napi::Env, HostMap *map) {
  munmap(map->address, map->length);
  delete map;
}

// mapHost(fd, length) -> {address: bigint, byteLength, owner: External}
Napi::Value MapHost(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  size_t length = SizeArg(info, 1, "length");
  if (length == 0) throw PlainError(env, "ERR_OUT_OF_RANGE", "cannot map 0 bytes");
  void *address = mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  if (address == MAP_FAILED) throw SystemError(env, errno, "mmap");
  auto owner = Napi::External<HostMap>::New(env, new HostMap{address, length}, FinalizeHostMap);
  napi_type_tag_object(env, owner, &kHostMapTag);
  Napi::Object out = Napi::Object::New(env);
  out.Set("address",
          Napi::BigInt::New(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(address))));
  out.Set("byteLength", Napi::Number::New(env, static_cast<double>(length)));
  out.Set("owner", owner);
  return out;
}

// readHost(owner, offset, length) -> Buffer: a copy of bytes of a host map
// (its header and tables; the weights themselves are never copied).
Napi::Value ReadHost(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  bool tagged = false;
  if (info[0].IsExternal()) napi_check_object_type_tag(env, info[0], &kHostMapTag, &tagged);
  if (!tagged) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "expected the owner of a host map");
  HostMap *map = info[0].As<Napi::External<HostMap>>().Data();
  size_t offset = SizeArg(info, 1, "offset");
  size_t length = SizeArg(info, 2, "length");
  if (offset > map->length || length > map->length - offset) {
    throw PlainError(env, "ERR_OUT_OF_RANGE", "past the end of the map");
  }
  return Napi::Buffer<uint8_t>::Copy(env, static_cast<uint8_t *>(map->address) + offset, length);
}

// redirectFd(fd, to) -> saved: fd now writes to `to`; `saved` is a copy of
// what fd was, for restoreFd. Lets a caller capture what a library writes
// to stderr while it loads (e.g. libtensorflow's start-up lines).
Napi::Value RedirectFd(const Napi::CallbackInfo &info) {
  int fd = FdArg(info, 0);
  int to = FdArg(info, 1);
  int saved = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (saved < 0) throw SystemError(info.Env(), errno, "dup");
  if (dup2(to, fd) < 0) throw SystemErrorClosing(info.Env(), saved, "dup2", "redirect");
  return Napi::Number::New(info.Env(), saved);
}

// restoreFd(fd, saved): fd writes where it did before redirectFd; saved is closed.
Napi::Value RestoreFd(const Napi::CallbackInfo &info) {
  int fd = FdArg(info, 0);
  int saved = FdArg(info, 1);
  if (dup2(saved, fd) < 0) throw SystemError(info.Env(), errno, "dup2", "restore");
  close(saved);
  return info.Env().Undefined();
}

Napi::Value CloseFd(const Napi::CallbackInfo &info) {
  if (close(FdArg(info, 0)) != 0) throw SystemError(info.Env(), errno, "close");
  return info.Env().Undefined();
}

}  // namespace

void InitSharedMemory(Napi::Env env, Napi::Object exports) {
  exports.Set("memfdCreate", Napi::Function::New(env, MemfdCreate));
  exports.Set("seal", Napi::Function::New(env, Seal));
  exports.Set("getSeals", Napi::Function::New(env, GetSeals));
  exports.Set("fileSize", Napi::Function::New(env, FileSize));
  exports.Set("map", Napi::Function::New(env, Map));
  exports.Set("unmap", Napi::Function::New(env, Unmap));
  exports.Set("closeFd", Napi::Function::New(env, CloseFd));
  exports.Set("addressOf", Napi::Function::New(env, AddressOf));
  exports.Set("mapHost", Napi::Function::New(env, MapHost));
  exports.Set("readHost", Napi::Function::New(env, ReadHost));
  exports.Set("redirectFd", Napi::Function::New(env, RedirectFd));
  exports.Set("restoreFd", Napi::Function::New(env, RestoreFd));
  exports.Set("pageSize", Napi::Number::New(env, static_cast<double>(sysconf(_SC_PAGESIZE))));
}

}  // namespace trims
