#pragma once
#include <napi.h>

namespace trims {
void InitDescriptionWatch(Napi::Env env, Napi::Object exports);
}
