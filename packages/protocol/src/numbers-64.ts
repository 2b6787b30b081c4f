/**
 * 64-bit fields (sizes, handles, times) decode as numbers, not Long objects:
 * every value here is far below 2^53. Imported before the generated code,
 * whose defaults are fixed when it loads.
 */
import type * as Protobuf from 'protobufjs/minimal';

// protobufjs loads long.js when no Long is on the global object, and long.js compiles a
// WebAssembly module (~15 ms, paid by every client process): a placeholder keeps it out.
const global = globalThis as { Long?: unknown };
const hadLong = Object.prototype.hasOwnProperty.call(global, 'Long');
const previous = global.Long;
if (!hadLong) global.Long = {};
let protobuf: typeof Protobuf;
try {
  protobuf = require('protobufjs/minimal') as typeof Protobuf;
} finally {
  if (!hadLong) delete global.Long;
  else global.Long = previous;
}

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();
