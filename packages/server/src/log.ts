import pino, { Logger } from 'pino';

/** Structured logs to stderr (stdout stays free for command output). */
export function createLogger(level = process.env.TRIMS_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}
