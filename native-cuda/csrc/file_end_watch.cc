// Knowing when a lent file is let go. A client can keep a memfd the daemon
// lent (an fd, a mapping, an fd passed on to another process) after the
// daemon closed its own; the memory then lives on outside every budget.
// The kernel frees a memfd's inode only once its last fd, mapping and
// in-flight SCM_RIGHTS reference are gone, and an inotify watch then ends
// with IN_IGNORED. Nothing a client does with its fds sends that event
// early, nor more than once: counting opens and closes instead could be
// fooled (identical events merge; a write-mode reopen closes unseen). What
// it cannot see: pages spliced into a pipe outlive the inode (the README's
// "Not protected").
#include "file_end_watch.h"

#include <errno.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "errors.h"

namespace trims {

namespace {

// fileEndWatchInit() -> fd: an inotify instance, non-blocking, close-on-exec.
Napi::Value Init(const Napi::CallbackInfo &info) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) throw SystemError(info.Env(), errno, "inotify_init1");
  return Napi::Number::New(info.Env(), fd);
}

// fileEndWatchAdd(watchFd, fd) -> wd: watches the file `fd` is open on
// (through /proc/self/fd: the memfd itself, not a path) for its end only:
// IN_DELETE_SELF, then IN_IGNORED, which no client can make come sooner.
Napi::Value Add(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int watch_fd = FdArg(info, 0);
  std::string path = "/proc/self/fd/" + std::to_string(FdArg(info, 1));
  int wd = inotify_add_watch(watch_fd, path.c_str(), IN_DELETE_SELF);
  if (wd < 0) throw SystemError(env, errno, "inotify_add_watch", path);
  return Napi::Number::New(env, wd);
}

// fileEndWatchRemove(watchFd, wd): a watch removed already (its inode gone) is no error.
Napi::Value Remove(const Napi::CallbackInfo &info) {
  int watch_fd = FdArg(info, 0);
  if (!info[1].IsNumber()) throw PlainError(info.Env(), "ERR_INVALID_ARG_TYPE", "wd must be a number");
  inotify_rm_watch(watch_fd, info[1].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

// fileEndWatchRead(watchFd) -> Int32Array of (wd, mask) pairs: every event queued now.
Napi::Value Read(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int watch_fd = FdArg(info, 0);
  std::vector<int32_t> pairs;
  alignas(struct inotify_event) char buffer[16384];
  for (;;) {
    ssize_t got = read(watch_fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      throw SystemError(env, errno, "read", "inotify");
    }
    if (got == 0) break;
    for (char *at = buffer; at < buffer + got;) {
      auto *event = reinterpret_cast<struct inotify_event *>(at);
      pairs.push_back(event->wd);
      pairs.push_back(static_cast<int32_t>(event->mask));
      at += sizeof(struct inotify_event) + event->len;
    }
  }
  Napi::Int32Array out = Napi::Int32Array::New(env, pairs.size());
  for (size_t i = 0; i < pairs.size(); i++) out[i] = pairs[i];
  return out;
}

}  // namespace

void InitFileEndWatch(Napi::Env env, Napi::Object exports) {
  exports.Set("fileEndWatchInit", Napi::Function::New(env, Init));
  exports.Set("fileEndWatchAdd", Napi::Function::New(env, Add));
  exports.Set("fileEndWatchRemove", Napi::Function::New(env, Remove));
  exports.Set("fileEndWatchRead", Napi::Function::New(env, Read));
  exports.Set("IN_Q_OVERFLOW", Napi::Number::New(env, IN_Q_OVERFLOW));
  exports.Set("IN_IGNORED", Napi::Number::New(env, IN_IGNORED));
}

}  // namespace trims
