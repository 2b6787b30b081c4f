let bypassing = 0;

/** True while the TrIMS load router must stand aside (tfjs's own handlers are wanted). */
export function routerBypassed(): boolean {
  return bypassing > 0;
}

/**
 * Runs `load` with the TrIMS router standing aside, so tfjs picks the handler
 * it would pick without TrIMS. tfjs picks handlers synchronously (in
 * findIOHandler, before its first await), which is all this must cover.
 */
export function withoutTrimsRouter<T>(load: () => T): T {
  bypassing++;
  try {
    return load();
  } finally {
    bypassing--;
  }
}
