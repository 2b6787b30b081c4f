import { expect } from 'chai';

import { ErrorCode } from '@trims/protocol';

/** Awaits a promise that must fail with this TrIMS error code, its message matching every pattern. */
export async function expectError(
  promise: Promise<unknown>,
  code: ErrorCode,
  ...patterns: RegExp[]
): Promise<Error & { model: string; tier: string }> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an error').to.be.instanceOf(Error);
  const error = caught as Error & { code: ErrorCode; model: string; tier: string };
  expect(ErrorCode[error.code], error.message).to.equal(ErrorCode[code]);
  for (const pattern of patterns) expect(error.message).to.match(pattern);
  return error;
}
