const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
};

/** "512MB" (decimal), "4GiB" (binary), "1.5G" (binary, like ulimit), or a byte count. */
export function parseSize(text: string, what = 'size'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase() || 'b'];
  if (!match || unit === undefined)
    throw new Error(`${what} "${text}" is not a size: use e.g. 512MB, 4GiB or 1073741824`);
  const bytes = Number(match[1]) * unit;
  // "0.5" is half a byte, not half of something: a fraction of a byte count is a mistake
  if (unit === 1 && !Number.isInteger(bytes))
    throw new Error(`${what} "${text}" is not a whole number of bytes: use e.g. 512MB or 0.5GiB`);
  if (bytes > Number.MAX_SAFE_INTEGER)
    throw new Error(`${what} "${text}" is too large (at most ${Number.MAX_SAFE_INTEGER} bytes)`);
  return Math.floor(bytes);
}

export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
