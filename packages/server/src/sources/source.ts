/** Bytes read from a model's origin, with what tells whether they changed since. */
export interface Fetched {
  body: Buffer;
  /** file: mtime and size; http: ETag or Last-Modified. Empty when unknown. */
  validator: string;
}

export interface SourceRequest {
  headers: Record<string, string>;
  /** The peer asking, for access checks on local files. */
  peerUid: number;
}

export interface Source {
  /** The URL the catalog keys by (symlinks resolved for files). */
  readonly canonicalUrl: string;
  read(url: string, request: SourceRequest): Promise<Fetched>;
  /** Cheap check of a cached model against its origin; false when it changed. */
  unchanged(validator: string, request: SourceRequest): Promise<boolean>;
  /** Where the shards of a model.json at this source live. */
  resolve(relative: string, weightPathPrefix: string | undefined): string;
}
