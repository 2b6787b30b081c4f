import type { Settings } from './settings';

let told = false;

/** Says once per process, on stderr, that a model is being loaded privately and why. */
export function announceFallback(url: string, reason: string, settings: Settings): void {
  if (told || settings.quiet) return;
  told = true;
  process.stderr.write(
    `trims: ${reason}\ntrims: loading ${url} with tf.loadGraphModel instead (TRIMS_QUIET=1 silences this, TRIMS_STRICT=1 makes it an error)\n`,
  );
}
