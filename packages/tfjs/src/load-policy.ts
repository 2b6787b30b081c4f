import type { io } from '@tensorflow/tfjs-core';

import { whyNotShareable } from '@trims/tensorflow';

import { OpenRequest } from './shared-model';

export function headersOf(requestInit: RequestInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requestInit?.headers !== undefined)
    new Headers(requestInit.headers).forEach((value, key) => (headers[key] = value));
  return headers;
}

// As tfjs's routers match them: case-sensitive.
const FILE = /^file:\/\//;
const HTTP = /^https?:\/\//;

/** requestInit fields the daemon reproduces: headers, and a GET (what tfjs sends anyway). */
function irreproducible(requestInit: RequestInit): string[] {
  return Object.entries(requestInit)
    .filter(([key, value]) => value !== undefined && key !== 'headers')
    .filter(([key, value]) => !(key === 'method' && String(value).toUpperCase() === 'GET'))
    .map(([key]) => key);
}

/**
 * How the daemon fetches `url` as tfjs would with these options, or why it
 * cannot (then the load stays private): also when the application's
 * framework cannot take shared weights (whyNotShareable). tfjs-node reads
 * file:// URLs itself and ignores every fetch option for them.
 */
export function openRequestFor(
  url: string,
  options: io.LoadOptions,
): { request: OpenRequest } | { whyNot: string } {
  const plan = fetchedAsTfjsWould(url, options);
  const unfit = 'whyNot' in plan ? undefined : whyNotShareable();
  return unfit === undefined ? plan : { whyNot: unfit };
}

function fetchedAsTfjsWould(
  url: string,
  options: io.LoadOptions,
): { request: OpenRequest } | { whyNot: string } {
  if (FILE.test(url)) return { request: { headers: {}, weightPathPrefix: '' } };
  if (!HTTP.test(url)) return { whyNot: 'only file://, http:// and https:// URLs are shared' };
  if (options.fetchFunc !== undefined)
    return { whyNot: 'a custom fetchFunc decides what is fetched, which the daemon cannot repeat' };
  if (options.weightUrlConverter !== undefined)
    return {
      whyNot: 'a weightUrlConverter renames the weight files, which the daemon cannot repeat',
    };
  const fields = options.requestInit === undefined ? [] : irreproducible(options.requestInit);
  if (fields.length > 0)
    return {
      whyNot: `requestInit.${fields.join(', requestInit.')} cannot be repeated by the daemon (it sends headers only)`,
    };
  return {
    request: {
      headers: headersOf(options.requestInit),
      weightPathPrefix: options.weightPathPrefix ?? '',
    },
  };
}
