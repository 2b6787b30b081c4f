#!/usr/bin/env node
import { SetupError, messageOf } from './errors';
import { runSetup } from './setup';

async function main(): Promise<void> {
  const started = Date.now();
  console.log('trims set-up');
  try {
    await runSetup(
      (step, outcome) => console.log(`  ${step.padEnd(14)} ${outcome}`),
      (line) => console.log(`                 ${line}`),
    );
  } catch (error) {
    console.error(
      error instanceof SetupError ? error.explain() : `set-up failed: ${messageOf(error)}`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(
    `  done in ${((Date.now() - started) / 1000).toFixed(1)} s; \`npx trims doctor\` reports the result`,
  );
}

void main();
