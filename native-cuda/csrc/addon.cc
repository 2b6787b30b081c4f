// @trims/native-cuda: the native core. Each part registers its functions;
// the typed face is src/binding.ts.
#include <napi.h>

#include "cuda_api.h"
#include "fd_watcher.h"
#include "file_end_watch.h"
#include "files.h"
#include "limits.h"
#include "shared_memory.h"
#include "unix_socket.h"

namespace trims {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitSharedMemory(env, exports);
  InitUnixSocket(env, exports);
  InitFdWatcher(env, exports);
  InitCuda(env, exports);
  InitLimits(env, exports);
  InitFiles(env, exports);
  InitFileEndWatch(env, exports);
  return exports;
}

}  // namespace trims

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return trims::Init(env, exports); }

NODE_API_MODULE(trims_native, InitModule)
