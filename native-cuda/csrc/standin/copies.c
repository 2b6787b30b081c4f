/* Copies to and from mapped ranges, and page-locked host memory. */
#include "standin.h"

/* A copy needs a context and a mapped range with the access it uses. */
static CUresult check_copy(CUdeviceptr pointer, size_t bytes, int write) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (current == NULL) return CUDA_ERROR_INVALID_CONTEXT;
  if (bytes == 0) return CUDA_SUCCESS;
  Region *m = containing(mappings, (uintptr_t)pointer, bytes);
  if (m == NULL) return CUDA_ERROR_INVALID_VALUE;
  int needed = write ? CU_MEM_ACCESS_FLAGS_PROT_READWRITE : CU_MEM_ACCESS_FLAGS_PROT_READ;
  return (m->access & needed) == needed ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr destination, const void *source, size_t bytes) {
  if (source == NULL && bytes > 0) return CUDA_ERROR_INVALID_VALUE;
  pthread_mutex_lock(&lock);
  CUresult status = check_copy(destination, bytes, 1);
  pthread_mutex_unlock(&lock);
  if (status == CUDA_SUCCESS && bytes > 0) memcpy((void *)(uintptr_t)destination, source, bytes);
  return status;
}

EXPORT CUresult cuMemcpyDtoH_v2(void *destination, CUdeviceptr source, size_t bytes) {
  if (destination == NULL && bytes > 0) return CUDA_ERROR_INVALID_VALUE;
  pthread_mutex_lock(&lock);
  CUresult status = check_copy(source, bytes, 0);
  pthread_mutex_unlock(&lock);
  if (status == CUDA_SUCCESS && bytes > 0) memcpy(destination, (void *)(uintptr_t)source, bytes);
  return status;
}

/* Page-locked host memory (for bandwidth checks): plain pages here. */
EXPORT CUresult cuMemAllocHost_v2(void **pointer, size_t bytes) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (current == NULL) return CUDA_ERROR_INVALID_CONTEXT;
  if (pointer == NULL || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
  void *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return CUDA_ERROR_OUT_OF_MEMORY;
  if (add_region(&host_buffers, (uintptr_t)memory, bytes) == NULL) {
    munmap(memory, bytes);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  *pointer = memory;
  return CUDA_SUCCESS;
}

EXPORT CUresult cuMemFreeHost(void *pointer) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  pthread_mutex_lock(&lock);
  Region *r = find_region(host_buffers, (uintptr_t)pointer);
  if (r != NULL) {
    munmap(pointer, r->size);
    unlink_region(&host_buffers, r);
  }
  pthread_mutex_unlock(&lock);
  return r != NULL ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
