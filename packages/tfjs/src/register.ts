/**
 * `node -r @trims/tfjs/register app.js`: the framework's own
 * tf.loadGraphModel (from @tensorflow/tfjs, -node or -node-gpu, which all
 * re-export tfjs-converter's) goes through TrIMS for the URLs it can serve.
 */
import './quiet-tensorflow';

import * as path from 'node:path';

import { loadGraphModel, setFrameworkLoader } from './load-graph-model';

type Converter = { loadGraphModel: Parameters<typeof setFrameworkLoader>[0] };

function converterOf(from: string): Converter | undefined {
  try {
    return require(require.resolve('@tensorflow/tfjs-converter', { paths: [from] })) as Converter;
  } catch {
    return undefined;
  }
}

// The application's copy first (resolved from where it runs), then ours.
const converters = new Set([
  converterOf(process.cwd()),
  converterOf(path.dirname(process.argv[1] ?? '.')),
  converterOf(__dirname),
]);
for (const converter of converters) {
  if (converter === undefined || converter.loadGraphModel === (loadGraphModel as unknown)) continue;
  setFrameworkLoader(converter.loadGraphModel);
  converter.loadGraphModel = loadGraphModel as unknown as Converter['loadGraphModel'];
}
