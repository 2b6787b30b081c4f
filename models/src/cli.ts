#!/usr/bin/env node
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import * as fs from 'node:fs';

import { largeVariants, resolveSet } from './architectures';
import { describeModel, generateModel, GeneratedModel } from './generate';
import { Quantization } from './format/quantize';
import { writeIndex } from './zoo-index';

const program = new Command('trims-models')
  .description('write the model zoo as tfjs graph models with seeded weights')
  .option('--set <set>', 'small | paper | large | NAME[,NAME...]', 'small')
  .requiredOption('--out <dir>', 'output directory')
  .option('--seed <n>', 'seed for the weights', '1')
  .option('--quantize <dtype>', 'uint8 | uint16 | float16')
  .option('--quiet', 'no progress bar');

program.action(
  (options: { set: string; out: string; seed: string; quantize?: string; quiet?: boolean }) => {
    if (
      options.quantize !== undefined &&
      !['uint8', 'uint16', 'float16'].includes(options.quantize)
    ) {
      throw new Error(`--quantize ${options.quantize}: choose uint8, uint16 or float16`);
    }
    const names = resolveSet(options.set);
    const seed = Number(options.seed);
    fs.mkdirSync(options.out, { recursive: true });
    if (options.set === 'large') {
      const { limitBytes } = largeVariants();
      console.log(
        `large set: models up to ${(limitBytes / 2 ** 30).toFixed(1)} GiB (a sixth of this machine's memory)`,
      );
    }
    const total = names.reduce((sum, name) => sum + describeModel(name).float32Bytes, 0);
    const bar =
      options.quiet || !process.stderr.isTTY
        ? undefined
        : new SingleBar({ format: '{bar} {percentage}% | {model}' }, Presets.shades_classic);
    bar?.start(total, 0, { model: '' });
    const generated: GeneratedModel[] = [];
    let before = 0;
    for (const name of names) {
      const started = Date.now();
      const model = generateModel(name, options.out, {
        seed,
        ...(options.quantize ? { quantize: options.quantize as Quantization } : {}),
        onBytes: (bytes) => bar?.update(before + bytes, { model: name }),
      });
      before += describeModel(name).float32Bytes;
      generated.push(model);
      if (bar === undefined) {
        console.log(
          `${name.padEnd(22)} ${model.parameters.toLocaleString('en').padStart(13)} parameters ` +
            `${(model.bytes / 2 ** 20).toFixed(1).padStart(8)} MiB in ${model.shards} shards (${Date.now() - started} ms)`,
        );
      }
    }
    bar?.stop();
    writeIndex(options.out, generated, seed, options.quantize ?? null);
    console.log(`wrote ${generated.length} model(s) and index.json to ${options.out}`);
  },
);

program.parseAsync(process.argv).catch((error: Error) => {
  console.error(`trims-models: ${error.message}`);
  process.exitCode = 1;
});
