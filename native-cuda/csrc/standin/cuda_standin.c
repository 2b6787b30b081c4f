/* The CUDA driver stand-in: the driver calls TrIMS makes, with a real
 * driver's semantics, over host memory, for machines without a GPU (CI).
 * Selected only by TRIMS_CUDA_DRIVER=standin (never silently); everything
 * that reports on CUDA names it, through the trimsCudaStandIn symbol.
 *
 * - An allocation (cuMemCreate) is a memfd; exporting gives a new fd of it,
 *   importing in another process takes one. It lives while any handle or
 *   mapping of it exists, in any process (the kernel's memfd lifetime).
 * - A device pointer is a host address: reserve is an inaccessible
 *   mmap, map puts the memfd there (still inaccessible until cuMemSetAccess,
 *   as on a GPU), PROT_READ makes a read-only mapping (a write faults).
 * - Device memory is TRIMS_CUDA_STANDIN_MEMORY bytes (default 8 GiB); this
 *   process's live allocations count against it, so creating past it fails
 *   with CUDA_ERROR_OUT_OF_MEMORY. (On a GPU all processes share one count;
 *   here only allocations created in this process are counted.)
 * - Errors are the driver's codes: not initialized, invalid value, invalid
 *   device, invalid context, invalid handle (unknown or released), out of
 *   memory, not supported (export of a type not requested).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../cuda_driver_abi.h"

#define EXPORT __attribute__((visibility("default")))
#define GRANULARITY ((size_t)2 << 20)
#define MEMFD_NAME "trims-cuda-standin"
#define DEVICES 1

typedef struct Allocation {
  CUmemGenericAllocationHandle handle;
  int fd;
  size_t size;
  int exportable;   /* requested CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR */
  int counted;      /* created here: counts against this process's device memory */
  int handle_live;  /* cuMemRelease not called yet */
  int mappings;
  struct Allocation *next;
} Allocation;

typedef struct Region {
  uintptr_t base;
  size_t size;
  Allocation *allocation; /* mappings only */
  int access;             /* mappings only: CU_MEM_ACCESS_FLAGS_* */
  struct Region *next;
} Region;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static size_t device_memory;
static size_t used;
static CUmemGenericAllocationHandle next_handle = 0x7ace0001ull;
static Allocation *allocations;
static Region *reservations;
static Region *mappings;
static Region *host_buffers;
static struct CUctx_st {
  int device;
} contexts[DEVICES];
static __thread CUcontext current;

EXPORT const char *trimsCudaStandIn(void) {
  return "TrIMS CUDA driver stand-in: host memory (memfd), no GPU";
}

static size_t configured_memory(void) {
  const char *text = getenv("TRIMS_CUDA_STANDIN_MEMORY");
  if (text != NULL && *text != '\0') {
    char *end = NULL;
    unsigned long long value = strtoull(text, &end, 10);
    if (end != NULL && *end == '\0' && value > 0) return (size_t)value;
  }
  return (size_t)8 << 30;
}

static Allocation *find_allocation(CUmemGenericAllocationHandle handle) {
  for (Allocation *a = allocations; a != NULL; a = a->next)
    if (a->handle == handle && a->handle_live) return a;
  return NULL;
}

static Region *find_region(Region *list, uintptr_t base) {
  for (Region *r = list; r != NULL; r = r->next)
    if (r->base == base) return r;
  return NULL;
}

static Region *containing(Region *list, uintptr_t at, size_t bytes) {
  for (Region *r = list; r != NULL; r = r->next)
    if (at >= r->base && bytes <= r->size && at - r->base <= r->size - bytes) return r;
  return NULL;
}

static void unlink_region(Region **list, Region *gone) {
  for (Region **r = list; *r != NULL; r = &(*r)->next)
    if (*r == gone) {
      *r = gone->next;
      free(gone);
      return;
    }
}

/* The memory goes when neither a handle nor a mapping refers to it. */
static void maybe_destroy(Allocation *gone) {
  if (gone->handle_live || gone->mappings > 0) return;
  for (Allocation **a = &allocations; *a != NULL; a = &(*a)->next)
    if (*a == gone) {
      *a = gone->next;
      break;
    }
  close(gone->fd);
  if (gone->counted) used -= gone->size;
  free(gone);
}

static CUresult valid_device(CUdevice device) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  return device >= 0 && device < DEVICES ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

/* What every per-device query checks: initialized, a device, somewhere to answer. */
static CUresult device_query(CUdevice device, const void *out) {
  CUresult status = valid_device(device);
  if (status != CUDA_SUCCESS) return status;
  return out == NULL ? CUDA_ERROR_INVALID_VALUE : CUDA_SUCCESS;
}

static CUresult valid_location(const CUmemLocation *location) {
  if (location->type != CU_MEM_LOCATION_TYPE_DEVICE) return CUDA_ERROR_INVALID_VALUE;
  return valid_device(location->id);
}

EXPORT CUresult cuInit(unsigned int flags) {
  if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
  pthread_mutex_lock(&lock);
  if (!initialized) {
    device_memory = configured_memory();
    for (int i = 0; i < DEVICES; i++) contexts[i].device = i;
    initialized = 1;
  }
  pthread_mutex_unlock(&lock);
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDriverGetVersion(int *version) {
  if (version == NULL) return CUDA_ERROR_INVALID_VALUE;
  *version = 13000;
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceGetCount(int *count) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (count == NULL) return CUDA_ERROR_INVALID_VALUE;
  *count = DEVICES;
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  CUresult status = device_query(ordinal, device);
  if (status != CUDA_SUCCESS) return status;
  *device = ordinal;
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceGetName(char *name, int length, CUdevice device) {
  CUresult status = device_query(device, name);
  if (status != CUDA_SUCCESS) return status;
  if (length <= 0) return CUDA_ERROR_INVALID_VALUE;
  snprintf(name, (size_t)length, "TrIMS CUDA stand-in %d (no GPU)", device);
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceGetPCIBusId(char *bus, int length, CUdevice device) {
  CUresult status = device_query(device, bus);
  if (status != CUDA_SUCCESS) return status;
  if (length <= 0) return CUDA_ERROR_INVALID_VALUE;
  snprintf(bus, (size_t)length, "0000:00:%02x.0", device);
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceGetAttribute(int *value, int attribute, CUdevice device) {
  CUresult status = device_query(device, value);
  if (status != CUDA_SUCCESS) return status;
  switch (attribute) {
    case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: *value = 1; break;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *value = 0; break;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: *value = 0; break;
    case CU_DEVICE_ATTRIBUTE_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED: *value = 1; break;
    case CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR_SUPPORTED: *value = 1; break;
    default: return CUDA_ERROR_INVALID_VALUE;
  }
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice device) {
  CUresult status = device_query(device, bytes);
  if (status != CUDA_SUCCESS) return status;
  *bytes = device_memory;
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext *context, CUdevice device) {
  CUresult status = device_query(device, context);
  if (status != CUDA_SUCCESS) return status;
  *context = &contexts[device];
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) { return valid_device(device); }

EXPORT CUresult cuCtxSetCurrent(CUcontext context) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (context != NULL && (context < &contexts[0] || context >= &contexts[DEVICES]))
    return CUDA_ERROR_INVALID_CONTEXT;
  current = context;
  return CUDA_SUCCESS;
}

EXPORT CUresult cuMemGetInfo_v2(size_t *free_bytes, size_t *total_bytes) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (current == NULL) return CUDA_ERROR_INVALID_CONTEXT;
  if (free_bytes == NULL || total_bytes == NULL) return CUDA_ERROR_INVALID_VALUE;
  pthread_mutex_lock(&lock);
  *free_bytes = device_memory - used;
  *total_bytes = device_memory;
  pthread_mutex_unlock(&lock);
  return CUDA_SUCCESS;
}

EXPORT CUresult cuMemGetAllocationGranularity(size_t *granularity, const CUmemAllocationProp *prop,
                                              int option) {
  if (granularity == NULL || prop == NULL || option < 0 || option > 1)
    return CUDA_ERROR_INVALID_VALUE;
  CUresult status = valid_location(&prop->location);
  if (status != CUDA_SUCCESS) return status;
  *granularity = GRANULARITY;
  return CUDA_SUCCESS;
}

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
    int fd = (int)syscall(SYS_memfd_create, MEMFD_NAME, MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, (off_t)size) != 0) {
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
  Region *r = calloc(1, sizeof(Region));
  if (r == NULL) {
    munmap((void *)base, size);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  r->base = base;
  r->size = size;
  pthread_mutex_lock(&lock);
  r->next = reservations;
  reservations = r;
  pthread_mutex_unlock(&lock);
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
  Region *r = memory == MAP_FAILED ? NULL : calloc(1, sizeof(Region));
  if (r == NULL) {
    if (memory != MAP_FAILED) munmap(memory, bytes);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  r->base = (uintptr_t)memory;
  r->size = bytes;
  pthread_mutex_lock(&lock);
  r->next = host_buffers;
  host_buffers = r;
  pthread_mutex_unlock(&lock);
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

static const char *error_name(CUresult error) {
  switch (error) {
    case CUDA_SUCCESS: return "CUDA_SUCCESS";
    case CUDA_ERROR_INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
    case CUDA_ERROR_OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
    case CUDA_ERROR_NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
    case CUDA_ERROR_NO_DEVICE: return "CUDA_ERROR_NO_DEVICE";
    case CUDA_ERROR_INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
    case CUDA_ERROR_INVALID_CONTEXT: return "CUDA_ERROR_INVALID_CONTEXT";
    case CUDA_ERROR_ALREADY_MAPPED: return "CUDA_ERROR_ALREADY_MAPPED";
    case CUDA_ERROR_NOT_MAPPED: return "CUDA_ERROR_NOT_MAPPED";
    case CUDA_ERROR_INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
    case CUDA_ERROR_NOT_SUPPORTED: return "CUDA_ERROR_NOT_SUPPORTED";
    default: return NULL;
  }
}

EXPORT CUresult cuGetErrorName(CUresult error, const char **name) {
  if (name == NULL) return CUDA_ERROR_INVALID_VALUE;
  *name = error_name(error);
  return *name != NULL ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

EXPORT CUresult cuGetErrorString(CUresult error, const char **text) {
  return cuGetErrorName(error, text);
}
