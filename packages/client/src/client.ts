import { EventEmitter } from 'node:events';

import { closeFiles, connect, SeqPacketChannel } from '@trims/native-cuda';

import { cannotConnect } from './connect-failure';
import { checkDaemon, trustedDaemonUids } from './daemon-trust';
import { Deadlines, now } from './deadlines';
import {
  DEFAULT_MAX_FRAME,
  decodeFrame,
  defaultSocketPath,
  encodeFrameOf,
  ErrorCode,
  PROTOCOL_VERSION,
  Reply,
  Request,
  RequestKind,
  TrimsError,
} from '@trims/protocol';
import type {
  Answer,
  Body,
  ClientEvents,
  ConnectOptions,
  Pending,
  Replies,
  RequestOptions,
} from './client-types';
import { answers, LIVENESS_MS, Liveness } from './liveness';
import { sendWithFiles } from './send-with-files';

const unavailable = (message: string): TrimsError =>
  new TrimsError(ErrorCode.UNAVAILABLE, message, { tier: 'protocol' });

/**
 * One connection to the daemon: a Hello, then requests answered in any
 * order by id. Every failure is a TrimsError naming model, tier and cause.
 */
export class TrimsClient extends EventEmitter<ClientEvents> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Settles with the answer to Hello. */
  private greeted: Promise<void> = Promise.resolve();
  /** Why the daemon refused Hello: what every request on this connection then fails with. */
  private refusal: TrimsError | undefined;
  private answeredHello = false;
  private readonly deadlines: Deadlines;
  private readonly liveness: Liveness;

  private constructor(
    private readonly channel: SeqPacketChannel,
    readonly socketPath: string,
    livenessMs: number,
  ) {
    super();
    this.deadlines = new Deadlines((ms) => channel.wakeIn(ms));
    this.liveness = new Liveness(livenessMs, {
      waiting: () => this.pending.size,
      greeted: () => this.answeredHello,
      get isClosed() {
        return channel.isClosed;
      },
      wakeAt: (deadline) => this.deadlines.add(deadline),
      probe: (timeoutMs) =>
        answers(
          () => TrimsClient.start({ socketPath, client: 'liveness check', livenessMs: timeoutMs }),
          timeoutMs,
        ),
      gone: (why) => {
        this.refusal ??= unavailable(`the daemon at ${socketPath} ${why}`);
        this.close();
      },
    });
    channel.on('message', ({ data, fds }) => this.onMessage(data, fds));
    channel.on('error', () => undefined); // an oversized reply: its request times out with the channel
    channel.on('wake', () => {
      // Replies that came while this process was busy count: its own stall is not the daemon's.
      channel.receiveNow();
      this.deadlines.woke([...this.pending.values(), ...this.liveness.pending()]);
    });
    channel.on('close', () => {
      const error =
        this.refusal ?? unavailable(`the daemon at ${socketPath} closed the connection`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.emit('close');
    });
  }

  /** Connects and says hello; a daemon of another protocol version is a clear VERSION_MISMATCH. */
  static async connect(options: ConnectOptions = {}): Promise<TrimsClient> {
    const client = TrimsClient.start(options);
    await client.greeted;
    return client;
  }

  /**
   * Connects and sends Hello without waiting for its answer, so that a
   * request made at once travels with it: one round trip for a fresh
   * process. A refused Hello closes the connection, and every request made
   * on it fails with the Hello's error (VERSION_MISMATCH, say).
   */
  static start(options: ConnectOptions = {}): TrimsClient {
    const socketPath = options.socketPath ?? defaultSocketPath();
    let channel: SeqPacketChannel;
    try {
      channel = connect(socketPath, { maxMessageBytes: DEFAULT_MAX_FRAME + 16 });
    } catch (error) {
      throw new TrimsError(
        ErrorCode.UNAVAILABLE,
        cannotConnect(socketPath, error),
        {
          tier: 'protocol',
        },
        { cause: error },
      );
    }
    const client = new TrimsClient(channel, socketPath, options.livenessMs ?? LIVENESS_MS);
    try {
      // before anything is sent: a squatter's socket must not get a request or a header
      checkDaemon(socketPath, channel.peer, trustedDaemonUids());
    } catch (error) {
      client.close();
      throw error;
    }
    client.greeted = client
      .request(
        'hello',
        { protocolVersion: PROTOCOL_VERSION, client: options.client ?? 'trims' },
        { timeoutMs: client.liveness.ms },
      )
      .then(() => void (client.answeredHello = true));
    client.greeted.catch((error: Error) => {
      // What every request made on this connection then fails with (a timeout, a refusal).
      client.refusal ??= error instanceof TrimsError ? error : undefined;
      client.close();
    });
    return client;
  }

  get isClosed(): boolean {
    return this.channel.isClosed;
  }

  /**
   * Sends a request and waits for its reply, at most `timeoutMs` (default:
   * 10 minutes for open and preload, which may convert a large model; 30 s
   * for the rest) or until `signal` aborts: then it fails UNAVAILABLE, so a
   * caller can fall back, and a reply that comes later is dropped (an Open's
   * handle given back). A timeoutMs that is not a number >= 0 is a TypeError
   * (Infinity: no timeout).
   */
  request<K extends RequestKind>(
    kind: K,
    body: Body<K>,
    options: RequestOptions = {},
  ): Promise<Answer<K>> {
    const timeoutMs =
      options.timeoutMs ?? (kind === 'open' || kind === 'preload' ? 600_000 : 30_000);
    // One connection's requests share one wake-up: a NaN deadline would stop it for all of them.
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0))
      return Promise.reject(
        new TypeError(`${kind}: timeoutMs must be a number >= 0, not ${String(timeoutMs)}`),
      );
    const id = this.nextId++;
    const frame = encodeFrameOf({ id, [kind]: body }, (message, writer) =>
      Request.encode(message, writer),
    );
    return new Promise<Answer<K>>((resolve, reject) => {
      const onAbort = (): void => giveUp('aborted by the caller');
      const settle = (): void => options.signal?.removeEventListener('abort', onAbort);
      const giveUp = (why: string): void => {
        if (!this.pending.delete(id)) return;
        settle();
        if (this.pending.size === 0) this.channel.unref();
        reject(unavailable(`${kind}: ${why}`));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) {
        settle();
        reject(unavailable(`${kind}: aborted by the caller`));
        return;
      }
      const deadline = now() + timeoutMs;
      this.pending.set(id, {
        kind,
        deadline,
        expire: () =>
          giveUp(`no reply from the daemon at ${this.socketPath} within ${timeoutMs} ms`),
        resolve: (answer) => {
          settle();
          (resolve as (answer: Answer<RequestKind>) => void)(answer);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      this.deadlines.add(deadline);
      if (kind !== 'hello' && kind !== 'health') this.liveness.watch(); // a health check is its own
      this.channel.ref(); // a request in flight keeps the process alive; an idle connection does not
      sendWithFiles(this.channel, frame, options.fds ?? []).catch((error: Error) => {
        this.pending.delete(id);
        if (this.pending.size === 0) this.channel.unref();
        // the daemon's reason, when it refused this connection before closing it
        reject(
          this.refusal ??
            unavailable(`cannot reach the daemon at ${this.socketPath}: ${error.message}`),
        );
      });
    });
  }

  /**
   * Takes the replies the daemon already sent, now: a caller that worked
   * while its request was in flight gets the answer without waiting for a
   * turn of the event loop (and the tasks, garbage collections among them,
   * that a turn would run first). Replies not yet sent come as usual.
   */
  receiveNow(): void {
    this.channel.receiveNow();
  }

  close(): void {
    this.channel.close();
  }

  private heard = false;

  /** Whether the daemon has sent anything on this connection. */
  get heardFrom(): boolean {
    return this.heard;
  }

  /** Why Hello failed (no answer in time, a refusal), once it has. */
  get helloError(): TrimsError | undefined {
    return this.answeredHello ? undefined : this.refusal;
  }

  private onMessage(data: Buffer, received: number[]): void {
    this.heard = true;
    this.liveness.heard();
    let reply: Reply;
    const fds = received;
    try {
      reply = Reply.decode(decodeFrame(data, DEFAULT_MAX_FRAME + 16));
    } catch {
      closeFiles(fds);
      return; // not ours to answer; the request it belonged to cannot be told apart
    }
    const id = Number(reply.id);
    const failure = reply.error && reply.error.code !== ErrorCode.OK ? reply.error : undefined;
    if (id === 0 && failure !== undefined) {
      // Not an answer to one request: the daemon refused the connection (e.g. a per-uid limit).
      closeFiles(fds);
      const error = TrimsError.fromWire(failure);
      this.refusal ??= error; // what a request made after it fails with too
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.channel.unref();
      return;
    }
    const waiting = this.pending.get(id);
    if (waiting === undefined) {
      closeFiles(fds);
      // An Open answered after its caller gave up: the daemon's reference goes back at once, not with the connection.
      const handle = Number(reply.open?.handle ?? 0); // handles start at 1
      if (handle > 0 && failure === undefined)
        this.request('close', { handle }).catch(() => undefined);
      return;
    }
    this.pending.delete(id);
    if (this.pending.size === 0) this.channel.unref();
    if (failure !== undefined) {
      closeFiles(fds);
      const error = this.refusal ?? TrimsError.fromWire(failure);
      if (waiting.kind === 'hello') this.refusal = error;
      waiting.reject(error);
      return;
    }
    const body = reply[waiting.kind];
    if (body === null || body === undefined) {
      closeFiles(fds);
      waiting.reject(
        new TrimsError(
          ErrorCode.INTERNAL,
          `the daemon answered ${waiting.kind} with ${reply.body ?? 'nothing'}`,
          { tier: 'protocol' },
        ),
      );
      return;
    }
    waiting.resolve({ reply: body as Replies[RequestKind], fds });
  }
}
