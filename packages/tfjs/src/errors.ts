import { TrimsError } from '@trims/protocol';

/** A load the daemon could not serve, in strict mode: names the model, the tier and the cause. */
export class TrimsLoadError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: TrimsError,
  ) {
    super(`TrIMS could not load ${url}: ${cause.message}`, { cause });
    this.name = 'TrimsLoadError';
  }
}
