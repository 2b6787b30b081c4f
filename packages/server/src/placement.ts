import * as fs from 'node:fs';

import { ErrorCode, TrimsError } from '@trims/protocol';
import type { Logger } from 'pino';

import type { Catalog } from './catalog/catalog';
import type { ModelEntry, StoreTier } from './catalog/entry';
import type { ShareTier, Tenancy } from './tenancy';
import { DiskTier, MAX_WRITES_IN_FLIGHT, provesCopyBad } from './tiers/disk-tier';
import type { GpuTier } from './tiers/gpu-tier';
import type { HostTier } from './tiers/host-tier';
import type { Handout, Tier } from './tiers/tier';

export interface Placed {
  tier: StoreTier;
  handout: Handout;
}

/**
 * Which tier holds a model: a new model goes to host memory (copied behind
 * to disk) or, without room there, to disk; an open is served from the
 * fastest tier that has it or can take it (promotion); a host victim is
 * written to disk before it goes (demotion).
 */
export class Placement {
  /** Demotions and read-backs from the gpu in flight (a draining shutdown waits for them). */
  private readonly demotions = new Set<Promise<void>>();
  /** Read-backs of device copies for a uid they are not lent to, one per model. */
  private readonly readingBack = new Map<ModelEntry, Promise<void>>();
  /** Host models whose copy to disk waits for its turn (the disk tier busy): no fd is held meanwhile. */
  private readonly behind = new Set<ModelEntry>();

  constructor(
    private readonly host: HostTier,
    private readonly disk: DiskTier,
    private readonly gpu: GpuTier | undefined,
    private readonly catalog: Catalog,
    private readonly log: Logger,
    private readonly tenancy: Tenancy,
  ) {}

  /**
   * Before `uid` brings a model into a tier (host: converted, or promoted
   * from disk; gpu: a device copy lent to it): its share of it, its own
   * victims demoted as the policy's are. Throws LOAD_PRIVATELY to refuse.
   */
  makeShare(entry: ModelEntry, uid: number, model: string, tier: ShareTier): void {
    const gpu = tier === 'gpu' ? this.gpu : undefined;
    const shared = gpu ?? this.host;
    this.tenancy.makeShare(entry, uid, shared, (victim) => shared.budget.evict(victim), model);
    if (gpu === undefined) entry.admittedBy = uid;
  }

  /** Whether `uid`'s share of `tier` has room for `entry` (made by dropping its own unheld models there). */
  private withinShare(entry: ModelEntry, uid: number, tier: ShareTier): boolean {
    try {
      this.makeShare(entry, uid, [...entry.urls][0] ?? entry.digest, tier);
      return true;
    } catch (error) {
      if (error instanceof TrimsError && error.code === ErrorCode.LOAD_PRIVATELY) return false;
      throw error;
    }
  }

  get tiers(): Tier[] {
    return [this.gpu, this.host, this.disk].filter((t): t is NonNullable<typeof t> => !!t);
  }

  /** A model just converted (its sealed memfd stays the caller's). Throws LOAD_PRIVATELY without room. */
  async place(entry: ModelEntry, memfd: number, model: string): Promise<void> {
    if (await this.host.admit(entry, { memfd })) {
      this.writeBehind(entry);
      return;
    }
    if (await this.disk.admit(entry, { memfd })) return;
    throw this.noRoom(entry, model);
  }

  /**
   * Copies a host-only model to disk in the background, in its turn while
   * the disk tier is busy; the disk tier keeps it when it has room.
   */
  writeBehind(entry: ModelEntry): void {
    if (this.disk.busy) this.behind.add(entry);
    else this.write(entry);
  }

  /**
   * A host victim goes to disk before it leaves; not while the disk tier is
   * busy (its fd would outlive the budget that let it go): then it is
   * forgotten once it has left, and fetched again when next opened.
   */
  demote(victim: ModelEntry): void {
    this.behind.delete(victim);
    if (!this.disk.busy) return this.write(victim);
    this.log.warn({ digest: victim.digest }, 'the disk tier is busy: a host victim is not written');
    queueMicrotask(() => this.catalog.forget(victim)); // once the host tier has dropped it
  }

  private write(entry: ModelEntry): void {
    if (this.disk.has(entry) || entry.hostFd === undefined) return;
    void this.disk.admit(entry, { memfd: entry.hostFd }).then(() => {
      this.catalog.forget(entry);
      this.writeNextBehind();
    });
  }

  private writeNextBehind(): void {
    for (const entry of this.behind) {
      if (this.disk.busy) return;
      this.behind.delete(entry);
      this.write(entry);
    }
  }

  /** Serves from the fastest tier that has it or can take it; undefined when its only copy proved bad. */
  async serve(
    entry: ModelEntry,
    gpuIndex: number | undefined,
    uid: number,
  ): Promise<Placed | undefined> {
    if (
      gpuIndex !== undefined &&
      this.gpu !== undefined &&
      (await this.toGpu(entry, gpuIndex, uid))
    )
      return this.handout(entry, this.gpu);
    const onlyOnGpu = (): boolean =>
      entry.gpu !== undefined && !this.host.has(entry) && !this.disk.has(entry);
    if (onlyOnGpu()) {
      await this.readBackFor(entry, uid); // its only copy is lent to another uid or device
      if (onlyOnGpu()) throw this.noRoom(entry, [...entry.urls][0] ?? entry.digest);
    }
    if (this.host.has(entry)) return this.handout(entry, this.host);
    if (!this.disk.has(entry)) return undefined;
    if (await this.promote(entry, uid)) return this.handout(entry, this.host);
    return this.handout(entry, this.disk);
  }

  private async handout(entry: ModelEntry, tier: Tier): Promise<Placed | undefined> {
    const handout = await tier.fdFor(entry);
    return handout && { tier: tier.name, handout };
  }

  /**
   * Disk to host for `uid`, within its share, checking the checksum on the
   * way; false (served from disk) over its share, without room, or with a
   * bad copy (then dropped).
   */
  async promote(entry: ModelEntry, uid: number): Promise<boolean> {
    const file = entry.diskFile;
    if (file === undefined || !this.withinShare(entry, uid, 'host')) return false;
    try {
      return await this.host.admit(entry, { file });
    } catch (error) {
      // Short of fds or memory, the copy stays (served from disk if it can be); else it goes.
      const bad = provesCopyBad(error);
      this.log.warn(
        { digest: entry.digest, file, error: (error as Error).message },
        bad
          ? 'cached segment is corrupt or missing: removed, it will be refetched'
          : 'cannot bring a cached segment into host memory now',
      );
      if (bad && entry.diskFile === file) this.disk.drop(entry);
      return false;
    }
  }

  /** A device copy `uid` may map (one per model, lent to one uid: see DeviceCopy); false serves from host (a gpu:N not there too). */
  async toGpu(entry: ModelEntry, device: number, uid: number): Promise<boolean> {
    if (this.gpu === undefined || !this.gpu.hasDevice(device)) return false;
    if (entry.gpu !== undefined) return this.gpu.lends(entry, device, uid);
    if (!this.host.has(entry) && !(await this.promote(entry, uid))) {
      const handout = await this.disk.fdFor(entry); // checked before the copy
      if (handout === undefined) return false;
      try {
        return await this.copyToGpu(this.gpu, entry, handout.fd, device, uid);
      } finally {
        fs.closeSync(handout.fd);
      }
    }
    return entry.hostFd !== undefined && this.copyToGpu(this.gpu, entry, entry.hostFd, device, uid);
  }

  /**
   * The copy, within `uid`'s share of the gpu tier (else false: served from
   * host). The share is checked and the copy counted against it with no
   * await between, so that concurrent opens of one uid see each other's.
   */
  private copyToGpu(
    gpu: GpuTier,
    entry: ModelEntry,
    memfd: number,
    device: number,
    uid: number,
  ): Promise<boolean> {
    if (entry.gpu === undefined && !this.withinShare(entry, uid, 'gpu'))
      return Promise.resolve(false);
    return gpu.admitOn(entry, { memfd }, device, uid);
  }

  /**
   * A gpu victim that no other tier holds is copied back from the device
   * (on a libuv thread) to host memory within the host share of the uid it
   * was lent to, or to disk (through a memfd). The host tier counts the
   * bytes from the start of the copy. Meanwhile `entry.demoting` keeps it
   * in the catalog and makes an open wait; one no tier took is forgotten.
   */
  demoteFromGpu(entry: ModelEntry): Promise<void> {
    if (entry.demoting !== undefined) return entry.demoting;
    if (this.gpu === undefined || this.host.has(entry) || this.disk.has(entry))
      return Promise.resolve();
    const readBack = this.gpu.download(entry); // at once: the device copy is dropped right after
    // Into host memory within the share of the uid the copy was lent to (as any admission).
    const demoted = this.copyBack(entry, entry.gpu?.uid, readBack)
      .catch((error: Error) =>
        this.log.error({ digest: entry.digest, err: error }, 'demotion from gpu failed'),
      )
      .finally(() => {
        entry.demoting = undefined;
        this.catalog.forget(entry); // only if no tier took it
      });
    entry.demoting = demoted;
    this.demotions.add(demoted);
    void demoted.then(() => this.demotions.delete(demoted));
    return demoted;
  }

  /** A device copy read back (`readBack`) into host memory within `uid`'s share, else to disk. */
  private async copyBack(
    entry: ModelEntry,
    uid: number | undefined,
    readBack: Promise<number>,
  ): Promise<void> {
    if (
      uid !== undefined &&
      this.withinShare(entry, uid, 'host') &&
      (await this.host.admitFilling(entry, readBack))
    )
      return this.writeBehind(entry);
    const memfd = await readBack;
    try {
      await this.disk.admit(entry, { memfd });
    } finally {
      fs.closeSync(memfd);
    }
  }

  /**
   * A model whose only copy is on the gpu, lent to another uid or device, is
   * read back for `uid` (checked, as a demotion is: whoever it is lent to
   * may have written into it) into host memory within its share, else to
   * disk; the device copy stays. One that changed is dropped: the model is
   * fetched again.
   */
  private readBackFor(entry: ModelEntry, uid: number): Promise<void> {
    const gpu = this.gpu;
    const running = this.readingBack.get(entry);
    if (running !== undefined || gpu === undefined) return running ?? Promise.resolve();
    const done = this.copyBack(entry, uid, gpu.download(entry))
      .catch((error: Error) => {
        this.log.warn({ digest: entry.digest, err: error }, 'a device copy was not read back');
        if (error instanceof TrimsError && error.code === ErrorCode.CORRUPT_MODEL) {
          gpu.drop(entry);
          this.catalog.forget(entry); // only if no tier holds it
        }
      })
      .finally(() => {
        this.readingBack.delete(entry);
        this.demotions.delete(done);
      });
    this.readingBack.set(entry, done);
    this.demotions.add(done);
    return done;
  }

  /** Resolves when no demotion and no write to disk is in flight or waiting (one may start while others finish). */
  async settled(): Promise<void> {
    while (this.demotions.size > 0 || this.behind.size > 0 || this.disk.writesInFlight > 0) {
      await Promise.all(this.demotions);
      this.writeNextBehind();
      await this.disk.settled();
      await new Promise((resolve) => setImmediate(resolve)); // a write that ended starts the next
    }
  }

  noRoom(entry: ModelEntry, model: string): TrimsError {
    const usage = (t: Tier): string =>
      `${t.name} ${t.budget.used}/${t.budget.budget} bytes in ${t.budget.size} models`;
    const busy = this.disk.busy ? `; the disk tier is writing ${MAX_WRITES_IN_FLIGHT} models` : '';
    return new TrimsError(
      ErrorCode.LOAD_PRIVATELY,
      `no tier has room for ${entry.bytes} bytes (${usage(this.host)}, ${usage(this.disk)}${busy}; the rest is held by clients or pinned, or over the ${this.host.budget.maxMembers} models the host tier holds): load it privately`,
      { model, tier: 'host' },
    );
  }
}
