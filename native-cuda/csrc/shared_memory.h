#pragma once
#include <napi.h>

namespace trims {
void InitSharedMemory(Napi::Env env, Napi::Object exports);
}
