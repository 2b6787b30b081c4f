import { cuda, DeviceMapping, mapReadOnly, unmap } from '@trims/native-cuda';
import { ErrorCode, IOpenReply, readContents, TensorEntry, TrimsError } from '@trims/protocol';

import { parseStoredModelJson } from './stored-model-json';
import { WeightMap, weightMapOver } from './weight-map';

/**
 * The device to ask the daemon for when the caller named none: the GPU when
 * TensorFlow runs on one, or when the CUDA driver stand-in was chosen
 * (TRIMS_CUDA_DRIVER=standin: the gpu tier's memory is then host memory).
 */
export function gpuByDefault(usingGpuDevice: boolean): boolean {
  return usingGpuDevice || (process.env.TRIMS_CUDA_DRIVER === 'standin' && cuda.isStandIn());
}

/**
 * One tensor per weight over the device mapping, never a copy. The mapping
 * is every tensor's owner: it is unmapped when TensorFlow has released them
 * all and it is collected, never earlier (kernels may still be reading).
 * On the stand-in a device pointer is a host address, so the tensors go on
 * the CPU device.
 */
function deviceWeightMap(mapping: DeviceMapping, tensors: readonly TensorEntry[]): WeightMap {
  return weightMapOver(
    { address: mapping.pointer, owner: mapping },
    tensors,
    (entry) => mapping.read(entry.byteLength, entry.offset),
    cuda.isStandIn() ? 'cpu' : `gpu:${mapping.device}`,
  );
}

/** A gpu-tier model as the client mapped it. */
export interface DeviceWeights {
  modelJson: Record<string, unknown>;
  tensors: readonly TensorEntry[];
  weights: WeightMap;
  /** Another set of tensors over the same mapping (another model built from the same artifacts). */
  weightsAgain(): WeightMap;
  /** Every weight tensor's owner: unmapped once TensorFlow released them all and it is collected. */
  mapping: DeviceMapping;
}

/**
 * A gpu-tier Open reply's two fds: the metadata (header, topology, table)
 * and the exported device allocation, imported and mapped read-only where
 * the driver allows. `own`: model.json as the client parsed it, when the
 * daemon served that very file (else the stored copy is parsed). The
 * caller closes the fds.
 */
export function gpuWeights(
  reply: IOpenReply,
  fds: readonly number[],
  own: Record<string, unknown> | undefined,
): DeviceWeights {
  const segmentBytes = Number(reply.segmentBytes);
  const allocationBytes = Number(reply.gpuAllocationBytes);
  // The table is checked against segmentBytes and the driver maps no more than the allocation
  // holds, so a segment no larger than the mapping keeps every tensor inside mapped memory.
  if (!(segmentBytes <= allocationBytes))
    throw new TrimsError(
      ErrorCode.INTERNAL,
      `the daemon lent a ${segmentBytes}-byte segment in a ${allocationBytes}-byte device mapping`,
      { tier: 'gpu' },
    );
  const metadata = mapReadOnly(fds[0]!);
  let contents;
  try {
    contents = readContents(new Uint8Array(metadata), 'gpu', segmentBytes);
  } finally {
    unmap(metadata); // the strings below are copies
  }
  // Before any tensor exists: a bad topology leaves nothing to dispose.
  const modelJson = own ?? parseStoredModelJson(contents.modelJson, 'gpu');
  const mapping = DeviceMapping.import(fds[1]!, allocationBytes, reply.gpuDevice ?? 0);
  return {
    modelJson,
    tensors: contents.tensors,
    weights: deviceWeightMap(mapping, contents.tensors),
    weightsAgain: () => deviceWeightMap(mapping, contents.tensors),
    mapping,
  };
}
