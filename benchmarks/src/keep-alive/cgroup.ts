import * as fs from 'node:fs';
import * as path from 'node:path';

const MEMORY_CONTROLLER = '/sys/fs/cgroup/memory';

/**
 * A kernel memory cgroup (v1 controller) as the node's backstop: the node's
 * own PSS accounting decides evictions; the kernel enforces a hard limit
 * beside it and counts how often it had to act.
 */
export class MemoryCgroup {
  private constructor(readonly dir: string) {}

  /** The group, or why the machine offers none (no v1 controller, not root). */
  static create(name: string, limitBytes: number): MemoryCgroup | string {
    if (!fs.existsSync(path.join(MEMORY_CONTROLLER, 'memory.limit_in_bytes')))
      return `no cgroup v1 memory controller at ${MEMORY_CONTROLLER}`;
    const dir = path.join(MEMORY_CONTROLLER, name);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'memory.limit_in_bytes'), String(limitBytes));
    } catch (error) {
      return `cannot create ${dir}: ${(error as Error).message}`;
    }
    return new MemoryCgroup(dir);
  }

  /**
   * Moves a process in. A function instance is marked the OOM killer's first
   * choice, so that the kernel, if it must act, kills an instance rather than
   * the node's daemon (raising the score needs no privilege).
   */
  add(pid: number, role: 'function' | 'service' = 'function'): void {
    fs.writeFileSync(path.join(this.dir, 'cgroup.procs'), String(pid));
    if (role === 'function') fs.writeFileSync(`/proc/${pid}/oom_score_adj`, '1000');
  }

  /** Bytes charged to the group (page cache included) and its peak. */
  usage(): { bytes: number; peak: number } {
    return {
      bytes: Number(this.read('memory.usage_in_bytes')),
      peak: Number(this.read('memory.max_usage_in_bytes')),
    };
  }

  /** Times the limit was hit (the kernel reclaimed) and processes the kernel killed. */
  pressure(): { limitHits: number; oomKills: number } {
    const oomKill = /^oom_kill (\d+)/m.exec(this.read('memory.oom_control'));
    return { limitHits: Number(this.read('memory.failcnt')), oomKills: Number(oomKill?.[1] ?? 0) };
  }

  /** Removes the group once its processes have exited (the kernel refuses while any is left). */
  async remove(): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        fs.rmdirSync(this.dir);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    console.warn(`keep-alive: could not remove ${this.dir}; remove it with rmdir once empty`);
  }

  private read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), 'utf8');
  }
}
