/** This process's loads: served by the daemon, or by the framework's own loader. */
export interface LoadStats {
  shared: number;
  private: number;
}

const counts: LoadStats = { shared: 0, private: 0 };

export function countLoad(kind: keyof LoadStats): void {
  counts[kind]++;
}

/** How this process's loads went: an application (or a test) can check that TrIMS served them. */
export function loadStats(): LoadStats {
  return { ...counts };
}
