import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { LoopbackHttpServer } from './loopback-server';

/** One top-level folder of a GatedOrigin: who may read it and what its answers say about caching. */
export interface OriginArea {
  /** The request header that proves access and its valid values; none: anyone may read. */
  gate?: { header: string; valid: readonly string[] };
  /** Headers of a 200 and a 304 about caching (Cache-Control, Vary). */
  caching?: Record<string, string>;
  /** Served (200) in place of any file: a hostile origin's body. */
  body?: string;
}

export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** It carried an If-None-Match. */
  conditional: boolean;
  status: number;
}

/**
 * A loopback origin of the files under `root`, as /AREA/file: each area
 * gated by a credential of its own (401 without a valid one), ETags, and
 * 304 to a conditional request with a valid credential and the ETag;
 * /hop/file redirects (302) to `hop.to()`/`hop.area`/file. It records
 * every request, with its headers.
 */
export class GatedOrigin extends LoopbackHttpServer {
  readonly seen: SeenRequest[] = [];

  constructor(
    private readonly root: string,
    private readonly areas: Record<string, OriginArea>,
    private readonly hop?: { to: () => string; area: string },
  ) {
    super();
  }

  protected handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://x');
    const note = (status: number): void => {
      const conditional = request.headers['if-none-match'] !== undefined;
      this.seen.push({ path: url.pathname, headers: request.headers, conditional, status });
    };
    const [, name, ...rest] = url.pathname.split('/');
    if (name === 'hop' && this.hop) {
      note(302);
      const location = `${this.hop.to()}/${this.hop.area}/${rest.join('/')}`;
      response.writeHead(302, { location }).end();
      return;
    }
    const area = this.areas[name!];
    if (area?.body !== undefined) {
      note(200);
      response.writeHead(200).end(area.body);
      return;
    }
    const file = path.join(this.root, ...rest);
    if (area === undefined || !fs.existsSync(file)) {
      note(404);
      response.writeHead(404).end('not here');
      return;
    }
    const { gate, caching = {} } = area;
    if (gate !== undefined && !gate.valid.includes(String(request.headers[gate.header]))) {
      note(401);
      response.writeHead(401).end('who are you?');
      return;
    }
    const body = fs.readFileSync(file);
    const etag = `"${body.length}-${fs.statSync(file).mtimeMs}"`;
    if (request.headers['if-none-match'] === etag) {
      note(304);
      response.writeHead(304, { etag, ...caching }).end();
      return;
    }
    note(200);
    response.writeHead(200, { etag, 'content-length': body.length, ...caching }).end(body);
  }
}
