import './numbers-64';

import { trims } from './generated/trims';

/** The schema's types under short names (proto/trims.proto is the reference). */
export import v1 = trims.v1;
export const Request = trims.v1.Request;
export const Reply = trims.v1.Reply;
export const ErrorCode = trims.v1.ErrorCode;
export const Tier = trims.v1.Tier;
export type Request = trims.v1.Request;
export type Reply = trims.v1.Reply;
export type IRequest = trims.v1.IRequest;
export type IReply = trims.v1.IReply;
export type ErrorCode = trims.v1.ErrorCode;
export type Tier = trims.v1.Tier;
export type IOpenReply = trims.v1.IOpenReply;
export type IModelInfo = trims.v1.IModelInfo;

export const PROTOCOL_VERSION = 3;

export type TierName = 'gpu' | 'host' | 'disk' | 'remote';

const TIER_NAMES: Record<number, TierName> = {
  [trims.v1.Tier.GPU]: 'gpu',
  [trims.v1.Tier.HOST]: 'host',
  [trims.v1.Tier.DISK]: 'disk',
  [trims.v1.Tier.REMOTE]: 'remote',
};

export function tierName(tier: Tier | null | undefined): TierName | undefined {
  return tier === null || tier === undefined ? undefined : TIER_NAMES[tier];
}

export function tierFromName(name: string): Tier {
  const found = Object.entries(TIER_NAMES).find(([, value]) => value === name);
  if (found === undefined) throw new Error(`unknown tier "${name}"; choose gpu, host or disk`);
  return Number(found[0]) as Tier;
}

/** The request kinds, as the oneof names them. */
export type RequestKind =
  'hello' | 'open' | 'close' | 'preload' | 'evict' | 'list' | 'stats' | 'health';
