import { expect } from 'chai';
import * as path from 'node:path';

import { closeFd } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';
import { ask, Daemon, ModelHttpServer, tempDir, writeTinyModel } from '@trims/testing';

import { peerUser, pythonAs } from './fixtures/peer-user';

const DAEMON_FD_LIMIT = 300;

async function referencesOf(daemon: Daemon): Promise<number> {
  return Number((await ask(daemon, 'stats', {})).reply.references);
}

/**
 * The kernel counts the fds a user has in flight (sent, not yet read)
 * against the sender's fd limit, whichever process of that user sent them:
 * another process of the daemon's account can leave the daemon unable to
 * send any fd (ETOOMANYREFS), whatever its own shares allow.
 */
describe("trims serve: a reply whose fds the kernel refuses (the daemon's user at its fds in flight)", function () {
  let http: ModelHttpServer;
  let url: string;

  before(async () => {
    const root = tempDir('trims-refused-');
    writeTinyModel(path.join(root, 'tiny'), 1);
    http = await new ModelHttpServer(root).start();
    url = http.url('tiny/model.json');
  });

  after(() => http.close());

  it("is answered UNAVAILABLE on a connection that stays open, and the Open's handle is given back", async function () {
    const user = peerUser(this, 'trims-refused-d');
    const daemon = await Daemon.start([], { user, fdLimit: DAEMON_FD_LIMIT });
    // Another process of the daemon's user: more fds in flight than the daemon's limit, never read.
    const hog = pythonAs(
      user,
      [
        'import os, socket, sys, time',
        'a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
        "fd = os.open('/dev/null', os.O_RDONLY)",
        `for _ in range(2): socket.send_fds(a, [b'x'], [fd] * ${DAEMON_FD_LIMIT / 2 + 50})`,
        "print('holding', flush=True); sys.stdin.read()",
      ],
      [],
    );
    const client = await daemon.client();
    try {
      await new Promise((resolve) => hog.stdout.once('data', resolve));
      const refused = await client.request('open', { url }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).to.be.instanceOf(TrimsError);
      expect((refused as TrimsError).code, String(refused)).to.equal(ErrorCode.UNAVAILABLE);
      expect((refused as TrimsError).message).to.include(
        'as many fds in flight as the kernel lets it',
      );
      // The connection that asked stays open, and holds nothing it was never told of.
      const stats = await client.request('stats', {});
      expect(Number(stats.reply.references), 'the refused Open holds no reference').to.equal(0);
      expect(await referencesOf(daemon)).to.equal(0);
      hog.stdin.end(); // its fds in flight go with it
      await new Promise((resolve) => hog.once('exit', resolve));
      const { reply, fds } = await client.request('open', { url });
      fds.forEach(closeFd);
      expect(fds).to.have.length(1);
      expect(Number(reply.handle)).to.be.greaterThan(0);
      expect(await referencesOf(daemon)).to.equal(1);
    } finally {
      hog.kill();
      client.close();
      await daemon.stop();
    }
  });
});
