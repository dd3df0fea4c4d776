import { Agent, request } from 'node:http';

/** How one API call went: the HTTP status, or 0 and why when no answer came. */
export interface ApiCallResult {
  readonly status: number;
  readonly error?: string;
}

const REQUEST_TIMEOUT_MS = 5_000;
/** Closed before node's servers drop idle connections (5 s), so a request never races the server closing one. */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/**
 * Calls the agent API as an agent's screen does, over keep-alive loopback connections. Uses `node:http` like the
 * webhook client, so both directions of the relay pay the same client cost and the comparison stays fair.
 *
 * @example
 * const client = new AgentApiClient(server.url, 64);
 * const { status } = await client.post(`/api/agent/conversations/${id}/messages`, agent.token, { text: 'hello' });
 * client.close();
 */
export class AgentApiClient {
  private readonly base: URL;
  private readonly agent: Agent;

  /** @param maxSockets bound on concurrent connections; further requests wait in the agent (and that wait counts). */
  constructor(baseUrl: string, maxSockets: number) {
    this.base = new URL(baseUrl);
    if (this.base.hostname !== '127.0.0.1') throw new Error(`the benchmark only talks to loopback, not ${this.base.hostname}`);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: IDLE_SOCKET_TIMEOUT_MS });
  }

  /** POSTs `body` as JSON with the agent's bearer token; never rejects (a failure is a result with status 0). */
  post(path: string, token: string, body: unknown): Promise<ApiCallResult> {
    const raw = Buffer.from(JSON.stringify(body));
    return new Promise<ApiCallResult>((resolve) => {
      let settled = false;
      const settle = (result: ApiCallResult): void => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const req = request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': raw.length, authorization: `Bearer ${token}` },
        },
        (res) => {
          res.on('end', () => settle({ status: res.statusCode ?? 0 }));
          res.on('error', (error) => settle({ status: 0, error: error.message }));
          res.resume();
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('API request timed out')));
      req.on('error', (error) => settle({ status: 0, error: 'code' in error && typeof error.code === 'string' ? error.code : error.message }));
      req.end(raw);
    });
  }

  /** Closes every connection. */
  close(): void {
    this.agent.destroy();
  }
}
