import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'results');

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  date: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** Writes a suite's rows as CSV and, with the machine and notes, as JSON. */
export function writeResults(
  suite: string,
  rows: Array<Record<string, string | number>>,
  notes: Record<string, unknown>,
): string[] {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const columns = Object.keys(rows[0] ?? {});
  const csv =
    [
      columns.join(','),
      ...rows.map((row) => columns.map((column) => String(row[column])).join(',')),
    ].join('\n') + '\n';
  const csvFile = path.join(RESULTS_DIR, `${suite}.csv`);
  const jsonFile = path.join(RESULTS_DIR, `${suite}.json`);
  fs.writeFileSync(csvFile, csv);
  fs.writeFileSync(
    jsonFile,
    JSON.stringify({ suite, machine: machine(), notes, rows }, null, 2) + '\n',
  );
  return [csvFile, jsonFile];
}
