#pragma once
#include <napi.h>

namespace trims {
void InitLimits(Napi::Env env, Napi::Object exports);
}
