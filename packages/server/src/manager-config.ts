import type { PolicyName } from './policies/policy';
import type { IngestLimits } from './sources/fetch-model';
import type { OriginTimeouts } from './sources/source';
import type { WorkerLimits } from './tiers/segment-workers';

/** What the daemon's model manager is configured with (from `trims serve`'s flags, see config.ts). */
export interface ManagerConfig {
  cacheDir: string;
  hostBudget: number;
  diskBudget: number;
  gpuBudget: number;
  policy: PolicyName;
  allowRoots: string[];
  /** Addresses or CIDRs the daemon may fetch from although they are loopback, private, link-local, metadata or its own. */
  allowFetchFrom: string[];
  /** Freshness of an HTTP response that states none. */
  httpFreshnessMs: number;
  originTimeouts: OriginTimeouts;
  ingestLimits: IngestLimits;
  workers: WorkerLimits;
  /** Cold opens (fetch and conversion) one uid may have in flight. */
  coldOpensPerUid: number;
  /** Bytes one uid may pin. */
  pinQuota: number;
  /** Host-tier bytes the models one uid brings in may occupy. */
  uidShare: number;
}

/** How many models each tier may hold: each holds an fd (see server.ts). */
export interface ModelSlots {
  host: number;
  gpu: number;
}
