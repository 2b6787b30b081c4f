/** An error from the native core: a system call's errno name, or one of ours. */
export interface NativeError extends Error {
  code: string;
  errno?: number;
  syscall?: string;
  /** openFiles: the path that failed and its place in the list. */
  path?: string;
  index?: number;
}

export function isNativeError(error: unknown, code?: string): error is NativeError {
  return (
    error instanceof Error &&
    typeof (error as Partial<NativeError>).code === 'string' &&
    (code === undefined || (error as NativeError).code === code)
  );
}
