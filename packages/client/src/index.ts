export { TrimsClient } from './client';
export type { Answer, Replies, ConnectOptions, ClientEvents, RequestOptions } from './client-types';
export { checkDaemon, trustedDaemonUids } from './daemon-trust';
export { openModelFiles, isFileUrl, filesFor, ModelFileError } from './model-files';
export type { ModelFiles } from './model-files';
export { requestWithFiles } from './request-with-files';
export { listModels } from './list-models';
