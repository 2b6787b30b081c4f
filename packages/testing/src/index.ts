export { Daemon, ask, segmentOf, tempDir } from './daemon';
export { ModelHttpServer } from './http-server';
export { LoopbackHttpServer } from './loopback-server';
export { zooModel, modelJsonPath, copyModel } from './zoo';
export { expectError } from './expect-error';
export { fuzzFrames, frameArbitrary } from './fuzz-frames';
