/**
 * 64-bit fields (sizes, handles, times) decode as numbers, not Long objects:
 * every value here is far below 2^53. Imported before the generated code,
 * whose defaults are fixed when it loads.
 */
import * as protobuf from 'protobufjs/minimal';

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();
