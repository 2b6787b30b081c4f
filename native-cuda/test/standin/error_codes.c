/* Drives the stand-in's calls directly, as a program linked against it
 * would link against libcuda, and prints one JSON object: what each misuse
 * returned. The mocha test compares these with the driver's documented codes. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../csrc/cuda_driver_abi.h"

CUresult cuInit(unsigned);
CUresult cuDevicePrimaryCtxRetain(CUcontext *, CUdevice);
CUresult cuCtxSetCurrent(CUcontext);
CUresult cuMemCreate(CUmemGenericAllocationHandle *, size_t, const CUmemAllocationProp *, unsigned long long);
CUresult cuMemRelease(CUmemGenericAllocationHandle);
CUresult cuMemExportToShareableHandle(void *, CUmemGenericAllocationHandle, int, unsigned long long);
CUresult cuMemImportFromShareableHandle(CUmemGenericAllocationHandle *, void *, int);
CUresult cuMemAddressReserve(CUdeviceptr *, size_t, size_t, CUdeviceptr, unsigned long long);
CUresult cuMemAddressFree(CUdeviceptr, size_t);
CUresult cuMemMap(CUdeviceptr, size_t, size_t, CUmemGenericAllocationHandle, unsigned long long);
CUresult cuMemUnmap(CUdeviceptr, size_t);
CUresult cuMemSetAccess(CUdeviceptr, size_t, const CUmemAccessDesc *, size_t);
CUresult cuMemcpyHtoD_v2(CUdeviceptr, const void *, size_t);
CUresult cuMemcpyDtoH_v2(void *, CUdeviceptr, size_t);
CUresult cuMemGetInfo_v2(size_t *, size_t *);
CUresult cuMemHostRegister_v2(void *, size_t, unsigned);
CUresult cuMemHostUnregister(void *);

#define MiB ((size_t)1 << 20)

int main(void) {
  CUmemAllocationProp prop;
  memset(&prop, 0, sizeof(prop));
  prop.type = CU_MEM_ALLOCATION_TYPE_PINNED;
  prop.requestedHandleTypes = CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR;
  prop.location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  CUmemAccessDesc read_only = {{CU_MEM_LOCATION_TYPE_DEVICE, 0}, CU_MEM_ACCESS_FLAGS_PROT_READ};
  CUmemGenericAllocationHandle handle = 0, other = 0;
  CUdeviceptr at = 0;
  CUcontext context = NULL;
  char byte = 1;
  int fd = -1;
  size_t free_bytes = 0, total = 0;

  printf("{\"beforeInit\":%d", cuMemCreate(&handle, 2 * MiB, &prop, 0));
  cuInit(0);
  printf(",\"copyWithoutContext\":%d", cuMemcpyHtoD_v2(0, &byte, 1));
  cuDevicePrimaryCtxRetain(&context, 0);
  cuCtxSetCurrent(context);
  printf(",\"unalignedSize\":%d", cuMemCreate(&handle, MiB, &prop, 0));
  prop.location.id = 7;
  printf(",\"badDevice\":%d", cuMemCreate(&handle, 2 * MiB, &prop, 0));
  prop.location.id = 0;
  /* TRIMS_CUDA_STANDIN_MEMORY is 8 MiB for this program. */
  printf(",\"outOfMemory\":%d", cuMemCreate(&handle, 10 * MiB, &prop, 0));
  printf(",\"create\":%d", cuMemCreate(&handle, 4 * MiB, &prop, 0));
  cuMemGetInfo_v2(&free_bytes, &total);
  printf(",\"freeAfterCreate\":%zu,\"total\":%zu", free_bytes, total);
  printf(",\"secondPastMemory\":%d", cuMemCreate(&other, 6 * MiB, &prop, 0));
  printf(",\"unknownHandle\":%d", cuMemRelease(handle + 1000));
  cuMemAddressReserve(&at, 4 * MiB, 0, 0, 0);
  printf(",\"map\":%d", cuMemMap(at, 4 * MiB, 0, handle, 0));
  printf(",\"mapTwice\":%d", cuMemMap(at, 4 * MiB, 0, handle, 0));
  printf(",\"copyBeforeAccess\":%d", cuMemcpyHtoD_v2(at, &byte, 1));
  printf(",\"setReadOnly\":%d", cuMemSetAccess(at, 4 * MiB, &read_only, 1));
  printf(",\"copyIntoReadOnly\":%d", cuMemcpyHtoD_v2(at, &byte, 1));
  printf(",\"copyOutOfReadOnly\":%d", cuMemcpyDtoH_v2(&byte, at, 1));
  printf(",\"copyPastMapping\":%d", cuMemcpyDtoH_v2(&byte, at + 4 * MiB - 1, 2));
  printf(",\"export\":%d", cuMemExportToShareableHandle(&fd, handle, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0));
  printf(",\"release\":%d", cuMemRelease(handle));
  printf(",\"releaseTwice\":%d", cuMemRelease(handle));
  printf(",\"mapReleased\":%d", cuMemMap(at, 4 * MiB, 0, handle, 0));
  printf(",\"exportReleased\":%d", cuMemExportToShareableHandle(&fd, handle, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0));
  cuMemGetInfo_v2(&free_bytes, &total);
  printf(",\"freeWhileMapped\":%zu", free_bytes);
  printf(",\"readWhileMapped\":%d", cuMemcpyDtoH_v2(&byte, at, 1));
  printf(",\"addressFreeWhileMapped\":%d", cuMemAddressFree(at, 4 * MiB));
  printf(",\"unmap\":%d", cuMemUnmap(at, 4 * MiB));
  cuMemGetInfo_v2(&free_bytes, &total);
  printf(",\"freeAfterUnmap\":%zu", free_bytes);
  printf(",\"readAfterUnmap\":%d", cuMemcpyDtoH_v2(&byte, at, 1));
  printf(",\"addressFree\":%d", cuMemAddressFree(at, 4 * MiB));
  int plain = (int)syscall(SYS_memfd_create, "not-cuda", 0);
  ftruncate(plain, 2 * MiB);
  printf(",\"importForeignFd\":%d", cuMemImportFromShareableHandle(&other, (void *)(long)plain, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR));
  printf(",\"importClosedFd\":%d", cuMemImportFromShareableHandle(&other, (void *)(long)9999, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR));
  printf(",\"importExported\":%d", cuMemImportFromShareableHandle(&other, (void *)(long)fd, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR));
  static char host[4 * 4096];
  printf(",\"register\":%d", cuMemHostRegister_v2(host + 4096, 2 * 4096, MEMHOSTREGISTER_READ_ONLY));
  printf(",\"registerOverlapping\":%d", cuMemHostRegister_v2(host, 2 * 4096, 0));
  printf(",\"registerBadFlags\":%d", cuMemHostRegister_v2(host, 4096, 0x100));
  printf(",\"unregisterInside\":%d", cuMemHostUnregister(host + 2 * 4096));
  printf(",\"unregister\":%d", cuMemHostUnregister(host + 4096));
  printf(",\"unregisterTwice\":%d", cuMemHostUnregister(host + 4096));
  printf("}\n");
  return 0;
}
