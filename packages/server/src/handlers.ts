import {
  ErrorCode,
  PROTOCOL_VERSION,
  Request,
  Tier,
  tierFromName,
  tierName,
  TrimsError,
  v1,
} from '@trims/protocol';

import type { ModelEntry, StoreTier } from './catalog/entry';
import type { TierBudget } from './tiers/budget';
import type { ModelManager, Peer } from './model-manager';
import type { Handled } from './session/dispatch';
import type { Session } from './session/session';
import type { LoadOptions } from './sources/fetch-model';
import { evictReply, listPage, shownUrls } from './listing';
import type { Tenancy } from './tenancy';

export const SERVER_VERSION = '0.1.0';

function loadOptions(options: v1.ILoadOptions | null | undefined): LoadOptions {
  return {
    headers: { ...(options?.headers ?? {}) },
    ...(options?.weightPathPrefix ? { weightPathPrefix: options.weightPathPrefix } : {}),
  };
}

/** The fds of a request, when their number is what it announced (the kernel drops none silently). */
function attached(files: number[], announced: number | null | undefined): number[] {
  if (files.length !== (announced ?? 0))
    throw new TrimsError(
      ErrorCode.BAD_REQUEST,
      `the request announced ${announced ?? 0} attached files but carried ${files.length}`,
      { tier: 'protocol' },
    );
  return files;
}

/** "cpu" or "" (host memory), "gpu" or "gpu:N". */
export function parseDevice(device: string): number | undefined {
  if (device === '' || device === 'cpu') return undefined;
  const match = /^gpu(?::(\d{1,9}))?$/.exec(device); // within an int, as CUDA numbers devices
  if (!match)
    throw new TrimsError(ErrorCode.BAD_REQUEST, `unknown device "${device}": use cpu or gpu:N`, {
      tier: 'protocol',
    });
  return Number(match[1] ?? 0);
}

function storeTier(
  tier: Tier | null | undefined,
  fallback: StoreTier | undefined,
): StoreTier | undefined {
  const name = tierName(tier);
  if (name === undefined) return fallback;
  if (name === 'remote')
    throw new TrimsError(ErrorCode.BAD_REQUEST, 'the remote tier cannot be targeted', {
      tier: 'remote',
    });
  return name;
}

/**
 * A model as `uid` may see it: a tenant gets the URLs it used, its own
 * references, hits, last use and pin (a model reached by others' URLs too
 * would tell it theirs, and when and how others use it); admins get everything.
 */
function modelInfo(
  entry: ModelEntry,
  uid: number,
  tenancy: Tenancy,
): v1.IModelInfo & { digest: string } {
  const tiers = entry.tiers();
  const admin = tenancy.isAdmin(uid);
  return {
    ...shownUrls(tenancy.urlsFor(entry, uid)),
    digest: entry.digest,
    tier: tiers.length > 0 ? tierFromName(tiers[0]!) : Tier.REMOTE,
    tiers: tiers.map(tierFromName),
    bytes: entry.bytes,
    refs: admin ? entry.refs : (entry.holders.get(uid) ?? 0),
    hits: admin ? entry.hits : (entry.users.get(uid)?.hits ?? 0),
    pinned: admin ? entry.pinned : entry.pins.has(uid),
    lastUsedMs: Math.round(admin ? entry.lastUsed : (entry.users.get(uid)?.lastUsed ?? 0)),
  };
}

/** The models `uid` may see after digest `after`, in digest order (a listing's pages). */
function* visibleAfter(manager: ModelManager, uid: number, after: string): Generator<ModelEntry> {
  for (const entry of manager.catalog.entriesAfter(after))
    if (manager.tenancy.visible(entry, uid)) yield entry;
}

/** Request -> manager call -> reply body. */
export function createDispatch(
  manager: ModelManager,
  connections: () => number,
  startedAt: number,
) {
  return async (request: Request, session: Session, files: number[]): Promise<Handled> => {
    const peer: Peer = session.peer;
    switch (request.body) {
      case 'hello':
        return {
          reply: {
            hello: { protocolVersion: PROTOCOL_VERSION, server: `trims ${SERVER_VERSION}` },
          },
        };
      case 'open': {
        const open = request.open!;
        if (!open.url)
          throw new TrimsError(ErrorCode.BAD_REQUEST, 'Open needs a url', { tier: 'protocol' });
        session.reserve(); // at the uid's limit of handles, refused before any work
        let opened: Awaited<ReturnType<typeof manager.open>>;
        try {
          opened = await manager.open(
            open.url,
            parseDevice(open.device ?? ''),
            loadOptions(open.options),
            peer,
            attached(files, open.attachedFiles),
          );
        } catch (error) {
          session.unreserve();
          throw error;
        }
        const handle = session.adopt(opened.lease); // a session that ended meanwhile releases it at once
        const { entry } = opened.lease;
        const { fd, kept, device } = opened.handout;
        return {
          reply: {
            open: {
              handle,
              digest: entry.digest,
              tier: tierFromName(opened.tier),
              segmentBytes: entry.bytes,
              ...(device
                ? { gpuDevice: device.device, gpuAllocationBytes: device.allocationBytes }
                : {}),
            },
          },
          fds: device ? [fd, device.allocationFd] : [fd],
          kept: kept ? [fd] : [],
          undo: () => session.release(handle),
        };
      }
      case 'close': {
        if (!session.release(Number(request.close!.handle))) {
          throw new TrimsError(
            ErrorCode.UNKNOWN_HANDLE,
            `handle ${request.close!.handle} is not held by this connection`,
            { tier: 'protocol' },
          );
        }
        return { reply: { close: {} } };
      }
      case 'preload': {
        const preload = request.preload!;
        if (!preload.url)
          throw new TrimsError(ErrorCode.BAD_REQUEST, 'Preload needs a url', { tier: 'protocol' });
        const result = await manager.preload(
          preload.url,
          storeTier(preload.tier, 'host')!,
          preload.pin ?? false,
          loadOptions(preload.options),
          peer,
          attached(files, preload.attachedFiles),
        );
        return {
          reply: {
            preload: {
              digest: result.entry.digest,
              tier: tierFromName(result.tier),
              bytes: result.entry.bytes,
            },
          },
        };
      }
      case 'evict': {
        const evict = request.evict!;
        const target =
          evict.target === 'url'
            ? { url: evict.url! }
            : evict.target === 'digest'
              ? { digest: evict.digest! }
              : evict.target === 'all'
                ? { all: true }
                : {};
        return {
          reply: {
            evict: evictReply(await manager.evict(target, storeTier(evict.tier, undefined), peer)),
          },
        };
      }
      case 'list': {
        const usage = (
          t: { budget: TierBudget; degraded?: string } | undefined,
        ): v1.ITierUsage => ({
          used: t?.budget.used ?? 0,
          budget: t?.budget.budget ?? 0,
          models: t?.budget.size ?? 0,
          degraded: t?.degraded ?? '',
        });
        return {
          reply: {
            list: {
              ...listPage(visibleAfter(manager, peer.uid, request.list!.after ?? ''), (entry) =>
                modelInfo(entry, peer.uid, manager.tenancy),
              ),
              tiers: {
                gpu: usage(manager.gpu),
                host: usage(manager.host),
                disk: usage(manager.disk),
              },
              gpuDriver: manager.gpu?.info.driver ?? '',
              gpuReadOnly: manager.gpu?.info.readOnly ?? false,
            },
          },
        };
      }
      case 'stats': {
        const c = manager.counters;
        const references = manager.entries().reduce((sum, e) => sum + e.refs, 0);
        return {
          reply: {
            stats: {
              connections: connections(),
              references,
              opens: c.opens,
              hits: c.hits,
              misses: c.misses,
              fetches: c.fetches,
              conversions: c.conversions,
              evictions: c.evictions,
              errors: c.errors,
              privateLoads: c.privateLoads,
            },
          },
        };
      }
      case 'health':
        return {
          reply: {
            health: {
              version: SERVER_VERSION,
              pid: process.pid,
              uptimeMs: Date.now() - startedAt,
              gpu: manager.gpuEnabled,
            },
          },
        };
      default:
        throw new TrimsError(
          ErrorCode.BAD_REQUEST,
          `unknown message type ${String(request.body)}`,
          { tier: 'protocol' },
        );
    }
  };
}
