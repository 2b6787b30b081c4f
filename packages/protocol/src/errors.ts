import { ErrorCode } from './messages';

export interface ErrorContext {
  /** The model's URL or digest, when the failure concerns one. */
  model?: string;
  /** The tier where it failed: gpu, host, disk, remote, or protocol. */
  tier?: string;
}

/** Marks every TrimsError, whichever copy of this package made it. */
const BRAND = Symbol.for('@trims/protocol.TrimsError');

/** A failure that names the model, the tier and the cause, on both sides of the socket. */
export class TrimsError extends Error {
  /**
   * `instanceof TrimsError` holds for errors made by any copy of this
   * package: @trims/tfjs carries one inside its bundle.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== TrimsError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  readonly code: ErrorCode;
  readonly model: string;
  readonly tier: string;

  constructor(
    code: ErrorCode,
    cause: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    const where = [
      context.model ? `model ${context.model}` : '',
      context.tier ? `tier ${context.tier}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    super(where ? `${where}: ${cause}` : cause, options);
    this.name = 'TrimsError';
    this.code = code;
    this.model = context.model ?? '';
    this.tier = context.tier ?? '';
  }

  get [BRAND](): true {
    return true;
  }

  get codeName(): string {
    return ErrorCode[this.code] ?? String(this.code);
  }

  /** The wire form; the message already carries model and tier. */
  toWire(): { code: ErrorCode; message: string; model: string; tier: string } {
    return { code: this.code, message: this.message, model: this.model, tier: this.tier };
  }

  static fromWire(error: {
    code?: ErrorCode | null;
    message?: string | null;
    model?: string | null;
    tier?: string | null;
  }): TrimsError {
    const restored = new TrimsError(error.code ?? ErrorCode.INTERNAL, '', {});
    restored.message = error.message ?? 'unknown error';
    Object.assign(restored, { model: error.model ?? '', tier: error.tier ?? '' });
    return restored;
  }
}
