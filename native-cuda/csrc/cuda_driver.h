#pragma once
#include <napi.h>

namespace trims {
void InitCuda(Napi::Env env, Napi::Object exports);
}
