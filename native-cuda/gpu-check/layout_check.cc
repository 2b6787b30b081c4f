// Compiles only if csrc/cuda_driver_abi.h agrees with the installed cuda.h:
// every value and layout TrIMS declares by itself, checked against CUDA's.
#include <cuda.h>

#include <cstddef>

namespace ours {
#include "../csrc/cuda_driver_abi.h"
}

#define SAME(name) static_assert(static_cast<int>(ours::name) == static_cast<int>(::name), #name)
SAME(CUDA_SUCCESS);
SAME(CUDA_ERROR_INVALID_VALUE);
SAME(CUDA_ERROR_OUT_OF_MEMORY);
SAME(CUDA_ERROR_NOT_INITIALIZED);
SAME(CUDA_ERROR_NO_DEVICE);
SAME(CUDA_ERROR_INVALID_DEVICE);
SAME(CUDA_ERROR_INVALID_CONTEXT);
SAME(CUDA_ERROR_ALREADY_MAPPED);
SAME(CUDA_ERROR_NOT_MAPPED);
SAME(CUDA_ERROR_INVALID_HANDLE);
SAME(CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED);
SAME(CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED);
SAME(CUDA_ERROR_NOT_SUPPORTED);
SAME(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
SAME(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
SAME(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
SAME(CU_DEVICE_ATTRIBUTE_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED);
SAME(CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR_SUPPORTED);
SAME(CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR);
SAME(CU_MEM_ACCESS_FLAGS_PROT_NONE);
SAME(CU_MEM_ACCESS_FLAGS_PROT_READ);
SAME(CU_MEM_ACCESS_FLAGS_PROT_READWRITE);
SAME(CU_MEM_LOCATION_TYPE_DEVICE);
SAME(CU_MEM_ALLOCATION_TYPE_PINNED);
SAME(CU_MEM_ALLOC_GRANULARITY_MINIMUM);
static_assert(ours::MEMHOSTREGISTER_READ_ONLY == CU_MEMHOSTREGISTER_READ_ONLY, "READ_ONLY");

#define LAYOUT(ours_type, cuda_type, field)                                              \
  static_assert(offsetof(ours::ours_type, field) == offsetof(::cuda_type, field), #field); \
  static_assert(sizeof(ours::ours_type) == sizeof(::cuda_type), #ours_type)
LAYOUT(CUmemLocation, CUmemLocation, id);
LAYOUT(CUmemAllocationProp, CUmemAllocationProp, requestedHandleTypes);
LAYOUT(CUmemAllocationProp, CUmemAllocationProp, location);
LAYOUT(CUmemAllocationProp, CUmemAllocationProp, win32HandleMetaData);
LAYOUT(CUmemAllocationProp, CUmemAllocationProp, allocFlags);
LAYOUT(CUmemAccessDesc, CUmemAccessDesc, flags);
static_assert(sizeof(ours::CUdeviceptr) == sizeof(::CUdeviceptr), "CUdeviceptr");
static_assert(sizeof(ours::CUmemGenericAllocationHandle) == sizeof(::CUmemGenericAllocationHandle), "handle");
