import { Answer, filesFor, TrimsClient } from '@trims/client';
import { closeFd, HostMapping } from '@trims/native-cuda';
import { IOpenReply, readContentsAt, readTensorTable, TensorEntry, Tier } from '@trims/protocol';
import { loadFramework } from '@trims/tensorflow';

import { daemonClient } from './daemon';
import { countLoad } from './load-stats';
import { gpuByDefault, gpuWeights } from './gpu-weights';
import { Settings } from './settings';
import { parseStoredModelJson } from './stored-model-json';
import { hostWeightMap, WeightMap } from './weight-map';

/** What the daemon needs to fetch a model the way tfjs would. */
export interface OpenRequest {
  headers: Record<string, string>;
  weightPathPrefix: string;
}

/** A model the daemon lent: its model.json and its weights as tensors over the daemon's memory. */
export interface SharedModel {
  /** model.json as parsed: this process's own parse (with its weightsManifest), else the daemon's stored copy (without). */
  modelJson: Record<string, unknown>;
  tensors: readonly TensorEntry[];
  weights: WeightMap;
  /** Another set of tensors over the same memory, for another model (each model disposes its own). */
  weightsAgain(): WeightMap;
  /** Lives exactly as long as some weight's memory is in use (the host map or the GPU mapping). */
  memory: object;
  /** A weight's stored bytes, copied out (tfjs's weightData is one plain buffer). */
  bytesOf(entry: TensorEntry): Uint8Array;
  /** Gives the daemon its reference back; idempotent. A device mapping goes with the tensors over it (`memory`), not here. */
  release(): void;
}

function defaultDevice(): string {
  return gpuByDefault(loadFramework().internals.usingGpu()) ? 'gpu:0' : 'cpu';
}

type Lent = Omit<SharedModel, 'release'>;

/** A gpu-tier reply: the metadata fd and the exported allocation. */
function fromDevice(
  reply: IOpenReply,
  fds: readonly number[],
  own: Lent['modelJson'] | undefined,
): Lent {
  const device = gpuWeights(reply, fds, own);
  return {
    modelJson: device.modelJson,
    tensors: device.tensors,
    weights: device.weights,
    weightsAgain: device.weightsAgain,
    memory: device.mapping,
    bytesOf: (entry) => device.mapping.read(entry.byteLength, entry.offset),
  };
}

/** A host or disk reply: the segment's fd, mapped read-only; the topology parsed before any tensor exists. */
function fromHost(fd: number, own: Lent['modelJson'] | undefined): Lent {
  const segment = HostMapping.map(fd);
  const read = (offset: number, length: number): Uint8Array => segment.read(offset, length);
  let modelJson = own;
  let tensors: TensorEntry[];
  if (modelJson !== undefined) tensors = readTensorTable(read, segment.byteLength, 'host').tensors;
  else {
    const contents = readContentsAt(read, segment.byteLength, 'host');
    modelJson = parseStoredModelJson(contents.modelJson, 'host');
    tensors = contents.tensors;
  }
  return {
    modelJson,
    tensors,
    weights: hostWeightMap(segment, tensors),
    weightsAgain: () => hostWeightMap(segment, tensors),
    memory: segment.owner,
    bytesOf: (entry) => segment.read(entry.offset, entry.byteLength),
  };
}

/** An Open on its way: the request has left; what this process parsed of model.json is ready now. */
export interface Opening {
  /**
   * file://: model.json as this process parsed it, to build the graph from
   * while the daemon answers. The model lent has this very object as its
   * modelJson when the daemon served the file parsed here.
   */
  modelJson: Record<string, unknown> | undefined;
  /** The model lent; TrimsError when the daemon cannot serve it. */
  shared: Promise<SharedModel>;
  /** Takes the daemon's answer now if it has come (see TrimsClient.receiveNow). */
  receiveNow(): void;
}

/** Sends an Open of `url` to the daemon (before it returns); the model lent arrives as `shared`. */
export function openShared(url: string, request: OpenRequest, settings: Settings): Opening {
  // file://: opened as this process, not by the daemon; first, so that a model this process
  // cannot read is a ModelFileError whether or not a daemon answers
  const files = filesFor(url);
  let client: TrimsClient;
  try {
    client = daemonClient(settings.socketPath);
  } catch (error) {
    files.close();
    throw error;
  }
  const answer = client
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
      const own = files.unchangedSinceRead() ? files.modelJson : undefined;
      return { ...answer, own };
    })
    .finally(files.close);
  return {
    modelJson: files.modelJson,
    shared: answer.then((open) => lend(client, open)),
    receiveNow: () => client.receiveNow(),
  };
}

/** Maps what the daemon lent; the daemon's reference goes back if that fails. */
function lend(
  client: TrimsClient,
  { reply, fds, own }: Answer<'open'> & { own: Record<string, unknown> | undefined },
): SharedModel {
  const handle = Number(reply.handle);
  let released = false;
  const releaseReference = (): void => {
    if (released) return;
    released = true;
    if (!client.isClosed) client.request('close', { handle }).catch(() => undefined);
  };
  try {
    const lent = reply.tier === Tier.GPU ? fromDevice(reply, fds, own) : fromHost(fds[0]!, own);
    countLoad('shared');
    return { ...lent, release: releaseReference };
  } catch (error) {
    releaseReference();
    throw error;
  } finally {
    fds.forEach(closeFd);
  }
}
