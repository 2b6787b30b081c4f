/** What one connection, and one uid over its connections, may have in hand. */

/**
 * Replies a connection may have waiting for the kernel to take them: past
 * this the daemon stops reading it, so a client that sends and never reads
 * its replies blocks on its own socket instead of growing the daemon's
 * queues. Requests still being handled (an Open waiting for a fetch) are
 * bounded apart, and far higher: a slow one must not hold up the others.
 */
export const MAX_QUEUED_REPLIES = 16;
export const MAX_REQUESTS_IN_HAND = 1024;
/**
 * What one uid's requests in hand may weigh together, over all its
 * connections: each its frame and a kilobyte (what handling it keeps), so
 * that requests waiting on a slow origin do not grow the daemon's memory
 * with the uid's connections.
 */
export const REQUEST_BYTES_PER_UID = 32 << 20;
/** What handling a request keeps besides its frame. */
export const REQUEST_OVERHEAD = 1024;
