import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { ErrorCode, TrimsError } from '@trims/protocol';

import { TrimsClient } from '../src';

const failure = async (socketPath: string): Promise<TrimsError> =>
  (await TrimsClient.connect({ socketPath }).then(
    () => expect.fail('connected'),
    (error: Error) => error,
  )) as TrimsError;

describe('TrimsClient: a connection that cannot be made says why, and what to do', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trims-connect-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('no daemon: none answers there', async () => {
    const error = await failure(path.join(dir, 'none.sock'));
    expect(error.code).to.equal(ErrorCode.UNAVAILABLE);
    expect(error.message).to.match(/no TrIMS daemon answers at .*none\.sock \(ENOENT\)/);
  });

  it('another kind of socket (a stream server) is named as not a TrIMS socket', async () => {
    const socketPath = path.join(dir, 'stream.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const error = await failure(socketPath);
      expect(error.message).to.contain(`${socketPath} is not a TrIMS daemon's socket (EPROTOTYPE`);
    } finally {
      server.close();
    }
  });

  it('a path too long for a Unix socket says how long one may be', async () => {
    const error = await failure(path.join(dir, 'x'.repeat(120), 'trims.sock'));
    expect(error.message).to.match(/is too long \(ENAMETOOLONG\): .* at most 107 bytes/);
  });
});
