#pragma once
#include <napi.h>

namespace trims {
void InitFiles(Napi::Env env, Napi::Object exports);
}
