export { loadFramework } from './framework';
export type {
  Tf,
  ExternalMemory,
  ExternalMemorySource,
  ExternalDType,
  PatchedNodeApi,
} from './framework';
export { createTensorFromMemory, deviceNames } from './external-memory';
export type { ExternalTensorOptions } from './external-memory';
export { FrameworkLoadError, ExternalMemoryError } from './errors';
