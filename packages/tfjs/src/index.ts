import './quiet-tensorflow';

export { loadGraphModel, TrimsLoadError } from './load-graph-model';
export type { LoadOptions } from './load-graph-model';
export type { TrimsOptions } from './settings';
export { register } from './hooks';
export { loadStats } from './load-stats';
export type { LoadStats } from './load-stats';
export { ErrorCode, TrimsError } from '@trims/protocol';
