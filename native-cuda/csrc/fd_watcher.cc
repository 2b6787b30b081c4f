// FdWatcher: readiness of a file descriptor on Node's event loop (uv_poll),
// and an optional wake-up at a deadline (uv_timer), so that a client's
// request timeouts cost no JS timer: a fresh process's first setTimeout
// costs ~0.3 ms, as much as the rest of a request.
// It never reads or writes; the JS side does, with the socket calls.
#include "fd_watcher.h"

#include <uv.h>

#include <cmath>

#include "errors.h"

namespace trims {

namespace {

// A watcher's handles once closed: libuv frees them in close callbacks on a
// later turn of the loop. When an environment ends (a worker thread), Node
// unloads the addon after its async cleanup hooks finish, so the hook is
// finished only when the last of these callbacks has run; otherwise they
// would run after the addon's code is gone (a segfault).
struct Closing {
  int handles = 0;
  napi_async_cleanup_hook_handle hook = nullptr;  // at teardown only
};

void OnClosed(uv_handle_t *handle) {
  Closing *closing = static_cast<Closing *>(handle->data);
  if (handle->type == UV_POLL) {
    delete reinterpret_cast<uv_poll_t *>(handle);
  } else {
    delete reinterpret_cast<uv_timer_t *>(handle);
  }
  if (--closing->handles > 0) return;
  if (closing->hook != nullptr) napi_remove_async_cleanup_hook(closing->hook);
  delete closing;
}

void CloseWhenDone(uv_handle_t *handle, Closing *closing) {
  handle->data = closing;  // no poll or timer callback comes after uv_close
  closing->handles++;
  uv_close(handle, &OnClosed);
}

class FdWatcher : public Napi::ObjectWrap<FdWatcher> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "FdWatcher",
                       {InstanceMethod("start", &FdWatcher::Start),
                        InstanceMethod("stop", &FdWatcher::Stop),
                        InstanceMethod("close", &FdWatcher::Close),
                        InstanceMethod("setKeepsAlive", &FdWatcher::SetKeepsAlive),
                        InstanceMethod("wakeIn", &FdWatcher::WakeIn)});
  }

  // new FdWatcher(fd, (error, readable, writable, woken, hungUp) => void)
  explicit FdWatcher(const Napi::CallbackInfo &info)
      : Napi::ObjectWrap<FdWatcher>(info), handle_(nullptr) {
    Napi::Env env = info.Env();
    int fd = info[0].As<Napi::Number>().Int32Value();
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    uv_loop_t *loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok) {
      throw PlainError(env, "ERR_NATIVE", "no event loop");
    }
    loop_ = loop;
    handle_ = new uv_poll_t;
    int status = uv_poll_init(loop, handle_, fd);
    if (status != 0) {
      delete handle_;
      handle_ = nullptr;
      throw SystemError(env, -status, "uv_poll_init");
    }
    handle_->data = this;
    env_ = env;
    napi_add_async_cleanup_hook(env, &FdWatcher::OnEnvCleanup, this, &cleanup_hook_);
  }

  ~FdWatcher() override { CloseHandle(); }

 private:
  Napi::Value Start(const Napi::CallbackInfo &info) {
    if (handle_ == nullptr) {
      throw PlainError(info.Env(), "ERR_CLOSED", "the watcher is closed");
    }
    // start(readable, writable, hangUp, fullHangUp): hangUp alone still sees
    // the peer go (a reader that paused must not keep a dead peer's
    // connection open), a half-close (EPOLLRDHUP) included. fullHangUp sees
    // only a peer that closed: epoll reports EPOLLHUP (both directions shut)
    // and EPOLLERR to any watcher, and UV_PRIORITIZED (EPOLLPRI) never fires
    // on its own on a Unix socket, so asking for it alone waits for those.
    int events = (info[0].ToBoolean() ? UV_READABLE : 0) | (info[1].ToBoolean() ? UV_WRITABLE : 0) |
                 (info[2].ToBoolean() ? UV_DISCONNECT : 0) |
                 (info[3].ToBoolean() ? UV_PRIORITIZED : 0);
    if (events == 0) {
      uv_poll_stop(handle_);
      return info.Env().Undefined();
    }
    int status = uv_poll_start(handle_, events, &FdWatcher::OnPoll);
    if (status != 0) throw SystemError(info.Env(), -status, "uv_poll_start");
    if (!active_) {
      Ref();  // an active watcher outlives its last JS reference
      active_ = true;
    }
    return info.Env().Undefined();
  }

  Napi::Value Stop(const Napi::CallbackInfo &info) {
    if (handle_ != nullptr) uv_poll_stop(handle_);
    Deactivate();
    return info.Env().Undefined();
  }

  // Whether this watcher alone keeps the event loop (and so the process)
  // alive, like a socket's ref()/unref().
  Napi::Value SetKeepsAlive(const Napi::CallbackInfo &info) {
    if (handle_ != nullptr) {
      if (info[0].ToBoolean()) uv_ref(reinterpret_cast<uv_handle_t *>(handle_));
      else uv_unref(reinterpret_cast<uv_handle_t *>(handle_));
    }
    return info.Env().Undefined();
  }

  // wakeIn(ms): the callback runs once with woken = true after `ms`
  // milliseconds, unless wakeIn is called again first; 0 or less cancels,
  // NaN is an error (never a silent cancel of every deadline). The timer
  // never keeps the process alive by itself (setKeepsAlive is the watcher's).
  Napi::Value WakeIn(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (handle_ == nullptr) throw PlainError(env, "ERR_CLOSED", "the watcher is closed");
    if (!info[0].IsNumber()) throw PlainError(env, "ERR_INVALID_ARG_TYPE", "wakeIn(ms): ms must be a number");
    double ms = info[0].As<Napi::Number>().DoubleValue();
    if (std::isnan(ms)) throw PlainError(env, "ERR_OUT_OF_RANGE", "wakeIn(ms): ms is NaN");
    if (ms <= 0) {
      if (timer_ != nullptr) uv_timer_stop(timer_);
      return env.Undefined();
    }
    if (timer_ == nullptr) {
      timer_ = new uv_timer_t;
      uv_timer_init(loop_, timer_);
      timer_->data = this;
      uv_unref(reinterpret_cast<uv_handle_t *>(timer_));
    }
    // ms is at most ~2^53; a timeout past what uv counts is as good as never.
    uint64_t timeout = ms >= 1e15 ? UINT64_C(1000000000000000) : static_cast<uint64_t>(std::ceil(ms));
    uv_timer_start(timer_, &FdWatcher::OnTimer, timeout, 0);
    return env.Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo &info) {
    CloseHandle();
    return info.Env().Undefined();
  }

  void Deactivate() {
    if (active_) {
      active_ = false;
      Unref();
    }
  }

  void CloseHandle() {
    if (handle_ == nullptr) return;
    Closing *closing = new Closing;
    if (env_closing_) {
      closing->hook = cleanup_hook_;  // finished by the last close callback
    } else if (cleanup_hook_ != nullptr) {
      napi_remove_async_cleanup_hook(cleanup_hook_);
    }
    cleanup_hook_ = nullptr;
    uv_poll_stop(handle_);
    CloseWhenDone(reinterpret_cast<uv_handle_t *>(handle_), closing);
    handle_ = nullptr;
    if (timer_ != nullptr) {
      uv_timer_stop(timer_);
      CloseWhenDone(reinterpret_cast<uv_handle_t *>(timer_), closing);
      timer_ = nullptr;
    }
    if (!env_closing_) {
      // The callback holds the channel, which holds this watcher: through a
      // strong reference, a closed channel could never be collected.
      callback_.Reset();
    }
    if (active_) {
      active_ = false;
      // Unref is only legal while the env is alive; at cleanup V8 is going away.
      if (!env_closing_) Unref();
    }
  }

  static void OnEnvCleanup(napi_async_cleanup_hook_handle hook, void *arg) {
    FdWatcher *self = static_cast<FdWatcher *>(arg);
    self->env_closing_ = true;
    self->cleanup_hook_ = hook;
    self->CloseHandle();
  }

  static void OnPoll(uv_poll_t *handle, int status, int events) {
    FdWatcher *self = static_cast<FdWatcher *>(handle->data);
    if (self == nullptr) return;
    self->Call(status, (events & UV_READABLE) != 0, (events & UV_WRITABLE) != 0, false,
               (events & (UV_DISCONNECT | UV_PRIORITIZED)) != 0);
  }

  static void OnTimer(uv_timer_t *timer) {
    FdWatcher *self = static_cast<FdWatcher *>(timer->data);
    if (self == nullptr) return;
    self->Call(0, false, false, true, false);
  }

  void Call(int status, bool readable, bool writable, bool woken, bool hungUp) {
    Napi::Env env = env_;
    Napi::HandleScope scope(env);
    Napi::Value error = env.Null();
    if (status < 0) error = SystemError(env, -status, "uv_poll").Value();
    try {
      callback_.MakeCallback(env.Global(), {error, Napi::Boolean::New(env, readable),
                                            Napi::Boolean::New(env, writable),
                                            Napi::Boolean::New(env, woken),
                                            Napi::Boolean::New(env, hungUp)});
    } catch (const Napi::Error &thrown) {
      napi_fatal_exception(env, thrown.Value());
    }
  }

  Napi::FunctionReference callback_;
  uv_poll_t *handle_;
  uv_timer_t *timer_ = nullptr;  // made on the first wakeIn
  napi_async_cleanup_hook_handle cleanup_hook_ = nullptr;
  uv_loop_t *loop_ = nullptr;
  napi_env env_ = nullptr;
  bool active_ = false;
  bool env_closing_ = false;
};

}  // namespace

Napi::Function InitFdWatcher(Napi::Env env, Napi::Object exports) {
  Napi::Function constructor = FdWatcher::Define(env);
  exports.Set("FdWatcher", constructor);
  return constructor;
}

}  // namespace trims
