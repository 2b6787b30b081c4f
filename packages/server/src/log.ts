import pino, { Logger } from 'pino';

/** Structured logs to stderr (stdout stays free for command output). */
export function createLogger(level = process.env.TRIMS_LOG_LEVEL || 'info'): Logger {
  const levels = [...Object.keys(pino.levels.values), 'silent'];
  if (!levels.includes(level))
    throw new Error(
      `TRIMS_LOG_LEVEL "${level}" is not a log level: use one of ${levels.join(', ')}`,
    );
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}
