import type { Server as HttpServer } from 'node:http';

/** The timeouts of {@link applyServerTimeouts}, in milliseconds. */
export interface ServerTimeouts {
  /** Longest wait for a request's headers. */
  readonly headersTimeoutMs: number;
  /** Longest wait for a whole request, body included (the bound of the slowest route: uploads). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
}

/**
 * Bounds how long any client may hold a connection of `server` without completing a request: headers must arrive
 * within `headersTimeoutMs` and the whole request within `requestTimeoutMs`, or Node answers 408 and closes the
 * connection; an idle keep-alive connection closes after `keepAliveTimeoutMs`. A request counts as complete once its
 * body has arrived, so a long response — an event stream — is not cut by these. Call it before `listen`: the check
 * interval is read when the server starts listening.
 *
 * @example
 * const server = restify.createServer();
 * applyServerTimeouts(server.server, { headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000 });
 */
export function applyServerTimeouts(server: HttpServer, timeouts: ServerTimeouts): void {
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  // Node looks for expired requests only this often (30 s by default): a timeout is enforced at most this late. The
  // property is not in Node's types, as it is otherwise set only through createServer, which restify calls for us.
  (server as HttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(25, Math.min(1_000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4)));
}
