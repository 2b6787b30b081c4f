/** Bytes read from a model's origin, with what tells whether they changed since. */
export interface Fetched {
  /** The body, unless it went to `ReadLimits.onChunk`. */
  body: Buffer;
  /** file: mtime and size; http: ETag or Last-Modified. Empty when unknown. */
  validator: string;
}

export interface SourceRequest {
  headers: Record<string, string>;
  /** The peer asking, for access checks on local files. */
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
  /** Until the response headers arrive (connecting included). */
  headersMs: number;
  /** Between two pieces of the body. */
  idleMs: number;
}

export interface Source {
  /** The URL the catalog keys by (symlinks resolved for files). */
  readonly canonicalUrl: string;
  read(url: string, request: SourceRequest, limits: ReadLimits): Promise<Fetched>;
  /** Cheap check of a cached model against its origin; false when it changed. */
  unchanged(validator: string, request: SourceRequest): Promise<boolean>;
  /** Where the shards of a model.json at this source live. */
  resolve(relative: string, weightPathPrefix: string | undefined): string;
}
