import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on a terminal; one line per step elsewhere (CI logs). */
export function progress(
  total: number,
  title: string,
): { tick: (label: string) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    let done = 0;
    return {
      tick: (label) => {
        done++;
        if (done % 10 === 0 || done === total)
          process.stderr.write(`  ${title}: ${done}/${total} ${label}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: `${title} {bar} {value}/{total} {label}`, stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return { tick: (label) => bar.increment(1, { label }), stop: () => bar.stop() };
}
