import { filesFor } from '@trims/client';
import { closeFd, HostMapping } from '@trims/native-cuda';
import {
  ErrorCode,
  readContentsAt,
  readTensorTable,
  TensorEntry,
  Tier,
  TrimsError,
} from '@trims/protocol';
import { loadFramework } from '@trims/tensorflow';

import { daemonClient } from './daemon';
import { countLoad } from './load-stats';
import { gpuByDefault, gpuWeights } from './gpu-weights';
import { Settings } from './settings';
import { hostWeightMap, WeightMap } from './weight-map';

/** What the daemon needs to fetch a model the way tfjs would. */
export interface OpenRequest {
  headers: Record<string, string>;
  weightPathPrefix: string;
}

/** A model the daemon lent: its model.json and its weights as tensors over the daemon's memory. */
export interface SharedModel {
  /** model.json as parsed (its weightsManifest may be there or not: see modelJsonOf). */
  modelJson: Record<string, unknown>;
  tensors: readonly TensorEntry[];
  weights: WeightMap;
  /** Lives exactly as long as some weight's memory is in use (the host map or the GPU mapping). */
  memory: object;
  /** A weight's stored bytes, copied out (tfjs's weightData is one plain buffer). */
  bytesOf(entry: TensorEntry): Uint8Array;
  /** Gives the daemon its reference back; idempotent. A device mapping goes with the tensors over it (`memory`), not here. */
  release(): void;
}

/** The daemon's copy of the topology (an http(s) model, or a file changed since it was read). */
function parseStored(text: string, tier: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new TrimsError(ErrorCode.CORRUPT_MODEL, 'invalid segment: unreadable model.json', {
      tier,
    });
  }
}

function defaultDevice(): string {
  return gpuByDefault(loadFramework().internals.usingGpu()) ? 'gpu:0' : 'cpu';
}

/** Opens `url` at the daemon and maps what it lends; TrimsError when it cannot serve it. */
export async function openShared(
  url: string,
  request: OpenRequest,
  settings: Settings,
): Promise<SharedModel> {
  const client = daemonClient(settings.socketPath);
  const files = filesFor(url, request.weightPathPrefix || undefined); // file://: opened as this process, not by the daemon
  let own: Record<string, unknown> | undefined;
  const { reply, fds } = await client
    .request(
      'open',
      {
        url,
        device: settings.device ?? defaultDevice(),
        options: request,
        attachedFiles: files.fds.length,
      },
      { fds: files.fds },
    )
    .then((answer) => {
      // Asked before the fds close: the daemon served the very model.json parsed here, so it is not parsed again.
      own = files.unchangedSinceRead() ? files.modelJson : undefined;
      return answer;
    })
    .finally(files.close);
  const handle = Number(reply.handle);
  let released = false;
  const releaseReference = (): void => {
    if (released) return;
    released = true;
    if (!client.isClosed) client.request('close', { handle }).catch(() => undefined);
  };
  try {
    if (reply.tier === Tier.GPU) {
      const device = gpuWeights(reply, fds);
      countLoad('shared');
      return {
        modelJson: own ?? parseStored(device.modelJson, 'gpu'),
        tensors: device.tensors,
        weights: device.weights,
        memory: device.mapping,
        bytesOf: (entry) => device.mapping.read(entry.byteLength, entry.offset),
        release: releaseReference,
      };
    }
    const segment = HostMapping.map(fds[0]!);
    const read = (offset: number, length: number): Uint8Array => segment.read(offset, length);
    let modelJson = own;
    let tensors: TensorEntry[];
    if (modelJson !== undefined)
      tensors = readTensorTable(read, segment.byteLength, 'host').tensors;
    else {
      const contents = readContentsAt(read, segment.byteLength, 'host');
      modelJson = parseStored(contents.modelJson, 'host');
      tensors = contents.tensors;
    }
    countLoad('shared');
    return {
      modelJson,
      tensors,
      weights: hostWeightMap(segment, tensors),
      memory: segment.owner,
      bytesOf: (entry) => segment.read(entry.offset, entry.byteLength),
      release: releaseReference,
    };
  } catch (error) {
    releaseReference();
    throw error;
  } finally {
    fds.forEach(closeFd);
  }
}
