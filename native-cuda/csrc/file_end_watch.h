#pragma once
#include <napi.h>

namespace trims {
void InitFileEndWatch(Napi::Env env, Napi::Object exports);
}
