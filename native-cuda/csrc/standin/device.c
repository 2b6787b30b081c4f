/* The driver, the device and its contexts, and the error names. */
#include "standin.h"

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

/* A device's name or bus id as the driver gives them: cut to the caller's buffer. */
static CUresult device_string(char *out, int length, CUdevice device, const char *format) {
  CUresult status = device_query(device, out);
  if (status != CUDA_SUCCESS) return status;
  if (length <= 0) return CUDA_ERROR_INVALID_VALUE;
  snprintf(out, (size_t)length, format, device);
  return CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceGetName(char *name, int length, CUdevice device) {
  return device_string(name, length, device, "TrIMS CUDA stand-in %d (no GPU)");
}

EXPORT CUresult cuDeviceGetPCIBusId(char *bus, int length, CUdevice device) {
  return device_string(bus, length, device, "0000:00:%02x.0");
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
    case CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED: return "CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED";
    case CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED: return "CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED";
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
