import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 (a free port); subclasses answer the requests. */
export abstract class LoopbackHttpServer {
  private server!: http.Server;
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(relative: string): string {
    return `http://127.0.0.1:${this.port}/${relative}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  protected abstract handle(request: http.IncomingMessage, response: http.ServerResponse): void;
}
