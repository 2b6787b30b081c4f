/** Who asks, with what: every Open proves access with its own request. */
export interface SourceRequest {
  headers: Record<string, string>;
  /** The peer asking. */
  peerUid: number;
}

/** A model's origin (the remote tier), for one request. */
export interface Source {
  /** The URL shown for the model (symlinks resolved for files; redact before showing http ones). */
  readonly canonicalUrl: string;
  /** What the catalog keys by: the model.json and the shard locations it resolves to. */
  readonly cacheKey: string;
  readModel(request: SourceRequest): Promise<Buffer>;
  /** The shards model.json names, in order. */
  readShards(paths: string[], request: SourceRequest): Promise<Buffer[]>;
  /** After a complete fetch: keeps what later revalidation needs (or refuses to share). */
  remember(): void;
  /** May this request be served the cached copy under cacheKey? false: fetch again; throws when access is refused. */
  revalidate(request: SourceRequest): Promise<boolean>;
}
