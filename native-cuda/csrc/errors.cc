#include "errors.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace trims {

static const char *ErrnoName(int errnum) {
  switch (errnum) {
#define NAME(e) \
  case e:       \
    return #e;
    NAME(EPERM) NAME(ENOENT) NAME(EINTR) NAME(EIO) NAME(EBADF) NAME(EAGAIN)
    NAME(ENOMEM) NAME(EACCES) NAME(EFAULT) NAME(EBUSY) NAME(EEXIST)
    NAME(EINVAL) NAME(EMFILE) NAME(ENFILE) NAME(ENOSPC) NAME(EPIPE)
    NAME(ENOSYS) NAME(ENOTSOCK) NAME(EMSGSIZE) NAME(EADDRINUSE)
    NAME(ECONNREFUSED) NAME(ECONNRESET) NAME(ENOTCONN) NAME(ENAMETOOLONG)
    NAME(EOVERFLOW) NAME(ENOTDIR) NAME(EPROTOTYPE) NAME(EROFS) NAME(ETIMEDOUT)
    NAME(ETOOMANYREFS)
#undef NAME
    default:
      return "EUNKNOWN";
  }
}

Napi::Error SystemError(Napi::Env env, int errnum, const std::string &syscall,
                        const std::string &detail) {
  std::string message = syscall + ": " + std::strerror(errnum);
  if (!detail.empty()) message += " (" + detail + ")";
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, ErrnoName(errnum)));
  error.Set("errno", Napi::Number::New(env, errnum));
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

Napi::Error SystemErrorClosing(Napi::Env env, int fd, const std::string &syscall,
                               const std::string &detail) {
  int saved = errno;
  close(fd);
  return SystemError(env, saved, syscall, detail);
}

Napi::Error PlainError(Napi::Env env, const std::string &code,
                       const std::string &message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

int FdArg(const Napi::CallbackInfo &info, size_t i) {
  if (!info[i].IsNumber()) {
    throw PlainError(info.Env(), "ERR_INVALID_ARG_TYPE",
                     "expected a file descriptor (number)");
  }
  return info[i].As<Napi::Number>().Int32Value();
}

}  // namespace trims
