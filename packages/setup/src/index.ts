export { SetupError } from './errors';
export { frameworkDir, depsDir, repoRoot, downloadCacheDir, bindingPath } from './paths';
export { readProvenance, provenanceFile } from './provenance';
export type { Provenance, LibtensorflowRecord, PatchRecord, BuildRecord } from './provenance';
export { nvidiaGpuPresent } from './gpu-detect';
export { runSetup } from './setup';
