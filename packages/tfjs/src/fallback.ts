import { ErrorCode, TrimsError } from '@trims/protocol';

import { TrimsLoadError } from './errors';
import { countLoad } from './load-stats';
import type { Settings } from './settings';

const told = new Set<string>();

/** Every private load: counted (loadStats), and said once per model on stderr with why. */
function tellOnce(url: string, message: string, settings: Settings): void {
  countLoad('private');
  if (told.has(url) || settings.quiet) return;
  told.add(url);
  process.stderr.write(message);
}

/** tf.loadGraphModel's fallback: the daemon could not serve `url`. */
export function announceFallback(url: string, reason: string, settings: Settings): void {
  tellOnce(
    url,
    `trims: ${reason}\ntrims: loading ${url} with tf.loadGraphModel instead (TRIMS_QUIET=1 silences this, TRIMS_STRICT=1 makes it an error)\n`,
    settings,
  );
}

/** A load the register hook saw but does not share: one line, why. */
export function announcePrivate(url: string, reason: string, settings: Settings): void {
  tellOnce(
    url,
    `trims: not shared, loading privately: ${url}: ${reason} (TRIMS_QUIET=1 silences this)\n`,
    settings,
  );
}

/** A load the daemon cannot do (as tfjs would): an error in strict mode, else said once. */
export function loadPrivately(url: string, why: string | TrimsError, settings: Settings): void {
  const cause = typeof why === 'string' ? new TrimsError(ErrorCode.BAD_REQUEST, why) : why;
  if (settings.strict) throw new TrimsLoadError(url, cause);
  announcePrivate(url, cause.message, settings);
}
