// Opening many files at once, with the caller's own rights: a client opens
// a model's shards (a large model has hundreds) to pass them to the daemon,
// and fs.openSync costs ~10 us a call in a fresh process, most of it in
// JavaScript validation that a list of plain paths does not need.
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "errors.h"

namespace trims {

namespace {

constexpr size_t kInspectFields = 6;

// openFiles(paths) -> fds: each opened read-only, non-blocking (a FIFO does
// not hang the open) and close-on-exec, in order. On a failure the fds
// opened so far are closed and the error names the path (`path`, `index`).
Napi::Value OpenFiles(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "openFiles expects an array of paths");
  Napi::Array paths = info[0].As<Napi::Array>();
  uint32_t count = paths.Length();
  std::vector<int> fds;
  fds.reserve(count);
  Napi::Array out = Napi::Array::New(env, count);
  try {
    for (uint32_t i = 0; i < count; i++) {
      Napi::Value value = paths[i];  // may run a getter, which may throw: caught below
      if (!value.IsString())
        throw PlainError(env, "ERR_INVALID_ARG_TYPE", "path " + std::to_string(i) + " is not a string");
      std::string path = value.As<Napi::String>().Utf8Value();
      // A NUL would end the name early: another file than the one named.
      if (path.empty() || path.find('\0') != std::string::npos)
        throw PlainError(env, "ERR_INVALID_ARG_VALUE", "path " + std::to_string(i) + " is empty or holds a NUL");
      int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) {
        Napi::Error error = SystemError(env, errno, "open", path);
        error.Set("path", Napi::String::New(env, path));
        error.Set("index", Napi::Number::New(env, i));
        throw error;
      }
      fds.push_back(fd);
      out[i] = Napi::Number::New(env, fd);
    }
  } catch (...) {
    for (int fd : fds) close(fd);  // none stays open, whatever failed
    throw;
  }
  return out;
}

// closeFiles(fds): closes every one, then throws the first failure (naming
// its fd), so that one bad fd never leaves the others open.
Napi::Value CloseFiles(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "closeFiles expects an array of fds");
  Napi::Array fds = info[0].As<Napi::Array>();
  uint32_t count = fds.Length();
  int failed_fd = -1, failed_errno = 0;
  for (uint32_t i = 0; i < count; i++) {
    Napi::Value value = fds[i];
    if (!value.IsNumber()) {
      if (failed_errno == 0) failed_errno = EBADF;
      continue;
    }
    int fd = value.As<Napi::Number>().Int32Value();
    if (close(fd) != 0 && failed_errno == 0) {
      failed_errno = errno;
      failed_fd = fd;
    }
  }
  if (failed_errno != 0)
    throw SystemError(env, failed_errno, "close", failed_fd == -1 ? "a value that is not an fd" : "fd " + std::to_string(failed_fd));
  return env.Undefined();
}

// The mount an fd's file is on (the mnt_id /proc/self/fdinfo shows), or -1.
long MountOf(int fd) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
  FILE *file = fopen(path, "re");
  if (file == nullptr) return -1;
  char line[256];
  long id = -1;
  while (id < 0 && fgets(line, sizeof line, file) != nullptr)
    if (sscanf(line, "mnt_id: %ld", &id) != 1) id = -1;
  fclose(file);
  return id;
}

// This process's mounts: the ids of /proc/self/mountinfo's first column.
std::vector<long> OwnMounts() {
  std::vector<long> ids;
  FILE *file = fopen("/proc/self/mountinfo", "re");
  if (file == nullptr) return ids;
  char *line = nullptr;
  size_t capacity = 0;
  long id;
  while (getline(&line, &capacity, file) >= 0)
    if (sscanf(line, "%ld ", &id) == 1) ids.push_back(id);
  free(line);
  fclose(file);
  return ids;
}

// What the daemon must know of each fd a peer attaches (a file:// model's
// files): its identity, whether it proves read access, the kernel's name
// for it and what that name leads to in the daemon's own mount namespace.
// A model may have thousands of shards: four syscalls an fd on the event
// loop stalled every other peer for tens of milliseconds, so they run on a
// libuv thread and come back as flat arrays (no object per fd).
struct Inspected {
  uint64_t fields[kInspectFields];
  int error;  // errno of fstat or readlink; 0 when both worked
};

class InspectWorker : public Napi::AsyncWorker {
 public:
  InspectWorker(Napi::Env env, std::vector<int> fds)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), fds_(std::move(fds)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    results_.resize(fds_.size());
    names_.reserve(fds_.size() * 64);
    for (size_t i = 0; i < fds_.size(); i++) {
      Inspected &out = results_[i];
      uint64_t *f = out.fields;
      std::fill(f, f + kInspectFields, 0);
      struct stat st;
      if (fstat(fds_[i], &st) != 0) {
        out.error = errno;
        names_.push_back('\0');
        continue;
      }
      char link[64];
      snprintf(link, sizeof link, "/proc/self/fd/%d", fds_[i]);
      char name[PATH_MAX + 1];
      ssize_t length = readlink(link, name, PATH_MAX);
      if (length < 0) {
        out.error = errno;
        names_.push_back('\0');
        continue;
      }
      out.error = 0;
      names_.append(name, static_cast<size_t>(length));
      names_.push_back('\0');
      name[length] = '\0';
      int flags = fcntl(fds_[i], F_GETFL);
      // O_PATH needs no read permission on the file, yet fstat and
      // /proc/self/fd work on it: only an fd open for reading is proof.
      bool readable = flags >= 0 && (flags & O_PATH) == 0 && (flags & O_ACCMODE) != O_WRONLY;
      struct stat there;
      int looked_up = stat(name, &there) == 0 ? 0 : errno;
      bool at = looked_up == 0 && there.st_dev == st.st_dev && there.st_ino == st.st_ino;
      // A daemon in its own account may not search a tenant's 0700
      // directory, so cannot look the name up. The name is still this
      // namespace's path when the file's mount is one of this process's:
      // another mount namespace has mounts of its own (unshare copies each
      // under a new id), and no tenant can mount in this one. Unless the
      // file has left that name: unlinked, or replaced by a rename (the
      // kernel then names it "<path> (deleted)", as it was).
      static const char kDeleted[] = " (deleted)";
      size_t suffix = sizeof kDeleted - 1;
      bool left = st.st_nlink == 0 ||
                  (static_cast<size_t>(length) >= suffix && strcmp(name + length - suffix, kDeleted) == 0);
      if (looked_up == EACCES && !left) {
        if (!own_mounts_loaded_) own_mounts_ = OwnMounts(), own_mounts_loaded_ = true;
        long mount = MountOf(fds_[i]);
        at = mount >= 0 && std::find(own_mounts_.begin(), own_mounts_.end(), mount) != own_mounts_.end();
      }
      f[0] = st.st_dev;
      f[1] = st.st_ino;
      f[2] = static_cast<uint64_t>(st.st_size);
      f[3] = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_mtim.tv_nsec);
      f[4] = static_cast<uint64_t>(st.st_ctim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_ctim.tv_nsec);
      f[5] = (S_ISREG(st.st_mode) ? kRegular : 0) | (readable ? kReadable : 0) |
             (at ? kAtItsName : 0);
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    size_t count = fds_.size();
    for (size_t i = 0; i < count; i++)
      if (results_[i].error != 0) {
        deferred_.Reject(SystemError(env, results_[i].error, "fstat/readlink", "fd " + std::to_string(fds_[i])).Value());
        return;
      }
    Napi::BigUint64Array fields = Napi::BigUint64Array::New(env, count * kInspectFields);
    for (size_t i = 0; i < count; i++)
      std::copy(results_[i].fields, results_[i].fields + kInspectFields, fields.Data() + i * kInspectFields);
    Napi::Object out = Napi::Object::New(env);
    out.Set("fields", fields);
    out.Set("names", Napi::String::New(env, names_));
    deferred_.Resolve(out);
  }

 private:
  static constexpr uint64_t kRegular = 1, kReadable = 2, kAtItsName = 4;
  Napi::Promise::Deferred deferred_;
  std::vector<int> fds_;
  std::vector<Inspected> results_;
  std::string names_;
  std::vector<long> own_mounts_;  // read once, when a name cannot be looked up
  bool own_mounts_loaded_ = false;
};

// inspectFiles(fds) -> Promise<{ fields, names }>: per fd, in order,
// kInspectFields BigUint64s (dev, ino, size, mtime ns, ctime ns, flags:
// 1 regular file, 2 open for reading, 4 its name leads to it in this
// process's mount namespace) and its name, NUL-separated in `names`.
// Rejects naming the first fd that fstat or readlink refused.
Napi::Value InspectFiles(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "inspectFiles expects an array of fds");
  Napi::Array list = info[0].As<Napi::Array>();
  std::vector<int> fds;
  fds.reserve(list.Length());
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Value value = list[i];
    if (!value.IsNumber())
      throw PlainError(env, "ERR_INVALID_ARG_TYPE", "fd " + std::to_string(i) + " is not a number");
    fds.push_back(value.As<Napi::Number>().Int32Value());
  }
  InspectWorker *worker = new InspectWorker(env, std::move(fds));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// lockExclusive(fd) -> boolean: takes flock(LOCK_EX) on the open file
// without waiting; false when another open file description holds it. The
// kernel releases it when the last fd of this one closes, so a daemon that
// dies (even by SIGKILL) leaves no stale lock behind, as a pid file would.
Napi::Value LockExclusive(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  int status;
  do {
    status = flock(fd, LOCK_EX | LOCK_NB);
  } while (status != 0 && errno == EINTR);
  if (status == 0) return Napi::Boolean::New(env, true);
  if (errno == EWOULDBLOCK) return Napi::Boolean::New(env, false);
  throw SystemError(env, errno, "flock", "fd " + std::to_string(fd));
}

}  // namespace

void InitFiles(Napi::Env env, Napi::Object exports) {
  exports.Set("openFiles", Napi::Function::New(env, OpenFiles));
  exports.Set("closeFiles", Napi::Function::New(env, CloseFiles));
  exports.Set("inspectFiles", Napi::Function::New(env, InspectFiles));
  exports.Set("inspectFields", Napi::Number::New(env, kInspectFields));
  exports.Set("lockExclusive", Napi::Function::New(env, LockExclusive));
}

}  // namespace trims
