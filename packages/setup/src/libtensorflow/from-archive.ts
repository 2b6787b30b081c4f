import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';

import { addLinkerNames, hasHeaders, resetDeps } from './deps-layout';

/** The libtensorflow version that @tensorflow/tfjs-node-gpu@4.22.0 was built for. */
export const ARCHIVE_VERSION = '2.9.1';

export function defaultArchiveUrl(variant: 'cpu' | 'gpu'): string {
  return (
    'https://storage.googleapis.com/tensorflow/libtensorflow/' +
    `libtensorflow-${variant}-linux-x86_64-${ARCHIVE_VERSION}.tar.gz`
  );
}

/** Asks whether the archive can be fetched, quickly, so an offline machine moves on. */
export async function archiveReachable(url: string, timeoutMs = 8000): Promise<string | null> {
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (error as Error).message;
  }
}

export async function provisionFromArchive(
  url: string,
  cacheDir: string,
  deps: string,
): Promise<void> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, path.basename(new URL(url).pathname));
  if (!fs.existsSync(file)) {
    const response = await fetch(url);
    if (!response.ok || response.body === null)
      throw new Error(`GET ${url}: HTTP ${response.status}`);
    const partial = `${file}.${process.pid}.part`;
    await pipeline(Readable.fromWeb(response.body as never), fs.createWriteStream(partial));
    fs.renameSync(partial, file);
  }
  resetDeps(deps);
  await tar.x({ file, cwd: deps });
  if (!hasHeaders(path.join(deps, 'include'))) {
    throw new Error(`${url} holds no include/tensorflow/c/c_api.h`);
  }
  addLinkerNames(path.join(deps, 'lib'));
}
