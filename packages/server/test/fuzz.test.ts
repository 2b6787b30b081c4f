import { expect } from 'chai';

import { ask, Daemon, fuzzFrames } from '@trims/testing';

/** Frames in CI; `npm run bench -- soak` sends 100,000 and more. */
const FRAMES = 3000;

describe('trims serve: fuzzed frames (fast-check)', function () {
  it(`answers ${FRAMES} generated frames without an INTERNAL error and keeps serving`, async () => {
    const daemon = await Daemon.start([], { env: { TRIMS_LOG_LEVEL: 'warn' } });
    try {
      const seed = Number(process.env.TRIMS_FUZZ_SEED ?? Date.now() % 1e9);
      console.log(`      (seed ${seed}: TRIMS_FUZZ_SEED=${seed} repeats this run)`);
      const result = await fuzzFrames(daemon.socketPath, FRAMES, seed);
      console.log(`      (${JSON.stringify(result.codes)}, ${result.reconnects} connections)`);
      expect(result.codes.INTERNAL ?? 0).to.equal(0);
      expect(daemon.alive).to.equal(true);
      const stats = await ask(daemon, 'stats', {});
      expect(stats.reply).to.have.property('opens');
    } finally {
      await daemon.stop();
    }
  });
});
