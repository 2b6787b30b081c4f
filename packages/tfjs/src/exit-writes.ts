/**
 * The code caches a process writes at exit: one exit listener per process,
 * and each cache written once, from the copy of the bundle that ran a load.
 */
/** One loaded copy of a bundle, held weakly: a copy dropped from require.cache can be collected. */
export interface Instance {
  /** Whether it ran what matters; undefined once collected. */
  warm(): boolean | undefined;
  /** Whether a cold cache should be written for it (none was found, or V8 rejected it). */
  needsCold: boolean;
  write(warm: boolean): void;
}

/** Versioned: another version of @trims/tfjs in the process keeps a registry of its own. */
const EXIT_WRITES = Symbol.for('@trims/tfjs: code caches to write at exit, v1');

function writeAtExit(instances: Map<string, Instance[]>): void {
  for (const copies of instances.values())
    try {
      // Asked once each: undefined for a copy collected since.
      const alive = copies
        .map((copy) => ({ copy, warm: copy.warm() }))
        .filter((state) => state.warm !== undefined);
      // The copy that loaded a model writes the warm cache (a later import of the same
      // build, or a second install of it, would write a cold one over it).
      const warm = alive.find((state) => state.warm === true)?.copy;
      const last = alive.at(-1)?.copy;
      if (warm !== undefined) warm.write(true);
      else if (last?.needsCold === true) last.write(false);
    } catch {
      // a cache is worth no failure of the process that is exiting
    }
}

/**
 * One exit listener per process, whatever re-requires the bundle
 * (require.cache cleared by a test runner or a hot reload) and however many
 * installs of one build it loads: at exit, each cache is written once.
 */
export function atExit(stem: string, instance: Instance): void {
  const global = globalThis as { [EXIT_WRITES]?: unknown };
  let registry = global[EXIT_WRITES];
  if (!(registry instanceof Map)) {
    const own = new Map<string, Instance[]>();
    // Something else under the key is not ours to replace: this copy keeps its own.
    if (registry === undefined) global[EXIT_WRITES] = own;
    registry = own;
    process.once('exit', () => writeAtExit(own));
  }
  const instances = registry as Map<string, Instance[]>;
  const alive = (instances.get(stem) ?? []).filter((copy) => copy.warm() !== undefined);
  instances.set(stem, [...alive, instance]);
}
