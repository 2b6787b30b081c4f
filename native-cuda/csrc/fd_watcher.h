#pragma once
#include <napi.h>

namespace trims {
// Registers FdWatcher on exports and returns its constructor, which the
// addon keeps per environment.
Napi::Function InitFdWatcher(Napi::Env env, Napi::Object exports);
}
