import type { IRequest, RequestKind, v1 } from '@trims/protocol';

import type { Expiring } from './deadlines';

/** What TrimsClient's requests take and give. */
export type Body<K extends RequestKind> = NonNullable<IRequest[K]>;

/** What each request kind gets back. */
export interface Replies {
  hello: v1.IHelloReply;
  open: v1.IOpenReply;
  close: v1.ICloseReply;
  preload: v1.IPreloadReply;
  evict: v1.IEvictReply;
  list: v1.IListReply;
  stats: v1.IStatsReply;
  health: v1.IHealthReply;
}

export interface Answer<K extends RequestKind> {
  reply: Replies[K];
  /** Descriptors that came with the reply; the caller owns (and closes) them. */
  fds: number[];
}

/** expire(): it fails UNAVAILABLE for want of a reply. */
export interface Pending extends Expiring {
  kind: RequestKind;
  resolve: (answer: Answer<RequestKind>) => void;
  reject: (error: Error) => void;
}

export interface ClientEvents {
  /** The daemon went away (or close() was called). */
  close: [];
}

export interface RequestOptions {
  /** Give up after this long (UNAVAILABLE). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** fds that ride on the request's frame (file:// models: see openModelFiles); the caller still owns them. */
  fds?: readonly number[];
}

export interface ConnectOptions {
  socketPath?: string;
  /** Free text the daemon logs, e.g. "@trims/tfjs 0.1.0". */
  client?: string;
  /**
   * How long a daemon may be silent (default 5 s): Hello must be answered
   * within it, and while a request waits (an Open that converts a large
   * model may take minutes) a daemon silent this long is asked for its
   * health, which it must answer within as long again. One that does not is
   * stopped or hung: the connection closes and every request on it fails
   * UNAVAILABLE, saying so, so that a caller can fall back.
   */
  livenessMs?: number;
}
