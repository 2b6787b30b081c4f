// Process limits the daemon adjusts at start: the soft RLIMIT_NOFILE is
// raised to the hard one, so a cache of many models and many clients does
// not run out of descriptors at the historical default of 1024.
#include <sys/resource.h>

#include <cerrno>

#include "errors.h"
#include "limits.h"

namespace trims {
namespace {

Napi::Value RaiseFdLimit(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  struct rlimit limit {};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) throw SystemError(env, errno, "getrlimit");
  const rlim_t before = limit.rlim_cur;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) throw SystemError(env, errno, "setrlimit");
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("before", Napi::Number::New(env, static_cast<double>(before)));
  result.Set("soft", Napi::Number::New(env, static_cast<double>(limit.rlim_cur)));
  result.Set("hard", Napi::Number::New(env, static_cast<double>(limit.rlim_max)));
  return result;
}

}  // namespace

void InitLimits(Napi::Env env, Napi::Object exports) {
  exports.Set("raiseFdLimit", Napi::Function::New(env, RaiseFdLimit, "raiseFdLimit"));
}

}  // namespace trims
