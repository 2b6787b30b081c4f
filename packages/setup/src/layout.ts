/**
 * Where set-up puts things, for diagnostics (`trims doctor`, the framework
 * loader's error message): only fs and path, so reading it never loads
 * tar, yauzl or node-pre-gyp.
 */
export { bindingPath, depsDir, frameworkDir } from './paths';
export { provenanceFile, readProvenance } from './provenance';
export type { BuildRecord, LibtensorflowRecord, PatchRecord, Provenance } from './provenance';
