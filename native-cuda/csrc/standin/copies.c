/* Copies to and from mapped ranges, page-locked host memory, and host memory locked for copies. */
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

/* Page-locking host memory for copies: mlock, so a test sees it in VmLck
 * and the lock fails where the process may not lock that much, as the
 * driver's can. A range overlapping one already registered is refused, and
 * only a registered start can be unregistered, as with the driver. */
#define REGISTER_FLAGS 0x0f /* PORTABLE, DEVICEMAP, IOMEMORY, READ_ONLY */

EXPORT CUresult cuMemHostRegister_v2(void *pointer, size_t bytes, unsigned int flags) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (current == NULL) return CUDA_ERROR_INVALID_CONTEXT;
  if (pointer == NULL || bytes == 0 || (flags & ~REGISTER_FLAGS) != 0) return CUDA_ERROR_INVALID_VALUE;
  uintptr_t base = (uintptr_t)pointer;
  CUresult status = CUDA_SUCCESS;
  pthread_mutex_lock(&lock);
  for (Region *r = registered_host; r != NULL; r = r->next)
    if (base < r->base + r->size && r->base < base + bytes) status = CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED;
  Region *added = status == CUDA_SUCCESS ? calloc(1, sizeof(Region)) : NULL;
  if (status == CUDA_SUCCESS && (added == NULL || mlock(pointer, bytes) != 0)) {
    free(added);
    status = CUDA_ERROR_OUT_OF_MEMORY;
  } else if (added != NULL) {
    added->base = base;
    added->size = bytes;
    added->next = registered_host;
    registered_host = added;
  }
  pthread_mutex_unlock(&lock);
  return status;
}

EXPORT CUresult cuMemHostUnregister(void *pointer) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  pthread_mutex_lock(&lock);
  Region *r = find_region(registered_host, (uintptr_t)pointer);
  if (r != NULL) {
    munlock(pointer, r->size);
    unlink_region(&registered_host, r);
  }
  pthread_mutex_unlock(&lock);
  return r != NULL ? CUDA_SUCCESS : CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED;
}
