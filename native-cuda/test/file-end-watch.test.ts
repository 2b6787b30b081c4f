import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

import { closeFd, createSealedSegment, FileEndWatch, mapReadOnly, unmap } from '../src';

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

describe('native-cuda: FileEndWatch (when what was lent is let go)', () => {
  let watch: FileEndWatch;
  beforeEach(() => (watch = new FileEndWatch(() => expect.fail('no event was lost'))));
  afterEach(() => watch.close());

  /** A sealed memfd, by a read-only fd (as a tier keeps one), and its watch. */
  function lent(): { own: number; file: NonNullable<ReturnType<FileEndWatch['watch']>> } {
    const memfd = createSealedSegment('trims-test:watch', 4096, (bytes) => bytes.fill(7));
    const own = fs.openSync(`/proc/self/fd/${memfd}`, 'r');
    closeFd(memfd);
    return { own, file: watch.watch(own)! };
  }

  it('a memfd is gone only once its last fd and mapping are, whatever else was opened, in whichever mode, on the way', async () => {
    const { own, file } = lent();
    let gone = 0;
    file.whenGone(() => gone++);
    const fd = fs.openSync(`/proc/self/fd/${own}`, 'r');
    const map = mapReadOnly(fd);
    closeFd(fd);
    // What fooled counting opens and closes: many at once (identical events merge), a write-mode one.
    const many = Array.from({ length: 16 }, () => fs.openSync(`/proc/self/fd/${own}`, 'r'));
    many.forEach(closeFd);
    fs.closeSync(fs.openSync(`/proc/self/fd/${own}`, 'r+'));
    closeFd(fs.openSync(`/proc/self/fd/${own}`, 'r'));
    closeFd(own);
    await settle();
    expect(file.gone, 'still mapped').to.equal(false);
    expect(gone).to.equal(0);
    unmap(map);
    await settle();
    expect(file.gone).to.equal(true);
    expect(gone).to.equal(1);
  });

  it('another process holding it keeps it until that process is done; a watch stopped calls nothing', async () => {
    const { own, file } = lent();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)'], {
      stdio: ['ignore', 'ignore', 'ignore', own],
    });
    closeFd(own);
    await settle();
    expect(file.gone, 'the child still has it').to.equal(false);
    await new Promise((resolve) => child.once('exit', resolve));
    await settle();
    expect(file.gone).to.equal(true);
    const other = lent();
    let called = 0;
    other.file.whenGone(() => called++);
    other.file.stop();
    closeFd(other.own);
    await settle();
    expect(called).to.equal(0);
  });
});
