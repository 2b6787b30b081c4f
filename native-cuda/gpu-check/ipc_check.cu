// Cross-process CUDA IPC check for TrIMS's GPU tier, independent of Node.
//
// The exporter allocates a device block, fills it from the host (timing
// host-to-device bandwidth), exports a cudaIpcMemHandle and starts an
// importer process (this binary again), which opens the handle (timing the
// open), verifies every byte with a kernel, and reports. Exit code 0 only
// when every byte matched.
#include <cuda_runtime.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#define CHECK(call)                                                          \
  do {                                                                       \
    cudaError_t status_ = (call);                                            \
    if (status_ != cudaSuccess) {                                            \
      std::fprintf(stderr, "%s failed: %s\n", #call, cudaGetErrorString(status_)); \
      std::exit(2);                                                          \
    }                                                                        \
  } while (0)

static double Seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

__host__ __device__ static unsigned char Pattern(size_t i) {
  return static_cast<unsigned char>((i * 2654435761u) >> 13);
}

__global__ void CountMismatches(const unsigned char *data, size_t bytes, unsigned long long *mismatches) {
  unsigned long long local = 0;
  for (size_t i = blockIdx.x * blockDim.x + threadIdx.x; i < bytes; i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    if (data[i] != Pattern(i)) local++;
  }
  if (local) atomicAdd(mismatches, local);
}

static std::string ToHex(const cudaIpcMemHandle_t &handle) {
  std::string hex;
  char byte[3];
  for (size_t i = 0; i < sizeof(handle); i++) {
    std::snprintf(byte, sizeof(byte), "%02x", static_cast<unsigned char>(handle.reserved[i]));
    hex += byte;
  }
  return hex;
}

static cudaIpcMemHandle_t FromHex(const char *hex) {
  cudaIpcMemHandle_t handle;
  for (size_t i = 0; i < sizeof(handle); i++) {
    unsigned value = 0;
    std::sscanf(hex + 2 * i, "%2x", &value);
    handle.reserved[i] = static_cast<char>(value);
  }
  return handle;
}

static int Importer(const char *hex, size_t bytes) {
  cudaIpcMemHandle_t handle = FromHex(hex);
  CHECK(cudaSetDevice(0));
  CHECK(cudaFree(0));  // create the context first: open latency excludes it
  double start = Seconds();
  void *pointer = nullptr;
  CHECK(cudaIpcOpenMemHandle(&pointer, handle, cudaIpcMemLazyEnablePeerAccess));
  double open_ms = (Seconds() - start) * 1e3;
  unsigned long long *mismatches = nullptr;
  CHECK(cudaMalloc(&mismatches, sizeof(*mismatches)));
  CHECK(cudaMemset(mismatches, 0, sizeof(*mismatches)));
  start = Seconds();
  CountMismatches<<<1024, 256>>>(static_cast<unsigned char *>(pointer), bytes, mismatches);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  double verify_ms = (Seconds() - start) * 1e3;
  unsigned long long found = 0;
  CHECK(cudaMemcpy(&found, mismatches, sizeof(found), cudaMemcpyDeviceToHost));
  start = Seconds();
  CHECK(cudaIpcCloseMemHandle(pointer));
  double close_ms = (Seconds() - start) * 1e3;
  std::printf("importer: pid %d opened %zu bytes in %.3f ms, verified every byte in %.3f ms (%.1f GB/s), "
              "mismatches %llu, closed in %.3f ms\n",
              getpid(), bytes, open_ms, verify_ms, bytes / verify_ms / 1e6, found, close_ms);
  return found == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 4 && std::strcmp(argv[1], "--import") == 0) return Importer(argv[2], std::strtoull(argv[3], nullptr, 10));
  size_t bytes = (argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 512) << 20;

  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    std::fprintf(stderr, "no CUDA device: this check needs an NVIDIA GPU\n");
    return 3;
  }
  cudaDeviceProp properties;
  CHECK(cudaGetDeviceProperties(&properties, 0));
  int runtime = 0, driver = 0;
  CHECK(cudaRuntimeGetVersion(&runtime));
  CHECK(cudaDriverGetVersion(&driver));
  std::printf("device: %s, sm_%d%d, %.1f GiB, runtime %d, driver %d\n", properties.name, properties.major,
              properties.minor, properties.totalGlobalMem / 1073741824.0, runtime, driver);

  unsigned char *host = nullptr;
  CHECK(cudaMallocHost(&host, bytes));  // pinned, as the daemon's host tier is
  for (size_t i = 0; i < bytes; i++) host[i] = Pattern(i);
  void *device = nullptr;
  CHECK(cudaMalloc(&device, bytes));
  CHECK(cudaMemcpy(device, host, bytes, cudaMemcpyHostToDevice));  // warm-up
  const int rounds = 5;
  double start = Seconds();
  for (int r = 0; r < rounds; r++) CHECK(cudaMemcpy(device, host, bytes, cudaMemcpyHostToDevice));
  double h2d = (Seconds() - start) / rounds;
  std::printf("exporter: host-to-device from pinned memory: %.1f GB/s (%zu MiB, mean of %d)\n", bytes / h2d / 1e9,
              bytes >> 20, rounds);

  cudaIpcMemHandle_t handle;
  start = Seconds();
  CHECK(cudaIpcGetMemHandle(&handle, device));
  std::printf("exporter: cudaIpcGetMemHandle in %.3f ms\n", (Seconds() - start) * 1e3);

  std::string hex = ToHex(handle), size = std::to_string(bytes);
  int status = 1;
  for (int attempt = 0; attempt < 3; attempt++) {  // three importers in turn: open latency is per process
    pid_t child = fork();
    if (child == 0) {
      execl("/proc/self/exe", argv[0], "--import", hex.c_str(), size.c_str(), static_cast<char *>(nullptr));
      std::perror("execl");
      _exit(127);
    }
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) break;
  }
  CHECK(cudaFree(device));
  CHECK(cudaFreeHost(host));
  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::printf("result: %s\n", ok ? "PASS (every byte identical in the importing processes)" : "FAIL");
  return ok ? 0 : 1;
}
