/* Allocations (memfds), their export and import as fds, and address ranges
 * mapped with the access a real driver would give (copies: copies.c). */
#include "standin.h"

static Allocation *new_allocation(int fd, size_t size, int exportable, int counted) {
  Allocation *a = calloc(1, sizeof(Allocation));
  if (a == NULL) return NULL;
  a->handle = next_handle++;
  a->fd = fd;
  a->size = size;
  a->exportable = exportable;
  a->counted = counted;
  a->handle_live = 1;
  a->next = allocations;
  allocations = a;
  return a;
}

EXPORT CUresult cuMemCreate(CUmemGenericAllocationHandle *handle, size_t size,
                            const CUmemAllocationProp *prop, unsigned long long flags) {
  if (handle == NULL || prop == NULL || flags != 0) return CUDA_ERROR_INVALID_VALUE;
  if (prop->type != CU_MEM_ALLOCATION_TYPE_PINNED) return CUDA_ERROR_INVALID_VALUE;
  CUresult status = valid_location(&prop->location);
  if (status != CUDA_SUCCESS) return status;
  if (size == 0 || size % GRANULARITY != 0) return CUDA_ERROR_INVALID_VALUE;
  if ((prop->requestedHandleTypes & ~CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR) != 0)
    return CUDA_ERROR_NOT_SUPPORTED;
  pthread_mutex_lock(&lock);
  status = CUDA_SUCCESS;
  if (size > device_memory - used) {
    status = CUDA_ERROR_OUT_OF_MEMORY;
  } else {
    int fd = (int)syscall(SYS_memfd_create, MEMFD_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    /* Sized for good: device memory never shrinks under its owner, and an
     * importer that reopens the fd read-write (/proc/self/fd) must not
     * truncate it, which would fault the daemon's next copy out of it. */
    if (fd < 0 || ftruncate(fd, (off_t)size) != 0 ||
        fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
      if (fd >= 0) close(fd);
      status = CUDA_ERROR_OUT_OF_MEMORY;
    } else {
      int exportable = (prop->requestedHandleTypes & CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR) != 0;
      Allocation *a = new_allocation(fd, size, exportable, 1);
      if (a == NULL) {
        close(fd);
        status = CUDA_ERROR_OUT_OF_MEMORY;
      } else {
        used += size;
        *handle = a->handle;
      }
    }
  }
  pthread_mutex_unlock(&lock);
  return status;
}

EXPORT CUresult cuMemRelease(CUmemGenericAllocationHandle handle) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  pthread_mutex_lock(&lock);
  Allocation *a = find_allocation(handle);
  if (a != NULL) {
    a->handle_live = 0;
    maybe_destroy(a);
  }
  pthread_mutex_unlock(&lock);
  return a != NULL ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE;
}

EXPORT CUresult cuMemExportToShareableHandle(void *shareable, CUmemGenericAllocationHandle handle,
                                             int type, unsigned long long flags) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (shareable == NULL || flags != 0) return CUDA_ERROR_INVALID_VALUE;
  if (type != CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR) return CUDA_ERROR_NOT_SUPPORTED;
  pthread_mutex_lock(&lock);
  CUresult status = CUDA_SUCCESS;
  Allocation *a = find_allocation(handle);
  if (a == NULL) {
    status = CUDA_ERROR_INVALID_HANDLE;
  } else if (!a->exportable) {
    status = CUDA_ERROR_NOT_SUPPORTED; /* not requested at cuMemCreate */
  } else {
    int fd = fcntl(a->fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
      status = CUDA_ERROR_OUT_OF_MEMORY;
    else
      *(int *)shareable = fd;
  }
  pthread_mutex_unlock(&lock);
  return status;
}

/* Only an fd exported by a stand-in names an allocation. */
static int is_standin_fd(int fd) {
  char link[64], target[256];
  snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, sizeof(target) - 1);
  if (n < 0) return 0;
  target[n] = '\0';
  return strncmp(target, "/memfd:" MEMFD_NAME " ", strlen("/memfd:" MEMFD_NAME " ")) == 0;
}

EXPORT CUresult cuMemImportFromShareableHandle(CUmemGenericAllocationHandle *handle, void *os_handle,
                                               int type) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (handle == NULL) return CUDA_ERROR_INVALID_VALUE;
  if (type != CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR) return CUDA_ERROR_NOT_SUPPORTED;
  int fd = (int)(intptr_t)os_handle;
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) return CUDA_ERROR_INVALID_VALUE;
  if (!is_standin_fd(fd) || st.st_size <= 0 || (size_t)st.st_size % GRANULARITY != 0)
    return CUDA_ERROR_INVALID_HANDLE;
  /* The caller keeps (and closes) its fd, as with the driver. */
  int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0) return CUDA_ERROR_OUT_OF_MEMORY;
  pthread_mutex_lock(&lock);
  Allocation *a = new_allocation(own, (size_t)st.st_size, 1, 0);
  if (a != NULL) *handle = a->handle;
  pthread_mutex_unlock(&lock);
  if (a == NULL) {
    close(own);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  return CUDA_SUCCESS;
}

EXPORT CUresult cuMemAddressReserve(CUdeviceptr *pointer, size_t size, size_t alignment,
                                    CUdeviceptr address, unsigned long long flags) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  (void)address; /* a hint, as for the driver */
  if (pointer == NULL || flags != 0 || size == 0 || size % GRANULARITY != 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (alignment == 0) alignment = GRANULARITY;
  if (alignment % GRANULARITY != 0 || (alignment & (alignment - 1)) != 0)
    return CUDA_ERROR_INVALID_VALUE;
  /* Over-reserve, then trim to an aligned range. */
  size_t span = size + alignment;
  uint8_t *raw = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (raw == MAP_FAILED) return CUDA_ERROR_OUT_OF_MEMORY;
  uintptr_t base = ((uintptr_t)raw + alignment - 1) & ~(uintptr_t)(alignment - 1);
  if (base > (uintptr_t)raw) munmap(raw, base - (uintptr_t)raw);
  size_t tail = (uintptr_t)raw + span - (base + size);
  if (tail > 0) munmap((void *)(base + size), tail);
  if (add_region(&reservations, base, size) == NULL) {
    munmap((void *)base, size);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  *pointer = base;
  return CUDA_SUCCESS;
}

static int overlaps_mapping(uintptr_t base, size_t size) {
  for (Region *m = mappings; m != NULL; m = m->next)
    if (base < m->base + m->size && m->base < base + size) return 1;
  return 0;
}

EXPORT CUresult cuMemAddressFree(CUdeviceptr pointer, size_t size) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  pthread_mutex_lock(&lock);
  CUresult status = CUDA_SUCCESS;
  Region *r = find_region(reservations, (uintptr_t)pointer);
  if (r == NULL || r->size != size)
    status = CUDA_ERROR_INVALID_VALUE;
  else if (overlaps_mapping(r->base, r->size))
    status = CUDA_ERROR_INVALID_VALUE; /* unmap first */
  else {
    munmap((void *)r->base, r->size);
    unlink_region(&reservations, r);
  }
  pthread_mutex_unlock(&lock);
  return status;
}

EXPORT CUresult cuMemMap(CUdeviceptr pointer, size_t size, size_t offset,
                         CUmemGenericAllocationHandle handle, unsigned long long flags) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (flags != 0 || offset != 0 || size == 0 || size % GRANULARITY != 0)
    return CUDA_ERROR_INVALID_VALUE;
  pthread_mutex_lock(&lock);
  CUresult status = CUDA_SUCCESS;
  Allocation *a = find_allocation(handle);
  if (a == NULL) {
    status = CUDA_ERROR_INVALID_HANDLE; /* unknown, or already released */
  } else if (size > a->size || containing(reservations, (uintptr_t)pointer, size) == NULL) {
    status = CUDA_ERROR_INVALID_VALUE;
  } else if (overlaps_mapping((uintptr_t)pointer, size)) {
    status = CUDA_ERROR_ALREADY_MAPPED;
  } else {
    /* Inaccessible until cuMemSetAccess, as on the device. */
    void *at = mmap((void *)(uintptr_t)pointer, size, PROT_NONE, MAP_SHARED | MAP_FIXED, a->fd,
                    (off_t)offset);
    Region *m = at == MAP_FAILED ? NULL : calloc(1, sizeof(Region));
    if (m == NULL) {
      status = CUDA_ERROR_OUT_OF_MEMORY;
    } else {
      m->base = (uintptr_t)pointer;
      m->size = size;
      m->allocation = a;
      m->access = CU_MEM_ACCESS_FLAGS_PROT_NONE;
      m->next = mappings;
      mappings = m;
      a->mappings++;
    }
  }
  pthread_mutex_unlock(&lock);
  return status;
}

EXPORT CUresult cuMemUnmap(CUdeviceptr pointer, size_t size) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  pthread_mutex_lock(&lock);
  CUresult status = CUDA_SUCCESS;
  Region *m = find_region(mappings, (uintptr_t)pointer);
  if (m == NULL || m->size != size) {
    status = CUDA_ERROR_INVALID_VALUE;
  } else {
    /* The address range stays reserved, empty and inaccessible. */
    mmap((void *)m->base, m->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
         -1, 0);
    Allocation *a = m->allocation;
    unlink_region(&mappings, m);
    a->mappings--;
    maybe_destroy(a);
  }
  pthread_mutex_unlock(&lock);
  return status;
}

EXPORT CUresult cuMemSetAccess(CUdeviceptr pointer, size_t size, const CUmemAccessDesc *desc,
                               size_t count) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (desc == NULL || count != 1) return CUDA_ERROR_INVALID_VALUE;
  CUresult status = valid_location(&desc->location);
  if (status != CUDA_SUCCESS) return status;
  int prot;
  switch (desc->flags) {
    case CU_MEM_ACCESS_FLAGS_PROT_NONE: prot = PROT_NONE; break;
    case CU_MEM_ACCESS_FLAGS_PROT_READ: prot = PROT_READ; break;
    case CU_MEM_ACCESS_FLAGS_PROT_READWRITE: prot = PROT_READ | PROT_WRITE; break;
    default: return CUDA_ERROR_INVALID_VALUE;
  }
  pthread_mutex_lock(&lock);
  Region *m = find_region(mappings, (uintptr_t)pointer);
  if (m == NULL || m->size != size) {
    status = CUDA_ERROR_INVALID_VALUE;
  } else if (mprotect((void *)m->base, m->size, prot) != 0) {
    status = CUDA_ERROR_INVALID_VALUE;
  } else {
    m->access = desc->flags;
  }
  pthread_mutex_unlock(&lock);
  return status;
}
