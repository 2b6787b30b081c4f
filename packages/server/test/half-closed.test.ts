import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { decodeFrame, encodeFrame, PROTOCOL_VERSION, Reply, Request, Tier } from '@trims/protocol';
import { ask, Daemon, modelJsonPath, zooModel } from '@trims/testing';

/**
 * A raw client in Python (our own client never half-closes; a third party's
 * may): connects, sends each frame (the second with `files` attached),
 * shuts down its sending side ($SHUT=RDWR: both, $SHUT_AFTER seconds
 * later), waits $READ_AFTER seconds (default 0), then
 * reads `replies` replies (all: -1), $READ_GAP seconds apart (default 0),
 * prints each as hex, and exits once its stdin closes.
 */
const RAW_CLIENT = [
  'import os, socket, sys, json',
  'path, files, replies, frames = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]',
  's = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)',
  's.connect(path)',
  'for i, frame in enumerate(frames):',
  '    fds = [os.open(f, os.O_RDONLY) for f in files] if i == 1 else []',
  '    socket.send_fds(s, [bytes.fromhex(frame)], fds) if fds else s.send(bytes.fromhex(frame))',
  'import time; time.sleep(float(os.environ.get("SHUT_AFTER", "0")))',
  's.shutdown(socket.SHUT_RDWR if os.environ.get("SHUT") == "RDWR" else socket.SHUT_WR)',
  'import time; time.sleep(float(os.environ.get("READ_AFTER", "0")))',
  'while replies != 0:',
  '    time.sleep(float(os.environ.get("READ_GAP", "0")))',
  '    message = s.recv(1 << 20)',
  '    if not message: break',
  '    print(message.hex(), flush=True)',
  '    replies -= 1',
  'sys.stdin.read()  # exits once its stdin closes',
].join('\n');

const hello = Request.create({
  id: 1,
  hello: { protocolVersion: PROTOCOL_VERSION, client: 'half-closed' },
});
const hex = (requests: Request[]): string[] =>
  requests.map((request) =>
    Buffer.from(encodeFrame(Request.encode(request).finish())).toString('hex'),
  );
const decode = (stdout: string): Reply[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Reply.decode(decodeFrame(Buffer.from(line, 'hex'))));

/** model.json and its shards, in the order an Open attaches them. */
function modelFiles(modelJson: string): string[] {
  const { weightsManifest } = JSON.parse(fs.readFileSync(modelJson, 'utf8')) as {
    weightsManifest: Array<{ paths: string[] }>;
  };
  const dir = path.dirname(modelJson);
  return [
    modelJson,
    ...weightsManifest.flatMap((group) => group.paths).map((p) => path.join(dir, p)),
  ];
}

/**
 * Runs the raw client to its end (all replies read), sending Hello then
 * `requests`; `reading` paces its reads (READ_AFTER, READ_GAP).
 */
function exchange(
  socketPath: string,
  requests: Request[],
  options: { files?: string[]; reading?: { READ_AFTER: string; READ_GAP?: string } } = {},
): Reply[] {
  const result = spawnSync(
    'python3',
    [
      '-c',
      RAW_CLIENT,
      socketPath,
      JSON.stringify(options.files ?? []),
      '-1',
      ...hex([hello, ...requests]),
    ],
    {
      encoding: 'utf8',
      timeout: 60_000, // a daemon that never closes fails here
      maxBuffer: 1 << 24,
      env: { ...process.env, ...options.reading },
    },
  );
  expect(result.status, result.stderr).to.equal(0);
  return decode(result.stdout);
}

async function stats(daemon: Daemon): Promise<{ connections: number; references: number }> {
  return (await ask(daemon, 'stats', {})).reply as { connections: number; references: number };
}

describe('trims serve: clients that shut down their sending side', function () {
  let daemon: Daemon;

  before(async () => {
    daemon = await Daemon.start();
  });

  after(() => daemon.stop());

  it('gets the replies to what it sent (an Open in hand at its end of file), then the daemon closes', () => {
    // A cold model: its Open is still in hand when the client's end of file comes.
    const modelJson = modelJsonPath(zooModel('squeezenet1_1', 77));
    const files = modelFiles(modelJson);
    const open = Request.create({
      id: 2,
      open: { url: `file://${modelJson}`, device: 'cpu', attachedFiles: files.length },
    });
    const replies = exchange(daemon.socketPath, [open], { files });
    expect(replies.map((reply) => Number(reply.id)).sort()).to.deep.equal([1, 2]);
    expect(replies.find((reply) => Number(reply.id) === 2)!.open!.tier).to.equal(Tier.HOST);
  });

  it("gets every reply to a burst past the daemon's read pacing, errors included", () => {
    // More replies than the client's socket holds unread: the daemon pauses reading meanwhile
    // and must not take the client's end of file for a hang-up then, nor close on it before
    // every reply has left (an unknown handle's error reply among them).
    const burst = [
      ...Array.from({ length: 600 }, (_, i) => Request.create({ id: i + 2, stats: {} })),
      Request.create({ id: 602, close: { handle: 1_000_000 } }),
    ];
    // It reads only once the daemon has surely paused reading with its end of file unread.
    const replies = exchange(daemon.socketPath, burst, { reading: { READ_AFTER: '0.3' } });
    expect(replies).to.have.length(1 + burst.length);
  });

  it('gets every error reply still queued when its end of file is taken', () => {
    // Errors are replied to after their request is done: with 300 (Closes of handles not held)
    // and a client that reads nothing for a while after its end of file, then slowly, more
    // replies than its socket holds are still queued when the daemon has none in hand.
    const closes = Array.from({ length: 300 }, (_, i) =>
      Request.create({ id: i + 2, close: { handle: 1_000_000 + i } }),
    );
    const replies = exchange(daemon.socketPath, closes, {
      reading: { READ_AFTER: '0.3', READ_GAP: '0.002' },
    });
    expect(replies).to.have.length(1 + closes.length);
    expect(replies.slice(1).every((reply) => /not held/.test(reply.error?.message ?? ''))).to.equal(
      true,
    );
  });

  it('a client that half-closes and then goes is dropped at once, with a request still in hand', async () => {
    // An origin that accepts and never answers: the Open waits on it for its headers timeout.
    const sockets: net.Socket[] = [];
    const origin = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const { port } = origin.address() as net.AddressInfo;
    const before = await stats(daemon);
    const open = Request.create({
      id: 2,
      open: { url: `http://127.0.0.1:${port}/m/model.json`, device: 'cpu' },
    });
    try {
      // Reads the Hello's reply, and goes once the Open is waiting on the origin.
      const client = spawn('python3', [
        '-c',
        RAW_CLIENT,
        daemon.socketPath,
        '[]',
        '1',
        ...hex([hello, open]),
      ]);
      for (let i = 0; i < 100 && sockets.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      client.stdin.end();
      await new Promise((resolve) => client.once('exit', resolve));
      let now = await stats(daemon);
      for (let i = 0; i < 40 && now.connections > before.connections; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        now = await stats(daemon);
      }
      expect(sockets.length, 'the Open is waiting on the origin').to.equal(1);
      expect(now.connections, 'the connection went with the client').to.equal(before.connections);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      origin.close();
    }
  });
});
