type Rows = Array<Record<string, string | number>>;

/** REPORT.md's last section: an unmodified multi-model application, plain and under the register hook. */
export function multiModelSection(
  result: { notes: Record<string, unknown>; rows: Rows } | undefined,
  table: (rows: Rows, columns: string[]) => string,
): string[] {
  if (result === undefined) return [];
  const row = (config: string): Record<string, string | number> =>
    result.rows.find((r) => r.config === config)!;
  const [plain, trims, first] = [row('plain'), row('trims'), row('trims, first')];
  return [
    '',
    '## A multi-model application under the register hook (no code change)',
    '',
    `An application loading ${plain.models} models (${plain.megabytes} MiB of weights) at start loads them in ${plain.load_ms} ms plain and ${trims.load_ms} ms under \`node -r @trims/tfjs/register\` ` +
      `(${trims.load_speedup}x), its private memory growing by ${plain.private_growth_mib} MiB plain and ${trims.private_growth_mib} MiB shared; end to end (process start to exit) ${plain.end_to_end_ms} ms against ${trims.end_to_end_ms} ms. ` +
      `The first run against a fresh daemon, which reads and lays out every model, loads in ${first.load_ms} ms. Method: ${result.notes.method as string}.`,
    '',
    table(result.rows, Object.keys(result.rows[0]!)),
  ];
}
