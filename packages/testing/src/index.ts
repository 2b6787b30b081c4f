export { Daemon, ask, segmentOf, tempDir } from './daemon';
export { ModelHttpServer } from './http-server';
export { LoopbackHttpServer } from './loopback-server';
export { GatedOrigin } from './gated-origin';
export type { OriginArea, SeenRequest } from './gated-origin';
export { zooModel, modelJsonPath, copyModel } from './zoo';
export { expectError } from './expect-error';
export { fuzzFrames, frameArbitrary } from './fuzz-frames';
