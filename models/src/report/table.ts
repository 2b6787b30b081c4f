#!/usr/bin/env node
/**
 * Regenerates the table in models/README.md: generates the paper and large
 * sets into a directory, measures each model in a fresh process, and
 * writes the rows between the table markers. Usage: table.js DIR
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { largeVariants, SETS } from '../architectures';
import { generateModel } from '../generate';
import { writeIndex } from '../zoo-index';

interface Measured {
  name: string;
  ok: boolean;
  sum?: number;
  loadMs?: number;
  inferenceMs?: number;
  error?: string;
}

const README = path.resolve(__dirname, '..', '..', '..', 'README.md');
const START = '<!-- zoo-table:start -->';
const END = '<!-- zoo-table:end -->';

function main(): void {
  const dir = process.argv[2] ?? path.join(os.tmpdir(), 'trims-zoo-table');
  const { variants, limitBytes } = largeVariants();
  const names = [...SETS.paper, ...variants.map((v) => v.name)];
  const rows: string[] = [];
  let failures = 0;
  for (const name of names) {
    const model = generateModel(name, dir, { seed: 1 });
    writeIndex(dir, [model], 1, null);
    const child = spawnSync(
      process.execPath,
      [path.join(__dirname, 'measure.js'), dir, name, JSON.stringify(model.inputShape)],
      {
        encoding: 'utf8',
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
        maxBuffer: 1 << 20,
      },
    );
    const measured = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Measured;
    if (!measured.ok) failures++;
    const diff = ((model.parameters - model.published) / model.published) * 100;
    const row = [
      name,
      model.inputShape.slice(1, 3).join('x'),
      model.parameters.toLocaleString('en'),
      model.published.toLocaleString('en'),
      `${diff >= 0 ? '+' : ''}${diff.toFixed(2)}%`,
      `${(model.bytes / 2 ** 20).toFixed(1)}`,
      measured.ok ? measured.loadMs!.toFixed(0) : '-',
      measured.ok ? measured.inferenceMs!.toFixed(0) : `failed: ${measured.error ?? 'bad output'}`,
    ];
    rows.push(`| ${row.join(' | ')} |`);
    console.log(rows[rows.length - 1]);
    fs.rmSync(path.join(dir, name), { recursive: true, force: true }); // keep the disk free for the next one
  }
  const table = [
    START,
    `Measured on ${os.cpus()[0]?.model ?? 'this machine'} (${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB), ` +
      `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; large models up to ${(limitBytes / 2 ** 30).toFixed(1)} GiB ` +
      '(a sixth of memory). Load: `tf.loadGraphModel` from local files, warm page cache; inference: one image, median of 3 after a warm-up.',
    '',
    '| model | input | parameters | published | diff | size (MiB) | load (ms) | inference (ms) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    END,
  ].join('\n');
  const readme = fs.readFileSync(README, 'utf8');
  const before = readme.slice(0, readme.indexOf(START));
  const after = readme.slice(readme.indexOf(END) + END.length);
  fs.writeFileSync(README, before + table + after);
  console.log(failures === 0 ? 'every model loaded and classified' : `${failures} model(s) failed`);
  process.exitCode = failures === 0 ? 0 : 1;
}

main();
