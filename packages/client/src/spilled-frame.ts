import { closeFd, mapReadOnly, seals, unmap } from '@trims/native-cuda';
import { announcesSpill, ErrorCode, TrimsError } from '@trims/protocol';

/** The frame a message carries, reading a spilled one from its memfd (which it closes); the other fds. */
export function unspill(data: Buffer, fds: number[]): { frame: Buffer; fds: number[] } {
  if (!announcesSpill(data, fds)) return { frame: data, fds };
  const [memfd, ...rest] = fds as [number, ...number[]];
  try {
    if (!seals(memfd).write)
      throw new TrimsError(ErrorCode.BAD_REQUEST, 'a spilled reply came in an unsealed memfd', {
        tier: 'protocol',
      });
    const map = mapReadOnly(memfd);
    try {
      return { frame: Buffer.from(new Uint8Array(map)), fds: rest };
    } finally {
      unmap(map);
    }
  } finally {
    closeFd(memfd);
  }
}
