import * as dns from 'node:dns';
import * as net from 'node:net';
import * as os from 'node:os';

import { Agent } from 'undici';

import type { OriginTimeouts } from './source';

/**
 * Addresses a daemon must not be talked into fetching from (SSRF): it sits
 * in the host's network, where a tenant's own process may not: loopback,
 * private and shared (CGNAT) networks, link-local (cloud metadata),
 * unspecified, multicast and reserved ranges, the IPv6 forms that embed an
 * IPv4 address (NAT64, IPv4-compatible), and the host's own addresses.
 */
const REFUSED: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['168.63.129.16', 32, 'ipv4'], // Azure's host endpoint
  ['224.0.0.0', 3, 'ipv4'], // multicast, reserved, broadcast
  ['::', 96, 'ipv6'], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 32, 'ipv6'], // Teredo
  ['2002::', 16, 'ipv6'], // 6to4
  ['fec0::', 10, 'ipv6'], // site-local
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/** The addresses of this host's own interfaces: a service bound to 0.0.0.0 answers on each. */
function ownAddresses(): Array<[string, number, 'ipv4' | 'ipv6']> {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => i !== undefined)
    .map((i) => [
      i.address.replace(/%.*$/, ''),
      i.family === 'IPv4' ? 32 : 128,
      i.family === 'IPv4' ? 'ipv4' : 'ipv6',
    ]);
}

function blockList(entries: Array<[string, number, 'ipv4' | 'ipv6']>): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix, family] of entries) list.addSubnet(address, prefix, family);
  return list;
}

/** An address or CIDR from --allow-fetch-from, as a subnet. */
function parseAllowed(entry: string): [string, number, 'ipv4' | 'ipv6'] {
  const [address = '', bits] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0)
    throw new Error(`--allow-fetch-from takes IP addresses or CIDRs, not ${JSON.stringify(entry)}`);
  const most = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? most : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix <= most))
    throw new Error(
      `--allow-fetch-from ${JSON.stringify(entry)}: the prefix length must be 0 to ${most}`,
    );
  return [address, prefix, family === 4 ? 'ipv4' : 'ipv6'];
}

/** The error every refused or unresolvable origin gets: the same, so it is no oracle. */
export class OutboundRefused extends Error {
  readonly code = 'ETRIMSOUTBOUND';
}

/**
 * Which addresses the daemon may fetch models from: everything except the
 * refused ranges, unless configuration allows them. Checked on the
 * address actually connected to (after DNS), at every redirect hop.
 */
export class OutboundPolicy {
  private readonly refused = blockList([...REFUSED, ...ownAddresses()]);
  private readonly allowed: net.BlockList;
  readonly dispatcher: Agent;

  constructor(allowed: string[], timeouts: OriginTimeouts) {
    this.allowed = blockList(allowed.map(parseAllowed));
    this.dispatcher = new Agent({
      connect: {
        lookup: (host, options, callback) => this.lookup(host, options, callback),
        // Connecting is part of waiting for headers and of the whole fetch: never longer.
        timeout: Math.min(timeouts.connectMs, timeouts.headersMs, timeouts.totalMs),
      },
    });
  }

  permits(address: string): boolean {
    const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped !== undefined) return this.permits(mapped);
    return !this.refused.check(address, family) || this.allowed.check(address, family);
  }

  /** A URL whose host is an address literal (no DNS lookup happens for those). */
  permitsUrl(url: URL): boolean {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return net.isIP(host) === 0 || this.permits(host);
  }

  private lookup(
    host: string,
    options: dns.LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | dns.LookupAddress[],
      family?: number,
    ) => void,
  ): void {
    dns.lookup(host, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const usable = addresses.filter((a) => this.permits(a.address));
      if (usable.length === 0) return callback(new OutboundRefused(host), []);
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  }
}
