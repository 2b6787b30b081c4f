import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { LoopbackHttpServer } from './loopback-server';

/**
 * A real HTTP server on loopback serving a directory, counting requests
 * per path, with routes that misbehave on purpose.
 */
export class ModelHttpServer extends LoopbackHttpServer {
  readonly requests = new Map<string, number>();

  constructor(private readonly root: string) {
    super();
  }

  count(prefix: string): number {
    let total = 0;
    for (const [p, n] of this.requests) if (p.startsWith(prefix)) total += n;
    return total;
  }

  protected handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://x');
    this.requests.set(url.pathname, (this.requests.get(url.pathname) ?? 0) + 1);
    if (url.pathname.startsWith('/loop/')) {
      const other = url.pathname === '/loop/a' ? '/loop/b' : '/loop/a';
      response.writeHead(302, { location: other }).end();
      return;
    }
    if (url.pathname.startsWith('/hang/')) return; // no status line, no headers, ever
    if (url.pathname.startsWith('/hangup/')) {
      request.socket.destroy(); // the connection closes before any response
      return;
    }
    if (url.pathname === '/bad-location' || url.pathname === '/file-location') {
      const location = url.pathname === '/bad-location' ? 'http://[' : 'file:///etc/passwd';
      response.writeHead(302, { location }).end();
      return;
    }
    if (url.pathname.startsWith('/redirect/')) {
      response.writeHead(301, { location: url.pathname.slice('/redirect'.length) }).end();
      return;
    }
    if (url.pathname.startsWith('/auth/') && request.headers.authorization !== 'Bearer sesame') {
      response.writeHead(401).end('no');
      return;
    }
    const relative = url.pathname.replace(/^\/(auth|short|slow|endless|stall)\//, '/');
    const file = path.join(this.root, decodeURIComponent(relative));
    if (!file.startsWith(this.root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404).end('not found');
      return;
    }
    const etag = `"${fs.statSync(file).size}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag }).end(); // a conditional request for what the client has
      return;
    }
    const body = fs.readFileSync(file);
    if (url.pathname.startsWith('/slow/') && file.endsWith('.bin')) {
      // The shard in 16 pieces, 25 ms apart: an open that stays in flight for a while.
      response.writeHead(200, { 'content-length': body.length });
      const piece = Math.ceil(body.length / 16);
      let at = 0;
      const timer = setInterval(() => {
        if (response.destroyed || at >= body.length) {
          clearInterval(timer);
          response.end();
          return;
        }
        response.write(body.subarray(at, (at += piece)));
      }, 25);
      return;
    }
    if (url.pathname.startsWith('/endless/') && file.endsWith('.bin')) {
      // No length, and bytes for as long as anyone reads: only a limit stops it.
      response.writeHead(200);
      const chunk = Buffer.alloc(1 << 20, 7);
      const more = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', more);
      };
      more();
      return;
    }
    if (url.pathname.startsWith('/stall/') && file.endsWith('.bin')) {
      // Headers and a first piece, then silence with the connection open.
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 1024));
      return;
    }
    if (url.pathname.startsWith('/short/') && file.endsWith('.bin')) {
      // Declares the whole length, sends half, hangs up: a truncated shard.
      response.writeHead(200, { 'content-length': body.length });
      // Once written: destroyed at once, the corked headers would never leave.
      response.write(body.subarray(0, body.length >> 1), () => response.socket?.destroy());
      return;
    }
    response.writeHead(200, { 'content-length': body.length, etag }).end(body);
  }
}
