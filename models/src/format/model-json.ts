import { NodeDef } from '../graph/attrs';
import { QuantizationRecord } from './quantize';

export interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: QuantizationRecord;
}

export interface ModelJson {
  format: 'graph-model';
  generatedBy: string;
  convertedBy: string;
  signature: {
    inputs: Record<
      string,
      { name: string; dtype: string; tensorShape: { dim: Array<{ size: string }> } }
    >;
    outputs: Record<
      string,
      { name: string; dtype: string; tensorShape: { dim: Array<{ size: string }> } }
    >;
  };
  modelTopology: {
    node: NodeDef[];
    library: Record<string, never>;
    versions: { producer: number };
  };
  weightsManifest: Array<{ paths: string[]; weights: ManifestWeight[] }>;
  userDefinedMetadata?: Record<string, unknown>;
}

const dims = (shape: number[]): Array<{ size: string }> =>
  shape.map((size) => ({ size: String(size) }));

export function modelJson(
  nodes: NodeDef[],
  input: { name: string; shape: number[] },
  output: { name: string; shape: number[] },
  paths: string[],
  weights: ManifestWeight[],
  metadata: Record<string, unknown>,
): ModelJson {
  return {
    format: 'graph-model',
    generatedBy: '2.21.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0 (layout reproduced by @trims/models)',
    signature: {
      inputs: {
        [input.name]: {
          name: `${input.name}:0`,
          dtype: 'DT_FLOAT',
          tensorShape: { dim: dims([-1, ...input.shape]) },
        },
      },
      outputs: {
        [output.name]: {
          name: `${output.name}:0`,
          dtype: 'DT_FLOAT',
          tensorShape: { dim: dims([-1, ...output.shape]) },
        },
      },
    },
    modelTopology: { node: nodes, library: {}, versions: { producer: 1882 } },
    weightsManifest: [{ paths, weights }],
    userDefinedMetadata: metadata,
  };
}
