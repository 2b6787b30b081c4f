// Opening many files at once, with the caller's own rights: a client opens
// a model's shards (a large model has hundreds) to pass them to the daemon,
// and fs.openSync costs ~10 us a call in a fresh process, most of it in
// JavaScript validation that a list of plain paths does not need.
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "errors.h"

namespace trims {

namespace {

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

// openedForReading(fd) -> boolean: whether reads through this fd are
// allowed. An fd a peer attaches is its proof that it may read the file;
// one opened O_PATH or O_WRONLY proves no such thing (O_PATH needs only
// search permission on the directories, yet fstat and /proc/self/fd work).
Napi::Value OpenedForReading(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info, 0);
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) throw SystemError(env, errno, "fcntl(F_GETFL)", "fd " + std::to_string(fd));
  bool readable = (flags & O_PATH) == 0 && (flags & O_ACCMODE) != O_WRONLY;
  return Napi::Boolean::New(env, readable);
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
  exports.Set("openedForReading", Napi::Function::New(env, OpenedForReading));
  exports.Set("lockExclusive", Napi::Function::New(env, LockExclusive));
}

}  // namespace trims
