export { TrimsClient } from './client';
export type { Answer, Replies, ConnectOptions, ClientEvents } from './client';
