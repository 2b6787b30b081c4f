/* A hostile importer for the device check: another process that was lent
 * an allocation's fd (inherited as fd 3) imports it and asks the driver for
 * READ-WRITE access, then writes one byte (0xee) at offset 0. CUDA lets an
 * importer choose its own access flags, so the exporter cannot make a lent
 * allocation read-only for others; this measures whether the driver at hand
 * does. The daemon's answer does not depend on it: a device copy is lent to
 * one uid only and is checked before it is demoted.
 *
 * Usage: other_importer DRIVER_LIBRARY SIZE DEVICE   (fd 3: the allocation)
 * Prints one JSON object: each step's CUresult (0 is success). */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../csrc/cuda_driver_abi.h"

typedef CUresult (*Init)(unsigned);
typedef CUresult (*DeviceGet)(CUdevice *, int);
typedef CUresult (*PrimaryCtxRetain)(CUcontext *, CUdevice);
typedef CUresult (*CtxSetCurrent)(CUcontext);
typedef CUresult (*MemImport)(CUmemGenericAllocationHandle *, void *, int);
typedef CUresult (*MemAddressReserve)(CUdeviceptr *, size_t, size_t, CUdeviceptr,
                                      unsigned long long);
typedef CUresult (*MemMap)(CUdeviceptr, size_t, size_t, CUmemGenericAllocationHandle,
                           unsigned long long);
typedef CUresult (*MemSetAccess)(CUdeviceptr, size_t, const CUmemAccessDesc *, size_t);
typedef CUresult (*MemcpyHtoD)(CUdeviceptr, const void *, size_t);

static void *resolve(void *lib, const char *name) {
  void *symbol = dlsym(lib, name);
  if (symbol == NULL) {
    printf("{\"error\":\"%s is missing from the driver\"}\n", name);
    exit(2);
  }
  return symbol;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DRIVER_LIBRARY SIZE DEVICE (fd 3: the allocation)\n", argv[0]);
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    printf("{\"error\":\"dlopen: %s\"}\n", dlerror());
    return 2;
  }
  size_t size = (size_t)strtoull(argv[2], NULL, 10);
  int ordinal = atoi(argv[3]);
  CUdevice device = 0;
  CUcontext context = NULL;
  CUmemGenericAllocationHandle handle = 0;
  CUdeviceptr pointer = 0;
  CUmemAccessDesc access = {{CU_MEM_LOCATION_TYPE_DEVICE, ordinal},
                            CU_MEM_ACCESS_FLAGS_PROT_READWRITE};
  const unsigned char byte = 0xee;
  /* Each step runs only when the one before it succeeded; -1 marks a step not reached. */
  CUresult setup = ((Init)resolve(lib, "cuInit"))(0);
  if (setup == CUDA_SUCCESS) setup = ((DeviceGet)resolve(lib, "cuDeviceGet"))(&device, ordinal);
  if (setup == CUDA_SUCCESS)
    setup = ((PrimaryCtxRetain)resolve(lib, "cuDevicePrimaryCtxRetain"))(&context, device);
  if (setup == CUDA_SUCCESS) setup = ((CtxSetCurrent)resolve(lib, "cuCtxSetCurrent"))(context);
  CUresult import = setup != CUDA_SUCCESS ? -1
                                          : ((MemImport)resolve(lib, "cuMemImportFromShareableHandle"))(
                                                &handle, (void *)(uintptr_t)3,
                                                CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR);
  CUresult map = import != CUDA_SUCCESS ? -1
                                        : ((MemAddressReserve)resolve(lib, "cuMemAddressReserve"))(
                                              &pointer, size, 0, 0, 0);
  if (map == CUDA_SUCCESS) map = ((MemMap)resolve(lib, "cuMemMap"))(pointer, size, 0, handle, 0);
  CUresult readWrite =
      map != CUDA_SUCCESS ? -1
                          : ((MemSetAccess)resolve(lib, "cuMemSetAccess"))(pointer, size, &access, 1);
  CUresult write = readWrite != CUDA_SUCCESS
                       ? -1
                       : ((MemcpyHtoD)resolve(lib, "cuMemcpyHtoD_v2"))(pointer, &byte, 1);
  printf("{\"setup\":%d,\"import\":%d,\"map\":%d,\"setAccessReadWrite\":%d,\"write\":%d}\n", setup,
         import, map, readWrite, write);
  return 0;
}
