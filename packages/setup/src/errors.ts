/** A set-up step failed: which one, why, and what the user can do about it. */
export class SetupError extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly remedies: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(`${step}: ${reason}`, options);
    this.name = 'SetupError';
  }

  /** The whole diagnosis, ending with what to try. */
  explain(): string {
    const lines = [`set-up failed at step "${this.step}": ${this.reason}`];
    if (this.remedies.length > 0) {
      lines.push('Possible solutions:');
      for (const remedy of this.remedies) lines.push(`  - ${remedy}`);
    }
    return lines.join('\n');
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return error.message + cause;
  }
  return String(error);
}
