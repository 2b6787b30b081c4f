import { isNativeError } from '@trims/native-cuda';

/** Why connecting failed, in words that say what to do. */
export function cannotConnect(socketPath: string, error: unknown): string {
  const code = isNativeError(error) ? error.code : (error as Error).message;
  if (code === 'EACCES')
    return `this user may not use the TrIMS socket at ${socketPath} (EACCES): a system-wide daemon's socket is its group's (--group-access); join that group`;
  if (code === 'EPROTOTYPE')
    return `${socketPath} is not a TrIMS daemon's socket (EPROTOTYPE: another kind of socket listens there)`;
  if (code === 'ENAMETOOLONG')
    return `the socket path ${socketPath} is too long (ENAMETOOLONG): a Unix socket's path has at most 107 bytes`;
  return `no TrIMS daemon answers at ${socketPath} (${code})`;
}
