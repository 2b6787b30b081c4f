import * as fc from 'fast-check';

import { closeFd, connect, SeqPacketChannel } from '@trims/native-cuda';
import {
  decodeFrame,
  encodeFrame,
  ErrorCode,
  PROTOCOL_VERSION,
  Reply,
  Request,
  v1,
} from '@trims/protocol';

/** A request that is well framed but whose fields are anything (hostile or unlucky). */
const requestBody = fc.oneof(
  fc.record({ hello: fc.record({ protocolVersion: fc.nat(5), client: fc.string() }) }),
  fc.record({
    open: fc.record({
      url: fc.oneof(
        fc.string(),
        fc.string().map((s) => `/nonexistent/${s}`),
        fc.string().map((s) => `file:///nonexistent/${encodeURIComponent(s)}`),
        fc.constantFrom('', 'file://', 'http://', 'ftp://x/y', '/', '/proc/self/mem'),
      ),
      device: fc.oneof(fc.constantFrom('', 'cpu', 'gpu', 'gpu:0', 'gpu:99'), fc.string()),
      options: fc.record({
        headers: fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
        weightPathPrefix: fc.string(),
      }),
    }),
  }),
  fc.record({ close: fc.record({ handle: fc.nat() }) }),
  fc.record({
    preload: fc.record({
      url: fc.string().map((s) => `/nonexistent/${s}`),
      tier: fc.integer({ min: -1, max: 7 }),
      pin: fc.boolean(),
    }),
  }),
  fc.record({
    evict: fc.oneof(
      fc.record({ url: fc.string() }),
      fc.record({ digest: fc.string() }),
      fc.record({ all: fc.boolean() }),
      fc.record({ tier: fc.integer({ min: -1, max: 7 }) }),
    ),
  }),
  fc.constantFrom({ list: {} }, { stats: {} }, { health: {} }, {}),
);

/** Frames: raw bytes, a valid length prefix over random bytes, or an encoded request with random fields. */
export const frameArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }),
  fc.uint8Array({ maxLength: 4096 }).map((body) => encodeFrame(body)),
  fc
    .tuple(fc.nat(), requestBody)
    .map(([id, body]) => encodeFrame(Request.encode({ id, ...body } as never).finish())),
  fc
    .tuple(fc.nat(), requestBody, fc.nat(64), fc.integer({ min: 0, max: 255 }))
    .map(([id, body, at, byte]) => {
      const frame = encodeFrame(Request.encode({ id, ...body } as never).finish());
      frame[Math.min(at, frame.length - 1)] = byte; // one byte changed
      return frame;
    }),
);

function reply(channel: SeqPacketChannel, timeoutMs: number): Promise<v1.Reply | 'closed'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    const done = (value: v1.Reply | 'closed'): void => {
      clearTimeout(timer);
      channel.off('message', onMessage);
      channel.off('close', onClose);
      resolve(value);
    };
    const onMessage = ({ data, fds }: { data: Buffer; fds: number[] }): void => {
      fds.forEach(closeFd);
      try {
        done(Reply.decode(decodeFrame(data, 1 << 30)));
      } catch (error) {
        clearTimeout(timer);
        reject(error as Error);
      }
    };
    const onClose = (): void => done('closed');
    channel.on('message', onMessage);
    channel.on('close', onClose);
  });
}

/**
 * Sends `count` generated frames (after a valid Hello, on connections it
 * reopens when the daemon closes one) and checks each answer: every frame
 * is answered or ends its connection, and no answer is INTERNAL.
 */
export async function fuzzFrames(
  socketPath: string,
  count: number,
  seed: number,
): Promise<{ frames: number; codes: Record<string, number>; reconnects: number }> {
  const codes: Record<string, number> = {};
  let channel: SeqPacketChannel | undefined;
  let reconnects = 0;
  const open = async (): Promise<SeqPacketChannel> => {
    const fresh = connect(socketPath);
    const hello = Request.encode({ id: 1, hello: { protocolVersion: PROTOCOL_VERSION } }).finish();
    await fresh.send(encodeFrame(hello));
    await reply(fresh, 10_000);
    return fresh;
  };
  await fc.assert(
    fc.asyncProperty(frameArbitrary, async (frame) => {
      if (channel === undefined || channel.isClosed) {
        channel = await open();
        reconnects++;
      }
      const answer = reply(channel, 10_000);
      await channel.send(frame).catch(() => undefined);
      const got = await answer.catch((error: Error) => {
        throw new Error(`${error.message} to frame ${Buffer.from(frame).toString('hex')}`);
      });
      const code = got === 'closed' ? 'closed' : ErrorCode[got.error?.code ?? ErrorCode.OK]!;
      codes[code] = (codes[code] ?? 0) + 1;
      if (got !== 'closed' && got.error?.code === ErrorCode.INTERNAL)
        throw new Error(
          `INTERNAL for frame ${Buffer.from(frame).toString('hex')}: ${got.error.message}`,
        );
    }),
    // No shrinking: the failing frame is in the message already, and shrinking a
    // timeout would wait out the timeout again for every smaller frame.
    { numRuns: count, seed, endOnFailure: true },
  );
  channel?.close();
  return { frames: count, codes, reconnects };
}
