import * as fs from 'node:fs';
import * as path from 'node:path';

import { connect, raiseFdLimit, SeqPacketServer } from '@trims/native-cuda';
import { ErrorCode, TrimsError } from '@trims/protocol';
import type { Logger } from 'pino';

import { ServerConfig } from './config';
import { fdShares } from './fd-shares';
import { createDispatch } from './handlers';
import { startMetrics } from './metrics';
import { ModelManager } from './model-manager';
import { claimOwnedDirectory } from './owned-directory';
import { Connection } from './session/connection';
import { RequestsInHand } from './session/requests-in-hand';
import { UnreadFdsPool } from './session/unread-fds';
import { REQUEST_BYTES_PER_UID } from './session/connection-bounds';
import { PeerCounts } from './session/peer-counts';
import { Session } from './session/session';
import { ThrottledLog } from './session/throttled-log';

export interface RunningServer {
  readonly socketPath: string;
  readonly manager: ModelManager;
  readonly metricsPort: number | undefined;
  /** Stops accepting, lets fetches (for a while: TRIMS_DRAIN_MS) and disk writes finish, closes every connection. */
  close(): Promise<void>;
}

/**
 * Removes only a socket nobody listens on (ECONNREFUSED); refuses to start
 * over a live daemon, over one that may be (it does not accept now: a full
 * backlog answers EAGAIN), and over anything that is not a socket.
 */
function claimSocketPath(socketPath: string): void {
  const found = fs.lstatSync(socketPath, { throwIfNoEntry: false });
  if (found === undefined) return;
  if (!found.isSocket())
    throw new Error(
      `--socket ${socketPath}: something other than a socket is there; not replaced: choose another path, or remove it`,
    );
  try {
    connect(socketPath).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ECONNREFUSED')
      throw new Error(
        `--socket ${socketPath}: cannot tell whether a daemon listens there (${code ?? (error as Error).message}); not replaced: stop it, or remove the socket if none runs`,
        { cause: error },
      );
    fs.rmSync(socketPath); // nobody listens: stale
    return;
  }
  throw new Error(`a TrIMS daemon already listens at ${socketPath}`);
}

export async function startServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  const fdLimit = raiseFdLimit();
  if (fdLimit.soft !== fdLimit.before)
    log.info({ from: fdLimit.before, to: fdLimit.soft }, 'raised the open-file limit');
  const fds = fdShares(fdLimit.soft, config.ingestLimits.shards);
  log.info({ limit: fdLimit.soft, ...fds }, 'fd shares');
  // The socket's directory (0700, or 0750 with group access) made, or one that exists checked: it
  // must be the daemon's (or root's) and writable by nobody else, or another user could put a
  // socket there in its place. Before the cache directory, which may be inside it.
  claimOwnedDirectory(path.dirname(config.socketPath), config.groupAccess ? 0o750 : 0o700, {
    name: 'socket directory',
    option: '--socket or TRIMS_SOCKET',
  });
  // The cache directory's lock before the socket: a second daemon of that cache stops before it touches it.
  const manager = new ModelManager(config, log, fds.models);
  try {
    claimSocketPath(config.socketPath);
  } catch (error) {
    await manager.close();
    throw error;
  }
  const connections = new Set<Connection>();
  const requests = new RequestsInHand();
  let sessions = 0;
  const dispatch = createDispatch(manager, () => connections.size, Date.now());
  // Before the socket: a daemon that answers has started whole, and one that cannot serve
  // the metrics asked for never answers (nor half starts without them).
  let metrics: Awaited<ReturnType<typeof startMetrics>> | undefined;
  try {
    if (config.metricsPort !== undefined)
      metrics = await startMetrics(config.metricsPort, manager, () => connections.size);
  } catch (error) {
    await manager.close();
    throw new Error(`--metrics-port ${config.metricsPort}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const server = SeqPacketServer.listen(config.socketPath, {
    mode: config.groupAccess ? 0o660 : 0o600,
    maxMessageBytes: config.maxFrame + 16,
    halfOpen: true, // a client that shut down its sending side still gets its replies
  });
  const acceptFailed = new ThrottledLog(log, 'accept failed (backing off)');
  server.on('error', (error) => acceptFailed.report({ error: error.message }));
  const perUid = new PeerCounts(config.connectionsPerUid, fds.connections);
  const heldPerUid = new PeerCounts(fds.heldFilesPerUid, fds.heldFiles);
  const repliesPerUid = new PeerCounts(fds.repliesPerUid, fds.replies);
  const unreadFds = new UnreadFdsPool(new PeerCounts(fds.unreadPerUid, fds.unread));
  const handlesPerUid = new PeerCounts(config.handlesPerUid);
  const requestBytesPerUid = new PeerCounts(REQUEST_BYTES_PER_UID);
  const overLimit = new ThrottledLog(log, 'refused a connection: its uid is at its limit');
  server.on('connection', (channel) => {
    const session = new Session(++sessions, channel.peer, handlesPerUid);
    const connection = new Connection(channel, session, dispatch, log, {
      maxFrame: config.maxFrame,
      maxAttachedFiles: config.ingestLimits.shards + 1,
      heldFiles: heldPerUid.of(channel.peer.uid),
      replyFiles: repliesPerUid.of(channel.peer.uid),
      unreadFds,
      requestBytes: requestBytesPerUid.of(channel.peer.uid),
      helloTimeoutMs: config.helloTimeoutMs,
      stallMs: config.peerStallMs,
      requests,
    });
    if (!perUid.add(channel.peer.uid)) {
      const daemonFull = perUid.daemonFull();
      overLimit.report({
        peer: channel.peer,
        limit: daemonFull ? perUid.daemonLimit : perUid.limit,
      });
      connection.refuse(
        new TrimsError(
          ErrorCode.UNAVAILABLE,
          daemonFull
            ? `the daemon has ${perUid.daemonLimit} connections open (its limit: a quarter of the fds it can lend): retry later`
            : `uid ${channel.peer.uid} has ${config.connectionsPerUid} connections open (the limit): close some`,
          { tier: 'protocol' },
        ),
      );
      return;
    }
    connections.add(connection);
    log.debug({ session: session.id, peer: channel.peer }, 'client connected');
    // Its socket, kept until the peer has read what it was sent, counts as one of the uid's connections till then.
    channel.on('released', () => perUid.remove(channel.peer.uid));
    channel.on('close', () => {
      connections.delete(connection);
      const released = session.close();
      log.debug({ session: session.id, peer: channel.peer, released }, 'client gone');
    });
  });
  log.info(
    {
      socket: config.socketPath,
      cacheDir: config.cacheDir,
      budgets: {
        host: config.hostBudget,
        disk: config.diskBudget,
        gpu: manager.gpuEnabled ? config.gpuBudget : 0,
      },
      policy: config.policy,
      metricsPort: metrics?.port,
      // What an operator serving models from localhost needs to know first.
      fetchRefused: "loopback, private, link-local, metadata and the host's own addresses",
      fetchAllowed: config.allowFetchFrom,
    },
    'trims daemon listening',
  );
  return {
    socketPath: config.socketPath,
    manager,
    metricsPort: metrics?.port,
    async close(): Promise<void> {
      if (requests.draining) return;
      requests.draining = true;
      server.close();
      await manager.drain(config.drainMs, () => requests.answered());
      for (const connection of connections) connection.close();
      await metrics?.close();
      await manager.close();
      log.info('trims daemon stopped');
    },
  };
}
