import { fstatSync } from 'node:fs';

import type { TrimsError } from '@trims/protocol';

import { closeLater } from './close-later';
import { protocolError } from './protocol-error';
import type { Allowance } from './peer-counts';

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * The fds a connection's requests carry (a file:// model's files), counted
 * against the peer's uid from the frame that brought them until the
 * request that uses them ends, however long it waits (an Open may wait on
 * another's fetch). MoreFiles frames' fds wait here for the next Open or
 * Preload, which takes them with its own.
 */
export class AttachedFiles {
  private readonly held: number[] = [];

  constructor(
    /** The shard limit + 1: what one request may need. */
    private readonly maxPerRequest: number,
    /** The uid-wide count of fds held, shared by every connection of that uid. */
    private readonly allowance: Allowance,
    private readonly uid: number,
  ) {}

  private overAllowance(): TrimsError {
    return protocolError(
      `uid ${this.uid} holds too many attached files on its connections already (or all peers together hold half the daemon's fds)`,
    );
  }

  /**
   * Keeps a MoreFiles frame's fds (moved out of `files`) for the next Open
   * or Preload; else the error, and the held ones are closed too. A
   * MoreFiles has no reply, so one without fds is answered as the error it
   * is: else its sender waits forever.
   */
  hold(files: number[]): TrimsError | undefined {
    const error =
      files.length === 0
        ? protocolError(
            'a MoreFiles frame carries no fds (it exists only to carry them; it has no reply otherwise)',
          )
        : this.held.length + files.length > this.maxPerRequest
          ? protocolError(
              `more than ${this.maxPerRequest} attached files (the shard limit + 1) for one request`,
            )
          : // held until the next Open: a socket (the peer's own end, say) would keep it connected
            !files.every(isRegularFile)
            ? protocolError(
                'a MoreFiles frame carries an fd that is not a regular file (a model file)',
              )
            : !this.allowance.take(files.length)
              ? this.overAllowance()
              : undefined;
    if (error !== undefined) {
      this.drop();
      return error;
    }
    this.held.push(...files.splice(0));
    return undefined;
  }

  /**
   * An Open's or Preload's fds: the held ones are put before its own in
   * `files` (which the caller closes when the request ends) and all stay
   * counted until `release()`; the error when the uid has no room for them.
   */
  claim(files: number[]): { release(): void } | TrimsError {
    const held = this.held.splice(0); // counted since their MoreFiles frames
    files.unshift(...held);
    if (!this.allowance.take(files.length - held.length)) {
      this.allowance.give(held.length);
      return this.overAllowance();
    }
    const counted = files.length;
    return { release: () => this.allowance.give(counted) };
  }

  /** Closes the held fds and gives them back (the connection ended, or a MoreFiles was refused). */
  drop(): void {
    const held = this.held.splice(0);
    this.allowance.give(held.length);
    held.forEach(closeLater);
  }
}
