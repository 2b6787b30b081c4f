import { ErrorCode, TrimsError, v1 } from '@trims/protocol';

import type { TrimsClient } from './client';

/**
 * Every model this peer may see: the daemon answers a listing page by page
 * (each reply fits one socket message), in digest order; the tiers are as
 * the first page had them.
 */
export async function listModels(
  client: TrimsClient,
): Promise<v1.IListReply & { models: v1.IModelInfo[] }> {
  const first = (await client.request('list', {})).reply;
  const models = [...(first.models ?? [])];
  for (let after = first.next ?? ''; after !== '';) {
    const page = (await client.request('list', { after })).reply;
    models.push(...(page.models ?? []));
    const next = page.next ?? '';
    // Pages move forward in digest order: one that does not would loop forever.
    if (next !== '' && next <= after)
      throw new TrimsError(
        ErrorCode.INTERNAL,
        `the daemon's listing went back from ${after} to ${next}`,
        { tier: 'protocol' },
      );
    after = next;
  }
  return { ...first, models, next: '' };
}
