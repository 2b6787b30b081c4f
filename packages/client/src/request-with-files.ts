import type { TrimsClient } from './client';
import type { Answer } from './client-types';
import type { IRequest } from '@trims/protocol';
import { filesFor } from './model-files';

type ModelRequest = 'open' | 'preload';

/**
 * An Open or Preload as a client should send it: a file:// model's files
 * opened here, with this process's rights, and attached; nothing else
 * changes for http(s).
 */
export async function requestWithFiles<K extends ModelRequest>(
  client: TrimsClient,
  kind: K,
  body: NonNullable<IRequest[K]>,
): Promise<Answer<K>> {
  const files = filesFor(body.url ?? ''); // file:// ignores weightPathPrefix, as tfjs-node does
  try {
    return await client.request(
      kind,
      { ...body, attachedFiles: files.fds.length },
      { fds: files.fds },
    );
  } finally {
    files.close();
  }
}
