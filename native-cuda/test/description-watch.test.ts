import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

import { closeFd, createSealedSegment, DescriptionWatch, dupFd, mapReadOnly, unmap } from '../src';

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

describe('native-cuda: DescriptionWatch (when what was lent is let go)', () => {
  it("counts a memfd's read-only descriptions, a mapping keeping one alive, a dup none, another process's too", async () => {
    const watch = new DescriptionWatch(() => expect.fail('no event was lost'));
    const memfd = createSealedSegment('trims-test:watch', 4096, (bytes) => bytes.fill(7));
    const own = fs.openSync(`/proc/self/fd/${memfd}`, 'r');
    closeFd(memfd); // what stays is a read-only description, as a tier's own is
    try {
      const file = watch.watch(own)!;
      expect(file.own).to.equal(1);
      let noneLeft = 0;
      file.whenNoneLeft(() => noneLeft++);
      const lent = fs.openSync(`/proc/self/fd/${own}`, 'r');
      const map = mapReadOnly(lent);
      closeFd(lent);
      const dup = dupFd(own);
      await settle();
      expect(file.open, 'own and the mapped one; a dup is no new description').to.equal(2);
      closeFd(dup);
      unmap(map);
      await settle();
      expect(file.open).to.equal(1);
      // Another process maps one of its own, then lets it go when it exits.
      const other = fs.openSync(`/proc/self/fd/${own}`, 'r');
      const child = spawn(process.execPath, ['-e', `setTimeout(() => {}, 300)`], {
        stdio: ['ignore', 'ignore', 'ignore', other],
      });
      closeFd(other);
      await settle();
      expect(file.open, 'the child still has it').to.equal(2);
      await new Promise((resolve) => child.once('exit', resolve));
      await settle();
      expect(file.open).to.equal(1);
      expect(noneLeft).to.equal(0);
    } finally {
      closeFd(own);
    }
    await settle();
    watch.close();
  });

  it('calls back once none is left, at once when none is, and not after stop', async () => {
    const watch = new DescriptionWatch(() => expect.fail('no event was lost'));
    const memfd = createSealedSegment('trims-test:watch', 4096, () => undefined); // read-write: not counted
    const file = watch.watch(memfd)!;
    expect(file.own).to.equal(0);
    let called = 0;
    file.whenNoneLeft(() => called++);
    expect(called, 'none was open').to.equal(1);
    const again = watch.watch(memfd)!;
    const lent = fs.openSync(`/proc/self/fd/${memfd}`, 'r');
    again.stop();
    closeFd(lent);
    let late = 0;
    again.whenNoneLeft(() => late++);
    await settle();
    expect(late, 'stopped: nothing more is counted').to.equal(0);
    closeFd(memfd);
    watch.close();
  });
});
