import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * node-gyp downloads Node's headers unless told where they are; offline that
 * fails. Node's own installation usually carries them (<prefix>/include/node).
 */
export function nodeGypEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.npm_config_nodedir) return env;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
    return { ...env, npm_config_nodedir: prefix };
  }
  return env;
}

/** What to try when a node-gyp build fails, whichever addon it was. */
export const NODE_GYP_REMEDIES: readonly string[] = [
  'check that python3, make and g++ are installed (node-gyp needs them)',
  "if node-gyp tried to download Node's headers, set npm_config_nodedir to the directory holding include/node",
];
