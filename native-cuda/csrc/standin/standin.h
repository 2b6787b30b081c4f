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
/* This file: what the stand-in's parts share (state.c: the state and its
 * helpers; device.c: the driver, devices, contexts and error names;
 * memory.c: allocations, export and import, address ranges; copies.c:
 * copies and page-locked host memory). */
#ifndef TRIMS_CUDA_STANDIN_H
#define TRIMS_CUDA_STANDIN_H
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

struct CUctx_st {
  int device;
};

/* Guarded by `lock`, except the calling thread's context. */
extern pthread_mutex_t lock;
extern int initialized;
extern size_t device_memory;
extern size_t used;
extern CUmemGenericAllocationHandle next_handle;
extern Allocation *allocations;
extern Region *reservations;
extern Region *mappings;
extern Region *host_buffers;
extern Region *registered_host;
extern struct CUctx_st contexts[DEVICES];
extern __thread CUcontext current;

size_t configured_memory(void);
Allocation *find_allocation(CUmemGenericAllocationHandle handle);
Region *find_region(Region *list, uintptr_t base);
Region *containing(Region *list, uintptr_t at, size_t bytes);
Region *add_region(Region **list, uintptr_t base, size_t size);
void unlink_region(Region **list, Region *gone);
void maybe_destroy(Allocation *gone);
CUresult valid_device(CUdevice device);
CUresult device_query(CUdevice device, const void *out);
CUresult valid_location(const CUmemLocation *location);

#endif
