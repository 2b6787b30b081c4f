/**
 * Concurrent calls with one key share one run; a failed run is forgotten,
 * so it does not poison later attempts.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing !== undefined) return existing;
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  has(key: string): boolean {
    return this.running.has(key);
  }
}
