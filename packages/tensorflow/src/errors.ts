/** The patched framework could not be loaded; the message lists every cause and the fixes. */
export class FrameworkLoadError extends Error {
  constructor(
    readonly causes: readonly string[],
    readonly remedies: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      [
        'Could not load @tensorflow/tfjs-node-gpu (or @tensorflow/tfjs-node) with the TrIMS patch.',
        ...causes.map((cause) => `- ${cause}`),
        'Possible solutions:',
        ...remedies.map((remedy) => `- ${remedy}`),
      ].join('\n'),
      options,
    );
    this.name = 'FrameworkLoadError';
  }
}

/** A tensor could not be created over external memory. */
export class ExternalMemoryError extends Error {
  constructor(
    message: string,
    readonly shape: readonly number[],
    readonly dtype: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExternalMemoryError';
  }
}
