import { expect } from 'chai';
import * as os from 'node:os';

import { OutboundPolicy } from '../src/sources/outbound-policy';

const timeouts = { connectMs: 1000, headersMs: 1000, idleMs: 1000, totalMs: 1000 };

/** This host's own addresses that are not loopback (a service on 0.0.0.0 answers on each). */
const own = Object.values(os.networkInterfaces())
  .flat()
  .filter((i) => i !== undefined && !i.internal)
  .map((i) => i!.address.replace(/%.*$/, ''));

describe("trims serve: the outbound policy (where a tenant's URL may make the daemon connect)", () => {
  const policy = new OutboundPolicy([], timeouts);
  after(() => policy.dispatcher.destroy());

  it('refuses loopback, private, shared, link-local, metadata, multicast, reserved and IPv4-embedding addresses', () => {
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '100.64.0.1', // CGNAT
      '169.254.169.254',
      '168.63.129.16', // Azure's host endpoint
      '224.0.0.1',
      '255.255.255.255',
      '240.0.0.1',
      '::1',
      '::127.0.0.1', // IPv4-compatible
      '::ffff:10.0.0.1', // IPv4-mapped
      '64:ff9b::a9fe:a9fe', // NAT64 of the metadata address
      '2002:a9fe:a9fe::1', // 6to4
      '2001:0:a9fe:a9fe::1', // Teredo
      'fec0::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
    ];
    for (const address of refused) expect(policy.permits(address), address).to.equal(false);
  });

  it("refuses this host's own addresses", function () {
    if (own.length === 0) {
      console.log('      (skipped: this host has no address but loopback)');
      this.skip();
    }
    for (const address of own) expect(policy.permits(address), address).to.equal(false);
  });

  it('permits public addresses, and what --allow-fetch-from names', async () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2001:4860:4860::8888'])
      expect(policy.permits(address), address).to.equal(true);
    const internal = new OutboundPolicy(['10.0.0.0/8', 'fd12::/16'], timeouts);
    try {
      expect(internal.permits('10.1.2.3')).to.equal(true);
      expect(internal.permits('fd12:3456::1')).to.equal(true);
      expect(internal.permits('192.168.1.1')).to.equal(false);
    } finally {
      await internal.dispatcher.destroy();
    }
  });
});
