import type { IReply, Request } from '@trims/protocol';

import type { Session } from './session';

/** What a request handler returns: the reply body and any fds to attach. */
export interface Handled {
  reply: Omit<IReply, 'id' | 'error'>;
  fds?: number[];
  /** Of `fds`, a tier's own: a read-only copy of each is sent (see Handout), made just before; the rest are the reply's, closed once sent. */
  kept?: number[];
  /** Takes back what the reply would give (an Open's handle) when it cannot be sent. */
  undo?: () => void;
}

/** `files`: the fds that came with the request (file:// models); the connection closes them afterwards. */
export type Dispatch = (request: Request, session: Session, files: number[]) => Promise<Handled>;
