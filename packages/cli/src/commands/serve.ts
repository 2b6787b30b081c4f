import { createLogger, resolveConfig, ServeOptions, startServer } from '@trims/server';

/** Runs the daemon in the foreground until SIGTERM or SIGINT, then drains and exits 0. */
export async function serve(options: ServeOptions): Promise<void> {
  const log = createLogger();
  const server = await startServer(resolveConfig(options), log);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
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
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
