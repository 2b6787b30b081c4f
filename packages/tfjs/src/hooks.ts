/**
 * register(), which `node -r @trims/tfjs/register app.js` calls: every way
 * the application loads a model from a file:// or http(s):// URL goes
 * through TrIMS. The framework's
 * own tf.loadGraphModel (from @tensorflow/tfjs, -node or -node-gpu, which
 * all re-export tfjs-converter's) is replaced, and a load router registered
 * with tfjs-core covers the rest: new GraphModel(url).load(), the
 * findIOHandler + handler.load() + loadSync pattern, tf.io.getLoadHandlers,
 * and tf.loadLayersModel.
 */
import { dirname } from 'node:path';

import { trimsLoadRouter, TfIo } from './io-router';
import { loadGraphModel, setFrameworkLoader } from './load-graph-model';
import { resolveSettings } from './settings';

type Converter = { loadGraphModel: Parameters<typeof setFrameworkLoader>[0] };
type Core = { io: TfIo };

/** The application's copy first (resolved from where it runs), then ours. */
function copiesOf<T>(name: string): Set<T> {
  const from = [process.cwd(), dirname(process.argv[1] ?? '.'), __dirname];
  const copies = new Set<T>();
  for (const dir of from) {
    try {
      copies.add(require(require.resolve(name, { paths: [dir] })) as T);
    } catch {
      // not installed where this application runs
    }
  }
  return copies;
}

let registered = false;

/** Installs the hooks in every copy of the framework the application can reach; idempotent. */
export function register(): void {
  if (registered) return;
  registered = true;
  for (const converter of copiesOf<Converter>('@tensorflow/tfjs-converter')) {
    if (converter.loadGraphModel === (loadGraphModel as unknown)) continue;
    setFrameworkLoader(converter.loadGraphModel);
    converter.loadGraphModel = loadGraphModel as unknown as Converter['loadGraphModel'];
  }
  for (const core of copiesOf<Core>('@tensorflow/tfjs-core')) {
    if (core.io.supportsExclusiveHandlers === true) {
      core.io.registerLoadRouter(
        trimsLoadRouter(core.io) as Parameters<TfIo['registerLoadRouter']>[0],
      );
    } else if (!resolveSettings({}).quiet) {
      // Unpatched, tfjs-core would see two handlers for one URL and refuse both.
      process.stderr.write(
        'trims: this @tensorflow/tfjs-core lacks the TrIMS patch (patches/): only tf.loadGraphModel is shared; run `npm run setup`\n',
      );
    }
  }
}
