import { closeFd, IpcMapping, mapReadOnly } from '@trims/native-cuda';
import { readContents, TensorEntry, Tier } from '@trims/protocol';
import { loadFramework } from '@trims/tensorflow';

import { daemonClient } from './daemon';
import { Settings } from './settings';
import { gpuWeightMap, hostWeightMap, WeightMap } from './weight-map';

/** What the daemon needs to fetch a model the way tfjs would. */
export interface OpenRequest {
  headers: Record<string, string>;
  weightPathPrefix: string;
}

/** A model the daemon lent: its model.json and its weights as tensors over the daemon's memory. */
export interface SharedModel {
  modelJson: string;
  tensors: readonly TensorEntry[];
  weights: WeightMap;
  /** Lives exactly as long as some weight's memory is in use (the host map or the GPU mapping). */
  memory: object;
  /** A weight's stored bytes, copied out (tfjs's weightData is one plain buffer). */
  bytesOf(entry: TensorEntry): Uint8Array;
  /** Gives the daemon its reference back and closes a GPU mapping; idempotent; only once no weight uses `memory`. */
  release(): void;
}

function defaultDevice(): string {
  const backend = loadFramework().tf.backend() as unknown as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice ? 'gpu:0' : 'cpu';
}

/** Opens `url` at the daemon and maps what it lends; TrimsError when it cannot serve it. */
export async function openShared(
  url: string,
  request: OpenRequest,
  settings: Settings,
): Promise<SharedModel> {
  const client = await daemonClient(settings.socketPath);
  const { reply, fds } = await client.request('open', {
    url,
    device: settings.device ?? defaultDevice(),
    options: request,
  });
  const handle = Number(reply.handle);
  let released = false;
  const releaseReference = (): void => {
    if (released) return;
    released = true;
    if (!client.isClosed) client.request('close', { handle }).catch(() => undefined);
  };
  try {
    const segment = mapReadOnly(fds[0]!);
    const contents = readContents(new Uint8Array(segment), 'host');
    const base = { modelJson: contents.modelJson, tensors: contents.tensors };
    if (reply.tier !== Tier.GPU) {
      return {
        ...base,
        weights: hostWeightMap(segment, contents.tensors),
        memory: segment,
        bytesOf: (entry) => new Uint8Array(segment, entry.offset, entry.byteLength).slice(),
        release: releaseReference,
      };
    }
    const device = reply.gpuDevice ?? 0;
    const mapping = IpcMapping.open(
      Buffer.from(reply.cudaIpcHandle!),
      Number(reply.segmentBytes),
      device,
    );
    // The tensors keep this token alive, not the mapping: once it is
    // collected, a finalizer may close the mapping it does not reference.
    const token = {};
    return {
      ...base,
      weights: gpuWeightMap(mapping, contents.tensors, device, token),
      memory: token,
      bytesOf: (entry) => mapping.read(entry.byteLength, entry.offset),
      release: () => {
        mapping.close();
        releaseReference();
      },
    };
  } catch (error) {
    releaseReference();
    throw error;
  } finally {
    fds.forEach(closeFd);
  }
}
