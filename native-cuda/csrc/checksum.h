#pragma once

#include <napi.h>

namespace trims {

void InitChecksum(Napi::Env env, Napi::Object exports);

}  // namespace trims
