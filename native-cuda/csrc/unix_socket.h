#pragma once
#include <napi.h>

namespace trims {
void InitUnixSocket(Napi::Env env, Napi::Object exports);
}
