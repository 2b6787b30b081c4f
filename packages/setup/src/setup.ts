import { applyPatches } from './apply-patches';
import { buildAddon } from './build-addon';
import { buildBinding } from './build-binding';
import { provisionLibtensorflow, requestFromEnv } from './libtensorflow/provision';
import { readProvenance, updateProvenance } from './provenance';
import { verifyFramework } from './verify';

export type Report = (step: string, outcome: string) => void;

/**
 * Every build step after `npm install`, in order. Each step is skipped when
 * its inputs are unchanged, so a second run does nothing twice.
 */
export async function runSetup(report: Report, log: (line: string) => void): Promise<void> {
  if (process.env.TRIMS_FORCE_REBUILD === '1') {
    updateProvenance({ binding: undefined, addon: undefined, sqlite: undefined });
  }
  const lib = await provisionLibtensorflow(requestFromEnv(), log);
  updateProvenance({ libtensorflow: lib.record });
  const { origin, source, version, variant } = lib.record;
  report(
    'libtensorflow',
    `${lib.changed ? 'provisioned' : 'already in place'}: ${version} ${variant} from ${origin} ${source}`,
  );

  const patches = await applyPatches();
  updateProvenance({ patches: patches.records });
  report(
    'patches',
    `${patches.changed ? 'applied' : 'already applied'}: ${patches.records.map((p) => p.file).join(', ')}`,
  );

  const binding = await buildBinding(lib.record, patches.records);
  updateProvenance({ binding: binding.record });
  report(
    'binding',
    binding.changed ? `built from source in ${binding.record.seconds.toFixed(1)} s` : 'up to date',
  );

  const addon = await buildAddon('native-cuda', 'trims_native.node', readProvenance().addon);
  updateProvenance({ addon: addon.record });
  report(
    'native addon',
    addon.changed ? `built in ${addon.record.seconds.toFixed(1)} s` : 'up to date',
  );

  const sqlite = await buildAddon(
    'node_modules/better-sqlite3',
    'better_sqlite3.node',
    readProvenance().sqlite,
    'src',
  );
  updateProvenance({ sqlite: sqlite.record });
  report(
    'sqlite',
    sqlite.changed ? `better-sqlite3 built in ${sqlite.record.seconds.toFixed(1)} s` : 'up to date',
  );

  const check = await verifyFramework();
  report('check', `conv2d ran on TensorFlow ${check.tfVersion} (${check.gpu ? 'GPU' : 'CPU'})`);
}
