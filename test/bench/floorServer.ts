import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type StartedHttpServer } from './startHttpServer';

/** Where the floor server listens and which channel secret it checks signatures with. */
export interface FloorServerOptions {
  readonly channelSecret: string;
  readonly host: string;
  readonly port: number;
}

/** A started floor server. */
export type FloorServer = StartedHttpServer;

/**
 * The benchmark's floor: the least a correct LINE webhook endpoint must do to acknowledge an event — read the raw
 * body, check `x-line-signature` (HMAC-SHA256 of the body with the channel secret, compared in constant time), parse
 * the JSON and answer `200 {}`. It does nothing with the events (no reply to LINE), so its figures show what this
 * machine and Node can do for an acknowledgement alone.
 *
 * It answers on any `POST` path, so the benchmark can post to `/api/line/default` as on the other servers.
 *
 * @example
 * const floor = await startFloorServer({ channelSecret, host: '127.0.0.1', port: 0 });
 * // POST signed callbacks to `${floor.url}/api/line/default`
 * await floor.close();
 */
export async function startFloorServer(options: FloorServerOptions): Promise<FloorServer> {
  const secret = Buffer.from(options.channelSecret, 'utf8');

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = req.headers['x-line-signature'];
      const given = Buffer.from(typeof header === 'string' ? header : '', 'base64');
      const expected = createHmac('sha256', secret).update(body).digest();
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad signature"}');
        return;
      }
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"bad JSON"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  };

  return startHttpServer(handle, options.host, options.port);
}
