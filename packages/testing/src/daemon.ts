import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { closeFd, mapReadOnly } from '@trims/native-cuda';
import { listModels, requestWithFiles, TrimsClient } from '@trims/client';
import { readContents, SegmentContents } from '@trims/protocol';

/** The daemon as users start it: `trims serve` of @trims/cli (a declared dependency). */
const TRIMS = require.resolve('@trims/cli/bin/trims.js');

/** Daemons this process started and that still run: none outlives it (see stopAllOnExit). */
const running = new Set<ChildProcess>();
let exitHook = false;

/**
 * At this process's exit, SIGTERM every daemon it started and left
 * running: a test or a benchmark that fails, or is stopped by a signal
 * (whose handler exits), leaves no daemon behind.
 */
function stopAllOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const daemon of running) daemon.kill('SIGTERM');
  });
}

/**
 * A fresh directory under the temp dir. A test run's temp dir is one
 * directory of its own that the root mocha config removes when the run
 * ends (runs used to add up to gigabytes of generated models).
 */
export function tempDir(prefix = 'trims-server-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** setpriv's arguments to run as `user`, its group and no other, and `dir` made that user's. */
function asUser(user: string, dir: string): { uid: number; setpriv: string[] } {
  const id = (flag: string): number => {
    const found = spawnSync('id', [flag, user], { encoding: 'utf8' });
    if (found.status !== 0) throw new Error(`no user ${user}: ${found.stderr}`);
    return Number(found.stdout.trim());
  };
  const [uid, gid] = [id('-u'), id('-g')];
  fs.chownSync(dir, uid, gid);
  return { uid, setpriv: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups'] };
}

/** This process's clients trust `uid` as their daemon (TRIMS_DAEMON_UID) until the returned call. */
function trustDaemon(uid: number): () => void {
  const before = process.env.TRIMS_DAEMON_UID;
  process.env.TRIMS_DAEMON_UID = String(uid);
  return () => {
    if (before === undefined) delete process.env.TRIMS_DAEMON_UID;
    else process.env.TRIMS_DAEMON_UID = before;
  };
}

/** A real daemon process (`trims serve`) on a temporary socket. */
export class Daemon {
  readonly socketPath: string;
  private stderr = '';
  /** Its account's uid, for clients of other processes (TRIMS_DAEMON_UID); undefined: this process's. */
  uid?: number;
  /** Every byte the daemon logged (its stderr), not only what `logs` keeps. */
  logBytes = 0;

  private constructor(
    readonly child: ChildProcess,
    readonly dir: string,
    readonly cacheDir: string,
  ) {
    this.socketPath = path.join(dir, 'trims.sock');
    child.stderr!.on('data', (chunk: Buffer) => {
      this.logBytes += chunk.length;
      this.stderr = (this.stderr + chunk.toString()).slice(-200_000);
    });
  }

  /** Starts `trims serve` with these flags and waits until it answers. */
  static async start(
    flags: string[] = [],
    options: {
      dir?: string;
      cacheDir?: string;
      env?: NodeJS.ProcessEnv;
      loopbackOrigins?: boolean;
      /** Started under this open-file limit (soft and hard: the daemon raises soft to hard). */
      fdLimit?: number;
      /**
       * Run as this user (the caller is root; `dir` becomes the user's), as
       * a system-wide daemon runs: this process's clients trust it
       * (TRIMS_DAEMON_UID) until it is stopped; other processes' need `uid`.
       */
      user?: string;
    } = {},
  ): Promise<Daemon> {
    const dir = options.dir ?? tempDir();
    const cacheDir = options.cacheDir ?? path.join(dir, 'cache');
    // prlimit and setpriv exec the command: the child's pid is the daemon's
    const account = options.user === undefined ? undefined : asUser(options.user, dir);
    const launcher = [
      ...(options.fdLimit === undefined
        ? []
        : ['prlimit', `--nofile=${options.fdLimit}:${options.fdLimit}`]),
      ...(account?.setpriv ?? []),
      process.execPath,
    ];
    const child = spawn(
      launcher[0]!,
      [
        ...launcher.slice(1),
        TRIMS,
        'serve',
        '--socket',
        path.join(dir, 'trims.sock'),
        '--cache-dir',
        cacheDir,
        // the tests' origin is on loopback, which a daemon refuses by default
        ...(options.loopbackOrigins === false ? [] : ['--allow-fetch-from', '127.0.0.1']),
        ...flags,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, TRIMS_LOG_LEVEL: 'debug', ...options.env },
      },
    );
    stopAllOnExit(child);
    const daemon = new Daemon(child, dir, cacheDir);
    if (account !== undefined) {
      daemon.uid = account.uid;
      child.once('exit', trustDaemon(account.uid)); // until it exits, stopped or not
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`trims serve exited with ${child.exitCode}:\n${daemon.stderr}`);
      try {
        const client = await TrimsClient.connect({ socketPath: daemon.socketPath });
        client.close();
        return daemon;
      } catch {
        if (Date.now() > deadline) throw new Error(`trims serve did not answer:\n${daemon.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  get logs(): string {
    return this.stderr;
  }

  /**
   * The logs once they hold `wanted`, or after `ms`: a line travels through
   * the stderr pipe, which this process may read after a reply sent later
   * on the socket.
   */
  async logsWith(wanted: string | RegExp, ms = 5000): Promise<string> {
    const found = (): boolean =>
      typeof wanted === 'string' ? this.stderr.includes(wanted) : wanted.test(this.stderr);
    for (const deadline = Date.now() + ms; !found() && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return this.stderr;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  client(): Promise<TrimsClient> {
    return TrimsClient.connect({ socketPath: this.socketPath, client: 'test' });
  }

  /** SIGTERM: drains and exits; resolves with the exit code, or the signal that ended it (SIGABRT, say). */
  stop(): Promise<number | NodeJS.Signals> {
    if (!this.alive) return Promise.resolve(this.child.exitCode ?? this.child.signalCode!);
    return new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve(code ?? signal!));
      this.child.kill('SIGTERM');
    });
  }
}

/** One request on a fresh connection; a file:// Open or Preload carries its files, opened here, as a client does; a List is every page. */
export async function ask<K extends Parameters<TrimsClient['request']>[0]>(
  daemon: Daemon,
  kind: K,
  body: Parameters<TrimsClient['request']>[1],
): Promise<Awaited<ReturnType<TrimsClient['request']>>> {
  const client = await daemon.client();
  try {
    if (kind === 'open' || kind === 'preload')
      return await requestWithFiles(client, kind, body as never);
    // every page of a listing, joined (a reply is one message: a long listing comes in pages)
    if (kind === 'list') return { reply: await listModels(client), fds: [] };
    return await client.request(kind, body as never);
  } finally {
    client.close();
  }
}

/** What a client reads from the fd of an Open reply: the segment's topology and tensor table (and its bytes). */
export function segmentOf(fds: number[]): SegmentContents & { bytes: Uint8Array } {
  const bytes = new Uint8Array(mapReadOnly(fds[0]!));
  fds.forEach(closeFd);
  return { ...readContents(bytes, 'host'), bytes };
}
