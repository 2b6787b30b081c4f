import { createLogger, resolveConfig, ServeOptions, startServer } from '@trims/server';

/**
 * Runs the daemon in the foreground until SIGTERM, SIGINT or SIGHUP (its
 * terminal gone), then drains and exits 0; a second signal while it drains
 * exits at once (128 + the signal's number, as the shell reports a kill).
 */
export async function serve(options: ServeOptions): Promise<void> {
  const log = createLogger();
  const server = await startServer(resolveConfig(options), log);
  let stopping = false;
  const stop = (signal: NodeJS.Signals, number: number): void => {
    if (stopping) {
      log.warn({ signal }, 'a second signal while draining: exiting now');
      process.exit(128 + number);
    }
    stopping = true;
    log.info({ signal }, 'draining');
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const [signal, number] of [
    ['SIGTERM', 15],
    ['SIGINT', 2],
    ['SIGHUP', 1],
  ] as const)
    process.on(signal, () => stop(signal, number));
}
