import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A bench server listening with `node:http`. */
export interface StartedHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens with `handle` on `host:port` (port 0: any free one) and resolves once listening, with the URL and a `close`
 * that also drops idle keep-alive connections; the floor and plain echo servers of the benchmark are started this way.
 *
 * @example const server = await startHttpServer((req, res) => res.end('{}'), '127.0.0.1', 0);
 */
export async function startHttpServer(handle: (req: IncomingMessage, res: ServerResponse) => void, host: string, port: number): Promise<StartedHttpServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
