/** What a SeqPacketChannel carries, reports and is made with. */

export interface Message {
  data: Buffer;
  /** Descriptors that came with the message; the receiver owns (and closes) them. */
  fds: number[];
}

export interface PeerCredentials {
  pid: number;
  uid: number;
  gid: number;
}

export interface ChannelOptions {
  /** Messages above this size are refused (their fds closed). Default 1 MiB. */
  maxMessageBytes?: number;
  /**
   * A peer that shuts down only its sending side (shutdown(SHUT_WR)) still
   * reads: 'end', and the channel stays open for sends until close().
   * Otherwise its end of file closes the channel, as a hang-up does.
   */
  halfOpen?: boolean;
}

export interface SeqPacketChannelEvents {
  message: [Message];
  /** A message that could not be taken (too large, fds lost); the channel stays open. */
  error: [Error];
  /** The time given to wakeIn has passed. */
  wake: [];
  /** halfOpen: the peer will send nothing more, and still reads. */
  end: [];
  close: [];
  /** After 'close': the socket itself is gone, the peer having read (or dropped) every message sent. */
  released: [];
}
