export { loadFramework, whyNotShareable, FRAMEWORK_PACKAGES, SUPPORTED_TFJS } from './framework';
export type {
  Tf,
  ExternalMemory,
  ExternalMemorySource,
  ExternalDType,
  ExternalTensorEntry,
  PatchedNodeApi,
  TfjsInternals,
  Framework,
} from './framework';
export { createTensorFromMemory, createTensorsFromMemory, deviceNames } from './external-memory';
export type { ExternalTensorOptions } from './external-memory';
export { FrameworkLoadError, ExternalMemoryError } from './errors';
