import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { generateModel, readIndex, writeIndex } from '@trims/models';
import { Daemon } from '@trims/testing';

/** Generated models are kept between runs (same seed, same bytes). */
export const ZOO_DIR = process.env.TRIMS_BENCH_ZOO ?? path.join(os.tmpdir(), 'trims-bench-zoo');

export interface ZooModel {
  name: string;
  url: string;
  bytes: number;
  parameters: number;
  inputShape: number[];
}

export function zoo(names: string[]): ZooModel[] {
  fs.mkdirSync(ZOO_DIR, { recursive: true });
  const known = new Map(readIndex(ZOO_DIR).map((entry) => [entry.name, entry]));
  const missing = names.filter(
    (name) => !known.has(name) || !fs.existsSync(path.join(ZOO_DIR, name, 'model.json')),
  );
  if (missing.length > 0)
    writeIndex(
      ZOO_DIR,
      missing.map((name) => generateModel(name, ZOO_DIR, { seed: 1 })),
      1,
      null,
    );
  const index = new Map(readIndex(ZOO_DIR).map((entry) => [entry.name, entry]));
  return names.map((name) => {
    const entry = index.get(name)!;
    return {
      name,
      url: `file://${path.join(ZOO_DIR, name, 'model.json')}`,
      bytes: entry.bytes,
      parameters: entry.parameters,
      inputShape: entry.inputShape,
    };
  });
}

/** Runs `use` against a fresh daemon (its own socket and cache), stopped afterwards. */
export async function withDaemon<T>(
  flags: string[],
  use: (daemon: Daemon) => Promise<T>,
): Promise<T> {
  // Logging as a deployed daemon does (the tests' default is debug: a line per request).
  const daemon = await Daemon.start(flags, { env: { TRIMS_LOG_LEVEL: 'info' } });
  try {
    return await use(daemon);
  } finally {
    await daemon.stop();
    fs.rmSync(daemon.dir, { recursive: true, force: true });
  }
}

export interface SuiteOptions {
  quick: boolean;
  /** Called after each unit of work, for the progress bar. */
  tick: (label: string) => void;
}
