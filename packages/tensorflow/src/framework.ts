import * as fs from 'node:fs';
import * as path from 'node:path';

import { bindingPath, depsDir, readProvenance } from '@trims/setup';
import type * as TF from '@tensorflow/tfjs-node-gpu';

import { FrameworkLoadError } from './errors';

export type Tf = typeof TF;

/** Memory outside the JS heap, e.g. a CUDA device pointer or an IPC mapping. */
export interface ExternalMemory {
  /** The first byte; 64-byte aligned. */
  address: bigint;
  byteLength: number;
  /** Kept alive until TensorFlow releases the tensor. */
  owner: object;
}

export type ExternalMemorySource = ArrayBufferView | ExternalMemory;
export type ExternalDType = 'float32' | 'int32' | 'bool';

/** The API our patch adds under tf.node (patches/@tensorflow+tfjs-node-gpu+4.22.0.patch). */
export interface PatchedNodeApi {
  createTensorFromMemory(
    source: ExternalMemorySource,
    shape: number[],
    dtype: ExternalDType,
    options?: { device?: string },
  ): TF.Tensor;
  deviceNames(): string[];
}

/** What is wrong with the installation, each cause checked on disk. */
function diagnose(): string[] {
  const causes: string[] = [];
  const lib = path.join(depsDir(), 'lib');
  const libraries = fs.existsSync(lib)
    ? fs.readdirSync(lib).filter((name) => name.startsWith('libtensorflow'))
    : [];
  if (libraries.length === 0) causes.push(`no libtensorflow in ${lib}`);
  if (!fs.existsSync(bindingPath())) causes.push(`the binding is not built (${bindingPath()})`);
  const provenance = readProvenance();
  if (provenance.patches === undefined) causes.push('set-up has not recorded applying patches/');
  return causes;
}

let loaded: { tf: Tf; patched: PatchedNodeApi } | undefined;

/** Loads the framework once; on failure one error lists every cause found and the fixes. */
export function loadFramework(): { tf: Tf; patched: PatchedNodeApi } {
  if (loaded !== undefined) return loaded;
  let tf: Tf;
  try {
    tf = require('@tensorflow/tfjs-node-gpu') as Tf;
  } catch (error) {
    throw new FrameworkLoadError(
      [...diagnose(), `require failed: ${(error as Error).message.split('\n')[0]}`],
      REMEDIES,
      {
        cause: error,
      },
    );
  }
  const node = tf.node as unknown as Partial<PatchedNodeApi>;
  if (typeof node.createTensorFromMemory !== 'function' || typeof node.deviceNames !== 'function') {
    throw new FrameworkLoadError(
      ['the loaded framework lacks tf.node.createTensorFromMemory: patches/ is not applied'],
      REMEDIES,
    );
  }
  loaded = { tf, patched: node as PatchedNodeApi };
  return loaded;
}

const REMEDIES = [
  'run `npm run setup` from the repository root (provisions libtensorflow, applies patches/, builds the binding)',
  'run `npx trims doctor` to see what set-up found',
  'see "Troubleshooting" in the README for the libtensorflow step',
];
