import { SeqPacketChannel } from '@trims/native-cuda';
import {
  encodeFrame,
  ErrorCode,
  REPLY_FRAME_LIMIT,
  IReply,
  PROTOCOL_VERSION,
  Reply,
  Request,
  TrimsError,
} from '@trims/protocol';
import type { Logger } from 'pino';

import { AttachedFiles } from './attached-files';
import { decodeRequest } from './decode-request';
import type { Dispatch } from './dispatch';
import { protocolError } from './protocol-error';
import {
  MAX_QUEUED_REPLIES,
  MAX_REQUESTS_IN_HAND,
  REQUEST_BYTES_PER_UID,
  REQUEST_OVERHEAD,
} from './connection-bounds';
import { StallWatch } from './stall-watch';
import { boundedError } from './bounded-error';
import { closeLater } from './close-later';
import { isShortage } from '../shortage';
import type { Allowance } from './peer-counts';
import { ReplyFiles } from './reply-files';
import type { UnreadFds, UnreadFdsPool } from './unread-fds';
import type { RequestsInHand } from './requests-in-hand';
import { Session } from './session';

/**
 * One client on the daemon's side: frames checked before decoding, Hello
 * first and of our version, every request answered (errors included), and
 * nothing a client sends can stop the daemon.
 */
export interface ConnectionOptions {
  maxFrame: number;
  /** fds a connection may hold for its next Open or Preload (MoreFiles frames): the shard limit + 1. */
  maxAttachedFiles: number;
  /** The peer's uid-wide allowance of held fds (every connection of one uid draws on it). */
  heldFiles: Allowance;
  /** The peer's uid-wide allowances of fds in replies not yet sent (ReplyFiles), and not yet read (UnreadFds). */
  replyFiles: Allowance;
  unreadFds: UnreadFdsPool;
  /** The peer's uid-wide allowance of request bytes in hand (REQUEST_BYTES_PER_UID). */
  requestBytes: Allowance;
  /** Closed unless it says Hello within this time (an idle connection costs an fd). */
  helloTimeoutMs: number;
  /** Closed when its peer reads nothing this long while the daemon waits on it (StallWatch). */
  stallMs: number;
  /** Every connection's requests being answered, and whether the daemon drains. */
  requests: RequestsInHand;
}

export class Connection {
  private greeted = false;
  private inHand = 0;
  private queuedReplies = 0;
  private readonly files: AttachedFiles;
  private readonly maxFrame: number;
  private readonly requests: RequestsInHand;
  private readonly helloTimer: NodeJS.Timeout;
  private readonly requestBytes: Allowance;
  private readonly replyFiles: Allowance;
  private readonly unreadFds: UnreadFds;
  private readonly stall: StallWatch;

  constructor(
    private readonly channel: SeqPacketChannel,
    readonly session: Session,
    private readonly dispatch: Dispatch,
    private readonly log: Logger,
    options: ConnectionOptions,
  ) {
    this.maxFrame = options.maxFrame;
    this.files = new AttachedFiles(options.maxAttachedFiles, options.heldFiles, session.peer.uid);
    this.requests = options.requests;
    this.requestBytes = options.requestBytes;
    this.replyFiles = options.replyFiles;
    this.unreadFds = options.unreadFds.of(session.peer.uid, channel);
    // Its requests are dropped: a peer that reads nothing would not get their answers.
    this.stall = new StallWatch(channel, options.stallMs, (dropped) => {
      log.warn({ peer: session.peer, dropped }, 'a peer read nothing for long: closing');
      this.close();
    });
    this.helloTimer = setTimeout(() => {
      if (this.greeted) return;
      this.replyError(0, protocolError(`no Hello within ${options.helloTimeoutMs} ms: closing`));
      setImmediate(() => this.close());
    }, options.helloTimeoutMs);
    this.helloTimer.unref();
    channel.on('message', ({ data, fds }) => {
      const owned = [...fds]; // onFrame may hold them for a later request, or add held ones
      this.inHand++;
      this.paceReading();
      void this.onFrame(data, owned).finally(() => {
        owned.forEach(closeLater); // read during the request only
        this.inHand--;
        this.paceReading();
        this.closeIfAnswered();
      });
    });
    // The client will send nothing more (shutdown(SHUT_WR)): its requests are answered, then it closes.
    channel.on('end', () => this.closeIfAnswered());
    channel.on('close', () => {
      clearTimeout(this.helloTimer);
      this.files.drop();
    });
    channel.on('error', (error) => {
      const code = (error as { code?: string }).code;
      this.replyError(
        0,
        code === 'EMSGSIZE'
          ? protocolError(
              `frame over the limit of ${this.maxFrame} bytes: ${error.message}`,
              ErrorCode.FRAME_TOO_LARGE,
            )
          : isShortage(error) // the daemon's own shortage (out of fds): try again later
            ? protocolError(
                `the daemon could not take a request: ${error.message}`,
                ErrorCode.UNAVAILABLE,
              )
            : protocolError(error.message),
      );
    });
  }

  /** A client that shut down its sending side: closed once what it sent is answered. */
  private closeIfAnswered(): void {
    if (this.channel.isEnded && this.inHand === 0 && this.queuedReplies === 0) this.close();
  }

  close(): void {
    clearTimeout(this.helloTimer);
    this.channel.close();
  }

  /** Answers with `error` and closes, before reading anything (a peer over its limit). */
  refuse(error: TrimsError): void {
    this.replyError(0, error);
    setImmediate(() => this.close());
  }

  private async onFrame(data: Buffer, files: number[]): Promise<void> {
    const decoded = decodeRequest(data, this.maxFrame);
    const { id } = decoded;
    if ('error' in decoded) {
      this.replyError(id, decoded.error);
      return;
    }
    const { request } = decoded;
    if (!this.greeted) {
      if (request.body !== 'hello') {
        this.replyError(id, protocolError('the first request must be Hello'));
        return;
      }
      const version = request.hello!.protocolVersion ?? 0;
      if (version !== PROTOCOL_VERSION) {
        this.replyError(
          id,
          protocolError(
            `the client speaks protocol ${version}, this daemon speaks ${PROTOCOL_VERSION}: upgrade the older side`,
            ErrorCode.VERSION_MISMATCH,
          ),
        );
        this.log.warn(
          { peer: this.session.peer, version },
          'refused a peer of another protocol version',
        );
        // A moment's grace: requests sent right behind the Hello are answered
        // (BAD_REQUEST, no Hello) rather than lost in a reset connection.
        setTimeout(() => this.channel.close(), 100).unref();
        return;
      }
      this.greeted = true;
      clearTimeout(this.helloTimer);
    }
    if (request.body === undefined) {
      this.replyError(
        id,
        protocolError('unknown message type (no field this daemon knows is set)'),
      );
      return;
    }
    // Synchronously, before any await: frames are taken in the order they came.
    if (request.body === 'moreFiles') {
      const refused = this.files.hold(files);
      if (refused !== undefined) this.replyError(id, refused); // the frame's own fds are closed by the caller
      return;
    }
    // A Close frees what the uid holds: taken even at the bound.
    const weight = request.body === 'close' ? 0 : data.length + REQUEST_OVERHEAD;
    if (!this.requestBytes.take(weight)) {
      files.splice(0).forEach(closeLater);
      this.replyError(
        id,
        protocolError(
          `uid ${this.session.peer.uid}'s requests in hand weigh ${REQUEST_BYTES_PER_UID} bytes (the limit): wait for their replies`,
          ErrorCode.UNAVAILABLE,
        ),
      );
      return;
    }
    try {
      await this.inHandOf(id, request, files);
    } finally {
      this.requestBytes.give(weight);
    }
  }

  private async inHandOf(id: number, request: Request, files: number[]): Promise<void> {
    if (request.body !== 'open' && request.body !== 'preload') {
      files.splice(0).forEach(closeLater); // only Open and Preload read any
      await this.handle(id, request, files);
      return;
    }
    const claimed = this.files.claim(files);
    if (claimed instanceof TrimsError) {
      this.replyError(id, claimed);
      return;
    }
    try {
      await this.handle(id, request, files);
    } finally {
      claimed.release();
    }
  }

  private async handle(id: number, request: Request, files: number[]): Promise<void> {
    if (this.requests.draining && request.body !== 'close') {
      this.replyError(id, protocolError('the daemon is shutting down', ErrorCode.SHUTTING_DOWN));
      return;
    }
    const replyFiles = new ReplyFiles(this.replyFiles, this.unreadFds, this.session.peer.uid);
    let sending = Promise.resolve();
    this.requests.begin();
    try {
      const handled = await this.dispatch(request, this.session, files);
      // Counted, then copied, in one go: Opens ending together copy no more than may wait.
      sending = this.send({ id, ...handled.reply }, replyFiles.lend(handled), replyFiles.refused);
      // Taken by the kernel at once (the peer reads): closed and uncounted now, not a turn later.
      if (this.channel.waitingToSend === 0) replyFiles.done();
    } catch (error) {
      this.replyFailure(id, error);
    } finally {
      this.requests.end(); // its answer is queued
    }
    await sending.catch((error: unknown) => this.replyFailure(id, error));
    replyFiles.done();
  }

  /** The answer to a request that failed: its TrimsError, or INTERNAL for anything else (a bug: logged). */
  private replyFailure(id: number, error: unknown): void {
    if (error instanceof TrimsError) return this.replyError(id, error);
    this.log.error({ err: error }, 'request failed unexpectedly');
    this.replyError(id, new TrimsError(ErrorCode.INTERNAL, (error as Error).message));
  }

  private replyError(id: number, error: TrimsError): void {
    this.send({ id, error: boundedError(error) }, []).catch(() => undefined);
  }

  /** Waiting on its peer to read: a reply waits in our queue (the socket is full), with its fds; watched. */
  private readonly waitingOnPeer = (): boolean => this.channel.waitingToSend > 0;

  /** Reads while the requests in hand and the replies queued are within their bounds, until it closes. */
  private paceReading(): void {
    const full = this.inHand >= MAX_REQUESTS_IN_HAND || this.queuedReplies >= MAX_QUEUED_REPLIES;
    if (full) this.channel.pauseReading();
    else this.channel.resumeReading();
    if (this.waitingOnPeer()) this.stall.watch(this.waitingOnPeer);
  }

  /** Sends a reply: one socket message (replies are made to fit: see listing.ts); `refused` if the kernel refuses its fds. */
  private async send(reply: IReply, fds: number[], refused?: () => void): Promise<void> {
    if (this.channel.isClosed) return;
    const frame = encodeFrame(Reply.encode(reply).finish());
    if (frame.length > REPLY_FRAME_LIMIT) {
      this.log.error({ bytes: frame.length, id: reply.id }, 'a reply over one message: a bug');
      const why = `the reply took ${frame.length} bytes, over one message (${REPLY_FRAME_LIMIT})`;
      return this.replyError(Number(reply.id), new TrimsError(ErrorCode.INTERNAL, why));
    }
    this.queuedReplies++;
    const sent = this.channel.send(frame, fds).catch((error: { code?: string }) => {
      if (error.code !== 'ETOOMANYREFS') return;
      refused?.(); // the handle the peer will never learn of, and the fds it never got
      const why = 'the daemon has as many fds in flight as the kernel lets it: retry later';
      this.replyError(Number(reply.id), protocolError(why, ErrorCode.UNAVAILABLE));
    });
    this.paceReading(); // queued now, if the socket is full: watched
    await sent;
    this.queuedReplies--;
    this.paceReading();
    this.closeIfAnswered();
  }
}
