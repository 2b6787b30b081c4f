/* The stand-in's state (one device, its allocations and address ranges)
 * and the lookups every call shares. See standin.h. */
#include "standin.h"

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int initialized;
size_t device_memory;
size_t used;
CUmemGenericAllocationHandle next_handle = 0x7ace0001ull;
Allocation *allocations;
Region *reservations;
Region *mappings;
Region *host_buffers;
Region *registered_host;
struct CUctx_st contexts[DEVICES];
__thread CUcontext current;

EXPORT const char *trimsCudaStandIn(void) {
  return "TrIMS CUDA driver stand-in: host memory (memfd), no GPU";
}

size_t configured_memory(void) {
  const char *text = getenv("TRIMS_CUDA_STANDIN_MEMORY");
  if (text != NULL && *text != '\0') {
    char *end = NULL;
    unsigned long long value = strtoull(text, &end, 10);
    if (end != NULL && *end == '\0' && value > 0) return (size_t)value;
  }
  return (size_t)8 << 30;
}

Allocation *find_allocation(CUmemGenericAllocationHandle handle) {
  for (Allocation *a = allocations; a != NULL; a = a->next)
    if (a->handle == handle && a->handle_live) return a;
  return NULL;
}

Region *find_region(Region *list, uintptr_t base) {
  for (Region *r = list; r != NULL; r = r->next)
    if (r->base == base) return r;
  return NULL;
}

Region *containing(Region *list, uintptr_t at, size_t bytes) {
  for (Region *r = list; r != NULL; r = r->next)
    if (at >= r->base && bytes <= r->size && at - r->base <= r->size - bytes) return r;
  return NULL;
}

/* Records [base, base + size) at the head of `list` (takes the lock); NULL when out of memory. */
Region *add_region(Region **list, uintptr_t base, size_t size) {
  Region *r = calloc(1, sizeof(Region));
  if (r == NULL) return NULL;
  r->base = base;
  r->size = size;
  pthread_mutex_lock(&lock);
  r->next = *list;
  *list = r;
  pthread_mutex_unlock(&lock);
  return r;
}

void unlink_region(Region **list, Region *gone) {
  for (Region **r = list; *r != NULL; r = &(*r)->next)
    if (*r == gone) {
      *r = gone->next;
      free(gone);
      return;
    }
}

/* The memory goes when neither a handle nor a mapping refers to it. */
void maybe_destroy(Allocation *gone) {
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

CUresult valid_device(CUdevice device) {
  if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
  return device >= 0 && device < DEVICES ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

/* What every per-device query checks: initialized, a device, somewhere to answer. */
CUresult device_query(CUdevice device, const void *out) {
  CUresult status = valid_device(device);
  if (status != CUDA_SUCCESS) return status;
  return out == NULL ? CUDA_ERROR_INVALID_VALUE : CUDA_SUCCESS;
}

CUresult valid_location(const CUmemLocation *location) {
  if (location->type != CU_MEM_LOCATION_TYPE_DEVICE) return CUDA_ERROR_INVALID_VALUE;
  return valid_device(location->id);
}
