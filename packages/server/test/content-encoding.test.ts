import { expect } from 'chai';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

import { ErrorCode } from '@trims/protocol';
import {
  ask,
  Daemon,
  expectError,
  LoopbackHttpServer,
  segmentOf,
  tempDir,
  writeTinyModel,
} from '@trims/testing';

/** Each coding as an origin applies it (a list: applied in order, so decoded from the last). */
const ENCODE: Record<string, (body: Buffer) => Buffer> = {
  gzip: (body) => zlib.gzipSync(body),
  'x-gzip': (body) => zlib.gzipSync(body),
  deflate: (body) => zlib.deflateSync(body),
  br: (body) => zlib.brotliCompressSync(body),
  identity: (body) => body,
};

const BOMB_BYTES = 256 << 20;

/** Zeros, compressed a MiB at a time (never the whole decoded size in memory). */
async function bomb(coder: zlib.Gzip | zlib.Deflate | zlib.BrotliCompress): Promise<Buffer> {
  const zeros = Buffer.alloc(1 << 20);
  const out: Buffer[] = [];
  coder.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => coder.on('end', resolve));
  for (let written = 0; written < BOMB_BYTES; written += zeros.length)
    if (!coder.write(zeros)) await new Promise((resolve) => coder.once('drain', resolve));
  coder.end();
  await ended;
  return Buffer.concat(out);
}

/**
 * An origin that compresses as static servers do (nginx gzip_static, S3
 * objects stored compressed): `/<Content-Encoding>/<file>` sends the file
 * encoded, with Content-Length the encoded size; `/bomb-<coding>/…` sends a
 * small body that decodes to 256 MiB of zeros.
 */
class EncodingOrigin extends LoopbackHttpServer {
  bombs: Record<string, Buffer> = {};

  constructor(private readonly root: string) {
    super();
  }

  protected handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const [, area, ...rest] = new URL(request.url ?? '/', 'http://x').pathname.split('/');
    const coding = decodeURIComponent(area!);
    if (coding.startsWith('bomb-')) {
      const body = this.bombs[coding.slice('bomb-'.length)]!;
      const encoding = coding.slice('bomb-'.length);
      response.writeHead(200, { 'content-encoding': encoding, 'content-length': body.length });
      response.end(body);
      return;
    }
    const file = path.join(this.root, ...rest);
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    let body: Buffer = fs.readFileSync(file);
    for (const one of coding.split(',').map((c) => c.trim()))
      body = (ENCODE[one] ?? ((raw: Buffer) => Buffer.concat([Buffer.from('??'), raw])))(body);
    response.writeHead(200, { 'content-encoding': coding, 'content-length': body.length });
    response.end(body);
  }
}

describe('trims serve: compressed responses (Content-Encoding)', function () {
  this.timeout(120_000);
  let origin: EncodingOrigin;
  let daemon: Daemon;

  before(async () => {
    const root = tempDir('trims-coding-');
    writeTinyModel(path.join(root, 'tiny'), 5, { values: 64 << 10 }); // a 256 KiB shard
    origin = await new EncodingOrigin(root).start();
    origin.bombs = {
      gzip: await bomb(zlib.createGzip()),
      deflate: await bomb(zlib.createDeflate()),
      br: await bomb(
        zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
      ),
    };
    daemon = await Daemon.start([], {
      env: { TRIMS_MAX_MODEL_JSON_BYTES: String(1 << 20) },
    });
  });

  after(async () => {
    await daemon?.stop();
    await origin?.close();
  });

  it('gzip, x-gzip, deflate, br and a list of them, with the encoded Content-Length, give the identity model', async () => {
    const plain = await ask(daemon, 'open', { url: origin.url('identity/tiny/model.json') });
    const expected = segmentOf(plain.fds);
    for (const coding of ['gzip', 'x-gzip', 'deflate', 'br', 'br, gzip', 'identity']) {
      const url = origin.url(`${encodeURIComponent(coding)}/tiny/model.json`);
      const { reply, fds } = await ask(daemon, 'open', { url });
      expect(reply.digest, coding).to.equal(plain.reply.digest);
      expect(
        Buffer.from(segmentOf(fds).bytes).equals(Buffer.from(expected.bytes)),
        coding,
      ).to.equal(true);
    }
  });

  it('a coding the daemon cannot decode is refused, named, not taken for the model', async () => {
    for (const coding of ['compress', 'zstd', 'gzip, identity'])
      await expectError(
        ask(daemon, 'open', { url: origin.url(`${encodeURIComponent(coding)}/tiny/model.json`) }),
        ErrorCode.FETCH_FAILED,
        /model\.json: a Content-Encoding the daemon cannot decode \(it decodes gzip, x-gzip, deflate, br and identity\)/,
      );
  });

  it('a compression bomb stops at the limit on the decoded bytes, within an RSS bound', async () => {
    for (const coding of ['gzip', 'deflate', 'br']) {
      expect(origin.bombs[coding]!.length, coding).to.be.below(1 << 20); // under the limit encoded
      await expectError(
        ask(daemon, 'open', { url: origin.url(`bomb-${coding}/model.json`) }),
        ErrorCode.CORRUPT_MODEL,
        /model\.json: the body exceeds its limit of 1048576 bytes \(stopped reading\)/,
      );
    }
    const status = fs.readFileSync(`/proc/${daemon.child.pid!}/status`, 'utf8');
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
    console.log(`      (daemon peak RSS after the bombs: ${(peak / 2 ** 20).toFixed(0)} MiB)`);
    expect(peak).to.be.below(BOMB_BYTES); // never the whole decoded body
  });
});
