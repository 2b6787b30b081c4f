import * as fs from 'node:fs';
import * as path from 'node:path';

import { SetupError, messageOf } from '../errors';
import { sha256 } from '../fingerprint';
import { nvidiaGpuPresent } from '../gpu-detect';
import { depsDir, downloadCacheDir } from '../paths';
import { LibtensorflowOrigin, LibtensorflowRecord, readProvenance } from '../provenance';
import { hasHeaders, libraryFiles } from './deps-layout';
import {
  ARCHIVE_VERSION,
  archiveReachable,
  defaultArchiveUrl,
  provisionFromArchive,
} from './from-archive';
import { provisionFromDirectory } from './from-directory';
import { downloadWheel, extractWheel, parseRequirement } from './from-wheel';

const STEP = 'libtensorflow';
const ORIGINS: readonly LibtensorflowOrigin[] = ['directory', 'archive', 'wheel'];

/** What the user asked for, from the environment; its fingerprint decides whether to redo the step. */
export interface LibtensorflowRequest {
  directory?: string;
  archiveUrl: string;
  wheel: string;
  python: string;
  only?: LibtensorflowOrigin;
  variant: 'cpu' | 'gpu';
  cacheDir: string;
}

export function requestFromEnv(env: NodeJS.ProcessEnv = process.env): LibtensorflowRequest {
  const variant = nvidiaGpuPresent() ? 'gpu' : 'cpu';
  const only = env.TRIMS_LIBTENSORFLOW_ORIGIN as LibtensorflowOrigin | undefined;
  if (only !== undefined && !ORIGINS.includes(only)) {
    throw new SetupError(
      STEP,
      `TRIMS_LIBTENSORFLOW_ORIGIN=${only} is not one of ${ORIGINS.join(', ')}`,
      [`set TRIMS_LIBTENSORFLOW_ORIGIN to ${ORIGINS.join(', ')}, or unset it to try each in turn`],
    );
  }
  return {
    ...(env.TRIMS_LIBTENSORFLOW_DIR ? { directory: env.TRIMS_LIBTENSORFLOW_DIR } : {}),
    ...(only ? { only } : {}),
    archiveUrl: env.TRIMS_LIBTENSORFLOW_URL || defaultArchiveUrl(variant),
    // The GPU-enabled wheel needs CUDA wheels beside it; the CPU wheel is self-contained.
    wheel: env.TRIMS_TENSORFLOW_WHEEL || 'tensorflow-cpu==2.21.0',
    python: env.TRIMS_PYTHON || 'python3',
    variant,
    cacheDir: downloadCacheDir(env),
  };
}

function installed(deps: string): boolean {
  return hasHeaders(path.join(deps, 'include')) && libraryFiles(path.join(deps, 'lib')).length > 0;
}

/**
 * Puts a libtensorflow under the framework: the directory the user named,
 * else the official archive when it is reachable, else the pip wheel.
 * Does nothing when the same request was already satisfied.
 */
export async function provisionLibtensorflow(
  request: LibtensorflowRequest,
  log: (line: string) => void,
): Promise<{ record: LibtensorflowRecord; changed: boolean }> {
  const deps = depsDir();
  const fingerprint = sha256(JSON.stringify(request));
  const previous = readProvenance().libtensorflow;
  if (previous?.request === fingerprint && installed(deps)) {
    return { record: previous, changed: false };
  }
  fs.mkdirSync(deps, { recursive: true });
  const wanted = (origin: LibtensorflowOrigin): boolean =>
    request.only !== undefined
      ? request.only === origin
      : origin !== 'directory' || request.directory !== undefined;
  const skipped: string[] = [];

  if (wanted('directory')) {
    if (request.directory === undefined) {
      throw new SetupError(
        STEP,
        'TRIMS_LIBTENSORFLOW_ORIGIN=directory needs TRIMS_LIBTENSORFLOW_DIR',
        [
          'set TRIMS_LIBTENSORFLOW_DIR to a directory with include/ and lib/ (or an installed tensorflow package)',
        ],
      );
    }
    try {
      provisionFromDirectory(request.directory, deps);
    } catch (error) {
      throw new SetupError(
        STEP,
        `TRIMS_LIBTENSORFLOW_DIR=${request.directory}: ${messageOf(error)}`,
        [
          'point TRIMS_LIBTENSORFLOW_DIR at a directory holding include/tensorflow/c/c_api.h and libtensorflow*.so',
          'or unset it to let set-up fetch libtensorflow itself',
        ],
      );
    }
    const record: LibtensorflowRecord = {
      origin: 'directory',
      source: path.resolve(request.directory),
      variant: request.variant,
      version: 'see TF_Version',
      request: fingerprint,
      skipped,
    };
    return { record, changed: true };
  }

  if (wanted('archive')) {
    log(`trying the official ${request.variant} archive ${request.archiveUrl}`);
    const unreachable = await archiveReachable(request.archiveUrl);
    if (unreachable === null) {
      try {
        await provisionFromArchive(request.archiveUrl, request.cacheDir, deps);
        const record: LibtensorflowRecord = {
          origin: 'archive',
          source: request.archiveUrl,
          variant: request.variant,
          version: /-(\d+\.\d+\.\d+)\.tar\.gz$/.exec(request.archiveUrl)?.[1] ?? ARCHIVE_VERSION,
          request: fingerprint,
          skipped,
        };
        return { record, changed: true };
      } catch (error) {
        skipped.push(`archive ${request.archiveUrl}: ${messageOf(error)}`);
      }
    } else {
      skipped.push(`archive ${request.archiveUrl}: unreachable (${unreachable})`);
    }
    log(`  ${skipped[skipped.length - 1]}`);
  }

  if (wanted('wheel')) {
    log(`trying the pip wheel ${request.wheel}`);
    try {
      const wheel = await downloadWheel(request.wheel, request.cacheDir, request.python);
      log(`  extracting the C API from ${path.basename(wheel)}`);
      await extractWheel(wheel, deps);
      const record: LibtensorflowRecord = {
        origin: 'wheel',
        source: `${request.wheel} (${path.basename(wheel)})`,
        variant: 'cpu',
        version: parseRequirement(request.wheel).version,
        request: fingerprint,
        skipped,
      };
      return { record, changed: true };
    } catch (error) {
      skipped.push(`wheel ${request.wheel}: ${messageOf(error)}`);
    }
  }

  throw new SetupError(STEP, `no libtensorflow could be obtained:\n    ${skipped.join('\n    ')}`, [
    'set TRIMS_LIBTENSORFLOW_DIR to a directory with a libtensorflow you already have (include/ and lib/)',
    'set TRIMS_LIBTENSORFLOW_URL to a reachable libtensorflow archive (.tar.gz)',
    `make "${request.python} -m pip download ${request.wheel} --no-deps" work (TRIMS_PYTHON, pip's index settings), or set TRIMS_TENSORFLOW_WHEEL`,
  ]);
}
