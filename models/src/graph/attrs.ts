/**
 * GraphDef attribute values in the JSON form the tfjs converter writes
 * (protobuf JSON: int64 as strings, strings base64-encoded).
 */
export type AttrValue =
  | { type: string }
  | { i: string }
  | { f: number }
  | { b: boolean }
  | { s: string }
  | { list: { i?: string[]; s?: string[] } }
  | { shape: { dim?: Array<{ size: string }>; unknownRank?: boolean } }
  | { tensor: { dtype: string; tensorShape: { dim?: Array<{ size: string }> } } };

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export const attr = {
  type: (dtype: string): AttrValue => ({ type: dtype }),
  int: (value: number): AttrValue => ({ i: String(value) }),
  float: (value: number): AttrValue => ({ f: value }),
  bool: (value: boolean): AttrValue => ({ b: value }),
  string: (value: string): AttrValue => ({ s: b64(value) }),
  ints: (values: number[]): AttrValue => ({ list: { i: values.map(String) } }),
  strings: (values: string[]): AttrValue => ({ list: { s: values.map(b64) } }),
  emptyList: (): AttrValue => ({ list: {} }),
  shape: (dims: number[]): AttrValue => ({
    shape: { dim: dims.map((size) => ({ size: String(size) })) },
  }),
  tensor: (dtype: string, dims: number[]): AttrValue => ({
    tensor: {
      dtype,
      tensorShape: dims.length === 0 ? {} : { dim: dims.map((size) => ({ size: String(size) })) },
    },
  }),
};

export interface NodeDef {
  name: string;
  op: string;
  input?: string[];
  device?: string;
  attr?: Record<string, AttrValue>;
}
