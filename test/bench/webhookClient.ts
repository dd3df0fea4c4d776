import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** How one webhook POST went. */
export interface AckResult {
  /** HTTP status, or 0 when no answer came (connection error or time-out). */
  readonly status: number;
  /** From starting the request to the last byte of the answer, in ms. */
  readonly ackMs: number;
  /** Why no answer came (status 0), e.g. `ECONNRESET`. */
  readonly error?: string;
}

const REQUEST_TIMEOUT_MS = 5_000;
/**
 * Idle connections are closed before node's servers drop them (5 s keep-alive by default), so a
 * request never races the server closing its connection (an ECONNRESET that is the client's fault).
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/**
 * Posts signed webhook callbacks to one URL over keep-alive loopback connections, as LINE's
 * delivery servers do. Uses `node:http` directly: its per-request cost is lower than `fetch`'s,
 * which matters when the load generator shares two cores with the server and the fake LINE API.
 *
 * @example
 * const client = new WebhookClient(`${url}/api/line/default`, 256);
 * const { status, ackMs } = await client.post(raw, signature);
 * client.close();
 */
export class WebhookClient {
  private readonly target: URL;
  private readonly agent: Agent;

  /** @param maxSockets bound on concurrent connections; further requests wait in the agent (and that wait counts). */
  constructor(url: string, maxSockets: number) {
    this.target = new URL(url);
    if (this.target.hostname !== '127.0.0.1') throw new Error(`the benchmark only talks to loopback, not ${this.target.hostname}`);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: IDLE_SOCKET_TIMEOUT_MS });
  }

  /** Sends one callback; never rejects (a failure is a result with status 0). */
  post(raw: Buffer, signature: string, startedAt: number = performance.now()): Promise<AckResult> {
    return new Promise<AckResult>((resolve) => {
      let settled = false;
      const settle = (status: number, error?: unknown): void => {
        if (settled) return;
        settled = true;
        const ackMs = performance.now() - startedAt;
        resolve(error === undefined ? { status, ackMs } : { status, ackMs, error: describe(error) });
      };
      const req = request(
        {
          agent: this.agent,
          host: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': raw.length, 'x-line-signature': signature },
        },
        (res) => {
          res.on('end', () => settle(res.statusCode ?? 0));
          res.on('error', (error) => settle(0, error));
          res.resume();
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('webhook request timed out')));
      req.on('error', (error) => settle(0, error));
      req.end(raw);
    });
  }

  /** Closes every connection. */
  close(): void {
    this.agent.destroy();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  return String(error);
}
