import * as fs from 'node:fs';
import * as path from 'node:path';

import { depsDir } from './paths';

export type LibtensorflowOrigin = 'directory' | 'archive' | 'wheel';

/** Where the libtensorflow under the framework came from. */
export interface LibtensorflowRecord {
  origin: LibtensorflowOrigin;
  /** A directory, a URL or a pip requirement. */
  source: string;
  variant: 'cpu' | 'gpu';
  version: string;
  /** Fingerprint of the request that produced it; unchanged means nothing to do. */
  request: string;
  /** Origins tried before this one, and why they were passed over. */
  skipped: string[];
}

export interface PatchRecord {
  file: string;
  sha256: string;
}

export interface BuildRecord {
  /** Fingerprint of every input of the build. */
  inputs: string;
  output: string;
  seconds: number;
}

/** What set-up did, kept beside the framework's deps so `trims doctor` can say it. */
export interface Provenance {
  libtensorflow?: LibtensorflowRecord;
  patches?: PatchRecord[];
  binding?: BuildRecord;
  addon?: BuildRecord;
  /** better-sqlite3 (the daemon's catalog), built from source: install scripts stay off. */
  sqlite?: BuildRecord;
}

export function provenanceFile(): string {
  return path.join(depsDir(), 'trims-provenance.json');
}

export function readProvenance(): Provenance {
  try {
    return JSON.parse(fs.readFileSync(provenanceFile(), 'utf8')) as Provenance;
  } catch {
    return {};
  }
}

export function updateProvenance(change: Partial<Provenance>): Provenance {
  const next = { ...readProvenance(), ...change };
  fs.mkdirSync(path.dirname(provenanceFile()), { recursive: true });
  const tmp = `${provenanceFile()}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  fs.renameSync(tmp, provenanceFile());
  return next;
}
