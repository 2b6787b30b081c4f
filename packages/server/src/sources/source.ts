import type { FetchedResponse, ResponseHead } from './stored-response';

/** Bytes read from a model's origin. */
export interface Fetched {
  /** The body, unless it went to `ReadLimits.onChunk`. */
  body: Buffer;
  /** http: the response's status and headers, for the shared-cache rules (RFC 9111). */
  head?: ResponseHead;
}

/** Who asks, with what: every Open proves access with its own request. */
export interface SourceRequest {
  headers: Record<string, string>;
  /** The peer asking. */
  peerUid: number;
}

/** How much one read may bring, and where its bytes go as they arrive. */
export interface ReadLimits {
  /** More than this and the read stops with an error (nothing unbounded is buffered). */
  maxBytes: number;
  /** Receives the body in order as it arrives, instead of collecting it into `body`. */
  onChunk?: (chunk: Uint8Array) => void;
}

/** How long an origin may take in each phase of a request. */
export interface OriginTimeouts {
  /** Until a connection to the origin is made (a TCP and TLS handshake). */
  connectMs: number;
  /** Until the response headers arrive (connecting included). */
  headersMs: number;
  /** Between two pieces of the body. */
  idleMs: number;
  /** A model's whole fetch (model.json, shards, redirects): a trickling origin stops here. */
  totalMs: number;
}

/** A model's origin (the remote tier), for one request. */
export interface Source {
  /** The URL shown for the model (for files, the kernel's name of the open model.json). */
  readonly canonicalUrl: string;
  /** What the catalog keys by: the model.json and the shard locations it resolves to. */
  readonly cacheKey: string;
  read(location: string, request: SourceRequest, limits: ReadLimits): Promise<Fetched>;
  /** Where the shards model.json names are read from, in order. */
  shardLocations(paths: string[]): string[];
  /** After a complete fetch (main thread): keeps what later revalidation of that model (its digest) needs. */
  remember(responses: FetchedResponse[], request: SourceRequest, digest: string): void;
  /**
   * May this request be served the cached model `digest` under cacheKey?
   * false: fetch again (also when what is kept was fetched for another
   * model); throws when access is refused.
   */
  revalidate(request: SourceRequest, digest: string): Promise<boolean>;
}
